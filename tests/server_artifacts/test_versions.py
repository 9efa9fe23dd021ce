"""Versions: concurrent commits, dedup, missing files, delete, content-addressed storage."""

from __future__ import annotations

import threading

import requests

import gqlhelp as g


def test_concurrent_commits_get_consecutive_versions(server):
    """Eight writers create and commit versions of one name at once: v0..v7, no gaps, no duplicates."""
    server.create_run("r", "p")
    n = 8
    results: list = []
    errors: list = []
    barrier = threading.Barrier(n)

    def writer(i: int) -> None:
        try:
            files = {f"f{i}.txt": f"content {i}".encode()}
            art = g.create(server, "conc", files, run="r")
            g.upload_files(server, art, files, run="r")
            g.put_manifest(server, art, files, run="r")
            barrier.wait(timeout=30)
            results.append(server.gql(g.COMMIT, {"artifactID": art["id"]})["commitArtifact"]["artifact"])
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(n)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    assert not errors, errors
    assert sorted(r["versionIndex"] for r in results) == list(range(n))
    latest = server.gql('{ project(name: "p", entityName: "admin") { artifact(name: "conc:latest") { versionIndex } } }')
    assert latest["project"]["artifact"]["versionIndex"] == n - 1


def test_concurrent_creates_of_a_new_collection(server):
    """Concurrent first creates of one name (the type and collection are new) all succeed."""
    n = 6
    out: list = []
    errors: list = []

    def creator(i: int) -> None:
        try:
            out.append(g.create(server, "fresh", {f"x{i}": b"%d" % i}, typ="newtype"))
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=creator, args=(i,)) for i in range(n)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    assert not errors, errors
    assert len({a["id"] for a in out}) == n and all(a["state"] == "PENDING" for a in out)


def test_commit_refuses_missing_files_and_manifest(server):
    files = {"a.txt": b"never uploaded"}
    art = g.create(server, "broken", files)
    mvars = {"artifactID": art["id"], "baseArtifactID": None, "name": "wandb_manifest.json", "digest": "",
             "entityName": "admin", "projectName": "p", "runName": "", "manifestType": "FULL", "includeUpload": False}
    man = server.gql(g.MANIFEST, mvars)["createArtifactManifest"]["artifactManifest"]
    spec = [{"artifactID": art["id"], "name": "a.txt", "md5": g.b64md5(files["a.txt"]), "artifactManifestID": man["id"]}]
    server.gql(g.FILES, {"artifactFiles": spec, "storageLayout": "V2"})
    r = server.post_gql(g.COMMIT, {"artifactID": art["id"]})
    assert r.status_code == 409 and "files were not uploaded: a.txt" in r.json()["errors"][0]["message"]
    g.upload_files(server, art, files)
    r = server.post_gql(g.COMMIT, {"artifactID": art["id"]})
    assert r.status_code == 409 and "manifest was not uploaded" in r.json()["errors"][0]["message"]
    g.put_manifest(server, art, files)
    assert server.gql(g.COMMIT, {"artifactID": art["id"]})["commitArtifact"]["artifact"]["versionIndex"] == 0


def test_same_content_is_stored_once_across_artifacts(server):
    shared = b"shared bytes" * 1000
    a = g.save(server, "one", {"x.bin": shared})
    art2 = g.create(server, "two", {"y.bin": shared, "z.txt": b"z"})
    _mid, edges = g.upload_files(server, art2, {"y.bin": shared, "z.txt": b"z"})
    # the shared content is already stored: no upload URL, birth artifact is the first one
    assert edges[0]["node"]["uploadUrl"] is None and edges[0]["node"]["artifact"]["id"] == a["id"]
    assert edges[1]["node"]["uploadUrl"] is not None
    import hashlib

    r = requests.get(f"{server.url}/artifactsV2/default/admin/x/{hashlib.md5(shared).hexdigest()}",
                     auth=server.auth(), timeout=10)
    assert r.status_code == 200 and r.content == shared


