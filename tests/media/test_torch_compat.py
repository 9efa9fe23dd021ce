"""torch tensors as media input (Image, Video, Audio, Histogram) compared with wandb 0.21.3."""

from __future__ import annotations

import pytest
from media_helpers import assert_same_runs, compare_with_reference

pytestmark = pytest.mark.compat

torch = pytest.importorskip("torch")

_PRELUDE = """
import numpy as np, torch, wandb
torch.manual_seed(0)
g = torch.Generator().manual_seed(0)
r = wandb.init(mode="offline", project="media")
"""


def _run(body: str, tmp_path):
    ref, ours = compare_with_reference(_PRELUDE + body + "\nr.finish()\n", tmp_path)
    assert_same_runs(ref, ours)
    return ours


def test_image_chw_tensors(ref_python, tmp_path):
    ours = _run("""
f3 = torch.rand(3, 12, 20, generator=g)
r.log({"f3": wandb.Image(f3, caption="float rgb"), "f1": wandb.Image(torch.rand(1, 12, 20, generator=g)),
       "f4": wandb.Image(torch.rand(4, 12, 20, generator=g))})
r.log({"u3": wandb.Image(torch.randint(0, 256, (3, 10, 14), generator=g, dtype=torch.uint8)),
       "u1": wandb.Image(torch.randint(0, 256, (1, 10, 14), generator=g, dtype=torch.uint8)),
       "u4": wandb.Image(torch.randint(0, 256, (4, 10, 14), generator=g, dtype=torch.uint8))})
r.log({"hw": wandb.Image(torch.rand(1, 9, 11, generator=g).squeeze(0).unsqueeze(0)),
       "neg": wandb.Image(torch.rand(3, 8, 8, generator=g) * 2 - 1),
       "big": wandb.Image(torch.rand(3, 8, 8, generator=g) * 400 - 50),
       "f64": wandb.Image(torch.rand(3, 8, 8, generator=g, dtype=torch.float64)),
       "half": wandb.Image(torch.rand(3, 8, 8, generator=g).half())})
w = torch.rand(3, 8, 8, generator=g, requires_grad=True)
r.log({"grad": wandb.Image(w * 1.0), "leaf": wandb.Image(w),
       "list": [wandb.Image(f3), wandb.Image(f3[:, :6])],
       "nonorm": wandb.Image(torch.rand(3, 8, 8, generator=g) * 300, normalize=False)})
""", tmp_path)
    assert ours["history"][0]["f3"]["width"] == 20 and ours["history"][0]["f3"]["height"] == 12
    assert ours["history"][0]["f3"]["caption"] == "float rgb"
    assert ours["history"][3]["list"]["count"] == 2


def test_image_tensor_masks(ref_python, tmp_path):
    _run("""
img = torch.rand(3, 8, 8, generator=g)
mask = torch.randint(0, 3, (8, 8), generator=g)
r.log({"m": wandb.Image(img, masks={"seg": {"mask_data": mask.numpy(), "class_labels": {0: "a", 1: "b", 2: "c"}}})})
""", tmp_path)


def test_video_audio_histogram_tensors(ref_python, tmp_path):
    ours = _run("""
v = torch.randint(0, 256, (6, 3, 16, 20), generator=g, dtype=torch.uint8)
r.log({"vid": wandb.Video(v, fps=3, format="gif"), "vidf": wandb.Video(v.float(), fps=3, format="gif"),
       "vid5": wandb.Video(v.reshape(2, 3, 3, 16, 20), format="gif")})
t = torch.linspace(0, 1, 4000)
sine = torch.sin(2 * 3.14159 * 440 * t)
r.log({"aud": wandb.Audio(sine, sample_rate=4000), "aud64": wandb.Audio(sine.double() * 0.5, sample_rate=8000),
       "stereo": wandb.Audio(torch.stack([sine, -sine], 1), sample_rate=4000)})
vals = torch.randn(5000, generator=g)
r.log({"h": wandb.Histogram(vals), "h64": wandb.Histogram(vals.double(), num_bins=32),
       "hint": wandb.Histogram(torch.randint(-50, 50, (1000,), generator=g)),
       "hnp": wandb.Histogram(np_histogram=np.histogram(vals.numpy(), bins=10))})
r.log({"raw_t": vals.double(), "raw_small": vals[:5]})
""", tmp_path)
    assert ours["history"][0]["vid"]["width"] == 20 and ours["history"][0]["vid"]["height"] == 16
    assert ours["history"][1]["aud"]["_type"] == "audio-file" and ours["history"][1]["aud"]["size"] == 8044
    h = ours["history"][2]["h"]
    assert h["_type"] == "histogram" and len(h["bins"]) == 65 and sum(h["values"]) == 5000
    assert ours["history"][3]["raw_t"]["_type"] == "histogram"
    assert len(ours["history"][3]["raw_t"]["values"]) == 32


def test_raw_float32_tensor_history_histogram(ref_python, tmp_path):
    _run("""
r.log({"raw32": torch.randn(5000, generator=g)})
""", tmp_path)
