"""Run by the official wandb 0.21.3 client: ``<project> <workdir> upsert|finish <index> <distributed id>``.

``upsert`` adds ``part<index>.txt`` (and the shared ``common.txt``) to the distributed artifact
``dist``; ``finish`` adds ``final.txt`` and commits it. Prints RESULT: with the artifact's state."""

import json
import os
import sys

import wandb

project, work, action, index, dist_id = sys.argv[1:6]
os.chdir(work)
run = wandb.init(project=project, group="dist-group", job_type=f"{action}-{index}")
art = wandb.Artifact("dist", type="dataset", metadata={"by": action})
if action == "upsert":
    with open(f"part{index}.txt", "w") as f:
        f.write(f"part {index} from the client")
    with open("common.txt", "w") as f:
        f.write("the same in every process")
    art.add_file(f"part{index}.txt")
    art.add_file("common.txt")
    run.upsert_artifact(art, distributed_id=dist_id)
else:
    with open("final.txt", "w") as f:
        f.write("written by the finishing process")
    art.add_file("final.txt")
    run.finish_artifact(art, distributed_id=dist_id, aliases=["done"])
art.wait()
out = {"id": art.id, "state": art.state, "run": run.id, "entity": run.entity}
if action == "finish":
    out.update(version=art.version, digest=art.digest)
run.finish()
print("RESULT:" + json.dumps(out))
