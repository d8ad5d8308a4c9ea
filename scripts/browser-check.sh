#!/usr/bin/env bash
# Renders a full report as HTML and checks it in headless Chromium: a screenshot (PNG)
# and a print to PDF, which must have at least one page.
#
# Usage: scripts/browser-check.sh [OUT_DIR]
#   OUT_DIR (default: a new temp folder) receives report.html, chart.svg, screenshot.png
#   and report.pdf. Exits 0 when all is fine, non-zero with a message otherwise.
# Needs: cargo, python3, and chromium (installed with apt-get when missing and possible).

set -euo pipefail

die() {
    echo "browser-check: $*" >&2
    exit 1
}

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

out="${1:-$(mktemp -d)}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

command -v python3 >/dev/null || die "python3 is needed to write the answers file and count PDF pages"

if ! command -v chromium >/dev/null; then
    echo "browser-check: chromium not found, installing it with apt-get" >&2
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || die "chromium is missing and this is not root; install it with: apt-get install -y chromium"
        sudo="sudo"
    fi
    $sudo apt-get update -qq || die "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null \
        || die "apt-get install chromium failed"
fi
chromium="$(command -v chromium)"

# TPM_READY_BIN and RENDER_HTML_BIN name ready-built binaries (the test suite sets them);
# otherwise both are built here.
bin="${TPM_READY_BIN:-}"
render="${RENDER_HTML_BIN:-}"
if [ -z "$bin" ] || [ -z "$render" ]; then
    echo "browser-check: building" >&2
    cargo build -q --bin tpm-ready --example render_html || die "cargo build failed"
    target_dir="$(cargo metadata --format-version 1 --no-deps \
        | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')" \
        || die "cargo metadata failed"
    bin="${bin:-$target_dir/debug/tpm-ready}"
    render="${render:-$target_dir/debug/examples/render_html}"
fi
[ -x "$bin" ] || die "binary not found at $bin"
[ -x "$render" ] || die "example not found at $render"

# A complete answers file for the built-in bank, with answers varied per skill so the
# scores differ (some at target, some below), from the bank's own files.
python3 - "$root/questions/skills" >"$out/answers.json" <<'PY' || die "could not write the answers file"
import json, os, sys

skills_dir = sys.argv[1]
share = [1.0, 0.8, 0.45, 0.9, 0.3, 1.0, 0.6, 0.75, 0.5]
answers = {}
for n, name in enumerate(sorted(os.listdir(skills_dir))):
    with open(os.path.join(skills_dir, name), encoding="utf-8") as f:
        data = json.load(f)
    for j, q in enumerate(data.get("questions", [])):
        if q.get("tracks") and "general" not in q["tracks"]:
            continue
        opts = q.get("options", [])
        good = (j * 0.618) % 1.0 < share[n % len(share)]
        kind = q["type"]
        if kind == "self_rating":
            answers[q["id"]] = [4, 3, 5, 2, 4, 3, 5, 1, 3][n % 9]
        elif kind == "scenario":
            ranked = sorted(opts, key=lambda o: -o.get("score", 0))
            answers[q["id"]] = ranked[0 if good else -1]["id"]
        elif kind == "knowledge":
            answers[q["id"]] = next(o["id"] for o in opts if bool(o.get("correct")) == good)
        else:
            answers[q["id"]] = [o["id"] for o in opts if bool(o.get("correct")) == good]
answers.update({
    "degree-level": "bachelor",
    "degree-field": "business-administration",
    "experience-years": 2.5,
    "experience-roles": ["software-development"],
    "mentor-kind": "informal",
    "mentors-others": False,
    "network-activities": ["conferences"],
    "network-tpms": 1,
})
print(json.dumps({
    "candidate": "Ada O'Lovelace <ada@example.org> & \"Co\"",
    "track": "general",
    "answers": answers,
}))
PY

echo "browser-check: scoring a full report" >&2
rm -rf "$out/reports"
TPM_READY_NOW="2026-03-04T05:06:07+00:00" NO_COLOR=1 \
    "$bin" quiz --answers "$out/answers.json" --allow-partial --out "$out/reports" >/dev/null \
    || die "tpm-ready quiz failed"
report="$(find "$out/reports" -name '*.json' | sort | head -n 1)"
[ -n "$report" ] || die "no JSON report was written under $out/reports"

"$render" "$report" "$out/report.html" "$out/chart.svg" || die "rendering the HTML report failed"
grep -qi '<script' "$out/report.html" && die "report.html contains a script"

profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
chrome() {
    timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" "$@" "file://$out/report.html" >"$out/chromium.log" 2>&1
}

echo "browser-check: screenshot and PDF with $chromium" >&2
rm -f "$out/screenshot.png" "$out/report.pdf"
chrome --screenshot="$out/screenshot.png" --window-size=1200,2400 \
    || die "chromium screenshot failed (see $out/chromium.log)"
[ -s "$out/screenshot.png" ] || die "no screenshot was written (see $out/chromium.log)"
chrome --no-pdf-header-footer --print-to-pdf="$out/report.pdf" \
    || die "chromium print to PDF failed (see $out/chromium.log)"
[ -s "$out/report.pdf" ] || die "no PDF was written (see $out/chromium.log)"

pages="$(python3 - "$out/report.pdf" <<'PY'
import re, sys
data = open(sys.argv[1], "rb").read()
if not data.startswith(b"%PDF-"):
    print(0)
else:
    print(len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data)))
PY
)"
[ "${pages:-0}" -ge 1 ] || die "the PDF has no pages: $out/report.pdf"

echo "browser-check: ok: $out/report.pdf has $pages pages; screenshot $out/screenshot.png"
echo "pages=$pages"
echo "pdf=$out/report.pdf"
echo "png=$out/screenshot.png"
