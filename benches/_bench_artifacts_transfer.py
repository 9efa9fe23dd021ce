"""One side of the transfer bench (run by our interpreter and by wandb 0.21.3's): log an
artifact to our server with a run, then download it with the public API.

    python _bench_artifacts_transfer.py DATA_DIR WORK_DIR RESULT_JSON

WANDB_BASE_URL / WANDB_API_KEY point at the server (a separate process started by
bench_artifacts.py). Only the public wandb API is used.
"""

import json
import os
import sys
import time


def main() -> None:
    data, work, out = sys.argv[1:4]
    import wandb

    res = {}
    try:
        art = wandb.Artifact("bench-ref", "dataset")
        art.add_dir(data, policy="immutable")
        run = wandb.init(project="p", mode="online", settings=wandb.Settings(console="off"))
        t = time.perf_counter()
        run.log_artifact(art).wait()
        res["upload_s"] = time.perf_counter() - t
        run.finish()
        api = wandb.Api()
        got = api.artifact(f"{run.entity}/p/bench-ref:latest")
        t = time.perf_counter()
        got.download(root=os.path.join(work, "dl"), skip_cache=True)
        res["download_s"] = time.perf_counter() - t
        res["ok"] = True
    except Exception:  # noqa: BLE001
        import traceback

        res = {"ok": False, "error": traceback.format_exc()[-2000:]}
    with open(out, "w") as f:
        json.dump(res, f)


if __name__ == "__main__":
    main()
