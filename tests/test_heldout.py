"""The held-out evaluation set (tests/fixtures/heldout): it parses with the project's loader, its evidence
is copied from its texts, it covers the spec, shares no text with the seeds, and the extractor keeps its
measured floors on it (never tune on the set: these floors guard against broad regressions only)."""

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

HELDOUT = Path(__file__).parent / "fixtures" / "heldout"
GOLD = HELDOUT / "gold"
TEXTS = HELDOUT / "texts"
FLOORS_FILE = Path(__file__).parent / "accuracy_floors_heldout.yaml"
FLOORS = yaml.safe_load(FLOORS_FILE.read_text(encoding="utf-8"))
# The brief of the set: every type and modality at least once (non-optional events), a few articles with
# no relevant event, a few without a publication date in their metadata.
EXPECTED_DOCUMENTS = 20
MIN_NO_EVENT_DOCUMENTS = 3
MIN_UNDATED_DOCUMENTS = 3


@pytest.fixture(scope="module")
def gold_docs() -> list[GoldDoc]:
    return load_gold(GOLD)


@pytest.fixture(scope="module")
def report() -> Report:
    """One evaluation of the default extractor (statistical parser included) on the held-out set."""
    return evaluate(GOLD, TEXTS, extractor=Extractor())


def test_every_gold_file_loads_and_names_its_text(gold_docs: list[GoldDoc]) -> None:
    check_texts_exist(gold_docs, TEXTS, EXPECTED_DOCUMENTS)
    assert check_undated_articles(gold_docs) >= MIN_UNDATED_DOCUMENTS


def test_evidence_is_copied_from_the_text(gold_docs: list[GoldDoc]) -> None:
    check_evidence_copied(gold_docs, TEXTS)


def test_every_event_type_and_modality_is_covered(gold_docs: list[GoldDoc]) -> None:
    events = check_coverage(gold_docs, no_event_documents=MIN_NO_EVENT_DOCUMENTS)
    kinds = {event.attribution.source.kind for event in events}
    assert kinds >= {"anonymous", "named", "official_statement", "media"}


def test_no_seed_text_is_copied(seeds_dir: Path) -> None:
    check_no_seed_text(TEXTS, seeds_dir)


def test_floors(report: Report, gold_docs: list[GoldDoc]) -> None:
    check_floors(report, FLOORS, gold_docs)
