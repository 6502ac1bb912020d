"""The synthetic second gold set (tests/fixtures/synthgold): it parses, it covers the spec, and the extractor
keeps its measured generalisation floors on it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from basewatch.evaluate import GoldDoc, Report, evaluate, load_gold
from basewatch.extract import Extractor
from basewatch.records import EVENT_TYPES, MODALITIES
from seed_overlap import seed_runs, word_runs

SYNTHGOLD = Path(__file__).parent / "fixtures" / "synthgold"
GOLD = SYNTHGOLD / "gold"
TEXTS = SYNTHGOLD / "texts"
FLOORS_FILE = Path(__file__).parent / "accuracy_floors_synthgold.yaml"
FLOORS = yaml.safe_load(FLOORS_FILE.read_text(encoding="utf-8"))
# The brief of the set: 24 articles, every type at least twice, every modality at least three times.
EXPECTED_DOCUMENTS = 24
MIN_PER_TYPE = 2
MIN_PER_MODALITY = 3
MIN_NO_EVENT_DOCUMENTS = 4


@pytest.fixture(scope="module")
def gold_docs() -> list[GoldDoc]:
    return load_gold(GOLD)


@pytest.fixture(scope="module")
def report() -> Report:
    """One evaluation of the default extractor (statistical parser included) on the synthetic set."""
    return evaluate(GOLD, TEXTS, extractor=Extractor())


def test_gold_parses_with_metadata(gold_docs: list[GoldDoc]) -> None:
    assert len(gold_docs) == EXPECTED_DOCUMENTS
    for gold in gold_docs:
        assert (TEXTS / gold.doc).is_file(), f"{gold.path}: no text {gold.doc}"
        assert gold.metadata.outlet and gold.metadata.published and gold.metadata.url, gold.path


def test_evidence_is_copied_from_the_text(gold_docs: list[GoldDoc]) -> None:
    for gold in gold_docs:
        text = (TEXTS / gold.doc).read_text(encoding="utf-8")
        for item in gold.events:
            evidence = item.event.evidence
            assert evidence is not None, f"{gold.path} {item.id}: no evidence"
            assert evidence.text in text, f"{gold.path} {item.id}: evidence not copied from the text"


def test_every_event_type_and_modality_is_covered(gold_docs: list[GoldDoc]) -> None:
    # Optional events do not count: the coverage must hold for what the scorer always checks.
    events = [item.event for gold in gold_docs for item in gold.events if not item.optional]
    types = Counter(event.type for event in events)
    modalities = Counter(event.modality for event in events)
    assert {t: types[t] for t in EVENT_TYPES if types[t] < MIN_PER_TYPE} == {}
    assert {m: modalities[m] for m in MODALITIES if modalities[m] < MIN_PER_MODALITY} == {}
    assert sum(1 for gold in gold_docs if not gold.events) >= MIN_NO_EVENT_DOCUMENTS
    assert any(event.caption for event in events) and any(event.background for event in events)
    assert any(event.attribution.via for event in events)


def test_no_seed_text_is_copied(shared_dir: Path) -> None:
    runs = seed_runs(shared_dir / "seeds")
    for text_path in sorted(TEXTS.glob("*.txt")):
        shared = word_runs(text_path.read_text(encoding="utf-8")) & runs
        assert not shared, f"{text_path.name} shares {sorted(shared)[:3]} with a seed"


def test_overall_and_core_f1_floors(report: Report) -> None:
    assert report.documents == EXPECTED_DOCUMENTS
    assert report.overall.f1 >= FLOORS["overall_f1"], report.overall.to_dict()
    assert report.core.f1 >= FLOORS["core_f1"], report.core.to_dict()


@pytest.mark.parametrize("attribute", ["modality", "actor", "source_kind"])
def test_attribute_accuracy_floors(report: Report, attribute: str) -> None:
    accuracy = report.attributes[attribute]
    assert accuracy.total > 0
    assert accuracy.accuracy is not None and accuracy.accuracy >= FLOORS[attribute], accuracy.to_dict()


def test_place_resolution_floor(report: Report) -> None:
    assert report.place_161km.accuracy is not None
    assert report.place_161km.accuracy >= FLOORS["place_161km"], report.place_161km.to_dict()


def test_date_resolution_floor(report: Report) -> None:
    assert report.date_resolution.accuracy is not None
    assert report.date_resolution.accuracy >= FLOORS["date_resolution"], report.date_resolution.to_dict()


def test_articles_without_events_stay_quiet(report: Report, gold_docs: list[GoldDoc]) -> None:
    empty = {gold.doc for gold in gold_docs if not gold.events}
    false_positives = sum(doc.counts.fp for doc in report.docs if doc.doc in empty)
    assert false_positives <= FLOORS["no_event_false_positives_max"], sorted(empty)
