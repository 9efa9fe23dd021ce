"""Our side of the transfer bench: upload + download of a directory to our server.

    python _bench_artifacts_transfer.py DATA_DIR WORK_DIR RESULT_JSON [SERVER_URL API_KEY]

With SERVER_URL/API_KEY the server is a separate process (as the embedded server is);
without, one is started in this process.
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

    if len(sys.argv) > 5:
        h = None
        url, key = sys.argv[4], sys.argv[5]
    else:
        h = start_in_thread(os.path.join(work, "srv"), port=0)
        url, key = h.url, h.admin_key
    res = {}
    try:
        gql = GQLClient(url, key)
        public = GraphQLClient(url + "/graphql", key)
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
        if h is not None:
            h.stop()
    with open(out, "w") as f:
        json.dump(res, f)


if __name__ == "__main__":
    main()
