"""``wandb.login()``: configure (and optionally verify) W&B credentials."""


import os
import sys
from typing import Any, Literal, Optional

from wandb.errors import AuthenticationError, UsageError
from wandb.sdk import wandb_setup
from wandb.sdk.lib import apikey

__all__ = ["login"]


def _termlog(msg: str) -> None:
    import wandb

    wandb.termlog(msg, repeat=False)


def _termwarn(msg: str) -> None:
    import wandb

    wandb.termwarn(msg, repeat=False)


def _store_host(host: Optional[str]) -> None:
    """Remember ``host`` as ``base_url`` in the system settings file (as wandb does)."""
    if host is None:
        return
    import configparser

    from wandb.sdk.wandb_settings import default_settings_system

    path = default_settings_system()
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(path)
    if not parser.has_section("default"):
        parser.add_section("default")
    if host.rstrip("/") == apikey.DEFAULT_BASE_URL:
        parser.remove_option("default", "base_url")
    else:
        parser.set("default", "base_url", host.rstrip("/"))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        parser.write(f)


def login(
    anonymous: Optional[Literal["must", "allow", "never"]] = None,
    key: Optional[str] = None,
    relogin: Optional[bool] = None,
    host: Optional[str] = None,
    force: Optional[bool] = None,
    timeout: Optional[int] = None,
    verify: bool = False,
    referrer: Optional[str] = None,
) -> bool:
    """Set up W&B login credentials.

    By default this only stores the key locally (in the netrc file, ``$NETRC`` or
    ``~/.netrc``) without contacting the server; pass ``verify=True`` to check it.

    Args:
        anonymous: "must", "allow" or "never" (anonymous logging is not offered by
            Vireo servers; accepted for compatibility).
        key: The API key (40 characters, optionally after a ``<prefix>-``).
        relogin: Replace a key that is already configured.
        host: The server URL; remembered as ``base_url`` in the system settings file.
        force: Require a login (no falling back to offline).
        timeout: Seconds to wait for input at the prompt.
        verify: Check the key with the server.
        referrer: Referrer used in the login URL.

    Returns:
        True if an API key is configured.

    Raises:
        AuthenticationError: ``verify`` is set and the server cannot be reached or
            rejects the key.
        UsageError: no key is configured and there is no terminal to ask for one.
    """
    logged_in = _login(
        anonymous=anonymous,
        key=key,
        relogin=relogin,
        host=host,
        force=force,
        timeout=timeout,
        verify=verify,
        referrer=referrer,
    )
    _store_host(host)  # only after a successful (and, with verify, checked) login
    return logged_in


def _prompt_api_key(settings: Any, timeout: Optional[int]) -> Optional[str]:
    """Ask for a key on a terminal; None where there is none."""
    if not (sys.stdin and sys.stdin.isatty()) or getattr(settings, "_notebook", False):
        return None
    import getpass

    from wandb.sdk.lib.apikey import DEFAULT_BASE_URL

    base = getattr(settings, "base_url", None) or DEFAULT_BASE_URL
    app_url = base.replace("//api.", "//", 1)
    _termlog(f"You can find your API key in your browser here: {app_url}/authorize")
    try:
        key = getpass.getpass("wandb: Paste an API key from your profile and hit enter: ")
    except (EOFError, KeyboardInterrupt):
        return None
    return key.strip() or None


def _verify_key(settings: Any, key: str) -> None:
    """Check ``key`` with the server; raise AuthenticationError when that fails."""
    base_url = getattr(settings, "base_url", None) or apikey.DEFAULT_BASE_URL
    try:
        import requests

        resp = requests.post(
            base_url.rstrip("/") + "/graphql",
            json={"query": "query Viewer { viewer { id entity username } }"},
            auth=("api", key),
            timeout=20,
        )
    except Exception as e:  # noqa: BLE001 - any transport error means "cannot verify"
        raise AuthenticationError("Unable to connect to server to verify API token.") from e
    ok = False
    if resp.status_code == 200:
        try:
            ok = bool((resp.json().get("data") or {}).get("viewer"))
        except ValueError:
            ok = False
    elif resp.status_code not in (401, 403):
        raise AuthenticationError("An error occurred while verifying the API key.")
    if not ok:
        raise AuthenticationError(
            f"API key verification failed for host {base_url}. Make sure your API key is valid."
        )


def _login(
    *,
    anonymous: Optional[str] = None,
    key: Optional[str] = None,
    relogin: Optional[bool] = None,
    host: Optional[str] = None,
    force: Optional[bool] = None,
    timeout: Optional[int] = None,
    verify: bool = False,
    referrer: Optional[str] = None,
    update_api_key: bool = True,
    _silent: Optional[bool] = None,
    _disable_warning: Optional[bool] = None,
) -> bool:
    import wandb

    if wandb.run is not None:
        if not _disable_warning:
            _termwarn("Calling wandb.login() after wandb.init() has no effect.")
        return True

    wl = wandb_setup.singleton()
    settings = wl.settings
    login_settings = {
        "anonymous": anonymous,
        "base_url": host.rstrip("/") if host else None,
        "force": force,
        "login_timeout": timeout,
    }
    settings.update_from_dict({k: v for k, v in login_settings.items() if v is not None})

    if settings._noop:
        return True
    if settings._offline and not getattr(settings, "x_cli_only_mode", False):
        _termwarn("Unable to verify login in offline mode.")
        return False

    key_is_pre_configured = False
    if key is None:
        key = apikey.api_key(settings=settings)
        if key and not relogin:
            key_is_pre_configured = True
        else:
            key = _prompt_api_key(settings, timeout)
            if key is None:
                directive = (
                    "wandb login [your_api_key]"
                    if getattr(settings, "x_cli_only_mode", False)
                    else "wandb.login(key=[your_api_key])"
                )
                raise UsageError("api_key not configured (no-tty). call " + directive)

    if not key_is_pre_configured:
        apikey.validate_key(key)
    if verify:
        _verify_key(settings, key)

    if not key_is_pre_configured:
        if update_api_key:
            try:
                apikey.write_key(settings, key)
            except apikey.WriteNetrcError as e:
                _termwarn(str(e))
        settings.update_from_dict({"api_key": key})

    if key and not _silent:
        _termlog(
            "W&B API key is configured. Use `wandb login --relogin` to force relogin"
        )
    return key is not None
