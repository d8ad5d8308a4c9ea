//! Nothing lost under concurrency and faults, nothing injected: locked read-modify-write,
//! sanitised text in every output, bounded inputs, honest partial failures, read-only
//! folders, signals, kills and file modes.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use serde_json::Value;
use tpm_ready::report::{Format, Html, Markdown, Report};

use crate::common::{all_output, files_with, fixture, quiz_small, tpm};

fn json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A scored report of the small bank under `out`, with Markdown and HTML beside it.
fn one_report(out: &Path) -> PathBuf {
    quiz_small(out)
        .args(["--format", "md", "--format", "html"])
        .assert()
        .success();
    files_with(out, "json").remove(0)
}

/// The documents a report's JSON regenerates to, as `review` writes them.
fn rendered(path: &Path) -> (String, String) {
    let report: Report = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let stem = path.file_stem().unwrap().to_string_lossy();
    let markdown = Markdown {
        chart_file: Some(format!("{stem}.svg")),
        ..Markdown::default()
    };
    (markdown.render(&report), Html::default().render(&report))
}

#[test]
fn two_mentors_at_once_lose_no_note_and_documents_match_the_json() {
    let tmp = tempfile::tempdir().unwrap();
    let report = one_report(tmp.path());
    const ROUNDS: usize = 12;
    let writers: Vec<_> = ["ann", "bob"]
        .into_iter()
        .map(|mentor| {
            let report = report.clone();
            std::thread::spawn(move || {
                let mut said = Vec::new();
                for round in 0..ROUNDS {
                    let out = tpm()
                        .arg("review")
                        .arg(&report)
                        .args(["--mentor", mentor, "--note"])
                        .arg(format!("{mentor} note {round}"))
                        .output()
                        .unwrap();
                    assert!(out.status.success(), "{out:?}");
                    said.push(String::from_utf8(out.stdout).unwrap());
                }
                said
            })
        })
        .collect();
    let mut numbers: Vec<String> = Vec::new();
    for writer in writers {
        for out in writer.join().unwrap() {
            numbers.push(out.lines().next().unwrap().to_string());
        }
    }
    let v = json(&report);
    let notes: Vec<&str> = v["mentor_notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["text"].as_str().unwrap())
        .collect();
    assert_eq!(notes.len(), 2 * ROUNDS, "every note kept: {notes:?}");
    for mentor in ["ann", "bob"] {
        for round in 0..ROUNDS {
            let text = format!("{mentor} note {round}");
            assert!(notes.contains(&text.as_str()), "{text} lost");
        }
    }
    numbers.sort();
    numbers.dedup();
    assert_eq!(
        numbers.len(),
        2 * ROUNDS,
        "each writer was told its own number"
    );
    let (markdown, html) = rendered(&report);
    assert_eq!(
        std::fs::read_to_string(report.with_extension("md")).unwrap(),
        markdown
    );
    assert_eq!(
        std::fs::read_to_string(report.with_extension("html")).unwrap(),
        html
    );
}

#[test]
fn review_succeeds_when_the_json_is_saved_and_warns_about_a_document() {
    let tmp = tempfile::tempdir().unwrap();
    let report = one_report(tmp.path());
    // The HTML cannot be replaced: a folder stands in its place.
    let html = report.with_extension("html");
    std::fs::remove_file(&html).unwrap();
    std::fs::create_dir(&html).unwrap();
    std::fs::write(html.join("keep"), "x").unwrap();
    let out = tpm()
        .arg("review")
        .arg(&report)
        .args(["--mentor", "Ann", "--note", "kept once"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("warning: the change is saved") && stderr.contains(".html"),
        "{stderr}"
    );
    assert_eq!(json(&report)["mentor_notes"].as_array().unwrap().len(), 1);
    assert_eq!(
        std::fs::read_to_string(report.with_extension("md")).unwrap(),
        rendered(&report).0
    );
}

#[test]
fn review_keeps_the_report_mode() {
    let tmp = tempfile::tempdir().unwrap();
    let report = one_report(tmp.path());
    for path in [report.clone(), report.with_extension("md")] {
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    tpm()
        .arg("review")
        .arg(&report)
        .args(["--mentor", "Ann", "--note", "mode"])
        .assert()
        .success();
    for path in [report.clone(), report.with_extension("md")] {
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o644, "{}", path.display());
    }
}

#[test]
fn new_reports_follow_the_umask() {
    let tmp = tempfile::tempdir().unwrap();
    // sh sets the umask for the binary it starts.
    let bin = assert_cmd::cargo::cargo_bin("tpm-ready");
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "umask 022 && exec '{}' quiz --bank '{}' --answers '{}' --out '{}'",
            bin.display(),
            fixture("banks/small.json").display(),
            fixture("answers/small-general.json").display(),
            tmp.path().display()
        ))
        .env("TPM_READY_NOW", crate::common::NOW)
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    for path in files_with(tmp.path(), "json")
        .into_iter()
        .chain(files_with(tmp.path(), "svg"))
    {
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o644, "{}", path.display());
    }
}

