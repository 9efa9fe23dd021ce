"""Save artifacts with the GraphQL operations the Go core sends (create, manifest, files, commit)."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any, Optional

import requests

CREATE = """mutation CreateArtifact ($input: CreateArtifactInput!) { createArtifact(input: $input) {
 artifact { id state versionIndex artifactSequence { latestArtifact { id } } } } }"""
MANIFEST = """mutation CreateArtifactManifest ($artifactID: ID!, $baseArtifactID: ID, $name: String!, $digest: String!,
 $entityName: String!, $projectName: String!, $runName: String!, $manifestType: ArtifactManifestType!,
 $includeUpload: Boolean!) { createArtifactManifest(input: {artifactID:$artifactID,baseArtifactID:$baseArtifactID,
 name:$name,digest:$digest,entityName:$entityName,projectName:$projectName,runName:$runName,type:$manifestType}) {
 artifactManifest { id file { id uploadUrl @include(if: $includeUpload) uploadHeaders @include(if: $includeUpload) } } } }"""
FILES = """mutation CreateArtifactFiles ($artifactFiles: [CreateArtifactFileSpecInput!]!, $storageLayout: ArtifactStorageLayout!) {
 createArtifactFiles(input: {artifactFiles:$artifactFiles,storageLayout:$storageLayout}) { files { edges { node {
 storagePath uploadUrl uploadHeaders uploadMultipartUrls { uploadID uploadUrlParts { partNumber uploadUrl } }
 artifact { id } } } } } }"""
COMMIT = """mutation CommitArtifact ($artifactID: ID!) { commitArtifact(input: {artifactID:$artifactID}) {
 artifact { id digest versionIndex } } }"""
COMPLETE = """mutation CompleteMultipartUploadArtifact($completeMultipartAction: CompleteMultipartAction!,
 $completedParts: [UploadPartsInput!]!, $artifactID: ID!, $storagePath: String!, $uploadID: String!) {
 completeMultipartUploadArtifact(input: {completeMultipartAction: $completeMultipartAction,
 completedParts: $completedParts, artifactID: $artifactID, storagePath: $storagePath, uploadID: $uploadID}) { digest } }"""
USE = """mutation UseArtifact($entityName: String!, $projectName: String!, $runName: String!, $artifactID: ID!) {
 useArtifact(input: {entityName: $entityName, projectName: $projectName, runName: $runName, artifactID: $artifactID}) {
 artifact { id } } }"""


def b64md5(data: bytes) -> str:
    return base64.b64encode(hashlib.md5(data).digest()).decode()


def manifest_digest(files: dict[str, bytes]) -> str:
    h = hashlib.md5(b"wandb-artifact-manifest-v1\n")
    for name in sorted(files):
        h.update(f"{name}:{b64md5(files[name])}\n".encode())
    return h.hexdigest()


def create(server: Any, name: str, files: dict[str, bytes], typ: str = "dataset", project: str = "p",
           run: Optional[str] = None, aliases: tuple = (), digest: Optional[str] = None,
           entity: str = "admin") -> dict:
    inp = {"entityName": entity, "projectName": project, "artifactTypeName": typ, "artifactCollectionName": name,
           "runName": run, "digest": digest or manifest_digest(files), "digestAlgorithm": "MANIFEST_MD5",
           "aliases": [{"artifactCollectionName": name, "alias": a} for a in ("latest", *aliases)],
           "metadata": json.dumps({"n": len(files)}), "enableDigestDeduplication": True,
           "clientID": hashlib.md5(repr((name, sorted(files), digest)).encode()).hexdigest()}
    return server.gql(CREATE, {"input": inp})["createArtifact"]["artifact"]


def upload_files(server: Any, art: dict, files: dict[str, bytes], project: str = "p",
                 run: Optional[str] = None) -> tuple[str, list]:
    mvars = {"artifactID": art["id"], "baseArtifactID": None, "name": "wandb_manifest.json", "digest": "",
             "entityName": "admin", "projectName": project, "runName": run or "", "manifestType": "FULL",
             "includeUpload": False}
    man = server.gql(MANIFEST, mvars)["createArtifactManifest"]["artifactManifest"]
    specs = [{"artifactID": art["id"], "name": n, "md5": b64md5(b), "mimetype": None, "artifactManifestID": man["id"],
              "uploadPartsInput": None} for n, b in files.items()]
    edges = server.gql(FILES, {"artifactFiles": specs, "storageLayout": "V2"})["createArtifactFiles"]["files"]["edges"]
    for (name, data), e in zip(files.items(), edges):
        if e["node"]["uploadUrl"]:
            r = requests.put(e["node"]["uploadUrl"], data=data, timeout=30)
            assert r.status_code == 200, r.text
    return man["id"], edges


def put_manifest(server: Any, art: dict, files: dict[str, bytes], project: str = "p", run: Optional[str] = None,
                 births: Optional[dict] = None) -> None:
    contents = {n: {"digest": b64md5(b), "size": len(b), **({"birthArtifactID": births[n]} if births else {})}
                for n, b in sorted(files.items())}
    manifest = {"version": 1, "storagePolicy": "wandb-storage-policy-v1",
                "storagePolicyConfig": {"storageLayout": "V2"}, "contents": contents}
    body = json.dumps(manifest).encode()
    mvars = {"artifactID": art["id"], "baseArtifactID": None, "name": "wandb_manifest.json", "digest": b64md5(body),
             "entityName": "admin", "projectName": project, "runName": run or "", "manifestType": "FULL",
             "includeUpload": True}
    man = server.gql(MANIFEST, mvars)["createArtifactManifest"]["artifactManifest"]
    r = requests.put(man["file"]["uploadUrl"], data=body, timeout=30)
    assert r.status_code == 200, r.text


def save(server: Any, name: str, files: dict[str, bytes], typ: str = "dataset", project: str = "p",
         run: Optional[str] = None, aliases: tuple = ()) -> dict:
    """Log a complete version; returns the committed artifact ``{id, digest, versionIndex}``."""
    art = create(server, name, files, typ, project, run, aliases)
    if art["state"] == "COMMITTED":
        return art
    _mid, edges = upload_files(server, art, files, project, run)
    births = {n: e["node"]["artifact"]["id"] for n, e in zip(files, edges)}
    put_manifest(server, art, files, project, run, births)
    return server.gql(COMMIT, {"artifactID": art["id"]})["commitArtifact"]["artifact"]
