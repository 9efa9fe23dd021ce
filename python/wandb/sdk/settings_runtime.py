"""Facts about the running process used by computed settings (notebook kind, program, URLs)."""

from __future__ import annotations

import os
import sys
from typing import Any, Optional


def python_type() -> str:
    """``"python"``, ``"ipython"`` (terminal IPython) or ``"jupyter"`` (a notebook kernel)."""
    if "IPython" not in sys.modules:
        return "python"
    try:
        from IPython import get_ipython  # type: ignore[import-not-found]

        shell = get_ipython()
    except Exception:
        return "python"
    if shell is None:
        return "python"
    try:
        config = shell.config
        conn = (config.get("IPKernelApp", {}) or {}).get("connection_file", "") or (
            config.get("ColabKernelApp", {}) or {}
        ).get("connection_file", "")
        conn = str(conn).lower()
    except Exception:
        conn = ""
    if "terminal" in type(shell).__module__ or "jupyter" not in conn or "spyder" in sys.modules:
        return "ipython"
    return "jupyter"


def is_kaggle() -> bool:
    """True when running in (or set up for) Kaggle."""
    return (
        os.getenv("KAGGLE_KERNEL_RUN_TYPE") is not None
        or "kaggle_environments" in sys.modules
        or "kaggle" in sys.modules
        or os.path.exists(os.path.expanduser(os.path.join("~", ".kaggle", "kaggle.json")))
    )


def is_aws_lambda() -> bool:
    """True inside an AWS Lambda runtime (its bootstrap module is loaded)."""
    for name in ("bootstrap", "__main__", "awslambdaric.bootstrap"):
        mod = sys.modules.get(name)
        if mod is not None and hasattr(mod, "handle_event_request"):
            return True
    return False


def app_url(api_url: str) -> str:
    """The web app URL for an API URL (``WANDB_APP_URL`` overrides), without trailing slash."""
    override = os.environ.get("WANDB_APP_URL")
    if override:
        return override.strip("/")
    if "://api.wandb.test" in api_url:
        return api_url.replace("://api.", "://app.").strip("/")
    if "://api.wandb." in api_url:
        return api_url.replace("://api.", "://").strip("/")
    if "://api." in api_url:
        return api_url.replace("://api.", "://app.").strip("/")
    return api_url


def api_key_for(settings: Any) -> Optional[str]:
    """The API key from settings, ``WANDB_API_KEY`` or ``~/.netrc`` (None if there is none)."""
    if getattr(settings, "api_key", None):
        return settings.api_key
    key = os.environ.get("WANDB_API_KEY")
    if key:
        return key
    try:
        import netrc
        from urllib.parse import urlsplit

        path = os.environ.get("NETRC") or os.path.expanduser(os.path.join("~", ".netrc"))
        host = urlsplit(settings.base_url).hostname or ""
        auth = netrc.netrc(path).authenticators(host)
        return auth[2] if auth else None
    except Exception:
        return None


def find_git_root(start: str) -> Optional[str]:
    """The nearest directory at or above ``start`` that holds ``.git``."""
    path = os.path.abspath(start)
    while True:
        if os.path.exists(os.path.join(path, ".git")):
            return path
        parent = os.path.dirname(path)
        if parent == path:
            return None
        path = parent


def main_program() -> Optional[str]:
    """The script that started the process (``WANDB_PROGRAM`` overrides; ``-m pkg`` for modules)."""
    program = os.getenv("WANDB_PROGRAM")
    if program is not None:
        return program
    main = sys.modules.get("__main__")
    if main is None:
        return None
    try:
        spec = getattr(main, "__spec__", None)
        if spec is None:
            return main.__file__
        return f"-m {spec.name}"
    except AttributeError:
        return None


def program_relpath(program: str, root: Optional[str] = None) -> Optional[str]:
    """``program`` relative to ``root`` (default: cwd) when it exists under it, else None."""
    if not program:
        return None
    root = root or os.getcwd()
    if not root:
        return None
    try:
        full = os.path.join(root, os.path.relpath(os.getcwd(), root), program)
    except ValueError:  # different drives on Windows
        return None
    if os.path.exists(full):
        rel = os.path.relpath(full, start=root)
        if "../" in rel:
            return None
        return rel
    return None
