"""Ranged GETs of blobs kept in an S3-compatible store (moto's in-process mock)."""

from __future__ import annotations

import hashlib

import pytest
import requests

moto = pytest.importorskip("moto")
pytest.importorskip("boto3")


def test_s3_blob_put_get_and_ranges(tmp_path, monkeypatch):
    import boto3

    from wandb.server import start_in_thread

    for k, v in {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": "us-east-1"}.items():
        monkeypatch.setenv(k, v)
    for k in ("WANDB_SERVER_S3_ENDPOINT", "AWS_ENDPOINT_URL", "WANDB_SERVER_ADMIN_KEY"):
        monkeypatch.delenv(k, raising=False)
    with moto.mock_aws():
        boto3.client("s3").create_bucket(Bucket="vireo")
        h = start_in_thread(str(tmp_path / "d"), blob_store="s3://vireo/b")
        try:
            signer = h.app.state.signer
            data = bytes(range(256)) * 5000 + b"end"
            md5 = hashlib.md5(data).hexdigest()
            put = f"{h.url}/artifact-blobs/{md5}?{signer.query('ablob', md5, 600)}"
            assert requests.put(put, data=data[:-1], timeout=10).status_code == 400  # corrupt
            assert not h.app.state.blobs.exists(md5)
            assert requests.put(put, data=data, timeout=10).status_code == 200
            get = f"{h.url}/blobs/{md5}?{signer.query('blob', md5, 600)}"
            r = requests.get(get, timeout=10)
            assert r.status_code == 200 and r.content == data
            assert r.headers["Content-Length"] == str(len(data))
            r = requests.get(get, headers={"Range": "bytes=1000-1999"}, timeout=10)
            assert r.status_code == 206 and r.content == data[1000:2000]
            assert r.headers["Content-Range"] == f"bytes 1000-1999/{len(data)}"
            r = requests.get(get, headers={"Range": "bytes=-3"}, timeout=10)
            assert r.status_code == 206 and r.content == b"end"
            r = requests.get(get, headers={"Range": f"bytes={len(data)}-"}, timeout=10)
            assert r.status_code == 416
        finally:
            h.stop()
