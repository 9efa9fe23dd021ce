"""Logged tables and other data types: history descriptors and media files equal wandb 0.21.3's.

Artifact ids are random, so ``artifact_path`` values are compared with the ids replaced. When our
runs do not log artifacts yet (``run.log_artifact`` not wired), the artifact keys are left out of
the comparison and the rest must still match; ``VIREO_REQUIRE_TABLE_ARTIFACTS=1`` makes that a failure.
"""

from __future__ import annotations

import pytest
from tables_helpers import artifacts_logged, env_flag, normalize, run_both

pytestmark = pytest.mark.compat


def _named(artifacts: list, run_id: str, raw_names: tuple) -> list:
    """Artifact names with sanitized forms of ``raw_names`` (templates with ``{id}``) put back raw:
    the CRC suffix of a sanitized name depends on the run id."""
    from wandb.sdk.data_types.table_logging import sanitize_artifact_name

    back = {sanitize_artifact_name(r.format(id=run_id)): r for r in raw_names}
    return [dict(a, name=back.get(a["name"], a["name"])) for a in artifacts]


def _compare(results: dict, raw_names: tuple = (), compare_artifacts: bool = True) -> None:
    ref, ours = results["ref"], results["ours"]
    ref["artifacts"] = _named(ref["artifacts"], ref["run_id"], raw_names)
    ours["artifacts"] = _named(ours["artifacts"], ours["run_id"], raw_names)
    with_artifacts = artifacts_logged(ours)
    if env_flag("VIREO_REQUIRE_TABLE_ARTIFACTS") and ref["artifacts"]:
        assert with_artifacts, "our run logged no run_table artifacts"
    strip = not with_artifacts
    assert normalize(ours["history"], ours["run_id"], strip) == normalize(ref["history"], ref["run_id"], strip)
    assert ours["files"] == ref["files"]
    if with_artifacts and compare_artifacts:
        assert normalize(ours["artifacts"], ours["run_id"]) == normalize(ref["artifacts"], ref["run_id"])
    assert ours["out"] == ref["out"]


def test_tables_of_scalars(tmp_path, ref_python):
    body = """
    import datetime
    t = wandb.Table(columns=["a", "b", "c", "d", "e"],
                    data=[[1, 2.5, "x", True, None], [2, np.float32(0.1), "y", False, 3]])
    run.log({"tab": t})
    t2 = wandb.Table(columns=["arr", "lst", "dt", "dct", "npint", "nan"],
                     data=[[np.arange(3), [1, 2], datetime.datetime(2020, 1, 1), {"k": 1}, np.int64(5), float("nan")]])
    run.log({"t2": t2})
    run.log({"nested/key": wandb.Table(columns=["x"], data=[[1.5], [None]])})
    t3 = wandb.Table(data=np.arange(6).reshape(2, 3))
    run.log({"np": t3, "other": 1})
    run.log({"tab_again": t})  # an IMMUTABLE table logged twice keeps its first file
    run.summary["sum_table"] = wandb.Table(columns=["s"], data=[["v"]])
    OUT["cols"] = t.columns
    """
    _compare(run_both(body, tmp_path), raw_names=("run-{id}-nested/key",))


def test_table_log_modes(tmp_path, ref_python):
    body = """
    m = wandb.Table(columns=["x"], data=[[1]], log_mode="MUTABLE")
    run.log({"m": m})
    m.add_data(2)
    run.log({"m": m})
    i = wandb.Table(columns=["x"], data=[[1]], log_mode="INCREMENTAL")
    run.log({"i": i})
    i.add_data(2)
    i.add_data(3)
    run.log({"i": i})
    run.log({"i": i})
    im = wandb.Table(columns=["x"], data=[[1]])
    run.log({"im": im})
    im.add_data(5)
    run.log({"im": im})
    """
    _compare(run_both(body, tmp_path))


def test_media_types(tmp_path, ref_python):
    body = """
    import io
    run.log({"h": wandb.Histogram([1, 2, 3, 4, 5, 5, 5], num_bins=4),
             "h2": wandb.Histogram(np_histogram=np.histogram(np.arange(100) / 7.0, bins=10))})
    run.log({"html": wandb.Html("<h1>hi</h1>"), "html2": wandb.Html("<html><body>x</body></html>", inject=False),
             "html3": wandb.Html(io.StringIO("<head></head><p>io</p>"))})
    pts = np.array([[0, 0, 0], [1, 1, 1.5]])
    run.log({"o3d": wandb.Object3D(pts), "o4": wandb.Object3D(np.array([[0, 0, 0, 1], [1, 2, 3, 4]]))})
    b = wandb.box3d(center=[0, 0, 0], size=[1, 2, 1], orientation=[0.9, 0.1, 0, 0], color=(1, 0, 0),
                    label="x", score=0.5)
    run.log({"scene": wandb.Object3D.from_point_cloud(points=pts, boxes=[b],
                                                       vectors=[{"start": [0, 0, 0], "end": [1, 1, 1]}])})
    run.log({"objs": [wandb.Object3D(pts), wandb.Object3D(pts * 2)]})
    run.log({"obj_io": wandb.Object3D(io.StringIO("v 0 0 0\\nv 1 0 0\\nv 0 1 0\\nf 1 2 3\\n"), file_type="obj")})
    pdb = "ATOM      1  N   ALA A   1      11.104   6.134  -6.504  1.00  0.00           N\\nEND\\n"
    run.log({"mol": wandb.Molecule(io.StringIO(pdb), file_type="pdb", caption="m")})
    run.log({"mols": [wandb.Molecule(io.StringIO(pdb), file_type="pdb"),
                      wandb.Molecule(io.StringIO(pdb + "\\n"), file_type="pdb")]})
    run.log({"htmls": [wandb.Html("<p>1</p>"), wandb.Html("<p>2</p>")]})
    """
    _compare(run_both(body, tmp_path))


