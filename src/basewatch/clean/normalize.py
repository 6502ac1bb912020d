"""White-space folding with a character-level map back to the original text."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Removed outright: they are invisible and only break tokens apart.
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e")
# Folded to a plain space (str.isspace() covers NBSP, thin and other Unicode spaces too).
EXTRA_SPACES = frozenset("\u00a0\u2007\u202f\u2009\u200a\u3000")
# Typographic quotes folded one-for-one (same length, so offsets stay mapped); off by default
# because annotated evidence keeps the publisher's quotes.
QUOTE_FOLD = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "‟": '"'})

BREAK_RE = re.compile(r"\r\n|[\n\r\u2028\u2029\x85\x0b\x0c]")


@dataclass
class Line:
    """One folded line of the original: its text and, per character, the original offset."""

    text: str
    sources: list[int]

    @property
    def words(self) -> int:
        return len(self.text.split())


def fold_line(raw: str, start: int, end: int, *, fold_quotes: bool = False) -> Line:
    """Fold white space in ``raw[start:end]``: runs become one space, ends are stripped."""
    chars: list[str] = []
    sources: list[int] = []
    pending_space = -1
    for index in range(start, end):
        char = raw[index]
        if char in ZERO_WIDTH:
            continue
        if char.isspace() or char in EXTRA_SPACES:
            if pending_space < 0:
                pending_space = index
            continue
        if unicodedata.category(char) == "Cc":
            continue
        if pending_space >= 0 and chars:
            chars.append(" ")
            sources.append(pending_space)
        pending_space = -1
        chars.append(char)
        sources.append(index)
    text = "".join(chars)
    if fold_quotes:
        text = text.translate(QUOTE_FOLD)
    return Line(text, sources)


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
    """Whole text with white space folded per line (no offset map)."""
    return "\n".join(line.text for line in split_lines(text) if line is not None)


def runs_from_sources(sources: list[int]) -> list[tuple[int, int, int]]:
    """Compress a per-character source list into ``(clean_start, raw_start, length)`` runs.

    Characters with source -1 (inserted separators, a prepended title) are left out of the map.
    """
    runs: list[tuple[int, int, int]] = []
    run_start = run_raw = -1
    length = 0
    for clean_index, raw_index in enumerate(sources):
        if raw_index >= 0 and length and raw_index == run_raw + length and clean_index == run_start + length:
            length += 1
            continue
        if length:
            runs.append((run_start, run_raw, length))
            length = 0
        if raw_index >= 0:
            run_start, run_raw, length = clean_index, raw_index, 1
    if length:
        runs.append((run_start, run_raw, length))
    return runs


def to_original(offset_map: list[tuple[int, int, int]], clean_offset: int) -> int | None:
    """Original offset of one cleaned-text offset, or None when it was inserted by cleaning."""
    for clean_start, raw_start, length in offset_map:
        if clean_start <= clean_offset < clean_start + length:
            return raw_start + clean_offset - clean_start
        if clean_start > clean_offset:
            break
    return None
