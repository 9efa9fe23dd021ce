"""What the official wandb 0.21.3 client logged and linked, read back and downloaded by our Public API."""

from __future__ import annotations

import pytest

from refrun import run_ref_script


@pytest.mark.compat
def test_our_api_reads_what_the_official_client_logged(server, tmp_path, monkeypatch):
    out = run_ref_script("ref_log_link.py", server, tmp_path)
    for k in ("WANDB_ENTITY", "WANDB_PROJECT", "WANDB_BASE_URL", "WANDB_API_KEY"):
        monkeypatch.delenv(k, raising=False)
    monkeypatch.setenv("WANDB_CACHE_DIR", str(tmp_path / "cache"))
    import wandb

    api = wandb.Api(overrides={"base_url": server.url}, api_key=server.key)
    a = api.artifact(f"{out['entity']}/artproj/refds:gold")
    assert (a.id, a.version, a.type, a.description, a.metadata, a.tags, sorted(a.aliases), a.digest) == (
        out["id"], "v0", "dataset", "from ref", {"rows": 2}, ["ref"], ["gold", "latest"], out["digest"])
    files = {f.name: f for f in a.files()}
    assert sorted(files) == ["a.txt", "d/b.bin"]
    assert (files["a.txt"].size, files["d/b.bin"].size) == (30, 256 * 40)
    assert a.manifest.to_manifest_json()["contents"].keys() == out["manifest"]["contents"].keys()
    root = a.download(root=str(tmp_path / "dl"))
    assert open(f"{root}/a.txt").read() == "alpha from the official client"
    assert open(f"{root}/d/b.bin", "rb").read() == bytes(range(256)) * 40
    assert a.logged_by().id == out["run"]
    reg = api.artifact("wandb-registry-shared/coll:pick")
    assert (reg.is_link, reg.version, reg.source_name, sorted(reg.aliases)) == (True, "v0", "refds:v0", ["latest", "pick"])
    assert [v.name for v in api.registries().versions()] == ["coll:v0"]
    assert [r.name for r in api.registries()] == ["shared"]
    port = api.artifact(f"{out['entity']}/artproj/port:v0")
    assert port.is_link and port.id == out["id"]
    assert sorted(f"{x.project}/{x.name}" for x in a.linked_artifacts) == ["artproj/port:v0", "wandb-registry-shared/coll:v0"]
