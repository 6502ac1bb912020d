"""Cleaning: white space and the offset map, boilerplate, crumbs, corpus lines, titles, captions, outlets."""

from __future__ import annotations

from pathlib import Path

import pytest

from basewatch.clean import (
    clean_text,
    content_hash,
    corpus_boilerplate,
    detect_outlet,
    fold_text,
    is_caption,
    load_rules,
    outlet_from_text,
    outlet_from_url,
    to_original,
)
from basewatch.clean.rules import RulesError

ARTICLE = (
    "World  /  Asia\n\n"
    "Army opens\u00a0new outpost near the border\n\n"
    "File photo shows soldiers at a checkpoint.\n\n"
    "The army opened a new\u2009outpost\u200b near the northern border on Friday, a spokesman said.\n\n"
    "Share this article\n\n"
    "We use cookies to give you the best experience.\n\n"
    "The outpost will house 200 troops, he added.\n"
)


def _assert_offsets_map_back(raw: str, result_text: str, offset_map: list[tuple[int, int, int]]) -> None:
    """Every mapped cleaned character is the same character (or a folded space) of the original."""
    assert offset_map, "expected a non-empty offset map"
    for clean_start, raw_start, length in offset_map:
        for i in range(length):
            cleaned, original = result_text[clean_start + i], raw[raw_start + i]
            assert cleaned == original or (cleaned == " " and original.isspace()), (cleaned, original)


def test_white_space_is_folded_and_zero_width_removed() -> None:
    result = clean_text(ARTICLE)
    assert "\u00a0" not in result.text and "\u2009" not in result.text and "\u200b" not in result.text
    assert "Army opens new outpost near the border" in result.text
    assert "a new outpost near the northern border" in result.text
    assert "  " not in result.text


def test_offset_map_points_back_to_the_original() -> None:
    result = clean_text(ARTICLE)
    _assert_offsets_map_back(ARTICLE, result.text, result.offset_map)
    start = result.text.index("outpost near the northern")
    original = to_original(result.offset_map, start)
    assert original is not None and ARTICLE[original : original + 7] == "outpost"
    # The blank line between paragraphs is inserted by cleaning: it maps nowhere.
    assert to_original(result.offset_map, result.blocks[0].end) is None


