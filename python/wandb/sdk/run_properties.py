"""Read-mostly properties of ``wandb.Run`` and the finished-run guard."""

from __future__ import annotations

import copy
import functools
from typing import Any, Callable, Sequence, TypeVar

from wandb.sdk import run_messages

_F = TypeVar("_F", bound=Callable[..., Any])


def raise_if_finished(func: _F) -> _F:
    """Make a Run method raise ``UsageError`` once the run is finished (as wandb does)."""

    @functools.wraps(func)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        if getattr(self, "_is_finished", False):
            self._raise_finished(func.__name__)
        return func(self, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


class RunProperties:
    """Mixin holding the public properties of ``Run`` (everything comes from settings)."""

    _settings: Any

    def _raise_finished(self, name: str) -> None:
        from wandb.errors import UsageError

        raise UsageError(
            f"Run ({self.id}) is finished. The call to `{name}` will be ignored."
            " Please make sure that you are using an active run."
        )

    def _s(self, name: str, default: Any = None) -> Any:
        return getattr(self._settings, name, default)

    def _set_setting(self, name: str, value: Any) -> None:
        try:
            setattr(self._settings, name, value)
        except Exception:  # a frozen/validated settings object: keep our own copy
            object.__setattr__(self._settings, name, value)

    @property
    def settings(self) -> Any:
        """A frozen copy of run's Settings object."""
        model_copy = getattr(self._settings, "model_copy", None)
        if model_copy is not None:
            return model_copy(deep=True)
        return copy.deepcopy(self._settings)

    @property
    def dir(self) -> str:
        """The directory where files associated with the run are saved."""
        return self._s("files_dir")

    @property
    def config(self) -> Any:
        """Config object associated with this run."""
        return self._config  # type: ignore[attr-defined]

    @property
    def config_static(self) -> Any:
        """Static (read-only, attribute access) view of the run's config."""
        try:
            from wandb.sdk.wandb_config import ConfigStatic
        except ImportError:
            ConfigStatic = None  # noqa: N806
        if ConfigStatic is not None:
            return ConfigStatic(self._config)  # type: ignore[attr-defined]
        return _StaticConfig(self._config)  # type: ignore[attr-defined]

    @property
    def summary(self) -> Any:
        """The run's Summary (dict-like; see ``wandb.Summary``)."""
        return self._summary  # type: ignore[attr-defined]

    @property
    def name(self) -> str | None:
        """Display name of the run."""
        return self._s("run_name")

    @name.setter
    def name(self, name: str) -> None:
        if getattr(self, "_is_finished", False):
            self._raise_finished("name")
        self._telemetry.set_feature("set_run_name")  # type: ignore[attr-defined]
        self._set_setting("run_name", name)
        self._publish_run()  # type: ignore[attr-defined]

    @property
    def notes(self) -> str | None:
        """Notes associated with the run, if there are any."""
        return self._s("run_notes")

    @notes.setter
    def notes(self, notes: str) -> None:
        if getattr(self, "_is_finished", False):
            self._raise_finished("notes")
        self._set_setting("run_notes", notes)
        self._publish_run()  # type: ignore[attr-defined]

    @property
    def tags(self) -> tuple | None:
        """Tags associated with the run, if there are any."""
        return tuple(self._s("run_tags") or ())

    @tags.setter
    def tags(self, tags: Sequence) -> None:
        if getattr(self, "_is_finished", False):
            self._raise_finished("tags")
        if isinstance(tags, str):
            raise TypeError("tags must be a sequence of strings (e.g. a list or tuple), not str")
        tags = tuple(tags)
        try:
            from wandb.sdk.wandb_settings import validate_run_tags
        except ImportError:
            validate_run_tags = None
        if validate_run_tags is not None:
            validated = validate_run_tags(tags)
            if validated is not None:
                tags = tuple(validated)
        self._telemetry.set_feature("set_run_tags")  # type: ignore[attr-defined]
        self._set_setting("run_tags", tags)
        self._publish_run()  # type: ignore[attr-defined]

    @property
    def id(self) -> str:
        """Identifier for this run."""
        return self._s("run_id")

    @property
    def sweep_id(self) -> str | None:
        """Identifier for the sweep associated with the run, if there is one."""
        return self._s("sweep_id")

    def _get_path(self) -> str:
        parts = [self._s("entity"), self._s("project"), self._s("run_id")]
        return "/".join(p for p in parts if p is not None)

    @property
    def path(self) -> str:
        """Path to the run: ``entity/project/run_id``."""
        return self._get_path()

    @property
    def start_time(self) -> float:
        """Unix timestamp (in seconds) of when the run started."""
        return self._start_time  # type: ignore[attr-defined]

    @property
    def starting_step(self) -> int:
        """The first step of the run."""
        return self._starting_step  # type: ignore[attr-defined]

    @property
    def resumed(self) -> bool:
        """True if the run was resumed, False otherwise."""
        return bool(self._s("resumed", False))

    @property
    def step(self) -> int:
        """Current value of the step (incremented by ``run.log``)."""
        stream = getattr(self, "_stream", None)
        if stream is None:
            return self._starting_step  # type: ignore[attr-defined]
        try:
            return stream.step
        except Exception:
            return getattr(self, "_last_step", self._starting_step)  # type: ignore[attr-defined]

    @property
    def offline(self) -> bool:
        """True if the run is offline, False otherwise."""
        flag = self._s("_offline")
        if flag is not None:
            return bool(flag)
        return self._s("mode") in ("offline", "dryrun")

    @property
    def disabled(self) -> bool:
        """True if the run is disabled, False otherwise."""
        flag = self._s("_noop")
        if flag is not None:
            return bool(flag)
        return self._s("mode") == "disabled"

    @property
    def group(self) -> str:
        """Name of the group associated with this run ('' if none)."""
        return self._s("run_group") or ""

    @property
    def job_type(self) -> str:
        """Name of the job type associated with the run ('' if none)."""
        return self._s("run_job_type") or ""

    @property
    def project(self) -> str:
        """Name of the W&B project associated with the run."""
        return self._s("project")

    @property
    def entity(self) -> str:
        """The name of the W&B entity associated with the run ('' if unknown)."""
        return self._s("entity") or ""

    def _url(self, name: str) -> str | None:
        if self.offline:
            run_messages.termwarn("URL not available in offline run")
            return None
        return self._s(name)

    @property
    def url(self) -> str | None:
        """The url for the W&B run, if there is one (None offline)."""
        return self._url("run_url")

    @property
    def project_url(self) -> str | None:
        """URL of the project, if there is one (None offline)."""
        return self._url("project_url")

    @property
    def sweep_url(self) -> str | None:
        """URL of the sweep, if there is one (None offline)."""
        return self._url("sweep_url")

    # -- deprecated accessors ---------------------------------------------------------
    def _deprecated(self, flag: str, what: str, instead: str) -> None:
        self._telemetry.set_deprecated(flag)  # type: ignore[attr-defined]
        run_messages.termwarn(
            f"The {what} method is deprecated and will be removed in a future release."
            f" Please use `{instead}` instead.",
            repeat=False,
        )

    def project_name(self) -> str:
        """Deprecated: use ``run.project``."""
        self._deprecated("run__project_name", "project_name", "run.project")
        return self.project

    def get_url(self) -> str | None:
        """Deprecated: use ``run.url``."""
        self._deprecated("run__get_url", "get_url", "run.url")
        return self.url

    def get_project_url(self) -> str | None:
        """Deprecated: use ``run.project_url``."""
        self._deprecated("run__get_project_url", "get_project_url", "run.project_url")
        return self.project_url

    def get_sweep_url(self) -> str | None:
        """Deprecated: use ``run.sweep_url``."""
        self._deprecated("run__get_sweep_url", "get_sweep_url", "run.sweep_url")
        return self.sweep_url


class _StaticConfig:
    """Read-only attribute view of a config (used until ``wandb_config.ConfigStatic`` exists)."""

    def __init__(self, config: Any) -> None:
        data = config.as_dict() if hasattr(config, "as_dict") else dict(config or {})
        object.__setattr__(self, "_items", {k: v for k, v in data.items() if k != "_wandb"})

    def __getattr__(self, name: str) -> Any:
        try:
            return self._items[name]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, name: str) -> Any:
        return self._items[name]

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Error: wandb.run.config_static is a readonly object")

    def keys(self) -> list[str]:
        return list(self._items)

    def __repr__(self) -> str:
        return repr(self._items)
