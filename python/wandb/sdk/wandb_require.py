"""``wandb.require``: opt in to named SDK behaviours.

wandb 0.21.3 accepts a few historical requirement names; all of them describe behaviour that
Vireo always has, so they are accepted with a notice.
"""

from __future__ import annotations

from typing import Iterable, Union

from wandb.errors import UnsupportedError
from wandb.errors.term import termwarn

#: Requirement names wandb 0.21.3 accepts. Both are already the default behaviour.
SUPPORTED_REQUIREMENTS = ("require", "service", "core")

_required: set = set()


def require(
    requirement: Union[str, Iterable[str], None] = None,
    experiment: Union[str, Iterable[str], None] = None,
) -> None:
    """Declare that this script relies on the named SDK features.

    Args:
        requirement: a name or list of names, e.g. ``"core"`` or ``"service"``.
        experiment: the older spelling of ``requirement``.

    Raises:
        wandb.errors.UnsupportedError: a name is not one of ``SUPPORTED_REQUIREMENTS``.
    """
    value = requirement or experiment
    if not value:
        return
    names = [value] if isinstance(value, str) else list(value)
    for name in names:
        if not isinstance(name, str) or name not in SUPPORTED_REQUIREMENTS:
            termwarn(f"require() unsupported requirement: {name}")
            raise UnsupportedError(
                f"wandb.require(requirement={name!r}) is not supported; "
                f"accepted values: {', '.join(SUPPORTED_REQUIREMENTS)}"
            )
        if name != "require":
            termwarn(f"`wandb.require({name!r})` is a no-op as it is now the default behavior.")
        _required.add(name)