def test_offset_map_on_every_seed(seeds_dir: Path) -> None:
    for path in sorted(seeds_dir.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        result = clean_text(raw)
        _assert_offsets_map_back(raw, result.text, result.offset_map)
        for block in result.blocks:
            assert result.text[block.start : block.end].strip() == result.text[block.start : block.end]


def test_boilerplate_by_pattern_is_dropped() -> None:
    result = clean_text(ARTICLE)
    assert "Share this article" in result.dropped
    assert any("cookies" in line for line in result.dropped)
    assert "Share this" not in result.text and "cookies" not in result.text


@pytest.mark.parametrize(
    "line",
    [
        "News / Iraq",
        "Home > World > Middle East",
        "Politics | Europe",
        "News / US & Canada",
        "Home > Middle East and North Africa",
        "Follow us on Twitter",
        "Sign up for our daily newsletter",
        "© 2023 Some Outlet Ltd",
        "Copyright 2020 Another Paper. All rights reserved.",
        "Read more: Ministry denies report",
        "www.example-news.org",
        "Advertisement",
        "Leave a comment",
        "Some Daily's website can also be accessed at these addresses:",
        "Tags: Iraq, US, Syria",
        "Source: Agencies",
        "Click to share on Facebook",
        "Your browser does not support the video tag.",
        "By JOHN DOE and JANE ROE",
        "Enditem",
        "___",
        "Agency writer Sam Poe contributed to this report.",
        "Associated Press",
    ],
)
def test_each_kind_of_furniture_is_dropped(line: str) -> None:
    text = f"Headline about a base\n\n{line}\n\nTroops arrived at the base on Monday, officials said.\n"
    result = clean_text(text)
    assert line not in result.text
    assert "Troops arrived at the base on Monday" in result.text


@pytest.mark.parametrize(
    "line",
    [
        "Iraq / Syria border tensions rise as militias gather near the crossing, officials said.",
        "The US has 900 troops in Syria.",
        "Share prices fell after the attack on the oil field, traders said.",
        "Reporting by state media suggested the base was hit.",
    ],
)
def test_article_sentences_are_not_dropped(line: str) -> None:
    result = clean_text(f"Headline\n\n{line}\n")
    assert line in result.text


def test_footer_tail_after_a_marker_is_dropped_until_a_real_paragraph() -> None:
    text = (
        "Headline of the story\n\nBody sentence one is here.\n\n"
        "Daily Example's website can also be accessed at these mirrors:\n\n"
        "Example Daily Apps Store\n\nFollow Example Daily on:\n\nAnother Short Footer Link\n"
    )
    result = clean_text(text)
    assert result.text.endswith("Body sentence one is here.")
    assert len(result.dropped) == 4


def test_corpus_statistics_find_recurring_lines() -> None:
    footer = "Brought To You By The Example Network"
    texts = [
        f"Headline {i}\n\nStory number {i} about a base, officials said.\n\n{footer}\n" for i in range(4)
    ]
    found = corpus_boilerplate(texts)
    assert footer.casefold() in found
    assert not any("story number" in key for key in found)
    cleaned = clean_text(texts[0], boilerplate_lines=found)
    assert footer not in cleaned.text and footer in cleaned.dropped
    # Without the batch statistics the line stays (it matches no pattern).
    assert footer in clean_text(texts[0]).text


def test_corpus_statistics_keep_repeated_prose_sentences() -> None:
    background = "The coalition has kept troops at the base since 2014."
    texts = [f"Headline {i}\n\nNews item {i} about a base.\n\n{background}\n" for i in range(5)]
    assert background.casefold() not in corpus_boilerplate(texts)


def test_corpus_statistics_ignore_duplicate_documents_and_rare_lines() -> None:
    same = "Title\n\nA line repeated only because the document is the same.\n"
    assert corpus_boilerplate([same] * 5) == set()
    texts = ["Title A\n\nshared line\n", "Title B\n\nshared line\n", "Title C\n\nother\n"]
    assert corpus_boilerplate(texts) == set()  # two documents are below min_docs


@pytest.mark.parametrize(
    "caption",
    [
        "File photo shows a helicopter over the desert.",
        "In this March 3, 2019 file photo, soldiers patrol a road near the town.",
        "Troops stand guard at the gate of the base. (AFP photo)",
        "Soldiers march at a parade in the capital. (Photo by AP)",
        "Marines board a ship in the port. (By the Associated Press)",
        "This aerial file picture taken from a plane shows the airfield in the desert.",
        "Armoured vehicles drive along a road. Photo: Reuters",
        "An image released by the ministry shows the damaged hangar.",
        "The file photo shows troops at a base in the north.",
        "Photo taken on June 2, 2019 shows a military convoy.",
        "Fighters gather near the border. (Via Twitter)",
        "Smoke rises over the airfield on Monday. (Via Reuters)",
        "Troops patrol the perimeter of the base, January 5, 2020. (AFP)",
        "Armoured vehicles on a highway near the border. (Credit: Jane Roe)",
        "A soldier stands guard at the gate, March 3, 2021. REUTERS/Jane Roe",
        "Troops at the base, Dec. 29, 2019. (Reuters file photo)",
        "A handout picture provided by the army shows the damaged runway.",
    ],
)
def test_captions_are_kept_and_flagged(caption: str) -> None:
    text = f"Headline about an air base\n\n{caption}\n\nThe base was attacked on Monday, officials said.\n"
    result = clean_text(text)
    captions = [result.block_text(b) for b in result.blocks if b.kind == "caption"]
    assert captions == [caption]
    assert caption in result.text


def test_body_sentences_are_not_captions() -> None:
    assert not is_caption("The army said it had taken photos of the damage at the base on Monday.")
    assert not is_caption("BAGHDAD (AFP) - Rockets hit the base on Monday, officials said.")
    assert not is_caption("Officials said the base was hit by three rockets.")


def test_title_is_the_first_short_line_without_a_period() -> None:
    result = clean_text("News / Region\n\nArmy Opens New Outpost\n\nThe army opened an outpost on Monday.\n")
    assert result.title == "Army Opens New Outpost"
    assert result.blocks[0].kind == "title"


def test_single_words_and_bylines_above_the_title_are_skipped() -> None:
    result = clean_text("EXCLUSIVE\n\nBy Jo Writer\n\nTroops leave the base\n\nThey left on Monday.\n")
    assert result.title == "Troops leave the base"
    assert result.byline == "Jo Writer" and "By Jo Writer" not in result.text


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("By Sam Writer | October 19, 2023", "Sam Writer"),
        ("By Rudaw 23-2-2021", None),
        ("BY JO DOE", "JO DOE"),
    ],
)
def test_byline_names_the_author_but_not_an_outlet(line: str, author: str | None) -> None:
    assert clean_text(f"Troops leave the base\n\n{line}\n\nThey left on Monday.\n").byline == author


