"""The column type system of W&B Tables (``column_types`` in a table's artifact JSON).

Each ``Type`` has a ``name`` (written as ``wb_type``) and ``params``. Assigning a value (or
another type) to a type either refines it or yields ``InvalidType``; a Table keeps one type per
column and rejects rows whose values cannot be assigned. The JSON form is what wandb 0.21.3
writes: ``{"wb_type": <name>, "params": {...}}`` with ``params`` left out when empty.

numpy is optional and only looked up when a value's class is not already known.
"""

from __future__ import annotations

import datetime as _dt
import math
import typing as t

if t.TYPE_CHECKING:  # pragma: no cover
    from wandb.sdk.artifacts.artifact import Artifact

ConvertibleToType = t.Any

_ARTIFACT_URI_PREFIX = "wandb-artifact://"


def _numpy() -> t.Any:
    try:
        import numpy

        return numpy
    except ImportError:  # pragma: no cover
        return None


def _is_ndarray(obj: t.Any) -> bool:
    import sys

    np = sys.modules.get("numpy")
    return np is not None and isinstance(obj, np.ndarray)


class TypeRegistry:
    """Maps type names and Python classes to ``Type`` subclasses."""

    _by_name: t.Dict[str, t.Type["Type"]] = {}
    _by_class: t.Dict[type, t.Type["Type"]] = {}
    _numpy_added = False

    @staticmethod
    def types_by_name() -> t.Dict[str, t.Type["Type"]]:
        return TypeRegistry._by_name

    @staticmethod
    def types_by_class() -> t.Dict[type, t.Type["Type"]]:
        TypeRegistry._ensure_numpy()
        return TypeRegistry._by_class

    @staticmethod
    def add(wb_type: t.Type["Type"]) -> None:
        """Register a ``Type`` subclass under its name, legacy names and Python classes."""
        if not (isinstance(wb_type, type) and issubclass(wb_type, Type)):
            raise TypeError(f"wb_type must be a subclass of Type, got {wb_type!r}")
        TypeRegistry._by_name[wb_type.name] = wb_type
        for legacy in wb_type.legacy_names:
            TypeRegistry._by_name[legacy] = wb_type
        for cls in wb_type.types:
            TypeRegistry._by_class[cls] = wb_type

    @staticmethod
    def _ensure_numpy() -> None:
        """Register numpy's scalar and array classes the first time they may be needed."""
        if TypeRegistry._numpy_added:
            return
        import sys

        np = sys.modules.get("numpy")
        if np is None:
            return
        TypeRegistry._numpy_added = True
        number_names = [
            "byte", "short", "ushort", "intc", "uintc", "int_", "uint", "longlong",
            "ulonglong", "half", "float16", "single", "double", "longdouble", "csingle",
            "cdouble", "clongdouble", "int8", "int16", "int32", "int64", "uint8", "uint16",
            "uint32", "uint64", "intp", "uintp", "float32", "float64", "complex64",
            "complex128", "float_", "complex_",
        ]
        for nm in number_names:
            cls = getattr(np, nm, None)
            if isinstance(cls, type) and cls not in NumberType.types:
                NumberType.types.append(cls)
        if np.datetime64 not in TimestampType.types:
            TimestampType.types.append(np.datetime64)
        if np.bool_ not in BooleanType.types:
            BooleanType.types.append(np.bool_)
        if np.ndarray not in NDArrayType.types:
            NDArrayType.types.append(np.ndarray)
        for wb in (NumberType, TimestampType, BooleanType, NDArrayType):
            for cls in wb.types:
                TypeRegistry._by_class.setdefault(cls, wb)

    @staticmethod
    def type_of(py_obj: t.Any) -> "Type":
        """The most specific ``Type`` describing ``py_obj``."""
        cls = py_obj.__class__
        if cls is float and math.isnan(py_obj):
            return NoneType()
        if (cls is str and py_obj.startswith(_ARTIFACT_URI_PREFIX)) or (
            cls is dict and py_obj.get("_type") == "artifactVersion"
        ):
            art_type = TypeRegistry._by_name.get("artifactVersion")
            if art_type is not None:
                return art_type()
        handler = TypeRegistry._by_class.get(cls)
        if handler is None and not TypeRegistry._numpy_added:
            TypeRegistry._ensure_numpy()
            handler = TypeRegistry._by_class.get(cls)
        if handler is not None:
            return handler.from_obj(py_obj)
        return PythonObjectType.from_obj(py_obj)

    @staticmethod
    def type_from_dict(json_dict: t.Dict[str, t.Any], artifact: t.Optional["Artifact"] = None) -> "Type":
        """Rebuild a ``Type`` from its JSON form."""
        name = json_dict.get("wb_type")
        if name is None:
            raise TypeError("json_dict must contain a `wb_type` key")
        handler = TypeRegistry._by_name.get(name)
        if handler is None:
            raise TypeError(f"no type registered for wb_type {name!r}")
        return handler.from_json(json_dict, artifact)

    @staticmethod
    def type_from_dtype(dtype: ConvertibleToType) -> "Type":
        """A ``Type`` from a dtype given by the user.

        Accepts a ``Type`` instance or subclass, a Python class, a list (one element: a list
        type; several: a union), a dict (typed dict) or any other value (a constant).
        """
        if isinstance(dtype, Type):
            return dtype
        if isinstance(dtype, type):
            if issubclass(dtype, Type):
                return dtype()
            handler = TypeRegistry.types_by_class().get(dtype)
            if handler is not None:
                return handler()
            return PythonObjectType.from_obj(dtype)
        if isinstance(dtype, list):
            if not dtype:
                return ListType()
            if len(dtype) == 1:
                return ListType(TypeRegistry.type_from_dtype(dtype[0]))
            return UnionType([TypeRegistry.type_from_dtype(d) for d in dtype])
        if isinstance(dtype, dict):
            return TypedDictType({k: TypeRegistry.type_from_dtype(v) for k, v in dtype.items()})
        return ConstType(dtype)


