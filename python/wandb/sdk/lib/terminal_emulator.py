"""A tiny terminal emulator that turns console output into the lines of output.log.

Only what progress bars and ordinary programs need is supported:

* ``\\r`` returns to the start of the line; later text overwrites (``"abc\\rX"`` -> ``"Xbc"``).
* ``\\n`` moves to the start of the next line (an implicit ``\\r``, as terminals do).
* ``\\b`` moves one column left.
* CSI cursor movement: ``ESC[nA`` up, ``ESC[nB`` down, ``ESC[nC`` right, ``ESC[nD`` left,
  ``ESC[nG`` to column n, ``ESC[nE`` / ``ESC[nF`` to the start of a line below / above.
* CSI erase: ``ESC[K`` / ``ESC[0K`` (to end of line), ``ESC[1K`` (to start), ``ESC[2K``
  (whole line).
* Every other escape sequence (colors ``ESC[...m``, OSC titles and links, charset selection ...)
  and the remaining C0 control characters are dropped. Tabs are kept as they are.

Escape sequences split across writes are reassembled. A line exists once a character is put on
it or a newline ends it, so ``"a\n"`` is one line and ``"a\n\n"`` is ``"a"`` plus an empty line.

A :class:`LineModel` holds the lines shared by several :class:`Terminal` views (one for stdout,
one for stderr, so a progress bar on stderr keeps its own line while stdout prints). It keeps a
bounded window of recent lines; older lines are handed to an ``on_evict`` hook (the output.log
writer) and forgotten, so memory stays bounded. A terminal whose current line was forgotten
continues on a new line at the end.
"""

from __future__ import annotations

import re
from typing import Callable, Optional

__all__ = ["LineModel", "Terminal", "emulate", "MAX_LINE_LENGTH", "TERMINAL_HEIGHT"]

#: Characters past this column are dropped (wandb-core uses the same limit).
MAX_LINE_LENGTH = 4096
#: How many lines above the cursor a terminal can still reach with cursor-up.
TERMINAL_HEIGHT = 32

_PLAIN = re.compile(r"[^\x00-\x08\x0a-\x1f\x7f]+")  # printable text and tabs
_CSI = re.compile(r"\x1b\[([0-?]*)([ -/]*)([@-~])")
_OSC = re.compile(r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")
_CHARSET = re.compile(r"\x1b[()*+\-./#%][\x20-\x7e]")
_ESC_OTHER = re.compile(r"\x1b[\x20-\x7e]")
# An escape sequence that may still be completed by the next write.
_INCOMPLETE = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*|\][^\x07\x1b]*\x1b?|[()*+\-./#%])?\Z"
)
_MAX_PENDING = 1024


class LineModel:
    """The growing list of console lines, numbered from 0, with a bounded in-memory window.

    ``keep`` is how many recent lines stay editable; when the window holds ``2 * keep`` lines,
    ``on_evict(first_line_number, lines)`` receives the oldest ones, which are then forgotten
    (writes to forgotten lines are ignored). ``keep=None`` keeps every line (for tests and
    :func:`emulate`).
    """

    def __init__(
        self,
        keep: Optional[int] = 64,
        on_evict: Optional[Callable[[int, list[str]], None]] = None,
    ) -> None:
        self.first = 0
        self.lines: list[str] = []
        self.dirty_from: Optional[int] = None
        self._keep = keep
        self._on_evict = on_evict

    @property
    def end(self) -> int:
        """Number of the line after the last one."""
        return self.first + len(self.lines)

    def _mark(self, num: int) -> None:
        if self.dirty_from is None or num < self.dirty_from:
            self.dirty_from = num

    def new_line(self) -> int:
        """Append an empty line and return its number."""
        if self._keep is not None and len(self.lines) >= 2 * self._keep:
            self._evict(len(self.lines) - self._keep)
        num = self.end
        self.lines.append("")
        self._mark(num)
        return num

    def _evict(self, count: int) -> None:
        dropped = self.lines[:count]
        if self._on_evict is not None:
            self._on_evict(self.first, dropped)
        del self.lines[:count]
        self.first += count
        if self.dirty_from is not None and self.dirty_from < self.first:
            self.dirty_from = self.first

    def get(self, num: int) -> Optional[str]:
        """Text of line ``num``, or None when it was forgotten or does not exist."""
        idx = num - self.first
        if 0 <= idx < len(self.lines):
            return self.lines[idx]
        return None

    def set(self, num: int, text: str) -> None:
        """Replace line ``num`` (ignored for forgotten lines)."""
        idx = num - self.first
        if 0 <= idx < len(self.lines) and self.lines[idx] != text:
            self.lines[idx] = text
            self._mark(num)

    def text(self) -> str:
        """The lines in the window, each ending with a newline."""
        return "".join(line + "\n" for line in self.lines)


