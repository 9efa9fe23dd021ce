"""Artifact, model and torch-watch methods of ``Run`` that arrive with later issues.

Each keeps wandb's signature and the checks wandb makes before any work (offline, finished),
then raises ``NotImplementedError``.
"""

from __future__ import annotations

import os
from typing import Any, Callable, Sequence

from wandb.sdk import run_files, run_messages
from wandb.sdk.run_properties import raise_if_finished

_ARTIFACTS = "arrives with the artifacts/media issue"


def _todo(what: str) -> NotImplementedError:
    return NotImplementedError(f"Run.{what} {_ARTIFACTS}")


class RunArtifactStubs:
    """Mixin: artifact/model/watch methods (not implemented yet)."""

    offline: bool
    _settings: Any

    @raise_if_finished
    def log_artifact(
        self,
        artifact_or_path: Any,
        name: str | None = None,
        type: str | None = None,
        aliases: list[str] | None = None,
        tags: list[str] | None = None,
    ) -> Any:
        """Declare an artifact as an output of a run."""
        raise _todo("log_artifact")

    @raise_if_finished
    def upsert_artifact(
        self,
        artifact_or_path: Any,
        name: str | None = None,
        type: str | None = None,
        aliases: list[str] | None = None,
        distributed_id: str | None = None,
    ) -> Any:
        """Declare (or append to) a non-finalized artifact as output of a run."""
        raise _todo("upsert_artifact")

    @raise_if_finished
    def finish_artifact(
        self,
        artifact_or_path: Any,
        name: str | None = None,
        type: str | None = None,
        aliases: list[str] | None = None,
        distributed_id: str | None = None,
    ) -> Any:
        """Finish a non-finalized artifact as output of a run."""
        raise _todo("finish_artifact")

    @raise_if_finished
    def use_artifact(
        self,
        artifact_or_name: Any,
        type: str | None = None,
        aliases: list[str] | None = None,
        use_as: str | None = None,
    ) -> Any:
        """Declare an artifact as an input to a run."""
        if self.offline:
            raise TypeError("Cannot use artifact when in offline mode.")
        raise _todo("use_artifact")

    @raise_if_finished
    def link_artifact(self, artifact: Any, target_path: str, aliases: list[str] | None = None) -> Any:
        """Link the given artifact to a portfolio (a promoted collection of artifacts)."""
        raise _todo("link_artifact")

    @raise_if_finished
    def log_model(self, path: Any, name: str | None = None, aliases: list[str] | None = None) -> None:
        """Log a model artifact containing the contents inside ``path``."""
        raise _todo("log_model")

    @raise_if_finished
    def use_model(self, name: str) -> Any:
        """Download the files logged in a model artifact ``name``."""
        if self.offline:
            raise RuntimeError("`use_model` not supported in offline mode.")
        raise _todo("use_model")

    @raise_if_finished
    def link_model(
        self,
        path: Any,
        registered_model_name: str,
        name: str | None = None,
        aliases: list[str] | None = None,
    ) -> Any:
        """Log a model artifact version and link it to a registered model."""
        raise _todo("link_model")

    def watch(
        self,
        models: Any,
        criterion: Any = None,
        log: str | None = "gradients",
        log_freq: int = 1000,
        idx: int | None = None,
        log_graph: bool = False,
    ) -> None:
        """Hook into a PyTorch model to log gradients and parameters."""
        raise _todo("watch")

    def unwatch(self, models: Any = None) -> None:
        """Remove PyTorch model hooks."""
        raise _todo("unwatch")

    @raise_if_finished
    def log_code(
        self,
        root: str | None = ".",
        name: str | None = None,
        include_fn: Callable[..., bool] = run_files.default_include,
        exclude_fn: Callable[..., bool] = run_files.default_exclude,
    ) -> Any:
        """Save the current state of your code to a W&B Artifact."""
        files: Sequence[str] = []
        if root is not None:
            files = run_files.code_files(os.path.abspath(root), include_fn, exclude_fn)
        tmp_code = getattr(self._settings, "_tmp_code_dir", None)
        has_staged = bool(tmp_code and os.path.isdir(tmp_code) and any(os.scandir(tmp_code)))
        if not files and not has_staged:
            run_messages.termwarn(
                "No relevant files were detected in the specified directory. "
                "No code will be logged to your run."
            )
            return None
        raise _todo("log_code")
