"""The Store: articles, machine output (events, clusters) and human output (reviews) in one database.

SQLite by default (WAL, foreign keys, busy timeout), PostgreSQL with the same code. The schema is
created and upgraded by the packaged Alembic migrations when a Store is opened.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event as sa_event
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, defer, sessionmaker

from basewatch import config
from basewatch.records import Article, Event
from basewatch.store.convert import (
    apply_corrections,
    article_columns,
    assign_event_ids,
    event_columns,
    event_from_dict,
    normalised_content_hash,
    row_to_article,
)
from basewatch.store.models import ArticleRow, ClusterMemberRow, ClusterRow, EventRow, ReviewRow

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
REVIEW_STATUSES: tuple[str, ...] = ("accepted", "rejected", "corrected")
CORRECTION_FIELDS: tuple[str, ...] = ("type", "modality", "date", "place", "location", "actor")
MIGRATION_LOCK_KEY = 0x62617365  # arbitrary, constant: "base"


class StoreError(Exception):
    """A store problem with a message fit for users (bad URL, unreachable server, bad review)."""


@dataclass
class EventFilter:
    """Filters of ``Store.list_events``; None means "any".

    ``type`` matches exactly, or as a family when it ends with "." or has no dot ("force" = force.*).
    Dates select events whose interval overlaps [date_from, date_to] (the event date, else the
    reported date). ``reviewed`` is True/False (has a review or not) or a status
    (accepted|rejected|corrected). ``bbox`` is (west, south, east, north).
    Filters apply to the machine output; review corrections are applied to the returned events.
    """

    type: str | Sequence[str] | None = None
    modality: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    country: str | None = None
    admin1: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    actor: str | None = None
    installation: str | None = None
    outlet: str | None = None
    reviewed: bool | str | None = None
    background: bool | None = None
    article_id: str | None = None
    text: str | None = None


@dataclass
class Review:
    """A person's verdict on one event; corrections hold type, modality, date, place, actor."""

    id: int
    event_id: str
    status: str
    corrections: dict[str, Any] = field(default_factory=dict)
    note: str | None = None
    reviewer: str = ""
    created_at: dt.datetime | None = None
    article_id: str | None = None
    event_type: str | None = None
    evidence_start: int | None = None
    evidence_end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "event_id": self.event_id,
            "status": self.status,
            "corrections": self.corrections,
            "note": self.note,
            "reviewer": self.reviewer,
            "created_at": self.created_at.isoformat() if self.created_at else None,
            "article_id": self.article_id,
            "event_type": self.event_type,
            "evidence_start": self.evidence_start,
            "evidence_end": self.evidence_end,
        }


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _fts5_query(query: str) -> str:
    """User words as quoted FTS5 terms (AND): no FTS syntax from hostile input reaches SQLite."""
    words = re.findall(r"\w+", query)
    return " ".join(f'"{w}"' for w in words)


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def event_rows(
    article_id: str,
    doc: str,
    outlet: str | None,
    events: Sequence[Event],
    extractor_version: str,
    now: dt.datetime,
) -> list[dict[str, Any]]:
    """Rows of the events table for one article's events (stable ids assigned, doc/outlet filled)."""
    assign_event_ids(article_id, events)
    rows = []
    for seq, ev in enumerate(events):
        if not ev.doc:
            ev.doc = doc
        columns = event_columns(ev)
        if columns["outlet"] is None:
            columns["outlet"] = outlet
        rows.append(
            {
                "id": ev.id,
                "article_id": article_id,
                "seq": seq,
                "extracted_at": now,
                "extractor_version": extractor_version or None,
                **columns,
            }
        )
    return rows


def _review_from_row(row: ReviewRow) -> Review:
    return Review(
        id=row.id,
        event_id=row.event_id,
        status=row.status,
        corrections=dict(row.corrections or {}),
        note=row.note,
        reviewer=row.reviewer or "",
        created_at=row.created_at,
        article_id=row.article_id,
        event_type=row.event_type,
        evidence_start=row.evidence_start,
        evidence_end=row.evidence_end,
    )


