"""Helpers of the distributed / incremental tests: run ``ref_distributed.py`` / ``ref_incremental.py``
with the official client or with ours (online, several processes at once), send PATCH /
INCREMENTAL manifests by hand, read versions back."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import requests
from gqlhelp import FILES, MANIFEST, b64md5


def _env(client: str, server: Any, work: Path) -> tuple[str, dict]:
    extra = {"WANDB_MODE": "online", "WANDB_BASE_URL": server.url, "WANDB_API_KEY": server.key,
             "WANDB_SILENT": "true", "WANDB_CONSOLE": "off"}
    if client == "ref":
        from reftools import ref_env, ref_python_path

        return ref_python_path(), ref_env(work, {**extra, "WANDB_MODE": None})
    home = work / ".home"
    env = {k: v for k, v in os.environ.items() if not k.startswith("WANDB_")}
    env.update(extra, HOME=str(home), WANDB_DIR=str(work), WANDB_CONFIG_DIR=str(home / "config"),
               WANDB_CACHE_DIR=str(home / "cache"), WANDB_DATA_DIR=str(home / "data"),
               WANDB_VIREO_EMBEDDED="false")
    return sys.executable, env


def start(client: str, script: str, server: Any, work: Path, *args: str) -> subprocess.Popen:
    """Start ``script`` (a file next to this one) as ``script artproj <work> *args``."""
    work.mkdir(parents=True, exist_ok=True)
    exe, env = _env(client, server, work)
    return subprocess.Popen([exe, str(Path(__file__).with_name(script)), "artproj", str(work), *args],
                            env=env, cwd=str(work), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            stdin=subprocess.DEVNULL)


def result(proc: subprocess.Popen, timeout: float = 300) -> dict:
    out, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, out[-4000:] + err[-6000:]
    line = next(x for x in out.splitlines() if x.startswith("RESULT:"))
    return json.loads(line[len("RESULT:"):])


def run(client: str, script: str, server: Any, work: Path, *args: str) -> dict:
    return result(start(client, script, server, work, *args))


UPDATE = """mutation UpdateArtifactManifest($artifactManifestID: ID!, $digest: String!, $baseArtifactID: ID,
 $includeUpload: Boolean!) { updateArtifactManifest(input: {artifactManifestID: $artifactManifestID,
 digest: $digest, baseArtifactID: $baseArtifactID}) { artifactManifest { id file { id
 uploadUrl @include(if: $includeUpload) uploadHeaders @include(if: $includeUpload) } } } }"""

BY_NAME = """query A($p: String!, $n: String!) { project(name: $p, entityName: "admin") { artifact(name: $n) {
 id digest state versionIndex fileCount description metadata aliases { alias }
 currentManifest { file { directUrl } } files { edges { node { name md5 directUrl } } } } } }"""


def put_patch(server: Any, art: dict, files: dict, kind: str = "PATCH", base: Any = None) -> str:
    """What one process sends after createArtifact: manifest, files, uploads, the patch manifest."""
    name = {"PATCH": "wandb_manifest.patch.json", "INCREMENTAL": "wandb_manifest.incremental.json"}[kind]
    mvars = {"artifactID": art["id"], "baseArtifactID": base, "name": name, "digest": "", "entityName": "admin",
             "projectName": "p", "runName": "", "manifestType": kind, "includeUpload": False}
    mid = server.gql(MANIFEST, mvars)["createArtifactManifest"]["artifactManifest"]["id"]
    specs = [{"artifactID": art["id"], "name": n, "md5": b64md5(b), "mimetype": None, "artifactManifestID": mid,
              "uploadPartsInput": None} for n, b in files.items()]
    edges = server.gql(FILES, {"artifactFiles": specs, "storageLayout": "V2"})["createArtifactFiles"]["files"]["edges"]
    for data, e in zip(files.values(), edges):
        if e["node"]["uploadUrl"]:
            assert requests.put(e["node"]["uploadUrl"], data=data, timeout=30).status_code == 200
    contents = {n: {"digest": b64md5(b), "birthArtifactID": e["node"]["artifact"]["id"], "size": len(b)}
                for (n, b), e in zip(sorted(files.items()), edges)}
    body = json.dumps({"version": 1, "storagePolicy": "wandb-storage-policy-v1",
                       "storagePolicyConfig": {"storageLayout": "V2"}, "contents": contents}).encode()
    up = server.gql(UPDATE, {"artifactManifestID": mid, "digest": b64md5(body), "baseArtifactID": base,
                             "includeUpload": True})["updateArtifactManifest"]["artifactManifest"]
    assert requests.put(up["file"]["uploadUrl"], data=body, timeout=30).status_code == 200
    return mid


def get_artifact(server: Any, name: str) -> Any:
    """``admin/p/<name>`` as the GraphQL Artifact (None when missing)."""
    return server.gql(BY_NAME, {"p": "p", "n": name})["project"]["artifact"]


def manifest_of(attrs: dict) -> dict:
    """The manifest JSON ``currentManifest`` serves."""
    return requests.get(attrs["currentManifest"]["file"]["directUrl"], timeout=30).json()


def read_back(server: Any, tmp_path: Path, monkeypatch: Any, name: str) -> tuple[Any, dict]:
    """``name`` through our Public API, and its downloaded files (path -> bytes)."""
    for k in ("WANDB_ENTITY", "WANDB_PROJECT", "WANDB_BASE_URL", "WANDB_API_KEY"):
        monkeypatch.delenv(k, raising=False)
    monkeypatch.setenv("WANDB_CACHE_DIR", str(tmp_path / "cache"))
    import wandb

    api = wandb.Api(overrides={"base_url": server.url}, api_key=server.key)
    art = api.artifact(name)
    root = art.download(root=str(tmp_path / "dl"))
    tree = {}
    for dirpath, _dirs, names in os.walk(root):
        for n in names:
            p = os.path.join(dirpath, n)
            tree[os.path.relpath(p, root)] = open(p, "rb").read()
    return art, tree
