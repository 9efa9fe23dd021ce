"""Same-machine fast path discovery: GET /vireo/local-store (server) and local_store.discover (client)."""

from __future__ import annotations

import asyncio
import base64
import os
import stat
from pathlib import Path
from typing import Any

import pytest
import requests

from wandb.sdk.artifacts import local_store as ls
from wandb.server import local_store as srv_ls

DIGEST = "0123456789abcdef0123456789abcdef"


@pytest.fixture(autouse=True)
def _clean(monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.delenv("VIREO_LOCAL_BLOBS", raising=False)
    monkeypatch.delenv("WANDB_SERVER_LOCAL_BLOBS", raising=False)
    monkeypatch.delenv("WANDB_SERVER_BLOB_STORE", raising=False)
    ls._reset_cache()
    yield
    ls._reset_cache()


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """URLs the client requested (requests still go through, to loopback servers only)."""
    seen: list[str] = []
    real = requests.Session.request

    def spy(self: requests.Session, method: str, url: str, *a: Any, **kw: Any) -> Any:
        seen.append(url)
        host = requests.utils.urlparse(url).hostname
        assert host in ("127.0.0.1", "localhost", "::1"), f"non-loopback request to {url}"
        return real(self, method, url, *a, **kw)

    monkeypatch.setattr(requests.Session, "request", spy)
    return seen


def _root(server: Any) -> str:
    return server.handle.app.state.blobs.root


def _get(server: Any, auth: Any = None) -> requests.Response:
    return requests.get(server.url + "/vireo/local-store", auth=auth, timeout=10)


# -- server ------------------------------------------------------------------------------------

def test_endpoint_answers_root_layout_and_probe(sqlite_server: Any) -> None:
    r = _get(sqlite_server, sqlite_server.auth())
    assert r.status_code == 200, r.text
    body = r.json()
    root = _root(sqlite_server)
    assert body == {"root": root, "layout": "md5hex/2", "probe_path": os.path.join(root, "local-probe"),
                    "probe": body["probe"]}
    assert os.path.isabs(root) and len(body["probe"]) == 32 and int(body["probe"], 16) >= 0
    st = os.stat(body["probe_path"])
    assert stat.S_IMODE(st.st_mode) == 0o600
    assert Path(body["probe_path"]).read_text().strip() == body["probe"]
    assert body["probe"] == sqlite_server.handle.app.state.local_store.probe
    # no leftover temporary files from the atomic write
    assert [n for n in os.listdir(root) if n.startswith("local-probe")] == ["local-probe"]
    assert [n for n in os.listdir(os.path.join(root, "tmp")) if n.startswith("local-probe")] == []


@pytest.mark.parametrize("auth", [None, ("api", "x" * 40)])
def test_endpoint_needs_a_valid_key(sqlite_server: Any, auth: Any) -> None:
    r = _get(sqlite_server, auth)
    assert r.status_code == 401
    assert "error" in r.json()


def test_endpoint_404_when_disabled_by_config(tmp_path: Path) -> None:
    from wandb.server import start_in_thread

    with start_in_thread(str(tmp_path / "data"), port=0, local_blobs=False) as h:
        assert h.app.state.local_store is None
        r = requests.get(h.url + "/vireo/local-store", auth=("api", h.admin_key), timeout=10)
        assert r.status_code == 404 and r.json()["error"] == "local blob store not available"
        assert not os.path.exists(os.path.join(h.app.state.blobs.root, "local-probe"))
        assert ls.discover(h.url, h.admin_key) is None


@pytest.mark.parametrize("value", ["0", "false", "OFF"])
def test_endpoint_404_when_disabled_by_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    from wandb.server import start_in_thread

    monkeypatch.setenv("WANDB_SERVER_LOCAL_BLOBS", value)
    with start_in_thread(str(tmp_path / "data"), port=0) as h:
        r = requests.get(h.url + "/vireo/local-store", auth=("api", h.admin_key), timeout=10)
        assert r.status_code == 404
        assert ls.discover(h.url, h.admin_key) is None


def test_probe_token_survives_a_restart(tmp_path: Path) -> None:
    from wandb.server import start_in_thread

    with start_in_thread(str(tmp_path / "data"), port=0) as h:
        first = h.app.state.local_store.probe
    with start_in_thread(str(tmp_path / "data"), port=0) as h:
        assert h.app.state.local_store.probe == first


def test_probe_rewritten_when_garbage(tmp_path: Path) -> None:
    from wandb.server.blobs import LocalBlobStore

    blobs = LocalBlobStore(str(tmp_path / "blobs"))
    path = os.path.join(blobs.root, "local-probe")
    Path(path).write_text("not a token\n")
    info = srv_ls.write_probe(blobs)
    assert info.probe_path == path and len(info.probe) == 32
    assert Path(path).read_text() == info.probe + "\n"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_not_enabled_for_other_stores(tmp_path: Path) -> None:
    from wandb.server.blobs import LocalBlobStore
    from wandb.server.config import ServerConfig

    cfg = ServerConfig(data_dir=str(tmp_path))
    assert srv_ls.enabled(cfg, LocalBlobStore(str(tmp_path / "b"))) is True
    assert srv_ls.enabled(cfg, object()) is False  # e.g. an S3BlobStore
    assert srv_ls.enabled(ServerConfig(data_dir=str(tmp_path), local_blobs=False),
                          LocalBlobStore(str(tmp_path / "b"))) is False


@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"])
def test_peer_loopback(host: str) -> None:
    assert srv_ls.is_loopback(host) is True


@pytest.mark.parametrize("host", ["10.0.0.5", "192.168.1.2", "0.0.0.0", "::ffff:10.0.0.5", "fe80::1",
                                  "2001:db8::1", "testclient", "localhost", "", None])
def test_peer_not_loopback(host: Any) -> None:
    assert srv_ls.is_loopback(host) is False


def _call_endpoint(app: Any, peer: tuple[str, int] | None, key: str) -> Any:
    from starlette.requests import Request

    token = base64.b64encode(f"api:{key}".encode()).decode()
    scope = {"type": "http", "method": "GET", "path": "/vireo/local-store", "headers": [
        (b"authorization", f"Basic {token}".encode())], "query_string": b"", "client": peer, "app": app}
    return asyncio.run(srv_ls.local_store_endpoint(Request(scope)))


@pytest.mark.parametrize("peer", [("10.0.0.5", 5555), ("2001:db8::1", 5555), None])
def test_endpoint_404_for_non_loopback_peer(sqlite_server: Any, peer: Any) -> None:
    from wandb.server.errors import NotFound

    app = sqlite_server.handle.app
    assert _call_endpoint(app, ("127.0.0.1", 5555), sqlite_server.key).status_code == 200
    with pytest.raises(NotFound) as exc:
        _call_endpoint(app, peer, sqlite_server.key)
    assert exc.value.status == 404


# -- client ------------------------------------------------------------------------------------

def test_discover_positive(sqlite_server: Any, calls: list[str]) -> None:
    store = ls.discover(sqlite_server.url, sqlite_server.key)
    assert store is not None
    root = _root(sqlite_server)
    assert store.root == root
    assert store.tmp_dir == os.path.join(root, "tmp")
    assert store.blob_path(DIGEST) == os.path.join(root, "01", DIGEST)
    assert calls == [sqlite_server.url + "/vireo/local-store"]


def test_discover_localhost_name(sqlite_server: Any) -> None:
    url = sqlite_server.url.replace("127.0.0.1", "localhost")
    store = ls.discover(url + "/", sqlite_server.key)
    assert store is not None and store.root == _root(sqlite_server)


def test_blob_path_matches_server_layout(sqlite_server: Any) -> None:
    store = ls.discover(sqlite_server.url, sqlite_server.key)
    assert store is not None
    assert store.blob_path(DIGEST) == sqlite_server.handle.app.state.blobs.path(DIGEST)


@pytest.mark.parametrize("bad", ["", "0123", DIGEST.upper(), DIGEST[:-1] + "g", DIGEST + "0", "../" + DIGEST[3:],
                                 None, 12])
def test_blob_path_validation(bad: Any) -> None:
    with pytest.raises(ValueError, match="md5_hex: expected 32 lowercase hex"):
        ls.LocalStore(root="/srv/blobs").blob_path(bad)


def test_discover_wrong_or_missing_key(sqlite_server: Any, calls: list[str]) -> None:
    assert ls.discover(sqlite_server.url, "y" * 40) is None
    assert len(calls) == 1
    assert ls.discover(sqlite_server.url, None) is None
    assert ls.discover(sqlite_server.url, "") is None
    assert len(calls) == 1  # no key: nothing to ask


@pytest.mark.parametrize("value", ["0", "false", "False"])
def test_client_env_off_makes_no_request(sqlite_server: Any, calls: list[str], monkeypatch: pytest.MonkeyPatch,
                                         value: str) -> None:
    monkeypatch.setenv("VIREO_LOCAL_BLOBS", value)
    assert ls.discover(sqlite_server.url, sqlite_server.key) is None
    assert calls == []
    monkeypatch.setenv("VIREO_LOCAL_BLOBS", "1")
    assert ls.discover(sqlite_server.url, sqlite_server.key) is not None


@pytest.mark.parametrize("url", ["http://10.1.2.3:8080", "https://api.wandb.ai", "http://example.com:8080",
                                 "http://[2001:db8::1]:8080", "http://127.0.0.1.example.com", "ftp://127.0.0.1/",
                                 "", "not a url"])
def test_non_loopback_url_makes_no_request(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    def boom(*a: Any, **kw: Any) -> Any:
        raise AssertionError("no request expected")

    monkeypatch.setattr(requests.Session, "request", boom)
    monkeypatch.setattr(requests, "get", boom)
    monkeypatch.setattr(ls, "_ask", boom)
    assert ls.discover(url, "k" * 40) is None


@pytest.mark.parametrize("url,ok", [("http://127.0.0.1:1", True), ("http://127.3.2.1", True),
                                    ("http://localhost:8080/", True), ("https://[::1]:443", True),
                                    ("http://10.0.0.1", False), ("http://localhost.example.com", False)])
def test_is_loopback_url(url: str, ok: bool) -> None:
    assert ls.is_loopback_url(url) is ok


def test_probe_mismatch(sqlite_server: Any) -> None:
    probe = os.path.join(_root(sqlite_server), "local-probe")
    Path(probe).write_text("f" * 32 + "\n")
    assert ls.discover(sqlite_server.url, sqlite_server.key) is None


def test_probe_missing(sqlite_server: Any) -> None:
    os.unlink(os.path.join(_root(sqlite_server), "local-probe"))
    assert ls.discover(sqlite_server.url, sqlite_server.key) is None


def test_other_user_server(sqlite_server: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A server running as another user (its probe file is not ours): no fast path, even when
    we could write there (root), since the server could not read our private blobs."""
    monkeypatch.setattr(ls.os, "geteuid", lambda: os.getuid() + 1)
    assert ls.discover(sqlite_server.url, sqlite_server.key) is None


def test_not_writable(sqlite_server: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    tmp = os.path.join(_root(sqlite_server), "tmp")
    real = os.access
    monkeypatch.setattr(ls.os, "access", lambda p, m: False if p == tmp else real(p, m))
    assert ls.discover(sqlite_server.url, sqlite_server.key) is None


def test_verify_rejects_bad_answers(tmp_path: Path) -> None:
    root = tmp_path / "blobs"
    (root / "tmp").mkdir(parents=True)
    (root / "local-probe").write_text("a" * 32 + "\n")
    outside = tmp_path / "probe"
    outside.write_text("a" * 32)
    good = {"root": str(root), "layout": "md5hex/2", "probe_path": str(root / "local-probe"),
            "probe": "a" * 32}
    store = ls._verify(good)
    assert store is not None and store.root == str(root)
    for bad in [{**good, "layout": "flat"}, {**good, "root": str(tmp_path / "nope")},
                {**good, "root": "relative/blobs"}, {**good, "probe_path": str(outside)},
                {**good, "probe_path": str(root / "tmp" / ".." / ".." / "probe")}, {**good, "probe": ""},
                {**good, "probe": "b" * 32}, {k: v for k, v in good.items() if k != "root"}, [good], None]:
        assert ls._verify(bad) is None, bad


def test_cache_positive_and_negative(sqlite_server: Any, calls: list[str]) -> None:
    first = ls.discover(sqlite_server.url, sqlite_server.key)
    assert first is not None
    assert ls.discover(sqlite_server.url + "/", sqlite_server.key) is first
    assert len(calls) == 1
    assert ls.discover(sqlite_server.url, "z" * 40) is None
    assert ls.discover(sqlite_server.url, "z" * 40) is None
    assert len(calls) == 2  # the negative answer is cached too, per key
    # a cached answer does not notice later changes ...
    Path(_root(sqlite_server), "local-probe").write_text("f" * 32)
    assert ls.discover(sqlite_server.url, sqlite_server.key) is first
    assert len(calls) == 2
    # ... until the cache is reset
    ls._reset_cache()
    assert ls.discover(sqlite_server.url, sqlite_server.key) is None
    assert len(calls) == 3


def test_cache_is_shared_by_threads(sqlite_server: Any, calls: list[str]) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(lambda _: ls.discover(sqlite_server.url, sqlite_server.key), range(16)))
    assert got[0] is not None and all(g is got[0] for g in got)
    assert len(calls) == 1


def test_unreachable_server_is_none(calls: list[str]) -> None:
    import socket

    with socket.socket() as s:  # a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert ls.discover(f"http://127.0.0.1:{port}", "k" * 40) is None
    assert len(calls) == 1


def test_for_client_sdk_gql_client(sqlite_server: Any) -> None:
    from wandb.sdk.online.gql import GQLClient

    store = ls.for_client(GQLClient(sqlite_server.url + "/", sqlite_server.key))
    assert store is not None and store.root == _root(sqlite_server)


def test_for_client_public_api_client(sqlite_server: Any) -> None:
    from wandb.apis.public._gql import GraphQLClient

    store = ls.for_client(GraphQLClient(sqlite_server.url + "/graphql", sqlite_server.key))
    assert store is not None and store.root == _root(sqlite_server)
    assert ls.for_client(GraphQLClient(sqlite_server.url + "/graphql", None)) is None


def test_for_client_public_api(sqlite_server: Any) -> None:
    from wandb.apis.public import Api

    api = Api(overrides={"base_url": sqlite_server.url}, api_key=sqlite_server.key)
    store = ls.for_client(api.client)
    assert store is not None and store.root == _root(sqlite_server)


def test_for_client_unusable_objects() -> None:
    class NoUrl:
        api_key = "k" * 40

    class NoKey:
        base_url = "http://127.0.0.1:1"

    assert ls.for_client(NoUrl()) is None
    assert ls.for_client(NoKey()) is None
    assert ls.for_client(None) is None
