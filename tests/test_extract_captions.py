"""Caption events take the caption's own date and place; a caption never anchors the body's dates."""

from __future__ import annotations

import datetime as dt

import pytest

from basewatch.clean import clean_text
from basewatch.extract import Extractor
from basewatch.records import Article, Published

TEXT = """Rockets hit air base in northern Iraq

In this March 3, 2019 file photo, US soldiers stand guard in the town of Makhmour, Iraq. (AP Photo)

Three rockets struck the K-1 air base in Kirkuk province on June 2, 2021, Iraqi security officials said.

Two days after the attack, US forces moved additional air defence batteries to the base, an official said.
"""


@pytest.fixture(scope="module")
def events():
    cleaned = clean_text(TEXT)
    article = Article(
        text=cleaned.text,
        blocks=cleaned.blocks,
        title=cleaned.title,
        doc="caption-test.txt",
        outlet="Sample Wire",
        published=Published(dt.date(2021, 6, 6), dt.date(2021, 6, 6)),
    )
    assert article.captions(), "the cleaner must flag the caption"
    return Extractor().extract(article)


def test_caption_event_has_the_caption_date_and_place(events) -> None:
    captions = [e for e in events if e.caption]
    assert captions, [(e.type, e.caption) for e in events]
    event = captions[0]
    assert event.date is not None and event.date.start == dt.date(2019, 3, 3)
    assert event.location is not None and "Makhmour" in (event.location.text or event.location.name)
    assert event.background is False


def test_body_relative_date_is_not_anchored_on_the_caption(events) -> None:
    attacks = [e for e in events if e.type == "base.attack" and not e.caption]
    assert attacks and attacks[0].date is not None and attacks[0].date.start == dt.date(2021, 6, 2)
    for event in events:
        if not event.caption and event.date is not None:
            assert event.date.start >= dt.date(2021, 1, 1), (event.type, event.date)
