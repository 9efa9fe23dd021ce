"""Background check: runs whose heartbeats stopped become ``crashed``."""

from __future__ import annotations

import logging
import threading
import time

from wandb.server.store import Store

log = logging.getLogger("wandb.server.monitor")


class HeartbeatMonitor:
    """Every ``interval_s``, marks running runs silent for ``crash_after_s`` as crashed."""

    def __init__(self, store: Store, crash_after_s: float, interval_s: float) -> None:
        self.store = store
        self.crash_after_s = crash_after_s
        self.interval_s = interval_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def check_once(self) -> int:
        return self.store.mark_crashed(time.time() - self.crash_after_s)

    def _loop(self) -> None:
        while not self._stop.wait(self.interval_s):
            try:
                n = self.check_once()
                if n:
                    log.info("marked %d run(s) crashed", n)
            except Exception:  # keep checking after a transient DB error
                log.exception("heartbeat check failed")

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="vireo-heartbeat-monitor", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
