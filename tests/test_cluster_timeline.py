"""Installation timelines and contradiction rules on synthetic events."""

from __future__ import annotations

import datetime as dt
import json
import random

from basewatch.cluster import cluster_events, installation_timeline
from basewatch.records import Actor, Attribution, DateSpan, Event, Evidence, Installation, Place, Source

OUTPOST = Installation(
    id="xa-outpost",
    name="Outpost Lantern",
    aliases=["Lantern Outpost", "Al-Lantarn Camp"],
    country="XA",
    lat=32.0,
    lon=41.0,
)
OTHER = Installation(id="xa-other", name="Camp Elsewhere", country="XA", lat=30.0, lon=44.0)
PUBLISHED = {
    "old": (dt.date(2018, 2, 1), dt.date(2018, 2, 1)),
    "mid": (dt.date(2020, 3, 20), dt.date(2020, 3, 20)),
    "new": (dt.date(2021, 2, 22), dt.date(2021, 2, 22)),
    "wire": (dt.date(2021, 2, 23), dt.date(2021, 2, 23)),
}


def span(start: str, end: str | None = None, precision: str = "day") -> DateSpan:
    return DateSpan(dt.date.fromisoformat(start), dt.date.fromisoformat(end or start), precision)


def event(
    event_id: str,
    article: str,
    event_type: str,
    modality: str = "completed",
    *,
    date: DateSpan | None = None,
    installation: Installation | None = OUTPOST,
    outlet: str = "Daily Example",
    via: list[str] | None = None,
    background: bool = False,
    counterpart: str | None = None,
    location: Place | None = None,
) -> Event:
    return Event(
        type=event_type,
        modality=modality,
        actor=Actor("Blue Force"),
        counterpart=Actor(counterpart) if counterpart else None,
        installation=installation,
        location=location,
        date=date,
        attribution=Attribution(outlet=outlet, via=via or [], source=Source("anonymous", "a source")),
        background=background,
        evidence=Evidence(f"words of {event_id}", 0, 12),
        article_id=article,
        id=event_id,
    )


def history() -> list[Event]:
    return [
        # Established late in one year (recalled in the background of a later article).
        event("h1", "mid", "base.construct", date=span("2017-09-01", "2017-12-31", "range"), background=True),
        # Withdrawal completed, with the recipient named: a handover.
        event("h2", "mid", "base.withdraw", date=span("2020-03-17"), counterpart="Host Army"),
        # A later report of a new base being set up at the same site, relayed by two outlets.
        event("h3", "new", "base.construct", "ongoing", via=["Wire One"]),
        event("h4", "wire", "base.construct", "ongoing", outlet="Evening Sample", via=["Wire-One"]),
        # An attack on another installation must not appear.
        event("h5", "new", "base.attack", date=span("2020-01-08"), installation=OTHER),
        # A status observation before the withdrawal: no conflict.
        event("h6", "old", "force.presence", "ongoing"),
    ]


def test_timeline_orders_statuses_and_places_undated_reports() -> None:
    timeline = installation_timeline(OUTPOST, history(), PUBLISHED)
    statuses = [(e.status, e.date.start, e.date.basis) for e in timeline.timeline]
    assert statuses == [
        ("active", "2017-09-01", "event"),
        ("active", "2018-02-01", "reported"),
        ("handed_over", "2020-03-17", "event"),
        ("under_construction", "2021-02-22", "reported"),
    ]
    assert timeline.to_dict()["name"] == "Outpost Lantern"


def test_new_base_after_handover_is_flagged_on_both_sides() -> None:
    timeline = installation_timeline(OUTPOST, history(), PUBLISHED)
    by_status = {e.status: e for e in timeline.timeline if e.status != "active"}
    handover, rebuilt = by_status["handed_over"], by_status["under_construction"]
    assert rebuilt.id in handover.conflicts_with and handover.id in rebuilt.conflicts_with
    assert {c.rule for c in rebuilt.conflicts} == {"claim_after_withdrawal"}
    establishment = timeline.timeline[0]
    presence = timeline.timeline[1]
    assert establishment.conflicts_with == [] and presence.conflicts_with == []
    assert [(a.status, b.status) for a, b in timeline.conflicting] == [("handed_over", "under_construction")]
    assert timeline.to_dict()["conflicts"] == [
        {"entries": [handover.id, rebuilt.id], "rules": ["claim_after_withdrawal"]}
    ]


def test_entry_keeps_every_source_and_counts_relays_once() -> None:
    timeline = installation_timeline(OUTPOST, history(), PUBLISHED)
    rebuilt = next(e for e in timeline.timeline if e.status == "under_construction")
    assert sorted(s.article_id for s in rebuilt.sources) == ["new", "wire"]
    assert rebuilt.independent_sources == 1
    data = rebuilt.to_dict()
    assert {"status", "date", "modality", "sources", "conflicts_with"} <= set(data)
    assert {"outlet", "via", "source", "article_id", "evidence"} <= set(data["sources"][0])
    assert set(data["date"]) >= {"start", "end", "precision"}


def test_disagreeing_establishment_dates_conflict() -> None:
    events = [
        event("x1", "old", "base.construct", date=span("2016-01-01", "2016-12-31", "year")),
        event("x2", "mid", "base.construct", date=span("2017-10-01", "2017-10-31", "month"), outlet="Other"),
    ]
    timeline = installation_timeline(OUTPOST, events, PUBLISHED)
    first, second = timeline.timeline
    assert first.conflicts_with == [second.id] and second.conflicts_with == [first.id]
    assert first.conflicts[0].rule == "establishment_dates_disagree"


def test_denial_stands_beside_the_claim() -> None:
    events = [
        event("d1", "new", "base.expand", date=span("2021-02-10")),
        event("d2", "wire", "base.expand", "denied", date=span("2021-02-10"), outlet="Ministry Gazette"),
    ]
    timeline = installation_timeline(OUTPOST, events, PUBLISHED)
    claim, denial = sorted(timeline.timeline, key=lambda e: e.modality)
    assert (claim.modality, denial.modality) == ("completed", "denied")
    assert claim.status == denial.status == "expanded"
    assert claim.conflicts_with == [denial.id] and denial.conflicts_with == [claim.id]
    assert [s.outlet for s in denial.sources] == ["Ministry Gazette"]


def test_alias_spelling_and_site_location_select_events() -> None:
    spelled = Installation(id="", name="al Lantarn camp")
    site = Place(name="Lantern village", country="XA", lat=32.02, lon=41.01, precision=1)
    events = [
        event("a1", "old", "base.attack", date=span("2019-05-01"), installation=spelled),
        event("a2", "mid", "base.attack", date=span("2019-06-01"), installation=None, location=site),
        event("a3", "mid", "force.strike", date=span("2019-06-02")),  # not a status type
    ]
    timeline = installation_timeline(OUTPOST, events, PUBLISHED)
    assert sorted(s.event_id for e in timeline.timeline for s in e.sources) == ["a1", "a2"]


def test_timeline_from_clusters_equals_timeline_from_events_in_any_order() -> None:
    events = history()
    expected = json.dumps(installation_timeline(OUTPOST, events, PUBLISHED).to_dict(), sort_keys=True)
    rng = random.Random(3)
    for _ in range(5):
        rng.shuffle(events)
        got = installation_timeline(OUTPOST, events, PUBLISHED).to_dict()
        assert json.dumps(got, sort_keys=True) == expected
    from_clusters = installation_timeline(OUTPOST, cluster_events(events, PUBLISHED))
    assert [e.status for e in from_clusters.timeline] == [
        "active",
        "active",
        "handed_over",
        "under_construction",
    ]
