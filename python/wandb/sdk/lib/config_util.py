"""Config helpers: the ``ConfigError`` type, config-file loading and value cleanup."""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

from wandb.errors import Error, UsageError

logger = logging.getLogger("wandb")


class ConfigError(Error):
    """A config value or config file was rejected."""


def _load_yaml(stream: Any) -> Any:
    import yaml  # lazy: keeps `import wandb` fast

    return yaml.safe_load(stream)


def dict_from_config_file(filename: str, must_exist: bool = False) -> dict[str, Any] | None:
    """Load a config YAML file (wandb's ``key: {value: ...}`` form or plain ``key: value``).

    Returns None when the file is missing (and ``must_exist`` is False) or empty.

    Raises:
        ConfigError: the file is missing while ``must_exist``, unreadable, not
            valid YAML, or has an unknown ``wandb_version``.
    """
    if not os.path.exists(filename):
        if must_exist:
            raise ConfigError(f"config file {filename} doesn't exist")
        logger.debug("no default config file found in %s", filename)
        return None
    try:
        conf_file = open(filename)  # noqa: SIM115
    except OSError as e:
        raise ConfigError(f"Couldn't read config file: {filename}") from e
    import yaml

    try:
        with conf_file:
            loaded = _load_yaml(conf_file)
    except yaml.YAMLError as e:
        raise ConfigError("Invalid YAML in config yaml") from e
    if loaded is None:
        import wandb

        wandb.termwarn(
            f"Found an empty config file ({os.path.basename(filename)})."
            " Proceeding with no values from it."
        )
        return None
    if not isinstance(loaded, dict):
        raise ConfigError(f"config file {filename} must hold a mapping at the top level")
    config_version = loaded.pop("wandb_version", None)
    if config_version is not None and config_version != 1:
        raise ConfigError("Unknown config version")
    data: dict[str, Any] = {}
    for k, v in loaded.items():
        # wandb writes every key as {"value": ..., "desc": ...}; accept plain values too.
        if isinstance(v, dict) and "value" in v and set(v) <= {"value", "desc"}:
            data[k] = v["value"]
        else:
            data[k] = v
    return data


def save_config_file_from_dict(config_filename: str, config_dict: dict[str, Any]) -> None:
    """Write ``config_dict`` as a ``wandb_version: 1`` YAML file."""
    import yaml

    text = "wandb_version: 1"
    if config_dict:
        text += "\n\n" + yaml.safe_dump(
            config_dict, default_flow_style=False, allow_unicode=True, sort_keys=False
        )
    parent = os.path.dirname(config_filename)
    if parent:
        os.makedirs(parent, exist_ok=True)
    with open(config_filename, "w") as f:
        f.write(text)


def merge_dicts(dest: dict, src: dict) -> dict:
    """Recursively merge ``src`` into ``dest`` (dict leaves merge, others replace)."""
    for key, value in src.items():
        if isinstance(value, dict) and isinstance(dest.get(key), dict):
            merge_dicts(dest[key], value)
        else:
            dest[key] = value
    return dest


def to_dict(params: Any) -> dict[str, Any]:
    """Turn a dict, ``argparse.Namespace``, absl ``FLAGS`` or any object with ``__dict__`` into a dict.

    Raises:
        TypeError: ``params`` is none of those.
    """
    if isinstance(params, dict):
        return params
    if type(params).__name__ == "Config" and hasattr(params, "_as_dict"):
        return dict(params)  # a wandb Config (e.g. another run's)
    import inspect
    import types

    module = inspect.getmodule(params)
    if module is not None:
        is_tf_flags = (
            isinstance(params, types.ModuleType)
            and module.__name__ == "tensorflow.python.platform.flags"
        )
        if is_tf_flags or module.__name__ == "absl.flags":
            params = params.FLAGS
            module = inspect.getmodule(params)
    if module is not None and module.__name__ == "absl.flags._flagvalues":
        return {name: params[name].value for name in dir(params)}
    if not hasattr(params, "__dict__"):
        raise TypeError("config must be a dict or have a __dict__ attribute.")
    attrs = vars(params)
    if "__flags" in attrs:  # tensorflow < 1.4 flags
        if "__parsed" not in attrs and hasattr(params, "_parse_flags"):
            params._parse_flags()
        return dict(vars(params)["__flags"])
    return dict(attrs)


