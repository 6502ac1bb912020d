"""SQLAlchemy 2 typed declarative models of the store.

Machine output (``events``, ``clusters``) is recomputed at will; human output
(``reviews``) is never touched by re-processing, so ``reviews.event_id`` has no
foreign key: a review must outlive the event row it was written against.
The schema itself is created by the Alembic migrations in ``store/migrations``;
these models only map it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# JSON on SQLite, JSONB on PostgreSQL (indexable, compact).
JsonType = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


class Base(DeclarativeBase):
    """Declarative base of every basewatch table."""


class ArticleRow(Base):
    """One stored article: cleaned text, original bytes, metadata."""

    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    url: Mapped[str | None] = mapped_column(sa.Text, index=True)
    content_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    doc: Mapped[str] = mapped_column(sa.Text, default="")
    outlet: Mapped[str | None] = mapped_column(sa.Text)
    title: Mapped[str | None] = mapped_column(sa.Text)
    author: Mapped[str | None] = mapped_column(sa.Text)
    language: Mapped[str | None] = mapped_column(sa.String(16))
    published_start: Mapped[dt.date | None] = mapped_column(sa.Date, index=True)
    published_end: Mapped[dt.date | None] = mapped_column(sa.Date)
    published_inferred: Mapped[bool | None] = mapped_column(sa.Boolean)
    published_confidence: Mapped[float | None] = mapped_column(sa.Float)
    published_from: Mapped[str | None] = mapped_column(sa.String(16))
    text: Mapped[str] = mapped_column(sa.Text)
    blocks: Mapped[list[Any]] = mapped_column(JsonType, default=list, nullable=True)
    offset_map: Mapped[list[Any]] = mapped_column(JsonType, default=list, nullable=True)
    raw: Mapped[bytes] = mapped_column(sa.LargeBinary, default=b"", nullable=True)
    raw_format: Mapped[str] = mapped_column(sa.String(16), default="text")
    meta: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict, nullable=True)
    ingested_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))
    # Set when machine output was last computed, so a re-run picks up articles whose extraction was
    # interrupted (NULL = never extracted).
    extracted_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))


class EventRow(Base):
    """Machine output: one event as one article tells it; ``data`` holds the full Event dict."""

    __tablename__ = "events"

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    article_id: Mapped[str] = mapped_column(
        sa.String(32), sa.ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int] = mapped_column(sa.Integer, default=0)  # order within the article
    type: Mapped[str] = mapped_column(sa.String(48), index=True)
    modality: Mapped[str | None] = mapped_column(sa.String(16))
    actor: Mapped[str | None] = mapped_column(sa.Text)
    actor_text: Mapped[str | None] = mapped_column(sa.Text)
    counterpart: Mapped[str | None] = mapped_column(sa.Text)
    counterpart_text: Mapped[str | None] = mapped_column(sa.Text)
    installation_id: Mapped[str | None] = mapped_column(sa.Text, index=True)
    installation_name: Mapped[str | None] = mapped_column(sa.Text)
    location_name: Mapped[str | None] = mapped_column(sa.Text)
    location_text: Mapped[str | None] = mapped_column(sa.Text)
    location_admin1: Mapped[str | None] = mapped_column(sa.Text)
    location_country: Mapped[str | None] = mapped_column(sa.String(8), index=True)
    location_lat: Mapped[float | None] = mapped_column(sa.Float)
    location_lon: Mapped[float | None] = mapped_column(sa.Float)
    location_precision: Mapped[int | None] = mapped_column(sa.Integer)
    location_resolved: Mapped[bool | None] = mapped_column(sa.Boolean)
    date_start: Mapped[dt.date | None] = mapped_column(sa.Date, index=True)
    date_end: Mapped[dt.date | None] = mapped_column(sa.Date)
    date_precision: Mapped[str | None] = mapped_column(sa.String(16))
    date_text: Mapped[str | None] = mapped_column(sa.Text)
    reported_start: Mapped[dt.date | None] = mapped_column(sa.Date)
    reported_end: Mapped[dt.date | None] = mapped_column(sa.Date)
    reported_precision: Mapped[str | None] = mapped_column(sa.String(16))
    reported_text: Mapped[str | None] = mapped_column(sa.Text)
    outlet: Mapped[str | None] = mapped_column(sa.Text)
    via: Mapped[list[str]] = mapped_column(JsonType, default=list, nullable=True)
    source_kind: Mapped[str | None] = mapped_column(sa.String(24))
    source_text: Mapped[str | None] = mapped_column(sa.Text)
    hedges: Mapped[list[str]] = mapped_column(JsonType, default=list, nullable=True)
    fatalities: Mapped[int | None] = mapped_column(sa.Integer)
    background: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    caption: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    evidence_text: Mapped[str | None] = mapped_column(sa.Text)
    evidence_start: Mapped[int | None] = mapped_column(sa.Integer)
    evidence_end: Mapped[int | None] = mapped_column(sa.Integer)
    confidence: Mapped[float | None] = mapped_column(sa.Float)
    extracted_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))
    extractor_version: Mapped[str | None] = mapped_column(sa.String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JsonType)


class ReviewRow(Base):
    """Human output: a verdict on one event. Never deleted or modified by re-processing."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(sa.String(32), index=True)
    article_id: Mapped[str | None] = mapped_column(sa.String(32), index=True)
    event_type: Mapped[str | None] = mapped_column(sa.String(48))
    evidence_start: Mapped[int | None] = mapped_column(sa.Integer)
    evidence_end: Mapped[int | None] = mapped_column(sa.Integer)
    status: Mapped[str] = mapped_column(sa.String(16))
    corrections: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict, nullable=True)
    note: Mapped[str | None] = mapped_column(sa.Text)
    reviewer: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))


class ClusterRow(Base):
    """A canonical event across articles (written by the clustering stage)."""

    __tablename__ = "clusters"

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    type: Mapped[str] = mapped_column(sa.String(48), index=True)
    key: Mapped[str | None] = mapped_column(sa.Text)
    date_start: Mapped[dt.date | None] = mapped_column(sa.Date)
    date_end: Mapped[dt.date | None] = mapped_column(sa.Date)
    precision: Mapped[str | None] = mapped_column(sa.String(16))
    installation_id: Mapped[str | None] = mapped_column(sa.Text, index=True)
    location: Mapped[dict[str, Any] | None] = mapped_column(JsonType)
    country: Mapped[str | None] = mapped_column(sa.String(8))
    admin1: Mapped[str | None] = mapped_column(sa.Text)
    lat: Mapped[float | None] = mapped_column(sa.Float)
    lon: Mapped[float | None] = mapped_column(sa.Float)
    data: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict, nullable=True)


class ClusterMemberRow(Base):
    """Membership of an event in a cluster (no FK on the event: clusters are recomputed separately)."""

    __tablename__ = "cluster_members"

    cluster_id: Mapped[str] = mapped_column(
        sa.String(32), sa.ForeignKey("clusters.id", ondelete="CASCADE"), primary_key=True
    )
    event_id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, index=True)
    article_id: Mapped[str | None] = mapped_column(sa.String(32))
