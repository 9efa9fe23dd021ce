"""Storage policies (``wandb-storage-policy-v1``)."""

from .wandb_storage_policy import WANDB_STORAGE_POLICY, WandbStoragePolicy

__all__ = ["WANDB_STORAGE_POLICY", "WandbStoragePolicy"]
