"""Run by the official wandb 0.21.3 client (VIREO_REF_PYTHON): log a run, then read it back.

Prints one JSON line (prefixed RESULT:) with what its own wandb.Api() read back.
"""

import json
import os
import sys

import wandb

project = sys.argv[1]
workdir = sys.argv[2]
os.chdir(workdir)
with open("custom.txt", "w") as f:
    f.write("hello vireo\n")

run = wandb.init(project=project, config={"lr": 0.01, "model": {"layers": 3, "act": "relu"}},
                 tags=["t1", "t2"], notes="some notes", group="g1", job_type="train")
for i in range(5):
    run.log({"loss": 1.0 / (i + 1), "acc": i * 0.1, "nested": {"a": i}})
run.config.update({"batch": 32})
run.summary["best"] = 0.99
run.save(os.path.join(workdir, "custom.txt"), base_path=workdir, policy="now")
print("some stdout line")
run_id, entity = run.id, run.entity
run.finish()

api = wandb.Api()
r = api.run(f"{entity}/{project}/{run_id}")
hist = r.history(pandas=False)
scan = list(r.scan_history())
keyed = r.history(keys=["loss"], pandas=False)
files = {}
for f in r.files():
    files[f.name] = f.size
custom = r.file("custom.txt").download(root=os.path.join(workdir, "dl"), replace=True).read()
runs = [x.id for x in api.runs(f"{entity}/{project}")]
out = {
    "id": r.id, "state": r.state, "name": r.name, "tags": r.tags, "notes": r.notes, "group": r.group,
    "job_type": r.job_type, "config": {k: v for k, v in r.config.items()},
    "summary": {k: v for k, v in r.summary.items() if not k.startswith("_")},
    "history": [{k: v for k, v in row.items() if not k.startswith("_") or k == "_step"} for row in hist],
    "scan": [{k: v for k, v in row.items() if not k.startswith("_") or k == "_step"} for row in scan],
    "keyed": keyed, "files": files, "custom": custom, "runs": runs, "entity": entity,
}
r.summary.update({"extra": 5})
r.config["lr2"] = 0.5
r.update()
r2 = api.run(f"{entity}/{project}/{run_id}")
out["summary_after"] = r2.summary.get("extra")
out["config_after"] = r2.config.get("lr2")
print("RESULT:" + json.dumps(out, default=str))
