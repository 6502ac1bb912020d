"""The EVENTS.md §5 scorer on small hand-built gold/prediction pairs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from basewatch.evaluate import GoldDoc, GoldEvent, haversine_km, names_agree, places_agree, score
from basewatch.records import (
    Actor,
    Attribution,
    DateSpan,
    Event,
    Evidence,
    Installation,
    Place,
    Source,
)

# Synthetic places (invented names, real-looking coordinates).
RIVERTOWN = (34.00, 43.00)
HILLTOWN = (35.00, 44.00)  # ~140 km from RIVERTOWN


def place(
    name: str, lat: float, lon: float, precision: int = 1, admin1: str | None = None, country: str = "IQ"
):
    return Place(name=name, lat=lat, lon=lon, precision=precision, admin1=admin1, country=country)


def event(
    type_: str = "base.attack",
    where: Place | None = None,
    *,
    installation: Installation | None = None,
    modality: str = "completed",
    actor: str | None = "United States",
    date: tuple[str, str] | None = None,
    source_kind: str = "none",
    background: bool = False,
    caption: bool = False,
    evidence: str = "",
) -> Event:
    return Event(
        type=type_,
        modality=modality,
        actor=Actor(name=actor) if actor else None,
        installation=installation,
        location=where,
        date=DateSpan(dt.date.fromisoformat(date[0]), dt.date.fromisoformat(date[1]), "day")
        if date
        else None,
        attribution=Attribution(source=Source(kind=source_kind)),
        background=background,
        caption=caption,
        evidence=Evidence(evidence, 0, len(evidence)) if evidence else None,
    )


def gold_doc(*events: Event, optional: tuple[int, ...] = (), doc: str = "a.txt") -> GoldDoc:
    return GoldDoc(
        doc=doc,
        path=Path(doc),
        events=[GoldEvent(id=f"e{i + 1}", event=e, optional=i in optional) for i, e in enumerate(events)],
    )


def test_exact_match_scores_one() -> None:
    gold = gold_doc(event(where=place("Rivertown", *RIVERTOWN)))
    report = score({"a.txt": [event(where=place("Rivertown", *RIVERTOWN))]}, [gold])
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (1, 0, 0)
    assert report.overall.f1 == 1.0


def test_wrong_type_is_a_false_positive_and_a_miss() -> None:
    gold = gold_doc(event("base.attack", place("Rivertown", *RIVERTOWN)))
    report = score({"a.txt": [event("force.strike", place("Rivertown", *RIVERTOWN))]}, [gold])
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (0, 1, 1)
    assert report.per_type["base.attack"].fn == 1
    assert report.per_type["force.strike"].fp == 1


def test_place_too_far_does_not_match_at_site_precision() -> None:
    gold = gold_doc(event(where=place("Rivertown", *RIVERTOWN, precision=1)))
    far = place("Hilltown", *HILLTOWN)
    report = score({"a.txt": [event(where=far)]}, [gold])
    assert report.overall.tp == 0


@pytest.mark.parametrize("precision", [1, 2])
def test_site_precision_allows_fifty_km_but_not_more(precision: int) -> None:
    gold = gold_doc(event(where=place("near Rivertown", *RIVERTOWN, precision=precision)))
    forty_km = place("Village", RIVERTOWN[0] + 0.36, RIVERTOWN[1])
    sixty_km = place("Village", RIVERTOWN[0] + 0.54, RIVERTOWN[1])
    assert 35 < haversine_km(*RIVERTOWN, forty_km.lat, forty_km.lon) < 45
    assert score({"a.txt": [event(where=forty_km)]}, [gold]).overall.tp == 1
    assert score({"a.txt": [event(where=sixty_km)]}, [gold]).overall.tp == 0


def test_installation_matches_by_alias_despite_distant_coordinates() -> None:
    gold_inst = Installation(id="", name="Ain al-Asad Air Base", lat=33.8, lon=42.44)
    pred_inst = Installation(id="", name="Ayn al-Assad airbase", lat=None, lon=None)
    gold = gold_doc(event(installation=gold_inst, where=place("Ain al-Asad Air Base", 33.8, 42.44)))
    # The predicted location is wrong by far, yet the installation is the same one.
    pred = event(installation=pred_inst, where=place("Somewhere", *HILLTOWN))
    assert score({"a.txt": [pred]}, [gold]).overall.tp == 1


def test_transliterations_agree_and_different_places_do_not() -> None:
    assert names_agree("al-Qa'im", "Al Qaim")
    assert names_agree("Salah ad Din", "Salahuddin")
    assert names_agree("K1", "K-1")
    assert not names_agree("Kirkuk", "Mosul")


def test_province_precision_compares_admin_area_loosely() -> None:
    gold = gold_doc(event(where=place("Salah ad Din", 34.5, 43.5, precision=3, admin1="Salah ad Din")))
    same_admin = place("Salahuddin province", 34.9, 43.9, precision=3, admin1="Salahuddin")
    other_admin = place("Anbar", 34.9, 43.9, precision=3, admin1="Anbar")
    assert score({"a.txt": [event(where=same_admin)]}, [gold]).overall.tp == 1
    assert score({"a.txt": [event(where=other_admin)]}, [gold]).overall.tp == 0


def test_country_precision_compares_country() -> None:
    gold = gold_doc(event("force.deploy", place("Iraq", 33.0, 43.5, precision=4, country="IQ")))
    elsewhere_in_country = place("Basra", 30.5, 47.8, precision=1, admin1="Basra", country="IQ")
    other_country = place("Deir ez-Zor", 35.3, 40.1, precision=1, country="SY")
    assert score({"a.txt": [event("force.deploy", elsewhere_in_country)]}, [gold]).overall.tp == 1
    assert score({"a.txt": [event("force.deploy", other_country)]}, [gold]).overall.tp == 0


def test_optional_gold_counts_neither_as_miss_nor_false_positive() -> None:
    gold = gold_doc(
        event(where=place("Rivertown", *RIVERTOWN)),
        event("force.strike", place("Hilltown", *HILLTOWN)),
        event("force.air", place("Hilltown", *HILLTOWN)),
        optional=(1, 2),
    )
    preds = [event(where=place("Rivertown", *RIVERTOWN)), event("force.strike", place("Hilltown", *HILLTOWN))]
    report = score({"a.txt": preds}, [gold])
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (1, 0, 0)
    assert report.gold_events == 1 and report.optional_gold_events == 2


def test_matching_is_one_to_one_and_best_first() -> None:
    near = place("Rivertown", *RIVERTOWN)
    gold = gold_doc(
        event(where=near, evidence="rockets hit the northern gate of the camp"),
        event(where=near, evidence="drones struck the runway at night"),
    )
    # Two predictions, each clearly the counterpart of one gold event by evidence; plus a duplicate.
    preds = [
        event(where=near, evidence="drones struck the runway at night"),
        event(where=near, evidence="rockets hit the northern gate of the camp"),
        event(where=near, evidence="rockets hit the northern gate of the camp"),
    ]
    report = score({"a.txt": preds}, [gold])
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (2, 1, 0)
    pairs = {m.gold.id: m.predicted.evidence.text for m in report.docs[0].matches}
    assert pairs["e1"].startswith("rockets") and pairs["e2"].startswith("drones")


def test_per_type_and_core_figures() -> None:
    gold = gold_doc(
        event("base.attack", place("Rivertown", *RIVERTOWN)),
        event("territory.change", place("Hilltown", *HILLTOWN), background=True),
    )
    preds = [
        event("base.attack", place("Rivertown", *RIVERTOWN)),
        event("force.clash", place("Hilltown", *HILLTOWN)),
    ]
    report = score({"a.txt": preds}, [gold])
    assert report.per_type["base.attack"].f1 == 1.0
    assert report.per_type["territory.change"].recall == 0.0
    assert report.per_type["force.clash"].precision == 0.0
    # Core ignores the background gold event: one hit, one false positive, no miss.
    assert (report.core.tp, report.core.fp, report.core.fn) == (1, 1, 0)
    assert report.overall.precision == 0.5 and report.overall.recall == 0.5


def test_attribute_accuracies_over_matched_pairs() -> None:
    where = place("Rivertown", *RIVERTOWN)
    gold = gold_doc(
        event(where=where, modality="planned", actor="Islamic State", date=("2020-03-01", "2020-03-31")),
        event("force.deploy", where, modality="ongoing", source_kind="anonymous"),
    )
    preds = [
        event(where=where, modality="planned", actor="islamic state", date=("2020-03-17", "2020-03-17")),
        event("force.deploy", where, modality="completed", actor="Iraq", date=("2020-01-01", "2020-01-01")),
    ]
    report = score({"a.txt": preds}, [gold])
    attrs = {k: (v.correct, v.total) for k, v in report.attributes.items()}
    assert attrs["modality"] == (1, 2)
    assert attrs["actor"] == (1, 2)  # case-insensitive canonical names
    assert attrs["date"] == (1, 2)  # in range; predicted date where gold has none is wrong
    assert attrs["source_kind"] == (1, 2)
    assert report.date_resolution.correct == 1 and report.date_resolution.total == 1


def test_place_accuracy_at_25_and_161_km() -> None:
    gold = gold_doc(
        event("force.deploy", place("Iraq", 33.0, 43.5, precision=4, country="IQ")),
        event("base.attack", place("Rivertown", *RIVERTOWN)),
        event("force.air", place("Hilltown", *HILLTOWN)),
    )
    preds = [
        # Matches by country; ~100 km from the gold point: right within 161 km only.
        event("force.deploy", place("Town", 33.9, 43.5, country="IQ")),
        # Unmatched (too far for precision 1) but the nearest same-type prediction is ~140 km away.
        event("base.attack", place("Hilltown", *HILLTOWN)),
    ]
    report = score({"a.txt": preds}, [gold])
    assert report.place_25km.total == 3
    assert report.place_25km.correct == 0
    # force.deploy at ~100 km and base.attack at ~140 km count; force.air has no prediction at all.
    assert report.place_161km.correct == 2


def test_missing_document_predictions_are_all_misses() -> None:
    gold = gold_doc(event(where=place("Rivertown", *RIVERTOWN)), doc="b.txt")
    report = score({}, [gold])
    assert (report.overall.tp, report.overall.fn) == (0, 1)
    assert report.overall.f1 == 0.0


def test_gold_without_location_accepts_any_place() -> None:
    gold = gold_doc(event("politics.threat", None))
    assert places_agree(event("politics.threat", place("Rivertown", *RIVERTOWN)), gold.events[0].event)
    assert score({"a.txt": [event("politics.threat", None)]}, [gold]).overall.tp == 1


@pytest.mark.parametrize("n_pred", [0, 3])
def test_empty_gold_document(n_pred: int) -> None:
    gold = gold_doc()
    preds = [event(where=place("Rivertown", *RIVERTOWN)) for _ in range(n_pred)]
    report = score({"a.txt": preds}, [gold])
    assert report.overall.fp == n_pred
    assert report.overall.precision == (1.0 if n_pred == 0 else 0.0)


def test_admin_area_spelled_from_another_language_agrees() -> None:
    gold = gold_doc(event(where=place("Nineveh province", 36.3, 42.5, precision=3, admin1="Nineveh")))
    arabic_spelling = place("Ninawa", 36.0, 42.9, precision=3, admin1="Ninawa")
    neighbour = place("Dahuk", 36.0, 42.9, precision=3, admin1="Dahuk")
    assert score({"a.txt": [event(where=arabic_spelling)]}, [gold]).overall.tp == 1
    assert score({"a.txt": [event(where=neighbour)]}, [gold]).overall.tp == 0


def test_strict_places_country_centroid_near_a_site_does_not_match_it() -> None:
    gold = gold_doc(event("base.plan", place("Hilltop village", 33.35, 43.78, precision=2)))
    centroid = place("Testland", 33.3, 43.9, precision=4)  # ~12 km away, but only a country
    site = place("Hilltop", 33.3, 43.9, precision=1)
    # EVENTS.md §5 read literally: any coordinates within 50 km agree.
    assert score({"a.txt": [event("base.plan", centroid)]}, [gold]).overall.tp == 1
    assert score({"a.txt": [event("base.plan", centroid)]}, [gold], strict_places=True).overall.tp == 0
    assert score({"a.txt": [event("base.plan", site)]}, [gold], strict_places=True).overall.tp == 1


def test_same_area_at_the_same_level_counts_as_resolved_whatever_its_point() -> None:
    gold = gold_doc(
        event("force.deploy", place("Anbar", 33.4, 42.0, precision=3, admin1="Anbar")),
        event("force.air", place("Iraq", 33.0, 43.5, precision=4)),
        event("force.withdraw", place("Nineveh", 36.0, 42.5, precision=3, admin1="Nineveh")),
    )
    preds = [
        # The same province, another representative point ~60 km away: resolved.
        event("force.deploy", place("Al Anbar", 32.97, 41.62, precision=3, admin1="Al Anbar")),
        # The same country at country level: resolved.
        event("force.air", place("Iraq", 33.2, 43.7, precision=4)),
        # A town in the same province matches the event but does not resolve the province's point.
        event("force.withdraw", place("Sinjar", 36.32, 41.86, precision=1, admin1="Nineveh")),
    ]
    report = score({"a.txt": preds}, [gold])
    assert report.overall.tp == 3
    assert (report.place_25km.correct, report.place_25km.total) == (2, 3)
    # Points only: the province is ~60 km off, the country ~30 km, the town ~70 km.
    assert report.place_points_25km.correct == 0
    assert report.place_points_161km.correct == 3
