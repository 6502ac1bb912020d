"""``basewatch spark``: the per-article pipeline on Apache Spark, for corpus-size batches.

The job runs the very functions of the single-machine path (ingest readers and
cleaning, publication date inference, ``Extractor.extract``, stable event ids,
``cluster_events``) inside Spark tasks, so both paths give the same events and
clusters. Steps:

1. Inputs become one RDD of ``(kind, doc, line, payload)`` items: JSONL lines,
   Parquet rows (as JSON records) and whole WARC files (bytes).
2. ``mapPartitions`` turns items into articles and events; the NLP model is
   loaded once per executor process (module-level cache), not per article.
3. The staged result is written once, then split into ``DIR/articles`` and
   ``DIR/events``, Parquet partitioned by year/month and country.
4. Events are clustered per blocking key: every merge rule of
   ``basewatch.cluster`` requires equal types, so grouping by type is exact;
   within a group the same ``cluster_events`` runs as on one machine.

Every write overwrites its output folder, so a job killed mid-run and run again
produces the same output (Spark's committer never exposes partial files).
"""

from __future__ import annotations

import glob
import json
import logging
import os
import shutil
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from basewatch.records import Article, Event
from basewatch.spark import rows

log = logging.getLogger(__name__)

_EXTRACTORS: dict[str, Any] = {}  # one extractor per executor process and model name


@dataclass
class SparkSummary:
    """What the job wrote and what failed (failures carry the file and line)."""

    out: str
    articles: int = 0
    events: int = 0
    clusters: int = 0
    failed: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "out": self.out,
            "articles": self.articles,
            "events": self.events,
            "clusters": self.clusters,
            "failed": self.failed,
        }


class SparkJobError(Exception):
    """The job cannot run (no Java, bad input path)."""


def _master_given_elsewhere() -> bool:
    """True under ``spark-submit`` (its JVM hands the driver a gateway) or when SPARK_MASTER is set."""
    return bool(
        os.environ.get("PYSPARK_GATEWAY_PORT")
        or os.environ.get("SPARK_MASTER")
        or "--master" in os.environ.get("PYSPARK_SUBMIT_ARGS", "")
    )


def build_session(master: str | None = None, app_name: str = "basewatch") -> Any:
    """A quiet SparkSession whose Python workers run this interpreter."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        raise SparkJobError("Spark needs a Java runtime: install openjdk-17-jre-headless (make system-deps)")
    from pyspark.sql import SparkSession

    builder = (
        SparkSession.builder.appName(app_name)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.sources.partitionOverwriteMode", "static")
        .config("spark.sql.session.timeZone", "UTC")
    )
    if not master and not _master_given_elsewhere():
        master = "local[*]"
    if master:
        builder = builder.master(master)
    if master and master.startswith("local"):
        # One machine: few shuffle partitions; on a cluster, spark-submit's settings stand.
        builder = builder.config("spark.sql.shuffle.partitions", "4").config(
            "spark.driver.memory", os.environ.get("BASEWATCH_SPARK_DRIVER_MEMORY", "2g")
        )
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


# ----------------------------------------------------------------- per-item work (runs on executors)


def _extractor(model: str | None) -> Any:
    key = model or ""
    if key not in _EXTRACTORS:
        from basewatch.extract import Extractor

        _EXTRACTORS[key] = Extractor(model=model)
    return _EXTRACTORS[key]


def raw_documents(kind: str, doc: str, line: int, payload: bytes) -> Iterator[Any]:
    """Raw documents (or ingest errors) of one input item, through the ingest stage's own readers."""
    import io

    from basewatch.ingest.documents import default_max_bytes
    from basewatch.ingest.readers import read_jsonl_line, read_warc

    cap = default_max_bytes()
    if kind == "jsonl":
        yield read_jsonl_line(payload, doc, line, cap)
    else:
        yield from read_warc(io.BytesIO(payload), doc, cap)