def parse_config(params: Any, exclude: Any = None, include: Any = None) -> dict[str, Any]:
    """Load config values from a dict, namespace, flags object or YAML path.

    ``include`` keeps only the named keys, ``exclude`` drops them; giving both is a
    ``UsageError``.
    """
    if exclude and include:
        raise UsageError("Expected at most only one of exclude or include")
    if isinstance(params, str):
        params = dict_from_config_file(params, must_exist=True) or {}
    params = to_dict(params)
    if include:
        params = {k: v for k, v in params.items() if k in include}
    if exclude:
        params = {k: v for k, v in params.items() if k not in exclude}
    return params


# ---------------------------------------------------------------------------
# Value cleanup (what wandb calls json_friendly_val)


def _typename(obj: Any) -> str:
    cls = type(obj)
    return f"{cls.__module__}.{cls.__qualname__}"


def _is_numpy_array(obj: Any) -> bool:
    np = sys.modules.get("numpy")
    return np is not None and isinstance(obj, np.ndarray)


def _tensor_to_plain(obj: Any) -> tuple[Any, bool]:
    """Convert torch / tensorflow / jax tensors; returns (value, handled)."""
    name = _typename(obj)
    if name.startswith("torch.") and "Tensor" in name or name.startswith("fastai."):
        try:
            obj = obj.detach()
        except AttributeError:
            pass
        try:
            if not obj.size():
                return obj.item(), True
        except Exception:  # noqa: BLE001
            pass
        return obj.cpu().numpy(), True
    if name.startswith("tensorflow.") and ("Tensor" in name or "Variable" in name):
        return obj.numpy(), True
    if name.startswith("jax") and "Array" in name:
        np = sys.modules.get("numpy")
        if np is not None:
            return np.asarray(obj), True
    return obj, False


def _json_friendly(obj: Any) -> Any:
    import datetime
    import enum
    import math

    obj, _ = _tensor_to_plain(obj)
    if _is_numpy_array(obj):
        if obj.size == 1:
            return obj.flatten()[0].item()
        if obj.size <= 32:
            return obj.tolist()
        return str(obj)  # as wandb: large arrays are not expanded into the config
    np = sys.modules.get("numpy")
    if np is not None and isinstance(obj, np.generic):
        obj = obj.item()
        if isinstance(obj, float) and obj != obj:  # NaN
            return None
        return obj
    if isinstance(obj, bytes):
        return obj.decode("utf-8")
    if isinstance(obj, (datetime.datetime, datetime.date)):
        return obj.isoformat()
    if isinstance(obj, enum.Enum):
        return obj.name
    if callable(obj):
        if hasattr(obj, "__qualname__") and hasattr(obj, "__module__"):
            return f"{obj.__module__}.{obj.__qualname__}"
        return str(obj)
    if isinstance(obj, float) and math.isnan(obj):
        return None
    if isinstance(obj, (set, frozenset)):
        return tuple(obj)
    return obj


def json_friendly_val(val: Any) -> Any:
    """Make a config value JSON friendly: dicts and sequences recursively, numpy and
    tensors to numbers/lists, dataclasses to dicts, slices to dicts, unknown objects
    to ``str``."""
    import dataclasses
    from collections.abc import Sequence

    if isinstance(val, dict):
        return {k: json_friendly_val(v) for k, v in val.items()}
    if isinstance(val, slice):
        return {"slice_start": val.start, "slice_step": val.step, "slice_stop": val.stop}
    val = _json_friendly(val)
    if isinstance(val, Sequence) and not isinstance(val, (str, bytes)):
        return [json_friendly_val(v) for v in val]
    if dataclasses.is_dataclass(val) and not isinstance(val, type):
        return json_friendly_val(dataclasses.asdict(val))
    if isinstance(val, dict):
        return {k: json_friendly_val(v) for k, v in val.items()}
    if val.__class__.__module__ not in ("builtins", "__builtin__"):
        return str(val)
    return val
