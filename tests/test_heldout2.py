"""The second held-out evaluation set (tests/fixtures/heldout2): it parses with the project's loader, its
evidence is copied from its texts, it covers the spec, shares no text with the seeds, and the extractor keeps
its measured floors on it (never tune on the set: these floors guard against broad regressions only)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from basewatch.evaluate import GoldDoc, Report, evaluate, load_gold
from basewatch.extract import Extractor
from goldset_checks import (
    check_coverage,
    check_evidence_copied,
    check_floors,
    check_no_seed_text,
    check_texts_exist,
    check_undated_articles,
)

HELDOUT2 = Path(__file__).parent / "fixtures" / "heldout2"
GOLD = HELDOUT2 / "gold"
TEXTS = HELDOUT2 / "texts"
FLOORS = yaml.safe_load((Path(__file__).parent / "accuracy_floors_heldout2.yaml").read_text(encoding="utf-8"))
# The brief of the set: 14 articles, every type and modality at least once (non-optional events), two articles
# with no relevant event, two without a publication date in their metadata, 180-400 words each.
EXPECTED_DOCUMENTS = 14
NO_EVENT_DOCUMENTS = 2
UNDATED_DOCUMENTS = 2
WORDS_PER_TEXT = (180, 400)


@pytest.fixture(scope="module")
def gold_docs() -> list[GoldDoc]:
    return load_gold(GOLD)


@pytest.fixture(scope="module")
def report() -> Report:
    """One evaluation of the default extractor (statistical parser included) on the set."""
    return evaluate(GOLD, TEXTS, extractor=Extractor())


def test_every_gold_file_loads_and_names_its_text(gold_docs: list[GoldDoc]) -> None:
    check_texts_exist(gold_docs, TEXTS, EXPECTED_DOCUMENTS)
    for gold in gold_docs:
        words = len((TEXTS / gold.doc).read_text(encoding="utf-8").split())
        assert WORDS_PER_TEXT[0] <= words <= WORDS_PER_TEXT[1], (gold.doc, words)
    assert check_undated_articles(gold_docs) == UNDATED_DOCUMENTS


def test_evidence_is_copied_from_the_text(gold_docs: list[GoldDoc]) -> None:
    check_evidence_copied(gold_docs, TEXTS)


def test_every_event_type_and_modality_is_covered(gold_docs: list[GoldDoc]) -> None:
    events = check_coverage(gold_docs, no_event_documents=NO_EVENT_DOCUMENTS)
    assert sum(1 for gold in gold_docs if not gold.events) == NO_EVENT_DOCUMENTS
    assert any(event.fatalities for event in events)
    kinds = {event.attribution.source.kind for event in events}
    assert kinds >= {"anonymous", "named", "official_statement", "media"}


def test_no_seed_text_is_copied(seeds_dir: Path) -> None:
    check_no_seed_text(TEXTS, seeds_dir)


def test_floors(report: Report, gold_docs: list[GoldDoc]) -> None:
    check_floors(report, FLOORS, gold_docs)
