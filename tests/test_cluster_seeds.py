"""The issue's gates on the five seed articles, through the real pipeline (ingest, extract, store).

The seeds and their metadata are read from ../shared at test time; nothing of them is copied here.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from basewatch.cluster import Cluster, Timeline, cluster_events, installation_timeline
from basewatch.cluster.core import haversine_km
from basewatch.cluster.persist import load_clusters, timeline_from_store, update_clusters
from basewatch.evaluate import load_gold
from basewatch.pipeline import run
from basewatch.registry import load_register
from basewatch.store import Store

# Baghdad International Airport (the strike site), from the public airport coordinates.
AIRPORT = (33.2625, 44.2346)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path, gold_dir: Path) -> Store:
    """A store holding the five seeds, ingested with their metadata, extracted and clustered."""
    folder = tmp_path_factory.mktemp("seeds")
    meta = folder / "meta.csv"
    with meta.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "url", "outlet", "published"])
        for gold in load_gold(gold_dir):
            published = gold.metadata.published.isoformat() if gold.metadata.published else ""
            writer.writerow([gold.doc, gold.metadata.url or "", gold.metadata.outlet or "", published])
    store = Store(str(folder / "seeds.db"))
    summary = run([str(seeds_dir)], store, meta_csv=str(meta))
    assert summary.stored == 5, summary.to_dict()
    update_clusters(store, summary.article_ids)
    yield store
    store.close()


def _covers(cluster: Cluster, day: dt.date) -> bool:
    return cluster.date is not None and cluster.date.start <= day <= cluster.date.end


def _near_airport(cluster: Cluster, km: float = 25.0) -> bool:
    place = cluster.installation if cluster.installation and cluster.installation.lat else cluster.location
    if place is None or place.lat is None or place.lon is None:
        return False
    return haversine_km(place.lat, place.lon, *AIRPORT) <= km


def test_one_canonical_strike_near_the_airport_from_two_articles(seeded: Store) -> None:
    strikes = [
        c
        for c in load_clusters(seeded)
        if c.type in ("force.strike", "base.attack") and _covers(c, dt.date(2020, 1, 3)) and _near_airport(c)
    ]
    assert len(strikes) == 1, [(c.id, c.article_ids) for c in strikes]
    assert len(strikes[0].article_ids) >= 2


def test_one_canonical_parliament_vote_reported_by_several(seeded: Store) -> None:
    votes = [
        c
        for c in load_clusters(seeded, type="politics.demand_withdrawal")
        if _covers(c, dt.date(2020, 1, 5)) and c.date is not None and c.date.precision == "day"
    ]
    assert len(votes) == 1, [(c.id, c.date, c.article_ids) for c in votes]
    assert len(votes[0].article_ids) >= 2


def _timeline(store: Store, name: str) -> Timeline:
    installation = load_register().find(name)
    assert installation is not None, f"the register has no {name}"
    return timeline_from_store(store, installation)


def _in_year(value: str | None, year: int) -> bool:
    return value is not None and value.startswith(f"{year}-")


def test_al_qaim_timeline_establishment_withdrawal_and_conflicting_new_base(seeded: Store) -> None:
    timeline = _timeline(seeded, "al-Qaim")
    established = [e for e in timeline.timeline if e.type == "base.construct" and e.modality == "completed"]
    assert any(_in_year(e.date.start, 2017) and _in_year(e.date.end, 2017) for e in established)
    withdrawals = [
        e for e in timeline.timeline if e.status in ("withdrawn", "handed_over") and e.modality == "completed"
    ]
    assert [e.date.start for e in withdrawals] == ["2020-03-17"]
    later = [
        e
        for e in timeline.timeline
        if e.status in ("planned", "under_construction", "active", "expanded")
        and _in_year(e.date.start, 2021)
    ]
    assert later, "no base.* event of the 2021 report is tied to al-Qa'im"
    assert withdrawals[0].id in later[0].conflicts_with
    assert later[0].id in withdrawals[0].conflicts_with


def test_ain_al_asad_timeline_attack_and_expansion(seeded: Store) -> None:
    timeline = _timeline(seeded, "Ayn al-Assad")
    attacks = [e for e in timeline.timeline if e.status == "attacked"]
    assert any(e.date.start == "2020-01-08" for e in attacks), [(e.status, e.date) for e in timeline.timeline]
    expansions = [e for e in timeline.timeline if e.status == "expanded"]
    assert any(_in_year(e.date.start, 2021) for e in expansions)
    for entry in timeline.timeline:
        assert entry.sources and all(s.article_id for s in entry.sources)


# --------------------------------------------------------------------------- the gates on gold events
# The same gates with the annotated events as input: checks the clustering and timeline logic
# independently of how well extraction does.


@pytest.fixture(scope="module")
def gold_events(gold_dir: Path) -> tuple[list, dict]:
    events, published = [], {}
    for gold in load_gold(gold_dir):
        article_id = gold.doc
        if gold.metadata.published is not None:
            published[article_id] = (gold.metadata.published, gold.metadata.published)
        for item in gold.events:
            item.event.article_id = article_id
            item.event.id = f"{article_id}#{item.id}"
            item.event.attribution.outlet = item.event.attribution.outlet or gold.metadata.outlet
            events.append(item.event)
    return events, published


def test_gold_events_give_one_strike_and_one_vote(gold_events: tuple[list, dict]) -> None:
    events, published = gold_events
    clusters = cluster_events(events, published)
    strikes = [c for c in clusters if c.type == "force.strike" and _covers(c, dt.date(2020, 1, 3))]
    assert len(strikes) == 1 and _near_airport(strikes[0]) and len(strikes[0].article_ids) == 2
    # Both tellings come from one outlet: one independent source, and the reason says so.
    assert strikes[0].independent_sources == 1 and "same outlet" in strikes[0].source_groups[0].reasons[0]
    votes = [
        c for c in clusters if c.type == "politics.demand_withdrawal" and _covers(c, dt.date(2020, 1, 5))
    ]
    assert len(votes) == 1 and len(votes[0].article_ids) >= 3  # the undated recollection joins too


def test_gold_events_give_the_two_timelines(gold_events: tuple[list, dict]) -> None:
    events, published = gold_events
    register = load_register()
    qaim = installation_timeline(register.find("al-Qaim"), events, published)
    statuses = [(e.status, e.date.start) for e in qaim.timeline]
    assert statuses[0] == ("active", "2017-09-01")
    assert ("handed_over", "2020-03-17") in statuses or ("withdrawn", "2020-03-17") in statuses
    [(left, right)] = qaim.conflicting
    assert left.date.start == "2020-03-17" and _in_year(right.date.start, 2021)
    asad = installation_timeline(register.find("Ain al-Assad"), events, published)
    assert ("attacked", "2020-01-08") in [(e.status, e.date.start) for e in asad.timeline]
    assert any(e.status == "expanded" and _in_year(e.date.start, 2021) for e in asad.timeline)
