"""artifact_saver against our server: upload, dedup, versions, faults, concurrency."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from artrun_helpers import artifact_digest, b64md5, download, lookup, make_record, manifest_of, write_files
from faultproxy import FaultProxy

from wandb.sdk.artifacts import artifact_saver as S

def test_upload_dedup_and_new_version(server, tmp_path):
    server.create_run("r1", "p")
    files = {"a.txt": b"alpha\n", "sub/b.bin": os.urandom(70_000)}
    entries = write_files(tmp_path / "src", files)
    rec = make_record(entries, aliases=["latest", "best"], description="first", metadata='{"k": 1}')
    client = server.gql_client()
    out = S.save_record(rec, client=client, history_step=7)
    assert out["state"] == "COMMITTED" and out["digest"] == artifact_digest(entries)

    attrs = lookup(server, "ds:v0")
    assert attrs["id"] == out["id"] and attrs["versionIndex"] == 0 and attrs["state"] == "COMMITTED"
    assert attrs["historyStep"] == 7 and attrs["description"] == "first" and json.loads(attrs["metadata"]) == {"k": 1}
    assert sorted(a["alias"] for a in attrs["aliases"]) == ["best", "latest"]
    assert attrs["fileCount"] == 2
    m = manifest_of(attrs)
    assert m["version"] == 1 and m["storagePolicy"] == "wandb-storage-policy-v1"
    assert m["storagePolicyConfig"] == {"storageLayout": "V2"}
    assert list(m["contents"]) == ["a.txt", "sub/b.bin"]
    for name, data in files.items():
        assert m["contents"][name] == {"digest": b64md5(data), "birthArtifactID": out["id"], "size": len(data)}
    got = download(server, "ds:v0", tmp_path / "dl")
    for name, data in files.items():
        assert (got / name).read_bytes() == data

    # same content again: no new version, the committed one comes back
    again = S.save_record(make_record(entries), client=client)
    assert again["id"] == out["id"] and again["state"] == "COMMITTED"
    assert lookup(server, "ds:v1") is None

    # a new version sharing a file: only the new file is uploaded, the shared one keeps its birth id
    proxy = FaultProxy(server.url)
    try:
        from wandb.sdk.online.gql import GQLClient

        pc = GQLClient(proxy.url, server.key)
        entries2 = [entries[0]] + write_files(tmp_path / "src2", {"c.txt": b"gamma"})
        out2 = S.save_record(make_record(entries2), client=pc)
        assert [p for p, _ in proxy.blob_puts()] == ["/artifact-blobs/" + _hex(b"gamma")]
    finally:
        proxy.close()
    v1 = lookup(server, "ds:latest")
    assert v1["id"] == out2["id"] and v1["versionIndex"] == 1
    m1 = manifest_of(v1)
    assert m1["contents"]["a.txt"]["birthArtifactID"] == out["id"]
    assert m1["contents"]["c.txt"]["birthArtifactID"] == out2["id"]
    assert sorted(a["alias"] for a in lookup(server, "ds:v0")["aliases"]) == ["best"]


def _hex(data: bytes) -> str:
    import hashlib

    return hashlib.md5(data).hexdigest()


@pytest.fixture(params=["core", "python"])
def backend(request, monkeypatch):
    """Uploads through ``wandb._core`` (when built with them) and through the Python fallback."""
    if request.param == "python":
        monkeypatch.setattr(S, "_core", lambda: object())
    elif not hasattr(S._core(), "upload_files"):
        pytest.skip("the extension has no upload_files yet")
    return request.param


@pytest.mark.parametrize("mode", ["503", "drop"])
def test_failed_uploads_are_retried(server, tmp_path, mode, backend):
    server.create_run("r1", "p")
    files = {"a.txt": b"alpha", "b.txt": b"beta" * 1000}
    entries = write_files(tmp_path, files)
    proxy = FaultProxy(server.url, fail_puts=3, mode=mode)
    try:
        from wandb.sdk.online.gql import GQLClient

        out = S.save_record(make_record(entries), client=GQLClient(proxy.url, server.key))
        statuses = [s for _, s in proxy.blob_puts()]
    finally:
        proxy.close()
    assert out["state"] == "COMMITTED"
    assert statuses.count(200) == 2 and len(statuses) == 5  # 3 broken attempts, then both stored
    got = download(server, "ds:v0", tmp_path / "dl")
    assert {n: (got / n).read_bytes() for n in files} == files


def test_failed_upload_never_commits(server, tmp_path):
    server.create_run("r1", "p")
    entries = write_files(tmp_path, {"a.txt": b"alpha", "b.txt": b"beta"})
    proxy = FaultProxy(server.url, mode="403", always=True)
    try:
        from wandb.sdk.online.gql import GQLClient

        with pytest.raises(S.SaveError, match="upload"):
            S.save_record(make_record(entries), client=GQLClient(proxy.url, server.key))
    finally:
        proxy.close()
    assert lookup(server, "ds:latest") is None and lookup(server, "ds:v0") is None
    # a later good save becomes v0: the failed attempt left no version behind
    out = S.save_record(make_record(entries), client=server.gql_client())
    attrs = lookup(server, "ds:latest")
    assert attrs["id"] == out["id"] and attrs["versionIndex"] == 0


def test_missing_local_file_raises_and_commits_nothing(server, tmp_path):
    server.create_run("r1", "p")
    entries = write_files(tmp_path, {"a.txt": b"alpha", "gone.txt": b"soon gone"})
    os.remove(entries[1]["local_path"])
    with pytest.raises(OSError) as info:
        S.save_record(make_record(entries), client=server.gql_client())
    assert "gone.txt" in str(info.value)
    assert lookup(server, "ds:latest") is None


def test_client_id_references_are_resolved(server, tmp_path):
    server.create_run("r1", "p")
    first = make_record(write_files(tmp_path, {"t.table.json": b'{"columns": []}'}), name="tables")
    out = S.save_record(first, client=server.gql_client())
    ref = {"path": "t.table.json", "digest": b64md5(b'{"columns": []}'), "size": 15,
           "ref": f"wandb-client-artifact://{first['client_id']}/t.table.json"}
    second = make_record([ref], name="refs")
    S.save_record(second, client=server.gql_client())
    m = manifest_of(lookup(server, "refs:latest"))
    hex_id = __import__("base64").b64decode(out["id"]).hex()
    assert m["contents"]["t.table.json"]["ref"] == f"wandb-artifact://{hex_id}/t.table.json"


def test_large_manifest_file_record(server, tmp_path):
    """Records of huge artifacts carry the entries in a gzip'd JSON-lines file, as wandb's."""
    import gzip

    server.create_run("r1", "p")
    entries = write_files(tmp_path, {f"f{i}.txt": f"file {i}".encode() for i in range(5)})
    path = tmp_path / "m.jl.gz"
    with gzip.open(path, "wt") as f:
        for e in entries:
            f.write(json.dumps({"path": e["path"], "digest": e["digest"], "size": e["size"],
                                "local_path": e["local_path"]}) + "\n")
    rec = make_record(entries)
    rec["manifest"] = {"version": 1, "storage_policy": "wandb-storage-policy-v1",
                       "manifest_file_path": str(path)}
    S.save_record(rec, client=server.gql_client())
    m = manifest_of(lookup(server, "ds:v0"))
    assert sorted(m["contents"]) == sorted(e["path"] for e in entries)


CONCURRENT = textwrap.dedent("""
    import json, os, sys
    from wandb.sdk.artifacts import artifact_saver as S
    from wandb.sdk.online.gql import GQLClient
    sys.path.insert(0, sys.argv[4])
    from artrun_helpers import make_record, write_files
    from pathlib import Path
    idx = int(sys.argv[3])
    entries = write_files(Path(sys.argv[5]) / f"p{idx}", {"data.txt": f"content {idx}".encode()})
    out = S.save_record(make_record(entries, run_id="r1"), client=GQLClient(sys.argv[1], sys.argv[2], retry_min=0.05, retry_max=0.3))
    print("RESULT:" + json.dumps(out))
