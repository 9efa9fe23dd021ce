"""Uploads and downloads through our own server's blob endpoints (signed URLs as the GraphQL
layer hands them out), streamed by ``_core``."""

from __future__ import annotations

import hashlib

import pytest
from art_core_helpers import b64md5, blob

from wandb import _core


@pytest.fixture
def server(tmp_path):
    from wandb.server import start_in_thread

    h = start_in_thread(str(tmp_path / "srv"), port=0)
    yield h
    h.stop()


def _signed(server, purpose: str, subject: str, path: str) -> str:
    return f"{server.url}{path}?{server.app.state.signer.query(purpose, subject, 600)}"


def test_blob_round_trip(server, tmp_path):
    files = {f"f{i}": blob(n, i) for i, n in enumerate([0, 1, 70_000, 3_000_001])}
    items = []
    for name, data in files.items():
        p = tmp_path / name
        p.write_bytes(data)
        md5 = hashlib.md5(data).hexdigest()
        items.append({"path": str(p), "url": _signed(server, "ablob", md5, f"/artifact-blobs/{md5}"),
                      "headers": ["Content-Type:application/octet-stream"]})
    res = _core.upload_files(items, timeout_s=60.0)
    assert all(r["ok"] for r in res), res
    assert [r["etag"] for r in res] == [f'"{hashlib.md5(d).hexdigest()}"' for d in files.values()]

    downs = []
    for name, data in files.items():
        md5 = hashlib.md5(data).hexdigest()
        downs.append({"url": _signed(server, "blob", md5, f"/blobs/{md5}"), "dest": str(tmp_path / "out" / name),
                      "md5_b64": b64md5(data), "size": len(data)})
    res = _core.download_files(downs, timeout_s=60.0)
    assert all(r["ok"] for r in res), res
    for name, data in files.items():
        assert (tmp_path / "out" / name).read_bytes() == data
    # the server ignores Range: a forced multipart download falls back to one stream
    big = files["f3"]
    md5 = hashlib.md5(big).hexdigest()
    [r] = _core.download_files([{"url": _signed(server, "blob", md5, f"/blobs/{md5}"), "dest": str(tmp_path / "mp"),
                                 "md5_b64": b64md5(big), "size": len(big)}],
                               part_size=1 << 20, multipart_threshold=1, timeout_s=60.0)
    assert r["ok"], r
    assert (tmp_path / "mp").read_bytes() == big


def test_server_rejects_wrong_content(server, tmp_path):
    p = tmp_path / "x"
    p.write_bytes(b"abc")
    wrong = hashlib.md5(b"other").hexdigest()
    [r] = _core.upload_files([{"path": str(p), "url": _signed(server, "ablob", wrong, f"/artifact-blobs/{wrong}")}],
                             max_retries=0, timeout_s=30.0)
    assert r["ok"] is False and r["status"] == 400 and "MD5" in r["error"]
