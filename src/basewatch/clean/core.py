"""Turn a decoded article into cleaned text: boilerplate dropped, title and captions found.

The cleaned text is the article's paragraphs joined by blank lines. Every character that
came from the input keeps its original offset (``offset_map``), so evidence found in the
cleaned text can be shown in the original.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from basewatch.clean.normalize import BREAK_RE, Line, Run, add_run, fold_plain, line_key, split_lines
from basewatch.clean.outlet import is_outlet_name
from basewatch.clean.rules import CleanRules, load_rules
from basewatch.records import Block, BlockKind

PARAGRAPH_SEPARATOR = "\n\n"
# A line ending like this closes a sentence; a wrapped line does not.
SENTENCE_END = re.compile(r"[.!?:;\"”’')\]]$")
# How a prose sentence ends (a boilerplate line rarely does).
PROSE_END = re.compile(r"[.!?][\"”’')\]]?$")
# Short lines that may stand before the headline without being it.
PRE_TITLE = re.compile(
    r"^((?i:by)\s+[A-Z][\w .'-]{1,60}"  # byline
    r"|(?i:updated|published|posted)\b.{0,60}"  # time stamp
    r"|[\w ,:./-]{0,40}\d{4}[\w ,:./-]{0,20})$"  # date line
)
TITLE_MAX_WORDS = 30
# Lower-case name prefixes ("al-Shabaab fighters ...") start paragraphs, not continuations.
NAME_PREFIX = re.compile(r"^(?:al|el|ad|an|ar|as|at|ash|az|ibn|bin|de|van|von)[-‐’' ]", re.IGNORECASE)
# Hard-wrapped text: at least this many lines, the 90th-percentile length at most this wide,
# and half the lines at least this share of it.
WRAP_MIN_LINES = 4
WRAP_MAX_WIDTH = 110
WRAP_FULL_SHARE = 0.7
# A headline may end with an abbreviation ("... Troops Leave U.S.") without being a sentence.
ABBREVIATION_END = re.compile(r"\b(?:[A-Z]\.){2,}$")
TITLE_SEARCH_LINES = 4
# A line closing a parenthesis the previous line opened is joined to it when at most this long.
UNCLOSED_MAX_WORDS = 20
SECTION_LABEL_MAX_WORDS = 2
# "By Jo Writer | May 3, 2021" -> "Jo Writer"; only in the first paragraphs.
BYLINE = re.compile(r"^(?i:by)\s+(?P<name>[^.!?;:|,]{2,60}?)\s*(?:[|,–—-].*)?$")
BYLINE_SEARCH_LINES = 6


@dataclass
class CleanResult:
    """Cleaned text with its title, blocks, map to the original and the lines dropped."""

    text: str
    title: str | None
    blocks: list[Block] = field(default_factory=list)
    offset_map: list[tuple[int, int, int]] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    byline: str | None = None  # author named by a dropped "By ..." line near the top

    def block_text(self, block: Block) -> str:
        return self.text[block.start : block.end]


def _wrap_width(lines: list[Line | None]) -> int | None:
    """Line width of a hard-wrapped text (most lines nearly this long), or None when it is not."""
    lengths = sorted(len(line.text) for line in lines if line is not None)
    if len(lengths) < WRAP_MIN_LINES:
        return None
    width = lengths[int(len(lengths) * 0.9)]
    if width > WRAP_MAX_WIDTH:
        return None
    full = sum(1 for length in lengths if length >= WRAP_FULL_SHARE * width)
    return width if full >= 0.5 * len(lengths) else None


def _continues(previous: Line, line: Line, wrap_width: int | None, rules: CleanRules) -> bool:
    """Whether ``line`` continues the paragraph of ``previous`` (a hard line break, not a new block)."""
    if _open_bracket(previous.text) and ")" in line.text and line.words <= UNCLOSED_MAX_WORDS:
        return True  # "(Photo: what it shows." / "Credit of the photo)": one caption over two lines
    if any(p.search(line.text) for p in rules.credit_lines) and is_caption(previous.text, rules):
        return True  # a photo credit on the line after its caption belongs to it
    if SENTENCE_END.search(previous.text):
        return False
    if line.text[:1].islower() and not NAME_PREFIX.match(line.text):
        return True
    # In a hard-wrapped text a nearly full line that ends mid-sentence goes on in the next line.
    return wrap_width is not None and len(previous.text) >= WRAP_FULL_SHARE * wrap_width


def _open_bracket(text: str) -> bool:
    """Whether ``text`` leaves a parenthesis open (a caption wrapped over lines)."""
    return text.count("(") > text.count(")")


def _join_wrapped(lines: list[Line | None], rules: CleanRules) -> list[Line]:
    """Paragraphs: lines, with hard-wrapped continuations joined."""
    wrap_width = _wrap_width(lines)
    paragraphs: list[Line] = []
    previous_blank = True
    for line in lines:
        if line is None:
            previous_blank = True
            continue
        if paragraphs and not previous_blank and _continues(paragraphs[-1], line, wrap_width, rules):
            last = paragraphs[-1]
            # The joining space stands for the line break that followed the previous line.
            runs = list(last.runs)
            add_run(runs, len(last.text), last.raw_end, 1)
            shift = len(last.text) + 1
            for clean_start, raw_start, length in line.runs:
                add_run(runs, clean_start + shift, raw_start, length)
            paragraphs[-1] = Line(last.text + " " + line.text, runs)
        else:
            paragraphs.append(line)
        previous_blank = False
    return paragraphs


def is_caption(text: str, rules: CleanRules | None = None) -> bool:
    """True when a line reads like a photo caption or credit line."""
    rules = rules or load_rules()
    if len(text.split()) > rules.caption_max_words:
        return False
    lower = text.casefold()
    # Cheap keyword gate first: the patterns are costly on long paragraphs.
    if rules.caption_keywords and not any(k in lower for k in rules.caption_keywords):
        return False
    return any(p.search(text) for p in rules.captions)


def boilerplate_reason(text: str, rules: CleanRules | None = None) -> str | None:
    """Why a single line is boilerplate by pattern ("pattern", "crumb"), or None."""
    rules = rules or load_rules()
    if len(text.split()) <= rules.drop_max_words and any(p.search(text) for p in rules.drop_lines):
        return "pattern"
    if rules.crumb.match(text):
        return "crumb"
    if len(text) >= rules.outlet_line_min_chars and is_outlet_name(text):
        return "outlet name"
    return None


def _is_footer_tail(text: str, rules: CleanRules) -> bool:
    """A short line that is not prose ("Follow us on:", a link, an app name) after a footer marker."""
    return len(text.split()) <= rules.footer_max_words and not PROSE_END.search(text)


def _title_index(paragraphs: list[Line], kinds: list[BlockKind | None], title_hint: str | None) -> int | None:
    """Index of the paragraph that is the headline, or None."""
    kept = [i for i, kind in enumerate(kinds) if kind == "body"]
    if title_hint:
        hint = line_key(title_hint)
        for index in kept[: TITLE_SEARCH_LINES + 2]:
            key = line_key(paragraphs[index].text)
            # Page titles often carry a site suffix ("Headline | Outlet"): accept a long prefix.
            if key == hint or (len(key) >= 0.5 * len(hint) and len(key.split()) >= 3 and key in hint):
                return index
        return None
    for position, index in enumerate(kept[:TITLE_SEARCH_LINES]):
        text = paragraphs[index].text
        words = len(text.split())
        # Single words ("World", "EXCLUSIVE"), bylines and date lines may stand above a headline.
        if words < 2 or PRE_TITLE.match(text):
            continue
        if not _headline_like(text):
            return None
        # A short section label ("Middle East") above a longer headline: the headline wins.
        if words <= SECTION_LABEL_MAX_WORDS and position + 1 < len(kept):
            following = paragraphs[kept[position + 1]].text
            if _headline_like(following) and len(following.split()) > words:
                return kept[position + 1]
        return index
    return None


def _headline_like(text: str) -> bool:
    """Short enough for a headline and not ending like a sentence."""
    ends_sentence = text.endswith(".") and not ABBREVIATION_END.search(text)
    return len(text.split()) <= TITLE_MAX_WORDS and not ends_sentence and len(text) <= 300


def _byline(paragraphs: list[Line], kinds: list[BlockKind | None]) -> str | None:
    """The author of a dropped byline among the first paragraphs (not an outlet's own name)."""
    for paragraph, kind in zip(paragraphs, kinds, strict=True):
        match = BYLINE.match(paragraph.text) if kind is None else None
        if not match:
            continue
        # Dates and times are not names: "By Jo Writer 23-2-2021" -> "Jo Writer".
        name = " ".join(word for word in match.group("name").split() if not any(c.isdigit() for c in word))
        if name and not is_outlet_name(name):
            return name
    return None


def clean_text(
    raw: str,
    *,
    title_hint: str | None = None,
    boilerplate_lines: set[str] | None = None,
    caption_lines: set[str] | None = None,
    fold_quotes: bool = False,
    rules: CleanRules | None = None,
) -> CleanResult:
    """Clean one decoded article.

    ``title_hint`` is a headline known from elsewhere (the HTML title); when no line matches it,
    it is put in front of the text. ``boilerplate_lines`` are line keys recurring across a batch
    (see :func:`corpus_boilerplate`); ``caption_lines`` are lines known to be captions (HTML
    ``<figcaption>``). Typographic quotes are kept unless ``fold_quotes``.
    """
    rules = rules or load_rules()
    corpus_keys = {line_key(k) for k in boilerplate_lines} if boilerplate_lines else set()
    caption_keys = {line_key(k) for k in caption_lines} if caption_lines else set()
    paragraphs = _join_wrapped(split_lines(raw, fold_quotes=fold_quotes), rules)

    kinds: list[BlockKind | None] = []
    dropped: list[str] = []
    in_footer = False
    for paragraph in paragraphs:
        text = paragraph.text
        key = line_key(text)
        if in_footer and _is_footer_tail(text, rules):
            kinds.append(None)
            dropped.append(text)
            continue
        in_footer = False
        if any(p.search(text) for p in rules.footer_markers):
            in_footer = True
            kinds.append(None)
            dropped.append(text)
            continue
        if key in caption_keys or is_caption(text, rules):
            kinds.append("caption")
            continue
        if key in corpus_keys or boilerplate_reason(text, rules):
            kinds.append(None)
            dropped.append(text)
            continue
        kinds.append("body")

    byline = _byline(paragraphs[:BYLINE_SEARCH_LINES], kinds[:BYLINE_SEARCH_LINES])
    title_at = _title_index(paragraphs, kinds, title_hint)
    if title_at is not None:
        kinds[title_at] = "title"

    pieces: list[str] = []
    offset_map: list[Run] = []
    blocks: list[Block] = []
    length = 0
    if title_hint and title_at is None:
        hint = " ".join(title_hint.split())
        pieces.append(hint)
        blocks.append(Block("title", 0, len(hint)))
        length = len(hint)
    for paragraph, kind in zip(paragraphs, kinds, strict=True):
        if kind is None:
            continue
        if pieces:
            pieces.append(PARAGRAPH_SEPARATOR)
            length += len(PARAGRAPH_SEPARATOR)
        start = length
        pieces.append(paragraph.text)
        offset_map.extend(
            (start + clean_start, raw_start, run) for clean_start, raw_start, run in paragraph.runs
        )
        length += len(paragraph.text)
        blocks.append(Block(kind, start, length))
    text = "".join(pieces)
    title_block = next((b for b in blocks if b.kind == "title"), None)
    title = text[title_block.start : title_block.end] if title_block else None
    return CleanResult(text, title, blocks, offset_map, dropped, byline)


def content_hash(text: str, blocks: list[Block] | None = None) -> str:
    """sha256 of the normalised body text, so one article from two formats hashes alike.

    Only body blocks count when blocks are given: titles gain site suffixes and captions go
    missing between formats. Case, punctuation, quotes and white space are ignored.
    """
    if blocks and any(b.kind == "body" for b in blocks):
        text = " ".join(text[b.start : b.end] for b in blocks if b.kind == "body")
    words = re.findall(r"\w+", text.casefold())
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()


class LineStatistics:
    """Counts, per line, the distinct documents it occurs in; feeds :func:`corpus_boilerplate`."""

    def __init__(self, rules: CleanRules | None = None) -> None:
        self.rules = rules or load_rules()
        self.counts: Counter[str] = Counter()
        self.documents = 0
        self._seen: set[str] = set()

    def document_keys(self, text: str) -> tuple[str, set[str]]:
        """(digest, keys of the short lines) of one document; the digest spots the same document twice."""
        keys = set()
        for raw_line in BREAK_RE.split(text):
            line = fold_plain(raw_line)
            if not line:
                continue
            words = line.count(" ") + 1
            if words > self.rules.corpus_max_words:
                continue
            if words >= self.rules.corpus_sentence_min_words and PROSE_END.search(line):
                continue  # a repeated sentence is still article text
            keys.add(line.casefold())
        return hashlib.sha256("\n".join(sorted(keys)).encode("utf-8")).hexdigest(), keys

    def add(self, text: str) -> None:
        digest, keys = self.document_keys(text)
        # The same document twice (one article in two files) is not evidence of boilerplate.
        if digest in self._seen:
            return
        self._seen.add(digest)
        self.documents += 1
        self.counts.update(keys)

    def boilerplate(self) -> set[str]:
        """Line keys recurring in at least ``min_docs`` documents and ``min_share`` of them."""
        needed = max(self.rules.corpus_min_docs, self.rules.corpus_min_share * self.documents)
        return {key for key, count in self.counts.items() if count >= needed}


def corpus_boilerplate(texts: Iterable[str], rules: CleanRules | None = None) -> set[str]:
    """Keys (see ``line_key``) of short lines that recur across many documents of a batch."""
    statistics = LineStatistics(rules)
    for text in texts:
        statistics.add(text)
    return statistics.boilerplate()
