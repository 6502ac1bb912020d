"""Cleaning rules loaded from ``data/boilerplate.yaml`` (patterns users extend without code)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from basewatch.config import data_path, load_yaml


class RulesError(ValueError):
    """A rules file is missing, unreadable or holds an invalid pattern."""


@dataclass(frozen=True)
class CleanRules:
    """Compiled boilerplate, footer, crumb, caption and corpus rules."""

    drop_lines: tuple[re.Pattern[str], ...]
    drop_max_words: int
    footer_markers: tuple[re.Pattern[str], ...]
    footer_max_words: int
    outlet_line_min_chars: int
    crumb: re.Pattern[str]
    captions: tuple[re.Pattern[str], ...]
    credit_lines: tuple[re.Pattern[str], ...]
    caption_max_words: int
    caption_keywords: tuple[str, ...]
    corpus_min_docs: int
    corpus_min_share: float
    corpus_max_words: int
    corpus_sentence_min_words: int


def _patterns(data: dict[str, Any], key: str, path: Path) -> tuple[re.Pattern[str], ...]:
    values = data.get(key) or []
    if not isinstance(values, list):
        raise RulesError(f"{path}: '{key}' must be a list of regular expressions")
    compiled = []
    for index, value in enumerate(values):
        try:
            compiled.append(re.compile(str(value), re.IGNORECASE))
        except re.error as exc:
            raise RulesError(
                f"{path}: {key}[{index}] {value!r} is not a valid regular expression: {exc}"
            ) from None
    return tuple(compiled)


def _crumb_pattern(spec: dict[str, Any]) -> re.Pattern[str]:
    """Regex for navigation crumbs: capitalised segments joined by separators."""
    separators = "".join(re.escape(s) for s in spec.get("separators", ["/", ">"]))
    max_segments = int(spec.get("max_segments", 4))
    max_words = int(spec.get("max_words", 3))
    word = r"[A-Z0-9][\w'’&.-]*"
    # Lower-case joiners inside a section name ("US & Canada", "Middle East and North Africa").
    joiner = r"(?:&|and|of|the|in|for) "
    segment = rf"{word}(?: (?:{joiner})?{word}){{0,{max_words - 1}}}"
    return re.compile(rf"^{segment}(?: ?[{separators}] ?{segment}){{1,{max_segments - 1}}}$")


def _int(data: dict[str, Any], key: str, default: int, path: Path) -> int:
    try:
        return int(data.get(key, default))
    except (TypeError, ValueError):
        raise RulesError(f"{path}: '{key}' must be a whole number") from None


@functools.cache
def load_rules(path: str | None = None) -> CleanRules:
    """Load and compile cleaning rules (default: the packaged ``data/boilerplate.yaml``)."""
    rules_path = Path(path) if path else data_path("boilerplate.yaml")
    try:
        data = load_yaml(rules_path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise RulesError(f"{rules_path}: cannot read cleaning rules: {exc}") from None
    if not isinstance(data, dict):
        raise RulesError(f"{rules_path}: expected a mapping of rule lists at the top level")
    corpus = data.get("corpus") or {}
    return CleanRules(
        drop_lines=_patterns(data, "drop_lines", rules_path),
        drop_max_words=_int(data, "drop_max_words", 40, rules_path),
        footer_markers=_patterns(data, "footer_markers", rules_path),
        footer_max_words=_int(data, "footer_max_words", 12, rules_path),
        outlet_line_min_chars=_int(data, "outlet_line_min_chars", 4, rules_path),
        crumb=_crumb_pattern(data.get("crumbs") or {}),
        captions=_patterns(data, "captions", rules_path),
        credit_lines=_patterns(data, "credit_lines", rules_path),
        caption_max_words=_int(data, "caption_max_words", 60, rules_path),
        caption_keywords=tuple(str(k).casefold() for k in data.get("caption_keywords") or []),
        corpus_min_docs=_int(corpus, "min_docs", 3, rules_path),
        corpus_min_share=float(corpus.get("min_share", 0.05)),
        corpus_max_words=_int(corpus, "max_words", 20, rules_path),
        corpus_sentence_min_words=_int(corpus, "sentence_min_words", 5, rules_path),
    )