def _params_to_json(value: t.Any, artifact: t.Any = None) -> t.Any:
    cls = value.__class__
    if cls is dict:
        return {k: _params_to_json(v, artifact) for k, v in value.items()}
    if cls in (list, tuple, set, frozenset):
        return [_params_to_json(v, artifact) for v in value]
    if isinstance(value, Type):
        return value.to_json(artifact)
    return value


def _params_from_json(value: t.Any, artifact: t.Any = None) -> t.Any:
    cls = value.__class__
    if cls is dict:
        if "wb_type" in value:
            return TypeRegistry.type_from_dict(value, artifact)
        return {k: _params_from_json(v, artifact) for k, v in value.items()}
    if cls is list:
        return [_params_from_json(v, artifact) for v in value]
    return value


class Type:
    """Base of all column types: a ``name`` plus ``params``; compares by both."""

    name: t.ClassVar[str] = ""
    legacy_names: t.ClassVar[t.List[str]] = []
    types: t.ClassVar[t.List[type]] = []

    _params: t.Dict[str, t.Any]

    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
        pass

    @property
    def params(self) -> t.Dict[str, t.Any]:
        p = self.__dict__.get("_params")
        if p is None:
            p = self._params = {}
        return p

    def assign(self, py_obj: t.Any = None) -> "Type":
        """The type that results from assigning ``py_obj`` (``InvalidType`` when not allowed)."""
        return self.assign_type(TypeRegistry.type_of(py_obj))

    def assign_type(self, wb_type: "Type") -> "Type":
        if isinstance(wb_type, self.__class__) and self.params == wb_type.params:
            return self
        return InvalidType()

    def to_json(self, artifact: t.Any = None) -> t.Dict[str, t.Any]:
        out: t.Dict[str, t.Any] = {"wb_type": self.name}
        params = _params_to_json(self.params, artifact)
        if params:
            out["params"] = params
        return out

    @classmethod
    def from_json(cls, json_dict: t.Dict[str, t.Any], artifact: t.Any = None) -> "Type":
        return cls(**_params_from_json(json_dict.get("params", {}), artifact))

    @classmethod
    def from_obj(cls, py_obj: t.Any = None) -> "Type":
        return cls()

    def explain(self, other: t.Any, depth: int = 0) -> str:
        """Why ``other`` cannot be assigned to this type (for error messages)."""
        other_type = TypeRegistry.type_of(other)
        gap = "\t" * depth
        if depth > 0:
            return f"{gap}{other_type} not assignable to {self}"
        return f"{gap}{other} of type {other_type} is not assignable to {self}"

    def __repr__(self) -> str:
        text = self.name.capitalize()
        if self.params:
            text += "(" + ", ".join(f"{k}:{v}" for k, v in self.params.items()) + ")"
        return text

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if not isinstance(other, Type) or self.name != other.name:
            return False
        mine, theirs = self.params, other.params
        return mine.keys() == theirs.keys() and all(mine[k] == theirs[k] for k in mine)

    __hash__ = None  # type: ignore[assignment]


