"""Where settings come from: ``WANDB_*`` environment variables and INI settings files.

Precedence (lowest first), applied by ``wandb.setup``/``wandb.init``:
system file (``$WANDB_CONFIG_DIR/settings`` or ``~/.config/wandb/settings``)
< workspace file (``<root_dir>/wandb/settings``) < environment < ``Settings`` passed in
< ``wandb.init`` keyword arguments.
"""

from __future__ import annotations

import os
from typing import Any, Dict, List, Mapping, Optional, Tuple

from .settings_fields import FIELDS, FIELDS_BY_NAME

ENV_PREFIX = "WANDB_"
PRIVATE_ENV_PREFIX = "WANDB__"

#: Environment variables whose name is not ``WANDB_<FIELD>``.
SPECIAL_ENV_VARS: Dict[str, str] = {
    "WANDB_SERVICE_TRANSPORT": "x_service_transport",
    "WANDB_DIR": "root_dir",
    "WANDB_NAME": "run_name",
    "WANDB_NOTES": "run_notes",
    "WANDB_TAGS": "run_tags",
    "WANDB_JOB_TYPE": "run_job_type",
    "WANDB_HTTP_TIMEOUT": "x_graphql_timeout_seconds",
    "WANDB_FILE_PUSHER_TIMEOUT": "x_file_transfer_timeout_seconds",
    "WANDB_USER_EMAIL": "email",
}

#: Fields whose value is a comma-separated list when read from the environment or a file.
COMMA_LIST_FIELDS = frozenset(("ignore_globs", "run_tags", "config_paths", "x_stats_disk_paths"))

_env_table: Optional[Dict[str, str]] = None


def env_var_table() -> Dict[str, str]:
    """Map of every recognised environment variable to the setting it sets.

    ``WANDB_<NAME>`` sets the field ``<name>``; internal ``x_<name>`` fields are also
    set by ``WANDB__<NAME>`` (and ``WANDB_X_<NAME>``); plus ``SPECIAL_ENV_VARS``.
    """
    global _env_table
    if _env_table is None:
        table: Dict[str, str] = {}
        for f in FIELDS:
            table[ENV_PREFIX + f.name.upper()] = f.name
            if f.name.startswith("x_"):
                table[PRIVATE_ENV_PREFIX + f.name[2:].upper()] = f.name
        table.update(SPECIAL_ENV_VARS)
        _env_table = table
    return _env_table


def env_settings(environ: Mapping[str, Any]) -> Dict[str, Tuple[str, Any]]:
    """{setting: (variable name, raw value)} for the ``WANDB_*`` variables in ``environ``.

    Variables are read in ``environ`` order; when two name the same setting, the later
    wins. Values of list settings (``WANDB_TAGS``, ``WANDB_IGNORE_GLOBS`` ...) are split
    on commas.
    """
    table = env_var_table()
    out: Dict[str, Tuple[str, Any]] = {}
    for var, value in environ.items():
        if not isinstance(var, str) or not var.startswith(ENV_PREFIX):
            continue
        key = table.get(var)
        if key is None or value is None:
            continue
        if key in COMMA_LIST_FIELDS and isinstance(value, str):
            value = split_list(value)
        out[key] = (var, value)
    return out


def settings_from_env(environ: Mapping[str, Any]) -> Dict[str, Any]:
    """{setting: raw value} for the ``WANDB_*`` variables in ``environ``."""
    return {k: v for k, (_, v) in env_settings(environ).items()}


def split_list(value: str) -> list:
    """``"a, b,c"`` -> ``["a", "b", "c"]``; a JSON list is parsed as JSON."""
    text = value.strip()
    if text.startswith("["):
        import json

        try:
            parsed = json.loads(text)
            if isinstance(parsed, list):
                return parsed
        except ValueError:
            pass
    return [part.strip() for part in value.split(",") if part.strip()]


def default_settings_system(environ: Optional[Mapping[str, str]] = None) -> str:
    """Path of the system settings file: ``$WANDB_CONFIG_DIR/settings`` or ``~/.config/wandb/settings``."""
    env = os.environ if environ is None else environ
    config_dir = env.get("WANDB_CONFIG_DIR")
    if config_dir:
        return os.path.join(os.path.expanduser(config_dir), "settings")
    return os.path.expanduser(os.path.join("~", ".config", "wandb", "settings"))


def load_config_file(path: str, section: str = "default") -> Tuple[Dict[str, Any], List[str]]:
    """Read the ``[section]`` of an INI settings file.

    Returns ``({setting: raw value}, [keys that are not settings])``. Keys are
    lower-cased; a ``_name`` key means ``x_name``.

    Raises:
        SettingsFileError: the file is not valid INI.
    """
    import configparser

    from .settings_errors import SettingsFileError

    parser = configparser.ConfigParser(interpolation=None)
    parser.add_section(section)
    try:
        parser.read(path, encoding="utf-8")
    except (configparser.Error, UnicodeDecodeError) as e:
        detail = str(e).replace("\n", " ").strip()
        raise SettingsFileError(path, detail) from None
    out: Dict[str, Any] = {}
    unknown = []
    for key in parser[section]:
        value: Any = parser[section][key]
        name = "x" + key if key.startswith("_") else key
        if name not in FIELDS_BY_NAME:
            unknown.append(key)
            continue
        if name in COMMA_LIST_FIELDS:
            value = split_list(value)
        out[name] = value
    return out, unknown


def env_as_bool(environ: Mapping[str, str], var: str, default: str = "false") -> bool:
    """True when ``environ[var]`` reads as a true boolean (``true/1/yes/on/t/y``)."""
    value = environ.get(var, default)
    return isinstance(value, str) and value.strip().lower() in ("1", "on", "t", "true", "y", "yes")