def test_a_section_label_above_the_headline_is_not_the_title() -> None:
    result = clean_text("Middle East\n\nTroops leave the desert base\n\nThey left on Monday.\n")
    assert result.title == "Troops leave the desert base"
    assert clean_text("Troops withdraw\n\nThey left the base on Monday.\n").title == "Troops withdraw"


def test_a_title_may_end_with_an_abbreviation() -> None:
    assert clean_text("Militia Threatens Bases Used by U.S.\n\nThe group issued a statement.\n").title == (
        "Militia Threatens Bases Used by U.S."
    )


def test_no_title_when_the_text_starts_with_a_sentence() -> None:
    result = clean_text("The army opened an outpost on Monday.\n\nIt will house 200 troops.\n")
    assert result.title is None
    assert all(b.kind == "body" for b in result.blocks)


def test_title_hint_matches_a_line_or_is_put_in_front() -> None:
    text = "Army opens outpost\n\nThe army opened an outpost on Monday.\n"
    matched = clean_text(text, title_hint="Army opens outpost | Example News")
    assert matched.title == "Army opens outpost" and matched.text.count("Army opens outpost") == 1
    prepended = clean_text("The army opened an outpost on Monday.\n", title_hint="Outpost opened")
    assert prepended.text.startswith("Outpost opened\n\n") and prepended.title == "Outpost opened"
    # The prepended title is not in the original: it maps nowhere.
    assert to_original(prepended.offset_map, 0) is None
    assert to_original(prepended.offset_map, prepended.text.index("The army")) == 0


def test_hard_wrapped_lines_are_joined_into_one_paragraph() -> None:
    text = "Headline here\n\nThe army opened a new outpost\nnear the border on Monday, officials\nsaid.\n"
    result = clean_text(text)
    assert "a new outpost near the border on Monday, officials said." in result.text
    _assert_offsets_map_back(text, result.text, result.offset_map)


def test_a_paragraph_starting_with_a_name_prefix_is_not_a_continuation() -> None:
    result = clean_text(
        "Militants attack army post in the south\nal-Shabaab fighters attacked a post on Monday.\n"
    )
    assert result.title == "Militants attack army post in the south"
    assert len(result.blocks) == 2


def test_hard_wrapped_text_is_rejoined_even_before_capitals() -> None:
    text = (
        "Troops leave base\n\n"
        "The last coalition soldiers left the desert air base on Monday, handing it to\n"
        "Iraqi forces after a ceremony attended by officers from both countries and by\n"
        "local officials from the province, a spokesman said in a statement.\n\n"
        "The base had hosted about 1,000 troops at the height of the campaign against the\n"
        "militants, who had seized large parts of the province in the summer of the year.\n"
    )
    result = clean_text(text)
    assert result.title == "Troops leave base"
    bodies = [result.block_text(b) for b in result.blocks if b.kind == "body"]
    assert len(bodies) == 2
    assert "handing it to Iraqi forces after" in bodies[0]
    _assert_offsets_map_back(text, result.text, result.offset_map)


