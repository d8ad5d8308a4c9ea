#!/usr/bin/env bash
# Mutation testing with cargo-mutants on chosen source files (default: the engine).
#
#   scripts/mutants.sh                      # the engine files below (about 1,630 mutants)
#   scripts/mutants.sh src/store.rs ...     # just these files
#
# MUTANTS_TESTS picks the tests each mutant meets:
#   suite (default)  unit tests and the integration tests, less the slow ones that wait
#                    on a terminal or a browser (pty prompts, interruptions, the Chromium
#                    print, the 1000-run verdict study). A mutant that breaks a pty test
#                    costs its 20 s expect timeout per test, so those are left to `all`.
#   unit             unit tests only (fastest; a floor on what the suite catches)
#   all              every test
# MUTANTS_OUT=DIR puts results under DIR (default .: mutants.out/, git-ignored):
# caught.txt, missed.txt, unviable.txt, timeout.txt, outcomes.json.
# MUTANTS_JOBS sets parallel builds (default 2). Any further cargo-mutants options go
# after `--`, e.g. `scripts/mutants.sh src/scoring.rs -- --iterate` or `-- --shard 1/4`.
#
# Config (exclusions with reasons) is in .cargo/mutants.toml. Builds use the `mutants`
# profile (no debug info) and the mold linker when it is installed: together they bring
# a mutant (build and suite, two at a time on two cores) from about 36 s to 7-8 s.
# Install the tool once with `cargo install cargo-mutants --locked`. Not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."

files=()
extra=()
while [ "$#" -gt 0 ]; do
    case "$1" in
        --) shift; extra=("$@"); break ;;
        *)
            [ -f "$1" ] || { echo "scripts/mutants.sh: no such file: $1" >&2; exit 2; }
            files+=(--file "$1"); shift ;;
    esac
done
if [ "${#files[@]}" -eq 0 ]; then
    for f in \
        src/bank/mod.rs src/bank/model.rs src/bank/validate.rs src/session.rs \
        src/answers.rs src/scoring.rs src/rubric.rs src/quality.rs src/form.rs \
        src/report/model.rs src/report/assemble.rs \
        src/progress/mod.rs src/progress/ratings.rs src/progress/marks.rs \
        src/cohort.rs src/history.rs src/resume.rs src/store.rs src/question/*.rs; do
        files+=(--file "$f")
    done
fi

case "${MUTANTS_TESTS:-suite}" in
    suite)
        tests=(--cargo-arg=--lib --cargo-arg=--test=integration -- --
            --skip interactive --skip interruptions --skip prompts --skip cbm_interactive
            --skip browser_renders --skip verdict_gates) ;;
    unit) tests=(--cargo-arg=--lib) ;;
    all) tests=() ;;
    *) echo "scripts/mutants.sh: MUTANTS_TESTS is suite, unit or all" >&2; exit 2 ;;
esac

if command -v mold >/dev/null; then
    export RUSTFLAGS="${RUSTFLAGS:-} -C link-arg=-fuse-ld=mold"
fi

exec cargo mutants --jobs "${MUTANTS_JOBS:-2}" --output "${MUTANTS_OUT:-.}" \
    --profile mutants --cargo-arg=--locked "${files[@]}" "${extra[@]}" "${tests[@]}"