/// Text a hostile candidate or mentor might give: terminal escapes, raw HTML, a
/// `javascript:` link, a remote image.
const PAYLOAD: &str = "Eve\u{1b}[2J\u{9b}31m <script>alert(1)</script> [click](javascript:alert(1)) ![x](http://evil.example/p.png)";

fn no_escapes(what: &str, text: &str) {
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{9b}') && !text.contains('\u{7}'),
        "{what} carries a control character: {text:?}"
    );
}

/// Renders Markdown as a viewer would and checks the payload stayed text.
fn inert_markdown(what: &str, markdown: &str) {
    no_escapes(what, markdown);
    use pulldown_cmark::{Event, Tag};
    for event in pulldown_cmark::Parser::new_ext(markdown, pulldown_cmark::Options::all()) {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => panic!("{what} renders raw HTML {h}"),
            Event::Start(Tag::Image { dest_url, .. })
                if !dest_url.ends_with(".svg") || dest_url.contains(':') =>
            {
                panic!("{what} renders an image {dest_url}")
            }
            Event::Start(Tag::Link { dest_url, .. })
                if !dest_url.ends_with(".svg") || dest_url.contains(':') =>
            {
                panic!("{what} renders a link to {dest_url}")
            }
            _ => {}
        }
    }
}

