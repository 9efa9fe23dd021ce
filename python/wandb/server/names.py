"""Generated display names ("<adjective>-<noun>-<n>") and run IDs."""

from __future__ import annotations

import secrets
import string

_ADJ = (
    "amber azure bold brisk calm clever cosmic crisp daring dawn deep divine eager earthy "
    "fancy fiery fluent fresh gentle glad golden grand happy hardy icy jolly keen lively lucky "
    "misty noble olive polar proud quiet rapid royal rustic silver smart solar stellar sunny "
    "swift tender vivid warm wild wise young zesty"
).split()
_NOUN = (
    "aurora bird breeze brook butterfly cloud comet dawn dew dream dust field fire firefly "
    "flower fog forest frog galaxy glade grass haze hill lake leaf meadow moon morning "
    "mountain night ocean paper pine planet pond rain river sea shadow sky smoke snow "
    "sound star sun sunset thunder tree violet water wave wind wood"
).split()


def display_name(counter: int) -> str:
    return f"{secrets.choice(_ADJ)}-{secrets.choice(_NOUN)}-{counter}"


def run_id() -> str:
    """8 random characters from [a-z0-9], like the client's generated run IDs."""
    alphabet = string.ascii_lowercase + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(8))
