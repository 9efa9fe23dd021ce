"""Media added to an artifact (``artifact.add(image, name)``) compared with wandb 0.21.3."""

from __future__ import annotations

import json
import re
import sys

import pytest
from reftools import run_ref

pytestmark = pytest.mark.compat

SCRIPT = """
import json, numpy as np, wandb
art = wandb.Artifact("a", "dataset")
rng = np.random.default_rng(0)
img = wandb.Image(rng.integers(0, 255, (8, 8, 3), dtype=np.uint8), caption="c",
                  boxes={"p": {"box_data": [{"position": {"minX": 0, "maxX": 1, "minY": 0, "maxY": 1},
                                              "class_id": 1, "scores": {"s": 0.5}}],
                               "class_labels": {1: "one"}}},
                  masks={"m": {"mask_data": np.eye(8, dtype=np.uint8)}})
art.add(img, "img")
art.add(wandb.Audio(np.zeros(10), sample_rate=8000, caption="x"), "aud")
art.add(wandb.Image(rng.integers(0, 255, (4, 4), dtype=np.uint8)), "gray")
out = {"entries": sorted(art.manifest.entries), "json": {}}
for name, e in art.manifest.entries.items():
    if name.endswith(".json"):
        out["json"][name] = json.load(open(e.local_path))
print("OUT " + json.dumps(out, sort_keys=True))
"""

_PNG = re.compile(r"[0-9a-f]{20}(\.(mask\.)?png)")


def _load(proc) -> dict:
    line = [ln for ln in proc.stdout.splitlines() if ln.startswith("OUT ")][-1]
    out = json.loads(line[4:])

    def norm(v):
        if isinstance(v, dict):
            d = {k: norm(x) for k, x in v.items()}
            if isinstance(d.get("path"), str) and d["path"].endswith(".png") and "sha256" in d:
                d["sha256"] = "<png>"
            return d
        if isinstance(v, list):
            return [norm(x) for x in v]
        if isinstance(v, str):
            return _PNG.sub(r"<md5>\1", v)
        return v

    out = norm(out)
    out["entries"] = sorted(out["entries"])
    return out


def test_media_in_artifact(ref_python, tmp_path):
    ref = _load(run_ref(SCRIPT, tmp_path / "ref"))
    ours = _load(run_ref(SCRIPT, tmp_path / "ours", python=sys.executable, env={"WANDB_VIREO_EMBEDDED": "false"}))
    assert ours == ref
    assert ours["json"]["img.image-file.json"]["classes"]["type"] == "classes-file"
