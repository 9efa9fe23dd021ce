"""Upload fills the artifact cache; a warm-cache download only places files; batched CreateArtifactFiles."""

import base64
import hashlib
import os

import pytest

pytest.importorskip("starlette")

import wandb  # noqa: E402


@pytest.fixture
def server(tmp_path, monkeypatch):
    monkeypatch.delenv("WANDB_SERVER_ADMIN_KEY", raising=False)
    monkeypatch.setenv("WANDB_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("WANDB_DATA_DIR", str(tmp_path / "data"))
    from wandb.server import start_in_thread

    h = start_in_thread(str(tmp_path / "srv"), port=0)
    try:
        yield h
    finally:
        h.stop()


def _b64(data: bytes) -> str:
    return base64.b64encode(hashlib.md5(data).digest()).decode()


def _saved(server, tmp_path, files):
    from wandb.apis.public._gql import GraphQLClient
    from wandb.sdk.artifacts import artifact_saver as S
    from wandb.sdk.artifacts.artifact import Artifact
    from wandb.sdk.online.gql import GQLClient

    gql = GQLClient(server.url, server.admin_key)
    public = GraphQLClient(server.url + "/graphql", server.admin_key)
    gql.execute("mutation U($input: UpsertBucketInput){upsertBucket(input:$input){bucket{id}}}",
                {"input": {"name": "r1", "modelName": "p"}})
    src = tmp_path / "src"
    for name, data in files.items():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_bytes(data)
    art = wandb.Artifact("fast", "dataset")
    art.add_dir(str(src))
    art.finalize()
    out = S.save_artifact(art, client=gql, entity="admin", project="p", run_id="r1")
    return Artifact._from_id(out["id"], public)


def test_upload_caches_and_warm_download_needs_no_network(server, tmp_path, monkeypatch):
    from wandb.sdk.artifacts import _download
    from wandb.sdk.artifacts.artifact_file_cache import get_artifact_file_cache

    files = {f"d{i % 3}/f{i}.bin": os.urandom(1000 + i) for i in range(40)}
    files["dup1.txt"] = files["dup2.txt"] = b"same bytes\n"
    got = _saved(server, tmp_path, files)
    cache = get_artifact_file_cache()
    for data in files.values():
        path = cache.md5_obj_path(_b64(data))
        assert path.read_bytes() == data  # the upload put every file in the cache

    def no_network(*_a, **_k):
        raise AssertionError("a warm-cache download must not fetch anything")

    monkeypatch.setattr(_download, "_run_downloads", no_network)
    monkeypatch.setattr(_download, "_file_urls", no_network)
    root = tmp_path / "dl"
    got.download(root=str(root))
    for name, data in files.items():
        dest = root / name
        assert dest.read_bytes() == data
        # placed with the cache file's mtime (as shutil.copy2 in wandb), so a rerun skips it
        assert dest.stat().st_mtime_ns == cache.md5_obj_path(_b64(data)).stat().st_mtime_ns
    got.verify(str(root))

    # A second download keeps current files (same inode) and repairs a changed one.
    keep = root / "d0" / "f0.bin"
    ino = keep.stat().st_ino
    bad = root / "d1" / "f1.bin"
    bad.write_bytes(b"x" * len(files["d1/f1.bin"]))  # same size, other bytes, new mtime
    gone = root / "d2" / "f2.bin"
    gone.unlink()
    got.download(root=str(root))
    assert keep.stat().st_ino == ino
    assert bad.read_bytes() == files["d1/f1.bin"]
    assert gone.read_bytes() == files["d2/f2.bin"]


def test_place_many_skips_matching_dest_by_digest(tmp_path):
    from wandb.sdk.artifacts._download import _place_many

    src = tmp_path / "cache-obj"
    src.write_bytes(b"hello")
    dest = tmp_path / "out" / "h.txt"
    dest.parent.mkdir()
    dest.write_bytes(b"hello")  # right bytes, different mtime: checked by MD5, kept
    ino = dest.stat().st_ino
    other = tmp_path / "out" / "o.txt"
    _place_many([(str(src), str(dest), 5, _b64(b"hello")), (str(src), str(other), 5, _b64(b"hello"))])
    assert dest.stat().st_ino == ino
    assert other.read_bytes() == b"hello"
    assert other.stat().st_mtime_ns == src.stat().st_mtime_ns


def test_add_artifact_files_batch_births(server):
    """Batched recording: births of new, shared and already-stored contents; re-recorded names."""
    from sqlalchemy import select

    from wandb.server import tables as t

    store = server.store
    aid1, aid2 = _new_artifact(server, "b1"), _new_artifact(server, "b2")
    m = [hashlib.md5(bytes([i])).hexdigest() for i in range(4)]
    assert store.add_artifact_files([(aid1, "a", m[0]), (aid1, "b", m[1]), (aid1, "c", m[0])]) == [aid1] * 3
    births = store.add_artifact_files([(aid2, "x", m[1]), (aid2, "y", m[2]), (aid2, "z", m[2]),
                                       (aid2, "x", m[3])])
    assert births == [aid1, aid2, aid2, aid2]
    with store.tx() as conn:
        rows = conn.execute(select(t.artifact_files.c.name, t.artifact_files.c.md5,
                                   t.artifact_files.c.birth_artifact_id)
                            .where(t.artifact_files.c.artifact_id == aid2)
                            .order_by(t.artifact_files.c.name)).all()
    assert [tuple(r) for r in rows] == [("x", m[3], aid2), ("y", m[2], aid2), ("z", m[2], aid2)]
    # Re-recording a name of an artifact replaces its row (one row per (artifact, name)).
    assert store.add_artifact_files([(aid1, "a", m[2])]) == [aid2]
    with store.tx() as conn:
        n = conn.execute(select(t.artifact_files.c.md5).where(t.artifact_files.c.artifact_id == aid1,
                                                               t.artifact_files.c.name == "a")).all()
    assert [r.md5 for r in n] == [m[2]]


_CREATE = """mutation CreateArtifact ($input: CreateArtifactInput!) { createArtifact(input: $input) {
 artifact { id } } }"""


def _new_artifact(server, name):
    from wandb.sdk.online.gql import GQLClient
    from wandb.server.ids import decode_id

    gql = GQLClient(server.url, server.admin_key)
    gql.execute("mutation U($input: UpsertBucketInput){upsertBucket(input:$input){bucket{id}}}",
                {"input": {"name": "r1", "modelName": "p"}})
    inp = {"entityName": "admin", "projectName": "p", "artifactTypeName": "dataset",
           "artifactCollectionName": name, "digest": hashlib.md5(name.encode()).hexdigest(),
           "digestAlgorithm": "MANIFEST_MD5", "aliases": [{"artifactCollectionName": name, "alias": "latest"}]}
    art = gql.execute(_CREATE, {"input": inp})["createArtifact"]["artifact"]
    return decode_id("Artifact", art["id"])
