"""Upload + download of a directory to our server in this process (bench_artifacts.py --transfer).

    python _bench_artifacts_transfer.py DATA_DIR WORK_DIR RESULT_JSON
"""

import json
import os
import resource
import shutil
import sys
import time


def main() -> None:
    data, work, out = sys.argv[1:4]
    os.environ["WANDB_CACHE_DIR"] = os.path.join(work, "cache")
    os.environ["WANDB_DATA_DIR"] = os.path.join(work, "data")
    import wandb
    from wandb.apis.public._gql import GraphQLClient
    from wandb.sdk.artifacts import artifact_saver as S
    from wandb.sdk.artifacts.artifact import Artifact
    from wandb.sdk.online.gql import GQLClient
    from wandb.server import start_in_thread

    h = start_in_thread(os.path.join(work, "srv"), port=0)
    res = {}
    try:
        gql = GQLClient(h.url, h.admin_key)
        public = GraphQLClient(h.url + "/graphql", h.admin_key)
        gql.execute("mutation U($input: UpsertBucketInput){upsertBucket(input:$input){bucket{id}}}",
                    {"input": {"name": "r1", "modelName": "p"}})
        art = wandb.Artifact("bench", "dataset")
        art.add_dir(data, policy="immutable")
        art.finalize()
        t = time.perf_counter()
        saved = S.save_artifact(art, client=gql, entity="admin", project="p", run_id="r1")
        res["upload_s"] = time.perf_counter() - t
        got = Artifact._from_id(saved["id"], public)
        t = time.perf_counter()
        got.download(root=os.path.join(work, "dl"), skip_cache=True)
        res["download_s"] = time.perf_counter() - t
        shutil.rmtree(os.path.join(work, "dl"))
        t = time.perf_counter()
        got.download(root=os.path.join(work, "dl2"))
        res["download_via_cache_s"] = time.perf_counter() - t
        res["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
        res["ok"] = True
    except Exception as e:  # noqa: BLE001
        import traceback

        res = {"ok": False, "error": traceback.format_exc()[-2000:]}
    finally:
        h.stop()
    with open(out, "w") as f:
        json.dump(res, f)


if __name__ == "__main__":
    main()
