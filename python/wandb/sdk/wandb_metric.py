"""``Metric``: the object ``run.define_metric`` returns, and its MetricRecord JSON."""

from __future__ import annotations

from typing import Any, Callable, Optional, Sequence, Tuple

_GOAL_NAMES = {"min": "minimize", "max": "maximize"}
_GOAL_ENUM = {"min": 1, "max": 2}  # MetricGoal: GOAL_MINIMIZE=1, GOAL_MAXIMIZE=2
_SUMMARY_FLAGS = ("min", "max", "mean", "best", "last", "none", "copy", "first")
_SUMMARY_OPS = frozenset(_SUMMARY_FLAGS)


class Metric:
    """A metric definition made with ``run.define_metric``."""

    def __init__(
        self,
        name: str,
        step_metric: Optional[str] = None,
        step_sync: Optional[bool] = None,
        hidden: Optional[bool] = None,
        summary: Optional[Sequence[str]] = None,
        goal: Optional[str] = None,
        overwrite: Optional[bool] = None,
    ) -> None:
        self._callback: Optional[Callable[[dict], None]] = None
        self._name = name
        self._step_metric = step_metric
        # step_sync defaults to True when a step metric is given
        self._step_sync = step_sync if step_sync is not None else step_metric is not None
        self._hidden = hidden
        self._summary = list(summary) if summary is not None else None
        self._goal = goal  # "min" / "max" / None
        self._overwrite = overwrite

    def __repr__(self) -> str:
        return f"<Metric {self._name!r}>"

    def _set_callback(self, cb: Callable[[dict], None]) -> None:
        self._callback = cb

    @property
    def name(self) -> str:
        return self._name

    @property
    def step_metric(self) -> Optional[str]:
        return self._step_metric

    @property
    def step_sync(self) -> Optional[bool]:
        return self._step_sync

    @property
    def summary(self) -> Optional[Tuple[str, ...]]:
        return None if self._summary is None else tuple(self._summary)

    @property
    def hidden(self) -> Optional[bool]:
        return self._hidden

    @property
    def goal(self) -> Optional[str]:
        return _GOAL_NAMES[self._goal] if self._goal else None

    def _to_record(self) -> dict[str, Any]:
        """MetricRecord JSON (proto field names, enums as integers), notes §2.8."""
        rec: dict[str, Any] = {}
        if self._name.endswith("*"):
            rec["glob_name"] = self._name
        else:
            rec["name"] = self._name
        if self._step_metric:
            rec["step_metric"] = self._step_metric
        options: dict[str, bool] = {}
        if self._step_sync:
            options["step_sync"] = True
        if self._hidden:
            options["hidden"] = True
        options["defined"] = True
        rec["options"] = options
        if self._summary:
            flags = set(self._summary)
            rec["summary"] = {f: True for f in _SUMMARY_FLAGS if f in flags}
        if self._goal in _GOAL_ENUM:
            rec["goal"] = _GOAL_ENUM[self._goal]
        if self._overwrite:
            rec["_control"] = {"overwrite": True}
        return rec

    def _commit(self) -> None:
        if self._callback is not None:
            self._callback(self._to_record())


def build_metric(
    name: Any,
    step_metric: Any,
    step_sync: Any,
    hidden: Any,
    summary: Any,
    goal: Any,
    overwrite: Any,
    telemetry: Any,
) -> Metric:
    """Validate ``define_metric`` arguments exactly as wandb 0.21.3 does."""
    from wandb.errors import Error

    if not name:
        raise Error("define_metric() requires non-empty name argument")
    if isinstance(step_metric, Metric):
        step_metric = step_metric.name
    for arg_name, arg_val, exp_type in (
        ("name", name, str),
        ("step_metric", step_metric, str),
        ("step_sync", step_sync, bool),
        ("hidden", hidden, bool),
        ("summary", summary, str),
        ("goal", goal, str),
        ("overwrite", overwrite, bool),
    ):
        if arg_val is not None and not isinstance(arg_val, exp_type):
            raise Error(f"Unhandled define_metric() arg: {arg_name} type: {type(arg_val).__name__}")
    stripped = name[:-1] if name.endswith("*") else name
    if "*" in stripped:
        raise Error(f"Unhandled define_metric() arg: name (glob suffixes only): {name}")
    summary_ops = None
    if summary:
        summary_ops = []
        for op in (s.lower() for s in summary.split(",")):
            if op not in _SUMMARY_OPS:
                raise Error(f"Unhandled define_metric() arg: summary op: {op}")
            summary_ops.append(op)
        telemetry.set_feature("metric_summary")
    goal_short = None
    if goal is not None:
        goal_short = goal[:3].lower()
        if goal_short not in ("min", "max"):
            raise Error(f"Unhandled define_metric() arg: goal: {goal}")
        telemetry.set_feature("metric_goal")
    if hidden:
        telemetry.set_feature("metric_hidden")
    if step_sync:
        telemetry.set_feature("metric_step_sync")
    telemetry.set_feature("metric")
    return Metric(
        name=name,
        step_metric=step_metric,
        step_sync=step_sync,
        summary=summary_ops,
        hidden=hidden,
        goal=goal_short,
        overwrite=overwrite,
    )
