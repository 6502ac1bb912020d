"""Checks every hand-annotated gold set of the project shares (synthgold, heldout, heldout2).

Each set's test module keeps what is particular to its brief (sizes, coverage) and calls these for the rest:
the evidence is copied from the texts, no text repeats a seed, and the extractor keeps the set's floors.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from basewatch.evaluate import GoldDoc, Report
from basewatch.records import EVENT_TYPES, MODALITIES
from seed_overlap import seed_runs, word_runs


def check_texts_exist(gold_docs: list[GoldDoc], texts: Path, expected_documents: int) -> None:
    """One text per gold file, each naming its outlet and URL."""
    assert len(gold_docs) == expected_documents
    assert len(list(texts.glob("*.txt"))) == expected_documents
    for gold in gold_docs:
        assert (texts / gold.doc).is_file(), f"{gold.path}: no text {gold.doc}"
        assert gold.metadata.outlet and gold.metadata.url, gold.path


def check_undated_articles(gold_docs: list[GoldDoc]) -> int:
    """Undated articles still say where their publication date lies; returns how many are undated."""
    for gold in gold_docs:
        assert gold.metadata.published or gold.published_interval_if_unknown, gold.path
        if gold.metadata.published and gold.published_interval_if_unknown:
            first, last = gold.published_interval_if_unknown
            assert first <= gold.metadata.published <= last, gold.path
    return sum(1 for gold in gold_docs if gold.metadata.published is None)


def check_evidence_copied(gold_docs: list[GoldDoc], texts: Path) -> None:
    for gold in gold_docs:
        text = (texts / gold.doc).read_text(encoding="utf-8")
        for item in gold.events:
            evidence = item.event.evidence
            assert evidence is not None, f"{gold.path} {item.id}: no evidence"
            assert evidence.text in text, f"{gold.path} {item.id}: evidence not copied from the text"


def check_coverage(
    gold_docs: list[GoldDoc], *, per_type: int = 1, per_modality: int = 1, no_event_documents: int = 1
) -> list:
    """Every type and modality among the non-optional events (what the scorer always checks), a few
    articles with no event, captions, background and relayed sources; returns those events."""
    events = [item.event for gold in gold_docs for item in gold.events if not item.optional]
    types = Counter(event.type for event in events)
    modalities = Counter(event.modality for event in events)
    assert {t: types[t] for t in EVENT_TYPES if types[t] < per_type} == {}
    assert {m: modalities[m] for m in MODALITIES if modalities[m] < per_modality} == {}
    assert sum(1 for gold in gold_docs if not gold.events) >= no_event_documents
    assert any(event.caption for event in events) and any(event.background for event in events)
    assert any(event.attribution.via for event in events)
    return events


def check_no_seed_text(texts: Path, seeds_dir: Path) -> None:
    runs = seed_runs(seeds_dir)
    for text_path in sorted(texts.glob("*.txt")):
        shared = word_runs(text_path.read_text(encoding="utf-8")) & runs
        assert not shared, f"{text_path.name} shares {sorted(shared)[:3]} with a seed"


def check_floors(report: Report, floors: dict, gold_docs: list[GoldDoc]) -> None:
    """Every floor the set's file names: F1, attributes, place and date resolution, quiet empty articles."""
    assert report.documents == len(gold_docs)
    assert report.overall.f1 >= floors["overall_f1"], report.overall.to_dict()
    assert report.core.f1 >= floors["core_f1"], report.core.to_dict()
    for attribute in ("modality", "actor", "source_kind"):
        if attribute in floors:
            accuracy = report.attributes[attribute]
            assert accuracy.total > 0 and accuracy.accuracy is not None, attribute
            assert accuracy.accuracy >= floors[attribute], (attribute, accuracy.to_dict())
    for measure in ("place_161km", "date_resolution"):
        if measure in floors:
            accuracy = getattr(report, measure)
            assert accuracy.accuracy is not None and accuracy.accuracy >= floors[measure], accuracy.to_dict()
    if "no_event_false_positives_max" in floors:
        empty = {gold.doc for gold in gold_docs if not gold.events}
        false_positives = sum(doc.counts.fp for doc in report.docs if doc.doc in empty)
        assert false_positives <= floors["no_event_false_positives_max"], sorted(empty)
