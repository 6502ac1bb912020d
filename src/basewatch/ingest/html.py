"""Main text and metadata of HTML pages (trafilatura) plus photo captions (lxml).

trafilatura drops ``<figcaption>`` and merges paragraphs of minified HTML; both are handled
here: block ends get a line break first, and captions are read separately and put back.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

import lxml.etree
import lxml.html

from basewatch.clean.normalize import line_key

log = logging.getLogger(__name__)

# A line break after each block element, so minified pages keep their paragraphs.
_BLOCK_END = re.compile(
    r"(</(?:p|h[1-6]|li|div|figure|figcaption|blockquote|section|article|tr|header|aside)\s*>|<br\s*/?>)",
    re.IGNORECASE,
)
_CAPTION_XPATH = (
    "//figcaption | //*[self::p or self::div or self::span]"
    "[contains(concat(' ', normalize-space(@class), ' '), ' caption ')"
    " or contains(@class, 'wp-caption-text') or contains(@class, 'image-caption')"
    " or contains(@class, 'photo-caption')]"
)
# Blocks whose boundaries are restored in trafilatura's text (short ones could cut mid-sentence).
_SEGMENT_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "figcaption", "blockquote")
MIN_SEGMENT_WORDS = 4
_BLOCK_TAGS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "div", "figure", "figcaption", "blockquote"}
    | {"section", "article", "tr", "header", "aside", "pre"}
)


@dataclass
class HtmlContent:
    """What a page gives: main text, metadata and caption lines."""

    text: str
    title: str | None = None
    published: str | None = None
    sitename: str | None = None
    author: str | None = None
    url: str | None = None
    captions: list[str] = field(default_factory=list)


def _captions(tree: lxml.html.HtmlElement) -> list[str]:
    captions: list[str] = []
    seen: set[str] = set()
    for element in tree.xpath(_CAPTION_XPATH):
        text = " ".join(element.text_content().split())
        if text and line_key(text) not in seen:
            seen.add(line_key(text))
            captions.append(text)
    return captions


def _block_texts(tree: lxml.html.HtmlElement) -> list[str]:
    """Texts of the page's paragraphs, headings and list items, in document order."""
    texts = []
    for element in tree.iter(*_SEGMENT_TAGS):
        text = " ".join(element.text_content().split())
        if len(text.split()) >= MIN_SEGMENT_WORDS:
            texts.append(text)
    return texts


def _resegment(text: str, blocks: list[str]) -> str:
    """Restore paragraph breaks trafilatura merged: cut its text where the page's blocks start and end."""
    folded = "\n".join(" ".join(line.split()) for line in text.split("\n"))
    cuts: set[int] = set()
    cursor = 0
    for block in blocks:
        found = folded.find(block, cursor)
        if found < 0:
            continue
        cuts.update((found, found + len(block)))
        cursor = found + len(block)
    pieces: list[str] = []
    previous = 0
    for cut in sorted(cuts):
        pieces.append(folded[previous:cut])
        previous = cut
    pieces.append(folded[previous:])
    lines = [line.strip() for piece in pieces for line in piece.split("\n")]
    return "\n".join(line for line in lines if line)


def _with_captions(text: str, title: str | None, captions: list[str]) -> str:
    """Put captions missing from ``text`` right after its title line (where pages show them)."""
    lines = text.split("\n")
    present = {line_key(line) for line in lines}
    missing = [c for c in captions if line_key(c) not in present and line_key(c) not in line_key(text)]
    if not missing:
        return text
    at = 1 if title and lines and line_key(lines[0]) == line_key(title) else 0
    return "\n".join(lines[:at] + missing + lines[at:])


def extract_html(html: str, url: str | None = None) -> HtmlContent | None:
    """Main text, title, date, site name, author and captions of one page; None when no text."""
    import trafilatura  # imported late: it takes seconds, and only HTML input needs it

    spaced = _BLOCK_END.sub(r"\1\n", html)
    try:
        document = trafilatura.bare_extraction(
            spaced, url=url, with_metadata=True, include_comments=False, include_tables=False
        )
    except Exception as exc:  # trafilatura raises assorted errors on hostile markup
        log.debug("trafilatura failed: %s", exc)
        document = None
    try:
        tree = lxml.html.document_fromstring(spaced)
        captions = _captions(tree)
    except (lxml.etree.ParserError, ValueError):
        tree, captions = None, []
    if document is None or not (document.text or "").strip():
        if tree is None:
            return None
        # Fall back to the visible text of the page body for pages trafilatura cannot read.
        text, captions_found = fragment_to_text(spaced)
        if not text.strip():
            return None
        title = (tree.findtext(".//title") or "").strip() or None
        return HtmlContent(text=text, title=title, url=url, captions=captions or captions_found)
    title = (document.title or "").strip() or None
    text = _resegment(document.text, _block_texts(tree)) if tree is not None else document.text
    return HtmlContent(
        text=_with_captions(text, title, captions),
        title=title,
        published=document.date or None,
        sitename=(document.sitename or "").strip() or None,
        author=(document.author or "").strip() or None,
        url=document.url or url,
        captions=captions,
    )


def fragment_to_text(html: str) -> tuple[str, list[str]]:
    """Text of an HTML fragment (a feed entry), one block per line, and its caption lines."""
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return re.sub(r"<[^>]*>", " ", html), []
    for bad in root.xpath("//script | //style | //noscript"):
        bad.drop_tree()
    captions = _captions(root)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag == "br" or element.tag in _BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
    text = root.text_content()
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line), captions
