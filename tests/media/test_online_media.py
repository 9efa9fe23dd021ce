"""Online: media files are published and uploaded with the run (local Vireo server)."""

from __future__ import annotations

import numpy as np
import pytest

import wandb

pytest.importorskip("requests")
pytest.importorskip("starlette")

FAST = {
    "WANDB_X_FILE_STREAM_TRANSMIT_INTERVAL": "0.1",
    "WANDB_X_FILE_STREAM_RETRY_WAIT_MIN_SECONDS": "0.05",
    "WANDB_X_FILE_STREAM_RETRY_WAIT_MAX_SECONDS": "0.3",
    "WANDB_X_GRAPHQL_RETRY_WAIT_MIN_SECONDS": "0.05",
    "WANDB_X_GRAPHQL_RETRY_WAIT_MAX_SECONDS": "0.3",
    "WANDB_CONSOLE": "off",
}


@pytest.fixture
def server(isolated_wandb_env, tmp_path, monkeypatch):
    from wandb.sdk import wandb_setup
    from wandb.server import start_in_thread

    monkeypatch.delenv("WANDB_SERVER_ADMIN_KEY", raising=False)
    handle = start_in_thread(str(tmp_path / "server-data"), port=0)
    monkeypatch.setenv("WANDB_BASE_URL", handle.url)
    monkeypatch.setenv("WANDB_API_KEY", handle.admin_key)
    monkeypatch.setenv("WANDB_MODE", "online")
    for k, v in FAST.items():
        monkeypatch.setenv(k, v)
    wandb_setup.teardown()
    try:
        yield handle
    finally:
        wandb_setup.teardown()
        handle.stop()


def test_media_uploaded_online(server, isolated_wandb_env):
    from wandb.apis.public import Api

    rng = np.random.default_rng(0)
    run = wandb.init(project="media")
    img = rng.integers(0, 255, (6, 5, 3), dtype=np.uint8)
    run.log({"img": wandb.Image(img), "auds": [wandb.Audio(np.zeros(80), sample_rate=8000)]})
    run.summary["best"] = wandb.Image(img[::-1])
    path = run.summary["img"]["path"]
    rid, entity = run.id, run.entity
    run.finish()

    api_run = Api(overrides={"base_url": server.url}, api_key=server.admin_key).run(f"{entity}/media/{rid}")
    names = {f.name for f in api_run.files()}
    assert path in names
    assert any(n.startswith("media/images/best_summary_") for n in names)
    assert any(n.startswith("media/audio/auds_0_") and n.endswith(".wav") for n in names)
    f = next(f for f in api_run.files() if f.name == path)
    local = f.download(root=str(isolated_wandb_env.cwd / "dl"), replace=True).name
    from PIL import Image as PILImage

    with PILImage.open(local) as im:
        assert np.array_equal(np.asarray(im), img)
    row = list(api_run.scan_history())[0]
    assert row["img"]["_type"] == "image-file" and row["img"]["path"] == path
    assert row["auds"]["_type"] == "audio" and row["auds"]["count"] == 1
