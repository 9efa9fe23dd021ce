"""Names of the ``WANDB_*`` environment variables and small readers for them.

Mirrors ``wandb.env`` of wandb 0.21.3 (integrations call ``wandb.env.set_entity`` and read the
constants); the authoritative parsing of settings lives in ``wandb.sdk.wandb_settings``.
"""

from __future__ import annotations

import json
import os
from typing import List, MutableMapping, Optional

CONFIG_PATHS = "WANDB_CONFIG_PATHS"
SWEEP_PARAM_PATH = "WANDB_SWEEP_PARAM_PATH"
SHOW_RUN = "WANDB_SHOW_RUN"
DEBUG = "WANDB_DEBUG"
SILENT = "WANDB_SILENT"
QUIET = "WANDB_QUIET"
INITED = "WANDB_INITED"
DIR = "WANDB_DIR"
DESCRIPTION = "WANDB_DESCRIPTION"
NAME = "WANDB_NAME"
NOTEBOOK_NAME = "WANDB_NOTEBOOK_NAME"
NOTES = "WANDB_NOTES"
USERNAME = "WANDB_USERNAME"
USER_EMAIL = "WANDB_USER_EMAIL"
PROJECT = "WANDB_PROJECT"
ENTITY = "WANDB_ENTITY"
ORGANIZATION = "WANDB_ORGANIZATION"
BASE_URL = "WANDB_BASE_URL"
APP_URL = "WANDB_APP_URL"
PROGRAM = "WANDB_PROGRAM"
ARGS = "WANDB_ARGS"
MODE = "WANDB_MODE"
START_METHOD = "WANDB_START_METHOD"
RESUME = "WANDB_RESUME"
RUN_ID = "WANDB_RUN_ID"
RUN_STORAGE_ID = "WANDB_RUN_STORAGE_ID"
RUN_GROUP = "WANDB_RUN_GROUP"
RUN_DIR = "WANDB_RUN_DIR"
SWEEP_ID = "WANDB_SWEEP_ID"
HTTP_TIMEOUT = "WANDB_HTTP_TIMEOUT"
FILE_PUSHER_TIMEOUT = "WANDB_FILE_PUSHER_TIMEOUT"
API_KEY = "WANDB_API_KEY"
IDENTITY_TOKEN_FILE = "WANDB_IDENTITY_TOKEN_FILE"
CREDENTIALS_FILE = "WANDB_CREDENTIALS_FILE"
JOB_TYPE = "WANDB_JOB_TYPE"
DISABLE_CODE = "WANDB_DISABLE_CODE"
DISABLE_GIT = "WANDB_DISABLE_GIT"
GIT_ROOT = "WANDB_GIT_ROOT"
SAVE_CODE = "WANDB_SAVE_CODE"
TAGS = "WANDB_TAGS"
IGNORE = "WANDB_IGNORE_GLOBS"
ERROR_REPORTING = "WANDB_ERROR_REPORTING"
CORE_DEBUG = "WANDB_CORE_DEBUG"
DOCKER = "WANDB_DOCKER"
AGENT_REPORT_INTERVAL = "WANDB_AGENT_REPORT_INTERVAL"
AGENT_KILL_DELAY = "WANDB_AGENT_KILL_DELAY"
AGENT_DISABLE_FLAPPING = "WANDB_AGENT_DISABLE_FLAPPING"
AGENT_MAX_INITIAL_FAILURES = "WANDB_AGENT_MAX_INITIAL_FAILURES"
CRASH_NOSYNC_TIME = "WANDB_CRASH_NOSYNC_TIME"
MAGIC = "WANDB_MAGIC"
HOST = "WANDB_HOST"
ANONYMOUS = "WANDB_ANONYMOUS"
JUPYTER = "WANDB_JUPYTER"
CONFIG_DIR = "WANDB_CONFIG_DIR"
DATA_DIR = "WANDB_DATA_DIR"
ARTIFACT_DIR = "WANDB_ARTIFACT_DIR"
ARTIFACT_FETCH_FILE_URL_BATCH_SIZE = "WANDB_ARTIFACT_FETCH_FILE_URL_BATCH_SIZE"
CACHE_DIR = "WANDB_CACHE_DIR"
DISABLE_SSL = "WANDB_INSECURE_DISABLE_SSL"
SERVICE = "WANDB_SERVICE"
SENTRY_DSN = "WANDB_SENTRY_DSN"
INIT_TIMEOUT = "WANDB_INIT_TIMEOUT"
GIT_COMMIT = "WANDB_GIT_COMMIT"
GIT_REMOTE_URL = "WANDB_GIT_REMOTE_URL"
_EXECUTABLE = "WANDB_X_EXECUTABLE"
LAUNCH_QUEUE_NAME = "WANDB_LAUNCH_QUEUE_NAME"
LAUNCH_QUEUE_ENTITY = "WANDB_LAUNCH_QUEUE_ENTITY"
LAUNCH_TRACE_ID = "WANDB_LAUNCH_TRACE_ID"
ENABLE_DCGM_PROFILING = "WANDB_ENABLE_DCGM_PROFILING"

_TRUE = ("y", "yes", "t", "true", "on", "1")
_FALSE = ("n", "no", "f", "false", "off", "0")


def strtobool(val: str) -> bool:
    """``"yes"/"true"/"1"...`` -> True, ``"no"/"false"/"0"...`` -> False, else ValueError."""
    v = str(val).strip().lower()
    if v in _TRUE:
        return True
    if v in _FALSE:
        return False
    raise ValueError(f"invalid truth value {val!r}; accepted: {', '.join(_TRUE + _FALSE)}")


