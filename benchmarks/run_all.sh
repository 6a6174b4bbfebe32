#!/usr/bin/env bash
# Runs every benchmark and writes the tables to benchmarks/results/<date>/.
#   bash benchmarks/run_all.sh            # sizes 1k 10k
#   bash benchmarks/run_all.sh "1k 10k 100k"
# Each step is bounded by `timeout`; the whole run by RUN_ALL_LIMIT seconds (default 3 h).
# 100k needs ~11 GB of memory and roughly an hour on 2 cores (one registry load is ~5 min, and
# validate, bench_load (bare + cold) and bench_http (the Dash worker) each load it).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${1:-"1k 10k"}
ROOT_DIR=${TRK_BENCH_DIR:-/tmp/trk-bench}
OUT=benchmarks/results/$(date -u +%Y-%m-%d)
LIMIT=${RUN_ALL_LIMIT:-10800}
STEP=${RUN_ALL_STEP_LIMIT:-3000}   # seconds per script
mkdir -p "$OUT" "$ROOT_DIR"
export TRK_BENCH_DIR=$ROOT_DIR
PY=.venv/bin/python
end=$(( $(date +%s) + LIMIT ))

step() {  # step NAME COMMAND...: run with a time limit, tee the tables to $OUT/NAME.md
    local name=$1; shift
    local left=$(( end - $(date +%s) ))
    if (( left <= 60 )); then echo "skipping $name: run_all time limit reached" >&2; return 0; fi
    local limit=$(( left < STEP ? left : STEP ))
    echo "== $name ($(date -u +%H:%M:%S), limit ${limit}s): $*" >&2
    timeout --kill-after=30 "$limit" "$@" | tee "$OUT/$name.md" || echo "!! $name failed or timed out ($?)" >&2
}

bash benchmarks/setup.sh
for size in $SIZES; do
    [ -f "$ROOT_DIR/$size/targets.yaml" ] || timeout 900 $PY benchmarks/generate.py "$ROOT_DIR/$size" --targets "$size" > "$OUT/generate-$size.json"
    timeout 1800 $PY -m tracker validate "$ROOT_DIR/$size/targets.yaml" --no-sources --data "$ROOT_DIR/$size/data" \
        | tee "$OUT/validate-$size.txt"
    # the dashboard's snapshot, so that the servers under test start warm as in production
    timeout 1800 $PY -m tracker snapshot "$ROOT_DIR/$size/targets.yaml" --no-sources --as-of 2026-06-30 \
        | tee "$OUT/snapshot-$size.txt"
done
# shellcheck disable=SC2086
step load $PY benchmarks/bench_load.py --sizes $SIZES --root "$ROOT_DIR"
# shellcheck disable=SC2086
step http $PY benchmarks/bench_http.py --sizes $SIZES --root "$ROOT_DIR"
step gunicorn $PY benchmarks/bench_gunicorn.py --duration 60 --log-dir "$ROOT_DIR/logs"
step reload $PY benchmarks/bench_reload.py --sizes "$(echo "$SIZES" | tr ' ' '\n' | grep -x 10k || echo "$SIZES" | awk '{print $1}')" --root "$ROOT_DIR"
PROFILE_SIZE=$(echo "$SIZES" | tr ' ' '\n' | grep -x 10k || echo "$SIZES" | awk '{print $1}')
step profile $PY benchmarks/profile_request.py --size "$PROFILE_SIZE" --root "$ROOT_DIR"
# shellcheck disable=SC2086
step encode benchmarks/.venv/bin/python benchmarks/bench_encode.py --sizes $(echo "$SIZES" | tr ' ' '\n' | grep -vx 100k) --root "$ROOT_DIR"
step extract $PY benchmarks/bench_extract.py
echo "tables in $OUT" >&2
