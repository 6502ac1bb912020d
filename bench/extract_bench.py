"""Extraction throughput and peak memory: (a) relevant news-length articles, (b) a 1-in-20 stream.

Runs the extractor (default spaCy model) on the deterministic synthetic corpus of
``bench.corpus`` in one process and in two worker processes (the 2-core target), and
reports articles per second, events found and the peak RSS of the process tree.
Targets (issue 4): (a) 50 articles/s, (b) 500 articles/s, peak RSS < 1.5 GB.

Example: python -m bench.extract_bench --n 400
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing as mp
import os
import threading
import time
from typing import Any

import psutil

from basewatch.records import Article, Published
from bench.corpus import generate

_EXTRACTOR: Any = None


def _article(record: dict[str, Any]) -> Article:
    day = dt.date.fromisoformat(record["published"])
    return Article(
        text=record["text"],
        doc=record["doc"],
        id=record["doc"],
        outlet=record["outlet"],
        published=Published(day, day),
    )


def _init_worker(model: str | None) -> None:
    global _EXTRACTOR
    from basewatch.extract import Extractor

    _EXTRACTOR = Extractor(model)
    _EXTRACTOR.extract(_article(next(generate(1, relevant_every=1))))  # load models before timing


def _extract(record: dict[str, Any]) -> int:
    return len(_EXTRACTOR.extract(_article(record)))


class PeakRss:
    """Samples the RSS of this process and its children in a background thread."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process(os.getpid())
        while not self._stop.is_set():
            total = 0
            for proc in [me, *me.children(recursive=True)]:
                try:
                    total += proc.memory_info().rss
                except psutil.Error:
                    continue
            self.peak = max(self.peak, total)
            time.sleep(0.05)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def run(n: int, relevant_every: int, workers: int, model: str | None) -> dict[str, float]:
    """Articles per second and events of one configuration."""
    records = list(generate(n, relevant_every=relevant_every, seed=11))
    words = sum(len(r["text"].split()) for r in records) / len(records)
    with PeakRss() as rss:
        cpu = None
        if workers == 1:
            _init_worker(model)
            start, cpu_start = time.perf_counter(), time.process_time()
            events = sum(_extract(r) for r in records)
            seconds = time.perf_counter() - start
            cpu = time.process_time() - cpu_start
        else:
            with mp.get_context("fork").Pool(workers, initializer=_init_worker, initargs=(model,)) as pool:
                pool.map(_extract, records[:workers], chunksize=1)  # warm every worker
                start = time.perf_counter()
                events = sum(pool.map(_extract, records, chunksize=16))
                seconds = time.perf_counter() - start
    return {
        "articles": n,
        "words_per_article": round(words),
        "seconds": round(seconds, 2),
        "articles_per_s": round(n / seconds, 1),
        # Articles per CPU-second: the figure that does not depend on other load on the machine.
        "articles_per_cpu_s": round(n / cpu, 1) if cpu else None,
        "events": events,
        "peak_rss_mb": round(rss.peak / 2**20),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.extract_bench", description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=400, help="articles per configuration")
    parser.add_argument("--model", default=None, help="spaCy model (default: the spacy_model setting)")
    args = parser.parse_args(argv)
    print(f"{'corpus':<28}{'procs':>6}{'words':>7}{'art/s':>9}{'art/cpu-s':>11}{'events':>8}{'peak MB':>9}")
    for label, every, target in (("(a) all relevant", 1, 50), ("(b) 1 in 20 relevant", 20, 500)):
        for workers in (1, 2):
            n = args.n if every == 1 else args.n * 5
            r = run(n, every, workers, args.model)
            flag = "ok" if r["articles_per_s"] >= target else f"below {target}/s (wall; check machine load)"
            per_cpu = r["articles_per_cpu_s"] or "-"
            print(
                f"{label:<28}{workers:>6}{r['words_per_article']:>7}{r['articles_per_s']:>9}{per_cpu:>11}"
                f"{r['events']:>8}{r['peak_rss_mb']:>9}  {flag}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
