"""A small torch model trained a few steps with ``watch``; the same script runs under wandb
0.21.3 (``run_ref``) and under our client, and prints ``RESULT=<json>``."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from reftools import READ_RECORDS_SOURCE, parse_result

SCRIPT = r'''
import glob, json, os, sys
import torch
import wandb
try:  # until the lead puts RunWatch into Run
    from wandb.sdk.run_watch import RunWatch
    from wandb.sdk.wandb_run import Run
    if not issubclass(Run, RunWatch):
        Run.watch, Run.unwatch, Run._torch = RunWatch.watch, RunWatch.unwatch, RunWatch._torch
except ImportError:
    pass

torch.manual_seed(0)
def make():
    m = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.ReLU(),
                            torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.Linear(2, 1)))
    with torch.no_grad():
        m[2][0].bias.zero_()          # constant tensor: one bin
    m[2][1].bias.requires_grad_(False)  # frozen: no gradient hook
    return m

run = wandb.init(mode="offline", project="watch")
model = make()
other = torch.nn.Linear(4, 1)
run.watch(model, log="all", log_freq=1, log_graph=True, criterion=torch.nn.MSELoss())
run.watch(other, log="parameters", log_freq=2, idx=3)
opt = torch.optim.SGD(list(model.parameters()) + list(other.parameters()), lr=0.1)
x = torch.randn(8, 4); y = torch.randn(8, 1)
for i in range(3):
    opt.zero_grad()
    loss = ((model(x) - y) ** 2).mean() + ((other(x) - y) ** 2).mean()
    loss.backward()
    opt.step()
    run.log({"loss": loss.item()})
names = {"model": list(model._wandb_hook_names), "other": list(other._wandb_hook_names)}
handles = sorted(run._torch._hook_handles)
def hook_counts(m):
    return [len(mod._forward_hooks) for mod in m.modules()] + [len(p._backward_hooks or {}) for p in m.parameters()]
before = hook_counts(model) + hook_counts(other)
run.unwatch(model)
after_one = hook_counts(model) + hook_counts(other)
left = sorted(run._torch._hook_handles)
run.unwatch()
after_all = hook_counts(model) + hook_counts(other)
sync_file = run.settings.sync_file
files_dir = run.settings.files_dir
run.finish()
wandb.teardown()
records = read_records(sync_file)
graphs = {}
for path in glob.glob(os.path.join(files_dir, "media", "graph", "*.json")):
    with open(path) as f:
        graphs[os.path.relpath(path, files_dir)] = json.load(f)
out = {
    "records": [r for r in records if "history" in r or "summary" in r or "telemetry" in r],
    "graphs": graphs, "names": names, "handles": handles, "left": left,
    "before": before, "after_one": after_one, "after_all": after_all,
}
print("RESULT=" + json.dumps(out))
'''


def run_ours(cwd: Path) -> dict:
    from reftools import ref_env

    env = ref_env(cwd, {"WANDB_VIREO_EMBEDDED": "false"})
    proc = subprocess.run(
        [sys.executable, "-c", READ_RECORDS_SOURCE + textwrap.dedent(SCRIPT)], cwd=str(cwd), env=env,
        capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, f"our client failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-5000:]}"
    return parse_result(proc.stdout)


def run_reference(cwd: Path) -> dict:
    from reftools import run_ref

    proc = run_ref(READ_RECORDS_SOURCE + textwrap.dedent(SCRIPT), cwd, env={"WANDB_SILENT": "true"}, timeout=300)
    return parse_result(proc.stdout)
