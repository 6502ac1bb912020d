"""The Spark job (local mode) against the single-machine pipeline: parity, schema, kill and re-run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.dataset as ds
import pytest
from bench.corpus import write_jsonl

from basewatch.pipeline import run
from basewatch.spark import build_session, run_job
from basewatch.spark.load import load_parquet
from basewatch.store import Store

N_GENERATED = 200


@pytest.fixture(scope="module")
def spark():
    session = build_session("local[2]", app_name="basewatch-tests")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    """A few hundred generated articles (1 in 8 relevant) plus the five seeds, as JSONL files."""
    folder = tmp_path_factory.mktemp("corpus")
    write_jsonl(folder / "generated.jsonl", N_GENERATED, relevant_every=8, seed=11)
    with (folder / "seeds.jsonl").open("w", encoding="utf-8") as out:
        for path in sorted(seeds_dir.glob("*.txt")):
            out.write(json.dumps({"doc": path.name, "text": path.read_text(encoding="utf-8")}) + "\n")
    return folder


@pytest.fixture(scope="module")
def extractor():
    from basewatch.extract import Extractor

    return Extractor()


@pytest.fixture(scope="module")
def spark_out(spark, corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("spark-out")
    summary = run_job([str(corpus / "generated.jsonl"), str(corpus / "seeds.jsonl")], out, spark=spark)
    assert summary.failed == []
    assert summary.articles == N_GENERATED + 5
    return out


@pytest.fixture(scope="module")
def local_store(corpus: Path, extractor, tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = Store(str(tmp_path_factory.mktemp("local") / "local.db"))
    summary = run([corpus / "generated.jsonl", corpus / "seeds.jsonl"], store, extractor=extractor)
    assert summary.failed == []
    return store


def _event_key(data: dict) -> str:
    loc = data.get("location") or {}
    date = data.get("date") or {}
    ev = data.get("evidence") or {}
    return json.dumps(
        [
            data["article_id"],
            data["type"],
            data["modality"],
            (data.get("actor") or {}).get("name"),
            loc.get("name"),
            loc.get("lat"),
            loc.get("lon"),
            date.get("start"),
            date.get("end"),
            ev.get("start"),
            ev.get("end"),
            data["attribution"]["source"]["kind"],
            tuple(data["attribution"]["via"]),
            data["background"],
            data["caption"],
        ]
    )


def _parquet_rows(folder: Path, columns: list[str]) -> list[dict]:
    return (
        ds.dataset(str(folder), format="parquet", partitioning="hive").to_table(columns=columns).to_pylist()
    )


def test_spark_events_equal_single_machine_events(spark_out: Path, local_store: Store) -> None:
    spark_events = [json.loads(r["event_json"]) for r in _parquet_rows(spark_out / "events", ["event_json"])]
    local_events = [e.to_dict() for e in local_store.list_events()]
    assert len(local_events) > 20, "the corpus must produce events for the parity check to mean anything"
    assert sorted(map(_event_key, spark_events)) == sorted(map(_event_key, local_events))
    # Ids follow the store's rule, so they agree too.
    assert {e["id"] for e in spark_events} == {e["id"] for e in local_events}


def test_spark_clusters_equal_single_machine_clusters(spark_out: Path, local_store: Store) -> None:
    rows = _parquet_rows(spark_out / "clusters", ["cluster_id", "type", "event_ids"])
    spark_clusters = sorted((r["cluster_id"], r["type"], tuple(sorted(r["event_ids"]))) for r in rows)
    stored = local_store.list_clusters()  # written by `run` through the incremental clustering update
    local_clusters = sorted(
        (c["id"], c["type"], tuple(sorted(m["event_id"] for m in c["members"]))) for c in stored
    )
    assert spark_clusters == local_clusters
    assert any(len(ids) > 1 for _i, _t, ids in spark_clusters), "some events must merge across articles"


def test_parquet_partitioned_and_readable_by_pandas(spark_out: Path) -> None:
    import pandas as pd

    events = pd.read_parquet(spark_out / "events")
    assert {"year", "month", "country", "type", "event_json", "latitude", "date_start"} <= set(events.columns)
    partitions = {p.name.split("=")[0] for p in (spark_out / "events").iterdir() if "=" in p.name}
    assert partitions == {"year"}
    assert any((spark_out / "events").glob("year=*/month=*/country=*/*.parquet"))
    articles = pd.read_parquet(spark_out / "articles")
    assert len(articles) == N_GENERATED + 5
    assert articles["article_id"].is_unique


def test_parquet_readable_by_duckdb(spark_out: Path) -> None:
    import duckdb

    con = duckdb.connect()
    events = str(spark_out / "events" / "**" / "*.parquet")
    rows = con.execute(
        f"select type, count(*), min(date_start) from read_parquet('{events}', hive_partitioning = true) "
        "group by type order by type"
    ).fetchall()
    assert rows and all(isinstance(t, str) and n > 0 for t, n, _d in rows)
    columns = {r[0] for r in con.execute(f"describe select * from read_parquet('{events}')").fetchall()}
    assert {"event_id", "type", "latitude", "longitude", "date_start", "via", "event_json"} <= columns


def test_load_parquet_into_store(spark_out: Path, local_store: Store, tmp_path: Path) -> None:
    store = Store(str(tmp_path / "loaded.db"))
    counts = load_parquet(spark_out, store)
    assert counts["stored"] == N_GENERATED + 5
    assert counts["events"] == local_store.count_events()
    assert sorted(e.id for e in store.list_events()) == sorted(e.id for e in local_store.list_events())
    again = load_parquet(spark_out, store)  # idempotent
    assert again["stored"] == 0 and again["duplicates"] == N_GENERATED + 5


def _snapshot(out: Path) -> dict[str, list]:
    snap = {}
    for name, key in (("events", "event_json"), ("articles", "article_json")):
        snap[name] = sorted(r[key] for r in _parquet_rows(out / name, [key]))
    return snap


def test_killed_job_rerun_gives_same_output(spark_out: Path, corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    cmd = [
        sys.executable, "-m", "basewatch", "spark",
        str(corpus / "generated.jsonl"), str(corpus / "seeds.jsonl"),
        "--out", str(out), "--master", "local[2]",
    ]  # fmt: skip
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(cmd, env=env, start_new_session=True, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (out / "_staged").exists():
        time.sleep(0.2)
    assert (out / "_staged").exists(), "the job never started writing"
    os.killpg(proc.pid, signal.SIGKILL)  # the JVM too
    proc.wait(timeout=30)
    assert not (out / "events" / "_SUCCESS").exists()
    rerun = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert _snapshot(out) == _snapshot(spark_out)
