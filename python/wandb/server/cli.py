"""``wandb server start|stop|status|gc``, ``wandb server user create``, ``wandb server key create``.

Attach with ``cli.add_command(server_group)`` (imported lazily by the main CLI).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import click

from wandb.server.config import ServerConfig


def default_data_dir() -> str:
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return os.environ.get("WANDB_SERVER_DATA_DIR") or os.path.join(base, "wandb", "server")


_data_dir_opt = click.option("--data-dir", default=None, help="Data directory (default: ~/.local/share/wandb/server).")
_db_opt = click.option("--db-url", default=None, help="Database URL: sqlite:///path or postgresql://user:pw@host/db.")


@click.group(name="server")
def server_group() -> None:
    """Run a W&B-compatible server (Vireo)."""


def _check_server_deps() -> None:
    import importlib.util

    missing = [m for m in ("starlette", "uvicorn", "ariadne", "sqlalchemy") if importlib.util.find_spec(m) is None]
    if missing:
        raise click.ClickException(
            f"the server needs {', '.join(missing)}: pip install starlette uvicorn ariadne sqlalchemy")


@server_group.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8080, show_default=True, type=int, help="Port to bind (0: any free port).")
@_data_dir_opt
@_db_opt
@click.option("--blob-store", default=None, help="Blob directory, or s3://bucket/prefix (endpoint: $WANDB_SERVER_S3_ENDPOINT).")
@click.option("--public-url", default=None, envvar="WANDB_SERVER_PUBLIC_URL",
              help="Base URL clients reach the server at, for the URLs it hands out (default: the request's).")
@click.option("--detach", is_flag=True, help="Run in the background; logs go to <data-dir>/server.log.")
def start(host: str, port: int, data_dir: str | None, db_url: str | None, blob_store: str | None,
          public_url: str | None, detach: bool) -> None:
    """Start the server (in the foreground unless --detach)."""
    _check_server_deps()
    from wandb.server.runner import read_state, serve_foreground

    data_dir = os.path.abspath(data_dir or default_data_dir())
    os.makedirs(data_dir, mode=0o700, exist_ok=True)
    running = read_state(data_dir)
    if running:
        raise click.ClickException(f"a server is already running for {data_dir} at {running['url']} (pid {running['pid']})")
    if detach:
        args = [sys.executable, "-m", "wandb.server.cli", "start", "--host", host, "--port", str(port),
                "--data-dir", data_dir]
        if db_url:
            args += ["--db-url", db_url]
        if blob_store:
            args += ["--blob-store", blob_store]
        if public_url:
            args += ["--public-url", public_url]
        log_path = os.path.join(data_dir, "server.log")
        with open(log_path, "ab") as log:
            proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                    start_new_session=True)
        deadline = time.time() + 30
        while time.time() < deadline:
            state = read_state(data_dir)
            if state and state.get("pid") == proc.pid:
                click.echo(f"wandb server: started in the background at {state['url']} (pid {proc.pid}); log: {log_path}")
                key_path = os.path.join(data_dir, "admin-key")
                if os.path.exists(key_path):
                    click.echo(f"wandb server: admin API key in {key_path}")
                return
            if proc.poll() is not None:
                raise click.ClickException(f"the server exited with code {proc.returncode}; see {log_path}")
            time.sleep(0.1)
        raise click.ClickException(f"the server did not start within 30 s; see {log_path}")
    config = ServerConfig(data_dir=data_dir, host=host, port=port, db_url=db_url, blob_store=blob_store,
                          public_url=public_url)
    serve_foreground(config, echo=click.echo)


@server_group.command()
@_data_dir_opt
def stop(data_dir: str | None) -> None:
    """Stop the server running for a data directory."""
    from wandb.server.runner import read_state

    data_dir = os.path.abspath(data_dir or default_data_dir())
    state = read_state(data_dir)
    if not state:
        raise click.ClickException(f"no server is running for {data_dir}")
    os.kill(int(state["pid"]), signal.SIGTERM)
    for _ in range(100):
        if read_state(data_dir) is None:
            break
        time.sleep(0.1)
    click.echo(f"wandb server: stopped (pid {state['pid']})")


@server_group.command()
@_data_dir_opt
def status(data_dir: str | None) -> None:
    """Say whether a server is running for a data directory, and where."""
    from wandb.server.runner import read_state

    data_dir = os.path.abspath(data_dir or default_data_dir())
    state = read_state(data_dir)
    if state:
        click.echo(f"wandb server: running at {state['url']} (pid {state['pid']}, data in {data_dir})")
    else:
        click.echo(f"wandb server: not running (data in {data_dir})")
        sys.exit(1)


def _open_store(data_dir: str | None, db_url: str | None):  # type: ignore[no-untyped-def]
    from wandb.server.bootstrap import ensure_admin
    from wandb.server.store import Store

    data_dir = os.path.abspath(data_dir or default_data_dir())
    os.makedirs(data_dir, mode=0o700, exist_ok=True)
    store = Store(ServerConfig(data_dir=data_dir, db_url=db_url).resolved_db_url())
    ensure_admin(store, data_dir)
    return store


@server_group.group()
def user() -> None:
    """Manage users."""


@user.command("create")
@click.argument("name")
@click.option("--email", default=None, help="The user's email.")
@click.option("--admin", is_flag=True, help="Give the user admin rights.")
@_data_dir_opt
@_db_opt
def user_create(name: str, email: str | None, admin: bool, data_dir: str | None, db_url: str | None) -> None:
    """Create user NAME (with entity NAME) and print a new API key for it."""
    from wandb.server.errors import ClientError

    store = _open_store(data_dir, db_url)
    try:
        row = store.create_user(name, email=email, admin=admin)
        key, _ = store.add_api_key(row.id, description="created by wandb server user create")
    except ClientError as e:
        raise click.ClickException(str(e)) from None
    finally:
        store.close()
    click.echo(f"created user {name!r}; API key: {key}")


@server_group.group()
def key() -> None:
    """Manage API keys."""


@key.command("create")
@click.argument("name")
@click.option("--description", default=None, help="A note stored with the key.")
@_data_dir_opt
@_db_opt
def key_create(name: str, description: str | None, data_dir: str | None, db_url: str | None) -> None:
    """Create and print a new API key for user NAME."""
    store = _open_store(data_dir, db_url)
    try:
        row = store.user_by_name(name)
        if row is None:
            raise click.ClickException(f"NAME: no user named {name!r}")
        new_key, _ = store.add_api_key(row.id, description=description)
    finally:
        store.close()
    click.echo(new_key)


_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(value: str) -> float:
    """Seconds from "90", "90s", "30m", "24h" or "7d"; click.BadParameter otherwise."""
    v = value.strip().lower()
    num, unit = (v[:-1], v[-1]) if v[-1:] in _UNITS else (v, "s")
    try:
        n = float(num)
    except ValueError:
        n = -1.0
    if not num or n != n or n < 0 or n == float("inf"):
        raise click.BadParameter(
            f"expected seconds >= 0 or a number with s, m, h or d (90s, 30m, 24h, 7d), got {value!r}",
            param_hint="'--grace'")
    return n * _UNITS[unit]


def _size(n: int) -> str:
    """Bytes for people: 950 B, 12.3 MB."""
    if n < 1000:
        return f"{n} B"
    for unit in ("kB", "MB", "GB", "TB"):
        n /= 1000  # type: ignore[assignment]
        if n < 1000 or unit == "TB":
            break
    return f"{n:.1f} {unit}"


@server_group.command()
@_data_dir_opt
@_db_opt
@click.option("--blob-store", default=None, help="Blob directory, or s3://bucket/prefix (default: <data-dir>/blobs).")
@click.option("--grace", default="24h", show_default=True,
              help="Keep unreferenced blobs younger than this (uploads in progress): 90s, 30m, 24h, 7d or seconds.")
@click.option("--dry-run", is_flag=True, help="Only count what would be deleted.")
def gc(data_dir: str | None, db_url: str | None, blob_store: str | None, grace: str, dry_run: bool) -> None:
    """Delete stored blobs that no artifact version, run file or upload refers to.

    Safe while the server runs: only blobs older than --grace are deleted.
    """
    from wandb.server.blobs import make_blob_store
    from wandb.server.gc import collect_garbage
    from wandb.server.store import Store

    grace_s = parse_duration(grace)
    data_dir = os.path.abspath(data_dir or default_data_dir())
    url = ServerConfig(data_dir=data_dir, db_url=db_url).resolved_db_url()
    if url.startswith("sqlite:///") and not os.path.exists(url[len("sqlite:///"):]):
        raise click.ClickException(f"no server database at {url[len('sqlite:///'):]} (check --data-dir / --db-url)")
    store = Store(url)
    try:
        blobs = make_blob_store(ServerConfig(data_dir=data_dir, blob_store=blob_store).resolved_blob_store(), data_dir)
        r = collect_garbage(store, blobs, grace_s=grace_s, dry_run=dry_run)
    finally:
        store.close()
    verb = "would delete" if dry_run else "deleted"
    line = (f"scanned {r.scanned} blobs, {r.referenced} referenced, {verb} {r.deleted} ({_size(r.bytes_freed)}), "
            f"kept {r.kept_young} younger than {grace.strip()}")
    if r.tmp_deleted:
        line += f"; {verb} {r.tmp_deleted} stale temporary file(s) ({_size(r.tmp_bytes_freed)})"
    click.echo(line)


if __name__ == "__main__":
    server_group(prog_name="wandb server")
