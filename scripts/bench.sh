#!/usr/bin/env bash
# scripts/bench.sh: whole-process speed and peak memory of the release binary, each
# command measured beside a floor (plain `cat` of the same input files, or `true`) in the
# same hyperfine invocation, so the ratio holds even on a noisy machine.
#
#   scripts/bench.sh          # under a minute on 2 cores, plus the release build
#
# Steps:
#   1. builds target/release/tpm-ready and the gen_data example (cargo build --release);
#   2. installs hyperfine with `apt-get install -y hyperfine` when it is missing; if that
#      fails, falls back to a timed loop (wall clock per run from bash's EPOCHREALTIME,
#      peak memory from /usr/bin/time -v), less precise;
#   3. generates inputs into a temp dir with the gen_data example (nothing generated is
#      committed): a complete answers file for the built-in bank, 100 / 1,000 / 10,000
#      reports of one candidate, a cohort of 200 candidates x 5 reports, and banks of
#      1,000 / 10,000 / 100,000 questions;
#   4. measures, each pair in one hyperfine run:
#        quiz --answers FILE --out TMP                        vs  cat BANKFILES ANSWERS
#          (a repeat run, a first run, and a repeat run on tmpfs; see below)
#        --help                                               vs  true (process start-up)
#        progress NAME --dir DIR (100, 1,000, 10,000 reports) vs  cat of those reports
#        cohort DIR (200 candidates x 5 reports)              vs  cat of each newest report
#        stats DIR --all-runs, export DIR --format csv and
#          export DIR --items (10,000 reports)                vs  cat of those reports
#        validate BANK (1,000, 10,000, 100,000 questions)     vs  cat BANK
#      and the peak memory (max RSS) of every command with /usr/bin/time -v (target:
#      progress over 10,000 reports under 40 MB, 39,062 KiB);
#   5. prints a summary: medians, ratio to the floor, per-step growth of the scaling
#      series (10x the input should cost at most 11x the time) and the targets.
#
# Two things would skew the quiz figure; the script guards against both:
#   - Hyperfine runs the quiz hundreds of times a second, a user at most once. A report
#     in an already used second probes stem, stem-2, ... (store::write_report). Each
#     probe is one exists() call now; before that fix, each probe rendered and wrote a
#     document, and runs took 9-17 ms instead of 3 ms. So before every run, hyperfine
#     --prepare moves the earlier runs' reports aside.
#   - ext4 skips inodes freed in the last 60-300 s when it allocates new ones
#     (find_inode_bit / recently_deleted). File creation is therefore slower right after
#     many files were deleted nearby: within five minutes of an earlier run's clean-up
#     (~13,000 files), the quiz measured 7.8-9.5 ms instead of 3.3 ms, nearly all of it
#     system time. So the quiz is measured first, before the report folders are
#     generated; its outputs are renamed, never deleted, while it is measured; and it
#     writes under a folder marked `chattr +T`, which makes ext4 put new folders in block
#     groups with free inodes (right after a clean-up: 3.4 ms instead of 7.9 ms). The
#     script also warns when the previous run ended less than five minutes earlier.
#   The quiz rows: a repeat run (the candidate folder exists; the measured figure), a
#   first run (--out is created), and a repeat run on tmpfs (no disk: the difference is
#   the disk's share, about 1 ms, mostly fsync and file creation).
#
# Environment:
#   RESULTS=DIR   where results go (default target/bench-results): per benchmark
#                 hyperfine's NAME.md / NAME.json / NAME.csv, rss.tsv and summary.md
#   KEEP=1        keep the generated data (its folder is printed)
#   STRICT=1      exit 1 when a target is missed (default: report only)
#   FALLBACK=1    use the timed loop even when hyperfine is there
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
RESULTS=${RESULTS:-$ROOT/target/bench-results}
BIN=$ROOT/target/release/tpm-ready
GEN=$ROOT/target/release/examples/gen_data
NAME=bench-candidate # gen_data's "Bench Candidate", as its folder name (a valid NAME)

