"""Column-at-a-time type checking for ``wandb.Table``.

wandb checks every added row against the table's typed dict, one value at a time. The result
for a column only depends on the column's values in order, so we check whole columns at once:
when every value has a simple type (number, string, boolean, timestamp, None) the outcome is
decided from the set of value classes alone; otherwise we fall back to assigning the values one
by one with the type system, which gives exactly wandb's result.
"""

from __future__ import annotations

from typing import Any, Dict, Optional, Sequence, Tuple

from . import _dtypes as d

# name of the simple Type for a Python class (numpy classes are added lazily)
_SIMPLE_NAME: Dict[type, str] = {
    type(None): "none",
    str: "string",
    int: "number",
    float: "number",
    bool: "boolean",
}
_SIMPLE_CLASS = {
    "none": d.NoneType,
    "string": d.StringType,
    "number": d.NumberType,
    "boolean": d.BooleanType,
    "timestamp": d.TimestampType,
}
_HANDLER_NAME = {d.NoneType: "none", d.StringType: "string", d.NumberType: "number",
                 d.BooleanType: "boolean", d.TimestampType: "timestamp"}


class ColumnTypeError(TypeError):
    """A value of a column cannot be assigned to the column's type."""

    def __init__(self, message: str, row_index: int) -> None:
        super().__init__(message)
        self.row_index = row_index


def _simple_name(cls: type) -> Optional[str]:
    name = _SIMPLE_NAME.get(cls)
    if name is not None:
        return name
    handler = d.TypeRegistry.types_by_class().get(cls)
    name = _HANDLER_NAME.get(handler) if handler is not None else None  # type: ignore[arg-type]
    if name is not None:
        _SIMPLE_NAME[cls] = name
    return name


def _simple_shape(col_type: d.Type) -> Optional[Tuple[bool, Optional[str]]]:
    """(optional, simple name or None for unknown) when ``col_type`` is one of
    Unknown, T, Union[None, Unknown] or Union[None, T]; else None."""
    cls = col_type.__class__
    if cls is d.UnknownType:
        return False, None
    name = _HANDLER_NAME.get(cls)  # type: ignore[arg-type]
    if name is not None and name != "none":
        return False, name
    if cls is d.UnionType:
        members = col_type.params["allowed_types"]
        if len(members) != 2:
            return None
        others = [m for m in members if m.__class__ is not d.NoneType]
        if len(others) != 1:
            return None
        other = others[0].__class__
        if other is d.UnknownType:
            return True, None
        name = _HANDLER_NAME.get(other)  # type: ignore[arg-type]
        if name is not None and name != "none":
            return True, name
    return None


def _is_any(col_type: d.Type) -> int:
    """1 for AnyType, 2 for Union[Any, None], else 0."""
    if col_type.__class__ is d.AnyType:
        return 1
    if col_type.__class__ is d.UnionType:
        members = col_type.params["allowed_types"]
        if len(members) == 2 and {m.__class__ for m in members} == {d.AnyType, d.NoneType}:
            return 2
    return 0


def accepted_classes(col_type: d.Type) -> frozenset:
    """Python classes whose values leave ``col_type`` unchanged when assigned (a fast check for
    single rows; anything else goes through ``assign_column``). Strings naming artifacts
    (``wandb-artifact://``) must still be checked by the caller."""
    any_kind = _is_any(col_type)
    if any_kind == 2:
        return _ALL_CLASSES
    shape = _simple_shape(col_type)
    if shape is None:
        return frozenset()
    optional, known = shape
    out = {type(None)} if optional else set()
    if known is not None:
        out.update(c for c, n in _SIMPLE_NAME.items() if n == known and (c is not float or optional))
    return frozenset(out)


class _AllClasses(frozenset):
    def __contains__(self, item: object) -> bool:
        return True


_ALL_CLASSES = _AllClasses()


def assign_one_by_one(col_type: d.Type, values: Sequence[Any], start: int = 0) -> d.Type:
    """Assign values in order (wandb's semantics); raises ``ColumnTypeError`` at the first bad one."""
    current = col_type
    for i, v in enumerate(values):
        nxt = current.assign(v)
        if nxt.__class__ is d.InvalidType:
            raise ColumnTypeError(current.explain(v), start + i)
        current = nxt
    return current


def assign_column(col_type: d.Type, values: Sequence[Any], classes: Optional[set] = None,
                  start: int = 0) -> d.Type:
    """The column type after assigning ``values`` (in order) to ``col_type``.

    ``classes`` may pass ``set(map(type, values))`` when already known.
    """
    if not values:
        return col_type
    if classes is None:
        classes = set(map(type, values))
    any_kind = _is_any(col_type)
    if any_kind == 2:
        return col_type
    names = set()
    for cls in classes:
        if cls is float:
            continue
        name = _simple_name(cls)
        if name is None:
            if any_kind == 1 and cls is not type(None):
                continue
            return assign_one_by_one(col_type, values, start)
        names.add(name)
    if str in classes and any(v.__class__ is str and v.startswith("wandb-artifact://") for v in values):
        return assign_one_by_one(col_type, values, start)  # artifact references have their own type
    if float in classes:
        # a float NaN counts as None (wandb's type_of), any other float as a number
        has_nan = has_real = False
        for v in values:
            if v.__class__ is float:
                if v != v:
                    has_nan = True
                else:
                    has_real = True
                if has_nan and has_real:
                    break
        if has_nan:
            names.add("none")
        if has_real:
            names.add("number")
    if any_kind == 1:
        if "none" in names:
            return assign_one_by_one(col_type, values, start)
        return col_type
    shape = _simple_shape(col_type)
    if shape is None:
        return assign_one_by_one(col_type, values, start)
    optional, known = shape
    non_none = names - {"none"}
    if "none" in names and not optional:
        return assign_one_by_one(col_type, values, start)  # raises at the first None
    if len(non_none) > 1 or (known is not None and non_none and non_none != {known}):
        return assign_one_by_one(col_type, values, start)  # raises at the first mismatch
    if known is not None or not non_none:
        return col_type
    (name,) = non_none
    simple = _SIMPLE_CLASS[name]()
    return d.OptionalType(simple) if optional else simple
