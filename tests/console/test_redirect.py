"""Redirect mode (fd-level capture) and exit behaviour, each in a fresh Python subprocess.

fd redirection would fight pytest's own fd capture, so every scenario runs in its own process
with stdout/stderr connected to pipes that this test reads.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from console_bootstrap import BOOTSTRAP

pytestmark = pytest.mark.skipif(os.name != "posix", reason="fd redirection needs POSIX")

PRELUDE = """
import json, os, subprocess, sys
from wandb.sdk.lib.console_capture import ConsoleCapture

class Recorder:
    def __init__(self):
        self.events = []
    def __call__(self, is_stdout, text):
        self.events.append([is_stdout, text])
    def text(self, is_stdout):
        return "".join(t for s, t in self.events if s is is_stdout)

def dump(**values):
    with open("result.json", "w") as f:
        json.dump(values, f)
"""


def run_script(
    code: str, cwd: Path, timeout: float = 60
) -> tuple[subprocess.CompletedProcess, dict]:
    script = BOOTSTRAP + PRELUDE + textwrap.dedent(code)
    env = dict(os.environ)
    env.pop("PYTHONUNBUFFERED", None)
    proc = subprocess.run(
        [sys.executable, "-c", script], cwd=str(cwd), capture_output=True, text=True,
        timeout=timeout, env=env, stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, f"stdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    result_path = cwd / "result.json"
    result = json.loads(result_path.read_text()) if result_path.exists() else {}
    return proc, result


def test_redirect_captures_python_fd_and_subprocess_output(tmp_path: Path) -> None:
    proc, result = run_script(
        """
        rec = Recorder()
        before = (os.fstat(1).st_ino, os.fstat(2).st_ino)
        cap = ConsoleCapture("redirect", "output.log", rec)
        cap.start()
        during = (os.fstat(1).st_ino, os.fstat(2).st_ino)
        print("py-print")
        sys.stdout.flush()
        os.write(1, b"fd-out\\n")
        subprocess.run(["echo", "x"], check=True)
        subprocess.run([sys.executable, "-c", "import sys; sys.stderr.write('child-err\\\\n')"],
                       check=True)
        os.write(2, b"fd-err\\n")
        cap.stop()
        after = (os.fstat(1).st_ino, os.fstat(2).st_ino)
        os.write(1, b"after\\n")
        print("after print")
        dump(out=rec.text(True), err=rec.text(False), before=before, during=during,
             after=after, method=cap.method)
        """,
        tmp_path,
    )
    assert result["method"] == "redirect"
    assert result["out"] == "py-print\nfd-out\nx\n"
    assert result["err"] == "child-err\nfd-err\n"
    # The terminal (our pipe) still got everything, and the fds were restored.
    assert proc.stdout == "py-print\nfd-out\nx\nafter\nafter print\n"
    assert proc.stderr == "child-err\nfd-err\n"
    assert result["before"] == result["after"] != result["during"]
    log = (tmp_path / "output.log").read_text().splitlines()
    assert sorted(log) == sorted(["py-print", "fd-out", "x", "child-err", "fd-err"])
    stdout_lines = ["py-print", "fd-out", "x"]
    assert [line for line in log if line in stdout_lines] == stdout_lines


def test_redirect_captures_c_stdio_and_block_buffered_print(tmp_path: Path) -> None:
    proc, result = run_script(
        """
        import ctypes
        rec = Recorder()
        cap = ConsoleCapture("redirect", "output.log", rec).start()
        ctypes.CDLL(None).printf(b"from C\\n")
        print("buffered python")  # stdout is a pipe here: block-buffered until stop()
        cap.stop()
        dump(out=rec.text(True))
        """,
        tmp_path,
    )
    assert sorted(result["out"].splitlines()) == ["buffered python", "from C"]
    assert sorted(proc.stdout.splitlines()) == ["buffered python", "from C"]


def test_redirect_never_loses_the_tail(tmp_path: Path) -> None:
    proc, result = run_script(
        """
        rec = Recorder()
        cap = ConsoleCapture("redirect", "output.log", rec).start()
        payload = "".join(f"line {i:06d}\\n" for i in range(50000))  # far above a pipe buffer
        os.write(1, payload.encode())
        sys.stderr.write("\\rbar 1%")
        sys.stderr.write("\\rbar 100%")  # no newline: the partial line must survive
        cap.stop()
        dump(out_len=len(rec.text(True)), out_ok=rec.text(True) == payload, err=rec.text(False))
        """,
        tmp_path,
    )
    assert result["out_ok"] is True
    assert result["err"].endswith("\rbar 100%")
    assert len(proc.stdout) == result["out_len"]
    lines = (tmp_path / "output.log").read_text().splitlines()
    # stdout and stderr are read by two threads, so the bar can be anywhere (and, when its
    # first state was written long before, the final state continues on a new line).
    bar_lines = [line for line in lines if line.startswith("bar")]
    assert bar_lines[-1] == "bar 100%"
    assert [line for line in lines if not line.startswith("bar")] == [
        f"line {i:06d}" for i in range(50000)
    ]


def test_redirect_decodes_utf8_split_across_chunks(tmp_path: Path) -> None:
    _, result = run_script(
        """
        rec = Recorder()
        cap = ConsoleCapture("redirect", None, rec).start()
        data = "snow ☃\\n".encode()
        os.write(1, data[:6])
        os.write(1, data[6:])
        cap.stop()
        dump(out=rec.text(True))
        """,
        tmp_path,
    )
    assert result["out"] == "snow ☃\n"


def test_two_redirect_captures_fan_out(tmp_path: Path) -> None:
    proc, result = run_script(
        """
        r1, r2 = Recorder(), Recorder()
        c1 = ConsoleCapture("redirect", "one.log", r1).start()
        os.write(1, b"first\\n")
        c2 = ConsoleCapture("redirect", "two.log", r2).start()
        os.write(1, b"both\\n")
        c1.stop()
        os.write(1, b"second only\\n")
        c2.stop()
        os.write(1, b"nobody\\n")
        dump(one=r1.text(True), two=r2.text(True))
        """,
        tmp_path,
    )
    assert result["one"] == "first\nboth\n"
    assert result["two"] == "both\nsecond only\n"
    assert proc.stdout == "first\nboth\nsecond only\nnobody\n"
    assert (tmp_path / "one.log").read_text() == "first\nboth\n"
    assert (tmp_path / "two.log").read_text() == "both\nsecond only\n"


def test_redirect_and_wrap_captures_together(tmp_path: Path) -> None:
    _, result = run_script(
        """
        rr, rw = Recorder(), Recorder()
        cr = ConsoleCapture("redirect", None, rr).start()
        cw = ConsoleCapture("wrap", None, rw).start()
        print("hello")
        sys.stdout.flush()
        os.write(1, b"raw fd\\n")
        cw.stop()
        cr.stop()
        dump(redirect=rr.text(True), wrap=rw.events)
        """,
        tmp_path,
    )
    assert result["redirect"] == "hello\nraw fd\n"
    assert result["wrap"] == [[True, "hello"], [True, "\n"]]


def test_redirect_callback_errors_are_swallowed(tmp_path: Path) -> None:
    proc, result = run_script(
        """
        def broken(is_stdout, text):
            raise ValueError("bad callback")
        cap = ConsoleCapture("redirect", "output.log", broken).start()
        os.write(1, b"one\\n")
        os.write(1, b"two\\n")
        cap.stop()
        dump(done=True)
        """,
        tmp_path,
    )
    assert result == {"done": True}
    assert proc.stdout == "one\ntwo\n"
    assert proc.stderr.count("wandb: WARNING") == 1 and "bad callback" in proc.stderr
    assert (tmp_path / "output.log").read_text() == "one\ntwo\n"


def test_redirect_falls_back_to_wrap_without_fds(tmp_path: Path) -> None:
    proc, result = run_script(
        """
        os.close(1)
        os.close(2)
        import io
        sys.stdout, sys.stderr = io.StringIO(), io.StringIO()
        rec = Recorder()
        cap = ConsoleCapture("redirect", None, rec).start()
        print("wrapped")
        cap.stop()
        dump(method=cap.method, out=rec.text(True), warning=sys.stderr.getvalue())
        """,
        tmp_path,
    )
    assert result["method"] == "wrap"
    assert result["out"] == "wrapped\n"
    assert result["warning"].startswith("wandb: WARNING cannot redirect console output")


@pytest.mark.parametrize("mode", ["wrap", "redirect"])
def test_exit_without_stop_still_writes_output_log(tmp_path: Path, mode: str) -> None:
    proc, _ = run_script(
        f"""
        cap = ConsoleCapture({mode!r}, "output.log", None).start()
        print("bye")
        sys.stdout.write("partial")
        """,
        tmp_path,
    )
    assert proc.stdout == "bye\npartial"
    assert (tmp_path / "output.log").read_text() == "bye\npartial\n"


def test_stop_from_atexit_handler(tmp_path: Path) -> None:
    proc, _ = run_script(
        """
        import atexit
        cap = ConsoleCapture("redirect", "output.log", None).start()
        atexit.register(cap.stop)
        atexit.register(print, "printed at exit")
        print("main")
        """,
        tmp_path,
    )
    assert proc.stdout == "main\nprinted at exit\n"
    assert (tmp_path / "output.log").read_text() == "main\nprinted at exit\n"


def test_forked_child_does_not_touch_parent_capture(tmp_path: Path) -> None:
    proc, result = run_script(
        """
        rec = Recorder()
        cap = ConsoleCapture("wrap", "output.log", rec).start()
        print("parent")
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            print("child")
            sys.stdout.flush()
            cap.stop()
            os._exit(0)
        os.waitpid(pid, 0)
        cap.stop()
        dump(out=rec.text(True))
        """,
        tmp_path,
    )
    assert result["out"] == "parent\n"
    assert proc.stdout == "parent\nchild\n"
    assert (tmp_path / "output.log").read_text() == "parent\n"


def test_redirect_keeps_a_terminal_a_terminal(tmp_path: Path) -> None:
    import pty

    master, slave = pty.openpty()
    script = BOOTSTRAP + PRELUDE + textwrap.dedent(
        """
        rec = Recorder()
        tty_before = os.isatty(1)
        cap = ConsoleCapture("redirect", "output.log", rec).start()
        tty_during = os.isatty(1) and sys.stdout.isatty()
        child_tty = subprocess.run(
            [sys.executable, "-c", "import os; print(os.isatty(1))"], check=True
        )
        print("line one")
        sys.stdout.write("\\rprogress 50%\\rprogress 100%\\n")
        cap.stop()
        dump(before=tty_before, during=tty_during, out=rec.text(True))
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script], cwd=str(tmp_path), stdout=slave,
        stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
    )
    os.close(slave)
    terminal = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child side closed
            break
        if not chunk:
            break
        terminal += chunk
    os.close(master)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err.decode()
    result = json.loads((tmp_path / "result.json").read_text())
    assert result["before"] is True and result["during"] is True
    assert result["out"] == "True\nline one\n\rprogress 50%\rprogress 100%\n"
    assert terminal.replace(b"\r\n", b"\n") == (
        b"True\nline one\n\rprogress 50%\rprogress 100%\n"
    )
    assert (tmp_path / "output.log").read_text() == "True\nline one\nprogress 100%\n"
