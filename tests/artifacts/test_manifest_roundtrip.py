"""Manifest JSON round trip and the module names integrations import."""

import importlib

import pytest

import wandb


def test_roundtrip_and_digest(tmp_path):
    from wandb.sdk.artifacts.artifact_manifest import ArtifactManifest
    from wandb.sdk.artifacts.artifact_manifests.artifact_manifest_v1 import ArtifactManifestV1

    f = tmp_path / "f.txt"
    f.write_text("hello\n")
    art = wandb.Artifact("x", "dataset")
    art.add_file(str(f))
    art.add_reference("https://example.com/x", checksum=False)
    m = art.manifest.to_manifest_json()
    m["contents"]["f.txt"]["birthArtifactID"] = "QXJ0aWZhY3Q6MQ=="
    m["contents"]["f.txt"]["extra"] = {"k": "v"}
    back = ArtifactManifest.from_manifest_json(m)
    assert isinstance(back, ArtifactManifestV1)
    assert back.to_manifest_json() == m
    assert list(back.to_manifest_json()["contents"]["f.txt"]) == ["digest", "birthArtifactID", "extra", "size"]
    assert back.digest() == art.digest
    # digest rule from the notes: hex MD5 of the header and "<path>:<digest>\n" sorted by path
    import hashlib

    h = hashlib.md5(b"wandb-artifact-manifest-v1\n")
    for p in sorted(m["contents"]):
        h.update(f"{p}:{m['contents'][p]['digest']}\n".encode())
    assert art.digest == h.hexdigest()
    with pytest.raises(ValueError, match="Invalid manifest version"):
        ArtifactManifest.from_manifest_json({"version": 2})


@pytest.mark.parametrize("mod,name", [
    ("wandb.sdk.artifacts.artifact", "Artifact"),
    ("wandb.sdk.artifacts.exceptions", "ArtifactNotLoggedError"),
    ("wandb.sdk.artifacts.exceptions", "ArtifactFinalizedError"),
    ("wandb.sdk.artifacts.artifact_manifest_entry", "ArtifactManifestEntry"),
    ("wandb.sdk.artifacts.artifact_ttl", "ArtifactTTL"),
    ("wandb.sdk.artifacts.artifact_state", "ArtifactState"),
    ("wandb.sdk.artifacts.storage_policies", "WandbStoragePolicy"),
    ("wandb.sdk.artifacts.storage_policies", "WANDB_STORAGE_POLICY"),
    ("wandb.sdk.artifacts.artifact_file_cache", "get_artifact_file_cache"),
    ("wandb.sdk.artifacts.staging", "get_staging_dir"),
    ("wandb.sdk.artifacts._internal_artifact", "InternalArtifact"),
    ("wandb.sdk.artifacts._gql_fragments", "ARTIFACT_FRAGMENT"),
])
def test_module_names(mod, name):
    assert hasattr(importlib.import_module(mod), name)
    assert wandb.Artifact is importlib.import_module("wandb.sdk.artifacts.artifact").Artifact
