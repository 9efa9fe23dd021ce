"""Server housekeeping: the monitor's TTL sweep and the blob garbage collector (``wandb server gc``)."""

from __future__ import annotations

import base64
import hashlib
import os
import time

import pytest
import requests
from click.testing import CliRunner

import gqlhelp as g
from wandb.server.blobs import LocalBlobStore
from wandb.server.cli import parse_duration, server_group
from wandb.server.gc import GcResult, collect_garbage, referenced_md5s, to_hex
from wandb.server.ids import decode_id
from wandb.server.monitor import HeartbeatMonitor

DELETE = """mutation DeleteArtifact($artifactID: ID!) { deleteArtifact(input: {artifactID: $artifactID,
 deleteAliases: true}) { artifact { id state } } }"""
CREATE_RUN_FILES = """mutation CreateRunFiles ($entity: String!, $project: String!, $run: String!, $files: [String!]!) {
 createRunFiles(input: {entityName:$entity,projectName:$project,runName:$run,files:$files}) { files { name uploadUrl } } }"""

DAY = 86400.0
LATER = 3 * DAY  # added to now: every blob stored by the test counts as older than a 1-day grace


def _hex(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()


def _blobs(server) -> LocalBlobStore:
    return server.handle.app.state.blobs


def _stored(blobs) -> dict[str, int]:
    return {h: size for h, _mtime, size in blobs.iter_blobs()}


def _aid(art: dict) -> int:
    return decode_id("Artifact", art["id"])


def _manifest_md5(server, art: dict) -> str:
    return server.store.artifact_by_id(_aid(art)).manifest_md5


def _run_file(server, data: bytes, name: str = "out.bin") -> None:
    server.create_run("r1", project="p")
    up = server.gql(CREATE_RUN_FILES, {"entity": "admin", "project": "p", "run": "r1", "files": [name]})
    assert requests.put(up["createRunFiles"]["files"][0]["uploadUrl"], data=data, timeout=30).status_code == 200


def _put_blob(blobs, data: bytes) -> str:
    path = os.path.join(blobs.tmp_dir, "test-" + os.urandom(4).hex())
    with open(path, "wb") as f:
        f.write(data)
    blobs.put_file(path, _hex(data))
    return _hex(data)


# ---- background TTL sweep ---------------------------------------------------------------------

def test_monitor_sweep_expires_ttl_without_lookup(server):
    art = g.save(server, "ttl", {"a.txt": b"short-lived"})
    keep = g.save(server, "keep", {"b.txt": b"long-lived"})
    server.store.update_artifact(_aid(art), {"ttl_seconds": 60, "created_at": time.time() - 3600})
    server.store.update_artifact(_aid(keep), {"ttl_seconds": 10 * DAY})
    monitor = server.handle.app.state.monitor
    assert isinstance(monitor, HeartbeatMonitor)
    assert monitor.sweep_once() == (0, 1)
    assert server.store.artifact_by_id(_aid(art)).state == "DELETED"
    assert server.store.artifact_by_id(_aid(keep)).state == "COMMITTED"
    assert server.store.aliases_of(_aid(art)) == []
    assert monitor.sweep_once() == (0, 0)


class _FlakyStore:
    def __init__(self, fail: str) -> None:
        self.fail = fail

    def mark_crashed(self, _before: float) -> int:
        if self.fail == "crash":
            raise RuntimeError("database is locked")
        return 3

    def expire_artifacts(self, now: float | None = None, every_s: float = 30.0) -> int:
        assert every_s == 0
        if self.fail == "ttl":
            raise RuntimeError("database is locked")
        return 2


@pytest.mark.parametrize("fail,expected", [("crash", (0, 2)), ("ttl", (3, 0)), ("none", (3, 2))])
def test_monitor_jobs_guarded_separately(fail, expected, caplog):
    mon = HeartbeatMonitor(_FlakyStore(fail), crash_after_s=300, interval_s=30)  # type: ignore[arg-type]
    with caplog.at_level("INFO", logger="wandb.server.monitor"):
        assert mon.sweep_once() == expected
    text = caplog.text
    assert ("heartbeat check failed" in text) == (fail == "crash")
    assert ("artifact TTL sweep failed" in text) == (fail == "ttl")
    assert ("expired 2 artifact version(s)" in text) == (fail != "ttl")


# ---- blob GC ----------------------------------------------------------------------------------

def test_gc_deletes_only_blobs_of_deleted_versions(server):
    shared, only_a, only_b, run_data = b"shared bytes\n", b"only in a\n", b"only in b\n", b"run file\n" * 10
    a = g.save(server, "a", {"s.txt": shared, "x.txt": only_a})
    b = g.save(server, "b", {"s.txt": shared, "y.txt": only_b})
    _run_file(server, run_data)
    blobs = _blobs(server)
    man_a, man_b = _manifest_md5(server, a), _manifest_md5(server, b)
    live = {_hex(shared), _hex(only_a), _hex(only_b), _hex(run_data), man_a, man_b}
    before = _stored(blobs)
    assert set(before) == live

    now = time.time() + LATER
    assert collect_garbage(server.store, blobs, grace_s=DAY, now=now) == GcResult(scanned=6, referenced=6)

    assert server.gql(DELETE, {"artifactID": a["id"]})["deleteArtifact"]["artifact"]["state"] == "DELETED"
    gone = {_hex(only_a), man_a}
    expected = GcResult(scanned=6, referenced=4, deleted=2, bytes_freed=sum(before[h] for h in gone))
    assert collect_garbage(server.store, blobs, grace_s=DAY, dry_run=True, now=now) == expected
    assert set(_stored(blobs)) == live  # the dry run deleted nothing
    assert collect_garbage(server.store, blobs, grace_s=DAY, now=now) == expected
    assert set(_stored(blobs)) == live - gone
    assert collect_garbage(server.store, blobs, grace_s=DAY, now=now) == GcResult(scanned=4, referenced=4)
    # the surviving version still downloads its files, including the shared one
    q = "query($id: ID!) { artifact(id: $id) { files { edges { node { name directUrl } } } } }"
    edges = server.gql(q, {"id": b["id"]})["artifact"]["files"]["edges"]
    got = {e["node"]["name"]: requests.get(e["node"]["directUrl"], timeout=30).content for e in edges}
    assert got == {"s.txt": shared, "y.txt": only_b}


def test_gc_grace_period_keeps_young_blobs(server):
    blobs = _blobs(server)
    orphan = _put_blob(blobs, b"uploaded, not recorded yet")
    r = collect_garbage(server.store, blobs, grace_s=3600)
    assert r == GcResult(scanned=1, kept_young=1) and orphan in _stored(blobs)
    old = time.time() - 7200
    os.utime(blobs.path(orphan), (old, old))
    assert _put_blob(blobs, b"uploaded, not recorded yet") == orphan  # stored again: young again
    assert collect_garbage(server.store, blobs, grace_s=3600) == GcResult(scanned=1, kept_young=1)
    r = collect_garbage(server.store, blobs, grace_s=3600, now=time.time() + 7200)
    assert r == GcResult(scanned=1, deleted=1, bytes_freed=26) and _stored(blobs) == {}
    with pytest.raises(ValueError, match="grace_s"):
        collect_garbage(server.store, blobs, grace_s=-1)


def test_referenced_sources_and_digest_forms(server):
    """Manifest rows (base64 or hex digests), run files and multipart uploads all count."""
    art = g.create(server, "pending", {"f.bin": b"x"})  # a PENDING version
    aid = _aid(art)
    m_b64, m_hex, whole, part1, part2 = (_hex(bytes([i])) for i in range(5))
    server.store.create_manifest(aid, "m1.json", "PATCH", base64.b64encode(bytes.fromhex(m_b64)).decode())
    server.store.create_manifest(aid, "m2.json", "PATCH", m_hex.upper())
    server.store.create_multipart(aid, whole, [{"partNumber": 1, "hexMD5": part1}, {"partNumber": 2, "hexMD5": part2}])
    run_data = b"a run file"
    _run_file(server, run_data)
    refs = referenced_md5s(server.store)
    assert {m_b64, m_hex, whole, part1, part2, _hex(run_data)} <= refs
    assert referenced_md5s(server.store, only=[m_b64, part2, _hex(b"nothing")]) == {m_b64, part2}

    server.gql(DELETE, {"artifactID": art["id"]})
    refs = referenced_md5s(server.store)
    assert m_b64 not in refs and m_hex not in refs  # manifests of a DELETED version go
    assert {whole, part1, part2, _hex(run_data)} <= refs  # uploads in progress stay until finished


def test_to_hex_forms():
    h = _hex(b"abc")
    assert to_hex(h) == to_hex(h.upper()) == to_hex(f'"{h}"') == h
    assert to_hex(base64.b64encode(bytes.fromhex(h)).decode()) == h
    assert to_hex("") is None and to_hex(None) is None and to_hex("not a digest") is None
    assert to_hex(base64.b64encode(b"short").decode()) is None


def test_local_iter_blobs_and_tmp_cleanup(tmp_path, empty_store):
    from wandb.server.local_store import write_probe

    blobs = LocalBlobStore(str(tmp_path / "blobs"))
    h = _put_blob(blobs, b"payload")
    probe = write_probe(blobs)
    os.makedirs(os.path.join(blobs.root, "ab"), exist_ok=True)
    stray = [os.path.join(blobs.root, "ab", "not-a-digest"), os.path.join(blobs.root, "ab", "cd" + "0" * 30),
             os.path.join(blobs.root, "ab", "AB" + "0" * 30)]
    for p in stray:
        open(p, "wb").close()
    [(name, mtime, size)] = list(blobs.iter_blobs())
    assert (name, size) == (h, 7) and abs(mtime - os.stat(blobs.path(h)).st_mtime) < 1e-6

    old = time.time() - 2 * DAY
    tmp = {n: os.path.join(blobs.tmp_dir, n) for n in ("up-old", "up-new", "local-probe.old")}
    # a same-machine client's temp file next to the blobs, left by a crash (old) or in use (new)
    tmp["client-old"] = os.path.join(blobs.root, "ab", ".stage-1-1.vireo-tmp")
    tmp["client-new"] = os.path.join(blobs.root, "ab", ".stage-1-2.vireo-tmp")
    for n, p in tmp.items():
        with open(p, "wb") as f:
            f.write(b"12345")
        if not n.endswith("new"):
            os.utime(p, (old, old))
    os.utime(blobs.path(h), (old, old))

    r = collect_garbage(empty_store, blobs, grace_s=DAY, dry_run=True)
    assert r == GcResult(scanned=1, deleted=1, bytes_freed=7, tmp_deleted=2, tmp_bytes_freed=10)
    assert os.path.exists(tmp["up-old"]) and os.path.exists(blobs.path(h))
    assert collect_garbage(empty_store, blobs, grace_s=DAY) == r
    assert not os.path.exists(tmp["up-old"]) and not os.path.exists(blobs.path(h))
    assert not os.path.exists(tmp["client-old"]) and os.path.exists(tmp["client-new"])
    assert os.path.exists(tmp["up-new"]) and os.path.exists(tmp["local-probe.old"])
    assert open(probe.probe_path).read().strip() == probe.probe  # <root>/local-probe untouched
    assert all(os.path.exists(p) for p in stray)


@pytest.fixture
def empty_store(tmp_path):
    """A store without any records."""
    from wandb.server.store import Store

    store = Store(f"sqlite:///{tmp_path}/empty.db")
    yield store
    store.close()


def test_vanished_blob_is_not_an_error(tmp_path, empty_store):
    blobs = LocalBlobStore(str(tmp_path / "blobs"))
    h1, h2 = _put_blob(blobs, b"one"), _put_blob(blobs, b"two")

    class Racing:
        """Lists both blobs, but one disappears before it is deleted."""

        tmp_dir = blobs.tmp_dir

        def iter_blobs(self):  # type: ignore[no-untyped-def]
            items = list(blobs.iter_blobs())
            os.unlink(blobs.path(h1))
            yield from items

        def delete(self, md5_hex: str) -> None:
            blobs.delete(md5_hex)

    r = collect_garbage(empty_store, Racing(), grace_s=0, now=time.time() + LATER)
    assert (r.scanned, r.deleted) == (2, 2) and _stored(blobs) == {} and h2 != h1


# ---- S3 listing (moto's in-process mock) ------------------------------------------------------

def test_s3_iter_blobs_and_gc(tmp_path, monkeypatch, empty_store):
    moto = pytest.importorskip("moto")
    boto3 = pytest.importorskip("boto3")
    from wandb.server.blobs import S3BlobStore

    for k, v in {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": "us-east-1"}.items():
        monkeypatch.setenv(k, v)
    monkeypatch.delenv("WANDB_SERVER_S3_ENDPOINT", raising=False)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    with moto.mock_aws():
        s3 = boto3.client("s3")
        s3.create_bucket(Bucket="vireo")
        h = _hex(b"s3 blob")
        s3.put_object(Bucket="vireo", Key=f"blobs/{h}", Body=b"s3 blob")
        s3.put_object(Bucket="vireo", Key="blobs/readme.txt", Body=b"x")
        s3.put_object(Bucket="vireo", Key=f"other/{h}", Body=b"x")
        store = S3BlobStore("s3://vireo/blobs", str(tmp_path))
        [(name, mtime, size)] = list(store.iter_blobs())
        assert (name, size) == (h, 7) and abs(mtime - time.time()) < 600
        assert collect_garbage(empty_store, store, now=time.time() + LATER) == GcResult(
            scanned=1, deleted=1, bytes_freed=7)
        keys = sorted(o["Key"] for o in s3.list_objects_v2(Bucket="vireo")["Contents"])
        assert keys == ["blobs/readme.txt", f"other/{h}"]


# ---- CLI ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,seconds", [("90", 90), ("90s", 90), ("30m", 1800), ("24h", 86400),
                                          ("7d", 604800), ("1.5h", 5400), ("0", 0), (" 2D ", 172800)])
