"""``RunWatch``: the ``watch`` / ``unwatch`` methods of ``Run`` (PyTorch models)."""

from __future__ import annotations

from typing import Any, Sequence

from wandb.sdk import wandb_watch


class RunWatch:
    """Mixin for ``Run``: hook PyTorch models to log gradients and parameters."""

    _torch_history: Any = None

    @property
    def _torch(self) -> Any:
        """The run's ``TorchHistory`` (hook handles), created on first use."""
        return wandb_watch._torch_history(self)

    def watch(
        self,
        models: Any,
        criterion: Any = None,
        log: str | None = "gradients",
        log_freq: int = 1000,
        idx: int | None = None,
        log_graph: bool = False,
    ) -> None:
        """Hook into PyTorch model(s) to log gradients and/or parameters as histograms.

        Args:
            models: a ``torch.nn.Module`` or a sequence of them.
            criterion: the loss function (recorded with the graph).
            log: "gradients" (default), "parameters", "all" or None.
            log_freq: log every ``log_freq`` batches (forward/backward passes).
            idx: index of the first model (keys get a ``graph_<idx>`` prefix when > 0).
            log_graph: also record the model graph (summary ``graph_<idx>``).

        Raises:
            ValueError: invalid ``log``.
            TypeError: a model is not a ``torch.nn.Module`` (also a ``ValueError``).
        """
        wandb_watch._watch(self, models, criterion, log, log_freq, idx, log_graph)

    def unwatch(self, models: Any | Sequence[Any] = None) -> None:
        """Remove the hooks of ``models`` (of every watched model when None)."""
        wandb_watch._unwatch(self, models=models)
