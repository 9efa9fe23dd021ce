"""``wandb.Settings``: every option of the SDK, validated on construction and assignment.

Settings come from (lowest precedence first) the system settings file, the workspace
settings file, ``WANDB_*`` environment variables, a ``Settings`` passed to
``wandb.init``/``wandb.setup`` and the ``wandb.init`` keyword arguments.

Example::

    s = wandb.Settings(project="demo", mode="offline")
    s.run_tags = ["a", "b"]          # validated: stored as ("a", "b")
    s.mode = "sideways"              # ValueError naming `mode` and the accepted values
"""

from __future__ import annotations

import os
import sys
from typing import Any, Dict, Iterator, List, Literal, Mapping, Optional, Set, Tuple

from .settings_errors import (
    SettingsFileError,
    SettingsUsageError,
    SettingsValidationError,
    ValidationError,
)
from .settings_fields import (
    ALIASES,
    CLIENT_ONLY_SETTINGS,
    FIELDS,
    FIELDS_BY_NAME,
    Field,
    validate_field,
    validate_model,
)
from .settings_coerce import validate_run_tags as _validate_run_tags
from .settings_run_moment import RunMoment
from . import settings_runtime as _rt
from . import settings_sources as _src

__all__ = [
    "Settings",
    "RunMoment",
    "SettingsValidationError",
    "SettingsUsageError",
    "SettingsFileError",
    "ValidationError",
    "CLIENT_ONLY_SETTINGS",
    "validate_run_tags",
    "default_settings_system",
    "load_settings",
]

#: Computed (read-only) settings, in the order wandb dumps them.
COMPUTED_SETTINGS: Tuple[str, ...] = (
    "_args", "_aws_lambda", "_code_path_local", "_colab", "_ipython", "_jupyter",
    "_kaggle", "_noop", "_notebook", "_offline", "_os", "_platform", "_python",
    "_shared", "_start_datetime", "_tmp_code_dir", "_windows", "colab_url",
    "deployment", "files_dir", "is_local", "log_dir", "log_internal",
    "log_symlink_internal", "log_symlink_user", "log_user", "project_url",
    "resume_fname", "run_mode", "run_url", "settings_workspace", "sweep_url",
    "sync_dir", "sync_file", "sync_symlink_latest", "timespec", "wandb_dir",
)  # fmt: skip

_DEFAULT_BASE_URL = "https://api.wandb.ai"


def validate_run_tags(value: Any) -> Optional[Tuple[str, ...]]:
    """Validate run tags: each a string of 1 to 64 characters.

    A single string becomes a one-tag tuple; ``None`` stays ``None``.

    Raises:
        ValueError: a tag is empty, longer than 64 characters or not a string.
    """
    return _validate_run_tags(value)


def default_settings_system(environ: Optional[Mapping[str, str]] = None) -> str:
    """Path of the system settings file: ``$WANDB_CONFIG_DIR/settings`` or ``~/.config/wandb/settings``."""
    return _src.default_settings_system(environ)


def _join(*parts: str) -> str:
    return os.path.expanduser(os.path.join(*parts))


def _field_name(key: str) -> str:
    """``_foo`` -> ``x_foo`` (legacy private names) and aliases -> field names."""
    if key.startswith("_"):
        key = "x" + key
    return ALIASES.get(key, key)


def _dump_value(value: Any, json_mode: bool) -> Any:
    if isinstance(value, RunMoment):
        return {"run": value.run, "value": value.value, "metric": value.metric}
    if json_mode:
        if isinstance(value, tuple):
            return [_dump_value(v, True) for v in value]
        if isinstance(value, dict):
            return {k: _dump_value(v, True) for k, v in value.items()}
    elif isinstance(value, list):
        return list(value)
    elif isinstance(value, dict):
        return {k: (dict(v) if isinstance(v, dict) else v) for k, v in value.items()}
    return value


