"""One side of bench_artifacts.py: run by our interpreter and by wandb 0.21.3's.

    python _bench_artifacts_body.py MODE DATA_DIR POLICY RESULT_JSON
MODE: add_dir (one add_dir, timed) | readd (add_dir twice in one process, second timed).
"""

import json
import os
import resource
import sys
import time


def main() -> None:
    mode, data, policy, out = sys.argv[1:5]
    import wandb

    res = {"mode": mode, "policy": policy}
    t0 = time.perf_counter()
    art = wandb.Artifact("bench", "dataset")
    art.add_dir(data, policy=policy)
    res["first_s"] = time.perf_counter() - t0
    res["entries"] = len(art.manifest.entries)
    res["digest"] = art.digest
    if mode == "readd":
        t1 = time.perf_counter()
        art2 = wandb.Artifact("bench", "dataset")
        art2.add_dir(data, policy=policy)
        res["second_s"] = time.perf_counter() - t1
        assert art2.digest == art.digest
    res["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    with open(out, "w") as f:
        json.dump(res, f)


if __name__ == "__main__":
    main()