say() { printf '\n== %s\n' "$*" >&2; }

# ---------------------------------------------------------------- 1. build
say "building the release binary and the data generator"
cargo build --release --quiet --bin tpm-ready --example gen_data

# ---------------------------------------------------------------- 2. tools
HYPERFINE=1
if [[ ${FALLBACK:-0} == 1 ]]; then
    HYPERFINE=0
elif ! command -v hyperfine >/dev/null 2>&1; then
    say "hyperfine is missing: apt-get install -y hyperfine"
    if ! { apt-get install -y hyperfine >/dev/null 2>&1 ||
        { apt-get update -qq >/dev/null 2>&1 && apt-get install -y hyperfine >/dev/null 2>&1; }; } ||
        ! command -v hyperfine >/dev/null 2>&1; then
        say "could not install hyperfine; falling back to a timed loop with /usr/bin/time -v"
        HYPERFINE=0
    fi
fi
HF_FLAGS=(--style basic --time-unit millisecond)
if [[ $HYPERFINE == 1 ]] && hyperfine --help | grep -q -- '--shell'; then
    HF_FLAGS+=(-N) # no intermediate shell: no shell start-up to subtract from 1 ms runs
fi

TIME_BIN=""
if [[ -x /usr/bin/time ]]; then
    TIME_BIN=/usr/bin/time
fi

# ---------------------------------------------------------------- 3. data
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tpm-ready-bench.XXXXXX")
# A tmpfs folder for a second quiz figure without the disk (no real fsync, no ext4).
SHM=""
if [[ -d /dev/shm && -w /dev/shm ]]; then
    SHM=$(mktemp -d /dev/shm/tpm-ready-bench.XXXXXX)
fi
if [[ ${KEEP:-0} == 1 ]]; then
    trap 'say "data kept in $TMP"; [[ -z $SHM ]] || rm -rf "$SHM"' EXIT
else
    trap 'rm -rf "$TMP"; [[ -z $SHM ]] || rm -rf "$SHM"' EXIT
fi
if [[ -f $RESULTS/summary.md ]]; then
    age=$(($(date +%s) - $(stat -c %Y "$RESULTS/summary.md")))
    if ((age < 300)); then
        say "warning: the previous run ended ${age}s ago and deleted its data; for the next" \
            "$((300 - age))s ext4 may create files more slowly, which shows in the quiz figure"
    fi
fi
rm -rf "$RESULTS"
mkdir -p "$RESULTS"

