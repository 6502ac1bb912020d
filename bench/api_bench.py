"""Bounded load test of the REST API: mixed reads on a store of generated events, loopback only.

    python -m bench.api_bench                   # 10,000 events, 30 s, 4 threads
    python -m bench.api_bench --duration 10 --events 2000 --json

Builds a synthetic store (or reuses ``--db``), starts ``basewatch serve`` on a free 127.0.0.1 port,
runs a fixed mix of GET requests from a few threads until the duration or the request cap is reached,
stops the server, and reports requests/s, p50/p99 latency and errors (overall and per route).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from basewatch.api.synthetic import TEMPLATES, fill_store, generate_installations
from basewatch.store import Store

OUT = Path(__file__).resolve().parent / "out"
EVENTS_PER_ARTICLE = 40  # many events per article keeps store building fast (one commit per article)
# About 25 events per installation, as a register of a few hundred sites would see.
INSTALLATIONS = generate_installations(400)
SEARCH_WORDS = ("rockets", "barracks", "soldiers", "stationed", "handed", "engineers")


@dataclass
class Sample:
    route: str
    seconds: float
    ok: bool


@dataclass
class Results:
    samples: list[Sample] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, sample: Sample) -> None:
        with self.lock:
            self.samples.append(sample)


def build_store(path: Path, events: int) -> float:
    """Fill a new SQLite store with about ``events`` synthetic events; returns the seconds it took."""
    start = time.perf_counter()
    store = Store(f"sqlite:///{path}")
    try:
        fill_store(
            store,
            max(1, events // EVENTS_PER_ARTICLE),
            events_per_article=EVENTS_PER_ARTICLE,
            seed=11,
            installations=INSTALLATIONS,
        )
    finally:
        store.close()
    return time.perf_counter() - start


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(db: Path, timeout: float = 60.0) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "BASEWATCH_TOKEN"}
    command = [sys.executable, "-m", "basewatch", "serve", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen([*command, "--db", str(db)], env=env, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"basewatch serve exited with {process.returncode}")
        try:
            if httpx.get(base + "/api/health", timeout=2).status_code == 200:
                return process, base
        except httpx.TransportError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"server not ready after {timeout} s")


def request_mix(rng: random.Random, ids: list[str], article_ids: list[str], total: int) -> tuple[str, str]:
    """One (route label, path) drawn from a fixed mix of dashboard-like reads."""
    roll = rng.random()
    if roll < 0.35:
        return "events page", f"/api/events?limit=50&offset={rng.randrange(0, max(total - 50, 1))}"
    if roll < 0.50:
        kind = rng.choice(tuple(TEMPLATES))
        return (
            "events filtered",
            f"/api/events?type={kind}&country={rng.choice(INSTALLATIONS).country}&limit=100",
        )
    if roll < 0.70:
        return "event by id", f"/api/events/{rng.choice(ids)}"
    if roll < 0.80:
        return "article search", f"/api/articles?q={rng.choice(SEARCH_WORDS)}&limit=20"
    if roll < 0.88:
        return "article by id", f"/api/articles/{rng.choice(article_ids)}"
    if roll < 0.94:
        return "installation", f"/api/installations/{rng.choice(INSTALLATIONS).id}"
    return "timeline", f"/api/timeline?type={rng.choice(tuple(TEMPLATES))}"


def worker(
    base: str, deadline: float, budget: list[int], seed: int, plan: dict[str, Any], results: Results
) -> None:
    rng = random.Random(seed)
    with httpx.Client(base_url=base, timeout=60) as client:
        while time.monotonic() < deadline:
            with results.lock:
                if budget[0] <= 0:
                    return
                budget[0] -= 1
            route, path = request_mix(rng, plan["ids"], plan["article_ids"], plan["total"])
            start = time.perf_counter()
            try:
                ok = client.get(path).status_code == 200
            except httpx.HTTPError:
                ok = False
            results.add(Sample(route, time.perf_counter() - start, ok))


def _percentile(values: list[float], q: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def summarize(samples: list[Sample], seconds: float) -> dict[str, Any]:
    def stats(group: list[Sample]) -> dict[str, Any]:
        latencies = [s.seconds * 1000 for s in group]
        return {
            "requests": len(group),
            "errors": sum(not s.ok for s in group),
            "p50_ms": round(_percentile(latencies, 50), 1) if latencies else None,
            "p99_ms": round(_percentile(latencies, 99), 1) if latencies else None,
        }

    routes = sorted({s.route for s in samples})
    return {
        **stats(samples),
        "seconds": round(seconds, 1),
        "requests_per_s": round(len(samples) / seconds, 1) if seconds else 0.0,
        "by_route": {r: stats([s for s in samples if s.route == r]) for r in routes},
    }


def run(events: int, duration: float, threads: int, max_requests: int, db: Path | None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="basewatch-bench-") as tmp:
        build_seconds = 0.0
        if db is None or not db.exists():
            db = db or Path(tmp) / "bench.db"
            build_seconds = build_store(db, events)
        process, base = start_server(db)
        try:
            store = Store(f"sqlite:///{db}")
            try:
                stored = store.list_events()
                plan = {
                    "ids": [e.id for e in stored],
                    "article_ids": sorted({e.article_id for e in stored if e.article_id}),
                    "total": len(stored),
                }
            finally:
                store.close()
            results = Results()
            budget = [max_requests]
            deadline = time.monotonic() + duration
            started = time.perf_counter()
            pool = [
                threading.Thread(target=worker, args=(base, deadline, budget, i, plan, results))
                for i in range(threads)
            ]
            for thread in pool:
                thread.start()
            for thread in pool:
                thread.join()
            elapsed = time.perf_counter() - started
        finally:
            process.terminate()
            process.wait(timeout=15)
    report = summarize(results.samples, elapsed)
    report.update(
        {"events": plan["total"], "threads": threads, "store_build_seconds": round(build_seconds, 1)}
    )
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Bounded API load test (loopback only).")
    parser.add_argument("--events", type=int, default=10_000, help="events in the generated store")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of load (hard stop)")
    parser.add_argument("--threads", type=int, default=4, help="concurrent client threads")
    parser.add_argument("--max-requests", type=int, default=200_000, help="request cap (hard stop)")
    parser.add_argument("--db", type=Path, help="reuse this store instead of generating one")
    parser.add_argument("--json", action="store_true", help="print only the JSON report")
    args = parser.parse_args(argv)
    report = run(args.events, args.duration, args.threads, args.max_requests, args.db)
    OUT.mkdir(exist_ok=True)
    (OUT / "api_bench.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(
        f"API bench: {report['events']} events, {report['threads']} threads, {report['seconds']} s: "
        f"{report['requests']} requests, {report['requests_per_s']} req/s, "
        f"p50 {report['p50_ms']} ms, p99 {report['p99_ms']} ms, {report['errors']} errors"
        f" (store built in {report['store_build_seconds']} s; 0 = reused)"
    )
    for route, stats in report["by_route"].items():
        print(
            f"  {route:<18} {stats['requests']:>6} req"
            f"  p50 {stats['p50_ms']:>8} ms  p99 {stats['p99_ms']:>8} ms"
        )
    return 1 if report["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
