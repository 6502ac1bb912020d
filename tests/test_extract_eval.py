"""The accuracy gate: the extractor scored on the dev set against the floors of accuracy_floors.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from basewatch.evaluate import evaluate
from basewatch.extract import Extractor

FLOORS = yaml.safe_load((Path(__file__).parent / "accuracy_floors.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def report(gold_dir: Path, seeds_dir: Path):  # type: ignore[no-untyped-def]
    """One evaluation of the default extractor (statistical parser included) on the dev set."""
    return evaluate(gold_dir, seeds_dir, extractor=Extractor())


def test_overall_and_core_f1(report) -> None:  # type: ignore[no-untyped-def]
    assert report.overall.f1 >= FLOORS["overall_f1"], report.overall.to_dict()
    assert report.core.f1 >= FLOORS["core_f1"], report.core.to_dict()


@pytest.mark.parametrize("attribute", ["modality", "actor", "source_kind"])
def test_attribute_accuracy(report, attribute: str) -> None:  # type: ignore[no-untyped-def]
    accuracy = report.attributes[attribute]
    assert accuracy.total > 0
    assert accuracy.accuracy is not None and accuracy.accuracy >= FLOORS[attribute], accuracy.to_dict()


def test_every_dev_document_yields_events(report) -> None:  # type: ignore[no-untyped-def]
    assert report.documents == 5
    assert all(doc.counts.tp > 0 for doc in report.docs), [d.doc for d in report.docs if d.counts.tp == 0]


@pytest.mark.parametrize("measure", ["place_25km", "place_161km", "place_points_25km", "place_points_161km"])
def test_place_accuracy(report, measure: str) -> None:  # type: ignore[no-untyped-def]
    accuracy = getattr(report, measure)
    assert accuracy.total >= 30  # every located gold event counts
    assert accuracy.accuracy is not None and accuracy.accuracy >= FLOORS[measure], accuracy.to_dict()


def test_date_resolution(report) -> None:  # type: ignore[no-untyped-def]
    accuracy = report.date_resolution
    assert accuracy.total >= 15
    assert accuracy.accuracy is not None and accuracy.accuracy >= FLOORS["date_resolution"], (
        accuracy.to_dict()
    )
