"""API keys: lookup (settings, then netrc) and storage in the netrc file as wandb does."""

from __future__ import annotations

import os
import stat
from typing import Any
from urllib.parse import urlparse

DEFAULT_BASE_URL = "https://api.wandb.ai"


class WriteNetrcError(Exception):
    """The netrc file could not be read or written."""


def get_netrc_file_path() -> str:
    """``$NETRC`` if set, else ``~/.netrc`` (or ``~/_netrc`` where only that exists)."""
    env_path = os.environ.get("NETRC")
    if env_path:
        return os.path.expanduser(env_path)
    home = os.path.expanduser("~")
    for name in (".netrc", "_netrc"):
        candidate = os.path.join(home, name)
        if os.path.exists(candidate):
            return candidate
    return os.path.join(home, ".netrc" if os.name != "nt" else "_netrc")


def _host_of(base_url: str | None) -> str:
    url = base_url or DEFAULT_BASE_URL
    netloc = urlparse(url).netloc
    return netloc or url


def validate_key(key: Any) -> str:
    """Check the API key's form: 40 characters, optionally after a ``<prefix>-``.

    Raises:
        ValueError: no key, or the 40-character part has another length.
    """
    if not key:
        raise ValueError("No API key specified.")
    if not isinstance(key, str):
        raise ValueError(f"API key must be a string, got {type(key).__name__}")
    _, suffix = key.split("-", 1) if "-" in key else ("", key)
    if len(suffix) != 40:
        raise ValueError(f"API key must be 40 characters long, yours was {len(key)}")
    return key


def read_netrc_key(base_url: str | None) -> str | None:
    """The password stored for ``base_url``'s host in the netrc file, if any."""
    path = get_netrc_file_path()
    if not os.path.exists(path):
        return None
    host = _host_of(base_url)
    try:
        with open(path) as f:
            tokens = f.read().split()
    except OSError:
        import wandb

        wandb.termwarn(f"Cannot access {path}.")
        return None
    # Tokenized parse (tolerant of the layouts wandb and other tools write).
    current: str | None = None
    found: dict[str, str] = {}
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok == "machine" and i + 1 < len(tokens):
            current = tokens[i + 1]
            i += 2
            continue
        if tok == "default":
            current = "__default__"
        elif tok == "password" and i + 1 < len(tokens) and current is not None:
            found.setdefault(current, tokens[i + 1])
            i += 2
            continue
        i += 1
    return found.get(host) or found.get(host.split(":")[0])


def write_netrc(host: str, entity: str, key: str) -> str:
    """Store ``key`` for ``host`` (a URL) in the netrc file, replacing any old entry; mode 0600.

    Returns the netrc path.
    """
    import wandb

    validate_key(key)
    normalized = _host_of(host)
    path = get_netrc_file_path()
    machine_line = f"machine {normalized}"
    lines: list[str] | None = None
    try:
        with open(path) as f:
            lines = f.read().strip().split("\n")
    except FileNotFoundError:
        wandb.termlog("No netrc file found, creating one.")
    except OSError as e:
        raise WriteNetrcError(f"Unable to read {path}") from e
    try:
        parent = os.path.dirname(path)
        if parent:
            os.makedirs(parent, exist_ok=True)
        with open(path, "w") as f:
            if lines:
                skip = 0
                for line in lines:
                    if line == "machine " or line.strip() == machine_line or (
                        line.startswith(machine_line + " ")
                    ):
                        skip = 2
                    elif skip:
                        skip -= 1
                    else:
                        f.write(f"{line}\n")
            wandb.termlog(f"Appending key for {normalized} to your netrc file: {path}")
            f.write(f"machine {normalized}\n  login {entity}\n  password {key}\n")
        os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
    except OSError as e:
        raise WriteNetrcError(f"Unable to write {path}") from e
    return path


def write_key(settings: Any, key: str | None) -> None:
    """Validate ``key`` and store it in the netrc file for ``settings.base_url``."""
    validate_key(key)
    base_url = getattr(settings, "base_url", None) or DEFAULT_BASE_URL
    write_netrc(base_url, "user", key)  # type: ignore[arg-type]


def api_key(settings: Any = None) -> str | None:
    """The configured API key: ``settings.api_key`` (``WANDB_API_KEY``), else the netrc entry."""
    if settings is None:
        from wandb.sdk import wandb_setup

        settings = wandb_setup.singleton().settings
    key = getattr(settings, "api_key", None)
    if key:
        return key
    return read_netrc_key(getattr(settings, "base_url", None))
