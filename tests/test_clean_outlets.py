"""Cleaning scraped text in several outlets' page styles: furniture goes, captions stay apart,
every body sentence stays. The samples were written for this test (no real article text)."""

from __future__ import annotations

import pytest

from basewatch.clean import clean_text

WIRE = """Home > World > Middle East
Rockets target air base hosting foreign troops in western Iraq
By Jane Example and Omar Sample
3 minute read
Updated 2 hours ago
BAGHDAD, March 4 (Example Wire) - At least five rockets struck an air base in western Iraq that hosts \
foreign troops on Tuesday, two security sources said, causing no casualties.
The attack came hours after a drone was shot down near the base, the sources added.
Related: Militia leaders warn of more attacks
Soldiers inspect a crater at the air base, March 4, 2024. REUTERS/John Example
Reporting by Omar Sample; Editing by Jane Doe
Our Standards: The Example Trust Principles.
"""

BROADCASTER = """Navy ships arrive at Red Sea port

Image source, Getty Images
Image caption, Sailors stand on the deck of a frigate as it docks at the port in 2023
Three warships docked at the port on Friday, the defence ministry said, as part of a mission to protect \
merchant shipping.
Media caption, Watch: footage of the ships arriving
The ministry said the deployment would last six months.
More on this story
Navy to send more frigates
Related Topics
Red Sea crisis
"""

AFRICAN = """Somalia: Troops take over military base from AU peacekeepers
Share on Facebook Share on Twitter Share on WhatsApp
0 Shares
Somali forces on Sunday took over a military base previously held by African Union troops in the Hiiraan \
region, officials said.
The handover is part of the phased withdrawal of the AU mission, a regional commander told reporters.
(Photo) Somali soldiers raise the national flag at the base on Sunday. Example NAME / AFP
RELATED: Troops clash with militants near the river
Get the latest news delivered to your inbox
Join our Telegram channel for breaking news
Follow @ExampleNews on X
© 2024 Example Online. All rights reserved.
"""

GULF = """You are here: Home » News » Gulf
Kingdom approves hosting of foreign troops
Published: July 20, 2019 10:02 GMT
The kingdom has approved hosting foreign troops to bolster regional security, the state news agency said \
late on Friday.
(Photo: A fighter jet lands at the air base, March 2019.
Ministry of Defence)
By continuing to browse this site you agree to our use of cookies.
Subscribe to our YouTube channel
Editor: Example Person
Support independent journalism. Donate now
"""

STATE_AGENCY = """Chinese navy escort fleet docks at support base
DJIBOUTI, Aug. 3 (Example Agency) -- A Chinese naval escort fleet docked at the support base in Djibouti on \
Thursday for rest and replenishment, the fleet's command said.
The fleet will resume its mission in the Gulf of Aden next week.
(Example Agency) In this file photo, sailors stand on the deck of a frigate at a port.
Enditem
Editor: Example Editor
"""

SAMPLES = {
    "wire": (
        WIRE,
        "Rockets target air base hosting foreign troops in western Iraq",
        ["Soldiers inspect a crater at the air base, March 4, 2024. REUTERS/John Example"],
        [
            "Home > World",
            "By Jane Example",
            "minute read",
            "2 hours ago",
            "Related:",
            "Reporting by",
            "Our Standards",
        ],
    ),
    "broadcaster": (
        BROADCASTER,
        "Navy ships arrive at Red Sea port",
        [
            "Image caption, Sailors stand on the deck of a frigate as it docks at the port in 2023",
            "Media caption, Watch: footage of the ships arriving",
        ],
        [
            "Image source",
            "More on this story",
            "Navy to send more frigates",
            "Related Topics",
            "Red Sea crisis",
        ],
    ),
    "african": (
        AFRICAN,
        "Somalia: Troops take over military base from AU peacekeepers",
        ["(Photo) Somali soldiers raise the national flag at the base on Sunday. Example NAME / AFP"],
        ["Share on", "0 Shares", "RELATED", "inbox", "Telegram channel", "@ExampleNews", "©"],
    ),
    "gulf": (
        GULF,
        "Kingdom approves hosting of foreign troops",
        ["(Photo: A fighter jet lands at the air base, March 2019. Ministry of Defence)"],
        ["You are here", "cookies", "YouTube", "Editor:", "Donate"],
    ),
    "state_agency": (
        STATE_AGENCY,
        "Chinese navy escort fleet docks at support base",
        ["(Example Agency) In this file photo, sailors stand on the deck of a frigate at a port."],
        ["Enditem", "Editor:"],
    ),
}


