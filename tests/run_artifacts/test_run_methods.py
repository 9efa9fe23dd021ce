"""Run.log_artifact / use_artifact / log_model / use_model / log_code / link_artifact, online
against our server and offline + ``wandb sync``."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import wandb
from wandb.errors import UsageError

from artrun_helpers import download as _download, lookup, manifest_of


def records(run, kind: str) -> list[dict]:
    from wandb.sdk import internal_core

    out = []
    for _off, text in internal_core.read_records(run._settings.sync_file):
        rec = json.loads(text)
        if kind in rec:
            out.append(rec)
    return out


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)).replace(os.sep, "/"): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_log_artifact_online(online_env, server):
    (Path("data")).mkdir()
    Path("data/a.txt").write_text("alpha")
    Path("data/b.bin").write_bytes(os.urandom(50_000))
    run = wandb.init(project="p")
    run.log({"x": 1})
    run.log({"x": 2})
    art = wandb.Artifact("ds", type="dataset", description="d1", metadata={"k": [1, 2]})
    art.add_dir("data")
    returned = run.log_artifact(art, aliases=["best"], tags=["t1"])
    assert returned is art
    art.wait()
    assert art.version == "v0" and sorted(art.aliases) == ["best", "latest"]
    assert art.id == lookup(server, "ds:v0")["id"]
    assert lookup(server, "ds:v0")["historyStep"] == 2
    assert [t["name"] for t in lookup(server, "ds:v0")["tags"]] == ["t1"]
    run_id = run.id
    run.finish()

    (rec,) = records(run, "artifact")
    a = rec["artifact"]
    assert rec["control"] == {"connection_id": "1(@)"} and rec["_info"] == {"stream_id": run_id}
    assert (a["run_id"], a["project"], a["type"], a["name"]) == (run_id, "p", "dataset", "ds")
    assert a["digest"] == art.digest and a["finalize"] is True and a["description"] == "d1"
    assert json.loads(a["metadata"]) == {"k": [1, 2]}
    assert sorted(a["aliases"]) == ["best", "latest"] and a["tags"] == ["t1"]
    assert len(a["client_id"]) == 128 and len(a["sequence_client_id"]) == 128
    assert [e["path"] for e in a["manifest"]["contents"]] == ["a.txt", "b.bin"]
    assert a["manifest"]["storage_policy_config"] == [{"key": "storageLayout", "value_json": '"V2"'}]

    # read back through a fresh artifact object: byte-identical
    got = _download(server, "ds:latest", Path("dl"))
    assert _files(got) == _files(Path("data"))
    run_pk = server.store.run_by_name("admin", "p", run_id).id
    assert [r.id for r in server.store.artifacts_of_run(run_pk, used=False)] == [_pk(art.id)]


def _pk(b64_id: str) -> int:
    import base64

    return int(base64.b64decode(b64_id).decode().split(":")[1])


def test_log_artifact_path_forms_and_finish_waits(online_env, server):
    Path("model.pt").write_bytes(b"weights" * 100)
    Path("d").mkdir()
    Path("d/x.txt").write_text("x")
    run = wandb.init(project="p")
    a1 = run.log_artifact("model.pt")
    a2 = run.log_artifact("d", name="mydir", type="dataset")
    assert a1.name == f"run-{run.id}-model.pt" and a1.type == "unspecified"
    run.finish()  # no wait(): finish uploads what is pending
    assert lookup(server, f"run-{run.id}-model.pt:v0") is not None
    assert set(manifest_of(lookup(server, "mydir:latest"))["contents"]) == {"x.txt"}
    assert a2.type == "dataset"


def test_use_artifact_by_name_and_object(online_env, server):
    Path("f.txt").write_text("hello")
    run = wandb.init(project="p")
    art = wandb.Artifact("ds", type="dataset")
    art.add_file("f.txt")
    run.log_artifact(art)
    art.wait()
    run.finish()

    run2 = wandb.init(project="p")
    used = run2.use_artifact("ds:latest")
    assert used.id == art.id and used.type == "dataset" and used.version == "v0"
    assert Path(used.download(root="dl"), "f.txt").read_text() == "hello"
    with pytest.raises(ValueError, match="does not match type"):
        run2.use_artifact("ds:v0", type="model")
    with pytest.raises(ValueError):
        run2.use_artifact("nope:latest")
    with pytest.raises(ValueError, match="You must pass an artifact name"):
        run2.use_artifact(123)
    # a draft object is logged first, then used
    Path("g.txt").write_text("draft")
    draft = wandb.Artifact("draft", type="dataset")
    draft.add_file("g.txt")
    used2 = run2.use_artifact(draft)
    assert used2 is draft and draft.version == "v0"
    rid = run2.id
    run2.finish()
    run_pk = server.store.run_by_name("admin", "p", rid).id
    used_ids = {r.id for r in server.store.artifacts_of_run(run_pk, used=True)}
    assert used_ids == {_pk(art.id), _pk(draft.id)}
    recs = [r["use_artifact"] for r in records(run2, "use_artifact")]
    assert {r["id"] for r in recs} == {art.id, draft.id} and all(r["type"] == "dataset" for r in recs)


def test_models_and_code(online_env, server):
    Path("m").mkdir()
    Path("m/model.bin").write_bytes(b"\x00\x01" * 1000)
    Path("train.py").write_text("print('train')\n")
    Path("notes.txt").write_text("not code")
    Path("pkg").mkdir()
    Path("pkg/util.py").write_text("X = 1\n")
    run = wandb.init(project="p")
    assert run.log_model("m", name="net") is None
    path = run.use_model("net:latest")
    assert Path(path).name == "model.bin" and Path(path).read_bytes() == b"\x00\x01" * 1000
    Path("tbl.txt").write_text("t")
    run.log_artifact("tbl.txt", name="notmodel", type="dataset")
    with pytest.raises(AssertionError, match="'model' artifacts"):
        run.use_model("notmodel:latest")
    code = run.log_code(".")
    assert code.type == "code" and code.name.startswith("source-p-")
    code.wait()
    assert set(code.manifest.entries) == {"train.py", "pkg/util.py"}
    assert run.log_code(".", include_fn=lambda p, root=None: p.endswith(".nothing")) is None
    run.finish()
    assert lookup(server, "net:v0") is not None
    updates = [u for r in records(run, "config") for u in r["config"].get("update", []) if "code_path" in u["value_json"]]
    assert updates == [{"key": "_wandb", "value_json": json.dumps({"code_path": code.name.split(":")[0]})}]
    m = manifest_of(lookup(server, code.name.split(":")[0] + ":latest"))
    assert m["contents"]["train.py"]["size"] == len("print('train')\n")


def test_bad_inputs(online_env, server):
    run = wandb.init(project="p")
    art = wandb.Artifact("ds", type="dataset")
    with pytest.raises(ValueError, match="Aliases must not contain"):
        run.log_artifact(art, aliases=["a/b"])
    with pytest.raises(ValueError, match="Invalid tag"):
        run.log_artifact(wandb.Artifact("ds", type="dataset"), tags=["bad/tag"])
    with pytest.raises(TypeError, match="wandb.Artifact"):
        run.log_artifact(42)
    with pytest.raises(ValueError, match="path must be a file"):
        run.log_artifact("does-not-exist")
    with pytest.raises(TypeError, match="group or distributed_id"):
        run.upsert_artifact(wandb.Artifact("ds", type="dataset"))
    with pytest.raises(TypeError, match="group or distributed_id"):
        run.finish_artifact(wandb.Artifact("ds", type="dataset"))
    Path("f.txt").write_text("x")
    first = wandb.Artifact("typed", type="dataset")
    first.add_file("f.txt")
    run.log_artifact(first).wait()
    clash = wandb.Artifact("typed", type="model")
    with pytest.raises(ValueError, match="already exists with type 'dataset'"):
        run.log_artifact(clash)
    with pytest.raises(AssertionError, match="only the name"):
        run.link_model("f.txt", "team/registered")
    run.finish()
    for call in (lambda: run.log_artifact(wandb.Artifact("z", type="dataset")),
                 lambda: run.use_artifact("ds:latest"), lambda: run.log_code()):
        with pytest.raises(UsageError, match="is finished"):
            call()


def test_offline_log_then_sync(isolated_wandb_env, server, monkeypatch):
    from wandb.sdk import wandb_setup

    monkeypatch.setenv("WANDB_MODE", "offline")
    wandb_setup.teardown()
    Path("data").mkdir()
    Path("data/a.txt").write_text("offline alpha")
    Path("data/big.bin").write_bytes(os.urandom(200_000))
    run = wandb.init(project="p")
    run.log({"loss": 1.0})
    art = wandb.Artifact("offl", type="dataset", metadata={"m": 1})
    art.add_dir("data")
    run.log_artifact(art, aliases=["first"])
    with pytest.raises(TypeError, match="offline mode"):
        run.use_artifact("offl:latest")
    with pytest.raises(RuntimeError, match="offline mode"):
        run.use_model("offl:latest")
    run.finish()
    (rec,) = records(run, "artifact")
    assert "entity" not in rec["artifact"] and rec["artifact"]["name"] == "offl"
    # the staged copies are what gets uploaded, even if the originals change
    Path("data/a.txt").write_text("changed after logging")

    monkeypatch.setenv("WANDB_BASE_URL", server.url)
    monkeypatch.setenv("WANDB_API_KEY", server.key)
    monkeypatch.setenv("WANDB_MODE", "online")
    wandb_setup.teardown()
    from wandb.cli import sync

    status = sync.sync_one(os.path.dirname(run._settings.sync_file), echo=lambda *_: None)
    assert status["complete"], status
    attrs = lookup(server, "offl:latest")
    assert attrs["versionIndex"] == 0 and sorted(a["alias"] for a in attrs["aliases"]) == ["first", "latest"]
    assert json.loads(attrs["metadata"]) == {"m": 1} and attrs["historyStep"] == 1
    got = _download(server, "offl:latest", Path("dl"))
    assert (got / "a.txt").read_text() == "offline alpha"
    assert (got / "big.bin").read_bytes() == Path("data/big.bin").read_bytes()
    # syncing again changes nothing
    sync.sync_one(os.path.dirname(run._settings.sync_file), echo=lambda *_: None)
    assert lookup(server, "offl:v1") is None


def test_link_artifact(online_env, server):
    Path("f.txt").write_text("link me")
    run = wandb.init(project="p")
    art = wandb.Artifact("ds", type="model")
    art.add_file("f.txt")
    linked = run.link_artifact(art, "portfolio", aliases=["prod"])
    assert art.version == "v0"
    assert linked is not None
    attrs = lookup(server, "portfolio:v0")
    assert attrs is not None and attrs["id"] == art.id
    run.finish()


CONCURRENT_RUN = """
import sys
sys.path.insert(0, sys.argv[1])
import wandb
idx = sys.argv[2]
open(f"file{idx}.txt", "w").write(f"content of run {idx}")
with wandb.init(project="p") as run:
    art = wandb.Artifact("shared", type="dataset")
    art.add_file(f"file{idx}.txt", name="data.txt")
    run.log_artifact(art)
    art.wait()
    print("RESULT:" + art.id + " " + art.version)