def line_keys(raw_doc: Any, statistics: Any) -> tuple[str, list[str]]:
    """(document digest, short-line keys) of a raw document, for corpus boilerplate statistics."""
    digest, keys = statistics.document_keys(raw_doc.text)
    return digest, sorted(keys)


def process_article(article: Article, model: str | None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Article row and event rows of one article: the single-machine per-article pipeline."""
    from basewatch.pipeline import fill_published
    from basewatch.store.convert import assign_event_ids, normalised_content_hash

    fill_published(article)
    article.content_hash = article.content_hash or normalised_content_hash(article.text)
    article.id = article.id or article.content_hash[:16]
    events: list[Event] = _extractor(model).extract(article)
    assign_event_ids(article.id, events)
    for ev in events:
        ev.doc = ev.doc or article.doc
        ev.attribution.outlet = ev.attribution.outlet or article.outlet
    return rows.article_row(article, events), [rows.event_row(e, i) for i, e in enumerate(events)]


def process_partition(
    items: Iterable[tuple[str, str, int, bytes]], model: str | None, boilerplate: Any
) -> Iterator[str]:
    """Staged JSON lines: ``{"article": row, "events": [rows]}`` or ``{"failed": {...}}``."""
    from basewatch.ingest import IngestError
    from basewatch.ingest.documents import build_article

    for kind, doc, line, payload in items:
        try:
            produced = list(raw_documents(kind, doc, line, payload))
        except Exception as exc:  # a broken input never stops the partition
            produced = [IngestError(doc, line or None, str(exc))]
        for item in produced:
            if isinstance(item, IngestError):
                yield json.dumps({"failed": _failure_dict(item, doc, line)})
                continue
            try:
                article = build_article(item, boilerplate_lines=boilerplate.value)
                article_row, event_rows = process_article(article, model)
            except IngestError as exc:
                yield json.dumps({"failed": _failure_dict(exc, doc, line)})
                continue
            except Exception as exc:
                yield json.dumps({"failed": {"path": item.doc or doc, "line": line, "error": str(exc)}})
                continue
            yield json.dumps({"article": article_row, "events": event_rows}, default=str, ensure_ascii=False)


def _failure_dict(item: Any, doc: str, line: int) -> dict[str, Any]:
    if isinstance(item, dict):
        return {"path": item.get("path", doc), "line": item.get("line", line), "error": item.get("error")}
    return {
        "path": str(getattr(item, "path", doc)),
        "line": getattr(item, "line", line),
        "error": str(getattr(item, "message", item)),
    }


# --------------------------------------------------------------------------- inputs


def _expand(path: str) -> list[str]:
    """Local globs and folders are expanded here; other URIs go to Spark unchanged."""
    if "://" in path and not path.startswith("file://"):
        return [path]
    local = path.removeprefix("file://")
    matches = sorted(glob.glob(local)) or [local]
    out: list[str] = []
    for match in matches:
        p = Path(match)
        if p.is_dir():
            out.extend(str(f) for f in sorted(p.rglob("*")) if f.is_file() and not f.name.startswith("."))
        elif p.exists():
            out.append(str(p))
        else:
            raise SparkJobError(f"{path}: no such file or folder; give JSONL, Parquet or WARC paths")
    return out


def input_items(spark: Any, paths: Iterable[str]) -> Any:
    """One RDD of ``(kind, doc, line, payload)`` over every input path."""
    sc = spark.sparkContext
    parts = []
    for given in paths:
        for path in _expand(given):
            name = path.lower()
            doc = os.path.basename(path.rstrip("/"))
            if name.endswith((".jsonl", ".jsonl.gz", ".ndjson", ".json")):
                parts.append(
                    sc.textFile(path)
                    .zipWithIndex()
                    .map(lambda t, d=doc: ("jsonl", d, t[1] + 1, t[0].encode()))
                )
            elif name.endswith(".parquet") or (Path(path).is_dir() and glob.glob(f"{path}/*.parquet")):
                df = spark.read.parquet(path)
                parts.append(
                    df.rdd.zipWithIndex().map(
                        lambda t, d=doc: (
                            "jsonl",
                            d,
                            t[1] + 1,
                            json.dumps(t[0].asDict(), default=str).encode(),
                        )
                    )
                )
            elif name.endswith((".warc", ".warc.gz")):
                parts.append(sc.binaryFiles(path).map(lambda t, d=doc: ("warc", d, 0, bytes(t[1]))))
            else:
                raise SparkJobError(
                    f"{path}: unsupported input for the Spark job; use .jsonl, .parquet or .warc(.gz)"
                )
    if not parts:
        raise SparkJobError("no input files found")
    return sc.union(parts) if len(parts) > 1 else parts[0]


# --------------------------------------------------------------------------- the job


def run_job(
    inputs: Iterable[str],
    out: str | Path,
    *,
    master: str | None = None,
    model: str | None = None,
    spark: Any = None,
    partitions: int | None = None,
) -> SparkSummary:
    """Run the whole job; returns a summary. Re-running overwrites the same output."""
    out_dir = str(out)
    own_session = spark is None
    spark = spark or build_session(master)
    try:
        items = input_items(spark, list(inputs))
        if partitions:
            items = items.repartition(partitions)
        # Stage once (extraction is the expensive part), then derive both outputs from the stage.
        staged_path = os.path.join(out_dir, "_staged")
        items.cache()
        boilerplate = spark.sparkContext.broadcast(corpus_boilerplate(items))
        staged = items.mapPartitions(lambda part: process_partition(part, model, boilerplate))
        staged = staged.map(lambda s: (s,))
        spark.createDataFrame(staged, "value string").write.mode("overwrite").text(staged_path)
        summary = _split_staged(spark, staged_path, out_dir)
        summary.clusters = cluster_parquet(spark, out_dir)
        return summary
    finally:
        if own_session:
            spark.stop()


def corpus_boilerplate(items: Any) -> set[str]:
    """Lines recurring across the documents of the whole input: the ingest stage's rule, corpus-wide."""
    from basewatch.clean.core import LineStatistics

    rules = LineStatistics().rules

    def keyed(item: tuple[str, str, int, bytes]) -> Iterator[tuple[str, list[str]]]:
        statistics = LineStatistics(rules)
        for raw in raw_documents(*item):
            if hasattr(raw, "text"):
                yield line_keys(raw, statistics)

    per_doc = items.flatMap(keyed).reduceByKey(lambda a, _b: a)  # the same document twice counts once
    documents = per_doc.count()
    needed = max(rules.corpus_min_docs, rules.corpus_min_share * documents)
    counts = per_doc.flatMap(lambda kv: [(k, 1) for k in kv[1]]).reduceByKey(lambda a, b: a + b)
    return set(counts.filter(lambda kv: kv[1] >= needed).keys().collect())


def spark_schema(schema: Any) -> Any:
    """The Spark StructType of a pyarrow schema (the types used in ``rows``)."""
    from pyspark.sql import types as T

    simple = {
        "string": T.StringType(),
        "date32[day]": T.DateType(),
        "bool": T.BooleanType(),
        "double": T.DoubleType(),
        "int32": T.IntegerType(),
    }
    fields = []
    for f in schema:
        if str(f.type).startswith("list<"):
            spark_type: Any = T.ArrayType(T.StringType())
        else:
            spark_type = simple[str(f.type)]
        fields.append(T.StructField(f.name, spark_type, True))
    return T.StructType(fields)


def _typed(row: dict[str, Any], schema: Any) -> tuple[Any, ...]:
    """Row values in schema order with ISO strings turned back into dates."""
    import datetime as dt

    values = []
    for f in schema:
        value = row.get(f.name)
        if value is not None and str(f.type) == "date32[day]":
            value = dt.date.fromisoformat(str(value)[:10])
        values.append(value)
    return tuple(values)


def _split_staged(spark: Any, staged_path: str, out_dir: str) -> SparkSummary:
    """Write ``articles/`` and ``events/`` (partitioned Parquet) from the staged JSON lines."""
    summary = SparkSummary(out=out_dir)
    staged = spark.read.text(staged_path).rdd.map(lambda r: json.loads(r.value))
    staged.cache()
    summary.failed = [s["failed"] for s in staged.filter(lambda s: "failed" in s).collect()]
    done = staged.filter(lambda s: "article" in s)
    art_schema, ev_schema = rows.ARTICLE_SCHEMA, rows.EVENT_SCHEMA
    articles = spark.createDataFrame(
        done.map(lambda s: _typed(s["article"], art_schema)), spark_schema(art_schema)
    )
    events = spark.createDataFrame(
        done.flatMap(lambda s: [_typed(e, ev_schema) for e in s["events"]]), spark_schema(ev_schema)
    )
    partition_by = ["year", "month", "country"]
    articles.write.mode("overwrite").partitionBy(*partition_by).parquet(os.path.join(out_dir, "articles"))
    events.write.mode("overwrite").partitionBy(*partition_by).parquet(os.path.join(out_dir, "events"))
    summary.articles = spark.read.parquet(os.path.join(out_dir, "articles")).count()
    summary.events = spark.read.parquet(os.path.join(out_dir, "events")).count()
    staged.unpersist()
    return summary


def clusters_of_group(
    events_json: Iterable[str], published: dict[str, tuple[Any, Any]]
) -> list[dict[str, Any]]:
    """Cluster one blocking partition with the single-machine rules; rows of CLUSTER_SCHEMA.

    ``published`` maps article ids to (start, end) publication dates, as the store gives them.
    """
    from basewatch.cluster import cluster_events
    from basewatch.store.convert import event_from_dict

    events = [event_from_dict(json.loads(text)) for text in events_json]
    out = []
    for cluster in cluster_events(events, published=published):
        data = cluster.to_dict()
        out.append(
            {
                "cluster_id": data["id"],
                "type": data["type"],
                "n_reports": len(data.get("reports", [])),
                "independent_sources": int(data.get("independent_sources", 0)),
                "event_ids": sorted(r.get("event_id") for r in data.get("reports", []) if r.get("event_id")),
                "cluster_json": json.dumps(data, ensure_ascii=False, sort_keys=True, default=str),
            }
        )
    return out


def cluster_parquet(spark: Any, out_dir: str) -> int:
    """Cluster ``DIR/events`` across articles into ``DIR/clusters``.

    Events are grouped by the clustering stage's own blocking key (type and country, outside
    which it never merges), so each group runs exactly the single-machine ``cluster_events``.
    """
    import pandas as pd

    events = spark.read.parquet(os.path.join(out_dir, "events")).select(
        "cluster_key", "article_id", "event_json"
    )
    articles = spark.read.parquet(os.path.join(out_dir, "articles")).select(
        "article_id", "published_start", "published_end"
    )
    joined = events.join(articles, on="article_id", how="left")
    columns = [f.name for f in rows.CLUSTER_SCHEMA]

    def per_partition(frame: pd.DataFrame) -> pd.DataFrame:
        published = {
            a: (s, e)
            for a, s, e in zip(
                frame["article_id"], frame["published_start"], frame["published_end"], strict=True
            )
            if s is not None and not pd.isna(s)
        }
        return pd.DataFrame(clusters_of_group(frame["event_json"].tolist(), published), columns=columns)

    clusters = joined.groupBy("cluster_key").applyInPandas(
        per_partition, schema=spark_schema(rows.CLUSTER_SCHEMA)
    )
    clusters.write.mode("overwrite").partitionBy("type").parquet(os.path.join(out_dir, "clusters"))
    return spark.read.parquet(os.path.join(out_dir, "clusters")).count()
