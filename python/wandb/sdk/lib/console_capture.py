"""Capture of stdout/stderr for runs: per-write callbacks and the run's output.log.

``ConsoleCapture(mode, output_path, on_write)`` follows the ``console`` setting:

* ``"off"``: nothing is captured and no file is written.
* ``"wrap"``, ``"wrap_raw"``, ``"wrap_emu"`` and ``"auto"`` (wandb 0.21.3 resolves "auto" to
  "wrap"): the ``write`` method of ``sys.stdout`` / ``sys.stderr`` is wrapped. Each call first
  goes to the real stream unchanged, then is recorded. The stream objects stay the same, so
  ``isatty()``, ``fileno()``, ``encoding``, ``flush()`` ... behave as before.
* ``"redirect"``: file descriptors 1 and 2 are redirected into pipes (``dup2``; pseudo-terminals
  when they were terminals, so ``isatty()`` stays true); reader threads tee every chunk to the
  original descriptors, so output of C code and subprocesses is captured too. Falls back to
  wrapping, with a warning, where that is impossible (no fds, Windows).

Every recorded write becomes one ``on_write(is_stdout, text)`` call (the run turns it into an
``output_raw`` record). In wrap mode it runs on the writing thread, once per ``write()`` call
(``print("a", "b")`` gives "a", " ", "b", "\\n"; empty writes included, as in wandb); in
redirect mode it runs on a reader thread, once per chunk of decoded fd output. The text also
goes through a terminal emulator into ``output_path`` (output.log): ``\\r`` overwrites,
progress bars end up as one line, colors are stripped, stdout and stderr are interleaved by
line, no timestamps. The file is rewritten near its end as lines change and is
flushed about once a second; ``stop()`` writes the final state.

Several captures can be active at once (``reinit="create_new"``): the streams are wrapped (or
the fds redirected) once, and every write fans out to all active captures. Errors in
``on_write`` never reach user code: the first one prints a warning, later ones are silent.
Writes made while ``on_write`` runs (on the same thread) are passed through but not recorded.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from typing import Any, Callable, Optional, Union

from . import redirect_fd
from .terminal_emulator import LineModel, Terminal

__all__ = ["ConsoleCapture", "CONSOLE_MODES", "OutputLogWriter", "resolve_console_mode"]

#: Accepted values of the ``console`` setting.
CONSOLE_MODES = ("auto", "off", "wrap", "redirect", "wrap_raw", "wrap_emu")

OnWrite = Callable[[bool, str], None]
PathLike = Union[str, "os.PathLike[str]"]

#: Lines kept editable in memory (older ones are final in output.log).
_KEEP_LINES = 64
#: Writes queued before they go through the terminal emulator (also bounded in characters).
_BATCH_WRITES = 512
_BATCH_CHARS = 1 << 20


def resolve_console_mode(mode: str) -> str:
    """Map a ``console`` setting to the capture method: "off", "wrap" or "redirect"."""
    if mode not in CONSOLE_MODES:
        raise ValueError(
            f"console must be one of {', '.join(repr(m) for m in CONSOLE_MODES)}; got {mode!r}"
        )
    if mode == "off":
        return "off"
    if mode == "redirect":
        return "redirect"
    return "wrap"


# ---------------------------------------------------------------------------------------------
# output.log
# ---------------------------------------------------------------------------------------------


class OutputLogWriter:
    """Writes output.log from console writes: ``write(is_stdout, text)``, ``flush()``, ``close()``.

    stdout and stderr each get a terminal emulator; both share one list of lines. Lines that
    leave the in-memory window are final; the window itself is rewritten from its first
    changed line on each flush. The file always ends with a newline unless it is empty.
    Not thread-safe: callers serialize access. Usable on its own (e.g. to rebuild output.log
    from output_raw records).
    """

    def __init__(self, path: PathLike, append: bool = False) -> None:
        path = os.fspath(path)
        if append and os.path.exists(path):
            self._file = open(path, "r+b")
            self._file.seek(0, os.SEEK_END)
        else:
            self._file = open(path, "wb")
        self._base = self._file.tell()  # file offset of the window's first line
        self._sizes: list[int] = []  # bytes on disk of each window line written so far
        self.model = LineModel(keep=_KEEP_LINES, on_evict=self._on_evict)
        self._stdout = Terminal(self.model)
        self._stderr = Terminal(self.model)
        self._pending: list[tuple[bool, str]] = []
        self._pending_chars = 0
        self.closed = False

    def write(self, is_stdout: bool, text: str) -> None:
        """Queue text; it is emulated in batches (consecutive writes of a stream joined)."""
        self._pending.append((is_stdout, text))
        self._pending_chars += len(text)
        if len(self._pending) >= _BATCH_WRITES or self._pending_chars >= _BATCH_CHARS:
            self._process()

    def _process(self) -> None:
        pending, self._pending = self._pending, []
        self._pending_chars = 0
        i, n = 0, len(pending)
        while i < n:
            is_stdout = pending[i][0]
            j = i + 1
            while j < n and pending[j][0] is is_stdout:
                j += 1
            text = pending[i][1] if j == i + 1 else "".join(t for _, t in pending[i:j])
            (self._stdout if is_stdout else self._stderr).write(text)
            i = j

    def _on_evict(self, first: int, lines: list[str]) -> None:
        self.flush()
        count = len(lines)
        self._base += sum(self._sizes[:count])
        del self._sizes[:count]

    def flush(self) -> None:
        if self.closed:
            return
        if self._pending:
            self._process()
        model = self.model
        dirty = model.dirty_from
        if dirty is None:
            return
        idx = min(max(dirty - model.first, 0), len(self._sizes))
        chunks = [(line + "\n").encode("utf-8", "replace") for line in model.lines[idx:]]
        self._file.seek(self._base + sum(self._sizes[:idx]))
        self._file.write(b"".join(chunks))
        self._file.truncate()
        self._file.flush()
        self._sizes[idx:] = [len(c) for c in chunks]
        model.dirty_from = None

    def close(self) -> None:
        if self.closed:
            return
        try:
            self.flush()
        finally:
            self.closed = True
            self._file.close()


# ---------------------------------------------------------------------------------------------
# Module-level dispatcher
# ---------------------------------------------------------------------------------------------

_lock = threading.RLock()
_tls = threading.local()
_wrap_captures: tuple["ConsoleCapture", ...] = ()
_fd_captures: tuple["ConsoleCapture", ...] = ()
_active: list["ConsoleCapture"] = []
_patches: list["_Patch"] = []
_fd_tees: dict[int, redirect_fd.FdTee] = {}


def _dispatch(captures: tuple["ConsoleCapture", ...], is_stdout: bool, data: Any) -> None:
    if isinstance(data, (bytes, bytearray)):
        data = bytes(data).decode("utf-8", "replace")
    elif not isinstance(data, str):
        return
    _tls.busy = True
    try:
        for capture in captures:
            capture._record(is_stdout, data)
    finally:
        _tls.busy = False


def _make_write(orig: Callable[[Any], Any], is_stdout: bool) -> Callable[[Any], Any]:
    def write(data: Any) -> Any:
        n = orig(data)
        captures = _wrap_captures
        if captures and not getattr(_tls, "busy", False):
            _dispatch(captures, is_stdout, data)
        return n

    write.__wrapped__ = orig  # type: ignore[attr-defined]
    return write


class _StreamProxy:
    """Stand-in for a stream whose ``write`` attribute cannot be replaced; delegates the rest."""

    def __init__(self, stream: Any, write: Callable[[Any], Any]) -> None:
        object.__setattr__(self, "_stream", stream)
        object.__setattr__(self, "write", write)

    def __getattr__(self, name: str) -> Any:
        return getattr(object.__getattribute__(self, "_stream"), name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(object.__getattribute__(self, "_stream"), name, value)

    def __iter__(self) -> Any:
        return iter(object.__getattribute__(self, "_stream"))

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc: Any) -> None:
        return None

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)


class _Patch:
    """``write`` of one stream object replaced by a recording wrapper (or the stream by a proxy)."""

    def __init__(self, stream: Any, is_stdout: bool) -> None:
        self.stream = stream
        self.is_stdout = is_stdout
        self.proxy: Optional[_StreamProxy] = None
        attrs = getattr(stream, "__dict__", None)
        self._had_attr = isinstance(attrs, dict) and "write" in attrs
        self._prev_attr = attrs.get("write") if self._had_attr else None  # type: ignore[union-attr]
        self.wrapper = _make_write(stream.write, is_stdout)
        try:
            stream.write = self.wrapper
        except (AttributeError, TypeError):
            self.proxy = _StreamProxy(stream, self.wrapper)
            setattr(sys, "stdout" if is_stdout else "stderr", self.proxy)

    def covers(self, obj: Any) -> bool:
        return obj is self.stream or (self.proxy is not None and obj is self.proxy)

    def remove(self) -> bool:
        """Undo the patch if nobody patched on top of it; return whether it was undone."""
        if self.proxy is not None:
            name = "stdout" if self.is_stdout else "stderr"
            if getattr(sys, name) is self.proxy:
                setattr(sys, name, self.stream)
                return True
            return False
        attrs = getattr(self.stream, "__dict__", None)
        if not isinstance(attrs, dict) or attrs.get("write") is not self.wrapper:
            return False
        try:
            if self._had_attr:
                self.stream.write = self._prev_attr
            else:
                del self.stream.write
        except (AttributeError, TypeError):
            return False
        return True


def _ensure_patched() -> None:
    """Wrap the current sys.stdout / sys.stderr unless already wrapped (call with _lock held)."""
    for is_stdout in (True, False):
        stream = sys.stdout if is_stdout else sys.stderr
        if stream is None or any(p.covers(stream) for p in _patches):
            continue
        try:
            _patches.append(_Patch(stream, is_stdout))
        except Exception as exc:
            _warn(f"cannot capture {'stdout' if is_stdout else 'stderr'}: {exc!r}")


def _unpatch_all() -> None:
    """Undo the patches that can be undone (call with _lock held); others stay as pass-through."""
    _patches[:] = [p for p in _patches if not p.remove()]


def _fd_sink(is_stdout: bool) -> Callable[[str], None]:
    def sink(text: str) -> None:
        captures = _fd_captures
        if captures:
            _dispatch(captures, is_stdout, text)

    return sink


def _start_fd_tees() -> None:
    """Redirect fds 1 and 2 (call with _lock held); on failure raise with nothing changed."""
    started: list[redirect_fd.FdTee] = []
    try:
        for fd in (1, 2):
            if fd in _fd_tees:
                continue
            tee = redirect_fd.FdTee(fd, _fd_sink(fd == 1), "stdout" if fd == 1 else "stderr")
            tee.start()
            started.append(tee)
            _fd_tees[fd] = tee
    except Exception:
        for tee in started:
            tee.stop()
            _fd_tees.pop(tee.fd, None)
        raise


def _warn(message: str) -> None:
    """Print a wandb warning to the terminal without recording it."""
    text = f"wandb: WARNING {message}\n"
    tee = _fd_tees.get(2)
    saved = tee.saved_fd if tee is not None else None
    prev = getattr(_tls, "busy", False)
    _tls.busy = True
    try:
        if saved is not None:
            os.write(saved, text.encode("utf-8", "replace"))
        elif sys.stderr is not None:
            sys.stderr.write(text)
            sys.stderr.flush()
    except Exception:
        pass
    finally:
        _tls.busy = prev


def _stop_all() -> None:
    """Stop every active capture (registered with atexit as a safety net)."""
    with _lock:
        captures = list(reversed(_active))
    for capture in captures:
        try:
            capture.stop()
        except Exception:
            pass


atexit.register(_stop_all)

_current_pid = os.getpid()


def _after_fork_in_child() -> None:
    global _current_pid
    _current_pid = os.getpid()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


# ---------------------------------------------------------------------------------------------
# Public class
# ---------------------------------------------------------------------------------------------


class ConsoleCapture:
    """Capture a run's console output.

    Args:
        mode: the ``console`` setting: "auto", "off", "wrap", "redirect", "wrap_raw" or
            "wrap_emu".
        output_path: where to write output.log; None writes no file.
        on_write: called as ``on_write(is_stdout, text)`` once per recorded write.
        append: keep the existing content of ``output_path`` and add to it.
        flush_interval: seconds between periodic flushes of ``output_path``.

    ``start()`` and ``stop()`` are idempotent; ``stop()`` is safe to call from atexit handlers
    and also runs automatically at interpreter exit.
    """

    def __init__(
        self,
        mode: str,
        output_path: Optional[PathLike] = None,
        on_write: Optional[OnWrite] = None,
        *,
        append: bool = False,
        flush_interval: float = 1.0,
    ) -> None:
        self.mode = mode
        self.method = resolve_console_mode(mode)
        self.output_path = os.fspath(output_path) if output_path is not None else None
        self._on_write = on_write
        self._append = append
        self._flush_interval = max(0.05, float(flush_interval))
        self._lock = threading.RLock()
        self._log: Optional[OutputLogWriter] = None
        self._pid = 0
        self._started = False
        self._stopping = False
        self._stopped = False
        self._callback_warned = False
        self._log_warned = False
        self._flush_stop = threading.Event()
        self._flusher: Optional[threading.Thread] = None

    # -- lifecycle -------------------------------------------------------------------------

    @property
    def active(self) -> bool:
        """Whether the capture has started and not stopped."""
        return self._started and not self._stopping

    def start(self) -> "ConsoleCapture":
        """Begin capturing (no-op when already started or when mode is "off")."""
        global _wrap_captures, _fd_captures
        with _lock:
            if self._started:
                return self
            self._started = True
            self._pid = os.getpid()
            if self.method == "off":
                return self
            if self.output_path is not None:
                try:
                    self._log = OutputLogWriter(self.output_path, append=self._append)
                except OSError as exc:
                    _warn(f"cannot write console log {self.output_path!r}: {exc}")
            if self.method == "redirect":
                try:
                    if _fd_tees:
                        # Output written before this capture started belongs to the others.
                        for tee in list(_fd_tees.values()):
                            tee.drain()
                    _start_fd_tees()
                    _fd_captures = _fd_captures + (self,)
                except Exception as exc:
                    _warn(f"cannot redirect console output ({exc}); wrapping sys.stdout/"
                          "sys.stderr instead")
                    self.method = "wrap"
            if self.method == "wrap":
                _ensure_patched()
                _wrap_captures = _wrap_captures + (self,)
            _active.append(self)
        if self._log is not None:
            self._flusher = threading.Thread(
                target=self._flush_loop, name="vireo-console-flush", daemon=True
            )
            self._flusher.start()
        return self

    def stop(self) -> None:
        """Stop capturing, restore streams / fds when no capture is left, finish output.log."""
        global _wrap_captures, _fd_captures
        with _lock:
            if not self._started or self._stopping:
                return
            self._stopping = True  # records still arrive until the fds are drained
            if self in _active:
                _active.remove(self)
            if os.getpid() != self._pid:
                # Forked child: the streams, fds and file belong to the parent process.
                _wrap_captures = tuple(c for c in _wrap_captures if c is not self)
                _fd_captures = tuple(c for c in _fd_captures if c is not self)
                self._stopped = True
                return
            if self in _wrap_captures:
                _wrap_captures = tuple(c for c in _wrap_captures if c is not self)
                if not _wrap_captures:
                    _unpatch_all()
            if self in _fd_captures:
                if len(_fd_captures) == 1:
                    # Restoring the fds lets the readers pass on the tail before we leave.
                    for fd in list(_fd_tees):
                        _fd_tees.pop(fd).stop()
                else:
                    for tee in list(_fd_tees.values()):
                        tee.drain()
                _fd_captures = tuple(c for c in _fd_captures if c is not self)
            self._stopped = True
        self._flush_stop.set()
        flusher = self._flusher
        if flusher is not None and flusher is not threading.current_thread():
            flusher.join(5.0)
        with self._lock:
            if self._log is not None:
                try:
                    self._log.close()
                except Exception as exc:
                    self._log_failed(exc)

    def flush(self) -> None:
        """Write the current state of output.log to disk now."""
        with self._lock:
            if self._log is not None and not self._log.closed:
                try:
                    self._log.flush()
                except Exception as exc:
                    self._log_failed(exc)

    def __enter__(self) -> "ConsoleCapture":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = "active" if self.active else ("stopped" if self._stopped else "new")
        return f"<ConsoleCapture mode={self.mode!r} method={self.method!r} {state}>"

    # -- internals -------------------------------------------------------------------------

    def _flush_loop(self) -> None:
        while not self._flush_stop.wait(self._flush_interval):
            self.flush()

    def _record(self, is_stdout: bool, text: str) -> None:
        if self._stopped or _current_pid != self._pid:
            return
        with self._lock:
            if self._on_write is not None:
                try:
                    self._on_write(is_stdout, text)
                except Exception as exc:
                    if not self._callback_warned:
                        self._callback_warned = True
                        _warn(f"console capture callback failed: {exc!r}; "
                              "later failures are ignored")
            log = self._log
            if log is not None and not log.closed:
                try:
                    log.write(is_stdout, text)
                except Exception as exc:
                    self._log_failed(exc)

    def _log_failed(self, exc: BaseException) -> None:
        if not self._log_warned:
            self._log_warned = True
            _warn(f"cannot write console log {self.output_path!r}: {exc!r}")
        log, self._log = self._log, None
        if log is not None:
            log.closed = True
            try:
                log._file.close()
            except Exception:
                pass