class InvalidType(Type):
    """The result of a disallowed assignment; absorbs everything."""

    name = "invalid"
    types: t.ClassVar[t.List[type]] = []

    def assign_type(self, wb_type: Type) -> Type:
        return self


class AnyType(Type):
    """Accepts any non-None value."""

    name = "any"
    types: t.ClassVar[t.List[type]] = []

    def assign_type(self, wb_type: Type) -> Type:
        if isinstance(wb_type, (NoneType, InvalidType)):
            return InvalidType()
        return self


class UnknownType(Type):
    """Not known yet: becomes the type of the first non-None value assigned."""

    name = "unknown"
    types: t.ClassVar[t.List[type]] = []

    def assign_type(self, wb_type: Type) -> Type:
        return InvalidType() if isinstance(wb_type, NoneType) else wb_type


class NoneType(Type):
    name = "none"
    types: t.ClassVar[t.List[type]] = [type(None)]


class StringType(Type):
    name = "string"
    types: t.ClassVar[t.List[type]] = [str]


class NumberType(Type):
    name = "number"
    types: t.ClassVar[t.List[type]] = [int, float]


class TimestampType(Type):
    name = "timestamp"
    types: t.ClassVar[t.List[type]] = [_dt.datetime, _dt.date]


class BooleanType(Type):
    name = "boolean"
    types: t.ClassVar[t.List[type]] = [bool]


class PythonObjectType(Type):
    """Fallback for values of unregistered classes: remembers the class name."""

    name = "pythonObject"
    legacy_names = ["object"]
    types: t.ClassVar[t.List[type]] = []

    def __init__(self, class_name: str) -> None:
        self.params["class_name"] = class_name

    @classmethod
    def from_obj(cls, py_obj: t.Any = None) -> "PythonObjectType":
        return cls(py_obj.__class__.__name__)


class ConstType(Type):
    """A constant value (primitives, lists and sets)."""

    name = "const"
    types: t.ClassVar[t.List[type]] = []

    def __init__(self, val: t.Any = None, is_set: t.Optional[bool] = False) -> None:
        if is_set or isinstance(val, set):
            if not isinstance(val, (set, list)):
                raise TypeError("ConstType with is_set=True needs a set or list value")
            is_set = True
            val = set(val)
        self.params.update({"val": val, "is_set": is_set})

    def assign(self, py_obj: t.Any = None) -> Type:
        return self.assign_type(ConstType(py_obj))

    @classmethod
    def from_obj(cls, py_obj: t.Any = None) -> "ConstType":
        return cls(py_obj)

    def __repr__(self) -> str:
        return str(self.params["val"])


def _flatten_unions(types: t.Iterable[Type]) -> t.List[Type]:
    out: t.List[Type] = []
    for typ in types:
        if isinstance(typ, UnionType):
            out.extend(_flatten_unions(typ.params["allowed_types"]))
        else:
            out.append(typ)
    return out


def _union_resolve(allowed: t.List[Type], incoming: t.Any, type_mode: bool) -> t.Any:
    """Assign ``incoming`` (a value, or a Type when ``type_mode``) to the first member of a
    union that accepts it; an ``UnknownType`` member takes it when none does.

    Returns the new member list (flattened, sorted by text) or an ``InvalidType``.
    """
    result: t.List[Type] = []
    matched = False
    unknowns = 0
    for member in allowed:
        if matched:
            result.append(member)
            continue
        if isinstance(member, UnknownType):
            unknowns += 1
            continue
        got = member.assign_type(incoming) if type_mode else member.assign(incoming)
        if isinstance(got, InvalidType):
            result.append(member)
        else:
            result.append(got)
            matched = True
    if not matched:
        if unknowns == 0:
            return InvalidType()
        new_member = incoming if type_mode else UnknownType().assign(incoming)
        if isinstance(new_member, InvalidType):
            return InvalidType()
        result.append(new_member)
        unknowns -= 1
    result.extend(UnknownType() for _ in range(unknowns))
    result = _flatten_unions(result)
    result.sort(key=str)
    return result


