"""``RunMoment``: a point in a run (``<run_id>?_step=<n>``) to fork or rewind from.

The settings module defines the class its ``fork_from``/``resume_from`` values use;
this module re-exports it (``wandb.sdk.lib.RunMoment``) so there is one class.
"""

from __future__ import annotations

try:
    from wandb.sdk.settings_run_moment import RunMoment  # noqa: F401
except ImportError:  # pragma: no cover - only while settings is being rebuilt
    RunMoment = None  # type: ignore[assignment,misc]

from dataclasses import dataclass
from typing import Union
from urllib import parse


@dataclass
class _LocalRunMoment:
    """A moment in a run, identified by run id and a ``_step`` value."""

    run: str
    value: Union[int, float]
    metric: str = "_step"

    def __post_init__(self) -> None:
        if self.metric != "_step":
            raise ValueError(f"Only the metric '_step' is supported, got '{self.metric}'.")
        if not isinstance(self.value, (int, float)) or isinstance(self.value, bool):
            raise TypeError(f"Only int or float values are supported, got '{self.value}'.")
        if not isinstance(self.run, str):
            raise TypeError(f"Only string run names are supported, got '{self.run}'.")

    @classmethod
    def from_uri(cls, uri: str) -> "_LocalRunMoment":
        """Parse ``"<run>?_step=<number>"``.

        Raises:
            ValueError: the text is not in that form (the message shows the expected form).
        """
        err = ValueError(
            f"Could not parse passed run moment string '{uri}', "
            "expected format '<run>?<metric>=<numeric_value>'. "
            "Currently, only the metric '_step' is supported. "
            "Example: 'ans3bsax?_step=123'."
        )
        if not isinstance(uri, str):
            raise err
        try:
            parsed = parse.urlparse("runmoment://" + uri)
        except ValueError as e:
            raise err from e
        if parsed.scheme != "runmoment" or not parsed.netloc:
            raise err
        if parsed.path or parsed.params or parsed.fragment:
            raise err
        query = parse.parse_qs(parsed.query)
        if len(query) != 1 or "_step" not in query:
            raise err
        text = query["_step"][0]
        try:
            value: Union[int, float] = int(text) if text.isdigit() else float(text)
        except ValueError as e:
            raise err from e
        return cls(run=parsed.netloc, value=value, metric="_step")

    def to_uri(self) -> str:
        """The ``<run>?_step=<n>`` form."""
        return f"{self.run}?{self.metric}={self.value}"


if RunMoment is None:  # pragma: no cover
    RunMoment = _LocalRunMoment  # type: ignore[misc]
