"""Cross-article clustering and source counting on synthetic events."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest

from basewatch.cluster import (
    ClusterIndex,
    RulesError,
    cluster_events,
    group_sources,
    load_rules,
    name_key,
)
from basewatch.cluster.model import Report
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

FIELD_BASE = Installation(
    id="field-base", name="Camp Ridgeway", aliases=["Ridgeway Camp"], country="XA", lat=31.0, lon=40.0
)
HARBOUR = Installation(id="harbour-post", name="Harbour Post", country="XA", lat=31.5, lon=41.5)


def day(text: str, precision: str = "day", end: str | None = None) -> DateSpan:
    return DateSpan(dt.date.fromisoformat(text), dt.date.fromisoformat(end or text), precision, text=text)


def place(name: str, lat: float | None, lon: float | None, precision: int = 1, **kw: object) -> Place:
    return Place(
        name=name, lat=lat, lon=lon, precision=precision, country="XA", admin1=kw.get("admin1", "North")
    )  # type: ignore[arg-type]


def make(
    event_id: str,
    article: str,
    event_type: str = "force.strike",
    *,
    date: DateSpan | None = None,
    where: Place | None = None,
    installation: Installation | None = None,
    actor: str | None = "Blue Force",
    outlet: str = "Daily Example",
    via: list[str] | None = None,
    source: Source | None = None,
    modality: str = "completed",
    background: bool = False,
    reported: DateSpan | None = None,
    counterpart: str | None = None,
) -> Event:
    return Event(
        type=event_type,
        modality=modality,
        actor=Actor(actor) if actor else None,
        counterpart=Actor(counterpart) if counterpart else None,
        installation=installation,
        location=where,
        date=date,
        reported=reported,
        attribution=Attribution(outlet=outlet, via=via or [], source=source or Source()),
        background=background,
        evidence=Evidence(f"evidence of {event_id}", 0, 10),
        article_id=article,
        id=event_id,
    )


AIRPORT = place("Example Airport", 31.10, 40.10)
CITY = place("Example City", 31.20, 40.20)
FAR_TOWN = place("Far Town", 33.5, 43.0)
COUNTRY = Place(name="Xland", country="XA", lat=31.0, lon=41.0, precision=4, feature="country")
PUBLISHED = {f"a{i}": (dt.date(2021, 3, 1), dt.date(2021, 3, 1)) for i in range(10)}


def corpus() -> list[Event]:
    """A mixed synthetic corpus: duplicates across articles, near misses, background mentions."""
    return [
        make("e01", "a1", date=day("2020-01-03"), where=AIRPORT, outlet="Daily Example"),
        make("e02", "a2", date=day("2020-01-03"), where=CITY, outlet="Evening Sample", background=True),
        make("e03", "a3", date=day("2020-01-04"), where=AIRPORT, outlet="Morning Mock"),
        make("e04", "a4", date=day("2020-02-20"), where=AIRPORT, outlet="Morning Mock"),
        make("e05", "a5", date=day("2020-01-03"), where=FAR_TOWN, outlet="Morning Mock"),
        make("e06", "a6", date=day("2020-01-03"), where=place("Ridge", 31.30, 40.0), actor="Red Force"),
        make("e07", "a7", where=AIRPORT, background=True, outlet="Weekly Test"),
        make("e08", "a8", "politics.demand_withdrawal", date=day("2020-01-05"), where=COUNTRY),
        make(
            "e09", "a9", "politics.demand_withdrawal", date=day("2020-01-05"), where=COUNTRY, outlet="Other"
        ),
        make("e10", "a1", "politics.demand_withdrawal", where=COUNTRY, background=True),
        make("e11", "a2", "base.attack", date=day("2020-01-08"), installation=FIELD_BASE, where=AIRPORT),
        make("e12", "a3", "base.attack", date=day("2020-01-08"), installation=HARBOUR, where=AIRPORT),
        make("e13", "a4", date=day("2020-01-03"), where=COUNTRY, outlet="Coarse Wire"),
    ]


def signature(clusters: list) -> str:
    return json.dumps([c.to_dict() for c in clusters], sort_keys=True, default=str)


@pytest.fixture(scope="module")
def clusters():
    return cluster_events(corpus(), PUBLISHED)


def members(clusters: list) -> list[list[str]]:
    return sorted(sorted(c.event_ids) for c in clusters)


def test_same_event_from_two_articles_is_one_cluster(clusters) -> None:
    groups = members(clusters)
    strike = next(g for g in groups if "e01" in g)
    # Same day (one day of slack), within 50 km, same actor; the dated background mention joins too.
    assert {"e01", "e02", "e03"} <= set(strike)
    assert "e04" not in strike  # six weeks later
    assert "e05" not in strike  # hundreds of kilometres away
    assert "e06" not in strike  # another actor, over 20 km away


def test_same_day_same_spot_outweighs_a_disagreeing_actor() -> None:
    events = [
        make("s1", "a1", date=day("2020-01-03"), where=AIRPORT, actor="Blue Force"),
        make("s2", "a2", date=day("2020-01-03"), where=AIRPORT, actor="Red Force"),
        make("s3", "a3", date=day("2020-01-05"), where=AIRPORT, actor="Red Force"),
    ]
    assert members(cluster_events(events)) == [["s1", "s2"], ["s3"]]


def test_region_level_group_is_finer_than_country_level() -> None:
    region = Place(name="North Province", country="XA", admin1="North", lat=31.5, lon=40.5, precision=3)
    events = [
        make("v1", "a1", "politics.demand_withdrawal", date=day("2020-01-05"), where=COUNTRY),
        make("v2", "a2", "politics.demand_withdrawal", date=day("2020-01-05"), where=region),
        make("v3", "a3", "politics.demand_withdrawal", where=COUNTRY, background=True),
    ]
    [cluster] = cluster_events(events, PUBLISHED)
    assert cluster.location is not None and cluster.location.precision == 3


def test_coarse_and_undated_background_mentions_attach(clusters) -> None:
    strike = next(c for c in clusters if "e01" in c.event_ids)
    assert "e13" in strike.event_ids  # country-level report of the same strike
    assert "e07" in strike.event_ids  # undated background mention at the same place
    assert strike.location is not None and strike.location.precision == 1
    assert strike.date is not None and strike.date.start == dt.date(2020, 1, 3)
    vote = next(c for c in clusters if "e08" in c.event_ids)
    assert sorted(vote.event_ids) == ["e08", "e09", "e10"]
    assert len(vote.article_ids) == 3


def test_different_installations_never_merge(clusters) -> None:
    groups = members(clusters)
    assert ["e11"] in groups and ["e12"] in groups


def test_shuffled_input_gives_identical_clusters() -> None:
    events = corpus()
    expected = signature(cluster_events(events, PUBLISHED))
    rng = random.Random(7)
    for _ in range(12):
        shuffled = events[:]
        rng.shuffle(shuffled)
        assert signature(cluster_events(shuffled, PUBLISHED)) == expected


def test_incremental_index_matches_batch_in_any_order() -> None:
    events = corpus()
    expected = signature(cluster_events(events, PUBLISHED))
    rng = random.Random(11)
    for _ in range(5):
        shuffled = events[:]
        rng.shuffle(shuffled)
        index = ClusterIndex(PUBLISHED)
        for start in range(0, len(shuffled), 3):
            index.add(shuffled[start : start + 3])
        assert signature(index.clusters) == expected


def test_index_recomputes_only_touched_partitions() -> None:
    index = ClusterIndex(PUBLISHED)
    index.add(corpus())
    before = {key: [c.id for c in index.partition(key)] for key in index.partitions}
    touched = index.add([make("e20", "a5", "base.attack", date=day("2020-01-09"), installation=FIELD_BASE)])
    assert touched == {"base.attack|XA"}
    for key, ids in before.items():
        if key not in touched:
            assert [c.id for c in index.partition(key)] == ids
    attack = next(c for c in index.partition("base.attack|XA") if "e11" in c.event_ids)
    assert "e20" in attack.event_ids  # one day later, same installation
    index.remove(["e20"])
    assert all("e20" not in c.event_ids for c in index.clusters)


def test_cluster_id_is_stable_when_members_are_added() -> None:
    first = cluster_events([make("e01", "a1", date=day("2020-01-03"), where=AIRPORT)])
    both = cluster_events(
        [
            make("e01", "a1", date=day("2020-01-03"), where=AIRPORT),
            make("e99", "a9", date=day("2020-01-03"), where=AIRPORT),
        ]
    )
    assert len(both) == 1 and both[0].id == first[0].id


def test_ambiguous_undated_mention_stays_apart() -> None:
    west = place("West Village", 31.0, 40.0)
    east = place("East Village", 31.0, 40.9)  # ~85 km apart: two different strikes
    events = [
        make("e1", "a1", date=day("2020-05-01"), where=west),
        make("e2", "a2", date=day("2020-05-01"), where=east),
        make("e3", "a3", where=COUNTRY, background=True),
    ]
    result = cluster_events(events, PUBLISHED)
    assert members(result) == [["e1"], ["e2"], ["e3"]]


def test_plan_and_execution_are_two_events() -> None:
    events = [
        make(
            "p1",
            "a1",
            "base.withdraw",
            installation=FIELD_BASE,
            modality="planned",
            reported=day("2020-03-01"),
        ),
        make("p2", "a2", "base.withdraw", installation=FIELD_BASE, date=day("2020-03-05")),
    ]
    assert members(cluster_events(events)) == [["p1"], ["p2"]]


def test_denial_joins_the_claim_and_marks_it_disputed() -> None:
    events = [
        make("d1", "a1", "base.attack", installation=FIELD_BASE, date=day("2020-06-01")),
        make("d2", "a2", "base.attack", installation=FIELD_BASE, date=day("2020-06-01"), modality="denied"),
    ]
    [cluster] = cluster_events(events)
    assert cluster.disputed and cluster.modality == "completed"
    assert cluster.modalities == {"completed": 1, "denied": 1}


# --------------------------------------------------------------------------- independent sources


def report(
    event_id: str, outlet: str | None, via: list[str] | None = None, source: Source | None = None
) -> Report:
    return Report(
        event_id=event_id,
        article_id=f"art-{event_id}",
        outlet=outlet,
        via=via or [],
        source=source or Source(),
    )


def test_two_outlets_relaying_one_agency_are_one_source() -> None:
    reports = [
        report("r1", "Daily Example", ["al-Maloumah"], Source("anonymous", "a security source")),
        report("r2", "Evening Sample", ["Al Maalomah"], Source("anonymous", "an informed source")),
    ]
    [group] = group_sources(reports)
    assert group.event_ids == ["r1", "r2"]
    assert any("relayed the same medium" in reason for reason in group.reasons)
    assert group.outlets == ["Daily Example", "Evening Sample"]


def test_independent_outlets_count_separately() -> None:
    reports = [
        report("r1", "Daily Example", [], Source("named", "General Example")),
        report("r2", "Evening Sample", ["Wire One"], Source("anonymous", "a police source")),
        report("r3", "Morning Mock", [], Source("none")),
    ]
    assert len(group_sources(reports)) == 3


def test_same_outlet_twice_and_same_named_source_merge() -> None:
    reports = [
        report("r1", "Daily Example"),
        report("r2", "Daily Example"),
        report("r3", "Evening Sample", [], Source("official_statement", "the Defence Ministry")),
        report("r4", "Morning Mock", [], Source("official_statement", "The Defence Ministry")),
    ]
    groups = group_sources(reports)
    assert [g.event_ids for g in groups] == [["r1", "r2"], ["r3", "r4"]]
    assert any("same outlet" in r for r in groups[0].reasons)
    assert any("named source" in r for r in groups[1].reasons)


def test_same_anonymous_wording_at_same_via_is_one_source() -> None:
    reports = [
        report("r1", "Daily Example", [], Source("anonymous", "An Example security source")),
        report("r2", "Evening Sample", [], Source("anonymous", "an example security source")),
        report("r3", "Morning Mock", [], Source("anonymous", "a diplomat")),
    ]
    groups = group_sources(reports)
    assert [g.event_ids for g in groups] == [["r1", "r2"], ["r3"]]
    assert "anonymous source wording" in groups[0].reasons[0]


def test_cluster_counts_independent_sources() -> None:
    events = [
        make("s1", "a1", date=day("2020-01-03"), where=AIRPORT, outlet="Daily Example", via=["Wire One"]),
        make("s2", "a2", date=day("2020-01-03"), where=AIRPORT, outlet="Evening Sample", via=["Wire-One"]),
        make("s3", "a3", date=day("2020-01-03"), where=AIRPORT, outlet="Morning Mock"),
    ]
    [cluster] = cluster_events(events)
    assert len(cluster.reports) == 3 and cluster.independent_sources == 2
    data = cluster.to_dict()
    assert data["independent_sources"] == 2 and data["articles"] == 3
    assert {r["outlet"] for r in data["reports"]} == {"Daily Example", "Evening Sample", "Morning Mock"}


def test_name_key_ignores_transliteration_noise() -> None:
    assert name_key("al-Maloumah") == name_key("Al Maalomah")
    assert name_key("Sputnik Arabic") == name_key("Sputnik")
    assert name_key("PressTV") == name_key("Press TV")
    assert name_key("Alsumaria") == name_key("Al Sumaria")
    assert name_key("Daily Example") != name_key("Evening Sample")


# --------------------------------------------------------------------------- rules file


def test_bad_rules_file_names_file_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "status.yaml"
    bad.write_text("statuses: [active]\nstatus_map:\n  base.attack: {default: exploded}\n", encoding="utf-8")
    with pytest.raises(RulesError, match=r"status_map\.base\.attack.*exploded"):
        load_rules(bad)
    broken = tmp_path / "broken.yaml"
    broken.write_text("statuses: [active\n", encoding="utf-8")
    with pytest.raises(RulesError, match=r"broken\.yaml"):
        load_rules(broken)


def test_packaged_rules_map_statuses() -> None:
    rules = load_rules()
    assert rules.status_for("base.construct", "completed") == "active"
    assert rules.status_for("base.construct", "ongoing") == "under_construction"
    assert rules.status_for("base.withdraw", "completed", has_counterpart=True) == "handed_over"
    assert rules.status_for("force.strike", "completed") is None


def test_one_article_never_merges_two_events_it_kept_apart() -> None:
    region = Place(name="North Province", country="XA", admin1="North", lat=31.5, lon=40.5, precision=3)
    events = [
        make("m1", "a1", "base.plan", where=AIRPORT, modality="planned", reported=day("2020-04-01")),
        make("m2", "a1", "base.plan", where=region, modality="planned", reported=day("2020-04-01")),
        # The same plan told again by the same article (an extraction duplicate) may merge.
        make("m3", "a1", "base.plan", where=AIRPORT, modality="planned", reported=day("2020-04-01")),
    ]
    assert members(cluster_events(events)) == [["m1", "m3"], ["m2"]]


def test_vague_undated_mention_needs_a_shared_actor() -> None:
    events = [
        make("g1", "a1", "base.attack", date=day("2020-01-08"), installation=FIELD_BASE, actor="Red Force"),
        make("g2", "a2", "base.attack", where=COUNTRY, background=True, actor=None),
        make("g3", "a3", "base.attack", where=COUNTRY, background=True, actor="Red Force"),
    ]
    assert members(cluster_events(events, PUBLISHED)) == [["g1", "g3"], ["g2"]]


def random_corpus(size: int, seed: int) -> list[Event]:
    """Many overlapping synthetic events: places, precisions, dates, actors and articles vary."""
    rng = random.Random(seed)
    events = []
    for i in range(size):
        lat, lon = 31 + rng.random() * 2, 40 + rng.random() * 2
        precision = rng.choice([1, 1, 2, 3, 4])
        where = Place(
            name=f"site {rng.randrange(40)}",
            country="XA",
            admin1=f"r{rng.randrange(3)}",
            lat=lat,
            lon=lon,
            precision=precision,
        )
        start = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(120))
        date = DateSpan(start, start, "day") if rng.random() < 0.7 else None
        events.append(
            make(
                f"r{i:04d}",
                f"a{i // 3}",
                rng.choice(["force.strike", "base.attack"]),
                date=date,
                where=where,
                actor=rng.choice(["Blue Force", "Red Force", None]),
                background=rng.random() < 0.3,
                outlet=f"Outlet {rng.randrange(6)}",
            )
        )
    return events


def test_incremental_index_matches_batch_on_a_large_random_corpus() -> None:
    events = random_corpus(400, seed=1)
    published = {f"a{i}": (dt.date(2020, 5, 1), dt.date(2020, 5, 1)) for i in range(140)}
    expected = signature(cluster_events(events, published))
    assert any(len(c.reports) > 2 for c in cluster_events(events, published))
    rng = random.Random(2)
    shuffled = events[:]
    rng.shuffle(shuffled)
    index = ClusterIndex(published)
    for start in range(0, len(shuffled), 37):
        index.add(shuffled[start : start + 37])
    assert signature(index.clusters) == expected
    # Removing and re-adding a slice comes back to the same clusters.
    index.remove([e.id for e in shuffled[:50]])
    index.add(shuffled[:50])
    assert signature(index.clusters) == expected
