"""Blob PUTs: MD5 verification, size limits, no leftovers; big files through the Rust client."""

from __future__ import annotations

import base64
import hashlib
import os

import pytest
import requests


def _tmp_files(blob_srv) -> list[str]:
    return os.listdir(blob_srv.handle.app.state.blob_tmp)


def test_corrupt_put_is_rejected_and_nothing_is_stored(blob_srv):
    good = b"the expected bytes" * 1000
    md5 = hashlib.md5(good).hexdigest()
    bad = good[:-1] + b"X"
    r = requests.put(blob_srv.put_url(md5), data=bad, timeout=10)
    assert r.status_code == 400
    assert md5 in r.json()["error"] and hashlib.md5(bad).hexdigest() in r.json()["error"]
    assert not blob_srv.handle.app.state.blobs.exists(md5)
    assert not blob_srv.handle.app.state.blobs.exists(hashlib.md5(bad).hexdigest())
    assert requests.get(blob_srv.get_url(md5), timeout=10).status_code == 404
    assert _tmp_files(blob_srv) == []


def test_big_corrupt_put_is_rejected(blob_srv):
    data = os.urandom(12 * 1024 * 1024)
    md5 = hashlib.md5(data).hexdigest()
    corrupt = data[:6_000_000] + bytes([data[6_000_000] ^ 1]) + data[6_000_001:]
    r = requests.put(blob_srv.put_url(md5), data=corrupt, timeout=30)
    assert r.status_code == 400
    assert not blob_srv.handle.app.state.blobs.exists(md5)
    assert _tmp_files(blob_srv) == []


def test_put_over_the_limit_is_413(blob_srv):
    data = b"x" * (64 * 1024 * 1024 + 1)
    md5 = hashlib.md5(data).hexdigest()
    r = requests.put(blob_srv.put_url(md5), data=data, timeout=60)
    assert r.status_code == 413
    assert not blob_srv.handle.app.state.blobs.exists(md5)
    assert _tmp_files(blob_srv) == []


def test_put_with_bad_signature_is_403_and_dedup_keeps_one_copy(blob_srv):
    data = b"dedup me" * 100
    md5 = hashlib.md5(data).hexdigest()
    assert requests.put(blob_srv.put_url(md5).replace("sig=", "sig=f"), data=data, timeout=10).status_code == 403
    r1 = requests.put(blob_srv.put_url(md5), data=data, timeout=10)
    r2 = requests.put(blob_srv.put_url(md5), data=data, timeout=10)
    assert r1.status_code == r2.status_code == 200
    assert r1.headers["ETag"] == f'"{md5}"'
    path = blob_srv.handle.app.state.blobs.path(md5)
    with open(path, "rb") as f:
        assert f.read() == data
    assert _tmp_files(blob_srv) == []


def _core():
    core = pytest.importorskip("wandb._core")
    if not hasattr(core, "upload_files") or not hasattr(core, "download_files"):
        pytest.skip("the extension lacks upload_files / download_files")
    return core


def test_big_file_round_trip_through_rust_client_single_multipart_and_resume(blob_srv, tmp_path):
    core = _core()
    src = tmp_path / "big.bin"
    data = os.urandom(40 * 1024 * 1024 + 7)
    src.write_bytes(data)
    md5_hex = hashlib.md5(data).hexdigest()
    md5_b64 = base64.b64encode(bytes.fromhex(md5_hex)).decode()
    up = core.upload_files([{"path": str(src), "url": blob_srv.put_url(md5_hex)}])[0]
    assert up["ok"], up
    assert up["etag"] == f'"{md5_hex}"'
    item = {"url": blob_srv.get_url(md5_hex), "md5_b64": md5_b64, "size": len(data)}
    # one stream
    one = core.download_files([{**item, "dest": str(tmp_path / "one.bin")}], 0)[0]
    assert one["ok"], one
    assert (tmp_path / "one.bin").read_bytes() == data
    # parallel Range parts (the server answers 206, so the parts are really ranged)
    multi = core.download_files([{**item, "dest": str(tmp_path / "multi.bin")}], 0,
                                multipart_threshold=0, part_size=8 * 1024 * 1024)[0]
    assert multi["ok"] and multi["md5_b64"] == md5_b64, multi
    assert (tmp_path / "multi.bin").read_bytes() == data
    # resume: a partial file is continued with Range: bytes=<len>-
    dest = tmp_path / "resumed.bin"
    (tmp_path / "resumed.bin.vireo-part").write_bytes(data[:5_000_000])
    res = core.download_files([{**item, "dest": str(dest)}], 0)[0]
    assert res["ok"] and res["resumed"], res
    assert res["bytes"] == len(data) - 5_000_000
    assert dest.read_bytes() == data


def test_many_small_files_in_parallel(blob_srv, tmp_path):
    core = _core()
    items, expected = [], {}
    for i in range(200):
        data = i.to_bytes(4, "little") * (1 + i * 97)
        p = tmp_path / f"f{i}.bin"
        p.write_bytes(data)
        md5_hex = hashlib.md5(data).hexdigest()
        expected[md5_hex] = data
        items.append({"path": str(p), "url": blob_srv.put_url(md5_hex)})
    assert all(r["ok"] for r in core.upload_files(items))
    ditems = [{"url": blob_srv.get_url(m), "dest": str(tmp_path / "dl" / m), "size": len(d),
               "md5_b64": base64.b64encode(bytes.fromhex(m)).decode()} for m, d in expected.items()]
    res = core.download_files(ditems, 0)
    assert all(r["ok"] for r in res), [r for r in res if not r["ok"]][:2]
    for m, d in expected.items():
        assert (tmp_path / "dl" / m).read_bytes() == d


def test_interrupted_put_leaves_no_blob_and_no_temp_file(blob_srv):
    import socket
    import time
    from urllib.parse import urlsplit

    data = os.urandom(8 * 1024 * 1024)
    md5 = hashlib.md5(data).hexdigest()
    u = urlsplit(blob_srv.put_url(md5))
    with socket.create_connection((u.hostname, u.port), timeout=10) as s:
        s.sendall(f"PUT {u.path}?{u.query} HTTP/1.1\r\nHost: x\r\nContent-Length: {len(data)}\r\n\r\n".encode())
        s.sendall(data[: 5 * 1024 * 1024])  # more than one batch, then the client goes away
    deadline = time.time() + 10
    while _tmp_files(blob_srv) and time.time() < deadline:
        time.sleep(0.05)
    assert _tmp_files(blob_srv) == []
    assert not blob_srv.handle.app.state.blobs.exists(md5)
    # the server is still fine
    assert blob_srv.put(data) == md5
