"""`_core.upload_files` / `download_files` against a loopback server with injected faults."""

from __future__ import annotations

import hashlib
import os
import subprocess

import pytest
from art_core_helpers import FAST, b64md5, blob

from wandb import _core


def _f(tmp_path, name, data):
    p = tmp_path / name
    p.write_bytes(data)
    return str(p)


# ------------------------------------------------------------------ uploads


def test_upload_single_with_headers_and_retries(loopback, tmp_path):
    data = blob(300_000, 1)
    p = _f(tmp_path, "a", data)
    loopback.faults.fail_500["/u/a"] = 2
    [r] = _core.upload_files(
        [{"path": p, "url": loopback.url + "/u/a", "headers": ["Content-Type:application/octet-stream", "X-A: 1"]}],
        **FAST,
    )
    assert r["ok"] is True and r["error"] is None and r["errno"] is None
    assert r["status"] == 200 and r["attempts"] == 3 and r["bytes"] == 300_000
    assert r["etag"] == f'"{hashlib.md5(data).hexdigest()}"' and r["etags"] == []
    assert loopback.blobs["/u/a"] == data
    put = [h for m, path, h in loopback.requests if path == "/u/a"][-1]
    assert put["Content-Type"] == "application/octet-stream" and put["X-A"] == "1"
    assert put["Content-Length"] == "300000" and "Transfer-Encoding" not in put


def test_upload_multipart_parts_in_parallel(loopback, tmp_path):
    data = blob(1_000_000, 2)
    p = _f(tmp_path, "big", data)
    part = 400_000
    md5s = _core.md5_parts(p, part)
    parts = [
        {"url": f"{loopback.url}/mp/{i + 1}", "part_number": i + 1, "offset": i * part,
         "length": min(part, len(data) - i * part), "md5_hex": md5s[i]}
        for i in range(3)
    ]
    loopback.faults.fail_500["/mp/2"] = 1
    [r] = _core.upload_files([{"path": p, "parts": parts[::-1], "headers": {"Content-Type": "application/x"}}],
                             threads=3, **FAST)
    assert r["ok"], r
    assert [e["part_number"] for e in r["etags"]] == [1, 2, 3]
    assert [e["etag"] for e in r["etags"]] == [f'"{m}"' for m in md5s]
    assert r["bytes"] == 1_000_000 and r["attempts"] == 4
    assert b"".join(loopback.blobs[f"/mp/{i}"] for i in (1, 2, 3)) == data
    # Content-MD5 sent as base64 of the part's digest
    hdrs = [h for m, path, h in loopback.requests if path == "/mp/1"][-1]
    assert hdrs["Content-MD5"] == b64md5(data[:part])


def test_upload_failures_are_per_item(loopback, tmp_path):
    p = _f(tmp_path, "a", b"abc")
    loopback.faults.forbid.add("/denied")
    loopback.faults.fail_500["/down"] = 100
    res = _core.upload_files(
        [
            {"path": str(tmp_path / "missing"), "url": loopback.url + "/m"},
            {"path": p, "url": loopback.url + "/denied"},
            {"path": p, "url": loopback.url + "/down"},
            {"path": p, "url": loopback.url + "/fine", "method": "post"},
            {"path": p, "url": "not a url"},
        ],
        **FAST,
    )
    assert res[0]["ok"] is False and res[0]["errno"] == 2 and "missing" in res[0]["error"]
    assert res[1]["ok"] is False and res[1]["status"] == 403 and res[1]["attempts"] == 1
    assert res[2]["ok"] is False and res[2]["status"] == 500 and res[2]["attempts"] == 5
    assert res[3]["ok"] is True and loopback.blobs["/fine"] == b"abc"
    assert [m for m, path, _ in loopback.requests if path == "/fine"] == ["POST"]
    assert res[4]["ok"] is False and res[4]["attempts"] == 1 and res[4]["status"] == 0