def _body_sentences(raw: str, title: str, captions: list[str], furniture: list[str]) -> list[str]:
    """The lines of a sample that are article text: not the title, a caption or furniture."""
    lines = [" ".join(line.split()) for line in raw.splitlines() if line.strip()]
    kept = []
    for line in lines:
        if line == title or any(line in c or c.startswith(line) for c in captions):
            continue
        if any(f in line for f in furniture) or line.endswith("Ministry of Defence)"):
            continue
        kept.append(line)
    return kept


@pytest.mark.parametrize("style", sorted(SAMPLES))
def test_outlet_page_is_cleaned(style: str) -> None:
    raw, title, captions, furniture = SAMPLES[style]
    result = clean_text(raw)
    assert result.title == title
    assert [result.block_text(b) for b in result.blocks if b.kind == "caption"] == captions
    for words in furniture:
        assert words not in result.text, words
    body = [result.block_text(b) for b in result.blocks if b.kind == "body"]
    for sentence in _body_sentences(raw, title, captions, furniture):
        assert sentence in body, sentence  # every body sentence survives, whole


@pytest.mark.parametrize(
    "line",
    [
        "Follow-up talks on the future of the base will be held in March, officials said.",
        "Related operations were carried out near the border on Sunday, the army said.",
        "By the end of the year the base will host about 2,000 troops.",
        "Share prices of defence firms rose after the deployment was announced.",
        "Editors of the state newspaper were summoned after it reported the troop movements.",
        "Support for the foreign troops has fallen sharply, a survey showed.",
        "More than 300 soldiers left the camp on Friday.",
        "Watch towers were built around the perimeter of the outpost.",
        "Photo evidence of the strike was published by the ministry on Monday and shows three craters.",
    ],
)
def test_body_sentences_that_look_like_furniture_are_kept(line: str) -> None:
    result = clean_text(f"Troops leave base\n\n{line}\n\nThe withdrawal ended on Monday, officials said.\n")
    assert line in [result.block_text(b) for b in result.blocks if b.kind == "body"]


def test_a_caption_that_restates_the_body_adds_no_event() -> None:
    import datetime as dt

    from basewatch.extract import Extractor
    from basewatch.records import Article, Published

    raw = (
        "Navy opens new base\n\n"
        "The navy opened a new naval base in Djibouti on Tuesday, the defence ministry said.\n\n"
        "(Photo) Soldiers stand at the opening of the new naval base in Djibouti on Tuesday.\n"
    )
    result = clean_text(raw)
    day = dt.date(2024, 5, 8)
    article = Article(
        text=result.text, blocks=result.blocks, doc="t.txt", id="t", published=Published(day, day)
    )
    events = Extractor().extract(article)
    built = [e for e in events if e.type == "base.construct"]
    assert len(built) == 1 and not built[0].caption


@pytest.mark.parametrize(
    ("lede", "outlet"),
    [
        ("MOSCOW, August 21. /TASS/. Air defence units destroyed two drones near the airbase.", "TASS"),
        ("MOSCOW, March 15 - RIA Novosti. Russian units struck an airfield in the west.", "RIA Novosti"),
        ("SEOUL, Aug. 10 (Yonhap) -- The allies held a joint air drill over the sea.", "Yonhap News Agency"),
        ("BAGHDAD (Reuters) - Rockets hit a base near the airport on Monday.", "Reuters"),
        ("BAGHDAD - Rockets hit a base near the airport - officials said.", None),
    ],
)
def test_wire_dateline_names_the_outlet(lede: str, outlet: str | None) -> None:
    from basewatch.clean import detect_outlet

    assert detect_outlet(f"Headline about a base\n\n{lede}\n") == outlet
