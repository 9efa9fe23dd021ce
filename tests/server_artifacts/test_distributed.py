"""Distributed artifacts: createArtifact with a distributedID returns one PENDING version for all
processes, their PATCH manifests are merged, commitArtifact makes it the next version."""

from __future__ import annotations

import json
from typing import Any, Optional

import pytest
import requests
from distclients import UPDATE, get_artifact, manifest_of, put_patch, read_back, result, run, start
from gqlhelp import COMMIT, CREATE, FILES, MANIFEST, b64md5, manifest_digest


def _create(server: Any, did: str, files: dict, aliases: tuple = (), name: str = "dist",
            metadata: Optional[str] = None, description: Optional[str] = None, tags: tuple = ()) -> dict:
    inp = {"entityName": "admin", "projectName": "p", "artifactTypeName": "dataset",
           "artifactCollectionName": name, "digest": manifest_digest(files), "digestAlgorithm": "MANIFEST_MD5",
           "aliases": [{"artifactCollectionName": name, "alias": a} for a in ("latest", *aliases)],
           "enableDigestDeduplication": True, "distributedID": did, "metadata": metadata,
           "description": description, **({"tags": [{"tagName": x} for x in tags]} if tags else {})}
    return server.gql(CREATE, {"input": inp})["createArtifact"]["artifact"]


def test_patches_of_one_distributed_id_make_one_version(server):
    w1 = {"part1.txt": b"one", "shared.txt": b"same"}
    w2 = {"part2.txt": b"two", "shared.txt": b"same"}
    a1 = _create(server, "job-1", w1, aliases=("a1",), metadata=json.dumps({"w": 1}))
    a2 = _create(server, "job-1", w2, aliases=("a2",))
    assert a1["id"] == a2["id"] and a1["state"] == a2["state"] == "PENDING"
    other = _create(server, "job-2", w1)  # another job: its own version
    assert other["id"] != a1["id"] and other["state"] == "PENDING"
    put_patch(server, a1, w1)
    put_patch(server, a2, w2)
    assert get_artifact(server, "dist:latest") is None  # nothing committed before finish
    final = {"final.txt": b"last"}
    a3 = _create(server, "job-1", final, aliases=("done",), description="finished")
    assert a3["id"] == a1["id"]
    put_patch(server, a3, final)
    done = server.gql(COMMIT, {"artifactID": a3["id"]})["commitArtifact"]["artifact"]
    merged = {**w1, **w2, **final}
    assert done["versionIndex"] == 0 and done["digest"] == manifest_digest(merged)

    attrs = get_artifact(server, "dist:v0")
    assert attrs["id"] == a1["id"] and attrs["state"] == "COMMITTED" and attrs["fileCount"] == 4
    assert attrs["digest"] == manifest_digest(merged)
    assert sorted(a["alias"] for a in attrs["aliases"]) == ["a1", "a2", "done", "latest"]
    assert (attrs["description"], json.loads(attrs["metadata"])) == ("finished", {"w": 1})
    m = manifest_of(attrs)
    assert m["version"] == 1 and m["storagePolicy"] == "wandb-storage-policy-v1"
    assert list(m["contents"]) == ["final.txt", "part1.txt", "part2.txt", "shared.txt"]
    for n, b in merged.items():
        assert m["contents"][n]["digest"] == b64md5(b) and m["contents"][n]["size"] == len(b)
        assert m["contents"][n]["birthArtifactID"] == a1["id"]
    files = {e["node"]["name"]: e["node"] for e in attrs["files"]["edges"]}
    assert sorted(files) == sorted(merged)
    for n, b in merged.items():
        assert requests.get(files[n]["directUrl"], timeout=30).content == b

    # the same distributedID after the commit starts the next version
    again = _create(server, "job-1", {"x.txt": b"x"})
    assert again["state"] == "PENDING" and again["id"] not in (a1["id"], other["id"])
    put_patch(server, again, {"x.txt": b"x"})
    nxt = server.gql(COMMIT, {"artifactID": again["id"]})["commitArtifact"]["artifact"]
    assert nxt["versionIndex"] == 1
    assert list(manifest_of(get_artifact(server, "dist:v1"))["contents"]) == ["x.txt"]  # no files of v0


