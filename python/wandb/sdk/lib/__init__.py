"""SDK helper modules (``wandb.sdk.lib``)."""

from wandb.sdk.lib.disabled import RunDisabled, SummaryDisabled
from wandb.sdk.lib.run_moment import RunMoment

__all__ = ("RunDisabled", "SummaryDisabled", "RunMoment")
