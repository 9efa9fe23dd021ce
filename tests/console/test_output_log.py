"""OutputLogWriter: output.log stays equal to the emulated console across flushes and evictions."""

from __future__ import annotations

import random
from pathlib import Path

from wandb.sdk.lib.console_capture import OutputLogWriter
from wandb.sdk.lib.terminal_emulator import LineModel, Terminal, emulate


def test_file_matches_emulation_after_every_flush(tmp_path: Path) -> None:
    rng = random.Random(7)
    pieces = ["word ", "\r", "\n", "\n", "\x1b[A", "\x1b[2A", "\x1b[B", "\x1b[K", "\x1b[2K",
              "\x1b[1;33m", "\x1b[0m", "ünï ", "\b", "\x1b[4D", "0123456789"]
    path = tmp_path / "output.log"
    writer = OutputLogWriter(path)
    reference = LineModel(keep=None)
    term = Terminal(reference)
    chunks: list[str] = []
    for step in range(4000):
        chunk = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 6)))
        chunks.append(chunk)
        writer.write(True, chunk)
        term.write(chunk)
        if step % 37 == 0:
            writer.flush()
            assert path.read_text(encoding="utf-8") == reference.text()
    writer.close()
    assert path.read_text(encoding="utf-8") == reference.text() == emulate(*chunks)
    assert len(writer.model.lines) <= 128


def test_interleaved_streams_with_eviction(tmp_path: Path) -> None:
    path = tmp_path / "output.log"
    writer = OutputLogWriter(path)
    model = LineModel(keep=None)
    out, err = Terminal(model), Terminal(model)
    for epoch in range(30):
        for i in range(25):
            text = f"epoch {epoch} step {i}\n"
            writer.write(True, text)
            out.write(text)
            bar = f"\repoch {epoch}: {i * 4}%"
            writer.write(False, bar)
            err.write(bar)
        writer.write(False, "\n")
        err.write("\n")
        if epoch % 4 == 0:
            writer.flush()
    writer.close()
    expected = model.text()
    assert path.read_text() == expected
    lines = expected.splitlines()
    assert len(lines) == 30 * 26
    assert lines[:3] == ["epoch 0 step 0", "epoch 0: 96%", "epoch 0 step 1"]


def test_empty_console_gives_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "output.log"
    writer = OutputLogWriter(path)
    writer.flush()
    writer.close()
    assert path.read_bytes() == b""
    writer.close()  # idempotent


def test_invalid_text_is_written_as_utf8(tmp_path: Path) -> None:
    path = tmp_path / "output.log"
    writer = OutputLogWriter(path)
    writer.write(True, "ok \udcff end\n")  # a lone surrogate (from surrogateescape decoding)
    writer.close()
    assert path.read_bytes() == b"ok ? end\n"
