#!/usr/bin/env bash
# One command for a new user: a virtual environment, tidings installed, and the bundled sample
# articles coded into the embedded DuckDB database (tidings.duckdb), then shown.
set -euo pipefail
cd "$(dirname "$0")"
[ -d .venv ] || python3 -m venv .venv
. .venv/bin/activate
python -m pip install --quiet --upgrade pip
python -m pip install --quiet -e ".[dev]"
tidings sample --db tidings.duckdb
