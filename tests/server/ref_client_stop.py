"""Run by the official wandb 0.21.3 client: log until the server stops the run."""

import os
import sys
import time

import wandb

os.chdir(sys.argv[2])
run = wandb.init(project=sys.argv[1], id="stopme")
print("STARTED", flush=True)
for i in range(1200):
    run.log({"i": i})
    time.sleep(0.1)
print("NOT STOPPED", flush=True)
