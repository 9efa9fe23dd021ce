"""``RunMoment``: a point in a run (``<run_id>?_step=<value>``) to fork or resume from."""

from __future__ import annotations

from typing import Union


def _parse_error(uri: str) -> ValueError:
    return ValueError(
        f"Could not parse passed run moment string '{uri}', "
        "expected format '<run>?<metric>=<numeric_value>'. "
        "Currently, only the metric '_step' is supported. "
        "Example: 'ans3bsax?_step=123'."
    )


class RunMoment:
    """A moment in a run, used by the ``fork_from`` and ``resume_from`` settings.

    Attributes:
        run: the run ID.
        value: the value of ``metric`` at the moment (int or float).
        metric: the metric that locates the moment; only ``"_step"`` is supported.
    """

    __slots__ = ("run", "value", "metric")

    def __init__(self, run: str, value: Union[int, float], metric: str = "_step") -> None:
        self.run = run
        self.value = value
        self.metric = metric
        if metric != "_step":
            raise ValueError(f"Only the metric '_step' is supported, got '{metric}'.")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError(f"Only int or float values are supported, got '{value}'.")
        if not isinstance(run, str):
            raise TypeError(f"Only string run names are supported, got '{run}'.")

    def __repr__(self) -> str:
        return f"RunMoment(run={self.run!r}, value={self.value!r}, metric={self.metric!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RunMoment):
            return NotImplemented
        return (self.run, self.value, self.metric) == (other.run, other.value, other.metric)

    def __hash__(self) -> int:
        return hash((self.run, self.value, self.metric))

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (RunMoment, (self.run, self.value, self.metric))

    @classmethod
    def from_uri(cls, uri: str) -> "RunMoment":
        """Parse ``"<run_id>?_step=<number>"``, e.g. ``"ans3bsax?_step=123"``."""
        from urllib import parse

        try:
            parsed = parse.urlparse("runmoment://" + uri)
        except ValueError as e:
            raise _parse_error(uri) from e
        if parsed.scheme != "runmoment" or not parsed.netloc:
            raise _parse_error(uri)
        if parsed.path or parsed.params or parsed.fragment:
            raise _parse_error(uri)
        query = parse.parse_qs(parsed.query)
        if len(query) != 1 or "_step" not in query:
            raise _parse_error(uri)
        text = query["_step"][0]
        try:
            value: Union[int, float] = int(text) if text.isdigit() else float(text)
        except ValueError as e:
            raise _parse_error(uri) from e
        return cls(run=parsed.netloc, value=value, metric="_step")

    def to_uri(self) -> str:
        """The inverse of ``from_uri``."""
        return f"{self.run}?{self.metric}={self.value}"
