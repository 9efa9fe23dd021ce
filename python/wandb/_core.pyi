"""Type stubs for ``wandb._core``, the private Rust extension (see docs/dev/core-api.md).

Import it only through ``wandb.sdk.internal_core``.
"""

from collections.abc import Callable, Iterator, Sequence

__version__: str

class TxLogError(Exception):
    """A file is not a W&B transaction log (bad header); bad records inside are skipped."""

class Stream:
    """The transaction-log writer of one run: a step/commit state machine on the calling
    thread and one Rust writer thread that writes ``run-<id>.wandb``."""

    def __init__(
        self,
        path: str,
        *,
        run_start: float,
        starting_step: int = 0,
        queue_capacity: int = 8192,
        flush_interval_ms: int = 100,
        fsync_interval_ms: int = 0,
        converter: Callable[[str, object, int], object] | None = None,
        on_backpressure: Callable[[], None] | None = None,
    ) -> None:
        """Create ``path`` exclusively (FileExistsError if it exists), write the W&B
        header and start the writer thread. ``run_start`` is unix seconds (for ``_runtime``)."""

    def write(self, record_json: str) -> None:
        """Queue one ``wandb_internal.Record`` given as JSON (proto field names, oneof as a
        plain key, enums as ints). ValueError on bad JSON or an unknown key. ``num`` is
        assigned by the writer; records with ``control.local`` are not written."""

    def log(
        self,
        data: dict[str, object],
        step: int | None = None,
        commit: bool | None = None,
        sync: bool | None = None,
    ) -> int:
        """``run.log`` history semantics of wandb 0.21.3. Returns the step the data went
        into, or -1 when it was dropped because ``step`` was behind the current step.

        Raises TypeError("wandb.log must be passed a dictionary") and
        TypeError("Key values passed to `wandb.log` must be strings."). Values other than
        None/bool/int/float/str/dict/list/tuple go to ``converter(key, value, step)``; its
        exceptions propagate and nothing of the call is applied."""

    @property
    def step(self) -> int:
        """The step the next logged data goes to."""

    @property
    def dropped(self) -> int:
        """Number of log calls dropped for a backward step."""

    @property
    def finished(self) -> bool:
        """True once finish() or abandon() was called."""

    def define_metric(self, metric_record_json: str) -> None:
        """Queue and register a metric: MetricRecord JSON (without the outer
        ``{"metric": ...}``), or a whole Record JSON holding ``metric`` (to keep
        ``control``/``_info``)."""

    def summary_update(
        self,
        update: Sequence[tuple[Sequence[str], str]],
        remove: Sequence[Sequence[str]] = (),
    ) -> None:
        """Explicit summary writes: ``(path, value_json)`` items and removed paths. Marks
        the paths explicit, which switches off define_metric aggregation for them."""

    def summary(self) -> str:
        """JSON of the current nested summary (bare NaN/Infinity tokens may appear);
        reflects everything queued before the call. After finish(): the final summary
        (RuntimeError after abandon())."""

    def history_rows(self) -> int:
        """Number of committed history rows."""

    def flush(self) -> None:
        """Return once everything queued before the call is written to the OS."""

    def finish(self, exit_code: int = 0, timeout_s: float | None = None) -> None:
        """Commit the pending row, write the final runtime summary and the ``exit``
        record, fsync and stop the writer thread. Idempotent. TimeoutError after
        ``timeout_s``."""

    def abandon(self) -> None:
        """Drop the handle without writing anything (in a forked child)."""

class Reader:
    """Iterates ``(file_offset, record_json)`` over the intact records of a log; corrupt
    or torn chunks are skipped (counted in ``skipped_bytes``)."""

    def __init__(self, path: str) -> None: ...
    def records(self) -> Reader: ...
    def __iter__(self) -> Reader: ...
    def __next__(self) -> tuple[int, str]: ...
    @property
    def skipped_bytes(self) -> int: ...

def read_records(path: str) -> Reader:
    """Iterate ``(file_offset, record_json)``; TxLogError on a bad header."""

def encode_record(record_json: str) -> bytes:
    """Record JSON to protobuf bytes."""

def decode_record(data: bytes) -> str:
    """Protobuf bytes to record JSON."""

# -- system metrics (issue 5; docs/dev/core-api.md "System metrics") ------------------------

class Sampler:
    """The system-metrics sampler thread of a run: one ``stats`` record per interval into
    ``stream`` (or ``callback(record_json)``). Options: see docs/dev/core-api.md."""

    def __init__(self, options: dict | None = None, stream: Stream | None = None,
                 callback: Callable[[str], object] | None = None) -> None: ...
    def stop(self) -> None: ...
    def signal_stop(self) -> None: ...
    @property
    def stopped(self) -> bool: ...
    def system_metrics(self) -> dict[str, list[tuple[float, float]]]: ...

def stats_sample(options: dict | None = None, ticks: int = 1) -> list[tuple[str, int | float]]:
    """Build the sources, sample ``ticks`` times, return the last tick's metrics."""

def stats_tick_bench(options: dict | None = None, ticks: int = 100) -> dict:
    """``{"cpu_s_per_tick", "wall_s_per_tick", "metrics", "sources"}``."""

def stats_probe(nvml_path: str | None = None, gpu_device_ids: list[int] | None = None,
                wait_s: float = 1.0) -> dict:
    """Accelerators for the Environment record: gpu_nvidia, cuda_version, gpu_amd, trainium, notes."""

def stats_parse(kind: str, text: str, *, pid: int = 0, endpoint: str = "endpoint",
                filters: str | None = None, gpu_device_ids: list[int] | None = None) -> list[tuple[str, int | float]]:
    """Parse a recorded tool output (rocm, neuron, openmetrics, dcgm, apple, tpu, ipu)."""
