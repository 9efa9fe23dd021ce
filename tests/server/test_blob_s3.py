"""The S3-compatible blob store (boto3), against moto's in-process S3 mock."""

from __future__ import annotations

import hashlib

import pytest
import requests
import srv_docs as docs

moto = pytest.importorskip("moto")
pytest.importorskip("boto3")


def test_upload_and_download_through_s3(tmp_path, monkeypatch):
    import boto3

    from wandb.server import start_in_thread

    for k, v in {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": "us-east-1"}.items():
        monkeypatch.setenv(k, v)
    monkeypatch.delenv("WANDB_SERVER_S3_ENDPOINT", raising=False)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    monkeypatch.delenv("WANDB_SERVER_ADMIN_KEY", raising=False)
    with moto.mock_aws():
        s3 = boto3.client("s3")
        s3.create_bucket(Bucket="vireo")
        h = start_in_thread(str(tmp_path / "d"), blob_store="s3://vireo/blobs")
        try:
            auth = ("api", h.admin_key)
            gql = lambda q, v: requests.post(h.url + "/graphql", json={"query": q, "variables": v}, auth=auth,  # noqa: E731
                                             timeout=10).json()["data"]
            gql('mutation{upsertBucket(input:{name:"r",modelName:"p"}){inserted}}', {})
            up = gql(docs.CREATE_RUN_FILES, {"entity": "admin", "project": "p", "run": "r", "files": ["a.bin"]})
            payload = bytes(range(256)) * 64
            url = up["createRunFiles"]["files"][0]["uploadUrl"]
            assert requests.put(url, data=payload, timeout=10).status_code == 200
            digest = hashlib.md5(payload).hexdigest()
            obj = s3.get_object(Bucket="vireo", Key=f"blobs/{digest}")
            assert obj["Body"].read() == payload
            files = gql(docs.RUN_FILES, {"project": "p", "entity": "admin", "name": "r"})
            node = files["project"]["run"]["files"]["edges"][0]["node"]
            assert requests.get(node["url"], auth=auth, timeout=10).content == payload
            assert requests.get(node["directUrl"], timeout=10).content == payload
        finally:
            h.stop()