@pytest.mark.parametrize(
    "items, msg",
    [
        ([{"path": "p"}], '"url"'),
        ([{"path": "p", "url": "u", "bogus": 1}], "unknown key \"bogus\""),
        ([{"path": "p", "url": "u", "method": "GET"}], '"method"'),
        ([{"path": "p", "url": "u", "parts": []}], "not both"),
        ([{"path": "p", "parts": [{"url": "u", "part_number": 1}]}], '"offset"'),
        ([{"path": "p", "url": "u", "headers": 3}], "headers"),
        (["x"], "items[0] must be a dict"),
    ],
)
def test_upload_bad_items(items, msg):
    with pytest.raises(ValueError, match=msg.replace("[", r"\[").replace("]", r"\]")):
        _core.upload_files(items)


# ------------------------------------------------------------------ downloads


def _item(loopback, path, dest, data, **kw):
    return {"url": loopback.url + path, "dest": str(dest), "md5_b64": b64md5(data), "size": len(data), **kw}


def test_download_single_and_multipart(loopback, tmp_path):
    small, big = blob(70_000, 3), blob(1_234_567, 4)
    loopback.blobs.update({"/s": small, "/b": big})
    loopback.faults.fail_500["/b"] = 2
    res = _core.download_files(
        [_item(loopback, "/s", tmp_path / "d" / "s", small), _item(loopback, "/b", tmp_path / "d" / "b", big)],
        threads=4, part_size=100_000, multipart_threshold=500_000, **FAST,
    )
    assert [r["ok"] for r in res] == [True, True], res
    assert (tmp_path / "d" / "s").read_bytes() == small
    assert (tmp_path / "d" / "b").read_bytes() == big
    assert res[1]["md5_b64"] == b64md5(big) and res[1]["size"] == len(big) and res[1]["bytes"] == len(big)
    assert res[1]["attempts"] == 13 + 2  # 13 parts, 2 retried
    ranges = sorted(h.get("Range") for m, p, h in loopback.requests if p == "/b" and h.get("Range"))
    assert "bytes=1200000-1234566" in ranges
    assert sorted(os.listdir(tmp_path / "d")) == ["b", "s"]


def test_download_resumes_after_a_dropped_connection(loopback, tmp_path):
    data = blob(500_000, 5)
    loopback.blobs["/c"] = data
    loopback.faults.cut_after["/c"] = 123_000
    [r] = _core.download_files([_item(loopback, "/c", tmp_path / "c", data)], **FAST)
    assert r["ok"] and r["resumed"] and r["bytes"] == 500_000, r
    assert (tmp_path / "c").read_bytes() == data
    assert [h.get("Range") for m, p, h in loopback.requests if p == "/c"] == [None, "bytes=123000-"]


def test_download_continues_a_partial_file_from_an_earlier_call(loopback, tmp_path):
    data = blob(400_000, 6)
    loopback.blobs["/p"] = data
    (tmp_path / "p.vireo-part").write_bytes(data[:250_000])
    [r] = _core.download_files([_item(loopback, "/p", tmp_path / "p", data)], **FAST)
    assert r["ok"] and r["resumed"] and r["bytes"] == 150_000, r
    assert (tmp_path / "p").read_bytes() == data and not (tmp_path / "p.vireo-part").exists()


def test_download_multipart_resume_fetches_only_missing_parts(loopback, tmp_path):
    data = blob(450_000, 7)
    loopback.blobs["/m"] = data
    partial = bytearray(450_000)
    partial[100_000:200_000] = data[100_000:200_000]
    (tmp_path / "m.vireo-part").write_bytes(bytes(partial))
    (tmp_path / "m.vireo-part.parts").write_text("1 100000 100000\n")
    [r] = _core.download_files([_item(loopback, "/m", tmp_path / "m", data)],
                               part_size=100_000, multipart_threshold=1, **FAST)
    assert r["ok"] and r["resumed"] and r["bytes"] == 350_000, r
    assert (tmp_path / "m").read_bytes() == data
    assert "bytes=100000-199999" not in [h.get("Range") for m, p, h in loopback.requests]


def test_download_corrupt_content_never_reaches_dest(loopback, tmp_path):
    good, bad = blob(90_000, 8), blob(90_000, 9)
    loopback.faults.corrupt["/x"] = bad
    (tmp_path / "x").write_bytes(b"previous")
    [r] = _core.download_files([_item(loopback, "/x", tmp_path / "x", good)], **FAST)
    assert not r["ok"] and r["error"].startswith("md5 mismatch") and b64md5(good) in r["error"]
    assert (tmp_path / "x").read_bytes() == b"previous"
    assert sorted(os.listdir(tmp_path)) == ["x"]
    # a size mismatch too
    loopback.blobs["/y"] = good
    [r] = _core.download_files([{**_item(loopback, "/y", tmp_path / "y", good), "size": 5}], **FAST)
    assert not r["ok"] and "size mismatch" in r["error"] and not (tmp_path / "y").exists()


