"""Artifact GraphQL operations and uploads, with the documents the Go core sends."""

from __future__ import annotations

import base64
import hashlib
import json

import requests

CREATE = """mutation CreateArtifact ($input: CreateArtifactInput!) { createArtifact(input: $input) {
 artifact { id state artifactSequence { latestArtifact { id } } } } }"""
MANIFEST = """mutation CreateArtifactManifest ($artifactID: ID!, $baseArtifactID: ID, $name: String!, $digest: String!,
 $entityName: String!, $projectName: String!, $runName: String!, $manifestType: ArtifactManifestType!,
 $includeUpload: Boolean!) { createArtifactManifest(input: {artifactID:$artifactID,baseArtifactID:$baseArtifactID,
 name:$name,digest:$digest,entityName:$entityName,projectName:$projectName,runName:$runName,type:$manifestType}) {
 artifactManifest { id file { id uploadUrl @include(if: $includeUpload) uploadHeaders @include(if: $includeUpload) } } } }"""
FILES = """mutation CreateArtifactFiles ($artifactFiles: [CreateArtifactFileSpecInput!]!, $storageLayout: ArtifactStorageLayout!) {
 createArtifactFiles(input: {artifactFiles:$artifactFiles,storageLayout:$storageLayout}) { files { edges { node {
 storagePath uploadUrl uploadHeaders uploadMultipartUrls { uploadID uploadUrlParts { partNumber uploadUrl } }
 artifact { id } } } } } }"""
COMMIT = """mutation CommitArtifact ($artifactID: ID!) { commitArtifact(input: {artifactID:$artifactID}) { artifact { id digest } } }"""
CLIENT_ID = """query ClientIDMapping ($clientID: ID!) { clientIDMapping(clientID: $clientID) { serverID } }"""
BY_NAME = """query A($e: String!, $p: String!, $n: String!) { project(name: $p, entityName: $e) { artifact(name: $n) {
 id versionIndex state fileCount aliases { alias artifactCollection { __typename name } } artifactType { name }
 currentManifest { file { directUrl } } } } }"""


def _b64(data: bytes) -> str:
    return base64.b64encode(hashlib.md5(data).digest()).decode()


def _create(server, digest="d1", coll="ds", typ="dataset", client_id="c1"):
    inp = {"entityName": "admin", "projectName": "p", "artifactTypeName": typ, "artifactCollectionName": coll,
           "runName": "r", "digest": digest, "digestAlgorithm": "MANIFEST_MD5", "aliases": [{"artifactCollectionName": coll,
           "alias": "latest"}], "metadata": '{"k": 1}', "enableDigestDeduplication": True, "clientID": client_id,
           "sequenceClientID": "s" + client_id, "historyStep": 3, "labels": None, "artifactCollectionNames": None}
    return server.gql(CREATE, {"input": inp}, op="CreateArtifact")["createArtifact"]["artifact"]


def _save(server, files: dict[str, bytes], digest="d1", client_id="c1"):
    art = _create(server, digest=digest, client_id=client_id)
    assert art["state"] == "PENDING"
    mvars = {"artifactID": art["id"], "baseArtifactID": None, "name": "wandb_manifest.json", "digest": "",
             "entityName": "admin", "projectName": "p", "runName": "r", "manifestType": "FULL", "includeUpload": False}
    man = server.gql(MANIFEST, mvars)["createArtifactManifest"]["artifactManifest"]
    assert "uploadUrl" not in man["file"]
    specs = [{"artifactID": art["id"], "name": n, "md5": _b64(b), "mimetype": None, "artifactManifestID": man["id"],
              "uploadPartsInput": None} for n, b in files.items()]
    edges = server.gql(FILES, {"artifactFiles": specs, "storageLayout": "V2"})["createArtifactFiles"]["files"]["edges"]
    assert len(edges) == len(files)
    uploaded = []
    for (name, data), e in zip(files.items(), edges):
        if e["node"]["uploadUrl"]:
            assert requests.put(e["node"]["uploadUrl"], data=data, timeout=10).status_code == 200
            uploaded.append(name)
    manifest = {"version": 1, "storagePolicy": "wandb-storage-policy-v1", "storagePolicyConfig": {"storageLayout": "V2"},
                "contents": {n: {"digest": _b64(b), "size": len(b)} for n, b in files.items()}}
    body = json.dumps(manifest).encode()
    man2 = server.gql(MANIFEST, dict(mvars, digest=_b64(body), includeUpload=True))["createArtifactManifest"]
    assert requests.put(man2["artifactManifest"]["file"]["uploadUrl"], data=body, timeout=10).status_code == 200
    done = server.gql(COMMIT, {"artifactID": art["id"]})["commitArtifact"]["artifact"]
    return art, edges, uploaded, done


