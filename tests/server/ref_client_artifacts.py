"""Run by the official wandb 0.21.3 client: tables, log_artifact (new, deduplicated, new version),
use_artifact + download, and wandb.Api() artifact reads. Prints one JSON line (RESULT:)."""

import json
import os
import sys

import wandb

project = sys.argv[1]
os.chdir(sys.argv[2])
out = {}
run = wandb.init(project=project)
run.log({"t": wandb.Table(columns=["x", "y"], data=[[1, "a"], [2, "b"]])})
with open("f.txt", "w") as f:
    f.write("hello artifact")
art = wandb.Artifact("ds", type="dataset", metadata={"k": 1}, description="first")
art.add_file("f.txt")
run.log_artifact(art, aliases=["best"])
art.wait()
out["v_first"] = art.version
same = wandb.Artifact("ds", type="dataset")
same.add_file("f.txt")
run.log_artifact(same)
same.wait()
out["v_same"] = same.version
with open("g.txt", "w") as f:
    f.write("second file")
art3 = wandb.Artifact("ds", type="dataset")
art3.add_file("f.txt")
art3.add_file("g.txt", name="sub/g.txt")
run.log_artifact(art3)
art3.wait()
out["v_third"] = art3.version
run_id = run.id
run.finish()

run = wandb.init(project=project)
a = run.use_artifact("ds:best")
path = a.download(root=os.path.join(sys.argv[2], "dl_best"))
out["best_files"] = sorted(os.listdir(path))
out["best_content"] = open(os.path.join(path, "f.txt")).read()
out["best_meta"] = a.metadata
out["best_aliases"] = sorted(a.aliases)
b = run.use_artifact("ds:latest")
path = b.download(root=os.path.join(sys.argv[2], "dl_latest"))
out["latest_g"] = open(os.path.join(path, "sub", "g.txt")).read()
run.finish()

api = wandb.Api()
entity = run.entity
a = api.artifact(f"{entity}/{project}/ds:v1")
out["api_version"] = a.version
out["api_files"] = sorted(f.name for f in a.files())
out["api_aliases"] = sorted(a.aliases)
out["logged_by_first_run"] = sorted(x.name for x in api.run(f"{entity}/{project}/{run_id}").logged_artifacts())
out["used_by_second_run"] = sorted(x.name for x in api.run(f"{entity}/{project}/{run.id}").used_artifacts())
print("RESULT:" + json.dumps(out, default=str))