def test_dedup_and_latest_moves(server):
    v0 = g.save(server, "ds", {"a": b"1"})
    v1 = g.save(server, "ds", {"a": b"2"})
    again = g.create(server, "ds", {"a": b"2"})
    assert (v0["versionIndex"], v1["versionIndex"]) == (0, 1)
    assert again["state"] == "COMMITTED" and again["id"] == v1["id"]
    q = '{ project(name: "p", entityName: "admin") { artifact(name: "ds:latest") { versionIndex } } }'
    assert server.gql(q)["project"]["artifact"]["versionIndex"] == 1


def test_delete_needs_delete_aliases_and_frees_the_name(server):
    v0 = g.save(server, "dd", {"a": b"1"}, aliases=("keep",))
    doc = "mutation D($id: ID!, $d: Boolean) { deleteArtifact(input: {artifactID: $id, deleteAliases: $d}) { artifact { id state } } }"
    r = server.post_gql(doc, {"id": v0["id"], "d": False})
    assert r.status_code == 409 and "still has aliases" in r.json()["errors"][0]["message"]
    out = server.gql(doc, {"id": v0["id"], "d": True})["deleteArtifact"]["artifact"]
    assert out["state"] == "DELETED"
    q = '{ project(name: "p", entityName: "admin") { a: artifact(name: "dd:v0") { id } b: artifact(name: "dd:keep") { id } } }'
    assert server.gql(q)["project"] == {"a": None, "b": None}
    # the next version does not reuse v0
    assert g.save(server, "dd", {"a": b"2"})["versionIndex"] == 1


def test_ttl_expiry_deletes_the_version(server):
    v0 = g.save(server, "short", {"a": b"ttl"})
    doc = "mutation U($id: ID!, $ttl: Int64) { updateArtifact(input: {artifactID: $id, ttlDurationSeconds: $ttl}) { artifact { ttlDurationSeconds ttlIsInherited } } }"
    assert server.gql(doc, {"id": v0["id"], "ttl": 5})["updateArtifact"]["artifact"] == {
        "ttlDurationSeconds": 5, "ttlIsInherited": False}
    assert server.gql(doc, {"id": v0["id"], "ttl": -2})["updateArtifact"]["artifact"] == {
        "ttlDurationSeconds": -2, "ttlIsInherited": False}
    server.gql(doc, {"id": v0["id"], "ttl": 5})
    import time

    store = server.store
    assert store.expire_artifacts(now=time.time(), every_s=0) == 0
    assert store.expire_artifacts(now=time.time() + 10, every_s=0) == 1
    q = '{ project(name: "p", entityName: "admin") { artifact(name: "short:v0") { id } } }'
    assert server.gql(q)["project"]["artifact"] is None


def test_two_server_processes_on_one_sqlite_database(tmp_path, monkeypatch):
    """Two servers (separate stores, as two processes would have) commit one name concurrently."""
    from wandb.server import start_in_thread

    monkeypatch.delenv("WANDB_SERVER_ADMIN_KEY", raising=False)
    data = str(tmp_path / "shared")
    h1 = start_in_thread(data, port=0)
    h2 = start_in_thread(data, port=0)
    try:
        from test_s3_and_migration import _Handle

        s1, s2 = _Handle(h1), _Handle(h2)
        s2.handle = type("H", (), {"url": h2.url, "admin_key": h1.admin_key})()
        n = 10
        results: list = []
        errors: list = []
        barrier = threading.Barrier(n)

        def writer(i: int) -> None:
            srv = s1 if i % 2 else s2
            try:
                files = {f"f{i}": b"%d" % i}
                art = g.create(srv, "multi", files)
                g.upload_files(srv, art, files)
                g.put_manifest(srv, art, files)
                barrier.wait(timeout=30)
                results.append(srv.gql(g.COMMIT, {"artifactID": art["id"]})["commitArtifact"]["artifact"])
            except Exception as e:  # noqa: BLE001
                errors.append(e)

        threads = [threading.Thread(target=writer, args=(i,)) for i in range(n)]
        for th in threads:
            th.start()
        for th in threads:
            th.join(120)
        assert not errors, errors
        assert sorted(r["versionIndex"] for r in results) == list(range(n))
    finally:
        h1.stop()
        h2.stop()
