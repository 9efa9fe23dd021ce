"""A table added to an artifact (what ``run.log`` stores in the ``run_table`` artifact) has the
same ``<name>.table.json`` and entries as with wandb 0.21.3."""

from __future__ import annotations

import json
import sys

import pytest
from reftools import run_ref
from tables_helpers import REPO

pytestmark = pytest.mark.compat

SCRIPT = r'''
import json, sys, datetime, io, re
import numpy as np
import wandb
from wandb.sdk.artifacts._internal_artifact import InternalArtifact

def entry_json(table, name):
    art = InternalArtifact("run-x-" + name, "run_table")
    art.add(table, name)
    entries = art.manifest.entries
    data = json.load(open(entries[name + ".table.json"].local_path))
    return {"json": data, "entries": sorted(entries)}

out = {}
out["scalars"] = entry_json(wandb.Table(columns=["a", "b", "c", "d", "e"],
    data=[[1, 2.5, "x", True, None], [2, np.float32(0.1), "y", False, 3], [3, float("nan"), "z", True, 4]]), "scalars")
out["mixed"] = entry_json(wandb.Table(columns=["arr", "lst", "dt", "date", "dct", "npint", "npdt"],
    data=[[np.arange(3), [1, 2], datetime.datetime(2020, 1, 1, 12, 30), datetime.date(2021, 5, 4), {"k": 1},
           np.int64(5), np.datetime64("2020-01-01T00:00:00")]]), "mixed")
out["big_arrays"] = entry_json(wandb.Table(columns=["big", "emb"],
    data=[[np.zeros((2, 2)), np.ones(200)], [np.ones((2, 2)), np.zeros(200)]]), "big_arrays")
out["any"] = entry_json(wandb.Table(columns=["m"], data=[[1], ["s"], [None]], allow_mixed_types=True), "any")
out["cast"] = entry_json(wandb.Table(columns=["a", "b"], data=[["x", 1]], dtype=[str, float], optional=[False, True]), "cast")
pdb = "ATOM      1  N   ALA A   1      11.104   6.134  -6.504  1.00  0.00           N\nEND\n"
out["media"] = entry_json(wandb.Table(columns=["html", "obj", "mol"],
    data=[[wandb.Html("<p>x</p>"), wandb.Object3D(np.array([[0, 0, 0], [1, 1, 1]])),
           wandb.Molecule(io.StringIO(pdb), file_type="pdb")]]), "media")
img = entry_json(wandb.Table(columns=["img", "n"], data=[
    [wandb.Image(np.zeros((4, 4, 3), dtype=np.uint8), caption="c"), 1], [None, 2]]), "img")
for row in img["json"]["data"]:
    if row[0]:  # PNG bytes are the image helper's concern: compare the descriptor's shape only
        row[0]["sha256"] = "SHA"
        row[0]["path"] = re.sub(r"[0-9a-f]{20}", "HASH", row[0]["path"])
img["entries"] = [re.sub(r"[0-9a-f]{20}", "HASH", e) for e in img["entries"]]
out["image_cells"] = img
art = InternalArtifact("run-x-joined", "run_table")
t1 = wandb.Table(columns=["a", "b"], data=[[1, "x"]])
t2 = wandb.Table(columns=["a", "c"], data=[[1, 2.5]])
art.add(t1, "t1")
art.add(t2, "t2")
art.add(wandb.JoinedTable(t1, t2, "a"), "j")
art.add(wandb.JoinedTable("t1.table.json", t2, ["a", "a"]), "j2")
from wandb.sdk.data_types.table import PartitionedTable
art.add(PartitionedTable("parts"), "p")
out["joined"] = {"entries": sorted(art.manifest.entries), "files": {
    n: json.load(open(e.local_path)) for n, e in art.manifest.entries.items() if not n.endswith(".table.json")}}
text = json.dumps(out, sort_keys=True)
text = re.sub(r"big_[a-z0-9]{8}\.npz", "big_ID.npz", text)
text = re.sub(r"media/(html|object3D|molecule)/[a-z0-9]{8}\.", r"media/\1/TMP.", text)
open(sys.argv[1], "w").write(text)
'''


def _run(tmp_path, ours: bool) -> dict:
    cwd = tmp_path / ("ours" if ours else "ref")
    cwd.mkdir(parents=True)
    res = cwd / "out.json"
    run_ref(SCRIPT, cwd, args=(str(res),), python=sys.executable if ours else None,
            env={"PYTHONPATH": str(REPO / "python")} if ours else None)
    return json.loads(res.read_text())


def test_artifact_table_json_matches_wandb(tmp_path, ref_python):
    pytest.importorskip("wandb.sdk.artifacts._internal_artifact")
    ref = _run(tmp_path, ours=False)
    ours = _run(tmp_path, ours=True)
    for case in ref:
        assert ours[case] == ref[case], case
