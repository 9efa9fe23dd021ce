"""Shared pieces: attribute access over GraphQL fields, and cursor pagination."""

from __future__ import annotations

from typing import Any, Generic, Iterator, MutableMapping, Optional, TypeVar, Union, overload

T = TypeVar("T")


def snake_to_camel(name: str) -> str:
    """``job_type`` -> ``jobType``."""
    head, *rest = name.split("_")
    return head + "".join(p.title() for p in rest)


class Attrs:
    """Read GraphQL fields as attributes: ``obj.job_type`` reads ``attrs["jobType"]``."""

    def __init__(self, attrs: MutableMapping[str, Any]) -> None:
        self._attrs = attrs

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name == "_attrs":
            raise AttributeError(name)
        attrs = self.__dict__.get("_attrs") or {}
        key = snake_to_camel(name)
        if key in attrs:
            return attrs[key]
        if name in attrs:
            return attrs[name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")


class Paginator(Generic[T]):
    """Lazy list over a GraphQL connection.

    Subclasses set ``query`` and implement ``_connection(response)`` (the object holding
    ``edges`` and ``pageInfo``) and ``_convert(edges)``. The next page is requested with the
    last edge's ``cursor``; ``pageInfo.hasNextPage`` says whether there is one.
    """

    query: str = ""

    def __init__(self, client: Any, variables: MutableMapping[str, Any], per_page: int = 50) -> None:
        self.client = client
        self.variables: dict[str, Any] = dict(variables)
        self.per_page = per_page
        self.objects: list[T] = []
        self.index = -1
        self.last_response: Optional[dict[str, Any]] = None

    # -- to implement ------------------------------------------------------------------
    def _connection(self, response: dict[str, Any]) -> Optional[dict[str, Any]]:
        raise NotImplementedError

    def _convert(self, edges: list[dict[str, Any]]) -> list[T]:
        raise NotImplementedError

    def _page_variables(self) -> dict[str, Any]:
        return {"perPage": self.per_page, "cursor": self.cursor}

    # -- paging -----------------------------------------------------------------------
    @property
    def more(self) -> bool:
        """Whether another page may exist."""
        if self.last_response is None:
            return True
        conn = self._connection(self.last_response)
        return bool(conn and (conn.get("pageInfo") or {}).get("hasNextPage"))

    @property
    def cursor(self) -> Optional[str]:
        """The cursor of the last edge received (None before the first page)."""
        if self.last_response is None:
            return None
        conn = self._connection(self.last_response) or {}
        edges = conn.get("edges") or []
        return edges[-1].get("cursor") if edges else None

    def _load_page(self) -> bool:
        if not self.more:
            return False
        self.variables.update(self._page_variables())
        self.last_response = self.client.execute(self.query, variable_values=self.variables)
        conn = self._connection(self.last_response) or {}
        edges = conn.get("edges") or []
        self.objects.extend(self._convert(edges))
        if not edges:
            # A page without edges cannot advance the cursor: stop here.
            conn.setdefault("pageInfo", {})
            if isinstance(conn["pageInfo"], dict):
                conn["pageInfo"]["hasNextPage"] = False
        return bool(edges)

    def __iter__(self) -> Iterator[T]:
        self.index = -1
        return self

    def __next__(self) -> T:
        self.index += 1
        while len(self.objects) <= self.index:
            if not self._load_page():
                raise StopIteration
        return self.objects[self.index]

    next = __next__

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: Union[int, slice]) -> Union[T, list[T]]:
        stop = index.stop if isinstance(index, slice) else index
        if stop is None or stop < 0 or (isinstance(index, slice) and (index.start or 0) < 0):
            while self._load_page():  # needs the whole list
                pass
        else:
            while stop > len(self.objects) - 1 and self._load_page():
                pass
        return self.objects[index]


class SizedPaginator(Paginator[T]):
    """A paginator whose first response carries the total count."""

    def _length(self) -> Optional[int]:
        raise NotImplementedError

    def __len__(self) -> int:
        if self.last_response is None:
            self._load_page()
        n = self._length()
        if n is None:
            raise ValueError("Object doesn't provide length")
        return int(n)

    @property
    def length(self) -> int:
        """Deprecated alias of ``len()``."""
        return len(self)
