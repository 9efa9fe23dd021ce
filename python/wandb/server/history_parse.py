"""Fast validation of ``wandb-history.jsonl`` lines (the file_stream hot path).

A logging loop sends thousands of lines with the same keys and value types, differing only
in the numbers. The first line of each such *shape* is parsed with ``json``; from it a regular
expression is compiled that accepts exactly the lines of that shape (literal keys, in order,
each followed by a value of its JSON type) and captures ``_step``. Later lines are checked by
that expression (C code, no Python objects built for the values) instead of being parsed.
Lines of any other shape (nested values, lists, whitespace, duplicate keys, other key order)
are parsed as usual, so what is accepted and stored is the same as with ``json.loads``.
"""

from __future__ import annotations

import json
import re
from json.decoder import JSONDecoder
from json.scanner import make_scanner
from typing import Callable, Optional

from wandb.server.errors import ClientError

HistoryRow = tuple  # (line number, step or None, text)

# A JSON number as Python's json module reads it (NaN / Infinity included). Integers are
# bounded well below Python's int-from-string digit limit: longer ones take the parse path.
_NUM = r"(?:-?(?:0|[1-9][0-9]{0,999})(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?|NaN|-?Infinity)"
_STR = r'"(?:[^"\\\x00-\x1f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"'
_INT = re.compile(r"-?(?:0|[1-9][0-9]*)").fullmatch
_SCAN = make_scanner(JSONDecoder())  # the C scanner behind json.loads, without its wrapper
_MAX_SHAPES = 8  # per request; lines of rarer shapes are parsed

Shape = tuple  # (fullmatch, representative object, captures _step)


def _value_pattern(v: object) -> Optional[str]:
    ty = type(v)
    if ty is float or ty is int:
        return _NUM
    if ty is bool:
        return "(?:true|false)"
    if v is None:
        return "null"
    if ty is str:
        return _STR
    return None  # objects and lists: always parsed


def shape_of(obj: dict) -> Optional[tuple[str, dict, bool]]:
    """``(pattern, obj, captures _step)`` for lines shaped like ``obj`` (None when nested)."""
    parts = []
    step = False
    for k, v in obj.items():
        pat = _value_pattern(v)
        if pat is None:
            return None
        key = re.escape(json.dumps(k, ensure_ascii=False)) + ":"
        if k == "_step" and pat is _NUM:
            parts.append(key + "(" + pat + ")")
            step = True
        else:
            parts.append(key + pat)
    return r"\{" + ",".join(parts) + r"\}", obj, step


def parse_line(what: str, line: str) -> dict:
    """One line as a dict; ClientError (400) when it is not a JSON object."""
    try:
        obj, end = _SCAN(line, 0)
        if end != len(line):
            raise ValueError
    except (StopIteration, ValueError):
        try:
            obj = json.loads(line)  # surrounding whitespace, or the parse error's message
        except ValueError as e:
            raise ClientError(f"{what}: line is not valid JSON ({e})") from None
    if type(obj) is not dict:
        raise ClientError(f"{what}: each line must be a JSON object")
    return obj


def history_rows(what: str, offset: int, content: list[str]) -> tuple[list[HistoryRow], list[dict]]:
    """``(rows, objects)``: a ``(line, step, text)`` row per line and, in parallel, an object
    with that line's keys and value types (the line itself, or a line of the same shape)."""
    rows: list[HistoryRow] = []
    objs: list[dict] = []
    add_row = rows.append
    add_obj = objs.append
    shapes: list[Shape] = []
    tried: set[str] = set()
    ints: Callable = _INT
    ln = offset
    for line in content:
        for i, (match, rep, has_step) in enumerate(shapes):
            m = match(line)
            if m is not None:
                step = None
                if has_step:
                    tok = m[1]
                    step = int(tok) if tok.isdigit() or ints(tok) else None
                add_row((ln, step, line))
                add_obj(rep)
                if i:
                    shapes.insert(0, shapes.pop(i))
                break
        else:
            obj = parse_line(what, line)
            step = obj.get("_step")
            add_row((ln, step if type(step) is int else None, line))
            add_obj(obj)
            if len(tried) < _MAX_SHAPES:
                shape = shape_of(obj)
                if shape is not None and shape[0] not in tried:
                    tried.add(shape[0])
                    shapes.insert(0, (re.compile(shape[0]).fullmatch, obj, shape[2]))
        ln += 1
    return rows, objs
