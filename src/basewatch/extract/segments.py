"""Cutting an article into blocks and sentences with offsets into ``Article.text``.

The clean stage normally gives the blocks (title, body paragraphs, captions); when an
article comes without them (plain text built by hand, tests), paragraphs are found from
blank lines and captions from photo-credit cues, so extraction behaves the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from basewatch.records import Article, Block

# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    [
        "u.s",
        "u.k",
        "u.n",
        "mr",
        "mrs",
        "ms",
        "dr",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "sgt",
        "adm",
        "brig",
        "cmdr",
        "gov",
        "sen",
        "rep",
        "st",
        "no",
        "vs",
        "jan",
        "feb",
        "mar",
        "apr",
        "aug",
        "sept",
        "sep",
        "oct",
        "nov",
        "dec",
        "inc",
        "corp",
        "co",
        "ltd",
        "jr",
        "sr",
        "prof",
        "rev",
        "fig",
        "approx",
        "est",
    ]
)
_SENTENCE_END = re.compile(r"[.!?][”\"’')\]]*(?=\s+[“\"‘'(\[]?[A-Z0-9])")
_PARAGRAPH = re.compile(r"[^\n]+")  # one line = one paragraph: news text puts each on its own line
_CAPTION_CUE = re.compile(
    r"\((?:AFP|AP|Reuters|Photo|Picture|File|By|Getty|EPA|Xinhua|"
    r"[A-Z][\w .'-]{0,40}(?:photo|Photo|Press|Images))[^()]{0,60}\)\s*$"
    r"|^(?:In this|This) (?:\w+ ){0,6}(?:file )?(?:photo|picture|image)|^File (?:photo|picture)|"
    r"(?:photo|picture|image) (?:shows|taken)",
)


@dataclass(frozen=True)
class Sentence:
    """A sentence of the cleaned text and the block it belongs to."""

    index: int
    start: int
    end: int
    text: str
    block_kind: str  # title | body | caption
    block_index: int  # paragraph number among all blocks
    first_in_body: bool = False  # the lede: first sentence of the first body paragraph
    body_rank: int = -1  # 0 for the first body paragraph, 1 for the second...; -1 outside the body


def guess_blocks(text: str) -> list[Block]:
    """Blocks for an article without them: paragraphs, the first short line as title, captions by cue."""
    blocks: list[Block] = []
    for match in _PARAGRAPH.finditer(text):
        start, end = match.start(), match.end()
        chunk = text[start:end].strip()
        if not chunk:
            continue
        start += len(text[start:end]) - len(text[start:end].lstrip())
        end = start + len(chunk)
        if _CAPTION_CUE.search(chunk) and len(chunk) < 500:
            kind = "caption"
        elif not blocks and len(chunk) < 200 and not chunk.endswith("."):
            kind = "title"
        else:
            kind = "body"
        blocks.append(Block(kind=kind, start=start, end=end))  # type: ignore[arg-type]
    return blocks


def _is_abbreviation(text: str, dot: int) -> bool:
    word = re.search(r"([A-Za-z.]+)$", text[max(0, dot - 12) : dot])
    if not word:
        return False
    token = word.group(1).lower().strip(".")
    if token in _ABBREVIATIONS:
        return True
    # Single capitals ("J. Smith") and dotted initialisms ("U.S.") do not end sentences.
    return len(token) == 1 or bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]?", token))


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]`` (offsets into ``text``)."""
    spans: list[tuple[int, int]] = []
    cursor = start
    chunk = text[start:end]
    for match in _SENTENCE_END.finditer(chunk):
        dot = start + match.start()
        if text[dot] == "." and _is_abbreviation(text, dot):
            continue
        stop = start + match.end()
        if stop - cursor > 1:
            spans.append((cursor, stop))
        cursor = stop
        while cursor < end and text[cursor].isspace():
            cursor += 1
    if end - cursor > 1:
        spans.append((cursor, end))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def sentences(article: Article) -> list[Sentence]:
    """All sentences of the article, in order, tagged with their block kind."""
    text = article.text
    blocks = article.blocks or guess_blocks(text)
    out: list[Sentence] = []
    seen_body = False
    body_rank = -1
    for block_index, block in enumerate(blocks):
        if block.kind == "body":
            body_rank += 1
        spans = split_sentences(text, block.start, block.end)
        if block.kind == "caption":
            # A caption is one unit: its date and place belong to everything it says.
            spans = [(block.start, block.end)] if text[block.start : block.end].strip() else []
        for position, (s, e) in enumerate(spans):
            lede = block.kind == "body" and not seen_body and position == 0
            out.append(
                Sentence(
                    index=len(out),
                    start=s,
                    end=e,
                    text=text[s:e],
                    block_kind=block.kind,
                    block_index=block_index,
                    first_in_body=lede,
                    body_rank=body_rank if block.kind == "body" else -1,
                )
            )
        if block.kind == "body" and spans:
            seen_body = True
    return out
