"""Wrap mode: sys.stdout/sys.stderr write() wrapped, per-write callbacks, output.log."""

from __future__ import annotations

import io
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from wandb.sdk.lib import console_capture
from wandb.sdk.lib.console_capture import ConsoleCapture, resolve_console_mode


class Recorder:
    def __init__(self) -> None:
        self.events: list[tuple[bool, str]] = []

    def __call__(self, is_stdout: bool, text: str) -> None:
        self.events.append((is_stdout, text))

    def text(self, is_stdout: bool) -> str:
        return "".join(t for s, t in self.events if s is is_stdout)


def swap_streams(monkeypatch: pytest.MonkeyPatch) -> tuple[io.StringIO, io.StringIO]:
    """Replace sys.stdout/sys.stderr by StringIOs (inside the test: pytest resets them before)."""
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    return out, err


@pytest.fixture(autouse=True)
def no_leftover_captures():
    yield
    leftover = list(console_capture._active)
    for cap in leftover:
        cap.stop()
    assert not leftover, "a test left a capture running"


def test_print_gives_one_record_per_write(monkeypatch, tmp_path: Path) -> None:
    streams = swap_streams(monkeypatch)
    out, _ = streams
    rec = Recorder()
    with ConsoleCapture("wrap", tmp_path / "output.log", rec):
        print("a", "b")
    assert rec.events == [(True, "a"), (True, " "), (True, "b"), (True, "\n")]
    assert out.getvalue() == "a b\n"
    assert (tmp_path / "output.log").read_text() == "a b\n"


def test_empty_writes_are_recorded_like_wandb(monkeypatch) -> None:
    swap_streams(monkeypatch)
    rec = Recorder()
    with ConsoleCapture("wrap", None, rec):
        print("x", end="")
        sys.stdout.write("")
    assert rec.events == [(True, "x"), (True, ""), (True, "")]


def test_stderr_flag_and_interleaving(monkeypatch, tmp_path: Path) -> None:
    streams = swap_streams(monkeypatch)
    out, err = streams
    rec = Recorder()
    with ConsoleCapture("wrap", tmp_path / "output.log", rec):
        print("to out")
        print("to err", file=sys.stderr)
        sys.stdout.writelines(["p", "q\n"])
    assert rec.events == [
        (True, "to out"), (True, "\n"), (False, "to err"), (False, "\n"),
        (True, "p"), (True, "q\n"),
    ]
    assert out.getvalue() == "to out\npq\n"
    assert err.getvalue() == "to err\n"
    assert (tmp_path / "output.log").read_text() == "to out\nto err\npq\n"


def test_output_log_emulation(monkeypatch, tmp_path: Path) -> None:
    swap_streams(monkeypatch)
    path = tmp_path / "output.log"
    with ConsoleCapture("wrap", path, None):
        print("progress\r50%\r100%")
        print("\x1b[32mgreen\x1b[0m")
        for i in range(1, 1001):
            sys.stderr.write(f"\r{i / 10:5.1f}% |{'#' * (i // 100):<10}|")
        sys.stderr.write("\n")
        print("after")
        sys.stdout.write("partial")
    assert path.read_text() == (
        "100%ress\ngreen\n100.0% |##########|\nafter\npartial\n"
    )


def test_progress_bar_on_stderr_keeps_its_line(monkeypatch, tmp_path: Path) -> None:
    swap_streams(monkeypatch)
    path = tmp_path / "output.log"
    with ConsoleCapture("wrap", path, None):
        print("epoch 1")
        sys.stderr.write("\rbar 10%")
        print("log line while the bar runs")
        sys.stderr.write("\rbar 100%\n")
        print("epoch 2")
    assert path.read_text() == "epoch 1\nbar 100%\nlog line while the bar runs\nepoch 2\n"


def test_flush_writes_current_state_and_rewrites_it(monkeypatch, tmp_path: Path) -> None:
    swap_streams(monkeypatch)
    path = tmp_path / "output.log"
    cap = ConsoleCapture("wrap", path, None, flush_interval=3600).start()
    try:
        print("first")
        sys.stdout.write("\rstep 1")
        cap.flush()
        assert path.read_text() == "first\nstep 1\n"
        sys.stdout.write("\rstep 22")
        cap.flush()
        assert path.read_text() == "first\nstep 22\n"
        sys.stdout.write("\rs\x1b[K")
        cap.flush()
        assert path.read_text() == "first\ns\n"
    finally:
        cap.stop()
    assert path.read_text() == "first\ns\n"


