"""matplotlib figures (logged directly, or as ``wandb.Image(fig)`` / ``wandb.Image(plt)``) and
plotly figures compared with wandb 0.21.3."""

from __future__ import annotations

import pytest
from media_helpers import assert_same_runs, compare_with_reference

pytestmark = pytest.mark.compat

pytest.importorskip("matplotlib")

_PRELUDE = """
import numpy as np, wandb
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
rng = np.random.default_rng(0)
r = wandb.init(mode="offline", project="media")
"""


def _run(body: str, tmp_path):
    ref, ours = compare_with_reference(_PRELUDE + body + "\nr.finish()\n", tmp_path)
    assert_same_runs(ref, ours)
    return ours


def test_image_from_figure_and_pyplot(ref_python, tmp_path):
    ours = _run("""
fig, ax = plt.subplots(figsize=(3, 2), dpi=50)
ax.plot([1, 2, 3], [3, 1, 2])
r.log({"fig_img": wandb.Image(fig, caption="f")})
plt.figure(figsize=(2, 2), dpi=40)
plt.plot([0, 1], [1, 0])
r.log({"plt_img": wandb.Image(plt), "jpg": wandb.Image(fig, file_type="jpg")})
fig2, ax2 = plt.subplots(figsize=(2, 2), dpi=40)
ax2.imshow(rng.random((6, 6)))
r.log({"imshow_img": wandb.Image(fig2), "list": [wandb.Image(fig), wandb.Image(fig)]})
r.log({"ax_img": wandb.Image(ax2), "line_img": wandb.Image(ax.lines[0])})
""", tmp_path)
    img = ours["history"][0]["fig_img"]
    assert img["_type"] == "image-file" and img["format"] == "png"
    assert (img["width"], img["height"]) == (150, 100) and img["caption"] == "f"
    assert (ours["history"][1]["plt_img"]["width"], ours["history"][1]["plt_img"]["height"]) == (80, 80)
    assert ours["history"][1]["jpg"]["format"] == "jpg"


def test_figure_logged_directly(ref_python, tmp_path):
    ours = _run("""
fig, ax = plt.subplots(figsize=(3, 2), dpi=50)
ax.plot([1, 2, 3], [3, 1, 2], label="a")
ax.set_title("t")
r.log({"line": fig})
fig2, ax2 = plt.subplots(figsize=(2, 2), dpi=40)
ax2.imshow(rng.random((6, 6)))
r.log({"imshow": fig2})
plt.figure(figsize=(2, 2), dpi=40)
plt.scatter([0, 1, 2], [1, 0, 2])
r.log({"pyplot": plt})
r.summary["sfig"] = fig
fig3, (a1, a2) = plt.subplots(1, 2, figsize=(4, 2), dpi=40)
a1.bar([1, 2, 3], [3, 1, 2])
a2.hist(rng.normal(size=50), bins=5)
r.log({"bars": fig3, "ax": a1})
""", tmp_path)
    assert ours["history"][0]["line"]["_type"] == "plotly-file"
    assert ours["history"][0]["line"]["path"].startswith("media/plotly/line_0_")
    assert ours["history"][1]["imshow"]["_type"] == "image-file"
    assert ours["history"][2]["pyplot"]["_type"] == "plotly-file"


def test_plotly_figure(ref_python, tmp_path):
    pytest.importorskip("plotly")
    ours = _run("""
import plotly.graph_objects as go
pf = go.Figure(data=[go.Scatter(x=[1, 2, 3], y=[2, 1, 3])], layout={"title": {"text": "p"}})
r.log({"pf": pf, "wrapped": wandb.Plotly(pf)})
r.summary["spf"] = wandb.Plotly(pf)
""", tmp_path)
    assert ours["history"][0]["pf"]["_type"] == "plotly-file"
    assert ours["history"][0]["wrapped"]["_type"] == "plotly-file"