class Settings:
    """Settings for the W&B SDK.

    Pass any setting as a keyword argument; every assignment is validated. Invalid
    values raise ``SettingsValidationError`` (a ``ValueError``) naming the setting and
    what it accepts; values wandb rejects with ``UsageError`` (project name, run ID ...)
    raise ``SettingsUsageError``, which is both.

    Public settings are plain names, internal ones start with ``x_`` and computed,
    read-only ones are properties (``sync_dir``, ``files_dir``, ``run_url`` ...).
    """

    #: name -> Field (type, default) for every settable field, in declaration order.
    model_fields: Dict[str, Field] = FIELDS_BY_NAME
    #: names of the computed, read-only settings.
    model_computed_fields: Tuple[str, ...] = COMPUTED_SETTINGS

    __hash__ = None  # type: ignore[assignment]  (mutable, like pydantic models)

    def __init__(self, **kwargs: Any) -> None:
        given: Dict[str, Any] = {}
        for key, value in kwargs.items():
            name = _field_name(key)
            if name not in FIELDS_BY_NAME:
                raise SettingsValidationError(
                    key,
                    "Extra inputs are not permitted: not a wandb setting",
                    value,
                    "extra_forbidden",
                )
            given[name] = value
        values: Dict[str, Any] = {}
        for field in FIELDS:
            name = field.name
            raw = given[name] if name in given else field.get_default()
            values[name] = validate_field(name, raw, values)
        validate_model(values)
        self.__dict__.update(values)
        object.__setattr__(self, "_fields_set", set(given))

    # -- validators (also run automatically) ------------------------------------------

    @classmethod
    def catch_private_settings(cls, values: Mapping[str, Any]) -> Dict[str, Any]:
        """Rename legacy private keys (``_foo``) to their ``x_foo`` settings."""
        return {_field_name(k) if k.startswith("_") else k: v for k, v in dict(values).items()}

    @classmethod
    def validate_run_tags(cls, value: Any) -> Optional[Tuple[str, ...]]:
        """Validate run tags (each 1 to 64 characters); a single string becomes a tuple."""
        return _validate_run_tags(value)

    def validate_skip_transaction_log(self) -> "Settings":
        """Raise ``ValueError`` if ``x_skip_transaction_log`` is set in offline mode."""
        if self._offline and self.x_skip_transaction_log:
            raise SettingsValidationError(
                None, "Value error, Cannot skip transaction log in offline mode", True
            )
        return self

    def validate_mutual_exclusion_of_branching_args(self) -> "Settings":
        """Raise ``ValueError`` if more than one of fork_from, resume, resume_from is set."""
        validate_model({k: self.__dict__[k] for k in ("fork_from", "resume", "resume_from")})
        return self

    # -- attribute access -------------------------------------------------------------

    def __setattr__(self, name: str, value: Any) -> None:
        field_name = _field_name(name)
        if field_name not in FIELDS_BY_NAME:
            if isinstance(getattr(type(self), name, None), property):
                raise AttributeError(f"{name!r} is a computed setting and cannot be set")
            raise SettingsValidationError(
                name, f"Object has no attribute '{name}': not a wandb setting", value, "no_such_attribute"
            )
        current = self.__dict__
        new = validate_field(field_name, value, current)
        if current.get(field_name) is not new:
            trial = dict(current)
            trial[field_name] = new
            validate_model(trial)
        current[field_name] = new
        self._fields_set.add(field_name)

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete setting {name!r}")

    @property
    def model_fields_set(self) -> Set[str]:
        """Names of the fields set explicitly (constructor keywords and assignments)."""
        return self._fields_set

    # -- copies, dumps, comparison ------------------------------------------------------

    def model_copy(self, update: Optional[Mapping[str, Any]] = None, deep: bool = False) -> "Settings":
        """A copy of these settings, with ``update`` applied (and validated)."""
        import copy as _copy

        new = object.__new__(type(self))
        values = {f.name: self.__dict__[f.name] for f in FIELDS}
        if deep:
            values = _copy.deepcopy(values)
        new.__dict__.update(values)
        object.__setattr__(new, "_fields_set", set(self._fields_set))
        for key, value in (update or {}).items():
            setattr(new, key, value)
        return new

    def copy(self, update: Optional[Mapping[str, Any]] = None, deep: bool = False) -> "Settings":
        """Same as ``model_copy``."""
        return self.model_copy(update=update, deep=deep)

    def __copy__(self) -> "Settings":
        return self.model_copy()

    def __deepcopy__(self, memo: Dict[int, Any]) -> "Settings":
        return self.model_copy(deep=True)

    def model_dump(
        self,
        *,
        exclude_none: bool = False,
        include: Optional[Any] = None,
        exclude: Optional[Any] = None,
        mode: str = "python",
        **_ignored: Any,
    ) -> Dict[str, Any]:
        """All fields and computed settings as a dict (``mode="json"`` gives JSON types)."""
        json_mode = mode == "json"
        out: Dict[str, Any] = {}
        names: List[str] = [f.name for f in FIELDS] + list(COMPUTED_SETTINGS)
        for name in names:
            if include is not None and name not in include:
                continue
            if exclude is not None and name in exclude:
                continue
            value = self.__dict__[name] if name in FIELDS_BY_NAME else getattr(self, name)
            if exclude_none and value is None:
                continue
            out[name] = _dump_value(value, json_mode)
        return out

    def to_dict(self, exclude_none: bool = False) -> Dict[str, Any]:
        """Same as ``model_dump``."""
        return self.model_dump(exclude_none=exclude_none)

    def dict(self, **kwargs: Any) -> Dict[str, Any]:  # pydantic v1 spelling
        return self.model_dump(**kwargs)

    def model_dump_json(self, *, indent: Optional[int] = None, exclude_none: bool = False) -> str:
        """``model_dump(mode="json")`` as a JSON string."""
        import json

        return json.dumps(self.model_dump(mode="json", exclude_none=exclude_none), indent=indent)

    @classmethod
    def model_validate(cls, obj: Any) -> "Settings":
        """Build settings from a dict (or return a copy of a ``Settings``)."""
        if isinstance(obj, Settings):
            return obj.model_copy()
        return cls(**dict(obj))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Settings):
            return NotImplemented
        return type(self) is type(other) and all(
            self.__dict__[f.name] == other.__dict__[f.name] for f in FIELDS
        )

    def __iter__(self) -> Iterator[Tuple[str, Any]]:
        for f in FIELDS:
            yield f.name, self.__dict__[f.name]

    def __repr__(self) -> str:
        parts = [f"{f.name}={self.__dict__[f.name]!r}" for f in FIELDS]
        for name in COMPUTED_SETTINGS:
            try:
                parts.append(f"{name}={getattr(self, name)!r}")
            except Exception:
                pass
        return f"{type(self).__name__}({', '.join(parts)})"

    # -- computed settings ------------------------------------------------------------

    @property
    def _args(self) -> List[str]:
        return [] if self._jupyter else sys.argv[1:]

    @property
    def _aws_lambda(self) -> bool:
        return _rt.is_aws_lambda()

    @property
    def _code_path_local(self) -> Optional[str]:
        """The program path relative to the current directory (None if unknown)."""
        return _rt.program_relpath(self.program) if self.program else None

    @property
    def _colab(self) -> bool:
        return "google.colab" in sys.modules

    @property
    def _ipython(self) -> bool:
        return _rt.python_type() == "ipython"

    @property
    def _jupyter(self) -> bool:
        return _rt.python_type() == "jupyter"

    @property
    def _kaggle(self) -> bool:
        return _rt.is_kaggle()

    @property
    def _noop(self) -> bool:
        return self.mode == "disabled"

    @property
    def _notebook(self) -> bool:
        return self._ipython or self._jupyter or self._colab or self._kaggle

    @property
    def _offline(self) -> bool:
        return self.mode in ("offline", "dryrun")

    @property
    def _os(self) -> str:
        return _platform_string()

    @property
    def _platform(self) -> str:
        import platform

        return f"{platform.system()}-{platform.machine()}".lower()

    @property
    def _python(self) -> str:
        import platform

        return f"{platform.python_implementation()} {platform.python_version()}"

    @property
    def _shared(self) -> bool:
        return self.mode == "shared"

    @property
    def _start_datetime(self) -> str:
        if self.x_start_time is None:
            return ""
        from datetime import datetime

        return datetime.fromtimestamp(self.x_start_time).strftime("%Y%m%d_%H%M%S")

    @property
    def _tmp_code_dir(self) -> str:
        return _join(self.sync_dir, "tmp", "code")

    @property
    def _windows(self) -> bool:
        return sys.platform.startswith("win")

    @property
    def _disabled(self) -> bool:
        """Same as ``_noop``: ``mode == "disabled"``."""
        return self._noop

    @property
    def colab_url(self) -> Optional[str]:
        """The URL to the Colab notebook, if running in Colab."""
        if not self._colab:
            return None
        path = self.x_jupyter_path
        if path and path.startswith("fileId="):
            from urllib.parse import unquote

            return "https://colab.research.google.com/notebook#" + unquote(path)
        return None

    @property
    def deployment(self) -> Literal["local", "cloud"]:
        return "local" if self.is_local else "cloud"

    @property
    def files_dir(self) -> str:
        """Absolute path to the local directory where the run's files are stored."""
        return self.x_files_dir or _join(self.sync_dir, "files")

    @property
    def tmp_dir(self) -> str:
        """The run's scratch directory (``<sync_dir>/tmp``)."""
        return _join(self.sync_dir, "tmp")

    @property
    def is_local(self) -> bool:
        return str(self.base_url) != _DEFAULT_BASE_URL

    @property
    def log_dir(self) -> str:
        """The directory for storing log files."""
        return _join(self.sync_dir, "logs")

    @property
    def log_internal(self) -> str:
        """The path to the file to use for internal logs."""
        return _join(self.log_dir, "debug-internal.log")

    @property
    def log_symlink_internal(self) -> str:
        """The path to the symlink to the internal log file of the most recent run."""
        return _join(self.wandb_dir, "debug-internal.log")

    @property
    def log_symlink_user(self) -> str:
        """The path to the symlink to the user-process log file of the most recent run."""
        return _join(self.wandb_dir, "debug.log")

    @property
    def log_user(self) -> str:
        """The path to the file to use for user-process logs."""
        return _join(self.log_dir, "debug.log")

    @property
    def project_url(self) -> str:
        """The W&B URL where the project can be viewed ("" without entity and project)."""
        base = self._project_url_base()
        return f"{base}{self._url_query()}" if base else ""

    @property
    def resume_fname(self) -> str:
        """The path to the resume file."""
        return _join(self.wandb_dir, "wandb-resume.json")

    @property
    def run_mode(self) -> Literal["run", "offline-run"]:
        """The mode of the run: "run" or "offline-run"."""
        return "offline-run" if self._offline else "run"

    @property
    def run_url(self) -> str:
        """The W&B URL where the run can be viewed ("" when entity, project or run_id is unset)."""
        base = self._project_url_base()
        if not base or not self.run_id:
            return ""
        from urllib.parse import quote

        return f"{base}/runs/{quote(self.run_id, safe='=+&$@')}{self._url_query()}"

    @property
    def settings_workspace(self) -> str:
        """The path to the workspace settings file."""
        return _join(self.wandb_dir, "settings")

    @property
    def sweep_url(self) -> str:
        """The W&B URL where the sweep can be viewed ("" when unknown)."""
        base = self._project_url_base()
        if not base or not self.sweep_id:
            return ""
        from urllib.parse import quote

        return f"{base}/sweeps/{quote(self.sweep_id)}{self._url_query()}"

    @property
    def sync_dir(self) -> str:
        """The directory for storing the run's files: ``<wandb_dir>/<run_mode>-<timespec>-<run_id>``."""
        return _join(self.wandb_dir, f"{self.run_mode}-{self.timespec}-{self.run_id}")

    @property
    def sync_file(self) -> str:
        """Path to the append-only binary transaction log file."""
        return _join(self.sync_dir, f"run-{self.run_id}.wandb")

    @property
    def sync_symlink_latest(self) -> str:
        """Path to the symlink to the most recent run's directory."""
        return _join(self.wandb_dir, "latest-run")

    @property
    def timespec(self) -> str:
        """Local start time of the run (``%Y%m%d_%H%M%S``), "" before it is known."""
        return self._start_datetime

    @property
    def wandb_dir(self) -> str:
        """Full path to the wandb directory (``<root_dir>/wandb/``, or ``.wandb/`` if that exists)."""
        stage = ".wandb" if os.path.exists(os.path.join(self.root_dir, ".wandb")) else "wandb"
        return os.path.expanduser(os.path.join(self.root_dir, stage + os.sep))

    def _project_url_base(self) -> str:
        if not self.entity or not self.project:
            return ""
        from urllib.parse import quote

        return f"{_rt.app_url(self.base_url)}/{quote(self.entity)}/{quote(self.project)}"

    def _url_query(self) -> str:
        if self.anonymous not in ("allow", "must"):
            return ""
        from urllib.parse import urlencode

        return "?" + urlencode({"apiKey": _rt.api_key_for(self)})

    # -- updates from other sources ---------------------------------------------------

    def _set_from(self, key: str, value: Any, source: str) -> None:
        try:
            setattr(self, key, value)
        except SettingsUsageError as e:
            raise SettingsUsageError(e.field, f"{e.message} (from {source})", value) from None
        except SettingsValidationError as e:
            raise SettingsValidationError(e.field, e.reason, e.value, e.kind, source=source) from None

    def _update_from_file(self, path: Optional[str]) -> None:
        if not path or not os.path.exists(path):
            return
        values, unknown = _src.load_config_file(path)
        if unknown:
            from .settings_fields import _warn_once

            _warn_once(f"Ignoring unknown keys in settings file {path}: {', '.join(unknown)}")
        for key, value in values.items():
            if value is not None:
                self._set_from(key, value, f"settings file {path}")

    def update_from_system_config_file(self) -> None:
        """Update settings from the system settings file (``settings_system``), if it exists."""
        self._update_from_file(self.settings_system)

    def update_from_workspace_config_file(self) -> None:
        """Update settings from the workspace settings file (``<wandb_dir>/settings``), if it exists."""
        self._update_from_file(self.settings_workspace)

    def update_from_env_vars(self, environ: Mapping[str, Any]) -> None:
        """Update settings from ``WANDB_*`` environment variables in ``environ``."""
        for key, (var, value) in _src.env_settings(environ).items():
            self._set_from(key, value, f"environment variable {var}")

    def update_from_system_environment(self) -> None:
        """Fill settings inferred from the process: host, executable, program paths, code saving."""
        environ = os.environ
        if (self.save_code is None or self.save_code is True) and (
            environ.get("WANDB_SAVE_CODE") is not None or environ.get("WANDB_DISABLE_CODE") is not None
        ):
            self.save_code = _src.env_as_bool(environ, "WANDB_SAVE_CODE") and not _src.env_as_bool(
                environ, "WANDB_DISABLE_CODE"
            )
        if environ.get("WANDB_DISABLE_GIT") is not None:
            self.disable_git = environ["WANDB_DISABLE_GIT"].lower() != "false"

        if self._jupyter and self.notebook_name and os.path.exists(self.notebook_name):
            self.x_jupyter_path = self.notebook_name
            self.x_jupyter_name = self.notebook_name
            self.x_jupyter_root = os.getcwd()

        if self.host is None:
            import socket

            self.host = socket.gethostname()

        if self.x_executable is None:
            import shutil

            self.x_executable = (
                environ.get("WANDB_X_EXECUTABLE") or sys.executable or shutil.which("python3") or "python3"
            )

        if self.docker is None and environ.get("WANDB_DOCKER"):
            self.docker = environ["WANDB_DOCKER"]

        if self.x_cli_only_mode:
            return

        program = self.program or self._get_program()
        if program is not None:
            cwd = os.getcwd()
            root = cwd if self.disable_git else (_rt.find_git_root(cwd) or cwd)
            self.program_relpath = self.program_relpath or _rt.program_relpath(program, root)
            abspath = os.path.abspath(os.path.join(root, os.path.relpath(cwd, root), program))
            if os.path.exists(abspath):
                self.program_abspath = abspath
        else:
            program = "<python with no main file>"
        self.program = program

    def _get_program(self) -> Optional[str]:
        if self._jupyter:
            if self.notebook_name:
                return self.notebook_name
            if not self.x_jupyter_path:
                return self.program
            if self.x_jupyter_path.startswith("fileId="):
                return self.x_jupyter_name
            return self.x_jupyter_path
        return _rt.main_program()

    def update_from_dict(self, settings: Mapping[str, Any]) -> None:
        """Set every non-None value of ``settings`` (validated)."""
        for key, value in dict(settings).items():
            if value is not None:
                setattr(self, key, value)

    def update_from_settings(self, settings: "Settings") -> None:
        """Apply the fields explicitly set on another ``Settings`` (None values are skipped)."""
        values = {name: getattr(settings, name) for name in settings.model_fields_set}
        if values:
            self.update_from_dict(values)

    # -- protobuf ---------------------------------------------------------------------

    def to_proto(self) -> Any:
        """The settings as a ``wandb_internal.Settings`` protobuf message."""
        from .settings_proto import settings_to_proto

        return settings_to_proto(self)