def test_parse_duration(text, seconds):
    assert parse_duration(text) == seconds


def test_cli_gc_against_running_server(server):
    a = g.save(server, "a", {"x.txt": b"only in a", "s.txt": b"shared"})
    g.save(server, "b", {"s.txt": b"shared"})
    blobs = _blobs(server)
    man_a = _manifest_md5(server, a)
    server.gql(DELETE, {"artifactID": a["id"]})
    young = _put_blob(blobs, b"young orphan")
    old = time.time() - 2 * DAY
    for h in _stored(blobs):
        if h != young:
            os.utime(blobs.path(h), (old, old))
    sizes = _stored(blobs)
    freed = sizes[_hex(b"only in a")] + sizes[man_a]
    args = ["gc", "--data-dir", server.handle.data_dir]
    if server.db != "sqlite":
        args += ["--db-url", server.store.url]
    runner = CliRunner()

    res = runner.invoke(server_group, args + ["--dry-run"])
    assert res.exit_code == 0, res.output
    assert res.output == (f"scanned 5 blobs, 2 referenced, would delete 2 ({freed} B), "
                          "kept 1 younger than 24h\n")
    assert _stored(blobs) == sizes
    res = runner.invoke(server_group, args + ["--grace", "36h"])
    assert res.exit_code == 0, res.output
    assert res.output == f"scanned 5 blobs, 2 referenced, deleted 2 ({freed} B), kept 1 younger than 36h\n"
    assert set(_stored(blobs)) == set(sizes) - {_hex(b"only in a"), man_a}

    res = runner.invoke(server_group, args + ["--grace", "5x"])
    assert res.exit_code == 2
    assert "Invalid value for '--grace'" in res.output and "90s, 30m, 24h, 7d" in res.output
    res = runner.invoke(server_group, args + ["--grace", "-1h"])
    assert res.exit_code == 2 and "'-1h'" in res.output


