"""The official wandb 0.21.3 client against our server: links, registries, search, edits, deletes."""

from __future__ import annotations

import pytest

from refrun import run_ref_script


@pytest.mark.compat
def test_official_client_links_registries_and_edits(server, tmp_path):
    out = run_ref_script("ref_registry.py", server, tmp_path)
    assert out["registry"] == ["models", "wandb-registry-models", "organization", ["model"], False]
    assert out["dup_registry"] == "ValueError"
    # second version linked: v1 in the registry, 'latest' moved there
    assert out["link2"] == ["prod-model:v1", "v1", ["candidate", "latest"], True, "model:v1"]
    assert out["used_from_registry"] == ["prod-model:staging", "v0", "model:v0", True]
    assert out["downloaded"] is True
    assert out["registry_v1"] == ["prod-model:v1", "v1", ["candidate", "latest"], "model:v1", "model"]
    assert out["registries"] == ["models"] and out["registries_filter"] == ["models"]
    assert out["collections"] == ["prod-model"]
    assert out["versions_all"] == ["prod-model:v0", "prod-model:v1"]
    assert out["versions_alias"] == ["prod-model:v0"]
    assert out["registry_load"] == ["models", "our models", ["model"]]
    assert out["registry_saved"] == "changed"
    assert out["src_edit"] == [["t1", "t2"], 3 * 86400.0, {"acc": 0.95}]
    assert out["linked_artifacts"] == ["artproj/portfolio-a:v0", "wandb-registry-models/prod-model:v0"]
    assert out["logged_by"] is True
    assert out["used_by"] == [out["run2_id"]]
    assert out["types"] == ["model"]
    assert out["collections_project"] == ["model", "portfolio-a"]
    assert out["collection"] == ["model", True, ["best", "latest"], 2]
    assert out["collection_saved"] == ["all models", ["ctag"]]
    assert out["collection_exists"] == [True, False] and out["artifact_exists"] == [True, False]
    assert out["versions_of_collection"] == ["v1", "v0"]
    assert out["after_unlink"] == ["prod-model:v0"]
    assert out["portfolio_after_delete"] is False
    assert out["collection_deleted"] is False
    assert out["registry_deleted"] == []
