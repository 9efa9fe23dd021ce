"""wandb 0.21.3 and our SDK exchange artifacts through our server, byte-identical, both ways,
and an artifact an offline wandb 0.21.3 run logged is uploaded by our ``wandb sync``."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import wandb

from artrun_helpers import lookup, manifest_of

pytestmark = pytest.mark.compat

FILES = {"a.txt": b"hello artifact\n", "sub/b.bin": bytes(range(256)) * 400, "sub/deep/c.json": b'{"x": 1}'}


def _write(root: Path) -> None:
    for name, data in FILES.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)).replace(os.sep, "/"): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _ref(script: str, cwd: Path, server, *, online: bool = True) -> dict:
    from reftools import run_ref

    extra = {"WANDB_SILENT": "true"}
    if online:
        extra.update(WANDB_MODE=None, WANDB_BASE_URL=server.url, WANDB_API_KEY=server.key)
    proc = run_ref(script, cwd, env=extra, timeout=240)
    line = next(x for x in proc.stdout.splitlines() if x.startswith("RESULT:"))
    return json.loads(line[len("RESULT:"):])


def test_official_client_logs_we_download(online_env, server, ref_python, tmp_path):
    ref_dir = tmp_path / "ref"
    ref_dir.mkdir()
    _write(ref_dir / "data")
    out = _ref("""
        import json, wandb
        run = wandb.init(project="p")
        art = wandb.Artifact("shared", type="dataset", metadata={"from": "wandb"})
        art.add_dir("data")
        run.log_artifact(art, aliases=["ref"])
        art.wait()
        print("RESULT:" + json.dumps({"id": art.id, "digest": art.digest, "version": art.version}))
        run.finish()
    """, ref_dir, server)
    assert out["version"] == "v0"
    # our Artifact computes the same digest for the same files
    mine = wandb.Artifact("shared", type="dataset")
    _write(Path("data"))
    mine.add_dir("data")
    assert mine.digest == out["digest"]

    run = wandb.init(project="p")
    used = run.use_artifact("shared:ref")
    assert used.id == out["id"] and used.metadata == {"from": "wandb"}
    got = Path(used.download(root="dl"))
    assert _tree(got) == FILES
    run.finish()


def test_we_log_official_client_downloads(online_env, server, ref_python, tmp_path):
    _write(Path("data"))
    run = wandb.init(project="p")
    art = wandb.Artifact("ours", type="model", metadata={"from": "vireo"})
    art.add_dir("data")
    run.log_artifact(art, aliases=["prod"])
    art.wait()
    run.finish()
    ref_dir = tmp_path / "ref"
    out = _ref("""
        import json, os, wandb
        run = wandb.init(project="p")
        a = run.use_artifact("ours:prod")
        path = a.download(root="dl")
        tree = {}
        for base, _, names in os.walk(path):
            for n in names:
                p = os.path.join(base, n)
                tree[os.path.relpath(p, path)] = open(p, "rb").read().hex()
        ok = a.verify(root=path) is None
        print("RESULT:" + json.dumps({"id": a.id, "digest": a.digest, "type": a.type, "version": a.version,
                                      "aliases": sorted(a.aliases), "metadata": a.metadata, "tree": tree}))
        run.finish()
    """, ref_dir, server)
    assert out["id"] == art.id and out["digest"] == art.digest and out["type"] == "model"
    assert out["version"] == "v0" and out["aliases"] == ["latest", "prod"] and out["metadata"] == {"from": "vireo"}
    assert {k: bytes.fromhex(v) for k, v in out["tree"].items()} == FILES


def test_offline_official_run_synced_by_us(online_env, server, ref_python, tmp_path):
    ref_dir = tmp_path / "ref"
    ref_dir.mkdir()
    _write(ref_dir / "data")
    out = _ref("""
        import json, wandb
        run = wandb.init(project="p")
        run.log({"x": 1})
        art = wandb.Artifact("offref", type="dataset")
        art.add_dir("data")
        run.log_artifact(art, aliases=["v-off"])
        print("RESULT:" + json.dumps({"dir": run.dir, "digest": art.digest}))
        run.finish()
    """, ref_dir, server, online=False)
    from wandb.cli import sync

    status = sync.sync_one(os.path.dirname(out["dir"]), echo=lambda *_: None)
    assert status["complete"], status
    attrs = lookup(server, "offref:latest")
    assert attrs["versionIndex"] == 0 and sorted(a["alias"] for a in attrs["aliases"]) == ["latest", "v-off"]
    assert attrs["historyStep"] == 1
    assert sorted(manifest_of(attrs)["contents"]) == sorted(FILES)
    from wandb.sdk.artifacts.artifact import Artifact

    art = Artifact._from_attrs("admin", "p", "offref:latest", attrs, server.public_client())
    assert art.digest == out["digest"]
    assert _tree(Path(art.download(root="dl"))) == FILES


RECORD_SCRIPT = """
import json, sys, wandb
run = wandb.init(project="cap", group="g")
open("f.txt", "w").write("hello artifact")
art = wandb.Artifact("ds", type="dataset", metadata={"k": 1}, description="first")
art.add_file("f.txt")
run.log({"x": 1})
run.log_artifact(art, aliases=["best"], tags=["t1"])
run.upsert_artifact(wandb.Artifact("dd", type="dataset"), distributed_id="D1")
print("RESULT:" + json.dumps({"log": run._settings.sync_file}))
run.finish()
"""


def _artifact_records(path: str) -> list[dict]:
    from wandb.sdk import internal_core

    out = []
    for _off, text in internal_core.read_records(path):
        rec = json.loads(text)
        if "artifact" in rec:
            a = rec["artifact"]
            for key in ("run_id", "client_id", "sequence_client_id"):
                assert a.pop(key)
            for e in a["manifest"].get("contents", []):
                assert "/artifacts/staging/" in e.pop("local_path")
            a["aliases"] = sorted(a["aliases"])
            out.append({"control": rec["control"], "keys": sorted(rec), "artifact": a})
    return out


def test_offline_records_match_wandb(isolated_wandb_env, ref_python, tmp_path, monkeypatch):
    """Offline, our artifact records equal wandb 0.21.3's (ids and staging paths aside)."""
    from wandb.sdk import wandb_setup

    ref_dir = tmp_path / "ref"
    ref_out = _ref(RECORD_SCRIPT.replace("run._settings.sync_file", "run.settings.sync_file"), ref_dir, None,
                   online=False)
    monkeypatch.setenv("WANDB_MODE", "offline")
    wandb_setup.teardown()
    ns: dict = {}
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        exec(RECORD_SCRIPT, ns)  # noqa: S102 - the same script as the reference ran
    ours = json.loads(next(x for x in buf.getvalue().splitlines() if x.startswith("RESULT:"))[7:])
    assert _artifact_records(ours["log"]) == _artifact_records(ref_out["log"])