def _env(env: Optional[MutableMapping]) -> MutableMapping:
    return os.environ if env is None else env


def _as_bool(name: str, default: str = "false", env: Optional[MutableMapping] = None) -> bool:
    try:
        return strtobool(_env(env).get(name, default))
    except ValueError:
        return False


def immutable_keys() -> List[str]:
    """Variables a sweep agent or launcher sets that a run must not override."""
    return [DIR, ENTITY, PROJECT, API_KEY, IGNORE, DISABLE_CODE, DISABLE_GIT, DOCKER, MODE,
            BASE_URL, ERROR_REPORTING, CRASH_NOSYNC_TIME, MAGIC, USERNAME, USER_EMAIL,
            SILENT, CONFIG_PATHS, ANONYMOUS, RUN_GROUP, JOB_TYPE, TAGS, RESUME, AGENT_REPORT_INTERVAL,
            HTTP_TIMEOUT, HOST, DATA_DIR, ARTIFACT_DIR, ARTIFACT_FETCH_FILE_URL_BATCH_SIZE, CACHE_DIR,
            USE_V1_ARTIFACTS, DISABLE_SSL, IDENTITY_TOKEN_FILE, CREDENTIALS_FILE]


USE_V1_ARTIFACTS = "_WANDB_USE_V1_ARTIFACTS"


def is_debug(default: Optional[str] = None, env: Optional[MutableMapping] = None) -> bool:
    return _as_bool(DEBUG, default or "false", env)


def is_offline(env: Optional[MutableMapping] = None) -> bool:
    return _env(env).get(MODE) in ("offline", "dryrun")


def is_quiet() -> bool:
    return _as_bool(QUIET)


def is_silent() -> bool:
    return _as_bool(SILENT)


def error_reporting_enabled() -> bool:
    return _as_bool(ERROR_REPORTING, "true")


def ssl_disabled() -> bool:
    return _as_bool(DISABLE_SSL)


def get_run(default: Optional[str] = None, env: Optional[MutableMapping] = None) -> Optional[str]:
    return _env(env).get(RUN_ID, default)


def get_args(default: Optional[list] = None, env: Optional[MutableMapping] = None) -> Optional[list]:
    raw = _env(env).get(ARGS)
    if raw:
        try:
            return json.loads(raw)
        except ValueError:
            return None
    return default


def get_http_timeout(default: int = 20, env: Optional[MutableMapping] = None) -> int:
    return int(_env(env).get(HTTP_TIMEOUT, default))


def get_ignore(default: Optional[list] = None, env: Optional[MutableMapping] = None) -> Optional[list]:
    raw = _env(env).get(IGNORE)
    return raw.split(",") if raw else default


def get_project(default: Optional[str] = None, env: Optional[MutableMapping] = None) -> Optional[str]:
    return _env(env).get(PROJECT, default)


def get_username(default: Optional[str] = None, env: Optional[MutableMapping] = None) -> Optional[str]:
    return _env(env).get(USERNAME, default)


def get_user_email(default: Optional[str] = None, env: Optional[MutableMapping] = None) -> Optional[str]:
    return _env(env).get(USER_EMAIL, default)


def get_entity(default: Optional[str] = None, env: Optional[MutableMapping] = None) -> Optional[str]:
    return _env(env).get(ENTITY, default)


def get_organization(default: Optional[str] = None, env: Optional[MutableMapping] = None) -> Optional[str]:
    return _env(env).get(ORGANIZATION, default)


def get_base_url(default: Optional[str] = None, env: Optional[MutableMapping] = None) -> Optional[str]:
    url = _env(env).get(BASE_URL, default)
    return url.rstrip("/") if url else url


def get_app_url(default: Optional[str] = None, env: Optional[MutableMapping] = None) -> Optional[str]:
    return _env(env).get(APP_URL, default)


def get_tags(default: str = "", env: Optional[MutableMapping] = None) -> List[str]:
    return [t for t in _env(env).get(TAGS, default).split(",") if t]


def get_dir(default: Optional[str] = None, env: Optional[MutableMapping] = None) -> Optional[str]:
    return _env(env).get(DIR, default)


def get_config_paths(default: Optional[str] = None, env: Optional[MutableMapping] = None) -> Optional[str]:
    return _env(env).get(CONFIG_PATHS, default)


def get_data_dir(env: Optional[MutableMapping] = None) -> str:
    default = os.path.join(os.path.expanduser("~"), ".local", "share", "wandb")
    return _env(env).get(DATA_DIR, default)


def get_artifact_dir(env: Optional[MutableMapping] = None) -> str:
    return os.path.abspath(_env(env).get(ARTIFACT_DIR, os.path.join(".", "artifacts")))


def get_cache_dir(env: Optional[MutableMapping] = None) -> str:
    default = os.path.join(os.path.expanduser("~"), ".cache", "wandb")
    return _env(env).get(CACHE_DIR, default)


def set_entity(value: str, env: Optional[MutableMapping] = None) -> None:
    """Set ``WANDB_ENTITY`` (used by later ``wandb.init`` calls)."""
    _env(env)[ENTITY] = value


def set_project(value: str, env: Optional[MutableMapping] = None) -> None:
    """Set ``WANDB_PROJECT`` (used by later ``wandb.init`` calls)."""
    _env(env)[PROJECT] = value or "uncategorized"


def should_save_code() -> bool:
    return _as_bool(SAVE_CODE)


def disable_git(env: Optional[MutableMapping] = None) -> bool:
    return _as_bool(DISABLE_GIT, env=env)