"""


def test_concurrent_runs_log_the_same_name(online_env, server):
    import subprocess
    import sys

    env = dict(os.environ)
    procs = [subprocess.Popen([sys.executable, "-c", CONCURRENT_RUN, str(Path(__file__).parent), str(i)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for i in range(4)]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=180)
        assert p.returncode == 0, err[-3000:]
        results.append(next(x for x in out.splitlines() if x.startswith("RESULT:"))[len("RESULT:"):].split())
    assert sorted(v for _, v in results) == ["v0", "v1", "v2", "v3"]
    assert len({i for i, _ in results}) == 4
    contents = set()
    for v in range(4):
        got = _download(server, f"shared:v{v}", Path(f"dl{v}"))
        contents.add((got / "data.txt").read_text())
    assert contents == {f"content of run {i}" for i in range(4)}
    assert lookup(server, "shared:latest")["versionIndex"] == 3


def test_failed_upload_surfaces_in_wait_and_commits_nothing(online_env, server, monkeypatch, capsys):
    from faultproxy import FaultProxy

    proxy = FaultProxy(server.url, mode="403", always=True)
    monkeypatch.setenv("WANDB_BASE_URL", proxy.url)
    try:
        Path("f.txt").write_text("never stored")
        run = wandb.init(project="p")
        art = wandb.Artifact("broken", type="dataset")
        art.add_file("f.txt")
        run.log_artifact(art)
        with pytest.raises(ValueError, match="upload"):
            art.wait()
        assert art.is_draft()
        run.finish()
    finally:
        proxy.close()
    assert "Artifact 'broken' upload failed" in capsys.readouterr().err
    assert lookup(server, "broken:latest") is None and lookup(server, "broken:v0") is None


def test_save_handle_contract():
    from wandb.sdk.run_artifacts import SaveHandle

    ok = SaveHandle(lambda: {"id": "QXJ0aWZhY3Q6MQ==", "state": "COMMITTED"}, "a").start()
    assert ok.wait(10) == "QXJ0aWZhY3Q6MQ==" and ok.done()
    res = ok.wait_or(10).response.log_artifact_response
    assert (res.artifact_id, res.error_message) == ("QXJ0aWZhY3Q6MQ==", "")

    def boom() -> dict:
        raise RuntimeError("server said no")

    bad = SaveHandle(boom, "b").start()
    with pytest.raises(ValueError, match="server said no"):
        bad.wait(10)
    import threading

    gate = threading.Event()
    slow = SaveHandle(lambda: gate.wait(10) and {"id": "x"}, "c").start()
    with pytest.raises(TimeoutError):
        slow.wait(0.05)
    gate.set()
    assert slow.wait(10) == "x"


def test_uploader_orders_saves_per_name_and_bounds_threads():
    import threading
    import time

    from wandb.sdk.run_artifacts import SaveHandle, Uploader

    up = Uploader(workers=3)
    order: dict[str, list[int]] = {}
    running = [0]
    peak = [0]
    lock = threading.Lock()

    def job(name: str, i: int):
        def run() -> dict:
            with lock:
                running[0] += 1
                peak[0] = max(peak[0], running[0])
            time.sleep(0.002)
            with lock:
                order.setdefault(name, []).append(i)
                running[0] -= 1
            return {"id": f"{name}-{i}"}
        return run

    handles = [SaveHandle(job(f"n{i % 5}", i), f"n{i % 5}") for i in range(60)]
    for h in handles:
        up.submit(h)
    assert [h.wait(30) for h in handles] == [f"n{i % 5}-{i}" for i in range(60)]
    assert all(v == sorted(v) for v in order.values()) and len(order) == 5
    assert peak[0] <= 3 and len(up._threads) <= 3


def test_sync_with_missing_staged_file_reports_and_does_not_mark(isolated_wandb_env, server, monkeypatch):
    from wandb.sdk import wandb_setup

    monkeypatch.setenv("WANDB_MODE", "offline")
    wandb_setup.teardown()
    Path("a.txt").write_text("will vanish")
    run = wandb.init(project="p")
    art = wandb.Artifact("lost", type="dataset")
    art.add_file("a.txt")
    run.log_artifact(art)
    run.finish()
    (rec,) = records(run, "artifact")
    staged = rec["artifact"]["manifest"]["contents"][0]["local_path"]
    os.chmod(staged, 0o600)
    os.remove(staged)
    monkeypatch.setenv("WANDB_BASE_URL", server.url)
    monkeypatch.setenv("WANDB_API_KEY", server.key)
    monkeypatch.setenv("WANDB_MODE", "online")
    wandb_setup.teardown()
    from wandb.cli import sync

    messages = []
    status = sync.sync_one(os.path.dirname(run._settings.sync_file), echo=messages.append)
    assert not status["complete"] and "lost" in status["artifact_errors"][0]
    assert any("Could not upload artifact 'lost'" in m for m in messages)
    assert not os.path.exists(run._settings.sync_file + ".synced")
    assert lookup(server, "lost:latest") is None
