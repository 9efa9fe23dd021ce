"""Protocol buffer messages compatible with wandb's ``wandb.proto`` modules (built at runtime)."""
