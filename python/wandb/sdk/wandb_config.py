"""``wandb.Config``: the run's hyperparameters (``run.config``).

A dict-like object with attribute access. Values are made JSON friendly when
set (numpy scalars become numbers, tuples become lists...). Changing an existing
key to a different value raises ``ConfigError`` unless ``allow_val_change=True``.

The run registers a callback with ``_set_callback(fn)``; after each successful
change it is called as ``fn(update, remove)`` where ``update`` maps only the
changed top-level keys to their new values and ``remove`` lists deleted keys.
"""

from __future__ import annotations

import logging
from typing import Any, Callable, Iterator

from wandb.sdk.lib import config_util
from wandb.sdk.lib.config_util import ConfigError, json_friendly_val, parse_config

logger = logging.getLogger("wandb")

ConfigCallback = Callable[["dict[str, Any] | None", "list[str] | None"], Any]

__all__ = ["Config", "ConfigError", "ConfigStatic"]


def _is_wb_value(val: Any) -> bool:
    return any(
        c.__name__ == "WBValue" and c.__module__.startswith("wandb.")
        for c in type(val).__mro__
    )


def _is_artifact(val: Any) -> bool:
    cls = type(val)
    return cls.__name__ == "Artifact" and cls.__module__.startswith("wandb.")


def _contains_artifact(val: Any) -> bool:
    if isinstance(val, dict):
        return any(_is_artifact(v) or _contains_artifact(v) for v in val.values())
    return False


