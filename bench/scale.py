"""``make bench-scale``: single-machine pipeline vs the Spark job (local mode, 2 cores).

For N = 10,000 and 100,000 generated articles (1 in 20 relevant) it reports
throughput and peak memory of ``basewatch run`` into SQLite and of
``basewatch spark --master local[2]``, then extrapolates to a 100-node cluster
and 10 million articles from the measured per-core rate. Figures are printed
and written to bench/out/scale.json; nothing is asserted.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

from bench.corpus import write_jsonl
from bench.measure import run_measured

SIZES = [int(s) for s in os.environ.get("BASEWATCH_SCALE_SIZES", "10000,100000").split(",")]
CORES = 2


def _basewatch(*args: str) -> list[str]:
    return [sys.executable, "-m", "basewatch", *args]


def bench_size(n: int, workdir: Path) -> dict[str, float]:
    corpus = write_jsonl(workdir / f"corpus-{n}.jsonl", n, relevant_every=20)
    single = run_measured(_basewatch("run", str(corpus), "--db", str(workdir / f"single-{n}.db"), "--json"))
    spark = run_measured(
        _basewatch("spark", str(corpus), "--out", str(workdir / f"spark-{n}"), "--master", f"local[{CORES}]")
    )
    for name, m in (("single", single), ("spark", spark)):
        if m.returncode != 0:
            print(f"{name} failed for n={n}: {m.stderr[-1500:]}", file=sys.stderr)
    return {
        "n": n,
        "single_seconds": round(single.seconds, 1),
        "single_articles_per_s": round(n / single.seconds, 1),
        "single_peak_rss_mb": round(single.peak_rss_mb),
        "spark_seconds": round(spark.seconds, 1),
        "spark_articles_per_s": round(n / spark.seconds, 1),
        "spark_peak_rss_mb": round(spark.peak_rss_mb),
    }


def estimate_cluster(
    rows: list[dict[str, float]], nodes: int = 100, cores_per_node: int = 8
) -> dict[str, float]:
    """Linear extrapolation from the largest local Spark run (mapPartitions work is embarrassingly parallel;
    the per-type clustering step is the only shuffle and is small next to extraction)."""
    largest = max(rows, key=lambda r: r["n"])
    per_core = largest["spark_articles_per_s"] / CORES
    articles = 10_000_000
    rate = per_core * nodes * cores_per_node
    return {
        "nodes": nodes,
        "cores_per_node": cores_per_node,
        "articles": articles,
        "measured_per_core_articles_per_s": round(per_core, 1),
        "estimated_articles_per_s": round(rate),
        "estimated_minutes": round(articles / rate / 60, 1),
    }


def main() -> None:
    out_dir = Path(__file__).parent / "out"
    out_dir.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="basewatch-scale-") as tmp:
        rows = [bench_size(n, Path(tmp)) for n in SIZES]
    estimate = estimate_cluster(rows)
    print(f"{'n':>8} {'single a/s':>11} {'single MB':>10} {'spark a/s':>10} {'spark MB':>9}")
    for r in rows:
        print(
            f"{r['n']:>8} {r['single_articles_per_s']:>11} {r['single_peak_rss_mb']:>10} "
            f"{r['spark_articles_per_s']:>10} {r['spark_peak_rss_mb']:>9}"
        )
    print(
        f"estimate: {estimate['articles']:,} articles on {estimate['nodes']} nodes x "
        f"{estimate['cores_per_node']} cores ≈ {estimate['estimated_minutes']} min"
    )
    (out_dir / "scale.json").write_text(json.dumps({"runs": rows, "estimate": estimate}, indent=2))


if __name__ == "__main__":
    main()
