"""Who says so: attribution phrasings sentence by sentence, chains across sentences, hedges.

Every sentence here was written for this test; none comes from an article.
"""

from __future__ import annotations

import pytest

from basewatch.extract import Extractor
from basewatch.extract.attribution import AttributionReader, SentenceSource
from basewatch.extract.hedges import HedgeReader, in_subordinate_context
from basewatch.extract.segments import sentences
from basewatch.records import Article


@pytest.fixture(scope="module")
def reader() -> AttributionReader:
    return Extractor(model="blank").attribution


def read(reader: AttributionReader, text: str, outlet: str | None = None) -> list[SentenceSource]:
    sents = sentences(Article(text=text, outlet=outlet))
    return reader.read_all(sents, outlet=outlet)


# (sentence, kind, words the source text must hold, relays)
PHRASINGS = [
    # told / according to / statements
    (
        "Two soldiers were wounded in the blast, a senior army officer told Reuters.",
        "anonymous",
        "officer",
        ["Reuters"],
    ),
    (
        "According to a statement from the defence ministry, the brigade will leave the camp by June.",
        "official_statement",
        "statement",
        [],
    ),
    (
        "Two rockets struck the base, the army said in a statement issued after midnight.",
        "official_statement",
        "army",
        [],
    ),
    ("The Pentagon said the carrier group would remain in the region.", "official_statement", "Pentagon", []),
    (
        "Eight drones were shot down over the region, the Air Force said.",
        "official_statement",
        "Air Force",
        [],
    ),
    (
        "The press service of the defence ministry reported that the garrison had been reinforced.",
        "official_statement",
        "press service",
        [],
    ),
    (
        "The ministry also denied reports that its troops had left the town.",
        "official_statement",
        "ministry",
        [],
    ),
    ("Such claims are false, the embassy said.", "official_statement", "embassy", []),
    # media and relays
    ("State news agency SANA reported that rockets hit the airport overnight.", "media", "SANA", ["SANA"]),
    (
        "Anadolu Agency quoted a security source as saying the outpost was shelled overnight.",
        "anonymous",
        "security source",
        ["Anadolu"],
    ),
    (
        "Le Monde, citing sources close to the presidency, said the base would be handed over in March.",
        "anonymous",
        "sources close",
        ["Le Monde"],
    ),
    (
        "The Example News Agency (ENA), quoting local sources, reported that a convoy entered the garrison.",
        "anonymous",
        "local sources",
        ["Example News Agency"],
    ),
    (
        "Convoys reached the depot on Sunday, the state news agency SANA reported, citing a military source.",
        "anonymous",
        "military source",
        ["SANA"],
    ),
    (
        "General Tomas Ruud said the battalion would stay in the north, according to Xinhua.",
        "named",
        "Tomas Ruud",
        ["Xinhua"],
    ),
    (
        "US officials told the New York Times that the troops would be based at the airfield.",
        "anonymous",
        "officials",
        ["The New York Times"],
    ),
    (
        "Colonel Jan Novak wrote on Telegram that two drones had hit the fuel depot.",
        "named",
        "Jan Novak",
        ["Telegram"],
    ),
    (
        "Explosions shook the airfield before dawn, local residents reported on Telegram, "
        "adding that fires burned.",
        "anonymous",
        "residents",
        ["Telegram"],
    ),
    # people without a name
    ("A spokesman said the convoy had reached the outpost on Friday.", "anonymous", "spokesman", []),
    (
        "Officials who spoke on condition of anonymity said the drones were launched from the east.",
        "anonymous",
        "Officials",
        [],
    ),
    ("Residents said they heard explosions near the airfield.", "anonymous", "Residents", []),
    ("Experts in the capital said the deployment could grow.", "anonymous", "Experts", []),
    ("Commanders said dozens of fighters were killed.", "anonymous", "Commanders", []),
    (
        "Militants overran the checkpoint, according to a local commander who spoke to Example Online.",
        "anonymous",
        "local commander",
        [],
    ),
    (
        "A source in the border guard, speaking to Example Pravda on condition of anonymity, "
        "said the barracks were hit.",
        "anonymous",
        "source",
        ["Example Pravda"],
    ),
    (
        "The army kept three outposts in the valley for years, and security sources told Example Daily "
        "that a fourth one is being built.",
        "anonymous",
        "security sources",
        ["Example Daily"],
    ),
    # named people, datelines and inverted quotes
    (
        "KABUL (Reuters) - Troops left the airfield on Monday, Defence Minister Omar Haidari said.",
        "named",
        "Omar Haidari",
        [],
    ),
    (
        '"We will not leave this country," said Defence Minister Ola Hansen at the ceremony.',
        "named",
        "Ola Hansen",
        [],
    ),
    (
        "Asked about the reports, Foreign Ministry spokesperson Li Wen said on Monday "
        "that such claims were groundless.",
        "named",
        "Li Wen",
        [],
    ),
    # the speaker after the verb, and passive quotations
    (
        "Troops withdrew from the base near the border on Monday, said Colonel Pavel Dvorak, "
        "a spokesman for the army.",
        "named",
        "Pavel Dvorak",
        [],
    ),
    (
        "Three drones were shot down over the airfield, said the ministry.",
        "official_statement",
        "ministry",
        [],
    ),
    (
        "The garrison was reinforced last week, added the commander of the region, General Ali Omar.",
        "named",
        "Ali Omar",
        [],
    ),
    (
        "Defence Minister Ivan Petrov was quoted by Interfax as saying that the brigade would move "
        "to the base.",
        "named",
        "Ivan Petrov",
        ["Interfax"],
    ),
    # demands are speech: an institution's is a statement, a parliament's is its own act
    (
        "The foreign ministry urged Washington to pull its forces out of the base.",
        "official_statement",
        "ministry",
        [],
    ),
    ("Iraqi lawmakers called for the withdrawal of US troops from the country.", "none", "", []),
    # armed groups claim in their own name; states and crowds narrating are no source
    ("The Houthis claimed responsibility for the attack on the base.", "official_statement", "Houthis", []),
    ("Iraq and Kuwait said they had agreed to reopen the border crossing.", "none", "Iraq", []),
    ("Troops reported for duty at the base on Monday.", "none", "", []),
]


