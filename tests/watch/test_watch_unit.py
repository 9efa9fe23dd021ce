"""``run.watch`` / ``unwatch`` in process: errors, histograms, log_freq, idx, unwatch."""

from __future__ import annotations

import json

import pytest

torch = pytest.importorskip("torch")

import wandb  # noqa: E402
from wandb.integration.torch import wandb_torch  # noqa: E402
from wandb.sdk import wandb_watch  # noqa: E402


def _history(run) -> list[dict]:
    from wandb.sdk import internal_core

    rows = []
    for _off, text in internal_core.read_records(run.settings.sync_file):
        rec = json.loads(text)
        if "history" in rec:
            row: dict = {}
            for it in rec["history"]["item"]:
                path = it.get("nested_key") or [it["key"]]
                node = row
                for p in path[:-1]:
                    node = node.setdefault(p, {})
                node[path[-1]] = json.loads(it["value_json"])
            rows.append(row)
    return rows


def _train(model, steps, run):
    first = model[0] if isinstance(model, torch.nn.Sequential) else model
    x = torch.randn(2, first.in_features, generator=torch.Generator().manual_seed(0))
    for _ in range(steps):
        model.zero_grad()
        model(x).sum().backward()
        run.log({"s": 1})


# -- histograms ----------------------------------------------------------------------------

def test_histogram_has_64_bins_from_min_to_max():
    counts, edges = wandb_torch.tensor_histogram(torch.arange(10, dtype=torch.float32))
    assert len(counts) == 64 and len(edges) == 65
    assert sum(counts) == 10 and all(isinstance(c, float) for c in counts)
    assert edges[0] == 0.0 and edges[-1] == 9.0
    assert edges == torch.linspace(0, 9, 65).tolist()


def test_constant_and_all_zero_tensors_give_one_bin():
    assert wandb_torch.tensor_histogram(torch.zeros(3, 4)) == ([12.0], [0.0, 0.0])
    assert wandb_torch.tensor_histogram(torch.full((5,), 0.1)) == (
        [5.0], [torch.tensor(0.1).item(), torch.tensor(0.1).item()])


def test_non_finite_values():
    assert wandb_torch.tensor_histogram(torch.tensor([float("nan")] * 3)) is None
    assert wandb_torch.tensor_histogram(torch.tensor([float("inf"), float("-inf")])) is None
    assert wandb_torch.tensor_histogram(torch.zeros(0)) is None
    counts, edges = wandb_torch.tensor_histogram(torch.tensor([1.0, float("nan"), 3.0, float("inf")]))
    assert sum(counts) == 2 and edges[0] == 1.0 and edges[-1] == 3.0


def test_integer_and_half_tensors_are_cast_to_float32():
    counts, edges = wandb_torch.tensor_histogram(torch.tensor([1, 2, 3]))
    assert sum(counts) == 3 and edges[-1] == 3.0
    counts, _ = wandb_torch.tensor_histogram(torch.tensor([0.5, 1.5], dtype=torch.float16))
    assert sum(counts) == 2


def test_sparse_zeros_counted_in_zero_bin():
    dense = torch.tensor([0.0, 0.0, 2.0, 4.0])
    counts, edges = wandb_torch.tensor_histogram(dense.to_sparse())
    assert sum(counts) == 4 and edges[0] == 0.0 and counts[0] == 2.0


def test_log_track_every_n():
    track = wandb_torch.LogTrack(3)
    assert [track.due() for _ in range(7)] == [False, False, True, False, False, True, False]


# -- errors --------------------------------------------------------------------------------

def test_watch_before_init_raises(isolated_wandb_env):
    with pytest.raises(wandb.Error, match=r"wandb.init\(\) before wandb.watch\(\)"):
        wandb.watch(torch.nn.Linear(2, 1))
    with pytest.raises(wandb.Error, match=r"wandb.init\(\) before wandb.watch\(\)"):
        wandb_watch.watch(torch.nn.Linear(2, 1))


def test_invalid_log_value(offline_run):
    with pytest.raises(ValueError, match="log must be one of 'gradients', 'parameters', 'all', or None"):
        offline_run.watch(torch.nn.Linear(2, 1), log="weights")