class Config:
    """Hyperparameters and inputs of a run.

    Use it like a dict or with attributes::

        run.config.update({"lr": 0.01, "layers": 3})
        run.config.batch_size = 32
        run.config["optimizer"] = "adam"
        print(run.config.lr, run.config["layers"])

    It also accepts ``argparse.Namespace`` and absl/TensorFlow ``FLAGS`` objects in
    ``update``. Keys starting with ``_`` are internal: present, but hidden from
    ``keys()`` and ``items()``.
    """

    def __init__(self) -> None:
        object.__setattr__(self, "_items", {})
        object.__setattr__(self, "_locked", {})
        object.__setattr__(self, "_users", {})
        object.__setattr__(self, "_users_inv", {})
        object.__setattr__(self, "_users_cnt", 0)
        object.__setattr__(self, "_callback", None)
        object.__setattr__(self, "_settings", None)
        object.__setattr__(self, "_artifact_callback", None)
        self._load_defaults()

    # -- wiring used by the run --------------------------------------------------------
    def _set_callback(self, cb: ConfigCallback | None) -> None:
        object.__setattr__(self, "_callback", cb)

    def _set_artifact_callback(self, cb: Callable[[str, Any], Any] | None) -> None:
        object.__setattr__(self, "_artifact_callback", cb)

    def _set_settings(self, settings: Any) -> None:
        object.__setattr__(self, "_settings", settings)

    def _notify(self, update: dict[str, Any] | None, remove: list[str] | None = None) -> None:
        if self._callback is not None and (update or remove):
            self._callback(update, remove)

    # -- mapping protocol ----------------------------------------------------------------
    def __repr__(self) -> str:
        return str(dict(self))

    def keys(self) -> list[str]:
        """Public keys (those not starting with ``_``)."""
        return [k for k in self._items if not k.startswith("_")]

    def items(self) -> list[tuple[str, Any]]:
        """Public ``(key, value)`` pairs."""
        return [(k, v) for k, v in self._items.items() if not k.startswith("_")]

    def get(self, *args: Any) -> Any:
        """``config.get(key[, default])``."""
        return self._items.get(*args)

    def as_dict(self) -> dict[str, Any]:
        """A plain dict of the public keys."""
        return dict(self)

    def _as_dict(self) -> dict[str, Any]:
        return self._items

    def __getitem__(self, key: str) -> Any:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __getattr__(self, key: str) -> Any:
        try:
            return self.__getitem__(key)
        except KeyError as e:
            raise AttributeError(f"{self.__class__!r} object has no attribute {key!r}") from e

    def __setitem__(self, key: str, val: Any) -> None:
        if self._check_locked(key):
            return
        if isinstance(val, dict) and _contains_artifact(val):
            raise ValueError(
                "Instances of wandb.Artifact can only be top level keys in a run's config"
            )
        key, val = self._sanitize(key, val)
        self._items[key] = val
        logger.info("config set %s = %s - %s", key, val, self._callback)
        self._notify({key: val})

    __setattr__ = __setitem__

    def __delitem__(self, key: str) -> None:
        if self._check_locked(key):
            return
        del self._items[key]
        self._notify(None, [key])

    def __delattr__(self, key: str) -> None:
        try:
            self.__delitem__(key)
        except KeyError as e:
            raise AttributeError(key) from e

    # -- updates -------------------------------------------------------------------------
    def update(self, d: Any, allow_val_change: bool | None = None) -> None:
        """Set several keys from a dict, ``argparse.Namespace`` or flags object.

        Raises:
            wandb.sdk.lib.config_util.ConfigError: a key already holds a different
                value and ``allow_val_change`` is not True.
        """
        sanitized = self._update(d, allow_val_change)
        self._notify(sanitized)

    def _update(
        self, d: Any, allow_val_change: bool | None = None, ignore_locked: bool | None = None
    ) -> dict[str, Any]:
        parsed = parse_config(d)
        locked = {k for k in list(parsed) if self._check_locked(k, ignore_locked=bool(ignore_locked))}
        sanitized = self._sanitize_dict(parsed, allow_val_change, ignore_keys=locked)
        self._items.update(sanitized)
        return sanitized

    def setdefaults(self, d: Any) -> None:
        """Set the keys of ``d`` that are not set yet; existing values are kept."""
        parsed = parse_config(d)
        parsed = {k: v for k, v in parsed.items() if k not in self._items}
        sanitized = self._sanitize_dict(parsed)
        self._items.update(sanitized)
        self._notify(sanitized)

    def persist(self) -> None:
        """Send the whole config (internal keys included) to the run again."""
        self._notify(dict(self._items))

    def update_locked(self, d: dict, user: Any = None, _allow_val_change: bool | None = None) -> None:
        """Shallow-update with ``d`` and lock its keys: later updates of them are ignored
        with a warning (sweeps lock the parameters they choose)."""
        num = self._get_user_id(user)
        for k, v in d.items():
            k, v = self._sanitize(k, v, allow_val_change=_allow_val_change)
            self._locked[k] = num
            self._items[k] = v
        self._notify(dict(d))

    def merge_locked(self, d: dict, user: Any = None, _allow_val_change: bool | None = None) -> None:
        """Like ``update_locked`` but dict values are merged recursively into existing dicts."""
        num = self._get_user_id(user)
        changed: dict[str, Any] = {}
        for k, v in d.items():
            k, v = self._sanitize(k, v, allow_val_change=_allow_val_change)
            self._locked[k] = num
            if isinstance(self._items.get(k), dict) and isinstance(v, dict):
                self._items[k] = config_util.merge_dicts(self._items[k], v)
            else:
                self._items[k] = v
            changed[k] = self._items[k]
        self._notify(changed)

    # -- internals -----------------------------------------------------------------------
    def _get_user_id(self, user: Any) -> int:
        if user not in self._users:
            self._users[user] = self._users_cnt
            self._users_inv[self._users_cnt] = user
            object.__setattr__(self, "_users_cnt", self._users_cnt + 1)
        return self._users[user]

    def _check_locked(self, key: str, ignore_locked: bool = False) -> bool:
        locked = self._locked.get(key)
        if locked is None:
            return False
        if not ignore_locked:
            import wandb

            wandb.termwarn(
                f"Config item '{key}' was locked by '{self._users_inv[locked]}' (ignored update)."
            )
        return True

    def _load_defaults(self) -> None:
        conf = config_util.dict_from_config_file("config-defaults.yaml")
        if conf is not None:
            self.update(conf)

    def _sanitize_dict(
        self,
        config_dict: dict[str, Any],
        allow_val_change: bool | None = None,
        ignore_keys: set[str] | None = None,
    ) -> dict[str, Any]:
        if _contains_artifact({k: v for k, v in config_dict.items() if isinstance(v, dict)}):
            raise ValueError(
                "Instances of wandb.Artifact can only be top level keys in a run's config"
            )
        out: dict[str, Any] = {}
        for k, v in config_dict.items():
            if ignore_keys and k in ignore_keys:
                continue
            k, v = self._sanitize(k, v, allow_val_change)
            out[k] = v
        return out

    def _sanitize(self, key: Any, val: Any, allow_val_change: bool | None = None) -> tuple[str, Any]:
        if _is_wb_value(val):
            raise TypeError("WBValue objects cannot be added to the run config")
        if not isinstance(key, str):
            raise TypeError(f"Config keys must be strings, got {type(key).__name__} ({key!r})")
        settings = self._settings
        if allow_val_change is None and settings is not None:
            # wandb.init(allow_val_change=True) / notebooks: values may change freely.
            if getattr(settings, "allow_val_change", None) or getattr(settings, "_jupyter", False):
                allow_val_change = True
        key = key.strip("-")
        if _is_artifact(val):
            if self._artifact_callback is not None:
                val = self._artifact_callback(key, val)
        else:
            val = json_friendly_val(val)
        if not allow_val_change and key in self._items and val != self._items[key]:
            raise ConfigError(
                f'Attempted to change value of key "{key}" '
                f"from {self._items[key]} to {val}\n"
                "If you really want to do this, pass allow_val_change=True to config.update()"
            )
        return key, val


class ConfigStatic:
    """A read-only snapshot of a config (``run.config_static``)."""

    def __init__(self, config: Any) -> None:
        object.__setattr__(self, "__dict__", dict(config))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Error: run.config_static is a readonly object")

    def __setitem__(self, key: str, val: Any) -> None:
        raise AttributeError("Error: run.config_static is a readonly object")

    def keys(self) -> Any:
        return self.__dict__.keys()

    def __getitem__(self, key: str) -> Any:
        return self.__dict__[key]

    def __str__(self) -> str:
        return str(self.__dict__)
