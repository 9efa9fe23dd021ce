"""Our Public API (wandb.Api and logged-artifact methods) against our server."""

from __future__ import annotations

from datetime import timedelta

import pytest

import gqlhelp as g


@pytest.fixture
def api(server, monkeypatch):
    for k in ("WANDB_ENTITY", "WANDB_PROJECT", "WANDB_BASE_URL", "WANDB_API_KEY"):
        monkeypatch.delenv(k, raising=False)
    import wandb

    return wandb.Api(overrides={"base_url": server.url, "project": "p"}, api_key=server.key)


@pytest.fixture
def logged(server):
    """Run r logs ds:v0 (alias best) and ds:v1; run r2 uses ds:v0."""
    server.create_run("r", "p")
    server.create_run("r2", "p")
    v0 = g.save(server, "ds", {"a.txt": b"alpha", "sub/b.txt": b"beta"}, run="r", aliases=("best",))
    v1 = g.save(server, "ds", {"a.txt": b"alpha2"}, run="r")
    server.gql(g.USE, {"entityName": "admin", "projectName": "p", "runName": "r2", "artifactID": v0["id"]})
    return v0, v1


def test_artifact_lookup_files_and_lists(api, logged):
    v0, v1 = logged
    a = api.artifact("admin/p/ds:v0")
    assert (a.id, a.version, a.name, a.type, a.aliases, a.metadata) == (v0["id"], "v0", "ds:v0", "dataset", ["best"],
                                                                        {"n": 2})
    assert api.artifact("p/ds").version == "v1" and api.artifact("ds:best").id == v0["id"]
    assert sorted(f.name for f in a.files()) == ["a.txt", "sub/b.txt"] and len(a.files()) == 2
    assert [f.name for f in a.files(names=["a.txt"])] == ["a.txt"]
    assert api.artifact_exists("admin/p/ds:v1") and not api.artifact_exists("admin/p/ds:v7")
    with pytest.raises(ValueError, match="of type dataset"):
        api.artifact("admin/p/ds:v0", type="model")
    assert [x.version for x in api.artifacts("dataset", "admin/p/ds")] == ["v1", "v0"]
    assert len(api.artifacts("dataset", "admin/p/ds")) == 2
    assert [t.name for t in api.artifact_types("admin/p")] == ["dataset"]
    t = api.artifact_type("dataset", "p")
    assert t.name == "dataset" and [c.name for c in t.collections()] == ["ds"]
    cols = api.artifact_collections("p", "dataset")
    assert len(cols) == 1 and [c.name for c in cols] == ["ds"]
    assert api.artifact_collection_exists("p/ds", "dataset") and not api.artifact_collection_exists("p/zz", "dataset")


def test_run_artifacts(api, logged):
    from wandb.apis.public.artifacts import RunArtifacts

    r, r2 = api.run("admin/p/r"), api.run("admin/p/r2")
    logged_by_r = RunArtifacts(api.client, r, "logged")
    assert [x.name for x in logged_by_r] == ["ds:v0", "ds:v1"] and len(logged_by_r) == 2
    assert [x.name for x in RunArtifacts(api.client, r2, "used")] == ["ds:v0"]
    a = api.artifact("admin/p/ds:v0")
    assert a.logged_by().id == "r" and [x.id for x in a.used_by()] == ["r2"]
    # the methods public Run objects get from RunArtifactsMixin (runs.py adds it to Run's bases)
    from wandb.apis.public.artifacts import RunArtifactsMixin
    from wandb.apis.public.runs import Run

    assert issubclass(Run, RunArtifactsMixin)
    r3 = Run(api.client, "admin", "p", "r")
    assert [x.name for x in r3.logged_artifacts()] == ["ds:v0", "ds:v1"]
    r3.use_artifact(api.artifact("admin/p/ds:v1"))
    assert [x.name for x in r3.used_artifacts()] == ["ds:v1"]
    r3.log_artifact(api.artifact("admin/p/ds:v1"), aliases=["from-public-run"])
    assert sorted(api.artifact("admin/p/ds:v1").aliases) == ["from-public-run", "latest"]
    with pytest.raises(ValueError, match="Only existing artifacts"):
        import wandb

        r3.use_artifact(wandb.Artifact("draft", "dataset"))


def test_save_edits_of_a_logged_artifact(api, logged):
    a = api.artifact("admin/p/ds:v0")
    a.aliases.append("prod")
    a.aliases.remove("best")
    a.tags = ["t1", "t-2"]
    a.description = "edited"
    a.metadata = {"k": [1, 2]}
    a.ttl = timedelta(days=2)
    a.save()
    b = api.artifact("admin/p/ds:prod")
    assert (b.version, sorted(b.aliases), sorted(b.tags), b.description, b.metadata) == (
        "v0", ["prod"], ["t-2", "t1"], "edited", {"k": [1, 2]})
    assert b.ttl == timedelta(days=2)
    assert not api.artifact_exists("admin/p/ds:best")
    b.ttl = None  # TTL disabled
    b.tags = ["t1"]
    b.save()
    c = api.artifact("admin/p/ds:v0")
    assert c.ttl is None and c.tags == ["t1"]


