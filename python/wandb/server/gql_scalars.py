"""Custom GraphQL scalars: JSONString, JSON, Int64, Duration, DateTime."""

from __future__ import annotations

import json
from typing import Any

from ariadne import ScalarType
from graphql import ValueNode, value_from_ast_untyped

json_string = ScalarType("JSONString")
json_raw = ScalarType("JSON")
int64 = ScalarType("Int64")
duration = ScalarType("Duration")
date_time = ScalarType("DateTime")


@json_string.serializer
def _ser_json_string(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))


@json_string.value_parser
def _parse_json_string(value: Any) -> Any:
    return value  # resolvers validate and decode


@json_string.literal_parser
def _lit_json_string(node: ValueNode, variables: Any = None) -> Any:
    return value_from_ast_untyped(node, variables)


@json_raw.serializer
def _ser_json(value: Any) -> Any:
    return value


@json_raw.value_parser
def _parse_json(value: Any) -> Any:
    return value


@json_raw.literal_parser
def _lit_json(node: ValueNode, variables: Any = None) -> Any:
    return value_from_ast_untyped(node, variables)


def _to_int(what: str, value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError(f"{what}: expected an integer, got a boolean")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.lstrip("-").isdigit():
        return int(value)
    raise ValueError(f"{what}: expected an integer, got {value!r}")


for _scalar, _name in ((int64, "Int64"), (duration, "Duration")):
    _scalar.set_serializer(lambda v, _n=_name: _to_int(_n, v))
    _scalar.set_value_parser(lambda v, _n=_name: _to_int(_n, v))
    _scalar.set_literal_parser(lambda node, variables=None, _n=_name: _to_int(_n, value_from_ast_untyped(node, variables)))


@date_time.serializer
def _ser_dt(value: Any) -> Any:
    return value


SCALARS = [json_string, json_raw, int64, duration, date_time]
