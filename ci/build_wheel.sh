#!/usr/bin/env bash
# Builds the release wheel (abi3: one wheel per platform serves CPython >= 3.9).
# On a manylinux host (or in the quay.io/pypa/manylinux_2_28 image) this yields a manylinux wheel:
#   docker run --rm -v "$PWD":/io ghcr.io/pyo3/maturin build --release --compatibility manylinux_2_28 -o /io/dist
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install -q "maturin>=1.5,<2"
maturin build --release --strip --compatibility "${MANYLINUX:-manylinux_2_28}" --auditwheel "${AUDITWHEEL:-repair}" -o dist "$@"
ls -l dist
