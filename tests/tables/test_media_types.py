"""Html, Object3D, Molecule and Plotly: files written and errors for bad input."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest

import wandb


def _text(media) -> str:
    return open(media._path, encoding="utf-8").read()


def test_html_inject_and_sources(tmp_path):
    assert _text(wandb.Html("<p>x</p>")).startswith('<base target="_blank"><link rel="stylesheet"')
    assert _text(wandb.Html("<html><body>b</body></html>")).startswith("<html><head><base")
    assert _text(wandb.Html("<head><title>t</title></head>")).startswith("<head><base")
    assert _text(wandb.Html("<p>x</p>", inject=False)) == "<p>x</p>"
    page = tmp_path / "page.html"
    page.write_text("<p>file</p>")
    h = wandb.Html(str(page), inject=False)
    assert h._path == str(page) and h.html == "<p>file</p>"
    assert wandb.Html(str(page), data_is_not_path=True).html.endswith(str(page))
    assert wandb.Html(io.StringIO("<i>io</i>"), inject=False).html == "<i>io</i>"
    with pytest.raises(FileNotFoundError, match="data"):
        wandb.Html(tmp_path / "missing.html")
    with pytest.raises(ValueError, match="data must be"):
        wandb.Html(123)


def test_object3d_numpy_and_errors(tmp_path):
    pts = np.array([[0, 0, 0], [1, 2, 3]], dtype=float)
    o = wandb.Object3D(pts)
    assert json.loads(_text(o)) == pts.tolist()
    assert _text(o).startswith("[\n    [\n        0.0,")
    assert wandb.Object3D.from_numpy(np.zeros((2, 6)))._extension == ".pts.json"
    for bad in (np.zeros((3,)), np.zeros((2, 5)), np.zeros((2, 3, 1))):
        with pytest.raises(ValueError, match="shape"):
            wandb.Object3D(bad)
        with pytest.raises(ValueError, match="shape"):
            wandb.Object3D.from_numpy(bad)
    with pytest.raises(ValueError, match="not compatible with Object3D"):
        wandb.Object3D(str(tmp_path / "x.xyz"))
    with pytest.raises(FileNotFoundError, match="data_or_path"):
        wandb.Object3D(str(tmp_path / "missing.obj"))
    with pytest.raises(ValueError, match="file type"):
        wandb.Object3D(io.StringIO("v 0 0 0"))
    with pytest.raises(ValueError, match="not supported"):
        wandb.Object3D(io.StringIO("v 0 0 0"), file_type="fbx")
    with pytest.raises(ValueError, match="lidar/beta"):
        wandb.Object3D({"type": "radar"})
    mesh = tmp_path / "m.obj"
    mesh.write_text("v 0 0 0\n")
    assert wandb.Object3D.from_file(str(mesh))._extension == ".obj"
    assert wandb.Object3D(io.BytesIO(b"glTF\x02\x00"), file_type="glb")._extension == ".glb"


def test_box3d_and_point_cloud():
    b = wandb.box3d(center=[1, 2, 3], size=[2, 2, 2], orientation=[1, 0, 0, 0], color=(0, 1, 0), label="car", score=0.9)
    corners = np.array(b["corners"])
    assert corners.shape == (8, 3)
    assert corners.min(axis=0).tolist() == [0, 1, 2] and corners.max(axis=0).tolist() == [2, 3, 4]
    with pytest.raises(ValueError, match="center"):
        wandb.box3d(center=[0, 0], size=[1, 1, 1], orientation=[1, 0, 0, 0], color=(0, 0, 0))
    with pytest.raises(ValueError, match="zero quaternion"):
        wandb.box3d(center=[0, 0, 0], size=[1, 1, 1], orientation=[0, 0, 0, 0], color=(0, 0, 0))
    o = wandb.Object3D.from_point_cloud(points=np.zeros((2, 3)), boxes=[b])
    scene = json.loads(_text(o))
    assert sorted(scene) == ["boxes", "points", "type", "vectors"] and scene["type"] == "lidar/beta"
    with pytest.raises(ValueError, match="point_cloud_type"):
        wandb.Object3D.from_point_cloud(points=[], boxes=[], point_cloud_type="x")


def test_molecule(tmp_path):
    pdb = "ATOM      1  N   ALA A   1      11.104   6.134  -6.504  1.00  0.00           N\nEND\n"
    m = wandb.Molecule(io.StringIO(pdb), file_type="pdb", caption="c")
    assert _text(m) == pdb and m._caption == "c"
    f = tmp_path / "x.sdf"
    f.write_text("mol\n")
    assert wandb.Molecule(str(f))._path == str(f)
    with pytest.raises(ValueError, match="only supports files"):
        wandb.Molecule(str(tmp_path / "x.xyz"))
    with pytest.raises(FileNotFoundError, match="data_or_path"):
        wandb.Molecule(str(tmp_path / "missing.pdb"))
    with pytest.raises(ValueError, match="file_type"):
        wandb.Molecule(io.StringIO(pdb))
    with pytest.raises(ValueError, match="Data must be"):
        wandb.Molecule(42)


def test_molecule_rdkit():
    pytest.importorskip("rdkit")
    m = wandb.Molecule.from_smiles("CCO", convert_to_3d_and_optimize=False)
    assert "HETATM" in _text(m) or "ATOM" in _text(m)
    m3 = wandb.Molecule.from_smiles("CCO", caption="ethanol")
    assert m3._caption == "ethanol" and _text(m3).count("HETATM") == 9
    with pytest.raises(ValueError, match="SMILES"):
        wandb.Molecule.from_smiles("not a smiles((")


def test_plotly():
    go = pytest.importorskip("plotly.graph_objects")
    p = wandb.Plotly(go.Figure(data=[go.Bar(x=["a"], y=[np.float32(1.5)])]))
    data = json.loads(_text(p))
    assert data["data"][0]["y"] == [1.5]
    with pytest.raises(ValueError, match="plotly figures"):
        wandb.Plotly({"data": []})


def test_matplotlib_conversion():
    pytest.importorskip("plotly")
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot([1, 2], [3, 4])
    assert isinstance(wandb.Plotly.make_plot_media(fig), wandb.Plotly)
    fig2, ax2 = plt.subplots()
    ax2.imshow(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="containing images"):
        wandb.Plotly(fig2)
    plt.close("all")