say "generating the answers file in $TMP"
"$GEN" answers "$TMP/answers.json"
BANK_FILES=(questions/bank.json questions/rubric.json questions/skills/*.json)

# ---------------------------------------------------------------- 4. measuring
declare -A MEDIAN RSS LABELS

# run_pair ID RUNS WARMUP PREPARE -- LABEL CMD [LABEL CMD ...]
# Measures the commands in one hyperfine invocation (or one interleaved loop); the first
# is the one measured, the last its floor. PREPARE runs before every run of each command
# but the floor. Records medians (ms) as MEDIAN[ID/LABEL] and peak memory (KiB) as
# RSS[ID/LABEL]. Labels must not contain a comma or a "|" (they pass through CSV).
run_pair() {
    local id=$1 runs=$2 warmup=$3 prepare=$4
    shift 5
    local labels=() commands=()
    while (($#)); do
        labels+=("$1")
        commands+=("$2")
        shift 2
    done
    LABELS[$id]=$(printf '%s|' "${labels[@]}")
    say "$id"
    if [[ $HYPERFINE == 1 ]]; then
        local args=("${HF_FLAGS[@]}" --runs "$runs" --warmup "$warmup"
            --export-markdown "$RESULTS/$id.md" --export-json "$RESULTS/$id.json"
            --export-csv "$RESULTS/$id.csv")
        local i
        for i in "${!commands[@]}"; do
            if ((i < ${#commands[@]} - 1)); then
                args+=(--prepare "${prepare:-true}")
            else
                args+=(--prepare true)
            fi
            args+=(-n "${labels[$i]}" "${commands[$i]}")
        done
        hyperfine "${args[@]}" >&2
        local label median
        while IFS=, read -r label median; do
            MEDIAN["$id/$label"]=$median
        done < <(awk -F, 'NR > 1 { printf "%s,%.3f\n", $1, $4 * 1000 }' "$RESULTS/$id.csv")
    else
        loop_pair "$id" "$runs" "$warmup" "$prepare" labels commands
    fi
    local before
    for i in "${!commands[@]}"; do
        before=""
        if ((i < ${#commands[@]} - 1)); then before=$prepare; fi
        RSS["$id/${labels[$i]}"]=$(peak_rss "${commands[$i]}" "$before")
        printf '%s\t%s\t%s\n' "$id" "${labels[$i]}" "${RSS["$id/${labels[$i]}"]}" >>"$RESULTS/rss.tsv"
    done
}

# stamp: sets NOW_US to microseconds since the epoch, from bash 5's EPOCHREALTIME (no
# process started, so nothing is added to the timed command), else from date(1).
stamp() {
    if [[ -n ${EPOCHREALTIME:-} ]]; then
        NOW_US=${EPOCHREALTIME/[.,]/}
    else
        NOW_US=$(($(date +%s%N) / 1000))
    fi
}

# The fallback: runs the commands in turn (A B A B ...), wall clock per run, median.
loop_pair() {
    local id=$1 runs=$2 warmup=$3 prepare=$4
    local -n loop_labels=$5 loop_commands=$6
    local i r t0 t1
    local -a times
    for ((r = 0; r < warmup + runs; r++)); do
        for i in "${!loop_commands[@]}"; do
            if ((i < ${#loop_commands[@]} - 1)) && [[ -n $prepare ]]; then eval "$prepare"; fi
            stamp
            t0=$NOW_US
            eval "${loop_commands[$i]}" >/dev/null 2>&1
            stamp
            t1=$NOW_US
            if ((r >= warmup)); then times[$i]+="$((t1 - t0)) "; fi
        done
    done
    {
        echo "| Command | Median [ms] | Runs |"
        echo "|:---|---:|---:|"
    } >"$RESULTS/$id.md"
    for i in "${!loop_commands[@]}"; do
        local median
        median=$(tr ' ' '\n' <<<"${times[$i]}" | grep . | sort -n |
            awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.3f", m / 1000 }')
        MEDIAN["$id/${loop_labels[$i]}"]=$median
        echo "| \`${loop_labels[$i]}\` | $median | $runs |" >>"$RESULTS/$id.md"
        printf '  %-28s median %9s ms (%s runs, timed loop)\n' "${loop_labels[$i]}" "$median" "$runs" >&2
    done
}

# peak_rss CMD [PREPARE]: max resident set size in KiB of one run, or "n/a".
peak_rss() {
    local cmd=$1 prepare=${2:-} out="$TMP/rss.out"
    [[ -n $TIME_BIN ]] || {
        echo n/a
        return
    }
    if [[ -n $prepare ]]; then eval "$prepare"; fi
    if eval "$TIME_BIN -v -o '$out' $cmd" >/dev/null 2>&1; then
        awk -F': *' '/Maximum resident set size/ { print $2 }' "$out"
    else
        echo n/a
    fi
}

# The quiz first, before thousands of report files are generated. Three variants in one
# hyperfine run, each started from the same state by aside.sh (hyperfine --prepare):
#   - a repeat run (the measured figure): the candidate's folder exists, as for anyone's
#     second run, and holds no report of the current second;
#   - a first run: --out does not exist yet, so the run also creates two folders;
#   - a repeat run writing to tmpfs: no disk, no ext4 (the difference is their share).
# Outputs are moved aside (renames into a new folder), never deleted, so no inode is freed
# while the quiz is measured. The folders sit under one marked `chattr +T` (ext4: top of a
# directory hierarchy), so ext4 puts them in block groups with free inodes instead of
# next to inodes an earlier run freed (no effect, and no error, on other file systems).
QUIZ_ROOT=$TMP/quiz
mkdir -p "$QUIZ_ROOT" "$TMP/quiz-aside"
chattr +T "$QUIZ_ROOT" 2>/dev/null || true
QUIZ_REPEAT=$QUIZ_ROOT/repeat
QUIZ_FIRST=$QUIZ_ROOT/first
SHM_OUT=${SHM:-$TMP/no-tmpfs}/quiz-out
mkdir -p "$QUIZ_REPEAT/$NAME" "$SHM_OUT/$NAME"
cat >"$TMP/aside.sh" <<EOF
#!/bin/sh
# Moves the quiz outputs aside: renames only, so no inode is freed while measuring.
dest="$TMP/quiz-aside/\$(date +%s%N)-\$\$"
mkdir "\$dest"
[ -d "$QUIZ_FIRST" ] && mv "$QUIZ_FIRST" "\$dest/first"
for f in "$QUIZ_REPEAT/$NAME"/*; do [ -e "\$f" ] && mv "\$f" "\$dest/"; done
for f in "$SHM_OUT/$NAME"/*; do [ -e "\$f" ] && rm -f "\$f"; done
exit 0
EOF
chmod +x "$TMP/aside.sh"
ANSWERS=$TMP/answers.json
QUIZ=("tpm-ready quiz --answers" "$BIN quiz --answers $ANSWERS --out $QUIZ_REPEAT"
    "same as a first run (new --out)" "$BIN quiz --answers $ANSWERS --out $QUIZ_FIRST")
if [[ -n $SHM ]]; then
    QUIZ+=("same with --out on tmpfs" "$BIN quiz --answers $ANSWERS --out $SHM_OUT")
fi
run_pair quiz 100 10 "$TMP/aside.sh" -- "${QUIZ[@]}" \
    "cat bank files + answers" "cat ${BANK_FILES[*]} $ANSWERS"

run_pair help 100 10 "" -- \
    "tpm-ready --help" "$BIN --help" \
    "true" "$(type -P true)"

say "generating reports and banks in $TMP"
for n in 100 1000 10000; do
    "$GEN" reports "$n" "$TMP/reports-$n" >/dev/null
done
"$GEN" cohort 200 5 "$TMP/cohort"
for n in 1000 10000 100000; do
    "$GEN" bank "$n" "$TMP/bank-$n.json" 2>/dev/null
done

# cat_of LIST FILE...: a command that cats FILE...: `cat FILE...` when that fits in one
# argument (the kernel takes at most 128 KiB per argument, and hyperfine -N passes the
# whole command as one), else `xargs -a LIST cat` (one or a few cat processes).
cat_of() {
    local list=$1
    shift
    printf '%s\n' "$@" >"$list"
    local command="cat $*"
    if ((${#command} < 100000)); then
        echo "$command"
    else
        echo "xargs -a $list cat"
    fi
}

declare -A RUNS=([100]=40 [1000]=15 [10000]=5) WARM=([100]=3 [1000]=2 [10000]=1)
for n in 100 1000 10000; do
    dir=$TMP/reports-$n
    run_pair "progress-$n" "${RUNS[$n]}" "${WARM[$n]}" "" -- \
        "tpm-ready progress" "$BIN progress $NAME --dir $dir" \
        "cat reports" "$(cat_of "$TMP/list-$n" "$dir/$NAME"/*.json)"
done

# stats and export read every report once, one at a time (stats keeps only the item
# scores), so their floor is cat of the same 10,000 files.
dir=$TMP/reports-10000
run_pair stats-10000 5 1 "" -- \
    "tpm-ready stats --all-runs" "$BIN stats $dir --all-runs --json" \
    "cat reports" "$(cat_of "$TMP/list-10000" "$dir/$NAME"/*.json)"
run_pair export-10000 5 1 "" -- \
    "tpm-ready export --format csv" "$BIN export $dir --format csv" \
    "tpm-ready export --items --format jsonl" "$BIN export $dir --items --format jsonl" \
    "cat reports" "$(cat_of "$TMP/list-10000" "$dir/$NAME"/*.json)"

# cohort reads the newest report of each candidate (file names sort by time), so its
# floor is cat of those 200 files.
newest=()
for folder in "$TMP"/cohort/*/; do
    reports=("$folder"*.json)
    newest+=("${reports[-1]}")
done
run_pair cohort-200x5 15 2 "" -- \
    "tpm-ready cohort" "$BIN cohort $TMP/cohort" \
    "cat newest reports" "$(cat_of "$TMP/list-cohort" "${newest[@]}")"

declare -A VRUNS=([1000]=30 [10000]=10 [100000]=3)
for n in 1000 10000 100000; do
    run_pair "validate-$n" "${VRUNS[$n]}" 1 "" -- \
        "tpm-ready validate" "$BIN validate $TMP/bank-$n.json" \
        "cat bank" "cat $TMP/bank-$n.json"
done

# ---------------------------------------------------------------- 5. summary
fmt_ms() { awk -v v="$1" 'BEGIN { printf (v < 10 ? "%.2f ms" : "%.0f ms"), v }'; }
fmt_rss() { [[ $1 == n/a ]] && echo n/a || awk -v v="$1" 'BEGIN { printf "%.1f MiB", v / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
within() { awk -v g="$1" 'BEGIN { print (g <= 11 ? "yes" : "no") }'; }
declare -A GROWTH
# check LABEL VALUE OP LIMIT: prints "ok" or "MISSED".
check() {
    if awk -v v="$2" -v l="$4" "BEGIN { exit !(v $3 l) }"; then
        echo "ok"
    else
        echo "MISSED"
    fi
}

q=${MEDIAN["quiz/tpm-ready quiz --answers"]}
qf=${MEDIAN["quiz/cat bank files + answers"]}
qr=${RSS["quiz/tpm-ready quiz --answers"]}
h=${MEDIAN["help/tpm-ready --help"]}
hf=${MEDIAN["help/true"]}
p1=${MEDIAN["progress-1000/tpm-ready progress"]}
p1f=${MEDIAN["progress-1000/cat reports"]}

{
    echo "## Whole-process measurements"
    echo
    echo "$(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)," \
        "$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) memory;" \
        "$([[ $HYPERFINE == 1 ]] && hyperfine --version || echo "timed loop (no hyperfine)")."
    echo
    echo "| Benchmark | Command | Median | Floor | Floor median | Ratio | Peak RSS |"
    echo "|:---|:---|---:|:---|---:|---:|---:|"
    for id in quiz help progress-100 progress-1000 progress-10000 cohort-200x5 \
        stats-10000 export-10000 validate-1000 validate-10000 validate-100000; do
        IFS='|' read -r -a ids_labels <<<"${LABELS[$id]}"
        floor=${ids_labels[-1]}
        f=${MEDIAN["$id/$floor"]}
        for label in "${ids_labels[@]:0:${#ids_labels[@]}-1}"; do
            m=${MEDIAN["$id/$label"]}
            echo "| $id | \`$label\` | $(fmt_ms "$m") | \`$floor\` | $(fmt_ms "$f") |" \
                "$(ratio "$m" "$f")x | $(fmt_rss "${RSS["$id/$label"]}") |"
        done
    done
    echo
    echo "Scaling (median of a step / median of the step before, for 10x the input;"
    echo "linear growth is about 10x):"
    echo
    echo "| Series | Step | Median | Growth | Within 11x |"
    echo "|:---|:---|---:|---:|:---|"
    prev=""
    for n in 100 1000 10000; do
        m=${MEDIAN["progress-$n/tpm-ready progress"]}
        g=""
        if [[ -n $prev ]]; then g=$(ratio "$m" "$prev"); fi
        GROWTH["progress-$n"]=$g
        echo "| progress | $n reports | $(fmt_ms "$m") | ${g:+${g}x} | ${g:+$(within "$g")} |"
        prev=$m
    done
    prev=""
    for n in 1000 10000 100000; do
        m=${MEDIAN["validate-$n/tpm-ready validate"]}
        g=""
        if [[ -n $prev ]]; then g=$(ratio "$m" "$prev"); fi
        echo "| validate | $n questions | $(fmt_ms "$m") | ${g:+${g}x} | ${g:+$(within "$g")} |"
        prev=$m
    done
    echo
    echo "Targets:"
    echo
    echo "| Target | Measured | Result |"
    echo "|:---|---:|:---|"
    echo "| scripted quiz median under 5 ms | $(fmt_ms "$q") | $(check t "$q" '<' 5) |"
    echo "| scripted quiz within 4x of its cat floor | $(ratio "$q" "$qf")x | $(check t "$(ratio "$q" "$qf")" '<=' 4) |"
    if [[ $qr != n/a ]]; then
        echo "| scripted quiz peak RSS under 15 MiB | $(fmt_rss "$qr") | $(check t "$qr" '<' 15360) |"
    fi
    echo "| progress over 1,000 reports under 150 ms | $(fmt_ms "$p1") | $(check t "$p1" '<' 150) |"
    echo "| progress within 3x of cat of the same files | $(ratio "$p1" "$p1f")x | $(check t "$(ratio "$p1" "$p1f")" '<=' 3) |"
    echo "| progress: 10x the reports (100 to 1,000) at most 11x the time | ${GROWTH[progress-1000]}x | $(check t "${GROWTH[progress-1000]}" '<=' 11) |"
    echo "| progress: 10x the reports (1,000 to 10,000) at most 11x the time | ${GROWTH[progress-10000]}x | $(check t "${GROWTH[progress-10000]}" '<=' 11) |"
    p10r=${RSS["progress-10000/tpm-ready progress"]:-n/a}
    if [[ $p10r != n/a ]]; then
        echo "| progress over 10,000 reports peak RSS under 40 MB | $(fmt_rss "$p10r") | $(check t "$p10r" '<' 39062) |"
    fi
    s1=${MEDIAN["stats-10000/tpm-ready stats --all-runs"]}
    s1f=${MEDIAN["stats-10000/cat reports"]}
    e1=${MEDIAN["export-10000/tpm-ready export --format csv"]}
    e2=${MEDIAN["export-10000/tpm-ready export --items --format jsonl"]}
    e1f=${MEDIAN["export-10000/cat reports"]}
    echo "| stats over 10,000 reports within 3x of cat | $(ratio "$s1" "$s1f")x | $(check t "$(ratio "$s1" "$s1f")" '<=' 3) |"
    echo "| export over 10,000 reports within 3x of cat | $(ratio "$e1" "$e1f")x | $(check t "$(ratio "$e1" "$e1f")" '<=' 3) |"
    echo "| export --items over 10,000 reports within 3x of cat | $(ratio "$e2" "$e1f")x | $(check t "$(ratio "$e2" "$e1f")" '<=' 3) |"
    echo "| --help under 3 ms | $(fmt_ms "$h") (true: $(fmt_ms "$hf")) | $(check t "$h" '<' 3) |"
} >"$RESULTS/summary.md"

MISSED=$(grep -c 'MISSED' "$RESULTS/summary.md" || true)

say "summary (also in $RESULTS/summary.md)"
cat "$RESULTS/summary.md"
echo
if [[ $HYPERFINE == 1 ]]; then
    echo "Per-benchmark exports: $RESULTS/*.md, *.json, *.csv; peak memory: $RESULTS/rss.tsv"
else
    echo "Per-benchmark tables: $RESULTS/*.md; peak memory: $RESULTS/rss.tsv"
fi
if [[ ${STRICT:-0} == 1 && $MISSED != 0 ]]; then
    echo "$MISSED target(s) missed" >&2
    exit 1
fi
