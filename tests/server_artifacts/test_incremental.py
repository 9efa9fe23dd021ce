"""Incremental artifacts: an INCREMENTAL manifest with ``baseArtifactID`` makes a version whose
manifest is the base's merged with the new entries (new entries win)."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from distclients import get_artifact, manifest_of, put_patch, read_back, run
from gqlhelp import COMMIT, CREATE, b64md5, manifest_digest, save


def _create(server: Any, files: dict, name: str = "inc") -> dict:
    inp = {"entityName": "admin", "projectName": "p", "artifactTypeName": "dataset",
           "artifactCollectionName": name, "digest": manifest_digest(files), "digestAlgorithm": "MANIFEST_MD5",
           "aliases": [{"artifactCollectionName": name, "alias": "latest"}], "enableDigestDeduplication": True}
    return server.gql(CREATE, {"input": inp})["createArtifact"]["artifact"]


def test_incremental_version_extends_its_base(server):
    v0_files = {"a.txt": b"alpha", "b.txt": b"beta v0"}
    v0 = save(server, "inc", v0_files)
    new = {"b.txt": b"beta v1", "c.txt": b"gamma"}
    art = _create(server, new)
    assert art["state"] == "PENDING" and art["artifactSequence"]["latestArtifact"]["id"] == v0["id"]
    put_patch(server, art, new, kind="INCREMENTAL", base=v0["id"])
    done = server.gql(COMMIT, {"artifactID": art["id"]})["commitArtifact"]["artifact"]
    merged = {**v0_files, **new}
    assert done["versionIndex"] == 1 and done["digest"] == manifest_digest(merged)

    attrs = get_artifact(server, "inc:v1")
    assert attrs["fileCount"] == 3 and attrs["digest"] == manifest_digest(merged)
    m = manifest_of(attrs)
    assert list(m["contents"]) == ["a.txt", "b.txt", "c.txt"]
    assert {n: e["digest"] for n, e in m["contents"].items()} == {n: b64md5(b) for n, b in merged.items()}
    assert m["contents"]["a.txt"]["birthArtifactID"] == v0["id"]  # inherited from the base
    assert m["contents"]["c.txt"]["birthArtifactID"] == art["id"]
    files = {e["node"]["name"]: e["node"] for e in attrs["files"]["edges"]}
    assert sorted(files) == ["a.txt", "b.txt", "c.txt"]
    for n, b in merged.items():
        assert requests.get(files[n]["directUrl"], timeout=30).content == b
    # the base is unchanged
    assert {n: e["digest"] for n, e in manifest_of(get_artifact(server, "inc:v0"))["contents"].items()} == {
        n: b64md5(b) for n, b in v0_files.items()}


def test_incremental_without_base_is_just_its_entries(server):
    files = {"only.txt": b"only"}
    art = _create(server, files, name="fresh")
    put_patch(server, art, files, kind="INCREMENTAL", base=None)
    done = server.gql(COMMIT, {"artifactID": art["id"]})["commitArtifact"]["artifact"]
    assert done["versionIndex"] == 0 and done["digest"] == manifest_digest(files)
    attrs = server.gql("""query { project(name: "p", entityName: "admin") { artifact(name: "fresh:v0") {
      currentManifest { file { directUrl } } } } }""")["project"]["artifact"]
    assert list(manifest_of(attrs)["contents"]) == ["only.txt"]


def test_incremental_base_must_exist_and_be_committed(server):
    art = _create(server, {"x.txt": b"x"})
    bad = server.post_gql(
        """mutation M($a: ID!, $b: ID) { createArtifactManifest(input: {artifactID: $a, baseArtifactID: $b,
        name: "wandb_manifest.incremental.json", digest: "", type: INCREMENTAL}) { artifactManifest { id } } }""",
        {"a": art["id"], "b": "QXJ0aWZhY3Q6OTk5"}).json()  # Artifact:999
    assert "errors" in bad and "baseArtifactID" in bad["errors"][0]["message"]
    other = _create(server, {"y.txt": b"y"}, name="other")  # still PENDING
    bad = server.post_gql(
        """mutation M($a: ID!, $b: ID) { createArtifactManifest(input: {artifactID: $a, baseArtifactID: $b,
        name: "wandb_manifest.incremental.json", digest: "", type: INCREMENTAL}) { artifactManifest { id } } }""",
        {"a": art["id"], "b": other["id"]}).json()
    assert "errors" in bad and "must be committed" in bad["errors"][0]["message"]


EXPECTED = {"a.txt": b"alpha", "b.txt": b"beta v1", "c.txt": b"gamma"}


@pytest.mark.parametrize("client", [pytest.param("ref", marks=pytest.mark.compat), "ours"])
def test_clients_log_incremental_versions(client, server, tmp_path, monkeypatch):
    """``wandb.Artifact(..., incremental=True)`` logged by either client; read back by our Public API."""
    out = run(client, "ref_incremental.py", server, tmp_path / "w")
    assert out["base"][1:] == ["v0", manifest_digest({"a.txt": b"alpha", "b.txt": b"beta v0"})]
    assert out["inc"][1] == "v1"
    art, tree = read_back(server, tmp_path, monkeypatch, f"{out['entity']}/artproj/inc:v1")
    assert tree == EXPECTED
    assert art.id == out["inc"][0] and sorted(art.aliases) == ["inc", "latest"]
    assert art.digest == manifest_digest(EXPECTED)
    entries = art.manifest.entries
    assert {n: e.digest for n, e in entries.items()} == {n: b64md5(b) for n, b in EXPECTED.items()}
    assert entries["a.txt"].birth_artifact_id == out["base"][0]
    assert out["inc"][2] == art.digest