def test_plotly_and_matplotlib(tmp_path, ref_python):
    pytest.importorskip("plotly")
    pytest.importorskip("matplotlib")
    body = """
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import plotly.graph_objects as go
    fig = go.Figure(data=[go.Scatter(x=[1, 2, 3], y=[4, 5, 6])])
    run.log({"pl": wandb.Plotly(fig), "plraw": fig})
    f2, ax = plt.subplots()
    ax.plot([1, 2, 3], [3, 1, 2])
    run.log({"mpl": f2, "mpl_wrapped": wandb.Plotly(f2)})
    f3, ax3 = plt.subplots()
    ax3.imshow(np.zeros((4, 4)))
    OUT["image_fallback"] = type(wandb.Plotly.make_plot_media(f3)).__name__
    """
    _compare(run_both(body, tmp_path))


def test_dataframes(tmp_path, ref_python):
    pytest.importorskip("pandas")
    body = """
    import pandas as pd
    df = pd.DataFrame({"a": [1, 2], "b": [0.5, np.nan], "c": ["x", "y"], "d": [True, False],
                       "e": pd.to_datetime(["2020-01-01", "2021-06-01"])})
    run.log({"df": wandb.Table(dataframe=df)})
    run.log({"dfraw": df[["a", "b", "c"]]})
    run.log({"dfdata": wandb.Table(data=df[["a", "c"]])})
    """
    _compare(run_both(body, tmp_path))


def test_log_pyplot_module(tmp_path, ref_python):
    pytest.importorskip("plotly")
    pytest.importorskip("matplotlib")
    body = """
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    plt.figure()
    plt.plot([0, 1], [1, 0])
    run.log({"pyplot": plt})
    """
    _compare(run_both(body, tmp_path))


def test_run_table_artifacts(tmp_path, ref_python):
    """With artifacts wired into the run: the run_table / incremental artifacts match too."""
    pytest.importorskip("wandb.sdk.artifacts.artifact")
    import textwrap

    from tables_helpers import WIRE_ARTIFACTS

    body = WIRE_ARTIFACTS + textwrap.dedent("""
    t = wandb.Table(columns=["a", "b"], data=[[1, "x"], [2, None]])
    run.log({"tab": t})
    run.log({"a/b c": wandb.Table(columns=["x"], data=[[1]])})
    m = wandb.Table(columns=["x"], data=[[1]], log_mode="MUTABLE")
    run.log({"m": m})
    m.add_data(2)
    run.log({"m": m})
    i = wandb.Table(columns=["x"], data=[[1]], log_mode="INCREMENTAL")
    run.log({"i": i})
    i.add_data(2)
    run.log({"i": i})
    """)
    results = run_both(body, tmp_path)
    if not artifacts_logged(results["ours"]):
        pytest.skip("run.log_artifact is not available in our runs yet")
    _compare(results, raw_names=("run-{id}-a/b c",))


def test_media_cells(tmp_path, ref_python):
    """Media in cells: the run file holds the class name; column types as wandb's. (Artifact entries
    hold the media files, whose PNG bytes are the image helper's concern, so they are not compared.)"""
    body = """
    img = wandb.Image(np.zeros((4, 4, 3), dtype=np.uint8), caption="c")
    t = wandb.Table(columns=["img", "html", "n"], data=[[img, wandb.Html("<p>x</p>"), 1], [None, None, 2]])
    run.log({"cells": t})
    OUT["types"] = {k: v.to_json() for k, v in t._column_types.params["type_map"].items()}
    """
    _compare(run_both(body, tmp_path), compare_artifacts=False)


def test_media_from_files(tmp_path, ref_python):
    body = """
    open("page.html", "w").write("<html><body>file</body></html>")
    open("mesh.obj", "w").write("v 0 0 0\\nv 1 0 0\\nv 0 1 0\\nf 1 2 3\\n")
    open("scene.gltf", "w").write('{"asset": {"version": "2.0"}}')
    open("mol.sdf", "w").write("mol\\n  test\\n\\n  0  0  0  0  0  0            999 V2000\\nM  END\\n$$$$\\n")
    run.log({"page": wandb.Html("page.html"), "page_raw": wandb.Html("page.html", inject=False),
             "mesh": wandb.Object3D("mesh.obj"), "scene": wandb.Object3D.from_file("scene.gltf"),
             "mol": wandb.Molecule("mol.sdf", caption="sdf"),
             "mesh_fh": wandb.Object3D(open("mesh.obj"))})
    run.log({"ints": wandb.Table(columns=[1, 2], data=[[1, "a"]])})
    """
    _compare(run_both(body, tmp_path))
