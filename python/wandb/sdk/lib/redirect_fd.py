"""File-descriptor level capture: ``dup2`` a pipe (or a pty) over fd 1 or 2 and tee what arrives.

:class:`FdTee` captures everything written to the file descriptor, including output of C
extensions and of subprocesses that inherit it. A reader thread copies each chunk to the
original destination first (so the terminal still shows it) and then hands the decoded text
to a sink. When the fd is a terminal, a pseudo-terminal (with output processing off) is used
instead of a pipe so that ``isatty()`` stays true for the program and its subprocesses.
Used by console_capture's "redirect" mode; POSIX only.
"""

from __future__ import annotations

import codecs
import os
import sys
import threading
from typing import Callable, Optional

__all__ = ["FdTee", "flush_std_streams", "supported"]

_READ_SIZE = 65536
_POLL_MS = 50


def supported() -> bool:
    """Whether fd redirection can work on this platform."""
    import select

    return os.name == "posix" and hasattr(select, "poll")


def flush_std_streams() -> None:
    """Flush sys.stdout/sys.stderr and C stdio buffers so pending output reaches the fds."""
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except Exception:
            pass
    try:
        import ctypes

        ctypes.CDLL(None).fflush(None)
    except Exception:
        pass


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        try:
            n = os.write(fd, view)
        except InterruptedError:
            continue
        except OSError:
            return  # the terminal went away (EPIPE, EBADF ...): keep capturing anyway
        view = view[n:]


class FdTee:
    """Redirect ``fd`` into a pipe (a pty for terminals); tee each chunk to the original fd and
    to ``sink``.

    ``sink(text)`` runs on the reader thread with incrementally decoded UTF-8 (invalid bytes
    become U+FFFD). It must not raise.
    """

    def __init__(self, fd: int, sink: Callable[[str], None], name: str = "") -> None:
        self.fd = fd
        self._sink = sink
        self._name = name or f"fd{fd}"
        self.saved_fd: Optional[int] = None
        self._read_fd: Optional[int] = None
        self._thread: Optional[threading.Thread] = None
        self._detached = False
        self._is_pty = False
        self._idle = 0
        self._read_bytes = 0
        self._done_bytes = 0
        self._finished = False
        self._cond = threading.Condition()

    def start(self) -> None:
        """Redirect the fd. Raises OSError (nothing changed) when that is impossible."""
        if not supported():
            raise OSError("fd redirection needs select.poll (POSIX)")
        flush_std_streams()
        saved = os.dup(self.fd)
        try:
            read_fd, write_fd = self._open_channel()
        except OSError:
            os.close(saved)
            raise
        try:
            os.dup2(write_fd, self.fd)
        except OSError:
            for fd in (saved, read_fd, write_fd):
                os.close(fd)
            raise
        os.close(write_fd)  # only self.fd (and children that inherit it) hold the write end
        self.saved_fd = saved
        self._read_fd = read_fd
        self._thread = threading.Thread(
            target=self._run, name=f"vireo-console-{self._name}", daemon=True
        )
        self._thread.start()

    def _open_channel(self) -> tuple[int, int]:
        """A pty when the fd is a terminal (so isatty() stays true), else a pipe."""
        self._is_pty = False
        if os.isatty(self.fd):
            try:
                import termios

                master, slave = os.openpty()
            except (ImportError, OSError):
                return os.pipe()
            try:
                attrs = termios.tcgetattr(slave)
                attrs[1] &= ~termios.OPOST  # pass bytes through: no "\n" -> "\r\n"
                termios.tcsetattr(slave, termios.TCSANOW, attrs)
                try:
                    import fcntl

                    size = fcntl.ioctl(self.fd, termios.TIOCGWINSZ, b"\0" * 8)
                    fcntl.ioctl(slave, termios.TIOCSWINSZ, size)
                except OSError:
                    pass
            except (termios.error, OSError):
                os.close(master)
                os.close(slave)
                return os.pipe()
            self._is_pty = True
            return master, slave
        return os.pipe()

    def _run(self) -> None:
        import select

        read_fd = self._read_fd
        saved = self.saved_fd
        assert read_fd is not None and saved is not None
        decoder = codecs.getincrementaldecoder("utf-8")("replace")
        poller = select.poll()
        poller.register(read_fd, select.POLLIN | select.POLLHUP | select.POLLERR)
        try:
            while True:
                try:
                    ready = poller.poll(_POLL_MS)
                except InterruptedError:
                    continue
                if not ready:
                    with self._cond:
                        self._idle += 1
                        self._cond.notify_all()
                    continue
                with self._cond:  # read and count atomically (see drain)
                    try:
                        data = os.read(read_fd, _READ_SIZE)
                    except InterruptedError:
                        continue
                    except OSError:  # EIO: the last writer of a pty closed
                        break
                    self._read_bytes += len(data)
                if not data:
                    break
                _write_all(saved, data)
                if not self._detached:
                    text = decoder.decode(data)
                    if text:
                        self._deliver(text)
                with self._cond:
                    self._done_bytes += len(data)
                    self._cond.notify_all()
            tail = decoder.decode(b"", final=True)
            if tail and not self._detached:
                self._deliver(tail)
        finally:
            with self._cond:
                for fd in (read_fd, saved):
                    try:
                        os.close(fd)
                    except OSError:
                        pass
                self._finished = True
                self._cond.notify_all()

    def _deliver(self, text: str) -> None:
        try:
            self._sink(text)
        except Exception:
            pass

    def _unread_bytes(self) -> Optional[int]:
        try:
            import fcntl
            import struct
            import termios

            fd: int = self._read_fd  # type: ignore[assignment]
            raw = fcntl.ioctl(fd, termios.FIONREAD, b"\0\0\0\0")
            return int(struct.unpack("i", raw)[0])
        except Exception:
            return None

    def drain(self, timeout: float = 5.0) -> None:
        """Wait until everything written to the fd so far has been passed to the sink."""
        if self._thread is None or not self._thread.is_alive():
            return
        flush_std_streams()
        with self._cond:
            if self._finished:
                return
            unread = self._unread_bytes()
            if unread is not None:
                target = self._read_bytes + unread
                self._cond.wait_for(
                    lambda: self._finished or self._done_bytes >= target, timeout
                )
            else:
                # Two idle polls from now: the second one began after our data was written.
                start = self._idle
                self._cond.wait_for(
                    lambda: self._finished or self._idle >= start + 2, timeout
                )

    def stop(self, timeout: float = 2.0) -> None:
        """Restore the fd and wait for the reader to pass on the tail (idempotent)."""
        thread, saved = self._thread, self.saved_fd
        if thread is None or saved is None:
            return
        if self._is_pty:
            self.drain()  # a pty may drop unread output once its last writer closes
        self._thread = None
        self.saved_fd = None  # the reader closes it when it finishes
        flush_std_streams()
        try:
            os.dup2(saved, self.fd)
        except OSError:
            pass
        if thread is not threading.current_thread():
            thread.join(timeout)
        if thread.is_alive():
            # A child process still holds the pipe; keep teeing to the terminal, stop recording.
            self._detached = True