class UnionType(Type):
    """One of several types (kept flat and sorted by their text form)."""

    name = "union"
    types: t.ClassVar[t.List[type]] = []

    def __init__(self, allowed_types: t.Optional[t.List[ConvertibleToType]] = None) -> None:
        if allowed_types is not None and allowed_types.__class__ is not list:
            raise TypeError("allowed_types must be a list")
        members = _flatten_unions(TypeRegistry.type_from_dtype(d) for d in (allowed_types or []))
        members.sort(key=str)
        self.params["allowed_types"] = members

    def assign(self, py_obj: t.Any = None) -> Type:
        got = _union_resolve(self.params["allowed_types"], py_obj, type_mode=False)
        return got if isinstance(got, InvalidType) else self.__class__(got)

    def assign_type(self, wb_type: Type) -> Type:
        incoming = wb_type.params["allowed_types"] if isinstance(wb_type, UnionType) else [wb_type]
        members = self.params["allowed_types"]
        for one in incoming:
            members = _union_resolve(members, one, type_mode=True)
            if isinstance(members, InvalidType):
                return members
        return self.__class__(members)

    def explain(self, other: t.Any, depth: int = 0) -> str:
        text = super().explain(other, depth)
        for i, member in enumerate(self.params["allowed_types"]):
            if i:
                text += "\n" + "\t" * depth + "and"
            text += "\n" + member.explain(other, depth=depth + 1)
        return text

    def __repr__(self) -> str:
        return " or ".join(str(m) for m in self.params["allowed_types"])


def OptionalType(dtype: ConvertibleToType) -> UnionType:  # noqa: N802 (wandb's name)
    """``dtype`` or None."""
    return UnionType([TypeRegistry.type_from_dtype(dtype), NoneType()])


class ListType(Type):
    """A list (tuple, set) whose elements share one type."""

    name = "list"
    types: t.ClassVar[t.List[type]] = [list, tuple, set, frozenset]

    def __init__(self, element_type: t.Optional[ConvertibleToType] = None, length: t.Optional[int] = None) -> None:
        elem = UnknownType() if element_type is None else TypeRegistry.type_from_dtype(element_type)
        self.params.update({"element_type": elem, "length": length})

    @classmethod
    def from_obj(cls, py_obj: t.Any = None) -> "ListType":
        if py_obj is None or not hasattr(py_obj, "__iter__"):
            raise TypeError("ListType.from_obj expects a list-like object")
        items = py_obj.tolist() if hasattr(py_obj, "tolist") else list(py_obj)
        elem: Type = OptionalType(UnknownType()) if None in items else UnknownType()
        for item in items:
            # an incompatible element leaves an invalid element type (no error here)
            elem = elem.assign(item)
        return cls(elem, len(items))

    def assign_type(self, wb_type: Type) -> Type:
        if isinstance(wb_type, ListType):
            elem = self.params["element_type"].assign_type(wb_type.params["element_type"])
            if not isinstance(elem, InvalidType):
                same_len = self.params["length"] == wb_type.params["length"]
                return ListType(elem, self.params["length"] if same_len else None)
        return InvalidType()

    def assign(self, py_obj: t.Any = None) -> Type:
        if not hasattr(py_obj, "__iter__"):
            return InvalidType()
        items = list(py_obj)
        elem = self.params["element_type"]
        for item in items:
            elem = elem.assign(item)
            if isinstance(elem, InvalidType):
                return elem
        return ListType(elem, len(items))

    def explain(self, other: t.Any, depth: int = 0) -> str:
        text = super().explain(other, depth)
        if isinstance(other, (list, tuple, set, frozenset)):
            elem = self.params["element_type"]
            for i, item in enumerate(list(other)):
                nxt = elem.assign(item)
                if isinstance(nxt, InvalidType):
                    text += f"\n{chr(9) * depth}Index {i}:\n{elem.explain(item, depth + 1)}"
                    break
                elem = nxt
        return text

    def __repr__(self) -> str:
        return f"{self.params['element_type']}[]"


