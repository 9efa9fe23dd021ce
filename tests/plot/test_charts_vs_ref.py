"""Charts compared with wandb 0.21.3 for the inputs of ``chart_cases.py``.

The reference runs the cases in a subprocess (``VIREO_REF_PYTHON``; it needs pandas and
scikit-learn there, as wandb's pr/roc curves do). We compare:

- in process (now): every config record (nested key and exact ``value_json`` text) and the
  columns/rows of every chart table;
- in a subprocess with our client (when ``wandb.Table`` is available): config records,
  normalized history rows and the table files.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from plot_helpers import FakeRun, real_table_available
from plot_ref import CASES_SOURCE, run_ours, run_reference

import wandb
from wandb.plot import _log_hook


@pytest.fixture(scope="module")
def ref_result(tmp_path_factory: pytest.TempPathFactory) -> dict:
    from reftools import ref_python_path

    ref_python_path()  # skips without the reference client
    return run_reference(tmp_path_factory.mktemp("ref"))


def _strict(value):
    """JSON text that tells ints from floats (1 vs 1.0)."""
    return json.dumps(value, default=lambda o: o.item() if hasattr(o, "item") else str(o))


def _config_items(records: list[dict]) -> list[tuple[list, str]]:
    out = []
    for r in records:
        for it in r.get("config", {}).get("update", []):
            path = it.get("nested_key") or [it.get("key")]
            if path[:2] in (["_wandb", "visualize"], ["_wandb", "viz"]):
                out.append((path, it["value_json"]))
    return out


def _history(records: list[dict]) -> list[dict]:
    rows = []
    for r in records:
        if "history" not in r:
            continue
        row: dict = {}
        for it in r["history"].get("item", []):
            path = it.get("nested_key") or [it["key"]]
            node = row
            for p in path[:-1]:
                node = node.setdefault(p, {})
            node[path[-1]] = json.loads(it["value_json"])
        for k in ("_runtime", "_timestamp"):
            row.pop(k, None)
        rows.append(row)
    return rows


def _our_cases(table_cls) -> list:
    ns: dict = {}
    exec(compile(CASES_SOURCE, "chart_cases.py", "exec"), ns)
    return ns["build"](wandb, np)


def test_config_records_match_reference(ref_result, table_cls):
    run = FakeRun()
    for key, chart in _our_cases(table_cls):
        _log_hook.chart_row_hook(run, {key: chart})
    ours = _config_items(run.records)
    theirs = _config_items(ref_result["records"])
    assert [p for p, _ in ours] == [p for p, _ in theirs]
    for (path, mine), (_, ref) in zip(ours, theirs):
        assert mine == ref, path


def test_table_contents_match_reference(ref_result, table_cls):
    ref_rows = _history(ref_result["records"])
    seen_paths: dict = {}
    for step, (key, chart) in enumerate(_our_cases(table_cls)):
        row = _log_hook.chart_row_hook(FakeRun(), {key: chart})
        ((table_key, table),) = [(k, v) for k, v in row.items() if k.endswith("_table")]
        descriptor = ref_rows[step][table_key]
        assert descriptor["_type"] == "table-file"
        ref_table = ref_result["tables"][descriptor["path"]]
        assert table.columns == ref_table["columns"], key
        assert _strict([list(r) for r in table.data]) == _strict(ref_table["data"]), key
        seen_paths[key] = descriptor["path"]
    assert len(seen_paths) == len(_our_cases(table_cls))


_HASHY = re.compile(r"_[0-9a-f]{20}\.table\.json$")


def _normalize_descriptor(d: dict) -> dict:
    d = dict(d)
    for k in ("artifact_path", "_latest_artifact_path"):
        if k in d:
            d[k] = re.sub(r"wandb-client-artifact://[a-z0-9]+", "wandb-client-artifact://ID", d[k])
    if "path" in d:
        d["path"] = _HASHY.sub("_HASH.table.json", d["path"])
    d.pop("sha256", None)
    return d


def _normalize_row(row: dict) -> dict:
    return {k: _normalize_descriptor(v) if isinstance(v, dict) and v.get("_type") else v
            for k, v in row.items()}


@pytest.mark.skipif(not real_table_available(), reason="wandb.Table is not available yet")
def test_full_run_matches_reference(ref_result, tmp_path: Path):
    ours = run_ours(tmp_path / "ours")
    assert _config_items(ours["records"]) == _config_items(ref_result["records"])
    our_rows = [_normalize_row(r) for r in _history(ours["records"])]
    ref_rows = [_normalize_row(r) for r in _history(ref_result["records"])]
    assert ours["tables"] == ref_result["tables"]  # same file names (hashes included) and contents
    assert _without_artifacts(our_rows) == _without_artifacts(ref_rows)
    assert our_rows == ref_rows


def _without_artifacts(rows: list[dict]) -> list[dict]:
    return [
        {k: ({kk: vv for kk, vv in v.items() if kk not in ("artifact_path", "_latest_artifact_path")}
             if isinstance(v, dict) and v.get("_type") else v)
         for k, v in row.items()}
        for row in rows
    ]