def test_many_lines_keep_memory_bounded(monkeypatch, tmp_path: Path) -> None:
    swap_streams(monkeypatch)
    path = tmp_path / "output.log"
    cap = ConsoleCapture("wrap", path, None, flush_interval=3600).start()
    try:
        for i in range(5000):
            print(f"line {i}")
            if i % 997 == 0:
                cap.flush()
        assert len(cap._log.model.lines) <= 2 * console_capture._KEEP_LINES
    finally:
        cap.stop()
    assert path.read_text() == "".join(f"line {i}\n" for i in range(5000))


def test_append_keeps_existing_content(monkeypatch, tmp_path: Path) -> None:
    swap_streams(monkeypatch)
    path = tmp_path / "output.log"
    path.write_text("old\n")
    with ConsoleCapture("wrap", path, None, append=True):
        print("new")
    assert path.read_text() == "old\nnew\n"


def test_stop_restores_streams(monkeypatch) -> None:
    streams = swap_streams(monkeypatch)
    out, err = streams
    rec = Recorder()
    cap = ConsoleCapture("wrap", None, rec)
    cap.start()
    assert sys.stdout is out and sys.stderr is err
    assert "write" in vars(out)
    cap.stop()
    assert "write" not in vars(out) and "write" not in vars(err)
    print("not recorded")
    assert rec.events == []
    assert out.getvalue() == "not recorded\n"


def test_start_stop_idempotent(monkeypatch) -> None:
    swap_streams(monkeypatch)
    rec = Recorder()
    cap = ConsoleCapture("wrap", None, rec)
    cap.start()
    cap.start()
    print("once")
    cap.stop()
    cap.stop()
    assert rec.events == [(True, "once"), (True, "\n")]
    assert not cap.active


def test_stream_attributes_still_work(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    f = open(tmp_path / "term.txt", "w+", encoding="latin-1")
    monkeypatch.setattr(sys, "stdout", f)
    rec = Recorder()
    try:
        with ConsoleCapture("wrap", None, rec):
            assert sys.stdout is f
            assert sys.stdout.fileno() == f.buffer.fileno()
            assert sys.stdout.encoding == "latin-1"
            assert sys.stdout.isatty() is False
            assert sys.stdout.writable()
            print("é")
            sys.stdout.flush()
            assert (tmp_path / "term.txt").read_bytes() == "é\n".encode("latin-1")
    finally:
        f.close()
    assert rec.events == [(True, "é"), (True, "\n")]


class SlottedStream:
    """A stream whose write attribute cannot be replaced."""

    __slots__ = ("parts",)

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, s: str) -> int:
        self.parts.append(s)
        return len(s)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return True

    @property
    def encoding(self) -> str:
        return "utf-8"


def test_unpatchable_stream_gets_a_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = SlottedStream()
    monkeypatch.setattr(sys, "stdout", stream)
    rec = Recorder()
    cap = ConsoleCapture("wrap", None, rec).start()
    try:
        assert sys.stdout is not stream
        assert sys.stdout.isatty() is True
        assert sys.stdout.encoding == "utf-8"
        print("hi")
    finally:
        cap.stop()
    assert sys.stdout is stream
    assert stream.parts == ["hi", "\n"]
    assert rec.events == [(True, "hi"), (True, "\n")]


