"""Table constructions whose column types (or errors) are compared with wandb 0.21.3.

Run as a script by either interpreter: prints JSON of the results.
"""
import json, datetime
import numpy as np
import wandb
CASES = [
 ("ints", dict(columns=["a"], data=[[1],[2]])),
 ("nan_only", dict(columns=["a"], data=[[float("nan")],[float("nan")]])),
 ("nan_num", dict(columns=["a"], data=[[float("nan")],[1.5]])),
 ("np_nan", dict(columns=["a"], data=[[np.float64("nan")],[1.5]])),
 ("none_then_str", dict(columns=["a","b"], data=[[None,1],["x",2]])),
 ("mixed", dict(columns=["a"], data=[[1],["x"]])),
 ("mixed_allowed", dict(columns=["a"], data=[[1],["x"],[None]], allow_mixed_types=True)),
 ("nonopt_none", dict(columns=["a"], data=[[1],[None]], optional=False)),
 ("nonopt", dict(columns=["a","b"], data=[[1,"s"],[2,"t"]], optional=False)),
 ("opt_list", dict(columns=["a","b"], data=[[1,"s"],[None,None]], optional=[True, False])),
 ("bool_int", dict(columns=["a"], data=[[True],[1]])),
 ("lists", dict(columns=["a"], data=[[[1,2]],[[3,4,5]]])),
 ("lists_none", dict(columns=["a"], data=[[[1,None]],[[3,4]]])),
 ("list_mixed", dict(columns=["a"], data=[[[1,"x"]]])),
 ("dicts", dict(columns=["a"], data=[[{"x":1}],[{"x":2,"y":"s"}]])),
 ("dicts2", dict(columns=["a"], data=[[{"x":1,"y":"s"}],[{"x":2}]])),
 ("nd", dict(columns=["a"], data=[[np.zeros((2,3))],[np.ones((2,3))]])),
 ("nd_bad", dict(columns=["a"], data=[[np.zeros((2,3))],[np.ones((3,3))]])),
 ("dates", dict(columns=["a","b"], data=[[datetime.datetime(2020,1,2,3,4,5), datetime.date(2021,1,1)],[np.datetime64("2020-01-01"), None]])),
 ("obj", dict(columns=["a"], data=[[object()],[object()]])),
 ("npcols", dict(columns=["a","b","c"], data=np.arange(6).reshape(2,3))),
 ("npfloat", dict(columns=["a","b"], data=np.array([[1.5, np.nan],[2.0,3.0]]))),
 ("dtype_str", dict(columns=["a"], data=[["x"]], dtype=str)),
 ("dtype_list", dict(columns=["a","b"], data=[["x", 1]], dtype=[str, int])),
 ("dtype_bad", dict(columns=["a"], data=[[1]], dtype=str)),
 ("empty", dict(columns=["a","b"])),
 ("default_cols", dict(data=[[1,2,3]])),
 ("tuples", dict(columns=["a"], data=[[(1,2)],[(3,4)]])),
 ("sets", dict(columns=["a"], data=[[{1,2}]])),
 ("int_cols", dict(columns=[1,2], data=[[1,"a"]])),
 ("const", dict(columns=["a"], data=[[1]], dtype=[[1,2]])),
 ("nested_list", dict(columns=["a"], data=[[[[1,2],[3,4]]],[[[1,2]]]])),
 ("artifact_str", dict(columns=["a"], data=[["wandb-artifact://x"]])),
 ("long_str_num", dict(columns=["a","b"], data=[["a", 1.0]]*5 + [["b", 2]])),
 ("complex", dict(columns=["a"], data=[[np.complex64(1+2j)]])),
 ("npbool", dict(columns=["a"], data=[[np.bool_(True)],[False]])),
]
import random as _random

_POOL = [1, 2.5, float("nan"), None, "s", True, np.int32(3), np.float64("nan"), np.bool_(False), [1, 2],
         {"a": 1}, datetime.date(2020, 1, 1), np.arange(2)]
_rng = _random.Random(1234)
for _i in range(60):
    _ncols = _rng.randint(1, 3)
    _kinds = [_rng.sample(range(len(_POOL)), _rng.randint(1, 2)) for _ in range(_ncols)]
    _rows = [[_POOL[_rng.choice(k)] for k in _kinds] for _ in range(_rng.randint(1, 5))]
    _kw = dict(columns=[f"c{j}" for j in range(_ncols)], data=_rows)
    if _rng.random() < 0.3:
        _kw["optional"] = False
    CASES.append((f"fuzz{_i}", _kw))

out = {}
for name, kw in CASES:
    try:
        t = wandb.Table(**kw)
        out[name] = {"types": t._column_types.to_json(), "columns": t.columns, "nrows": len(t.data)}
    except Exception as e:
        out[name] = {"error": type(e).__name__, "msg": str(e)}
for name, kw in CASES:  # the same rows added one at a time with add_data
    if not isinstance(kw.get("data"), list):
        continue
    kw = dict(kw)
    rows = kw.pop("data")
    try:
        t = wandb.Table(**kw)
        for r in rows:
            t.add_data(*r)
        out[name + "_rows"] = {"types": t._column_types.to_json(), "columns": t.columns, "nrows": len(t.data)}
    except Exception as e:
        out[name + "_rows"] = {"error": type(e).__name__, "msg": str(e)}
print(json.dumps(out, sort_keys=True, default=str, indent=1))
