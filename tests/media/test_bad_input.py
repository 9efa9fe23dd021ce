"""Bad input raises at construction with a message naming the argument; the run goes on."""

from __future__ import annotations

import json

import numpy as np
import pytest

import wandb


@pytest.mark.parametrize(
    "make, exc, words",
    [
        (lambda: wandb.Image(np.zeros((4, 4, 5), np.uint8)), ValueError, "shape"),
        (lambda: wandb.Image(np.zeros((2, 3, 4, 5), np.uint8)), ValueError, "shape"),
        (lambda: wandb.Image(np.zeros((1, 1, 3), np.uint8)), ValueError, "shape"),
        (lambda: wandb.Image(np.array([["a"]])), TypeError, "data_or_path"),
        (lambda: wandb.Image(object()), TypeError, "data_or_path"),
        (lambda: wandb.Image(np.zeros((0, 3))), ValueError, "empty"),
        (lambda: wandb.Image(np.zeros((4, 4)), file_type="tiff"), ValueError, "file_type"),
        (lambda: wandb.Image("does/not/exist.png"), FileNotFoundError, "data_or_path"),
        (lambda: wandb.Image(np.zeros((4, 4)), boxes=[1]), ValueError, "boxes"),
        (lambda: wandb.Image(np.zeros((4, 4)), masks="x"), ValueError, "masks"),
        (lambda: wandb.Image(np.zeros((4, 4)), boxes={"b": {"box_data": [{"position": {"minX": 1}}]}}), TypeError, "position"),
        (lambda: wandb.Image(np.zeros((4, 4)), masks={"m": {"mask_data": np.zeros((2, 2, 2))}}), TypeError, "mask_data"),
        (lambda: wandb.Image(np.zeros((4, 4)), masks={"m": {"mask_data": np.full((2, 2), 300)}}), TypeError, "between 0 and 255"),
        (lambda: wandb.Audio(np.zeros(10)), ValueError, "sample_rate"),
        (lambda: wandb.Audio(np.zeros(10), sample_rate=-5), ValueError, "sample_rate"),
        (lambda: wandb.Audio(np.zeros((2, 2, 2)), sample_rate=8000), ValueError, "data_or_path"),
        (lambda: wandb.Audio(np.zeros(4, np.uint8), sample_rate=8000), ValueError, "dtype"),
        (lambda: wandb.Audio("missing.wav"), FileNotFoundError, "data_or_path"),
        (lambda: wandb.Video(np.zeros((3, 3, 3), np.uint8), format="gif"), ValueError, "4 dimensions"),
        (lambda: wandb.Video(np.zeros((2, 3, 4, 4), np.uint8), format="avi"), ValueError, "formats"),
        (lambda: wandb.Video("clip.avi", format="gif"), ValueError, "formats"),
        (lambda: wandb.Video("missing.gif", format="gif"), FileNotFoundError, "data_or_path"),
        (lambda: wandb.Video([1, 2], format="gif"), ValueError, "numpy"),
        (lambda: wandb.Video(np.zeros((2, 2, 3, 4, 4), np.uint8), fps=-1, format="gif"), ValueError, "fps"),
        (lambda: wandb.Video(np.zeros((2, 5, 4, 4), np.uint8), format="gif"), ValueError, "channels"),
    ],
)
def test_errors_name_the_argument(isolated_wandb_env, make, exc, words):
    with pytest.raises(exc, match=words):
        make()


def test_run_continues_after_bad_input(isolated_wandb_env):
    from wandb import _core

    run = wandb.init(mode="offline", project="bad")
    run.log({"a": 1, "img": wandb.Image(np.zeros((3, 3), np.uint8))})
    with pytest.raises(ValueError):
        run.log({"b": wandb.Audio(np.zeros(10))})
    with pytest.raises(FileNotFoundError):
        wandb.Image("nope.png")
    run.log({"c": 3, "img": wandb.Image(np.ones((3, 3), np.uint8) * 7)})
    sync_file = run.settings.sync_file
    run.finish()
    rows = []
    for _off, text in _core.read_records(sync_file):
        rec = json.loads(text)
        if "history" in rec:
            rows.append({".".join(it["nested_key"]) for it in rec["history"]["item"]})
    assert len(rows) == 2
    assert {"a", "img.path"} <= rows[0] and {"c", "img.path"} <= rows[1]
    assert not any("b" in r for r in rows)
