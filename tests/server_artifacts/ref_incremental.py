"""Run by the official wandb 0.21.3 client (or ours): ``<project> <workdir>``.

Logs ``inc:v0`` with ``a.txt`` and ``b.txt``, then an incremental draft with ``c.txt`` and a new
``b.txt``; prints RESULT: with both versions' ids, versions and digests."""

import json
import os
import sys

import wandb

project, work = sys.argv[1:3]
os.chdir(work)
for name, text in (("a.txt", "alpha"), ("b.txt", "beta v0")):
    with open(name, "w") as f:
        f.write(text)
run = wandb.init(project=project)
base = wandb.Artifact("inc", type="dataset")
base.add_file("a.txt")
base.add_file("b.txt")
run.log_artifact(base)
base.wait()
os.makedirs("more", exist_ok=True)
with open("more/c.txt", "w") as f:
    f.write("gamma")
with open("more/b.txt", "w") as f:
    f.write("beta v1")
inc = wandb.Artifact("inc", type="dataset", incremental=True)
inc.add_file("more/c.txt", name="c.txt")
inc.add_file("more/b.txt", name="b.txt")
run.log_artifact(inc, aliases=["inc"])
inc.wait()
out = {"base": [base.id, base.version, base.digest], "inc": [inc.id, inc.version, inc.digest],
       "entity": run.entity}
run.finish()
print("RESULT:" + json.dumps(out))
