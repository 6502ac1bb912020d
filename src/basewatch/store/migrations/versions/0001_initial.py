"""Initial schema: articles, events, reviews, clusters, full-text search.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("url", sa.Text),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("doc", sa.Text, nullable=False, server_default=""),
        sa.Column("outlet", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("author", sa.Text),
        sa.Column("language", sa.String(16)),
        sa.Column("published_start", sa.Date),
        sa.Column("published_end", sa.Date),
        sa.Column("published_inferred", sa.Boolean),
        sa.Column("published_confidence", sa.Float),
        sa.Column("published_from", sa.String(16)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("blocks", JSON),
        sa.Column("offset_map", JSON),
        sa.Column("raw", sa.LargeBinary),
        sa.Column("raw_format", sa.String(16), nullable=False, server_default="text"),
        sa.Column("meta", JSON),
        sa.Column("ingested_at", TZ, nullable=False),
        sa.Column("extracted_at", TZ),
    )
    op.create_index("ix_articles_url", "articles", ["url"])
    op.create_index("ix_articles_published_start", "articles", ["published_start"])

    op.create_table(
        "events",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column(
            "article_id", sa.String(32), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("seq", sa.Integer, nullable=False, server_default="0"),
        sa.Column("type", sa.String(48), nullable=False),
        sa.Column("modality", sa.String(16)),
        sa.Column("actor", sa.Text),
        sa.Column("actor_text", sa.Text),
        sa.Column("counterpart", sa.Text),
        sa.Column("counterpart_text", sa.Text),
        sa.Column("installation_id", sa.Text),
        sa.Column("installation_name", sa.Text),
        sa.Column("location_name", sa.Text),
        sa.Column("location_text", sa.Text),
        sa.Column("location_admin1", sa.Text),
        sa.Column("location_country", sa.String(8)),
        sa.Column("location_lat", sa.Float),
        sa.Column("location_lon", sa.Float),
        sa.Column("location_precision", sa.Integer),
        sa.Column("location_resolved", sa.Boolean),
        sa.Column("date_start", sa.Date),
        sa.Column("date_end", sa.Date),
        sa.Column("date_precision", sa.String(16)),
        sa.Column("date_text", sa.Text),
        sa.Column("reported_start", sa.Date),
        sa.Column("reported_end", sa.Date),
        sa.Column("reported_precision", sa.String(16)),
        sa.Column("reported_text", sa.Text),
        sa.Column("outlet", sa.Text),
        sa.Column("via", JSON),
        sa.Column("source_kind", sa.String(24)),
        sa.Column("source_text", sa.Text),
        sa.Column("hedges", JSON),
        sa.Column("fatalities", sa.Integer),
        sa.Column("background", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("caption", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("evidence_text", sa.Text),
        sa.Column("evidence_start", sa.Integer),
        sa.Column("evidence_end", sa.Integer),
        sa.Column("confidence", sa.Float),
        sa.Column("extracted_at", TZ, nullable=False),
        sa.Column("extractor_version", sa.String(64)),
        sa.Column("data", JSON, nullable=False),
    )
    op.create_index("ix_events_article_id", "events", ["article_id"])
    op.create_index("ix_events_type", "events", ["type"])
    op.create_index("ix_events_installation_id", "events", ["installation_id"])
    op.create_index("ix_events_location_country", "events", ["location_country"])
    op.create_index("ix_events_date_start", "events", ["date_start"])

    # Human output: deliberately no foreign key to events (reviews outlive re-extraction).
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(32), nullable=False),
        sa.Column("article_id", sa.String(32)),
        sa.Column("event_type", sa.String(48)),
        sa.Column("evidence_start", sa.Integer),
        sa.Column("evidence_end", sa.Integer),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("corrections", JSON),
        sa.Column("note", sa.Text),
        sa.Column("reviewer", sa.Text, nullable=False, server_default=""),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_index("ix_reviews_event_id", "reviews", ["event_id"])
    op.create_index("ix_reviews_article_id", "reviews", ["article_id"])

    op.create_table(
        "clusters",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("type", sa.String(48), nullable=False),
        sa.Column("key", sa.Text),
        sa.Column("date_start", sa.Date),
        sa.Column("date_end", sa.Date),
        sa.Column("precision", sa.String(16)),
        sa.Column("installation_id", sa.Text),
        sa.Column("location", JSON),
        sa.Column("country", sa.String(8)),
        sa.Column("admin1", sa.Text),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("data", JSON),
    )
    op.create_index("ix_clusters_type", "clusters", ["type"])
    op.create_index("ix_clusters_installation_id", "clusters", ["installation_id"])
    op.create_table(
        "cluster_members",
        sa.Column(
            "cluster_id",
            sa.String(32),
            sa.ForeignKey("clusters.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("event_id", sa.String(32), primary_key=True),
        sa.Column("article_id", sa.String(32)),
    )
    op.create_index("ix_cluster_members_event_id", "cluster_members", ["event_id"])

    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        # External-content FTS5 index over title + text, kept in sync by triggers.
        op.execute(
            "CREATE VIRTUAL TABLE articles_fts USING fts5("
            "title, text, content='articles', content_rowid='rowid', "
            "tokenize='unicode61 remove_diacritics 2')"
        )
        op.execute(
            "CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN "
            "INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END"
        )
        op.execute(
            "CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN "
            "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
            "VALUES ('delete', old.rowid, old.title, old.text); END"
        )
        op.execute(
            "CREATE TRIGGER articles_fts_au AFTER UPDATE OF title, text ON articles BEGIN "
            "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
            "VALUES ('delete', old.rowid, old.title, old.text); "
            "INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END"
        )
    elif dialect == "postgresql":
        op.execute(
            "CREATE INDEX ix_articles_fts ON articles USING gin "
            "(to_tsvector('english', coalesce(title, '') || ' ' || text))"
        )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for trigger in ("articles_fts_ai", "articles_fts_ad", "articles_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS articles_fts")
    for table in ("cluster_members", "clusters", "reviews", "events", "articles"):
        op.drop_table(table)
