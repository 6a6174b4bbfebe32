#!/usr/bin/env bash
# Installs what the benchmarks need, without touching the app's environment:
# - the project's .venv (requirements.txt) runs the app, the loader and the Flask floor, as in production;
# - benchmarks/.venv (benchmarks/requirements.txt) runs Datasette (and bench_encode.py);
# - wrk (Debian) drives the throughput test.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
    .venv/bin/pip install -q -r requirements.txt
fi
if [ ! -x benchmarks/.venv/bin/python ]; then
    python3 -m venv benchmarks/.venv
fi
(cd benchmarks && .venv/bin/pip install -q -r requirements.txt)
if ! command -v wrk >/dev/null; then
    if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq wrk; else sudo apt-get update -qq && sudo apt-get install -y -qq wrk; fi
fi