def test_quotes_are_kept_unless_folding_is_asked() -> None:
    text = "Headline\n\nThe army\u2019s \u201cnew\u201d outpost opened.\n"
    assert "army\u2019s \u201cnew\u201d" in clean_text(text).text
    folded = clean_text(text, fold_quotes=True)
    assert 'army\'s "new"' in folded.text
    assert len(folded.text) == len(clean_text(text).text)


def test_content_hash_ignores_title_captions_case_and_spacing() -> None:
    one = clean_text("Headline A\n\nFile photo shows a tank.\n\nThe army opened an outpost on Monday.\n")
    two = clean_text("The  army opened an OUTPOST on Monday.\n", title_hint="Headline A | Site")
    assert content_hash(one.text, one.blocks) == content_hash(two.text, two.blocks)
    other = clean_text("The army closed an outpost on Monday.\n")
    assert content_hash(other.text, other.blocks) != content_hash(one.text, one.blocks)


def test_outlet_from_url_domain_and_subdomain() -> None:
    assert outlet_from_url("https://www.presstv.ir/Detail/2020/01/01/1/x") == "Press TV"
    assert outlet_from_url("https://english.news.cn/20200101/abc/c.htm") == "Xinhua"
    assert outlet_from_url("https://edition.cnn.com/2021/world/x") == "CNN"
    assert outlet_from_url("https://unknown.example/x") is None


def test_outlet_from_self_reference_copyright_and_dateline() -> None:
    assert outlet_from_text("Body.\n\nTehran Times’s website can also be accessed at:\n") == "Tehran Times"
    assert (
        outlet_from_text("Story.\n\n© 2021 The Associated Press. All rights reserved.") == "Associated Press"
    )
    assert outlet_from_text("Story.\n\nCopyright 2022 Riverside Herald") == "Riverside Herald"
    assert outlet_from_text("Headline\nKABUL, Afghanistan (AP) — Troops left.") == "Associated Press"
    assert outlet_from_text("Headline\nBAGHDAD (Dispatches) – Troops left.") == "Kayhan International"
    assert outlet_from_text("Headline\nDAMASCUS (Unknown Tag) - Troops left.") is None
    assert outlet_from_text("A story that names no outlet at all.") is None


def test_outlet_from_a_masthead_line() -> None:
    text = "Rudaw\nRocket attack targets airport\nERBIL - Rockets struck near the airport on Monday.\n"
    assert outlet_from_text(text) == "Rudaw"
    # Two-letter names alone on a line are too ambiguous.
    assert outlet_from_text("AP\nHeadline\nTroops left the base on Monday.\n") is None


def test_detect_outlet_prefers_the_url() -> None:
    text = "Headline\nBAGHDAD (Reuters) - Troops left."
    assert detect_outlet(text, "https://www.aljazeera.com/news/x") == "Al Jazeera"
    assert detect_outlet(text) == "Reuters"


def test_seed_outlets_and_cleaning(seeds_dir: Path) -> None:
    """Press TV for the self-referencing seeds, Kayhan International for the (Dispatches) one."""
    outlets = {}
    for path in sorted(seeds_dir.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        outlets[path.name] = detect_outlet(raw)
        result = clean_text(raw)
        assert result.title, path.name
        assert "can also be accessed" not in result.text
        assert not any(line.strip().lower() == "share this article" for line in result.text.split("\n"))
    assert sorted(outlets.values()).count("Press TV") == 4
    assert sorted(outlets.values()).count("Kayhan International") == 1


def test_fold_text_keeps_lines() -> None:
    assert fold_text("a\u00a0 b\n\n  c  ") == "a b\nc"


def test_bad_rules_file_names_the_entry(tmp_path: Path) -> None:
    bad = tmp_path / "rules.yaml"
    bad.write_text("drop_lines:\n  - '([unclosed'\n", encoding="utf-8")
    with pytest.raises(RulesError, match=r"drop_lines\[0\]"):
        load_rules(str(bad))