def test_works_when_stdout_is_none(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    err = io.StringIO()
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", err)
    rec = Recorder()
    with ConsoleCapture("wrap", tmp_path / "output.log", rec):
        print("to stderr", file=sys.stderr)
    assert rec.events == [(False, "to stderr"), (False, "\n")]
    assert (tmp_path / "output.log").read_text() == "to stderr\n"


def test_pytest_capture_still_sees_output(capsys: pytest.CaptureFixture[str]) -> None:
    rec = Recorder()
    with ConsoleCapture("auto", None, rec):
        print("seen by both")
        print("err too", file=sys.stderr)
    captured = capsys.readouterr()
    assert captured.out == "seen by both\n"
    assert captured.err == "err too\n"
    assert rec.text(True) == "seen by both\n"
    assert rec.text(False) == "err too\n"


def test_multiple_captures_fan_out(monkeypatch, tmp_path: Path) -> None:
    streams = swap_streams(monkeypatch)
    out, _ = streams
    r1, r2 = Recorder(), Recorder()
    c1 = ConsoleCapture("wrap", tmp_path / "one.log", r1).start()
    print("both")
    c2 = ConsoleCapture("wrap_emu", tmp_path / "two.log", r2).start()
    print("both again")
    c1.stop()
    assert "write" in vars(out)  # still wrapped for c2
    print("only two")
    c2.stop()
    assert "write" not in vars(out)
    print("nobody")
    assert r1.text(True) == "both\nboth again\n"
    assert r2.text(True) == "both again\nonly two\n"
    assert (tmp_path / "one.log").read_text() == "both\nboth again\n"
    assert (tmp_path / "two.log").read_text() == "both again\nonly two\n"
    assert out.getvalue() == "both\nboth again\nonly two\nnobody\n"


def test_stdout_replaced_between_runs_is_wrapped_too(monkeypatch) -> None:
    streams = swap_streams(monkeypatch)
    r1, r2 = Recorder(), Recorder()
    c1 = ConsoleCapture("wrap", None, r1).start()
    new_out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", new_out)
    c2 = ConsoleCapture("wrap", None, r2).start()
    print("x")
    c1.stop()
    c2.stop()
    assert r1.text(True) == "x\n" and r2.text(True) == "x\n"
    assert "write" not in vars(new_out) and "write" not in vars(streams[0])


def test_errors_in_on_write_do_not_propagate(monkeypatch, tmp_path: Path) -> None:
    streams = swap_streams(monkeypatch)
    out, err = streams
    calls = []

    def broken(is_stdout: bool, text: str) -> None:
        calls.append(text)
        raise RuntimeError("boom")

    path = tmp_path / "output.log"
    with ConsoleCapture("wrap", path, broken):
        print("a")
        print("b")
        print("c", file=sys.stderr)
    assert out.getvalue() == "a\nb\n"
    warnings = [line for line in err.getvalue().splitlines() if line.startswith("wandb: WARNING")]
    assert len(warnings) == 1 and "boom" in warnings[0]
    assert err.getvalue().endswith("c\n")
    assert calls == ["a", "\n", "b", "\n", "c", "\n"]  # still called, the warning was not recorded
    assert path.read_text() == "a\nb\nc\n"


def test_writes_inside_on_write_do_not_recurse(monkeypatch) -> None:
    streams = swap_streams(monkeypatch)
    out, _ = streams
    events = []

    def noisy(is_stdout: bool, text: str) -> None:
        events.append(text)
        print(f"[cb {text!r}]")

    with ConsoleCapture("wrap", None, noisy):
        sys.stdout.write("x")
    assert events == ["x"]
    assert out.getvalue() == "x[cb 'x']\n"


def test_keyboard_interrupt_is_not_swallowed(monkeypatch) -> None:
    streams = swap_streams(monkeypatch)
    def interrupted(is_stdout: bool, text: str) -> None:
        raise KeyboardInterrupt

    with ConsoleCapture("wrap", None, interrupted):
        with pytest.raises(KeyboardInterrupt):
            sys.stdout.write("x")
    assert streams[0].getvalue() == "x"


def test_concurrent_writes_from_threads(monkeypatch, tmp_path: Path) -> None:
    swap_streams(monkeypatch)
    rec = Recorder()
    path = tmp_path / "output.log"

    def worker(n: int) -> None:
        for i in range(200):
            sys.stdout.write(f"t{n}-{i}\n")

    with ConsoleCapture("wrap", path, rec):
        threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert len(rec.events) == 800
    expected = [f"t{n}-{i}\n" for n in range(4) for i in range(200)]
    assert sorted(t for _, t in rec.events) == sorted(expected)
    assert sorted(path.read_text().splitlines()) == sorted(t.strip() for _, t in rec.events)


def test_off_mode_does_nothing(monkeypatch, tmp_path: Path) -> None:
    streams = swap_streams(monkeypatch)
    out, _ = streams
    rec = Recorder()
    with ConsoleCapture("off", tmp_path / "output.log", rec) as cap:
        print("hello")
        assert cap.method == "off"
    assert rec.events == []
    assert "write" not in vars(out)
    assert not (tmp_path / "output.log").exists()


@pytest.mark.parametrize("mode, method", [
    ("auto", "wrap"), ("wrap", "wrap"), ("wrap_raw", "wrap"), ("wrap_emu", "wrap"),
    ("redirect", "redirect"), ("off", "off"),
])
def test_mode_resolution(mode: str, method: str) -> None:
    assert resolve_console_mode(mode) == method
    assert ConsoleCapture(mode, None, None).method == method


def test_invalid_mode_names_the_values() -> None:
    with pytest.raises(ValueError) as exc:
        ConsoleCapture("tee", None, None)
    msg = str(exc.value)
    assert "console" in msg and "'tee'" in msg
    for mode in ("auto", "off", "wrap", "redirect", "wrap_raw", "wrap_emu"):
        assert repr(mode) in msg


def test_bytes_writes_are_decoded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class Loose(io.StringIO):
        def write(self, s: Any) -> int:  # accepts bytes, like some notebook streams
            return super().write(s.decode() if isinstance(s, bytes) else s)

    monkeypatch.setattr(sys, "stdout", Loose())
    rec = Recorder()
    with ConsoleCapture("wrap", None, rec):
        sys.stdout.write(b"raw\n")
    assert rec.events == [(True, "raw\n")]
