"""Run by the official wandb 0.21.3 client: resume modes, alerts and a media file.

Prints one JSON line (prefixed RESULT:).
"""

import json
import os
import sys


import wandb

project = sys.argv[1]
os.chdir(sys.argv[2])
out = {}

run = wandb.init(project=project, id="resume1", config={"a": 1})
for i in range(3):
    run.log({"x": i})
run.alert(title="hello", text="an alert", level=wandb.AlertLevel.WARN)
run.log({"img": wandb.Html("<b>hi</b>")})
run.finish()

run = wandb.init(project=project, id="resume1", resume="must")
out["resumed_step"] = run.step
out["resumed_config"] = dict(run.config)
for i in range(2):
    run.log({"x": 10 + i})
run.finish()

for mode, rid in (("must", "missing1"), ("never", "resume1")):
    try:
        r = wandb.init(project=project, id=rid, resume=mode)
        r.finish()
        out[f"{mode}_error"] = None
    except Exception as e:  # noqa: BLE001
        out[f"{mode}_error"] = type(e).__name__

api = wandb.Api()
r = api.run(f"{run.entity}/{project}/resume1")
out["history"] = [{k: v for k, v in row.items() if k in ("_step", "x")} for row in r.scan_history()]
out["files"] = sorted(f.name for f in r.files())
out["state"] = r.state
print("RESULT:" + json.dumps(out, default=str))
