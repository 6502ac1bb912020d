"""Shared check for hand-written fixtures: no run of words copied from the dev-set seeds."""

from __future__ import annotations

import re
from pathlib import Path

# The CI hook rejects any run of this many words shared with a seed; fixture tests apply the same rule.
SEED_OVERLAP_WORDS = 8


def word_runs(text: str, length: int = SEED_OVERLAP_WORDS) -> set[tuple[str, ...]]:
    """Every run of ``length`` consecutive words (lower-cased, punctuation ignored) in ``text``."""
    words = re.findall(r"[\w']+", text.lower())
    return {tuple(words[i : i + length]) for i in range(len(words) - length + 1)}


def seed_runs(seeds_dir: Path, length: int = SEED_OVERLAP_WORDS) -> set[tuple[str, ...]]:
    """The word runs of every seed article in ``seeds_dir``."""
    runs: set[tuple[str, ...]] = set()
    for seed in sorted(seeds_dir.glob("*.txt")):
        runs |= word_runs(seed.read_text(encoding="utf-8"), length)
    return runs