def test_save_commit_lookup_and_dedup(server):
    server.create_run("r", "p")
    art, edges, uploaded, done = _save(server, {"a.txt": b"alpha", "b/c.txt": b"beta"})
    assert uploaded == ["a.txt", "b/c.txt"] and done == {"id": art["id"], "digest": "d1"}
    assert all(e["node"]["artifact"]["id"] == art["id"] for e in edges)
    got = server.gql(BY_NAME, {"e": "admin", "p": "p", "n": "ds:latest"})["project"]["artifact"]
    assert (got["id"], got["versionIndex"], got["state"], got["fileCount"]) == (art["id"], 0, "COMMITTED", 2)
    assert got["aliases"] == [{"alias": "latest", "artifactCollection": {"__typename": "ArtifactSequence", "name": "ds"}}]
    assert got["artifactType"] == {"name": "dataset"}
    manifest = requests.get(got["currentManifest"]["file"]["directUrl"], timeout=10).json()
    assert set(manifest["contents"]) == {"a.txt", "b/c.txt"}
    assert server.gql(CLIENT_ID, {"clientID": "c1"}) == {"clientIDMapping": {"serverID": art["id"]}}
    assert server.gql(CLIENT_ID, {"clientID": "nope"}) == {"clientIDMapping": None}
    # same digest again: the committed version comes back, nothing to upload
    again = _create(server, digest="d1", client_id="c2")
    assert again["id"] == art["id"] and again["state"] == "COMMITTED"
    # new version sharing one file: that file needs no upload and keeps its birth artifact
    art2, edges2, uploaded2, _ = _save(server, {"a.txt": b"alpha", "new.txt": b"gamma"}, digest="d2", client_id="c3")
    assert art2["artifactSequence"]["latestArtifact"]["id"] == art["id"]
    assert uploaded2 == ["new.txt"] and edges2[0]["node"]["uploadUrl"] is None
    assert edges2[0]["node"]["artifact"]["id"] == art["id"] and edges2[1]["node"]["artifact"]["id"] == art2["id"]
    v1 = server.gql(BY_NAME, {"e": "admin", "p": "p", "n": "ds:v1"})["project"]["artifact"]
    assert v1["id"] == art2["id"]
    assert server.gql(BY_NAME, {"e": "admin", "p": "p", "n": "ds:v0"})["project"]["artifact"]["aliases"] == []


def test_upload_must_match_md5_and_signature(server):
    server.create_run("r", "p")
    art = _create(server)
    spec = {"artifactID": art["id"], "name": "a.txt", "md5": _b64(b"right"), "artifactManifestID": None}
    node = server.gql(FILES, {"artifactFiles": [spec], "storageLayout": "V2"})["createArtifactFiles"]["files"]["edges"][0]["node"]
    r = requests.put(node["uploadUrl"], data=b"wrong", timeout=10)
    assert r.status_code == 400 and "does not match" in r.json()["error"]
    assert requests.put(node["uploadUrl"].replace("sig=", "sig=f"), data=b"right", timeout=10).status_code == 403
    assert requests.put(node["uploadUrl"], data=b"right", timeout=10).status_code == 200


def test_bad_artifact_input(server):
    server.create_run("r", "p")
    _create(server)
    r = server.post_gql(CREATE, {"input": {"entityName": "admin", "projectName": "p", "artifactTypeName": "model",
                                           "artifactCollectionName": "ds", "digest": "x"}})
    assert r.status_code == 409 and "type" in r.json()["errors"][0]["message"]
    art = _create(server, digest="d9")
    for bad in ({"md5": "not-base64!!"}, {"name": "../x"}):
        spec = dict({"artifactID": art["id"], "name": "a.txt", "md5": _b64(b"x")}, **bad)
        r = server.post_gql(FILES, {"artifactFiles": [spec], "storageLayout": "V2"})
        assert r.status_code == 400, bad
    r = server.post_gql(COMMIT, {"artifactID": "QXJ0aWZhY3Q6OTk5"})
    assert r.status_code == 404