@pytest.mark.parametrize(("text", "kind", "words", "via"), PHRASINGS, ids=[p[0][:40] for p in PHRASINGS])
def test_attribution_phrasings(
    reader: AttributionReader, text: str, kind: str, words: str, via: list[str]
) -> None:
    source = read(reader, text)[-1]
    assert source.kind == kind, source
    assert words in (source.text or ""), source
    assert source.via == via, source


def test_wire_dateline_is_not_a_source(reader: AttributionReader) -> None:
    source = read(reader, "BAGHDAD (Reuters) - Rockets hit the airport late on Sunday.")[-1]
    assert source.kind == "none"
    assert source.via == []


def test_own_outlet_is_never_a_relay(reader: AttributionReader) -> None:
    text = "A senior official told AFP that the base would close next year."
    assert read(reader, text, outlet="AFP")[-1].via == []
    assert read(reader, text, outlet="Example Times")[-1].via == ["AFP"]
    # A longer house name holds the relay's name: still the same outlet.
    own = read(
        reader, "Sources told the Inquirer that two sites were chosen.", outlet="Philippine Daily Inquirer"
    )
    assert own[-1].kind == "anonymous" and own[-1].via == []


def test_scope_of_a_second_clause_speaker(reader: AttributionReader) -> None:
    text = (
        "The army kept three outposts in the valley for years, and security sources told Example Daily "
        "that a fourth one is being built."
    )
    source = read(reader, text)[-1]
    assert source.scope_start is not None
    assert not source.covers(text.index("kept"))
    assert source.covers(text.index("being built"))


def test_surname_and_role_continue_their_own_chain(reader: AttributionReader) -> None:
    text = (
        "Drones were shot down near the airbase, Major General Pavel Orlov told reporters.\n\n"
        "The defence ministry said in a statement that its units were at full strength.\n\n"
        "According to Orlov, the drones came from the south.\n\n"
        "The general added that new radars had been installed at the base."
    )
    sources = read(reader, text)
    assert [s.kind for s in sources] == ["named", "official_statement", "named", "named"]
    assert sources[2].text == sources[3].text == "Major General Pavel Orlov"