class Store:
    """Articles, events, reviews and clusters behind one SQLAlchemy URL (SQLite or PostgreSQL)."""

    def __init__(self, url: str | None = None, *, migrate: bool = True) -> None:
        self.url = config.db_url(url)
        try:
            self.engine = self._create_engine(self.url)
        except (SQLAlchemyError, ImportError, ValueError) as exc:
            raise StoreError(
                f"cannot open store {self.display_url}: {exc}; check --db / BASEWATCH_DB"
            ) from exc
        self.dialect = self.engine.dialect.name
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        if migrate:
            self.migrate()

    # ------------------------------------------------------------------ setup

    @property
    def display_url(self) -> str:
        """The URL with any password hidden (for messages)."""
        try:
            return sa.engine.make_url(self.url).render_as_string(hide_password=True)
        except Exception:  # a malformed URL is shown as given
            return self.url

    @staticmethod
    def _create_engine(url: str) -> sa.Engine:
        parsed = sa.engine.make_url(url)
        if parsed.get_backend_name() == "sqlite":
            database = parsed.database
            if database and database != ":memory:" and not database.startswith("file:"):
                folder = Path(database).expanduser().resolve().parent
                if not folder.is_dir():
                    raise ValueError(f"folder {folder} does not exist")
            engine = sa.create_engine(url, connect_args={"timeout": 30})
            sa_event.listen(engine, "connect", _set_sqlite_pragmas)
            return engine
        return sa.create_engine(url, pool_pre_ping=True)

    def migrate(self) -> None:
        """Bring the schema to the newest migration (no-op when already there)."""
        alembic_cfg = Config()
        alembic_cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
        alembic_cfg.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        head = ScriptDirectory.from_config(alembic_cfg).get_current_head()
        try:
            if self._revision() == head:
                return
            with self.engine.begin() as conn:
                if self.dialect == "postgresql":
                    # Writers opening a new database at once: one migrates, the others wait here.
                    conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
                elif self.dialect == "sqlite":
                    conn.exec_driver_sql("BEGIN IMMEDIATE")  # take the write lock before reading the version
                alembic_cfg.attributes["connection"] = conn
                command.upgrade(alembic_cfg, "head")
        except SQLAlchemyError as exc:
            # Another process may have migrated between our check and our upgrade: that is fine.
            try:
                if self._revision() == head:
                    return
            except SQLAlchemyError:
                pass
            raise StoreError(f"cannot open store {self.display_url}: {getattr(exc, 'orig', exc)}") from exc

    def _revision(self) -> str | None:
        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def close(self) -> None:
        """Release every connection."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def session(self) -> Session:
        """A new ORM session (callers commit; used by other stages for custom queries)."""
        return self._sessions()

    # ------------------------------------------------------------------ articles

    def add_article(
        self, article: Article, events: Sequence[Event] | None = None, extractor_version: str = ""
    ) -> tuple[str, bool]:
        """Store an article once; returns ``(article_id, created)``.

        Dedupes on the same URL or the same normalised content hash: a duplicate updates nothing
        and gives ``created=False``. Each call commits its own transaction. Sets ``article.id``.
        With ``events`` (machine output already extracted) the article and its events are stored
        in that one transaction and the article counts as extracted.
        """
        content_hash = article.content_hash or normalised_content_hash(article.text)
        new_id = content_hash[:16]
        now = _now()
        # Core statements rather than ORM objects: this is the hot path of every ingest.
        with self.engine.begin() as conn:
            existing = self._find_duplicate(conn, article.url, content_hash)
            if existing is None:
                values = article_columns(article)
                values.update(id=new_id, content_hash=content_hash, ingested_at=now)
                if events is not None:
                    values["extracted_at"] = now
                try:
                    with conn.begin_nested():
                        conn.execute(sa.insert(ArticleRow), values)
                        if events:
                            rows = event_rows(
                                new_id, article.doc, article.outlet, events, extractor_version, now
                            )
                            conn.execute(sa.insert(EventRow), rows)
                except IntegrityError:
                    # Another writer stored the same article between our check and our insert.
                    existing = self._find_duplicate(conn, article.url, content_hash)
                    if existing is None:
                        raise
        if existing is not None:
            article.id = existing
            return existing, False
        article.id = new_id
        article.content_hash = content_hash
        return new_id, True

    def find_duplicate(self, article: Article) -> str | None:
        """Id of the stored article this one duplicates (same content hash or URL), else None."""
        content_hash = article.content_hash or normalised_content_hash(article.text)
        with self.engine.connect() as conn:
            return self._find_duplicate(conn, article.url, content_hash)

    @staticmethod
    def _find_duplicate(conn: sa.Connection, url: str | None, content_hash: str) -> str | None:
        found = conn.scalar(sa.select(ArticleRow.id).where(ArticleRow.content_hash == content_hash))
        if found is None and url:
            found = conn.scalar(sa.select(ArticleRow.id).where(ArticleRow.url == url).limit(1))
        return found

    def add_articles_bulk(self, articles: Sequence[Article]) -> list[tuple[str, bool]]:
        """Store many articles in one transaction; ``(article_id, created)`` per input, in order.

        Same dedupe rules as ``add_article`` (also within the batch). On PostgreSQL the new rows go
        in with ``COPY``. If a concurrent writer makes the batch fail, it falls back to one
        transaction per article, so the result is the same, only slower.
        """
        hashes = [a.content_hash or normalised_content_hash(a.text) for a in articles]
        results: list[tuple[str, bool]] = []
        rows: list[dict[str, Any]] = []
        with self.engine.connect() as conn:
            known_hashes = self._known(conn, ArticleRow.content_hash, hashes)
            known_urls = self._known(conn, ArticleRow.url, [a.url for a in articles if a.url])
        batch_hashes: dict[str, str] = {}
        batch_urls: dict[str, str] = {}
        now = _now()
        for article, content_hash in zip(articles, hashes, strict=True):
            existing = (
                known_hashes.get(content_hash)
                or batch_hashes.get(content_hash)
                or (known_urls.get(article.url) or batch_urls.get(article.url) if article.url else None)
            )
            if existing is not None:
                results.append((existing, False))
                continue
            new_id = content_hash[:16]
            values = article_columns(article)
            values.update(id=new_id, content_hash=content_hash, ingested_at=now)
            rows.append(values)
            batch_hashes[content_hash] = new_id
            if article.url:
                batch_urls[article.url] = new_id
            results.append((new_id, True))
        try:
            if rows:
                with self.engine.begin() as conn:
                    if self.dialect == "postgresql":
                        _copy_articles(conn, rows)
                    else:
                        conn.execute(sa.insert(ArticleRow), rows)
        except IntegrityError:
            log.info("bulk insert collided with another writer; storing one by one")
            results = [self.add_article(a) for a in articles]
        for article, (article_id, _created) in zip(articles, results, strict=True):
            article.id = article_id
        return results

    @staticmethod
    def _known(conn: sa.Connection, column: Any, values: Sequence[str | None]) -> dict[str, str]:
        """``value -> article id`` for the values already stored in ``column``."""
        found: dict[str, str] = {}
        unique = sorted({v for v in values if v})
        for i in range(0, len(unique), 500):
            chunk = unique[i : i + 500]
            for value, article_id in conn.execute(sa.select(column, ArticleRow.id).where(column.in_(chunk))):
                found.setdefault(value, article_id)
        return found

    def get_article(self, article_id: str) -> Article | None:
        """The stored article, or None."""
        with self._sessions() as session:
            row = session.get(ArticleRow, article_id)
            return row_to_article(row) if row else None

    def list_articles(self, limit: int | None = 100, offset: int = 0) -> list[Article]:
        """Stored articles, newest publication first (undated last), without their raw bytes."""
        query = (
            sa.select(ArticleRow)
            .options(defer(ArticleRow.raw))
            .order_by(ArticleRow.published_start.desc().nulls_last(), ArticleRow.id)
            .offset(offset)
        )
        if limit is not None:
            query = query.limit(limit)
        with self._sessions() as session:
            return [row_to_article(row, with_raw=False) for row in session.scalars(query)]

    def count_articles(self) -> int:
        """Number of stored articles."""
        with self._sessions() as session:
            return int(session.scalar(sa.select(sa.func.count()).select_from(ArticleRow)) or 0)

    def article_ids(self, *, unextracted_only: bool = False) -> list[str]:
        """Ids of stored articles (only those never extracted when asked)."""
        query = sa.select(ArticleRow.id).order_by(ArticleRow.ingested_at, ArticleRow.id)
        if unextracted_only:
            query = query.where(ArticleRow.extracted_at.is_(None))
        with self._sessions() as session:
            return list(session.scalars(query))

    def iter_articles(self, article_ids: Iterable[str] | None = None, batch: int = 200) -> Iterator[Article]:
        """Stream articles (all, or the given ids) in batches, raw bytes included."""
        ids = list(article_ids) if article_ids is not None else self.article_ids()
        for i in range(0, len(ids), batch):
            chunk = ids[i : i + batch]
            with self._sessions() as session:
                rows = {
                    r.id: r for r in session.scalars(sa.select(ArticleRow).where(ArticleRow.id.in_(chunk)))
                }
                for article_id in chunk:
                    if article_id in rows:
                        yield row_to_article(rows[article_id])

    def search_articles(self, query: str, limit: int = 20) -> list[tuple[Article, str]]:
        """Full-text search over title and text: ``(article, snippet)`` best first."""
        if not query.strip():
            return []
        with self._sessions() as session:
            if self.dialect == "sqlite":
                match = _fts5_query(query)
                if not match:
                    return []
                sql = sa.text(
                    "SELECT a.id AS id, snippet(articles_fts, 1, '[', ']', '…', 16) AS snip "
                    "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
                    "WHERE articles_fts MATCH :q ORDER BY rank LIMIT :n"
                )
                hits = session.execute(sql, {"q": match, "n": limit}).all()
            elif self.dialect == "postgresql":
                sql = sa.text(
                    "SELECT id, ts_headline('english', text, q, "
                    "'StartSel=[, StopSel=], MaxWords=30, MinWords=10') AS snip "
                    "FROM articles, websearch_to_tsquery('english', :q) AS q "
                    "WHERE to_tsvector('english', coalesce(title, '') || ' ' || text) @@ q "
                    "ORDER BY ts_rank(to_tsvector('english', coalesce(title, '') || ' ' || text), q) DESC "
                    "LIMIT :n"
                )
                hits = session.execute(sql, {"q": query, "n": limit}).all()
            else:
                hits = [
                    (row_id, "")
                    for row_id in session.scalars(
                        sa.select(ArticleRow.id).where(ArticleRow.text.ilike(_like(query))).limit(limit)
                    )
                ]
            rows = {
                r.id: r
                for r in session.scalars(sa.select(ArticleRow).where(ArticleRow.id.in_([h[0] for h in hits])))
            }
            return [(row_to_article(rows[h[0]], with_raw=False), h[1] or "") for h in hits if h[0] in rows]

    # ------------------------------------------------------------------ events (machine output)

    def replace_events(
        self, article_id: str, events: Sequence[Event], extractor_version: str = ""
    ) -> list[str]:
        """Replace the machine output of one article; returns the stable event ids in order.

        Reviews are never touched. Sets ``id`` and ``article_id`` on the given events.
        """
        now = _now()
        with self._sessions() as session:
            # Row lock on PostgreSQL so two writers re-extracting one article serialise.
            article = session.scalar(
                sa.select(ArticleRow).where(ArticleRow.id == article_id).with_for_update()
            )
            if article is None:
                raise StoreError(f"no article {article_id!r} in the store; ingest it first")
            session.execute(sa.delete(EventRow).where(EventRow.article_id == article_id))
            rows = event_rows(article_id, article.doc, article.outlet, events, extractor_version, now)
            if rows:
                session.execute(sa.insert(EventRow), rows)
            ids = [row["id"] for row in rows]
            article.extracted_at = now
            session.commit()
        return ids

    def _event_query(self, filters: EventFilter | None) -> sa.Select[Any]:
        query = sa.select(EventRow)
        f = filters or EventFilter()
        if f.type:
            types = [f.type] if isinstance(f.type, str) else list(f.type)
            clauses = []
            for t in types:
                if t.endswith(".*"):
                    t = t[:-1]
                if t.endswith(".") or "." not in t:
                    prefix = t if t.endswith(".") else t + "."
                    clauses.append(EventRow.type.like(prefix + "%"))
                else:
                    clauses.append(EventRow.type == t)
            query = query.where(sa.or_(*clauses))
        if f.modality:
            query = query.where(EventRow.modality == f.modality)
        start = sa.func.coalesce(EventRow.date_start, EventRow.reported_start)
        end = sa.func.coalesce(EventRow.date_end, EventRow.reported_end)
        if f.date_from:
            query = query.where(end >= f.date_from)
        if f.date_to:
            query = query.where(start <= f.date_to)
        if f.country:
            query = query.where(sa.func.upper(EventRow.location_country) == f.country.upper())
        if f.admin1:
            query = query.where(EventRow.location_admin1.ilike(_like(f.admin1), escape="\\"))
        if f.bbox:
            west, south, east, north = f.bbox
            query = query.where(
                EventRow.location_lon.between(west, east), EventRow.location_lat.between(south, north)
            )
        if f.actor:
            pattern = _like(f.actor)
            query = query.where(
                sa.or_(
                    EventRow.actor.ilike(pattern, escape="\\"),
                    EventRow.actor_text.ilike(pattern, escape="\\"),
                    EventRow.counterpart.ilike(pattern, escape="\\"),
                    EventRow.counterpart_text.ilike(pattern, escape="\\"),
                )
            )
        if f.installation:
            query = query.where(
                sa.or_(
                    EventRow.installation_id == f.installation,
                    EventRow.installation_name.ilike(_like(f.installation), escape="\\"),
                )
            )
        if f.outlet:
            query = query.where(EventRow.outlet.ilike(_like(f.outlet), escape="\\"))
        if f.background is not None:
            query = query.where(EventRow.background.is_(bool(f.background)))
        if f.article_id:
            query = query.where(EventRow.article_id == f.article_id)
        if f.text:
            query = query.where(EventRow.evidence_text.ilike(_like(f.text), escape="\\"))
        if f.reviewed is not None:
            any_review = sa.select(ReviewRow.id).where(ReviewRow.event_id == EventRow.id)
            if isinstance(f.reviewed, str):
                # The latest review decides the status.
                latest = (
                    sa.select(ReviewRow.status)
                    .where(ReviewRow.event_id == EventRow.id)
                    .order_by(ReviewRow.id.desc())
                    .limit(1)
                    .scalar_subquery()
                )
                query = query.where(latest == f.reviewed)
            elif f.reviewed:
                query = query.where(any_review.exists())
            else:
                query = query.where(~any_review.exists())
        return query

    def list_events(
        self, filters: EventFilter | None = None, limit: int | None = None, offset: int = 0
    ) -> list[Event]:
        """Events matching the filters (by article, then position), with reviews applied."""
        query = self._event_query(filters).order_by(EventRow.article_id, EventRow.seq).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        with self._sessions() as session:
            rows = list(session.scalars(query))
            return self._with_reviews(session, rows)

    def count_events(self, filters: EventFilter | None = None) -> int:
        """Number of events matching the filters."""
        query = sa.select(sa.func.count()).select_from(self._event_query(filters).subquery())
        with self._sessions() as session:
            return int(session.scalar(query) or 0)

    def get_event(self, event_id_: str) -> Event | None:
        """One event with its latest review applied, or None."""
        with self._sessions() as session:
            row = session.get(EventRow, event_id_)
            if row is None:
                return None
            return self._with_reviews(session, [row])[0]

    def _with_reviews(self, session: Session, rows: list[EventRow]) -> list[Event]:
        """Events from rows, each with its latest review applied.

        A review whose event id no longer exists (evidence offsets moved after re-cleaning)
        re-attaches to the event of the same article and type whose evidence overlaps it most.
        """
        if not rows:
            return []
        article_ids = {r.article_id for r in rows}
        reviews = list(
            session.scalars(
                sa.select(ReviewRow)
                .where(ReviewRow.article_id.in_(article_ids) | ReviewRow.event_id.in_([r.id for r in rows]))
                .order_by(ReviewRow.id)
            )
        )
        latest: dict[str, ReviewRow] = {}
        if reviews:
            live_ids = set(
                session.scalars(sa.select(EventRow.id).where(EventRow.article_id.in_(article_ids)))
            )
            spans = {
                r.id: (r.article_id, r.type, r.evidence_start, r.evidence_end)
                for r in session.execute(
                    sa.select(
                        EventRow.id,
                        EventRow.article_id,
                        EventRow.type,
                        EventRow.evidence_start,
                        EventRow.evidence_end,
                    ).where(EventRow.article_id.in_(article_ids))
                )
            }
            for review in reviews:
                target = review.event_id if review.event_id in live_ids else _reattach(review, spans)
                if target is not None:
                    latest[target] = review  # ordered by id: the last one wins
        events: list[Event] = []
        for row in rows:
            ev = event_from_dict(row.data)
            ev.id = row.id
            ev.article_id = row.article_id
            review = latest.get(row.id)
            if review is not None:
                ev.reviewed = True
                ev.review_status = review.status
                apply_corrections(ev, review.corrections or {})
            events.append(ev)
        return events

    # ------------------------------------------------------------------ reviews (human output)

    def add_review(
        self,
        event_id: str,
        status: str,
        corrections: dict[str, Any] | None = None,
        note: str | None = None,
        reviewer: str = "",
    ) -> Review:
        """Record a person's verdict on an event (accepted | rejected | corrected)."""
        if status not in REVIEW_STATUSES:
            raise StoreError(f"review status {status!r} is not one of {', '.join(REVIEW_STATUSES)}")
        corrections = dict(corrections or {})
        unknown = sorted(set(corrections) - set(CORRECTION_FIELDS))
        if unknown:
            raise StoreError(
                f"unknown correction field(s) {', '.join(unknown)}; use {', '.join(CORRECTION_FIELDS)}"
            )
        with self._sessions() as session:
            event_row = session.get(EventRow, event_id)
            if event_row is None:
                raise StoreError(f"no event {event_id!r} in the store")
            row = ReviewRow(
                event_id=event_id,
                article_id=event_row.article_id,
                event_type=event_row.type,
                evidence_start=event_row.evidence_start,
                evidence_end=event_row.evidence_end,
                status=status,
                corrections=corrections,
                note=note,
                reviewer=reviewer or "",
                created_at=_now(),
            )
            session.add(row)
            session.commit()
            return _review_from_row(row)

    def list_reviews(self, event_id: str | None = None) -> list[Review]:
        """Reviews, oldest first (all, or those written against one event id)."""
        query = sa.select(ReviewRow).order_by(ReviewRow.id)
        if event_id is not None:
            query = query.where(ReviewRow.event_id == event_id)
        with self._sessions() as session:
            return [_review_from_row(r) for r in session.scalars(query)]

    # ------------------------------------------------------------------ clusters (machine output)

    def replace_clusters(self, clusters: Iterable[dict[str, Any]]) -> int:
        """Replace every cluster: dicts with the ``clusters`` columns plus ``members``.

        ``members`` is a list of ``(event_id, article_id)`` pairs or dicts with those keys.
        Returns the number of clusters written.
        """
        columns = {c.name for c in ClusterRow.__table__.columns}
        count = 0
        with self._sessions() as session:
            session.execute(sa.delete(ClusterMemberRow))
            session.execute(sa.delete(ClusterRow))
            member_rows: list[ClusterMemberRow] = []
            for cluster in clusters:
                values = {k: v for k, v in cluster.items() if k in columns}
                values.setdefault("data", {})
                session.add(ClusterRow(**values))
                seen: set[str] = set()
                for member in cluster.get("members", []):
                    ev_id, art_id = (
                        (member["event_id"], member.get("article_id")) if isinstance(member, dict) else member
                    )
                    if ev_id not in seen:
                        seen.add(ev_id)
                        member_rows.append(
                            ClusterMemberRow(cluster_id=values["id"], event_id=ev_id, article_id=art_id)
                        )
                count += 1
            session.flush()  # clusters first: members reference them
            session.add_all(member_rows)
            session.commit()
        return count

    def list_clusters(self, type: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Stored clusters as dicts (columns plus ``members`` as ``{"event_id","article_id"}``)."""
        query = sa.select(ClusterRow).order_by(ClusterRow.date_start.nulls_last(), ClusterRow.id)
        if type:
            query = query.where(ClusterRow.type == type)
        if limit is not None:
            query = query.limit(limit)
        with self._sessions() as session:
            rows = list(session.scalars(query))
            members: dict[str, list[dict[str, Any]]] = {}
            if rows:
                for m in session.scalars(
                    sa.select(ClusterMemberRow).where(ClusterMemberRow.cluster_id.in_([r.id for r in rows]))
                ):
                    members.setdefault(m.cluster_id, []).append(
                        {"event_id": m.event_id, "article_id": m.article_id}
                    )
            result = []
            for row in rows:
                item = {c.name: getattr(row, c.name) for c in ClusterRow.__table__.columns}
                item["members"] = members.get(row.id, [])
                result.append(item)
            return result


def _copy_articles(conn: sa.Connection, rows: list[dict[str, Any]]) -> None:
    """Insert article rows with PostgreSQL ``COPY`` (psycopg 3), JSON columns as JSONB."""
    import psycopg
    from psycopg.types.json import Jsonb

    columns = [c.name for c in ArticleRow.__table__.columns if c.name in rows[0]]
    json_columns = {"blocks", "offset_map", "meta"}
    statement = f"COPY articles ({', '.join(columns)}) FROM STDIN"
    driver = conn.connection.driver_connection
    try:
        with driver.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row([Jsonb(row[c]) if c in json_columns else row[c] for c in columns])
    except psycopg.IntegrityError as exc:
        # Same exception type as the SQLite path, so the caller has one fallback.
        raise IntegrityError(statement, None, exc) from exc


def _reattach(review: ReviewRow, spans: dict[str, tuple[str, str, int | None, int | None]]) -> str | None:
    """The live event of the review's article and type whose evidence overlaps the review's most."""
    if review.evidence_start is None or review.evidence_end is None:
        return None
    best, best_overlap = None, 0
    for ev_id, (article_id, type_, start, end) in spans.items():
        if article_id != review.article_id or type_ != review.event_type or start is None or end is None:
            continue
        overlap = min(end, review.evidence_end) - max(start, review.evidence_start)
        if overlap > best_overlap:
            best, best_overlap = ev_id, overlap
    return best
