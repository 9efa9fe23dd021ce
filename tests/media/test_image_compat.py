"""Images: descriptors and files compared with wandb 0.21.3 for the same input."""

from __future__ import annotations

import pytest
from media_helpers import assert_same_runs, compare_with_reference

pytestmark = pytest.mark.compat

_PRELUDE = """
import numpy as np, wandb
rng = np.random.default_rng(0)
a = rng.integers(0, 255, (16, 24, 3), dtype=np.uint8)
r = wandb.init(mode="offline", project="media")
"""


def _run(body: str, tmp_path):
    ref, ours = compare_with_reference(_PRELUDE + body + "\nr.finish()\n", tmp_path)
    assert_same_runs(ref, ours)
    return ours


def test_single_list_nested_and_slash_keys(ref_python, tmp_path):
    ours = _run("""
r.log({"img": wandb.Image(a, caption="hi")})
r.log({"imgs": [wandb.Image(a), wandb.Image(a[:, :, 0], caption="c2")],
       "nest": {"inner": wandb.Image(a)}, "a/b/img": wandb.Image(a)})
r.log({"capt": [wandb.Image(a, caption="x"), wandb.Image(a[::-1], caption="y")], "grp": wandb.Image(a, grouping=3)})
r.log({"same": [wandb.Image(a), wandb.Image(a), wandb.Image(a)]})
""", tmp_path)
    row1 = ours["history"][1]
    assert row1["imgs"]["_type"] == "images/separated"
    assert row1["imgs"]["count"] == 2
    assert ours["history"][2]["capt"]["captions"] == ["x", "y"]
    assert ours["history"][2]["grp"]["grouping"] == 3
    assert len(set(ours["history"][3]["same"]["filenames"])) == 1


def test_summary_media(ref_python, tmp_path):
    ours = _run("""
r.summary["simg"] = wandb.Image(a)
r.summary["d"] = {"x": wandb.Image(a, caption="c")}
r.summary.update({"u": wandb.Image(a[:8])})
""", tmp_path)
    assert ours["summary"]["simg"]["path"].startswith("media/images/simg_summary_")
    assert ours["summary"]["d"]["x"]["path"].startswith("media/images/d.x_summary_")


def test_value_kinds(ref_python, tmp_path):
    _run("""
r.log({"f01": wandb.Image(rng.random((8, 8, 3)))})
r.log({"fneg": wandb.Image(rng.uniform(-1, 1, (8, 8)))})
r.log({"fbig": wandb.Image(rng.uniform(-50, 400, (8, 8, 3)))})
r.log({"i64": wandb.Image(rng.integers(0, 255, (8, 9)))})
r.log({"binary": wandb.Image(rng.integers(0, 2, (8, 8), dtype=np.uint8))})
r.log({"rgba": wandb.Image(rng.integers(0, 255, (8, 8, 4), dtype=np.uint8))})
r.log({"hw1": wandb.Image(rng.integers(0, 255, (8, 8, 1), dtype=np.uint8))})
r.log({"nonorm": wandb.Image(rng.uniform(0, 300, (8, 8, 3)), normalize=False)})
r.log({"modeL": wandb.Image(a[:, :, 0], mode="L")})
""", tmp_path)


def test_pil_path_and_jpg(ref_python, tmp_path):
    _run("""
from PIL import Image as PI
pil = PI.fromarray(a)
pil.save("in.png")
PI.fromarray(a).save("in.jpg")
r.log({"pil": wandb.Image(pil), "pilL": wandb.Image(pil.convert("L")), "pilP": wandb.Image(pil.convert("P"))})
r.log({"path": wandb.Image("in.png"), "pathjpg": wandb.Image("in.jpg", caption="j")})
r.log({"jpg": wandb.Image(a, file_type="jpg"), "wrapped": wandb.Image(wandb.Image(a, caption="w"))})
rgba = rng.integers(0, 255, (6, 7, 4), dtype=np.uint8)
r.log({"bmp": wandb.Image(a, file_type="bmp"), "jpgA": wandb.Image(rgba, file_type="jpeg"),
       "pilRGBA": wandb.Image(PI.fromarray(rgba)), "pilI": wandb.Image(PI.fromarray(a[:, :, 0]).convert("I"))})
""", tmp_path)


def test_boxes_masks_classes(ref_python, tmp_path):
    ours = _run("""
boxes = {"pred": {"box_data": [
    {"position": {"minX": 0.1, "maxX": 0.4, "minY": 0.2, "maxY": 0.5}, "class_id": 1, "box_caption": "cat",
     "scores": {"acc": 0.5}},
    {"position": {"middle": [5, 6], "width": 4, "height": 3}, "domain": "pixel", "class_id": 2}],
    "class_labels": {1: "cat", 2: "dog"}},
    "gt": {"box_data": [{"position": {"minX": 1, "maxX": 3, "minY": 2, "maxY": 9}, "class_id": 3, "domain": "pixel"}]}}
masks = {"seg": {"mask_data": (a[:, :, 0] % 3), "class_labels": {0: "bg", 1: "a", 2: "b"}},
         "auto": {"mask_data": (a[:, :, 1] % 4).astype(np.int64)}}
r.log({"boxed": wandb.Image(a, boxes=boxes, masks=masks, classes=[{"id": 9, "name": "nine"}])})
r.log({"many": [wandb.Image(a, boxes={"pred": boxes["pred"]}), wandb.Image(a),
                wandb.Image(a, masks={"seg": masks["seg"]})]})
r.log({"objs": wandb.Image(a, boxes={"b": wandb.data_types.BoundingBoxes2D(boxes["gt"], "b")},
                           masks={"m": wandb.data_types.ImageMask({"mask_data": a[:, :, 2] % 2}, "m")},
                           classes=wandb.Classes([{"id": 1, "name": "one"}]))})
""", tmp_path)
    boxed = ours["history"][0]["boxed"]
    assert set(boxed["boxes"]) == {"pred", "gt"} and set(boxed["masks"]) == {"seg", "auto"}
    assert boxed["boxes"]["pred"]["_type"] == "boxes2D"
    assert boxed["masks"]["seg"]["_type"] == "mask"
    many = ours["history"][1]["many"]
    assert many["all_boxes"][1] is None and many["all_masks"][2] is not None
    assert "boxed_wandb_delimeter_pred" in ours["class_labels"]["bounding_box/class_labels"]
    assert ours["class_labels"]["bounding_box/class_labels"]["boxed_wandb_delimeter_gt"]["value"] == {"3": "class_3"}


def test_media_with_step_and_commit(ref_python, tmp_path):
    _run("""
r.log({"x": 1}, commit=False)
r.log({"img": wandb.Image(a)}, commit=False)
r.log({"y": 2})
r.log({"img": wandb.Image(a[::-1])}, step=5)
r.log({"img2": wandb.Image(a)}, step=5)
r.log({"img": wandb.Image(a)})
""", tmp_path)