def load_settings(
    environ: Optional[Mapping[str, str]] = None,
    overrides: Optional[Settings] = None,
    settings_system: Optional[str] = None,
    system_environment: bool = False,
) -> Settings:
    """Build settings with the documented precedence.

    system file < workspace file < environment < ``overrides`` (explicitly set fields only).
    The system file is ``settings_system`` if given, else ``overrides.settings_system``,
    else ``default_settings_system(environ)``. With ``system_environment=True`` the
    process facts (host, program, executable ...) are filled in after the environment.
    """
    env = os.environ if environ is None else environ
    s = Settings()
    path = settings_system or (overrides.settings_system if overrides is not None else None)
    s.settings_system = path or _src.default_settings_system(env)
    if "root_dir" in (overrides.model_fields_set if overrides is not None else ()):
        s.root_dir = overrides.root_dir  # type: ignore[union-attr]
    elif env.get("WANDB_DIR"):
        s.root_dir = env["WANDB_DIR"]
    s.update_from_system_config_file()
    s.update_from_workspace_config_file()
    s.update_from_env_vars(env)
    if system_environment:
        s.update_from_system_environment()
    if overrides is not None:
        s.update_from_settings(overrides)
    return s


def _platform_string() -> str:
    """``platform.platform(aliased=True)``, without its slow parts on glibc Linux (it scans the
    interpreter binary for the libc version and may run ``uname -p``: ~12 ms at first init)."""
    import os
    import sys

    if sys.platform.startswith("linux") and hasattr(os, "confstr"):
        try:
            libc = os.confstr("CS_GNU_LIBC_VERSION") or ""
        except (ValueError, OSError):
            libc = ""
        name, _, version = libc.partition(" ")
        if name == "glibc" and version:
            u = os.uname()
            return f"{u.sysname}-{u.release}-{u.machine}-with-glibc{version}"
    import platform

    return platform.platform(aliased=True)
