"""wandb data types (Image, Audio, Video, Table, Histogram, ...).

Importing this package registers the media hook that turns logged data types into their
JSON descriptors (``wandb.sdk.lib.value_convert``).
"""

from . import utils as _utils  # noqa: F401  (registers the log-path hook)