#[test]
fn hostile_text_reaches_no_terminal_markdown_or_svg_as_markup() {
    let tmp = tempfile::tempdir().unwrap();
    // Through the quiz: a name with escapes is cleaned on input.
    let out = quiz_small(tmp.path())
        .args(["--format", "md", "--name", PAYLOAD])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    no_escapes("quiz summary", &String::from_utf8_lossy(&out.stdout));
    let report = files_with(tmp.path(), "json").remove(0);
    inert_markdown(
        "report.md",
        &std::fs::read_to_string(report.with_extension("md")).unwrap(),
    );
    let svg = std::fs::read_to_string(report.with_extension("svg")).unwrap();
    no_escapes("report.svg", &svg);
    roxmltree::Document::parse(&svg).expect("the SVG stays well-formed XML");
    // Through a hand-edited report (escapes written as JSON \u escapes) and a note.
    let mut v = json(&report);
    v["candidate"] = PAYLOAD.into();
    v["skills"][0]["name"] = format!("{PAYLOAD}{}", "w".repeat(70_000)).into();
    std::fs::write(&report, v.to_string()).unwrap();
    let out = tpm()
        .arg("review")
        .arg(&report)
        .args(["--mentor", PAYLOAD, "--note"])
        .arg(format!("line one\n{PAYLOAD}"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    inert_markdown(
        "regenerated .md",
        &std::fs::read_to_string(report.with_extension("md")).unwrap(),
    );
    for args in [
        vec!["review".to_string(), report.display().to_string()],
        vec![
            "progress".into(),
            "--dir".into(),
            tmp.path().display().to_string(),
        ],
        vec!["cohort".into(), tmp.path().display().to_string()],
    ] {
        let out = tpm().args(&args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
        no_escapes(&args[0], &String::from_utf8_lossy(&out.stdout));
        no_escapes(&args[0], &String::from_utf8_lossy(&out.stderr));
    }
    let folder = report.parent().unwrap();
    inert_markdown(
        "progress.md",
        &std::fs::read_to_string(folder.join("progress.md")).unwrap(),
    );
    inert_markdown(
        "cohort.md",
        &std::fs::read_to_string(tmp.path().join("cohort.md")).unwrap(),
    );
    roxmltree::Document::parse(&std::fs::read_to_string(folder.join("progress.svg")).unwrap())
        .expect("progress.svg stays well-formed XML");
}

#[test]
fn a_65536_character_name_crashes_no_table() {
    let tmp = tempfile::tempdir().unwrap();
    let report = one_report(tmp.path());
    let mut v = json(&report);
    v["candidate"] = "n".repeat(65_536).into();
    v["groups"][0]["name"] = "g".repeat(65_536).into();
    v["skills"][0]["name"] = "s".repeat(65_536).into();
    std::fs::write(&report, v.to_string()).unwrap();
    for args in [
        vec!["review".to_string(), report.display().to_string()],
        vec![
            "progress".into(),
            "--dir".into(),
            tmp.path().display().to_string(),
        ],
        vec!["cohort".into(), tmp.path().display().to_string()],
    ] {
        let out = tpm().args(&args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn inputs_are_bounded_and_non_files_refused() {
    let tmp = tempfile::tempdir().unwrap();
    // A device and a FIFO: refused at once, never read or waited on.
    let fifo = tmp.path().join("fifo.json");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    for (input, kind) in [
        ("/dev/zero", "a device"),
        (fifo.to_str().unwrap(), "a FIFO"),
    ] {
        for flag in ["--answers", "--bank"] {
            let mut cmd = tpm();
            cmd.arg("quiz").arg(flag).arg(input);
            if flag == "--bank" {
                cmd.arg("--answers")
                    .arg(fixture("answers/small-general.json"));
            }
            let out = cmd
                .timeout(std::time::Duration::from_secs(20))
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{flag} {input}: {stderr}");
            assert!(stderr.contains(kind) && stderr.contains(input), "{stderr}");
        }
    }
    // Answers over 16 MiB.
    let big = tmp.path().join("big.json");
    std::fs::write(
        &big,
        format!("{{\"x\": \"{}\"}}", "a".repeat(17 * 1024 * 1024)),
    )
    .unwrap();
    let out = quiz_small_with_answers(tmp.path(), &big);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("16 MiB limit for an answers file"));
    // A note on stdin over 64 KiB, and an endless one: refused, the report unchanged.
    let report = one_report(&tmp.path().join("out"));
    let before = std::fs::read(&report).unwrap();
    for stdin in [vec![b'n'; 70 * 1024], vec![b'z'; 8 * 1024 * 1024]] {
        let out = tpm()
            .arg("review")
            .arg(&report)
            .args(["--mentor", "Ann", "--note", "-"])
            .write_stdin(stdin)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&out.stderr).contains("64 KiB limit for a mentor note"));
    }
    let long = "l".repeat(70 * 1024);
    let out = tpm()
        .arg("review")
        .arg(&report)
        .args(["--mentor", "Ann", "--note", &long])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read(&report).unwrap(), before);
    // A bank folder over 256 MiB in total (sparse files: nothing is written to disk).
    let bank = tmp.path().join("bank");
    std::fs::create_dir(&bank).unwrap();
    for i in 0..3 {
        let f = std::fs::File::create(bank.join(format!("part-{i}.json"))).unwrap();
        f.set_len(100 * 1024 * 1024).unwrap();
    }
    let out = tpm().arg("validate").arg(&bank).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("256 MiB limit for a bank folder")
            || String::from_utf8_lossy(&out.stderr).contains("256 MiB limit for a bank folder")
    );
}

fn quiz_small_with_answers(out: &Path, answers: &Path) -> std::process::Output {
    tpm()
        .args(["quiz", "--bank"])
        .arg(fixture("banks/small.json"))
        .arg("--answers")
        .arg(answers)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

#[test]
fn an_evidence_note_may_have_8_kib_and_not_one_byte_more() {
    // 8 KiB = 8 * 1024 = 8192 bytes, counted after trimming.
    let tmp = tempfile::tempdir().unwrap();
    let mut answers: Value = serde_json::from_str(
        &std::fs::read_to_string(fixture("answers/small-general.json")).unwrap(),
    )
    .unwrap();
    for (bytes, accepted) in [(8192, true), (8193, false)] {
        answers["evidence"]["talk-1"] = Value::from(format!("  {}  ", "e".repeat(bytes)));
        let file = tmp.path().join(format!("note-{bytes}.json"));
        std::fs::write(&file, answers.to_string()).unwrap();
        let out = quiz_small_with_answers(&tmp.path().join(format!("out-{bytes}")), &file);
        let stderr = String::from_utf8_lossy(&out.stderr);
        if accepted {
            assert!(out.status.success(), "{bytes} bytes: {stderr}");
        } else {
            assert_eq!(out.status.code(), Some(2), "{bytes} bytes: {stderr}");
            assert!(
                stderr.contains("the evidence note has 8193 bytes; at most 8 KiB"),
                "{stderr}"
            );
        }
    }
}

#[test]
fn a_bank_file_may_have_128_mib_and_not_one_byte_more() {
    // 128 MiB = 128 * 1024 * 1024 = 134_217_728 bytes. Sparse files: nothing is written
    // to disk. The file at the limit is read (and fails as JSON); one byte more is refused
    // by its size before reading.
    let tmp = tempfile::tempdir().unwrap();
    for (bytes, refused) in [(134_217_728_u64, false), (134_217_729, true)] {
        let bank = tmp.path().join(format!("bank-{bytes}.json"));
        std::fs::File::create(&bank)
            .unwrap()
            .set_len(bytes)
            .unwrap();
        let out = tpm().arg("validate").arg(&bank).output().unwrap();
        let text = all_output(&out);
        assert_ne!(out.status.code(), Some(0), "{bytes} bytes: {text}");
        let size_refusal =
            format!("file is {bytes} bytes, larger than the 134217728 bytes a bank file may have");
        assert_eq!(
            text.contains(&size_refusal),
            refused,
            "{bytes} bytes: {text}"
        );
    }
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let tmp = tempfile::tempdir().unwrap();
    let answers = tmp.path().join("bom.json");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(std::fs::read(fixture("answers/small-general.json")).unwrap());
    std::fs::write(&answers, bytes).unwrap();
    let out = quiz_small_with_answers(&tmp.path().join("out"), &answers);
    assert!(out.status.success(), "{out:?}");
}

#[test]
fn readers_on_a_folder_they_cannot_write_print_first_then_warn() {
    let tmp = tempfile::tempdir().unwrap();
    let report = one_report(tmp.path());
    let folder = report.parent().unwrap();
    // Non-empty folders where the files would go: no rename can replace them (this
    // works as root too, where permission bits do not stop a write).
    for name in [
        folder.join("progress.md"),
        folder.join("progress.svg"),
        tmp.path().join("cohort.md"),
    ] {
        std::fs::create_dir(&name).unwrap();
        std::fs::write(name.join("keep"), "x").unwrap();
    }
    let progress = tpm()
        .arg("progress")
        .arg("--dir")
        .arg(tmp.path())
        .output()
        .unwrap();
    assert!(progress.status.success(), "{progress:?}");
    assert!(
        String::from_utf8_lossy(&progress.stdout).contains("Readiness"),
        "{progress:?}"
    );
    assert!(String::from_utf8_lossy(&progress.stderr)
        .contains("warning: progress.md and progress.svg were not written"));
    let cohort = tpm().arg("cohort").arg(tmp.path()).output().unwrap();
    assert!(cohort.status.success(), "{cohort:?}");
    assert!(String::from_utf8_lossy(&cohort.stdout).contains("Cohort of 1 candidate ("));
    assert!(String::from_utf8_lossy(&cohort.stderr).contains("warning: cohort.md was not written"));
    for args in [
        vec!["progress", "--json", "--dir"],
        vec!["cohort", "--json"],
    ] {
        let out = tpm().args(&args).arg(tmp.path()).output().unwrap();
        assert!(out.status.success(), "{out:?}");
        let _: Value = serde_json::from_slice(&out.stdout).expect("only JSON on stdout");
        assert!(
            out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn two_failed_runs_in_one_second_keep_both_answer_files_and_the_advice_works() {
    let tmp = tempfile::tempdir().unwrap();
    let temp = tmp.path().join("tmp");
    std::fs::create_dir(&temp).unwrap();
    // --out cannot be created: a file stands where its parent folder should be.
    std::fs::write(tmp.path().join("blocked"), "a file").unwrap();
    let out_dir = tmp.path().join("blocked/reports");
    let mut advice = Vec::new();
    for (name, answers) in [
        ("Ann", "answers/small-general.json"),
        ("Ann", "answers/small-general.json"),
    ] {
        let out = tpm()
            .args(["quiz", "--name", name, "--bank"])
            .arg(fixture("banks/small.json"))
            .arg("--answers")
            .arg(fixture(answers))
            .arg("--out")
            .arg(&out_dir)
            .env("TMPDIR", &temp)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains("your answers are safe in"), "{stderr}");
        assert!(
            !stderr.contains(".tpm-ready-"),
            "no temp path named: {stderr}"
        );
        let command = stderr.split('`').nth(1).unwrap().to_string();
        advice.push(command);
    }
    let saved = files_with(&temp, "json");
    assert_eq!(saved.len(), 2, "both answer files kept: {saved:?}");
    // The advice, run as printed once the folder can be made, scores each run.
    std::fs::remove_file(tmp.path().join("blocked")).unwrap();
    for command in advice {
        let status = std::process::Command::new("sh")
            .arg("-c")
            .arg(
                command.replacen(
                    "tpm-ready",
                    &assert_cmd::cargo::cargo_bin("tpm-ready")
                        .display()
                        .to_string(),
                    1,
                ),
            )
            .env("TPM_READY_NOW", crate::common::NOW)
            .output()
            .unwrap();
        assert!(status.status.success(), "{status:?}");
    }
    assert_eq!(files_with(&out_dir, "json").len(), 2);
}

#[test]
fn killed_writers_leave_every_report_readable_or_skipped_with_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("reports");
    let report = one_report(&out);
    let bin = assert_cmd::cargo::cargo_bin("tpm-ready");
    let mut rng = 0x2545_f491_4f6c_dd1d_u64;
    for round in 0..24u64 {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let mut child = if round % 2 == 0 {
            std::process::Command::new(&bin)
                .args(["quiz", "--format", "md", "--format", "html", "--bank"])
                .arg(fixture("banks/small.json"))
                .arg("--answers")
                .arg(fixture("answers/small-general.json"))
                .arg("--out")
                .arg(&out)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap()
        } else {
            std::process::Command::new(&bin)
                .arg("review")
                .arg(&report)
                .args(["--mentor", "Kim", "--note", &format!("note {round}")])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap()
        };
        std::thread::sleep(std::time::Duration::from_micros(rng % 15_000));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
    }
    for json_file in files_with(&out, "json") {
        let v = json(&json_file);
        assert_eq!(v["tool"]["name"], "tpm-ready", "{}", json_file.display());
    }
    for args in [vec!["progress", "--dir"], vec!["cohort"]] {
        let out_put = tpm().args(&args).arg(&out).output().unwrap();
        assert!(out_put.status.success(), "{args:?}: {out_put:?}");
        let stderr = String::from_utf8_lossy(&out_put.stderr);
        for line in stderr.lines() {
            assert!(line.starts_with("warning: skipping"), "{line}");
        }
    }
}
