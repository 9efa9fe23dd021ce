"""Blob GETs: whole bodies, single and multiple Range requests, If-Range, HEAD, 416."""

from __future__ import annotations

import hashlib
import os

import pytest
import requests

DATA = bytes(range(256)) * 40 + b"tail"  # 10,244 bytes


def test_whole_blob_has_length_etag_and_accepts_ranges(blob_srv):
    md5 = blob_srv.put(DATA)
    r = requests.get(blob_srv.get_url(md5), timeout=10)
    assert r.status_code == 200
    assert r.content == DATA
    assert r.headers["Content-Length"] == str(len(DATA))
    assert r.headers["Accept-Ranges"] == "bytes"
    assert r.headers["ETag"] == f'"{md5}"'
    assert r.headers["Content-Type"] == "application/octet-stream"
    assert "Transfer-Encoding" not in r.headers


@pytest.mark.parametrize("spec,start,end", [
    ("bytes=0-0", 0, 0),
    ("bytes=10-19", 10, 19),
    ("bytes=10000-", 10000, len(DATA) - 1),
    ("bytes=-4", len(DATA) - 4, len(DATA) - 1),
    ("bytes=5000-999999", 5000, len(DATA) - 1),  # end past the size is clipped
    ("bytes=-999999", 0, len(DATA) - 1),  # suffix longer than the blob: all of it
    ("bytes=0-5, 9999999-", 0, 5),  # unsatisfiable ranges are dropped
])
def test_single_range_is_206_with_content_range(blob_srv, spec, start, end):
    md5 = blob_srv.put(DATA)
    r = requests.get(blob_srv.get_url(md5), headers={"Range": spec}, timeout=10)
    assert r.status_code == 206
    assert r.content == DATA[start:end + 1]
    assert r.headers["Content-Range"] == f"bytes {start}-{end}/{len(DATA)}"
    assert r.headers["Content-Length"] == str(end - start + 1)
    assert r.headers["ETag"] == f'"{md5}"'


@pytest.mark.parametrize("spec", ["bytes=10244-", "bytes=99999-100000", "bytes=-0", "bytes=20000-, 30000-"])
def test_unsatisfiable_range_is_416(blob_srv, spec):
    md5 = blob_srv.put(DATA)
    r = requests.get(blob_srv.get_url(md5), headers={"Range": spec}, timeout=10)
    assert r.status_code == 416
    assert r.headers["Content-Range"] == f"bytes */{len(DATA)}"
    assert r.content == b""


@pytest.mark.parametrize("spec", ["items=0-5", "bytes=5-2", "bytes=abc", "bytes=-", "bytes=1-2-3",
                                  "bytes=" + ",".join(f"{i}-{i}" for i in range(17))])
def test_malformed_or_foreign_range_serves_the_whole_blob(blob_srv, spec):
    md5 = blob_srv.put(DATA)
    r = requests.get(blob_srv.get_url(md5), headers={"Range": spec}, timeout=10)
    assert r.status_code == 200
    assert r.content == DATA


def _parse_byteranges(body: bytes, content_type: str) -> list[tuple[str, bytes]]:
    assert content_type.startswith("multipart/byteranges; boundary=")
    boundary = content_type.split("boundary=", 1)[1].encode()
    assert body.endswith(b"--" + boundary + b"--\r\n")
    parts = []
    for chunk in body.split(b"--" + boundary)[1:-1]:
        head, _, payload = chunk.partition(b"\r\n\r\n")
        assert payload.endswith(b"\r\n")
        headers = dict(line.split(": ", 1) for line in head.decode().strip().split("\r\n"))
        assert headers["Content-Type"] == "application/octet-stream"
        parts.append((headers["Content-Range"], payload[:-2]))
    return parts


def test_multiple_ranges_are_multipart_byteranges(blob_srv):
    md5 = blob_srv.put(DATA)
    r = requests.get(blob_srv.get_url(md5), headers={"Range": "bytes=0-9, 100-109, -3"}, timeout=10)
    assert r.status_code == 206
    assert int(r.headers["Content-Length"]) == len(r.content)
    parts = _parse_byteranges(r.content, r.headers["Content-Type"])
    n = len(DATA)
    assert parts == [(f"bytes 0-9/{n}", DATA[0:10]), (f"bytes 100-109/{n}", DATA[100:110]),
                     (f"bytes {n - 3}-{n - 1}/{n}", DATA[-3:])]


def test_if_range_matching_etag_honours_range_other_etag_sends_all(blob_srv):
    md5 = blob_srv.put(DATA)
    url = blob_srv.get_url(md5)
    r = requests.get(url, headers={"Range": "bytes=1-2", "If-Range": f'"{md5}"'}, timeout=10)
    assert r.status_code == 206 and r.content == DATA[1:3]
    r = requests.get(url, headers={"Range": "bytes=1-2", "If-Range": '"0123"'}, timeout=10)
    assert r.status_code == 200 and r.content == DATA


def test_head_sends_headers_only(blob_srv):
    md5 = blob_srv.put(DATA)
    r = requests.head(blob_srv.get_url(md5), timeout=10)
    assert r.status_code == 200
    assert r.headers["Content-Length"] == str(len(DATA)) and r.content == b""
    r = requests.head(blob_srv.get_url(md5), headers={"Range": "bytes=5-9"}, timeout=10)
    assert r.status_code == 206 and r.headers["Content-Range"] == f"bytes 5-9/{len(DATA)}"


def test_empty_blob_round_trip_and_range_on_it(blob_srv):
    md5 = blob_srv.put(b"")
    assert md5 == hashlib.md5(b"").hexdigest()
    r = requests.get(blob_srv.get_url(md5), timeout=10)
    assert r.status_code == 200 and r.content == b"" and r.headers["Content-Length"] == "0"
    r = requests.get(blob_srv.get_url(md5), headers={"Range": "bytes=0-"}, timeout=10)
    assert r.status_code == 416 and r.headers["Content-Range"] == "bytes */0"


def test_large_ranged_reads_in_parallel_reassemble_the_blob(blob_srv):
    from concurrent.futures import ThreadPoolExecutor

    data = os.urandom(9 * 1024 * 1024 + 123)
    md5 = blob_srv.put(data)
    url = blob_srv.get_url(md5)
    step = 2 * 1024 * 1024
    starts = list(range(0, len(data), step))

    def get(start: int) -> bytes:
        end = min(start + step, len(data)) - 1
        r = requests.get(url, headers={"Range": f"bytes={start}-{end}"}, timeout=30)
        assert r.status_code == 206
        assert r.headers["Content-Range"] == f"bytes {start}-{end}/{len(data)}"
        return r.content

    with ThreadPoolExecutor(4) as pool:
        got = b"".join(pool.map(get, starts))
    assert got == data


def test_bad_signature_and_unknown_blob(blob_srv):
    md5 = blob_srv.put(DATA)
    url = blob_srv.get_url(md5)
    assert requests.get(url.replace("sig=", "sig=0"), timeout=10).status_code == 403
    other = hashlib.md5(b"never stored").hexdigest()
    assert requests.get(blob_srv.get_url(other), timeout=10).status_code == 404
