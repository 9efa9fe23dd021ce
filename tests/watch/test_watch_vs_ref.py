"""``run.watch`` compared with wandb 0.21.3: same history keys and histograms (bit for bit),
same hook names, same hooks left after ``unwatch``, same graph file (ids normalized)."""

from __future__ import annotations

import json
import re

import pytest

pytest.importorskip("torch")

from watch_ref import run_ours, run_reference  # noqa: E402


@pytest.fixture(scope="module")
def ref_result(tmp_path_factory: pytest.TempPathFactory) -> dict:
    from reftools import ref_python_path

    ref_python_path()  # skips without the reference client
    return run_reference(tmp_path_factory.mktemp("ref"))


@pytest.fixture(scope="module")
def our_result(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return run_ours(tmp_path_factory.mktemp("ours"))


def _rows(result: dict, kind: str) -> list[dict]:
    rows = []
    for rec in result["records"]:
        if kind not in rec:
            continue
        items = rec[kind].get("item" if kind == "history" else "update", [])
        row = {tuple(i.get("nested_key") or [i["key"]]): i["value_json"] for i in items}
        rows.append({k: v for k, v in row.items()
                     if k[0] not in ("_runtime", "_timestamp") and k[:2] != ("_wandb", "runtime")})
    return rows


_TOPOLOGY = re.compile(r"^topology/\d+$")


def _names(names: list) -> list:
    return ["topology/ID" if _TOPOLOGY.match(n) else n for n in names]


def test_history_rows_identical(ref_result, our_result):
    ours, ref = _rows(our_result, "history"), _rows(ref_result, "history")
    assert len(ours) == len(ref) == 3
    for step, (mine, theirs) in enumerate(zip(ours, ref)):
        assert sorted(mine) == sorted(theirs), step
        for key in theirs:
            assert mine[key] == theirs[key], (step, key)
    keys = {k[0] for k in ref[0]}
    assert "gradients/2.1.bias" not in keys  # frozen parameter: no gradient hook
    assert "parameters/graph_3weight" not in keys and ("parameters/graph_3weight", "bins") in ref[1]


def test_hook_names_and_unwatch(ref_result, our_result):
    assert {k: _names(v) for k, v in our_result["names"].items()} == {
        k: _names(v) for k, v in ref_result["names"].items()}
    assert _names(our_result["handles"]) == _names(ref_result["handles"])
    for key in ("left", "before", "after_one", "after_all"):
        assert our_result[key] == ref_result[key], key
    assert set(our_result["after_all"]) == {0}


def test_graph_file_and_summary(ref_result, our_result):
    def norm_graph(graphs: dict) -> list:
        return [json.loads(re.sub(r'"id": \d+', '"id": 0', json.dumps(g))) for g in graphs.values()]

    assert norm_graph(our_result["graphs"]) == norm_graph(ref_result["graphs"])
    assert [re.sub(r"_[0-9a-f]{20}\.", "_H.", p) for p in our_result["graphs"]] == [
        "media/graph/graph_0_summary_H.graph.json"]

    def graph_summary(result: dict) -> dict:
        for row in _rows(result, "summary"):
            if ("graph_0",) in row:
                d = json.loads(row[("graph_0",)])
                d["sha256"] = "H"
                d["path"] = re.sub(r"_[0-9a-f]{20}\.", "_H.", d["path"])
                return d
        raise AssertionError("no graph_0 summary")

    assert graph_summary(our_result) == graph_summary(ref_result)
    assert list(graph_summary(ref_result)) == ["_type", "sha256", "size", "path"]


def test_watch_telemetry(ref_result, our_result):
    def features(result: dict) -> dict:
        tel = [r["telemetry"] for r in result["records"] if "telemetry" in r]
        return tel[-1].get("feature", {}) if tel else {}

    assert features(ref_result).get("watch") is True
    assert features(our_result).get("watch") is True
