"""Progress line for artifact downloads: ``- 12 of 40 files downloaded...``."""

from __future__ import annotations

import threading
import time
from typing import Callable

_SPINNER = "-\\|/"


def _default_termlog(text: str, newline: bool = True) -> None:
    from wandb.errors.term import termlog

    termlog(text, newline=newline)


class ArtifactDownloadLogger:
    """Counts finished files and prints progress at most every 0.1 s, plus a final line.

    Thread-safe: ``notify_downloaded`` may be called from download workers.
    """

    def __init__(
        self,
        nfiles: int,
        clock_for_testing: Callable[[], float] = time.monotonic,
        termlog_for_testing: Callable[..., None] = _default_termlog,
    ) -> None:
        self._nfiles = nfiles
        self._clock = clock_for_testing
        self._termlog = termlog_for_testing
        self._n_files_downloaded = 0
        self._spinner_index = 0
        self._last_log_time = self._clock()
        self._lock = threading.Lock()

    def notify_downloaded(self) -> None:
        """Record one finished file."""
        with self._lock:
            self._n_files_downloaded += 1
            done, total = self._n_files_downloaded, self._nfiles
            if done == total:
                self._termlog(f"  {total} of {total} files downloaded.  ", newline=True)
                self._last_log_time = self._clock()
            elif self._clock() - self._last_log_time > 0.1:
                self._spinner_index += 1
                spinner = _SPINNER[self._spinner_index % len(_SPINNER)]
                self._termlog(f"{spinner} {done} of {total} files downloaded...\r", newline=False)
                self._last_log_time = self._clock()


__all__ = ["ArtifactDownloadLogger"]
