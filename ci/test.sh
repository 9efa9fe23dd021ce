#!/usr/bin/env bash
# Runs every test: Rust unit tests, then pytest (including compatibility tests against the
# real wandb 0.21.3 client, installed into a cached side virtualenv by ci/ref_venv.sh).
# Builds the extension once (maturin develop) into .venv and shares it across all tests.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q "maturin>=1.5,<2" pytest pytest-timeout \
  numpy pillow imageio protobuf requests psutil pyyaml click typing_extensions packaging pandas \
  starlette uvicorn httptools uvloop ariadne sqlalchemy "psycopg[binary]" boto3 "moto[s3]" httpx \
  imageio-ffmpeg plotly matplotlib scikit-learn rdkit
# torch is large (the PyPI build carries CUDA libraries; it runs on the CPU): only the run.watch
# tests and torch-tensor media tests need it; pip's cache makes repeat installs fast.
.venv/bin/python -m pip install -q torch

if ! command -v cargo >/dev/null 2>&1; then
  if [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
  else
    curl -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
fi

echo "== cargo test (vireo_core)"
cargo test -q -p vireo_core 2>&1 | tail -n 30

echo "== build the extension (maturin develop --release)"
VIRTUAL_ENV="$ROOT/.venv" .venv/bin/maturin develop -q --release

echo "== reference client (wandb 0.21.3) in a side virtualenv"
VIREO_REF_PYTHON=$(bash ci/ref_venv.sh)
export VIREO_REF_PYTHON
export VIREO_REQUIRE_REF=1  # CI must run the compatibility tests, never skip them
export VIREO_REQUIRE_TABLE_ARTIFACTS=1  # logged tables must carry their run_table artifacts

echo "== PostgreSQL (server tests run on SQLite and on PostgreSQL)"
VIREO_TEST_PG_URL=$(bash ci/postgres.sh)
export VIREO_TEST_PG_URL

echo "== pytest"
.venv/bin/python -m pytest -q -p no:cacheprovider "$@" tests
