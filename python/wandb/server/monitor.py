"""Background housekeeping: runs whose heartbeats stopped become ``crashed``; artifact
versions whose TTL passed become ``DELETED``."""

from __future__ import annotations

import logging
import threading
import time
from typing import Callable

from wandb.server.store import Store

log = logging.getLogger("wandb.server.monitor")


class HeartbeatMonitor:
    """Every ``interval_s``: marks running runs silent for ``crash_after_s`` as crashed, and
    expires committed artifact versions past their TTL (``Store.expire_artifacts``; GraphQL
    lookups also expire them lazily). Each job is guarded on its own: one failing (say, a
    transient DB error) does not stop the other or later ticks."""

    def __init__(self, store: Store, crash_after_s: float, interval_s: float) -> None:
        self.store = store
        self.crash_after_s = crash_after_s
        self.interval_s = interval_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def check_once(self) -> int:
        """Mark silent runs crashed; returns how many."""
        return self.store.mark_crashed(time.time() - self.crash_after_s)

    def expire_once(self) -> int:
        """Expire artifact versions whose TTL passed; returns how many."""
        return self.store.expire_artifacts(every_s=0)

    def sweep_once(self) -> tuple[int, int]:
        """One tick: (runs marked crashed, artifact versions expired); a job that fails logs
        its error and counts 0."""
        crashed = self._guarded(self.check_once, "heartbeat check", "marked %d run(s) crashed")
        expired = self._guarded(self.expire_once, "artifact TTL sweep", "expired %d artifact version(s)")
        return crashed, expired

    @staticmethod
    def _guarded(job: Callable[[], int], what: str, done_msg: str) -> int:
        try:
            n = job()
        except Exception:  # keep going after a transient DB error
            log.exception("%s failed", what)
            return 0
        if n:
            log.info(done_msg, n)
        return n

    def _loop(self) -> None:
        while not self._stop.wait(self.interval_s):
            self.sweep_once()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="vireo-heartbeat-monitor", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
