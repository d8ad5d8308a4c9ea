#!/usr/bin/env bash
# Mutation testing with cargo-mutants on chosen source files (default: the engine).
#
#   scripts/mutants.sh                      # the engine files below
#   scripts/mutants.sh src/store.rs ...     # just these files
#
# Config (exclusions with reasons) is in .cargo/mutants.toml. Results go to mutants.out/
# (git-ignored; MUTANTS_OUT=DIR puts it under DIR): caught.txt, missed.txt, unviable.txt, timeout.txt, outcomes.json.
# Install the tool once with `cargo install cargo-mutants --locked`. It is slow (about
# nine seconds a mutant on two cores), so it is not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$#" -eq 0 ]; then
    set -- \
        src/bank/mod.rs src/bank/model.rs src/bank/validate.rs \
        src/session.rs src/answers.rs src/scoring.rs src/rubric.rs src/quality.rs \
        src/progress/mod.rs src/cohort.rs src/history.rs src/resume.rs src/store.rs \
        src/report/mod.rs
fi

files=()
for f in "$@"; do
    [ -f "$f" ] || { echo "scripts/mutants.sh: no such file: $f" >&2; exit 2; }
    files+=(--file "$f")
done

# Two cores: two mutants at once (MUTANTS_JOBS=1 for one, leaving a core free).
exec cargo mutants --jobs "${MUTANTS_JOBS:-2}" --output "${MUTANTS_OUT:-.}" \
    --cargo-arg=--locked "${files[@]}"
