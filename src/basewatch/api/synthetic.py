"""Synthetic articles and events (invented places and wording) for API tests, demos and the load test.

Nothing here comes from real articles: the installations are fictional, the sentences templated.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from basewatch.records import (
    Actor,
    Article,
    Attribution,
    Block,
    DateSpan,
    Event,
    Evidence,
    Installation,
    Place,
    Published,
    Source,
)

INSTALLATIONS: tuple[Installation, ...] = (
    Installation("syn-camp-alder", "Camp Alder", ["Alder Camp"], "camp", "IQ", "Anbar", 33.42, 43.31),
    Installation(
        "syn-birch-airfield", "Birch Airfield", ["Birch AB"], "air base", "IQ", "Nineveh", 35.95, 43.2
    ),
    Installation("syn-cedar-outpost", "Cedar Outpost", [], "outpost", "SY", "Deir ez-Zor", 35.1, 40.4),
    Installation("syn-dune-base", "Dune Base", ["Dune"], "base", "JO", "Amman", 31.7, 36.3),
)
TREES: tuple[str, ...] = ("Alder", "Birch", "Cedar", "Elm", "Fir", "Gorse", "Hazel", "Ivy", "Oak")
KINDS: tuple[str, ...] = ("Camp", "Airfield", "Outpost", "Base")
# Rough boxes (south, north, west, east) that fall inside each country, for generated coordinates.
COUNTRY_BOXES: dict[str, tuple[float, float, float, float]] = {
    "IQ": (31.0, 36.0, 41.0, 46.0),
    "SY": (33.5, 36.5, 37.0, 40.5),
    "JO": (30.5, 32.0, 35.8, 37.5),
}


def generate_installations(count: int, seed: int = 3) -> tuple[Installation, ...]:
    """``count`` fictional installations spread over a few countries (for load tests)."""
    rng = random.Random(seed)
    made = []
    for index in range(count):
        tree, kind = TREES[index % len(TREES)], KINDS[(index // len(TREES)) % len(KINDS)]
        suffix = f" {index // (len(TREES) * len(KINDS)) + 1}" if index >= len(TREES) * len(KINDS) else ""
        country = rng.choice(tuple(COUNTRY_BOXES))
        south, north, west, east = COUNTRY_BOXES[country]
        lat, lon = round(rng.uniform(south, north), 3), round(rng.uniform(west, east), 3)
        name = f"{tree} {kind}{suffix}"
        made.append(Installation(f"gen-{index:04d}", name, [], kind.lower(), country, None, lat, lon))
    return tuple(made)


ACTORS: tuple[str, ...] = ("United States", "US-led coalition", "Iraq", "Islamic State", "Turkey")
OUTLETS: tuple[str, ...] = ("Example Wire", "Sample Daily", "Test Tribune")
SOURCE_KINDS: tuple[str, ...] = ("anonymous", "named", "official_statement", "media")
TEMPLATES: dict[str, str] = {
    "base.attack": "Several rockets struck {inst} late on {day}, a {source} told the agency.",
    "base.construct": "Engineers from {actor} have finished building new barracks at {inst} by {day}.",
    "force.presence": "Troops of {actor} remain stationed at {inst}, according to a {source}, as of {day}.",
    "base.withdraw": "{actor} forces handed {inst} over to local units on {day}, a {source} said.",
    "force.deploy": "{actor} sent about two hundred more soldiers to {inst} on {day}, a {source} said.",
}


@dataclass
class SyntheticArticle:
    """An article with the events that a perfect extractor would read from it."""

    article: Article
    events: list[Event]


def _sentence_event(
    rng: random.Random, text: str, start: int, event_type: str, inst: Installation, day: dt.date, outlet: str
) -> Event:
    source_kind = rng.choice(SOURCE_KINDS)
    actor = rng.choice(ACTORS)
    return Event(
        type=event_type,
        modality=rng.choice(("completed", "completed", "ongoing", "denied", "speculative")),
        actor=Actor(actor, actor),
        installation=inst,
        location=Place(
            name=inst.name,
            text=inst.name,
            admin1=inst.admin1,
            country=inst.country,
            lat=inst.lat,
            lon=inst.lon,
            precision=1,
            feature="installation",
            installation=inst,
        ),
        date=DateSpan(day, day, "day", day.isoformat()),
        reported=DateSpan(day, day, "day", day.isoformat()),
        attribution=Attribution(outlet=outlet, via=[], source=Source(source_kind, f"a {source_kind} source")),
        hedges=["reportedly"] if rng.random() < 0.3 else [],
        evidence=Evidence(text, start, start + len(text)),
        confidence=round(rng.uniform(0.4, 0.95), 2),
    )


def make_article(
    rng: random.Random,
    index: int,
    events_per_article: int = 3,
    installations: tuple[Installation, ...] = INSTALLATIONS,
) -> SyntheticArticle:
    """One synthetic article: a title, body sentences (one per event) and a photo caption."""
    outlet = rng.choice(OUTLETS)
    published = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(0, 5 * 365))
    title = f"Synthetic report {index} on troop movements"
    parts = [title, "\n\n"]
    blocks = [Block("title", 0, len(title))]
    events: list[Event] = []
    for _ in range(events_per_article):
        event_type = rng.choice(tuple(TEMPLATES))
        inst = rng.choice(installations)
        day = published - dt.timedelta(days=rng.randrange(0, 20))
        actor = rng.choice(ACTORS)
        sentence = TEMPLATES[event_type].format(
            inst=inst.name, day=day.strftime("%B %d, %Y"), actor=actor, source="security source"
        )
        start = sum(len(p) for p in parts)
        parts.extend([sentence, "\n\n"])
        blocks.append(Block("body", start, start + len(sentence)))
        events.append(_sentence_event(rng, sentence, start, event_type, inst, day, outlet))
    caption = f"Photo: vehicles near {rng.choice(installations).name} in an archive picture."
    start = sum(len(p) for p in parts)
    parts.append(caption)
    blocks.append(Block("caption", start, start + len(caption)))
    text = "".join(parts)
    article = Article(
        text=text,
        doc=f"synthetic-{index:05d}.txt",
        url=f"https://news.example/{index}",
        outlet=outlet,
        title=title,
        language="en",
        published=Published(published, published),
        blocks=blocks,
        meta={"synthetic": True},
    )
    return SyntheticArticle(article, events)


def fill_store(
    store: Any,
    articles: int,
    events_per_article: int = 3,
    seed: int = 7,
    installations: tuple[Installation, ...] = INSTALLATIONS,
) -> list[SyntheticArticle]:
    """Add ``articles`` synthetic articles and their events to ``store``; returns them with ids set."""
    rng = random.Random(seed)
    made = []
    for index in range(articles):
        item = make_article(rng, index, events_per_article, installations)
        article_id, _ = store.add_article(item.article)
        store.replace_events(article_id, item.events)
        made.append(item)
    return made
