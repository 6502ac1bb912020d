"""White-space folding with a character-level map back to the original text."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Typographic quotes folded one-for-one (same length, so offsets stay mapped); off by default
# because annotated evidence keeps the publisher's quotes.
QUOTE_FOLD = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "‟": '"'})

# Removed outright: zero-width characters, soft hyphens and control characters are invisible
# and only break tokens apart. Every other white space (NBSP, thin spaces, ...) folds to a space.
_REMOVED_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f"
_TOKEN = re.compile(rf"[^\s{_REMOVED_CHARS}]+(?: [^\s{_REMOVED_CHARS}]+)*")
_SPACE = re.compile(r"\s")
_REMOVED = re.compile(rf"[{_REMOVED_CHARS}]")
BREAK_RE = re.compile(r"\r\n|[\n\r\u2028\u2029\x85\x0b\x0c]")


Run = tuple[int, int, int]  # (clean_start, raw_start, length)


@dataclass
class Line:
    """One folded line of the original: its text and runs mapping it back (offsets within the line)."""

    text: str
    runs: list[Run]

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def raw_end(self) -> int:
        """Original offset just after the line's last character."""
        _start, raw_start, length = self.runs[-1]
        return raw_start + length


def add_run(runs: list[Run], clean_start: int, raw_start: int, length: int) -> None:
    """Append a run, extending the last one when both sides continue it."""
    if runs:
        last_clean, last_raw, last_length = runs[-1]
        if last_clean + last_length == clean_start and last_raw + last_length == raw_start:
            runs[-1] = (last_clean, last_raw, last_length + length)
            return
    runs.append((clean_start, raw_start, length))


def fold_line(raw: str, start: int, end: int, *, fold_quotes: bool = False) -> Line:
    """Fold white space in ``raw[start:end]``: runs become one space, ends are stripped.

    Words joined by single spaces are copied as one piece, which keeps this fast on long texts.
    """
    pieces: list[str] = []
    runs: list[Run] = []
    position = 0
    previous_end = -1
    for match in _TOKEN.finditer(raw, start, end):
        token_start, token_end = match.span()
        if previous_end >= 0 and token_start > previous_end:
            # A gap of only zero-width or control characters joins its neighbours.
            space = _SPACE.search(raw, previous_end, token_start)
            if space:
                pieces.append(" ")
                add_run(runs, position, space.start(), 1)
                position += 1
        pieces.append(match.group())
        add_run(runs, position, token_start, token_end - token_start)
        position += token_end - token_start
        previous_end = token_end
    text = "".join(pieces)
    if fold_quotes:
        text = text.translate(QUOTE_FOLD)
    return Line(text, runs)


def fold_plain(line: str) -> str:
    """The text ``fold_line`` gives for one line, without the offset map (for statistics)."""
    return " ".join(_REMOVED.sub("", line).split())


def split_lines(raw: str, *, fold_quotes: bool = False) -> list[Line | None]:
    """Folded lines of ``raw``; ``None`` marks a blank (or white-space only) line."""
    lines: list[Line | None] = []
    start = 0
    for match in BREAK_RE.finditer(raw):
        line = fold_line(raw, start, match.start(), fold_quotes=fold_quotes)
        lines.append(line if line.text else None)
        start = match.end()
    line = fold_line(raw, start, len(raw), fold_quotes=fold_quotes)
    lines.append(line if line.text else None)
    return lines


def line_key(text: str) -> str:
    """Comparison key of a line: case-folded, white space collapsed."""
    return " ".join(text.split()).casefold()


def fold_text(text: str) -> str:
    """Whole text with white space folded per line (no offset map), blank lines removed."""
    lines = (fold_plain(line) for line in BREAK_RE.split(text))
    return "\n".join(line for line in lines if line)


def to_original(offset_map: list[tuple[int, int, int]], clean_offset: int) -> int | None:
    """Original offset of one cleaned-text offset, or None when it was inserted by cleaning."""
    for clean_start, raw_start, length in offset_map:
        if clean_start <= clean_offset < clean_start + length:
            return raw_start + clean_offset - clean_start
        if clean_start > clean_offset:
            break
    return None