def test_cli_gc_needs_an_existing_database(tmp_path):
    res = CliRunner().invoke(server_group, ["gc", "--data-dir", str(tmp_path / "nothing")])
    assert res.exit_code == 1 and "no server database" in res.output
    assert not (tmp_path / "nothing").exists()


def test_cli_gc_stopped_server_with_stale_tmp(tmp_path, monkeypatch):
    from wandb.server import start_in_thread

    monkeypatch.delenv("WANDB_SERVER_ADMIN_KEY", raising=False)
    monkeypatch.delenv("WANDB_SERVER_DB_URL", raising=False)
    monkeypatch.delenv("WANDB_SERVER_BLOB_STORE", raising=False)
    d = str(tmp_path / "data")
    start_in_thread(d, port=0).stop()
    blobs = LocalBlobStore(os.path.join(d, "blobs"))
    h = _put_blob(blobs, b"x" * 2500)
    stale = os.path.join(blobs.tmp_dir, "up-stale")
    with open(stale, "wb") as f:
        f.write(b"y" * 10)
    old = time.time() - 3 * DAY
    os.utime(blobs.path(h), (old, old))
    os.utime(stale, (old, old))
    res = CliRunner().invoke(server_group, ["gc", "--data-dir", d, "--grace", "2d"])
    assert res.exit_code == 0, res.output
    assert res.output == ("scanned 1 blobs, 0 referenced, deleted 1 (2.5 kB), kept 0 younger than 2d; "
                          "deleted 1 stale temporary file(s) (10 B)\n")
    assert not os.path.exists(stale) and _stored(blobs) == {}
