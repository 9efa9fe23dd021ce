"""Same-machine transfers: uploads copied into the server's blob directory, downloads copied out.

The server runs in this process on loopback with a local blob directory, so the client
discovers it; the tests check that no file goes over HTTP, that the store holds exactly the
right bytes under each digest, and what happens when a file changed since it was added.
"""

from __future__ import annotations

import base64
import hashlib
import os
import stat
import time
from pathlib import Path
from typing import Any

import pytest
from artrun_helpers import download, lookup, make_record, manifest_of, write_files

from wandb.sdk.artifacts import _local_transfer as LT
from wandb.sdk.artifacts import artifact_saver as S
from wandb.sdk.artifacts import local_store


@pytest.fixture(autouse=True)
def _fresh(monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.delenv("VIREO_LOCAL_BLOBS", raising=False)
    local_store._reset_cache()
    yield
    local_store._reset_cache()


@pytest.fixture
def http_puts(monkeypatch: pytest.MonkeyPatch) -> list:
    """Items of every HTTP upload (the manifest's and any file's)."""
    seen: list = []
    real = S.upload_items

    def spy(items: list) -> list:
        seen.extend(items)
        return real(items)

    monkeypatch.setattr(S, "upload_items", spy)
    return seen


@pytest.fixture
def http_gets(monkeypatch: pytest.MonkeyPatch) -> list:
    from wandb.sdk.artifacts import _download

    seen: list = []
    real = _download._run_downloads

    def spy(items: list, multipart: Any) -> list:
        seen.extend(items)
        return real(items, multipart)

    monkeypatch.setattr(_download, "_run_downloads", spy)
    return seen


def _hex(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()


def _blob_root(server: Any) -> Path:
    return Path(server.handle.app.state.blobs.root)


FILES = {"a.txt": b"alpha\n", "sub/b.bin": os.urandom(300_000), "sub/c.bin": b"", "d.txt": b"alpha\n"}


def test_upload_goes_into_the_store_and_download_comes_out_of_it(server, tmp_path, http_puts, http_gets):
    server.create_run("r1", "p")
    assert local_store.for_client(server.gql_client()) is not None
    entries = write_files(tmp_path / "src", FILES)
    out = S.save_record(make_record(entries), client=server.gql_client())
    assert out["state"] == "COMMITTED"
    # only the manifest went over HTTP
    assert [it["path"] for it in http_puts if not it["path"].endswith(".json")] == []
    root = _blob_root(server)
    for data in FILES.values():
        blob = root / _hex(data)[:2] / _hex(data)
        assert blob.read_bytes() == data
        assert stat.S_IMODE(blob.stat().st_mode) == 0o600
    assert not [p for p in root.rglob("*vireo-tmp*")]
    m = manifest_of(lookup(server, "ds:v0"))
    assert {k: v["digest"] for k, v in m["contents"].items()} == {
        k: base64.b64encode(hashlib.md5(v).digest()).decode() for k, v in FILES.items()}
    got = download(server, "ds:v0", tmp_path / "dl")
    for name, data in FILES.items():
        assert (got / name).read_bytes() == data
    assert http_gets == []
    # downloaded files get the default permissions (umask), not the store's private 0600
    (tmp_path / "probe-mode").write_bytes(b"")
    want = stat.S_IMODE((tmp_path / "probe-mode").stat().st_mode)
    assert {stat.S_IMODE((got / n).stat().st_mode) for n in FILES} == {want}
    # a second download over the first keeps the current files and still needs no HTTP
    before = (got / "sub/b.bin").stat().st_ino
    download(server, "ds:v0", tmp_path / "dl")
    assert (got / "sub/b.bin").stat().st_ino == before and http_gets == []


def test_same_bytes_as_the_http_path(server, tmp_path, monkeypatch):
    """The fast path and HTTP store the same blobs and commit the same manifest."""
    server.create_run("r1", "p")
    entries = write_files(tmp_path / "src", FILES)
    fast = S.save_record(make_record(entries, name="fast"), client=server.gql_client())
    monkeypatch.setenv("VIREO_LOCAL_BLOBS", "0")
    local_store._reset_cache()
    entries2 = write_files(tmp_path / "src2", {"x.bin": os.urandom(50_000), **FILES})
    slow = S.save_record(make_record(entries2, name="slow"), client=server.gql_client())
    mf, ms = manifest_of(lookup(server, "fast:v0")), manifest_of(lookup(server, "slow:v0"))
    for name in FILES:
        assert mf["contents"][name]["digest"] == ms["contents"][name]["digest"]
        # the HTTP version found the fast version's blobs: they are born there
        assert ms["contents"][name]["birthArtifactID"] == fast["id"]
    assert ms["contents"]["x.bin"]["birthArtifactID"] == slow["id"]


def test_changed_file_fails_the_save_and_commits_nothing(server, tmp_path):
    server.create_run("r1", "p")
    entries = write_files(tmp_path / "src", {"a.txt": b"as added", "b.txt": b"fine"})
    Path(entries[0]["local_path"]).write_bytes(b"changed!")  # same size, other bytes
    with pytest.raises(S.SaveError, match=r"'a.txt'.*content changed since it was added"):
        S.save_record(make_record(entries), client=server.gql_client())
    assert lookup(server, "ds:v0") is None or lookup(server, "ds:v0")["state"] != "COMMITTED"
    root = _blob_root(server)
    # nothing was filed under the announced digest, nor under the new bytes' digest
    assert not (root / _hex(b"as added")[:2] / _hex(b"as added")).exists()
    assert not (root / _hex(b"changed!")[:2] / _hex(b"changed!")).exists()


def test_hash_cache_hit_is_copied_without_rehashing(server, tmp_path, monkeypatch):
    """A file the hash cache knows (added by add_file) is copied by the kernel, not re-read."""
    import wandb

    monkeypatch.setenv("WANDB_CACHE_DIR", str(tmp_path / "cache"))
    server.create_run("r1", "p")
    src = tmp_path / "src" / "big.bin"
    src.parent.mkdir()
    data = os.urandom(2_000_000)
    src.write_bytes(data)
    old = time.time() - 60
    os.utime(src, (old, old))
    art = wandb.Artifact("hc", "dataset")
    art.add_file(str(src), policy="immutable")
    job = LT.PlaceJob(local_store.for_client(server.gql_client()), [
        {"path": "big.bin", "digest": art.manifest.entries["big.bin"].digest, "size": len(data),
         "local_path": str(src)}])
    assert job.result() == {art.manifest.entries["big.bin"].digest: True}
    assert job._res[0]["action"] == "copied"
    assert (_blob_root(server) / _hex(data)[:2] / _hex(data)).read_bytes() == data


def test_mutable_staging_copies_move_to_the_cache(server, tmp_path, monkeypatch):
    import wandb
    from wandb.sdk.artifacts.artifact_file_cache import get_artifact_file_cache
    from wandb.sdk.artifacts.staging import get_staging_dir

    monkeypatch.setenv("WANDB_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("WANDB_CACHE_DIR", str(tmp_path / "cache"))
    server.create_run("r1", "p")
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "m.txt").write_bytes(b"mutable bytes")
    art = wandb.Artifact("mut", "dataset")
    art.add_dir(str(tmp_path / "d"))  # policy mutable: a staged copy
    staged = art.manifest.entries["m.txt"].local_path
    assert staged.startswith(get_staging_dir())
    art.finalize()
    S.save_artifact(art, client=server.gql_client(), entity="admin", project="p", run_id="r1")
    assert not os.path.exists(staged)
    path, hit, _ = get_artifact_file_cache().check_md5_obj_path(art.manifest.entries["m.txt"].digest, 13)
    assert hit and Path(path).read_bytes() == b"mutable bytes"
    assert (_blob_root(server) / _hex(b"mutable bytes")[:2] / _hex(b"mutable bytes")).exists()


def test_unwritable_store_falls_back_to_http(server, tmp_path, http_puts, monkeypatch):
    server.create_run("r1", "p")
    entries = write_files(tmp_path / "src", {"a.txt": b"via http"})
    store = local_store.LocalStore(root=str(tmp_path / "not-a-dir-file"))
    (tmp_path / "not-a-dir-file").write_bytes(b"")  # copies into it fail with ENOTDIR
    monkeypatch.setattr(LT, "store_for", lambda client: store)
    out = S.save_record(make_record(entries), client=server.gql_client())
    assert out["state"] == "COMMITTED"
    assert [Path(it["path"]).name for it in http_puts if not it["path"].endswith(".json")] == ["a.txt"]
    assert (_blob_root(server) / _hex(b"via http")[:2] / _hex(b"via http")).read_bytes() == b"via http"


def test_download_falls_back_to_http_for_a_missing_or_wrong_size_blob(server, tmp_path, http_gets):
    server.create_run("r1", "p")
    entries = write_files(tmp_path / "src", {"a.txt": b"aaaa", "b.txt": b"bbbbbb"})
    S.save_record(make_record(entries), client=server.gql_client())

    class Elsewhere:
        """A store view where a.txt's blob is missing and b.txt's has the wrong size."""

        def __init__(self) -> None:
            self.dir = tmp_path / "other"
            (self.dir / _hex(b"bbbbbb")[:2]).mkdir(parents=True)
            (self.dir / _hex(b"bbbbbb")[:2] / _hex(b"bbbbbb")).write_bytes(b"bb")

        def blob_path(self, h: str) -> str:
            return str(self.dir / h[:2] / h)

    from wandb.sdk.artifacts.artifact_manifest_entry import ArtifactManifestEntry

    es = [ArtifactManifestEntry(path=e["path"], digest=e["digest"], size=e["size"]) for e in entries]
    dests = [str(tmp_path / "out" / e.path) for e in es]
    results: list = [None, None]
    left = LT.fetch_from_store(Elsewhere(), es, [0, 1], dests, results)
    assert left == [0, 1] and results == [None, None]
    # the real store serves both
    left = LT.fetch_from_store(local_store.for_client(server.gql_client()), es, [0, 1], dests, results)
    assert left == [] and results == dests
    assert [Path(d).read_bytes() for d in dests] == [b"aaaa", b"bbbbbb"]
