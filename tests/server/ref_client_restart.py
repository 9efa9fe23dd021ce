"""Run by the official wandb 0.21.3 client: log slowly while the test restarts the server."""

import os
import sys
import time

import wandb

os.chdir(sys.argv[2])
settings = wandb.Settings(x_file_stream_transmit_interval=1.0, x_file_stream_retry_wait_min_seconds=1,
                          x_file_stream_retry_wait_max_seconds=2)
run = wandb.init(project=sys.argv[1], id="restart1", settings=settings)
for i in range(int(sys.argv[3])):
    run.log({"i": i, "sq": i * i})
    time.sleep(0.1)
run.finish()
print("DONE", flush=True)
