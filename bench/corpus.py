"""Deterministic synthetic corpora for benchmarks and scale tests (no real article text).

``generate(n, relevant_every=20)`` yields JSONL-ready dicts: one article in
``relevant_every`` reports military events (attacks on installations,
deployments, withdrawals, clashes, plans) in wire-copy style; the rest are
ordinary news (sport, markets, weather, culture) with the words that fool
naive keyword matchers ("training camp", "fan base", "database", "withdrawal").
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

OUTLETS = [
    ("Reuters", "reuters.com"),
    ("Associated Press", "apnews.com"),
    ("Al Jazeera", "aljazeera.com"),
    ("Rudaw", "rudaw.net"),
    ("The National", "thenationalnews.com"),
    ("Anadolu Agency", "aa.com.tr"),
    ("Stars and Stripes", "stripes.com"),
]

INSTALLATIONS = [
    ("Ain al-Asad air base", "Anbar province", "Iraq"),
    ("Al Udeid Air Base", "Doha", "Qatar"),
    ("Incirlik Air Base", "Adana", "Turkey"),
    ("Camp Lemonnier", "Djibouti City", "Djibouti"),
    ("Muwaffaq Salti Air Base", "Azraq", "Jordan"),
    ("Erbil air base", "Erbil", "Iraq"),
    ("Ramstein Air Base", "Kaiserslautern", "Germany"),
    ("Kadena Air Base", "Okinawa", "Japan"),
]

TOWNS = [
    ("Mosul", "Iraq"),
    ("Kirkuk", "Iraq"),
    ("Deir ez-Zor", "Syria"),
    ("Raqqa", "Syria"),
    ("Gao", "Mali"),
    ("Mogadishu", "Somalia"),
    ("Aden", "Yemen"),
]

ACTORS = ["US forces", "Iraqi security forces", "Turkish troops", "French troops", "coalition forces"]
ATTACKERS = ["an armed group", "militants", "unidentified gunmen", "a militia"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

EVENT_TEMPLATES = [
    "Several rockets struck {inst} on {weekday}, officials said, causing no casualties.",
    "Drones targeted {inst} in an attack claimed by {attacker} on {weekday}, a military spokesman said.",
    "{actor} pulled out of {inst} on {weekday} and handed it over to the local army, the ministry said.",
    "{actor} plan to build a new military base near {town}, a security source told reporters on {weekday}.",
    "The government sent 500 more troops to {town} on {weekday}, the defence ministry said in a statement.",
    "Fighters clashed with {attacker} outside {town} on {weekday}, killing four, a local official said.",
    "Work to expand {inst} with new hangars and a longer runway is under way, an official said.",
    "{actor} launched a military operation against {attacker} near {town} on {weekday}.",
]

FILLER = [
    "Officials gave no further details about the timing of the move.",
    "The region has seen sporadic violence over the past year, according to monitors.",
    "Residents said the roads into the area were quiet by the evening.",
    "Analysts said the decision reflected a broader review of regional commitments.",
    "The statement did not say how many personnel were involved.",
    "Local media carried images of convoys on the main highway.",
]

OTHER_NEWS = [
    "The club opened its pre-season training camp in the mountains on {weekday}, the coach said.",
    "The striker thanked the fan base after a late winner in the derby.",
    "The bank reported a rise in cash withdrawal requests at the end of the quarter.",
    "Engineers migrated the customer database to a new cloud platform over the weekend.",
    "Markets closed higher on {weekday} as energy shares rallied.",
    "Heavy rain is forecast for the coastal provinces through the end of the week.",
    "The festival drew record crowds to the old city, organisers said.",
    "The central bank left its base rate unchanged for a third meeting.",
]


def _paragraphs(rng: random.Random, lead: list[str], tail: list[str], n: int, **slots: str) -> list[str]:
    """``n`` paragraphs of a lead sentence and two tail sentences (long enough not to look like
    recurring boilerplate lines to the cleaner's corpus statistics)."""
    return [
        " ".join([rng.choice(lead), rng.choice(tail), rng.choice(tail)]).format(**slots) for _ in range(n)
    ]


def article(i: int, *, relevant: bool, seed: int = 7) -> dict[str, Any]:
    """One synthetic article as a JSONL record (``text`` plus metadata)."""
    rng = random.Random(seed * 1_000_003 + i)
    outlet, domain = rng.choice(OUTLETS)
    published = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(0, 6 * 365))
    inst, inst_region, inst_country = rng.choice(INSTALLATIONS)
    town, _town_country = rng.choice(TOWNS)
    slots = {
        "inst": inst,
        "town": town,
        "actor": rng.choice(ACTORS),
        "attacker": rng.choice(ATTACKERS),
        "weekday": rng.choice(WEEKDAYS),
    }
    if relevant:
        title = f"Security update: {inst_region}, {inst_country}"
        body = _paragraphs(rng, EVENT_TEMPLATES, FILLER, 3, **slots) + _paragraphs(
            rng, FILLER, FILLER, 4, **slots
        )
    else:
        title = f"Daily digest {i}"
        body = _paragraphs(rng, OTHER_NEWS, OTHER_NEWS, 7, **slots)
    return {
        "doc": f"synthetic-{seed}-{i:07d}",
        "text": title + "\n\n" + "\n\n".join(body),
        "title": title,
        "outlet": outlet,
        "url": f"https://www.{domain}/news/{published:%Y/%m/%d}/synthetic-{seed}-{i}",
        "published": published.isoformat(),
        "synthetic": True,
    }


def generate(n: int, *, relevant_every: int = 20, seed: int = 7) -> Iterator[dict[str, Any]]:
    """``n`` articles, one in ``relevant_every`` relevant (1 = all relevant)."""
    for i in range(n):
        yield article(i, relevant=(i % relevant_every == 0), seed=seed)


def write_jsonl(path: Path, n: int, *, relevant_every: int = 20, seed: int = 7) -> Path:
    """Write a synthetic corpus as JSONL; returns the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for record in generate(n, relevant_every=relevant_every, seed=seed):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path