def test_non_module(offline_run):
    with pytest.raises(TypeError, match=r"Expected a pytorch model \(torch.nn.Module\). Received <class 'str'>"):
        offline_run.watch("model")
    with pytest.raises(ValueError, match="Expected a pytorch model"):  # as documented
        offline_run.watch([torch.nn.Linear(2, 1), 3])


def test_same_hook_name_twice(offline_run):
    model = torch.nn.Linear(2, 1)
    offline_run.watch(model, idx=5)
    with pytest.raises(ValueError, match='A hook has already been set under name "gradients/graph_5weight"'):
        offline_run.watch(model, idx=5)


def test_log_graph_twice(offline_run):
    model = torch.nn.Sequential(torch.nn.Linear(2, 1))
    offline_run.watch(model, log=None, log_graph=True)
    with pytest.raises(ValueError, match="You can only call `wandb.watch` once per model"):
        offline_run.watch(model, log=None, log_graph=True)


# -- logging -------------------------------------------------------------------------------

def test_gradients_default_every_log_freq(offline_run):
    model = torch.nn.Linear(3, 1)
    offline_run.watch(model, log_freq=2, idx=0)
    assert model._wandb_hook_names == ["gradients/weight", "gradients/bias"]
    _train(model, 4, offline_run)
    offline_run.finish()
    rows = _history(offline_run)
    have = [sorted(k for k in r if k.startswith("gradients/")) for r in rows]
    assert have == [[], ["gradients/bias", "gradients/weight"], [], ["gradients/bias", "gradients/weight"]]
    hist = rows[1]["gradients/weight"]
    assert hist["_type"] == "histogram" and len(hist["values"]) == 64 and len(hist["bins"]) == 65
    # one-element gradient (d sum / db = batch size 2): one bin holding 1 value
    assert rows[1]["gradients/bias"] == {"_type": "histogram", "values": [1], "bins": [2, 2]}


def test_parameters_only_and_idx_prefix(offline_run):
    a, b = torch.nn.Linear(3, 1), torch.nn.Linear(3, 1)
    offline_run.watch([a, b], log="parameters", log_freq=1, idx=0)
    assert a._wandb_hook_names == ["parameters/"]
    assert b._wandb_hook_names == ["parameters/graph_1"]
    x = torch.ones(1, 3)
    a(x), b(x)
    offline_run.log({"s": 1})
    offline_run.finish()
    (row,) = _history(offline_run)
    assert sorted(k for k in row if "/" in k) == [
        "parameters/bias", "parameters/graph_1bias", "parameters/graph_1weight", "parameters/weight"]


def test_log_none_registers_nothing(offline_run):
    model = torch.nn.Linear(3, 1)
    offline_run.watch(model, log=None)
    assert not hasattr(model, "_wandb_hook_names")
    assert not model._forward_hooks


def test_unwatch_removes_hooks(offline_run, capsys):
    model = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.Linear(2, 1))
    offline_run.watch(model, log="all", log_freq=1, log_graph=True)
    assert len(model._forward_hooks) == 1
    assert all(len(m._forward_hooks) == 1 for m in model)
    offline_run.unwatch(model)
    assert not hasattr(model, "_wandb_hook_names")
    assert not model._forward_hooks and not any(m._forward_hooks for m in model)
    assert offline_run._torch._hook_handles == {}
    _train(model, 1, offline_run)
    offline_run.unwatch(torch.nn.Linear(1, 1))
    assert "model has not been watched" in capsys.readouterr().err
    offline_run.finish()
    assert not any(k.startswith(("gradients/", "parameters/")) for r in _history(offline_run) for k in r)


def test_unwatch_all(offline_run):
    a, b = torch.nn.Linear(2, 1), torch.nn.Linear(2, 1)
    offline_run.watch([a, b], log="all")
    offline_run.unwatch()
    assert offline_run._torch._hook_handles == {}
    assert not a._forward_hooks and not b._forward_hooks
    a.zero_grad()
    a(torch.ones(1, 2)).sum().backward()  # no hook left to fire


def test_global_wandb_watch_binds_to_run(offline_run):
    model = torch.nn.Linear(2, 1)
    wandb.watch(model, log="parameters")
    assert model._wandb_hook_names[0].startswith("parameters/")
    wandb.unwatch(model)
    assert not model._forward_hooks