def test_later_patch_wins_and_unfinished_patches_are_ignored(server):
    a = _create(server, "job-9", {"f.txt": b"old"})
    put_patch(server, a, {"f.txt": b"old", "g.txt": b"g"})
    put_patch(server, a, {"f.txt": b"new"})
    # a process that announced its patch and files but died before uploading the manifest
    mvars = {"artifactID": a["id"], "baseArtifactID": None, "name": "wandb_manifest.patch.json", "digest": "",
             "entityName": "admin", "projectName": "p", "runName": "", "manifestType": "PATCH",
             "includeUpload": False}
    mid = server.gql(MANIFEST, mvars)["createArtifactManifest"]["artifactManifest"]["id"]
    spec = [{"artifactID": a["id"], "name": "lost.txt", "md5": b64md5(b"lost"), "mimetype": None,
             "artifactManifestID": mid, "uploadPartsInput": None}]
    edge = server.gql(FILES, {"artifactFiles": spec, "storageLayout": "V2"})["createArtifactFiles"]["files"]["edges"][0]
    requests.put(edge["node"]["uploadUrl"], data=b"lost", timeout=30)
    done = server.gql(COMMIT, {"artifactID": a["id"]})["commitArtifact"]["artifact"]
    assert done["digest"] == manifest_digest({"f.txt": b"new", "g.txt": b"g"})
    attrs = get_artifact(server, "dist:latest")
    assert {n: e["digest"] for n, e in manifest_of(attrs)["contents"].items()} == {
        "f.txt": b64md5(b"new"), "g.txt": b64md5(b"g")}
    assert sorted(e["node"]["name"] for e in attrs["files"]["edges"]) == ["f.txt", "g.txt"]
    assert attrs["fileCount"] == 2


def test_commit_needs_an_uploaded_patch(server):
    a = _create(server, "job-3", {"f.txt": b"f"})
    mvars = {"artifactID": a["id"], "baseArtifactID": None, "name": "wandb_manifest.patch.json", "digest": "",
             "entityName": "admin", "projectName": "p", "runName": "", "manifestType": "PATCH",
             "includeUpload": False}
    mid = server.gql(MANIFEST, mvars)["createArtifactManifest"]["artifactManifest"]["id"]
    server.gql(UPDATE, {"artifactManifestID": mid, "digest": b64md5(b"{}"), "baseArtifactID": None,
                        "includeUpload": True})
    r = server.post_gql(COMMIT, {"artifactID": a["id"]})
    body = r.json()
    assert "errors" in body and "was not uploaded" in body["errors"][0]["message"]
    assert get_artifact(server, "dist:latest") is None


def test_concurrent_creates_share_one_version(server):
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(8) as pool:
        arts = list(pool.map(lambda i: _create(server, "job-c", {f"p{i}.txt": b"%d" % i}, tags=("t1", f"w{i % 2}")),
                             range(8)))
    assert len({a["id"] for a in arts}) == 1
    tags = server.gql("query Q($id: ID) { artifact(id: $id) { tags { name } } }", {"id": arts[0]["id"]})
    assert sorted(x["name"] for x in tags["artifact"]["tags"]) == ["t1", "w0", "w1"]


def _pending_ids(server):
    from sqlalchemy import select

    from wandb.server import tables as t
    from wandb.server.ids import encode_id

    with server.store.ro() as conn:
        ids = conn.execute(select(t.artifacts.c.id).where(t.artifacts.c.state == "PENDING")).scalars().all()
    return [encode_id("Artifact", i) for i in ids]


EXPECTED = {"common.txt": b"the same in every process", "final.txt": b"written by the finishing process",
            "part0.txt": b"part 0 from the client", "part1.txt": b"part 1 from the client"}


@pytest.mark.parametrize("client", [pytest.param("ref", marks=pytest.mark.compat), "ours"])
def test_clients_upsert_in_parallel_then_finish(client, server, tmp_path, monkeypatch):
    """Two processes upsert at once, a third finishes; both clients, read back by our Public API."""
    procs = [start(client, "ref_distributed.py", server, tmp_path / f"w{i}", "upsert", str(i), "job-42")
             for i in range(2)]
    ups = [result(p) for p in procs]
    assert [u["state"] for u in ups] == ["PENDING", "PENDING"]  # wait() leaves an upserted draft pending
    pending = _pending_ids(server)
    assert len(pending) == 1  # both processes wrote into one version
    fin = run(client, "ref_distributed.py", server, tmp_path / "wf", "finish", "x", "job-42")
    assert fin["state"] == "COMMITTED" and fin["version"] == "v0" and fin["id"] == pending[0]
    assert _pending_ids(server) == []
    art, tree = read_back(server, tmp_path, monkeypatch, f"{fin['entity']}/artproj/dist:v0")
    assert tree == EXPECTED
    assert art.id == fin["id"] and sorted(art.aliases) == ["done", "latest"]
    assert art.digest == manifest_digest(EXPECTED)
    assert sorted(art.manifest.entries) == sorted(EXPECTED)
    assert fin["digest"] == art.digest


def test_concurrent_patches_of_the_same_path(server):
    """Processes that upload the same file names at once all succeed (unique index races retried)."""
    from concurrent.futures import ThreadPoolExecutor

    shared = {f"s{i}.txt": b"shared %d" % i for i in range(20)}
    art = _create(server, "job-s", shared)

    def one(i: int) -> str:
        return put_patch(server, art, {**shared, f"own{i}.txt": b"own %d" % i})

    with ThreadPoolExecutor(6) as pool:
        list(pool.map(one, range(6)))
    done = server.gql(COMMIT, {"artifactID": art["id"]})["commitArtifact"]["artifact"]
    merged = {**shared, **{f"own{i}.txt": b"own %d" % i for i in range(6)}}
    assert done["digest"] == manifest_digest(merged)
    assert get_artifact(server, "dist:v0")["fileCount"] == 26
