"""The ``wandb`` command line (``wandb.cli.cli:main``)."""