""")


def test_concurrent_processes_get_consecutive_versions(server, tmp_path):
    server.create_run("r1", "p")
    n = 5
    env = {k: v for k, v in os.environ.items() if not k.startswith("WANDB_")}
    procs = [subprocess.Popen([sys.executable, "-c", CONCURRENT, server.url, server.key, str(i),
                               str(Path(__file__).parent), str(tmp_path)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for i in range(n)]
    ids = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err[-2000:]
        line = next(x for x in out.splitlines() if x.startswith("RESULT:"))
        res = json.loads(line[len("RESULT:"):])
        assert res["state"] == "COMMITTED"
        ids.append(res["id"])
    assert len(set(ids)) == n
    versions = {}
    for v in range(n):
        attrs = lookup(server, f"ds:v{v}")
        assert attrs is not None, f"missing v{v}"
        versions[attrs["id"]] = v
    assert set(versions) == set(ids)
    assert lookup(server, f"ds:v{n}") is None
    assert lookup(server, "ds:latest")["versionIndex"] == n - 1


def test_distributed_upsert_then_finish(server, tmp_path):
    server.create_run("r1", "p")
    server.create_run("r2", "p")
    client = server.gql_client()
    part1 = write_files(tmp_path / "w1", {"part1.txt": b"one"})
    part2 = write_files(tmp_path / "w2", {"part2.txt": b"two"})
    for run_id, entries in (("r1", part1), ("r2", part2)):
        rec = make_record(entries, run_id=run_id, distributed_id="job-7")
        rec.pop("finalize")
        out = S.save_record(rec, client=client)
        assert out["state"] in ("PENDING", "DELETED")
    assert lookup(server, "ds:latest") is None  # nothing committed before finish
    done = make_record([], run_id="r1", distributed_id="job-7")
    S.save_record(done, client=client)
    attrs = lookup(server, "ds:latest")
    assert attrs is not None and attrs["versionIndex"] == 0
    assert sorted(manifest_of(attrs)["contents"]) == ["part1.txt", "part2.txt"]


def test_multipart_upload(server, tmp_path, monkeypatch, backend):
    """Large files go up in parts (thresholds lowered for the test), one part broken once."""
    monkeypatch.setattr(S, "MULTIPART_THRESHOLD", 1 << 20)
    monkeypatch.setattr(S, "PART_SIZE", 256 << 10)
    server.create_run("r1", "p")
    big = os.urandom((1 << 20) + 12345)
    entries = write_files(tmp_path, {"big.bin": big, "small.txt": b"small"})
    proxy = FaultProxy(server.url, fail_puts=1, mode="503")
    try:
        from wandb.sdk.online.gql import GQLClient

        out = S.save_record(make_record(entries), client=GQLClient(proxy.url, server.key))
        puts = proxy.blob_puts()
    finally:
        proxy.close()
    assert out["state"] == "COMMITTED"
    part_hexes = {_hex(big[i:i + (256 << 10)]) for i in range(0, len(big), 256 << 10)}
    assert len(part_hexes) == 5
    stored = {p.rsplit("/", 1)[1] for p, status in puts if status == 200}
    assert stored == part_hexes | {_hex(b"small")}
    got = download(server, "ds:v0", tmp_path / "dl")
    assert (got / "big.bin").read_bytes() == big
