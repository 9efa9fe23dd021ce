"""Run by the official wandb 0.21.3 client: log a two-file artifact with tags, link it into a
registry and a portfolio; print the ids (RESULT:)."""

import json
import os
import sys

import wandb

project = sys.argv[1]
os.chdir(sys.argv[2])
with open("a.txt", "w") as f:
    f.write("alpha from the official client")
os.makedirs("d", exist_ok=True)
with open("d/b.bin", "wb") as f:
    f.write(bytes(range(256)) * 40)
run = wandb.init(project=project)
art = wandb.Artifact("refds", type="dataset", description="from ref", metadata={"rows": 2})
art.add_file("a.txt")
art.add_dir("d", name="d")
run.log_artifact(art, aliases=["gold"], tags=["ref"])
art.wait()
api = wandb.Api()
api.create_registry("shared", visibility="organization")
run.link_artifact(art, "wandb-registry-shared/coll", aliases=["pick"])
run.link_artifact(art, f"{project}/port")
run.finish()
print("RESULT:" + json.dumps({"id": art.id, "run": run.id, "entity": run.entity, "digest": art.digest,
                              "manifest": art.manifest.to_manifest_json()}))
