"""Helpers for the API and browser tests: a temp store with synthetic data and a real server process."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from basewatch.api.synthetic import SyntheticArticle, fill_store
from basewatch.records import Actor, Article, Block, Event, Evidence, Place, Published
from basewatch.store import Store

TOKEN = "test-token-please-change"
# A hostile article: markup that must render as text, never run.
XSS_TITLE = "<img src=x onerror=alert('title')>"
XSS_NAME = "<img src=x onerror=\"window.__pwned = true\">Basra<script>alert('place')</script>"
XSS_BODY = (
    "Militants <script>window.__pwned = true; alert('body')</script> claimed an attack on the "
    '<img src=x onerror="window.__pwned = true"> outpost <b onmouseover=alert(1)>today</b>.'
)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def add_xss_article(store: Store) -> tuple[str, str]:
    """Store the hostile article and one event whose evidence spans the script: (article id, event id)."""
    text = f"{XSS_TITLE}\n\n{XSS_BODY}"
    body_start = len(XSS_TITLE) + 2
    article = Article(
        text=text,
        doc="hostile.html",
        url="javascript:alert('url')",
        outlet="<script>alert('outlet')</script>",
        title=XSS_TITLE,
        published=Published(dt.date(2022, 5, 1), dt.date(2022, 5, 1)),
        blocks=[Block("title", 0, len(XSS_TITLE)), Block("body", body_start, len(text))],
    )
    article_id, _ = store.add_article(article)
    event = Event(
        type="politics.threat",  # a type the synthetic articles never use, so counts stay exact
        modality="completed",
        actor=Actor(XSS_NAME, XSS_NAME),
        # Far from the synthetic installations, so it gets a marker of its own.
        location=Place(name=XSS_NAME, text=XSS_NAME, country="IQ", lat=30.5, lon=47.8, precision=1),
        evidence=Evidence(XSS_BODY, body_start, len(text)),
    )
    (event_id,) = store.replace_events(article_id, [event])
    return article_id, event_id


def make_store(path: Path, articles: int = 20) -> tuple[Store, list[SyntheticArticle]]:
    """A SQLite store at ``path`` filled with synthetic articles and events."""
    store = Store(f"sqlite:///{path}")
    made = fill_store(store, articles)
    return store, made


@contextlib.contextmanager
def running_server(db_path: Path, token: str | None = TOKEN, timeout: float = 30.0) -> Iterator[str]:
    """Run ``basewatch serve`` on a free loopback port; yields its base URL and stops it afterwards."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("BASEWATCH_")}
    if token:
        env["BASEWATCH_TOKEN"] = token
    command = [sys.executable, "-m", "basewatch", "serve", "--port", str(port), "--db", str(db_path)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                output = process.stdout.read() if process.stdout else ""
                raise RuntimeError(f"basewatch serve exited with {process.returncode}:\n{output}")
            try:
                if httpx.get(f"{base}/api/health", timeout=1.0).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"basewatch serve not ready on {base} after {timeout} s")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
