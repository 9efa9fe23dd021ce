"""Terminal emulation behind output.log: carriage returns, cursor codes, stripped escapes."""

from __future__ import annotations

import random

import pytest

from wandb.sdk.lib.terminal_emulator import MAX_LINE_LENGTH, LineModel, Terminal, emulate

CASES = [
    # (input, output.log text)
    ("", ""),
    ("a", "a\n"),
    ("a\n", "a\n"),
    ("\n", "\n"),
    ("a\n\n", "a\n\n"),
    ("a\nb", "a\nb\n"),
    ("progress\r50%\r100%\n", "100%ress\n"),
    ("abc\rX\n", "Xbc\n"),
    ("a\r\nb\r\n", "a\nb\n"),
    ("Testing...\nabc\rxyz\x1b[A\rV", "Vesting...\nxyz\n"),
    ("a\nb\n\x1b[2AX\x1b[BY\n", "X\nbY\n"),
    ("one\ntwo\nthree\n\x1b[3A\x1b[2KONE\n", "ONE\ntwo\nthree\n"),
    ("abcdef\r\x1b[Kxy\n", "xy\n"),
    ("abcdef\r\x1b[0Kxy\n", "xy\n"),
    ("abcdef\x1b[2K\rxy\n", "xy\n"),
    ("abcdef\x1b[3D\x1b[K\n", "abc\n"),
    ("abcdef\x1b[3D\x1b[1K\n", "    ef\n"),
    ("abc\x1b[2Kd\n", "   d\n"),
    ("abcdef\x1b[3GX\n", "abXdef\n"),
    ("ab\x1b[3CX\n", "ab   X\n"),
    ("abc\b\bX\n", "aXc\n"),
    ("\x1b[1;31mred\x1b[0m plain\x1b[m\n", "red plain\n"),
    ("\x1b[38;5;208morange\x1b[39m\n", "orange\n"),
    ("a\x1b]0;window title\x07b\n", "ab\n"),
    ("\x1b]8;;https://wandb.ai\x1b\\link\x1b]8;;\x1b\\\n", "link\n"),
    ("\x1b(Bok\x1b7\x1b8\n", "ok\n"),
    ("\x1b[?25lhidden cursor\x1b[?25h\n", "hidden cursor\n"),
    ("a\tb\n", "a\tb\n"),
    ("a\x07b\x00c\x7fd\n", "abcd\n"),
    ("x\x1b[5Ay\n", "xy\n"),
    ("naïve ☃ 日本\n", "naïve ☃ 日本\n"),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_emulation_table(text: str, expected: str) -> None:
    assert emulate(text) == expected


@pytest.mark.parametrize("text, expected", CASES)
def test_same_result_one_char_at_a_time(text: str, expected: str) -> None:
    assert emulate(*text) == expected


def test_escape_split_across_writes() -> None:
    assert emulate("ab\x1b[3", "1mc\n") == "abc\n"
    assert emulate("x\n", "y\x1b", "[A", "Z\n") == "xZ\ny\n"
    assert emulate("a\x1b]0;ti", "tle\x07b\n") == "ab\n"


def test_unfinished_escape_at_end_is_dropped() -> None:
    assert emulate("ab\x1b[1") == "ab\n"


def test_tqdm_like_loop_is_one_line() -> None:
    chunks = ["epoch 1\n"]
    for i in range(1, 1001):
        bar = "#" * (i // 50)
        chunks.append(f"\r{i * 100 // 1000:3d}%|{bar:<20}| {i}/1000")
    chunks.append("\n")
    chunks.append("done\n")
    assert emulate(*chunks) == "epoch 1\n100%|####################| 1000/1000\ndone\n"


def test_nested_bars_with_cursor_up() -> None:
    # Two tqdm bars (position 0 and 1) refreshed in place.
    chunks = []
    for i in range(1, 101):
        chunks.append(f"\router {i}%\n\rinner {i}%\x1b[A")
    chunks.append("\n\n")
    assert emulate(*chunks) == "outer 100%\ninner 100%\n"


def test_long_line_truncated() -> None:
    out = emulate("x" * (MAX_LINE_LENGTH + 10) + "\nnext\n")
    assert out == "x" * MAX_LINE_LENGTH + "\nnext\n"


def test_two_terminals_share_lines() -> None:
    model = LineModel(keep=None)
    out, err = Terminal(model), Terminal(model)
    out.write("line1\n")
    err.write("\rbar 10%")
    out.write("line2\n")
    err.write("\rbar 100%\n")
    out.write("line3\n")
    assert model.text() == "line1\nbar 100%\nline2\nline3\n"


def test_window_eviction_reports_old_lines() -> None:
    evicted: list[tuple[int, list[str]]] = []
    model = LineModel(keep=4, on_evict=lambda first, lines: evicted.append((first, list(lines))))
    term = Terminal(model, height=3)
    term.write("".join(f"{i}\n" for i in range(10)))
    assert evicted == [(0, ["0", "1", "2", "3"])]
    assert model.first == 4
    assert model.lines == ["4", "5", "6", "7", "8", "9"]
    all_lines = [line for _, lines in evicted for line in lines] + model.lines
    assert all_lines == [str(i) for i in range(10)]


def test_random_chunking_matches_single_write() -> None:
    rng = random.Random(1234)
    pieces = ["abc", "\r", "\n", "\x1b[A", "\x1b[B", "\x1b[K", "\x1b[2K", "\x1b[31m", "\x1b[0m",
              "12345", "\b", "é", "\x1b[3D", "\x1b[2C"]
    text = "".join(rng.choice(pieces) for _ in range(3000))
    expected = emulate(text)
    for _ in range(5):
        cuts = sorted(rng.sample(range(1, len(text)), 200))
        chunks = [text[a:b] for a, b in zip([0] + cuts, cuts + [len(text)])]
        assert emulate(*chunks) == expected


def test_forgotten_line_continues_at_the_end() -> None:
    model = LineModel(keep=4, on_evict=lambda first, lines: None)
    out, err = Terminal(model), Terminal(model)
    err.write("\rbar 1%")
    out.write("".join(f"{i}\n" for i in range(20)))
    assert model.first > 0  # the bar's line was forgotten
    err.write("\rbar 100%\n")
    assert model.lines[-1] == "bar 100%"