class NDArrayType(Type):
    """A numpy array of a given shape (big arrays go to an .npz file in artifacts)."""

    name = "ndarray"
    types: t.ClassVar[t.List[type]] = []

    def __init__(self, shape: t.Sequence[int], serialization_path: t.Optional[t.Dict[str, str]] = None) -> None:
        self.params["shape"] = list(shape)
        self._serialization_path = serialization_path

    @classmethod
    def from_obj(cls, py_obj: t.Any = None) -> "NDArrayType":
        if _is_ndarray(py_obj):
            return cls(py_obj.shape)
        if isinstance(py_obj, list):
            shape = []
            cur: t.Any = py_obj
            while isinstance(cur, list):
                shape.append(len(cur))
                if cur:
                    cur = cur[0]
                else:
                    break
            return cls(shape)
        raise TypeError(f"NDArrayType.from_obj expects an ndarray or a list, got {py_obj.__class__}")

    def assign_type(self, wb_type: Type) -> Type:
        if isinstance(wb_type, NDArrayType) and self.params["shape"] == wb_type.params["shape"]:
            return self
        if isinstance(wb_type, ListType):
            return self
        return InvalidType()

    def assign(self, py_obj: t.Any = None) -> Type:
        if _is_ndarray(py_obj) or isinstance(py_obj, list):
            return self.assign_type(self.from_obj(py_obj))
        return InvalidType()

    def to_json(self, artifact: t.Any = None) -> t.Dict[str, t.Any]:
        return {
            "wb_type": self.name,
            "params": {"shape": self.params["shape"], "serialization_path": self._serialization_path},
        }

    def _get_serialization_path(self) -> t.Optional[t.Dict[str, str]]:
        return self._serialization_path

    def _set_serialization_path(self, path: str, key: str) -> None:
        self._serialization_path = {"path": path, "key": key}

    def _clear_serialization_path(self) -> None:
        self._serialization_path = None


class TypedDictType(Type):
    """A dict whose keys each have a type."""

    name = "typedDict"
    legacy_names = ["dictionary"]
    types: t.ClassVar[t.List[type]] = [dict]

    def __init__(self, type_map: t.Optional[t.Dict[str, ConvertibleToType]] = None) -> None:
        type_map = type_map or {}
        self.params["type_map"] = {k: TypeRegistry.type_from_dtype(v) for k, v in type_map.items()}

    @classmethod
    def from_obj(cls, py_obj: t.Any = None) -> "TypedDictType":
        if not isinstance(py_obj, dict):
            raise TypeError("TypedDictType.from_obj expects a dict")
        return cls({k: TypeRegistry.type_of(v) for k, v in py_obj.items()})

    def assign_type(self, wb_type: Type) -> Type:
        if isinstance(wb_type, TypedDictType):
            mine, theirs = self.params["type_map"], wb_type.params["type_map"]
            if set(theirs) <= set(mine):
                out = {}
                for k, typ in mine.items():
                    got = typ.assign_type(theirs.get(k, UnknownType()))
                    if isinstance(got, InvalidType):
                        return got
                    out[k] = got
                return TypedDictType(out)
        return InvalidType()

    def assign(self, py_obj: t.Any = None) -> Type:
        if isinstance(py_obj, dict):
            mine = self.params["type_map"]
            if set(py_obj) <= set(mine):
                out = {}
                for k, typ in mine.items():
                    got = typ.assign(py_obj.get(k))
                    if isinstance(got, InvalidType):
                        return got
                    out[k] = got
                return TypedDictType(out)
        return InvalidType()

    def explain(self, other: t.Any, depth: int = 0) -> str:
        text = super().explain(other, depth)
        gap = "\t" * depth
        if isinstance(other, dict):
            extra = set(other) - set(self.params["type_map"])
            if extra:
                text += f"\n{gap}Found extra keys: {','.join(str(k) for k in extra)}"
            for k, typ in self.params["type_map"].items():
                val = other.get(k)
                if isinstance(typ.assign(val), InvalidType):
                    text += f"\n{gap}Key '{k}':\n{typ.explain(val, depth=depth + 1)}"
        return text

    def __repr__(self) -> str:
        return str(self.params["type_map"])


class _ArtifactVersionType(Type):
    """Values naming an artifact (``wandb-artifact://...`` strings); the artifacts package
    registers its own class under this name, with ``Artifact`` objects as its Python type."""

    name = "artifactVersion"
    types: t.ClassVar[t.List[type]] = []


for _typ in (
    _ArtifactVersionType,
    InvalidType, AnyType, UnknownType, NoneType, StringType, TimestampType, NumberType,
    BooleanType, ListType, TypedDictType, UnionType, PythonObjectType, ConstType, NDArrayType,
):
    TypeRegistry.add(_typ)
del _typ

__all__ = [
    "TypeRegistry",
    "InvalidType",
    "UnknownType",
    "AnyType",
    "NoneType",
    "StringType",
    "NumberType",
    "TimestampType",
    "BooleanType",
    "ListType",
    "TypedDictType",
    "UnionType",
    "PythonObjectType",
    "ConstType",
    "OptionalType",
    "Type",
    "NDArrayType",
]
