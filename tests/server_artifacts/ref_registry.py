"""Run by the official wandb 0.21.3 client: log, link to a portfolio and a registry, registry
search, edits (tags, ttl, collection description/tags), lineage, unlink and deletes.
Prints one JSON line (RESULT:)."""

import json
import os
import sys
from datetime import timedelta

import wandb

project = sys.argv[1]
os.chdir(sys.argv[2])
out = {}
with open("m.bin", "wb") as f:
    f.write(b"model weights " * 100)
run = wandb.init(project=project)
art = wandb.Artifact("model", type="model", metadata={"acc": 0.9})
art.add_file("m.bin")
run.log_artifact(art, aliases=["best"])
art.wait()
entity = run.entity
api = wandb.Api()
reg = api.create_registry("models", visibility="organization", description="our models", artifact_types=["model"])
out["registry"] = [reg.name, reg.full_name, reg.visibility, list(reg.artifact_types), reg.allow_all_artifact_types]
try:
    api.create_registry("models", visibility="organization")
    out["dup_registry"] = "created"
except ValueError:
    out["dup_registry"] = "ValueError"
linked = run.link_artifact(art, f"wandb-registry-models/prod-model", aliases=["staging"])
run.link_artifact(art, f"{project}/portfolio-a")
run.finish()

run2 = wandb.init(project=project)
with open("m.bin", "ab") as f:
    f.write(b"v2")
art2 = wandb.Artifact("model", type="model")
art2.add_file("m.bin")
run2.log_artifact(art2)
art2.wait()
l2 = art2.link("wandb-registry-models/prod-model", aliases=["candidate"])
out["link2"] = [l2.name, l2.version, sorted(l2.aliases), l2.is_link, l2.source_name]
used = run2.use_artifact(f"{entity}/wandb-registry-models/prod-model:staging")
out["used_from_registry"] = [used.name, used.version, used.source_name, used.is_link]
p = used.download(root=os.path.join(sys.argv[2], "dl"))
out["downloaded"] = open(os.path.join(p, "m.bin"), "rb").read() == b"model weights " * 100
run2.finish()

api = wandb.Api()
a = api.artifact(f"{entity}/wandb-registry-models/prod-model:v1")
out["registry_v1"] = [a.name, a.version, sorted(a.aliases), a.source_name, a.type]
out["registries"] = sorted(r.name for r in api.registries())
out["registries_filter"] = sorted(r.name for r in api.registries(filter={"name": {"$regex": "^wandb-registry-mod"}}))
out["collections"] = sorted(c.name for c in api.registries().collections())
out["versions_all"] = sorted(v.name for v in api.registries().versions())
out["versions_alias"] = sorted(v.name for v in api.registries().versions(filter={"alias": "staging"}))
r = api.registry("models")
out["registry_load"] = [r.name, r.description, list(r.artifact_types)]
r.description = "changed"
r.save()
out["registry_saved"] = api.registry("models").description

# tags, ttl and metadata on the source artifact
src = api.artifact(f"{entity}/{project}/model:v0")
src.tags = ["t1", "t2"]
src.ttl = timedelta(days=3)
src.metadata = {"acc": 0.95}
src.save()
src = api.artifact(f"{entity}/{project}/model:v0")
out["src_edit"] = [sorted(src.tags), src.ttl.total_seconds() if src.ttl else None, src.metadata]
out["linked_artifacts"] = sorted(f"{x.project}/{x.name}" for x in src.linked_artifacts)
out["logged_by"] = src.logged_by().id == run.id
out["used_by"] = sorted(x.id for x in api.artifact(f"{entity}/{project}/model:v0").used_by())
out["run2_id"] = run2.id

# collections in the project
types = sorted(t.name for t in api.artifact_types(project))
out["types"] = types
cols = api.artifact_collections(project, "model")
out["collections_project"] = sorted(c.name for c in cols)
col = api.artifact_collection("model", f"{entity}/{project}/model")
out["collection"] = [col.name, col.is_sequence(), sorted(col.aliases), len(list(col.artifacts()))]
col.description = "all models"
col.tags = ["ctag"]
col.save()
col = api.artifact_collection("model", f"{entity}/{project}/model")
out["collection_saved"] = [col.description, col.tags]
out["collection_exists"] = [api.artifact_collection_exists(f"{entity}/{project}/model", "model"),
                            api.artifact_collection_exists(f"{entity}/{project}/nope", "model")]
out["artifact_exists"] = [api.artifact_exists(f"{entity}/{project}/model:v1"),
                          api.artifact_exists(f"{entity}/{project}/model:v9")]
out["versions_of_collection"] = [a.version for a in api.artifacts("model", f"{entity}/{project}/model")]

# unlink the candidate from the registry, delete the portfolio link through delete()
lk = api.artifact(f"{entity}/wandb-registry-models/prod-model:candidate")
lk.unlink()
out["after_unlink"] = sorted(v.name for v in api.registries().versions())
pa = api.artifact(f"{entity}/{project}/portfolio-a:v0")
pa.delete()
out["portfolio_after_delete"] = api.artifact_exists(f"{entity}/{project}/portfolio-a:v0")
pcol = api.artifact_collection("model", f"{entity}/{project}/model")
pcol.delete()
out["collection_deleted"] = api.artifact_exists(f"{entity}/{project}/model:v0")
r.delete()
out["registry_deleted"] = sorted(x.name for x in api.registries())
print("RESULT:" + json.dumps(out, default=str))
