"""Helpers of the run-level artifact tests: the in-process server of tests/online with artifact
helpers, artifact records and files, lookups of logged artifacts."""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path
import sys
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "online"))
import online_kit  # noqa: E402  (the online tests' server and settings)

FAST = online_kit.FAST


class Server(online_kit.Server):
    """The online tests' in-process server, plus helpers for artifact lookups."""

    def public_client(self) -> Any:
        from wandb.apis.public._gql import GraphQLClient

        return GraphQLClient(self.url + "/graphql", self.key)

    def create_run(self, name: str, project: str) -> None:
        c = self.gql_client()
        c.execute("mutation U($input: UpsertBucketInput){upsertBucket(input:$input){bucket{id}}}",
                  {"input": {"name": name, "modelName": project}})
        c.close()


def b64md5(data: bytes) -> str:
    return base64.b64encode(hashlib.md5(data).digest()).decode()


def write_files(root: Path, files: dict[str, bytes]) -> list[dict]:
    """Write ``files`` under ``root``; return their record entries (path, digest, size, local_path)."""
    out = []
    for name, data in files.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
        out.append({"path": name, "digest": b64md5(data), "size": len(data), "local_path": str(p)})
    return out


def artifact_digest(entries: list[dict]) -> str:
    h = hashlib.md5(b"wandb-artifact-manifest-v1\n")
    for e in sorted(entries, key=lambda e: e["path"]):
        h.update(f"{e['path']}:{e['digest']}\n".encode())
    return h.hexdigest()


def make_record(entries: list[dict], *, name: str = "ds", type_: str = "dataset", run_id: str = "r1",
                project: str = "p", entity: str = "admin", aliases: list[str] | None = None, **extra: Any) -> dict:
    rec = {
        "run_id": run_id, "project": project, "entity": entity, "type": type_, "name": name,
        "digest": artifact_digest(entries), "aliases": aliases or ["latest"], "finalize": True,
        "client_id": os.urandom(16).hex(), "sequence_client_id": os.urandom(16).hex(),
        "manifest": {"version": 1, "storage_policy": "wandb-storage-policy-v1",
                     "storage_policy_config": [{"key": "storageLayout", "value_json": '"V2"'}],
                     "contents": entries},
    }
    rec.update(extra)
    return rec



def lookup(server: Any, name: str, project: str = "p") -> dict | None:
    """The ArtifactFragment of ``admin/<project>/<name>`` (None when there is none)."""
    from wandb.sdk.artifacts._gql_fragments import ARTIFACT_FRAGMENT

    doc = ("query ArtifactByName($entityName: String!, $projectName: String!, $name: String!) {"
           " project(name: $projectName, entityName: $entityName) { artifact(name: $name) { ...ArtifactFragment } } }"
           + ARTIFACT_FRAGMENT)
    data = server.public_client().execute(doc, {"entityName": "admin", "projectName": project, "name": name})
    return (data.get("project") or {}).get("artifact")


def manifest_of(attrs: dict) -> dict:
    """The manifest file of a logged artifact, fetched from its directUrl."""
    import requests

    return requests.get(attrs["currentManifest"]["file"]["directUrl"], timeout=10).json()


def download(server: Any, name: str, root: Path, project: str = "p") -> Path:
    """Download ``admin/<project>/<name>`` with a fresh Artifact object; returns the root."""
    from wandb.sdk.artifacts.artifact import Artifact

    attrs = lookup(server, name, project)
    art = Artifact._from_attrs("admin", project, name, attrs, server.public_client())
    return Path(art.download(root=str(root)))
