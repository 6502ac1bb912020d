"""The second held-out evaluation set (tests/fixtures/heldout2): it parses with the project's loader, its
evidence is copied from its texts, it covers the spec, shares no text with the seeds, and the extractor keeps
its measured floors on it (never tune on the set: these floors guard against broad regressions only)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from basewatch.evaluate import GoldDoc, Report, evaluate, load_gold
from basewatch.extract import Extractor
from basewatch.records import EVENT_TYPES, MODALITIES
from seed_overlap import seed_runs, word_runs

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
    assert len(gold_docs) == EXPECTED_DOCUMENTS
    assert len(list(GOLD.glob("*.yaml"))) == len(list(TEXTS.glob("*.txt"))) == EXPECTED_DOCUMENTS
    for gold in gold_docs:
        text_path = TEXTS / gold.doc
        assert text_path.is_file(), f"{gold.path}: no text {gold.doc}"
        words = len(text_path.read_text(encoding="utf-8").split())
        assert WORDS_PER_TEXT[0] <= words <= WORDS_PER_TEXT[1], (gold.doc, words)
        assert gold.metadata.outlet and gold.metadata.url, gold.path
        # Undated articles still say where their publication date lies, for --no-metadata checks.
        assert gold.metadata.published or gold.published_interval_if_unknown, gold.path
        if gold.metadata.published and gold.published_interval_if_unknown:
            first, last = gold.published_interval_if_unknown
            assert first <= gold.metadata.published <= last, gold.path
    assert sum(1 for gold in gold_docs if gold.metadata.published is None) == UNDATED_DOCUMENTS


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
    assert [t for t in EVENT_TYPES if not types[t]] == []
    assert [m for m in MODALITIES if not modalities[m]] == []
    assert sum(1 for gold in gold_docs if not gold.events) == NO_EVENT_DOCUMENTS
    assert any(event.caption for event in events) and any(event.background for event in events)
    assert any(event.attribution.via for event in events)
    assert any(event.fatalities for event in events)
    kinds = {event.attribution.source.kind for event in events}
    assert kinds >= {"anonymous", "named", "official_statement", "media"}


def test_no_seed_text_is_copied(seeds_dir: Path) -> None:
    runs = seed_runs(seeds_dir)
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


def test_articles_without_events_stay_quiet(report: Report, gold_docs: list[GoldDoc]) -> None:
    empty = {gold.doc for gold in gold_docs if not gold.events}
    false_positives = sum(doc.counts.fp for doc in report.docs if doc.doc in empty)
    assert false_positives <= FLOORS["no_event_false_positives_max"], sorted(empty)
