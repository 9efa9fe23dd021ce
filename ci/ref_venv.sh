#!/usr/bin/env bash
# Create (or reuse) a separate virtualenv holding the reference client, wandb 0.21.3,
# and print the path of its python on stdout (progress goes to stderr).
#
#   VIREO_REF_PYTHON="$(bash ci/ref_venv.sh)"
#
# Environment:
#   VIREO_REF_WANDB_VERSION  wandb version to install (default 0.21.3)
#   VIREO_REF_VENV           where the virtualenv lives
#                            (default $HOME/.cache/vireo/ref-wandb-<version>)
#   VIREO_REF_BASE_PYTHON    interpreter used to create it (default: python3.11, else python3)
#
# Idempotent: a complete virtualenv (marker file matching the requested pins) is reused
# without touching the network; a half-built one is removed and rebuilt.
set -euo pipefail

version="${VIREO_REF_WANDB_VERSION:-0.21.3}"
venv="${VIREO_REF_VENV:-$HOME/.cache/vireo/ref-wandb-${version}}"
# pydantic 2.12+ prints UnsupportedFieldAttributeWarning on `import wandb` 0.21.3;
# 2.11 (current when 0.21.3 shipped) is silent. Pinned exactly for repeatable runs.
pins=("wandb==${version}" "pydantic==2.11.10" "numpy")
marker="${venv}/.vireo-ref-ok"
want="${pins[*]}"
# Libraries the reference needs to produce media, tables, charts and torch histograms for the
# compatibility tests (installed on top of a ready venv, tracked by their own marker).
extras=("pillow<12" "imageio" "imageio-ffmpeg" "moviepy" "soundfile" "pandas" "scikit-learn"
        "plotly" "matplotlib" "torch")
extras_marker="${venv}/.vireo-ref-extras"
want_extras="${extras[*]}"

log() { printf 'ref_venv: %s\n' "$*" >&2; }

is_ready() {
    [[ -x "${venv}/bin/python" && -f "${marker}" ]] && [[ "$(cat "${marker}")" == "${want}" ]]
}

install_extras() {
    if [[ -f "${extras_marker}" && "$(cat "${extras_marker}")" == "${want_extras}" ]]; then
        return 0
    fi
    log "installing reference extras (${want_extras})"
    "${venv}/bin/python" -m pip install --quiet --disable-pip-version-check "${extras[@]}" >&2
    printf '%s' "${want_extras}" > "${extras_marker}"
}

if is_ready; then
    install_extras
    echo "${venv}/bin/python"
    exit 0
fi

mkdir -p "$(dirname "${venv}")"
lock="${venv}.lock"
exec 9>"${lock}"
if command -v flock >/dev/null 2>&1; then
    flock 9
fi
# Another process may have finished the job while we waited for the lock.
if is_ready; then
    install_extras
    echo "${venv}/bin/python"
    exit 0
fi

base="${VIREO_REF_BASE_PYTHON:-}"
if [[ -z "${base}" ]]; then
    if command -v python3.11 >/dev/null 2>&1; then base=python3.11; else base=python3; fi
fi

log "creating ${venv} with ${base} (${want})"
rm -rf "${venv}"
"${base}" -m venv "${venv}"
"${venv}/bin/python" -m pip install --quiet --disable-pip-version-check "${pins[@]}" >&2

# Check that the reference client imports cleanly (no warnings) and is the version asked for.
got="$("${venv}/bin/python" -W error -c 'import wandb; print(wandb.__version__)')"
if [[ "${got}" != "${version}" ]]; then
    log "expected wandb ${version}, got '${got}'"
    exit 1
fi
printf '%s' "${want}" > "${marker}"
install_extras
log "ready: wandb ${got}"
echo "${venv}/bin/python"