class Terminal:
    """One output stream's view onto a :class:`LineModel`, with its own cursor."""

    def __init__(
        self,
        model: LineModel,
        height: int = TERMINAL_HEIGHT,
        max_line_length: int = MAX_LINE_LENGTH,
    ) -> None:
        self._model = model
        self._height = max(1, height)
        self._max_len = max(1, max_line_length)
        self._view: list[int] = []  # line numbers in the model, top to bottom
        self._y = 0
        self._x = 0
        self._pending = ""

    # -- cursor and line helpers -------------------------------------------------------------

    def _line_num(self, allocate: bool) -> Optional[int]:
        if allocate:
            while self._y >= len(self._view):
                self._view.append(self._model.new_line())
        if self._y < len(self._view):
            return self._view[self._y]
        return None

    def _down(self, n: int) -> None:
        self._y += n
        overflow = self._y - (self._height - 1)
        if overflow > 0:
            del self._view[:overflow]
            self._y -= overflow

    def _up(self, n: int) -> None:
        self._y = max(0, self._y - n)

    def _put_text(self, s: str) -> None:
        x = self._x
        self._x = x + len(s)
        if x >= self._max_len:
            return
        s = s[: self._max_len - x]
        num = self._line_num(allocate=True)
        line = self._model.get(num)  # type: ignore[arg-type]
        if line is None:
            # The model forgot this line (other streams wrote many lines since): continue on a
            # new line at the end instead of dropping the text.
            self._view = []
            self._y = 0
            num = self._line_num(allocate=True)
            line = self._model.get(num)  # type: ignore[arg-type]
            if line is None:
                return
        if len(line) < x:
            line += " " * (x - len(line))
        self._model.set(num, line[:x] + s + line[x + len(s):])  # type: ignore[arg-type]

    def _erase(self, mode: int) -> None:
        num = self._line_num(allocate=False)
        if num is None:
            return
        line = self._model.get(num)
        if line is None:
            return
        if mode == 0:
            line = line[: self._x]
        elif mode == 1:
            line = " " * min(self._x + 1, len(line)) + line[self._x + 1:]
        elif mode == 2:
            line = ""
        else:
            return
        self._model.set(num, line)

    def _csi(self, params: str, intermediates: str, final: str) -> None:
        if intermediates or (params[:1] in ("?", "<", "=", ">")):
            return  # private modes (cursor visibility, bracketed paste ...): ignore
        try:
            first = int(params.split(";")[0]) if params.split(";")[0] else None
        except ValueError:
            return
        n = first if first else 1
        if final == "A":
            self._up(n)
        elif final == "B":
            self._down(n)
        elif final == "C":
            self._x += n
        elif final == "D":
            self._x = max(0, self._x - n)
        elif final == "G":
            self._x = n - 1
        elif final == "E":
            self._x = 0
            self._down(n)
        elif final == "F":
            self._x = 0
            self._up(n)
        elif final == "K":
            self._erase(first or 0)
        # everything else (SGR colors 'm', 'J', 'H', ...) is dropped

    # -- input -------------------------------------------------------------------------------

    def write(self, text: str) -> None:
        """Feed console text (any chunking) into the terminal."""
        if self._pending:
            text = self._pending + text
            self._pending = ""
        i = 0
        n = len(text)
        while i < n:
            m = _PLAIN.match(text, i)
            if m is not None:
                self._put_text(m.group())
                i = m.end()
                continue
            c = text[i]
            if c == "\n":
                self._line_num(allocate=True)  # the line being ended exists, even if empty
                self._x = 0
                self._down(1)
                i += 1
            elif c == "\r":
                self._x = 0
                i += 1
            elif c == "\b":
                self._x = max(0, self._x - 1)
                i += 1
            elif c == "\x1b":
                i = self._escape(text, i)
                if i < 0:
                    break
            else:
                i += 1  # other control characters are dropped

    def _escape(self, text: str, i: int) -> int:
        m = _CSI.match(text, i)
        if m is not None:
            self._csi(m.group(1), m.group(2), m.group(3))
            return m.end()
        m = _OSC.match(text, i)
        if m is not None:
            return m.end()
        if _INCOMPLETE.match(text, i) is not None:
            rest = text[i:]
            if len(rest) <= _MAX_PENDING:
                self._pending = rest
            return -1
        for pattern in (_CHARSET, _ESC_OTHER):
            m = pattern.match(text, i)
            if m is not None:
                return m.end()
        return i + 1  # lone ESC before something unexpected: drop the ESC


def emulate(*chunks: str) -> str:
    """Run text chunks through one terminal and return the resulting output.log text."""
    model = LineModel(keep=None)
    term = Terminal(model)
    for chunk in chunks:
        term.write(chunk)
    return model.text()
