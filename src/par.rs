//! Reading many reports on every core, results handed on in input order, with at most
//! a fixed number of parsed results waiting at any time (memory stays bounded).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex};

/// How many results may be ahead of the one the consumer waits for.
const WINDOW: usize = 64;

/// Calls `f` on every input, on up to 4 threads, and `sink` on the results in input
/// order. Stops at the first error of `sink` and returns it.
pub fn map_ordered<T: Sync, R: Send, E>(
    inputs: &[T],
    f: impl Fn(&T) -> R + Sync,
    mut sink: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(4);
    if threads < 2 || inputs.len() < 2 {
        for input in inputs {
            sink(f(input))?;
        }
        return Ok(());
    }
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    // How many results the consumer has taken, so workers stay within the window.
    let taken = (Mutex::new(0usize), Condvar::new());
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::channel::<(usize, R)>();
        for _ in 0..threads {
            let tx = tx.clone();
            let (next, stop, taken, f) = (&next, &stop, &taken, &f);
            scope.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= inputs.len() || stop.load(Ordering::Relaxed) {
                    break;
                }
                {
                    let (lock, ready) = taken;
                    let mut done = lock
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                    while i >= *done + WINDOW && !stop.load(Ordering::Relaxed) {
                        done = ready
                            .wait(done)
                            .unwrap_or_else(std::sync::PoisonError::into_inner);
                    }
                }
                if tx.send((i, f(&inputs[i]))).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let mut pending = BTreeMap::new();
        let mut want = 0;
        let mut result = Ok(());
        for (i, r) in &rx {
            pending.insert(i, r);
            while let Some(r) = pending.remove(&want) {
                want += 1;
                if result.is_ok() {
                    result = sink(r);
                    if result.is_err() {
                        stop.store(true, Ordering::Relaxed);
                    }
                }
                let (lock, ready) = &taken;
                *lock
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner) = want;
                ready.notify_all();
            }
            if result.is_err() {
                break;
            }
        }
        stop.store(true, Ordering::Relaxed);
        taken.1.notify_all();
        result
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_input_order_and_errors_stop() {
        let inputs: Vec<usize> = (0..1000).collect();
        let mut seen = Vec::new();
        map_ordered(
            &inputs,
            |x| x * 2,
            |r| {
                seen.push(r);
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        assert_eq!(seen, inputs.iter().map(|x| x * 2).collect::<Vec<_>>());
        let mut count = 0;
        let stopped = map_ordered(
            &inputs,
            |x| *x,
            |r| {
                count += 1;
                if r == 10 {
                    Err(r)
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(stopped, Err(10));
        assert_eq!(count, 11);
    }
}