def test_link_unlink_and_delete(api, logged):
    a = api.artifact("admin/p/ds:v1")
    linked = a.link("p/golden", aliases=["champion"])
    assert (linked.name, linked.version, linked.is_link, linked.source_name) == ("golden:v0", "v0", True, "ds:v1")
    assert sorted(linked.aliases) == ["champion", "latest"]
    assert [f"{x.project}/{x.name}" for x in a.linked_artifacts] == ["p/golden:v0"]
    again = api.artifact("admin/p/ds:v0").link("p/golden")
    assert again.version == "v1"
    col = api.artifact_collection("dataset", "p/golden")
    assert not col.is_sequence() and sorted(col.aliases) == ["champion", "latest"]
    api.artifact("p/golden:champion").unlink()
    assert not api.artifact_exists("p/golden:champion") and api.artifact_exists("p/golden:v1")
    with pytest.raises(ValueError, match="not a linked artifact"):
        a.unlink()
    from wandb.errors import CommError

    with pytest.raises(CommError):
        api.artifact("admin/p/ds:v0").delete()  # has aliases
    api.artifact("admin/p/ds:v0").delete(delete_aliases=True)
    assert not api.artifact_exists("admin/p/ds:v0") and api.artifact_exists("admin/p/ds:v1")


def test_collection_edits(api, logged):
    col = api.artifact_collection("dataset", "admin/p/ds")
    assert (col.name, col.is_sequence(), sorted(col.aliases)) == ("ds", True, ["best", "latest"])
    col.description = "the data"
    col.tags = ["nightly"]
    col.save()
    col = api.artifact_collection("dataset", "admin/p/ds")
    assert (col.description, col.tags) == ("the data", ["nightly"])
    col.tags = []
    col.name = "ds-renamed"
    col.type = "raw"
    col.save()
    col = api.artifact_collection("raw", "admin/p/ds-renamed")
    assert (col.type, col.tags, [x.version for x in col.artifacts()]) == ("raw", [], ["v1", "v0"])
    col.delete()
    assert not api.artifact_collection_exists("admin/p/ds-renamed", "raw")
    assert not api.artifact_exists("admin/p/ds-renamed:v0")


def test_registries(api, logged, server):
    reg = api.create_registry("data", "restricted", description="curated", artifact_types=["dataset"])
    assert (reg.name, reg.full_name, reg.visibility, list(reg.artifact_types), reg.allow_all_artifact_types) == (
        "data", "wandb-registry-data", "restricted", ["dataset"], False)
    with pytest.raises(ValueError, match="already exists"):
        api.create_registry("data", "organization")
    a = api.artifact("admin/p/ds:v1")
    linked = a.link("wandb-registry-data/train", aliases=["stable"])
    assert (linked.entity, linked.project, linked.name, linked.version) == ("admin", "wandb-registry-data", "train:v0", "v0")
    assert api.artifact("wandb-registry-data/train:stable").source_name == "ds:v1"
    # a type the registry does not accept
    model = g.save(server, "m", {"w": b"1"}, typ="model")
    from wandb.errors import CommError

    with pytest.raises(CommError, match="not allowed"):
        api.artifact("admin/p/m:v0").link("wandb-registry-data/models")
    assert model["versionIndex"] == 0
    api.artifact("admin/p/ds:v0").link("wandb-registry-data/train")
    api.artifact("admin/p/ds:v0").link("wandb-registry-data/eval", aliases=["x"])
    assert [r.name for r in api.registries()] == ["data"]
    assert [r.name for r in api.registries(filter={"name": "data"})] == ["data"]
    assert [r.name for r in api.registries(filter={"name": "nope"})] == []
    assert [r.name for r in api.registries(filter={"description": {"$regex": "^cur"}})] == ["data"]
    assert sorted(c.name for c in api.registries().collections()) == ["eval", "train"]
    assert [c.name for c in api.registries().collections(filter={"name": {"$regex": "^ev"}})] == ["eval"]
    assert sorted(v.name for v in api.registries().versions()) == ["eval:v0", "train:v0", "train:v1"]
    assert sorted(v.name for v in api.registries().versions(filter={"alias": "latest"})) == ["eval:v0", "train:v1"]
    assert [v.name for v in api.registries().versions(filter={"$or": [{"alias": "stable"}, {"alias": "x"}]})
            ] in (["train:v0", "eval:v0"], ["eval:v0", "train:v0"])
    r = api.registry("data")
    assert [v.name for v in r.versions(filter={"alias": "stable"})] == ["train:v0"]
    assert sorted(c.name for c in r.collections()) == ["eval", "train"]
    r.artifact_types.append("model")
    with pytest.raises(ValueError, match="cannot be removed"):
        r.artifact_types.remove("dataset")
    r.description = "new"
    r.visibility = "organization"
    r.name = "data2"
    r.save()
    r2 = api.registry("data2")
    assert (r2.description, r2.visibility, sorted(r2.artifact_types)) == ("new", "organization", ["dataset", "model"])
    api.artifact("admin/p/m:v0").link("wandb-registry-data2/models")
    assert api.artifact("wandb-registry-data2/models:v0").type == "model"
    r2.delete()
    assert [x.name for x in api.registries()] == []
    with pytest.raises(ValueError):
        api.registry("data2")
