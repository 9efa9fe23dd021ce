"""First-start setup: data directory, signing secret, admin user and key."""

from __future__ import annotations

import os
import secrets

from wandb.server.store import Store

ADMIN_USER = "admin"
ADMIN_KEY_FILE = "admin-key"
SECRET_FILE = "server-secret"


def write_private(path: str, text: str) -> None:
    """Write ``text`` to ``path`` with mode 0600 (created that way, never world-readable)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)
    os.chmod(path, 0o600)


def load_secret(data_dir: str) -> bytes:
    """``WANDB_SERVER_SECRET`` (shared by replicas) or ``<data_dir>/server-secret``."""
    env = os.environ.get("WANDB_SERVER_SECRET")
    if env:
        return env.encode()
    path = os.path.join(data_dir, SECRET_FILE)
    if not os.path.exists(path):
        write_private(path, secrets.token_hex(32))
    with open(path) as f:
        return f.read().strip().encode()


def ensure_admin(store: Store, data_dir: str) -> tuple[str | None, bool]:
    """Create the admin user and key when the database has no user yet.

    Returns ``(admin_key, created)``: the key (read back from ``<data_dir>/admin-key`` on later
    starts, None if that file is gone) and whether it was created now. The key is
    ``$WANDB_SERVER_ADMIN_KEY`` when set at first start, else a random 40-hex-character key.
    """
    path = os.path.join(data_dir, ADMIN_KEY_FILE)
    if store.user_count() == 0:
        from wandb.server.keys import new_api_key, validate_key_format

        key = os.environ.get("WANDB_SERVER_ADMIN_KEY") or new_api_key()
        try:
            validate_key_format(key)
        except ValueError as e:
            raise ValueError(f"WANDB_SERVER_ADMIN_KEY: {e}") from None
        user = store.create_user(ADMIN_USER, email=None, admin=True)
        key, _row = store.add_api_key(user.id, key, "admin key")
        write_private(path, key + "\n")
        return key, True
    if os.path.exists(path):
        with open(path) as f:
            return f.read().strip() or None, False
    return None, False
