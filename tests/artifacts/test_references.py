"""References: file://, http(s) via a loopback server, s3 via moto, unknown schemes."""

import hashlib
import os

import pytest

import wandb
from _fake_server import FileServer


@pytest.fixture
def files(tmp_path):
    root = tmp_path / "srv"
    (root / "dir" / "sub").mkdir(parents=True)
    (root / "dir" / "one.txt").write_bytes(b"one\n")
    (root / "dir" / "sub" / "two.bin").write_bytes(b"\x02" * 1000)
    return root


def test_file_reference_dir_and_max_objects(files):
    art = wandb.Artifact("r", "dataset")
    uri = "file://" + str(files / "dir")
    entries = art.add_reference(uri, name="data")
    got = {e.path: (e.ref, e.size) for e in entries}
    assert got == {
        "data/one.txt": (uri + "/one.txt", 4),
        "data/sub/two.bin": (uri + "/sub/two.bin", 1000),
    }
    from wandb.sdk.artifacts._hashing import md5_bytes_b64

    assert art.manifest.entries["data/one.txt"].digest == md5_bytes_b64(b"one\n")
    with pytest.raises(ValueError, match="Exceeded 1 objects tracked, pass max_objects"):
        wandb.Artifact("r", "dataset").add_reference(uri, max_objects=1)


def test_file_reference_no_checksum_digest_is_uri_md5(files):
    import base64
    from pathlib import Path

    p = files / "dir" / "one.txt"
    art = wandb.Artifact("r", "dataset")
    [e] = art.add_reference("file://" + str(p), checksum=False)
    expected = base64.b64encode(hashlib.md5(Path(p).resolve().as_uri().encode()).digest()).decode()
    assert (e.path, e.digest, e.size) == ("one.txt", expected, 4)


def test_http_reference_etag_and_size(files):
    srv = FileServer(str(files))
    try:
        art = wandb.Artifact("r", "dataset")
        [e] = art.add_reference(f"{srv.url}/dir/one.txt")
        md5hex = hashlib.md5(b"one\n").hexdigest()
        assert e.to_json() == {"digest": md5hex, "ref": f"{srv.url}/dir/one.txt",
                               "extra": {"etag": f'"{md5hex}"'}, "size": 4}
        assert e.path == "one.txt"
        [e2] = art.add_reference(f"{srv.url}/dir/one.txt", name="nock", checksum=False)
        assert e2.to_json() == {"digest": f"{srv.url}/dir/one.txt", "ref": f"{srv.url}/dir/one.txt"}
        with pytest.raises(Exception, match="404"):
            art.add_reference(f"{srv.url}/dir/missing.txt")
    finally:
        srv.close()


def test_unknown_scheme_needs_name():
    art = wandb.Artifact("r", "dataset")
    with pytest.raises(ValueError, match='You must pass name="<entry_name>"'):
        art.add_reference("foo://bar/baz", checksum=False)
    [e] = art.add_reference("foo://bar/baz", name="trk", checksum=False)
    assert e.to_json() == {"digest": "foo://bar/baz", "ref": "foo://bar/baz"}


def test_s3_reference_with_moto(monkeypatch):
    moto = pytest.importorskip("moto")
    boto3 = pytest.importorskip("boto3")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.delenv("AWS_S3_ENDPOINT_URL", raising=False)
    with moto.mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="bkt")
        s3.put_object(Bucket="bkt", Key="data/a.txt", Body=b"aaa")
        s3.put_object(Bucket="bkt", Key="data/sub/b.txt", Body=b"bbbb")
        s3.put_object(Bucket="bkt", Key="other.txt", Body=b"o")
        art = wandb.Artifact("r", "dataset")
        [single] = art.add_reference("s3://bkt/other.txt")
        assert single.path == "other.txt" and single.ref == "s3://bkt/other.txt"
        assert single.digest == hashlib.md5(b"o").hexdigest() and single.size == 1
        assert single.extra == {"etag": single.digest}
        entries = art.add_reference("s3://bkt/data")
        got = {e.path: (e.ref, e.size, e.digest) for e in entries}
        assert got == {
            "a.txt": ("s3://bkt/data/a.txt", 3, hashlib.md5(b"aaa").hexdigest()),
            "sub/b.txt": ("s3://bkt/data/sub/b.txt", 4, hashlib.md5(b"bbbb").hexdigest()),
        }
        named = wandb.Artifact("r2", "dataset").add_reference("s3://bkt/data", name="pre")
        assert sorted(e.path for e in named) == ["pre/a.txt", "pre/sub/b.txt"]
        [nock] = wandb.Artifact("r3", "dataset").add_reference("s3://bkt/data/a.txt", checksum=False)
        assert nock.to_json() == {"digest": "s3://bkt/data/a.txt", "ref": "s3://bkt/data/a.txt"}
        # Download through the handler (into the etag cache, then dest).
        from wandb.sdk.artifacts.storage_handlers import load_reference

        dest = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"vireo-s3-{os.getpid()}.txt")
        try:
            assert load_reference(single, local=True, dest_path=dest) == dest
            with open(dest, "rb") as f:
                assert f.read() == b"o"
        finally:
            if os.path.exists(dest):
                os.remove(dest)