def test_download_fallback_url(loopback, tmp_path):
    data = blob(10_000, 10)
    loopback.blobs["/fb"] = data
    loopback.faults.forbid.add("/direct")
    [r] = _core.download_files(
        [_item(loopback, "/direct", tmp_path / "f", data, fallback_url=loopback.url + "/fb",
               fallback_headers={"Authorization": "Basic YXBpOmtleQ=="})],
        **FAST,
    )
    assert r["ok"] and r["attempts"] == 2, r
    assert [p for m, p, h in loopback.requests] == ["/direct", "/fb"]
    assert loopback.requests[1][2]["Authorization"] == "Basic YXBpOmtleQ=="


def test_download_errors(loopback, tmp_path):
    res = _core.download_files([_item(loopback, "/none", tmp_path / "n", b"abc")], **FAST)
    assert not res[0]["ok"] and res[0]["status"] == 404 and res[0]["attempts"] == 1
    assert not (tmp_path / "n").exists()
    with pytest.raises(ValueError, match="unknown key"):
        _core.download_files([{"url": "u", "dest": "d", "md5": "x"}])
    with pytest.raises(ValueError, match='"dest"'):
        _core.download_files([{"url": "u"}])
    with pytest.raises(ValueError, match="part_size"):
        _core.download_files([], part_size=0)


def test_download_disk_full_reports_enospc_and_cleans_up(loopback, tmp_path):
    mnt = tmp_path / "small"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mnt)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a small tmpfs here")
    try:
        data = blob(1_000_000, 11)
        loopback.blobs["/big"] = data
        [r] = _core.download_files([_item(loopback, "/big", mnt / "big", data)], **FAST)
        assert not r["ok"] and r["errno"] == 28, r
        assert "No space left on device" in r["error"] and str(mnt / "big") in r["error"]
        assert os.listdir(mnt) == []
    finally:
        subprocess.run(["umount", str(mnt)])


def test_ctrl_c_interrupts_a_transfer_promptly(loopback, tmp_path):
    import signal
    import threading

    data = blob(50_000, 12)
    loopback.blobs["/slow"] = data
    loopback.faults.fail_500["/slow"] = 10_000
    threading.Timer(0.3, lambda: os.kill(os.getpid(), signal.SIGINT)).start()
    # The first attempt fails, then the retry waits 10 minutes: the call can only return (before
    # the suite's 300 s timeout) if Ctrl-C cuts that wait short.
    with pytest.raises(KeyboardInterrupt):
        _core.download_files([_item(loopback, "/slow", tmp_path / "s", data)],
                             max_retries=1000, retry_base_ms=600_000, retry_max_ms=600_000)
    assert [p for _m, p, _h in loopback.requests].count("/slow") == 1
    assert not (tmp_path / "s").exists()
    # the module still works afterwards
    loopback.faults.fail_500.clear()
    [r] = _core.download_files([_item(loopback, "/slow", tmp_path / "s", data)], **FAST)
    assert r["ok"]


def test_concurrent_processes_downloading_one_dest(loopback, tmp_path):
    import json
    import subprocess
    import sys

    data = blob(3_000_000, 13)
    loopback.blobs["/shared"] = data
    item = _item(loopback, "/shared", tmp_path / "d" / "shared", data)
    code = "import json, sys; from wandb import _core; print(json.dumps(_core.download_files([json.loads(sys.argv[1])])))"
    procs = [subprocess.Popen([sys.executable, "-c", code, json.dumps(item)], stdout=subprocess.PIPE, text=True)
             for _ in range(4)]
    results = [json.loads(p.communicate(timeout=120)[0])[0] for p in procs]
    assert all(r["ok"] for r in results), results
    assert all(r["md5_b64"] == b64md5(data) for r in results)
    assert (tmp_path / "d" / "shared").read_bytes() == data
    assert os.listdir(tmp_path / "d") == ["shared"]
