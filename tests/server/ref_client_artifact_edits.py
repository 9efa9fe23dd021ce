"""Run by the official wandb 0.21.3 client: artifact.save() alias/metadata edits and delete()."""

import json
import os
import sys

import wandb

os.chdir(sys.argv[2])
out = {}
run = wandb.init(project=sys.argv[1])
with open("f.txt", "w") as f: f.write("x")
art = wandb.Artifact("ds", type="dataset"); art.add_file("f.txt")
run.log_artifact(art); art.wait()
run.finish()
api = wandb.Api()
a = api.artifact(f"{run.entity}/{sys.argv[1]}/ds:v0")
a.aliases.append("prod"); a.description = "updated"; a.metadata = {"m": 2}
a.save()
b = api.artifact(f"{run.entity}/{sys.argv[1]}/ds:prod")
out["after_save"] = [b.version, sorted(b.aliases), b.description, b.metadata]
b.aliases.remove("prod"); b.save()
c = api.artifact(f"{run.entity}/{sys.argv[1]}/ds:v0")
out["after_remove"] = sorted(c.aliases)
try:
    c.delete()
    out["delete_plain"] = "ok"
except Exception as e:
    out["delete_plain"] = type(e).__name__
c.delete(delete_aliases=True)
try:
    api.artifact(f"{run.entity}/{sys.argv[1]}/ds:v0")
    out["gone"] = False
except Exception as e:
    out["gone"] = type(e).__name__
print("RESULT:" + json.dumps(out))