def test_an_institution_is_not_a_continuation(reader: AttributionReader) -> None:
    text = (
        "The convoy left the camp on Monday, the defence minister said.\n\n"
        "The last unit handed over the base to local forces, the general staff said in a statement."
    )
    second = read(reader, text)[-1]
    assert second.kind == "official_statement"
    assert second.text == "the general staff"
    assert not second.continuation


def test_it_said_refers_to_the_institution(reader: AttributionReader) -> None:
    text = (
        "The last troops crossed the border on Monday, the army said.\n\n"
        '"The move was completed in good order," it said, adding that no one was hurt.'
    )
    sources = read(reader, text)
    assert sources[1].kind == "official_statement" and sources[1].text == "the army"


def test_quotation_closed_in_the_next_sentence(reader: AttributionReader) -> None:
    text = (
        "The withdrawal was confirmed by a local security source who spoke to Example Radio.\n\n"
        "“Two more camps will close next month. The talks on a third are going on,” the source added."
    )
    sources = read(reader, text)
    assert sources[-1].kind == "anonymous"
    assert sources[-2].kind == "anonymous"  # the quotation's first sentence takes the closing speaker


def test_relay_of_a_later_sentence_reaches_the_lede_source(reader: AttributionReader) -> None:
    text = (
        "Foreign troops brought new radars to their camp near the oil field, local sources said.\n\n"
        "The Example News Agency, quoting local sources in the area, reported that a convoy "
        "arrived on Sunday."
    )
    sources = read(reader, text)
    assert sources[0].kind == "anonymous"
    assert sources[0].via == ["Example News Agency"]


def test_lede_takes_only_a_rewritten_report(reader: AttributionReader) -> None:
    relayed = read(
        reader,
        "The army will not ask for foreign help in the offensive.\n\n"
        "A security source told Example Radio that only national units take part.",
    )
    assert relayed[0].kind == "anonymous" and relayed[0].via == ["Example Radio"]
    quoted = read(
        reader,
        "The government opened a new garrison on Tuesday.\n\n"
        '"This is a historic day," said Defence Minister Ola Hansen at the ceremony.',
    )
    assert quoted[0].kind == "none"


@pytest.mark.parametrize(
    ("caption", "credit"),
    [
        ("Soldiers load a truck at the base on May 2, 2021. (AFP photo)", "AFP photo"),
        ("Soldiers load a truck at the base in this file photo. REUTERS/Jo Roe", "REUTERS/Jo Roe"),
        ("(Photo) Soldiers take part in a drill at the base. Jo ROE / AFP", "Jo ROE / AFP"),
        (
            "(Photo: A tanker at the transit centre, March 2014. Press service of the embassy)",
            "Press service of the embassy",
        ),
        ("(Example Agency) In this file photo, a bomber flies over the sea.", "Example Agency"),
        ("Sailors stand on the deck of a frigate. (By the Associated Press)", "the Associated Press"),
        ("Troops patrol the town of Gao in 2021.", None),
    ],
)
def test_caption_credits(reader: AttributionReader, caption: str, credit: str | None) -> None:
    assert reader.caption_credit(caption) == credit


@pytest.mark.parametrize(
    ("text", "hedges"),
    [
        ("Troops have reportedly left the base.", ["reportedly"]),
        ("The group allegedly fired rockets at the so-called coalition camp.", ["allegedly", "so-called"]),
        ("A purportedly secret outpost was claimed by the ministry.", ["purportedly", "claimed"]),
        ("Unconfirmed reports said the airfield was hit.", ["unconfirmed"]),
        ("Troops left the base on Monday.", []),
    ],
)
def test_hedges(text: str, hedges: list[str]) -> None:
    assert HedgeReader(Extractor(model="blank").lexicon).hedges(text) == hedges


def test_an_earlier_step_of_the_same_actor_is_not_context() -> None:
    sequence = "The unit crossed the border after handing over the base to the army, the ministry said."
    assert not in_subordinate_context(sequence, sequence.index("handing"))
    context = "The base is being expanded despite the withdrawal of the troops, the source said."
    assert in_subordinate_context(context, context.index("withdrawal"))
