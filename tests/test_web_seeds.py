"""The dashboard on the seeds: ``basewatch run`` over ../shared/seeds, then the map in headless Chromium."""

from __future__ import annotations

import collections
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import sync_playwright

from webfixtures import TOKEN, running_server

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
TOTAL_IS = "(n) => document.querySelector('#event-count').dataset.total === n"


class Seeded:
    def __init__(self, base: str, db: Path) -> None:
        self.base = base
        self.db = db


def _basewatch(*args: str) -> None:
    command = [sys.executable, "-m", "basewatch", *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"basewatch {args[0]} failed:\n{done.stdout}\n{done.stderr}"


@pytest.fixture(scope="module")
def seeded_site(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Iterator[Seeded]:
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    _basewatch("run", str(seeds_dir), "--db", str(db))
    with running_server(db) as base:
        yield Seeded(base, db)


@pytest.fixture(scope="module")
def seeded(seeded_site: Seeded) -> str:
    return seeded_site.base


def _get(base: str, path: str, **params: Any) -> Any:
    return httpx.get(base + path, params=params, timeout=60).json()


def test_seed_events_on_the_map(seeded: str) -> None:
    events = _get(seeded, "/api/events", limit=5000)["items"]
    placed = {
        (round(e["location"]["lat"], 3), round(e["location"]["lon"], 3))
        for e in events
        if e["location"] and e["location"]["lat"] is not None
    }
    assert placed, "the seeds gave no event with coordinates"
    commonest_type, _ = collections.Counter(e["type"] for e in events).most_common(1)[0]
    narrowed = _get(seeded, "/api/events", type=commonest_type)["total"]
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 950})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("dialog", lambda d: (errors.append(f"dialog {d.message}"), d.dismiss()))
        page.goto(seeded + "/")
        page.wait_for_function(TOTAL_IS, arg=str(len(events)))
        assert page.locator("path.bw-event").count() == len(placed)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "dashboard.png"))
        page.select_option("#f-type", commonest_type)
        page.click("#apply-filters")
        page.wait_for_function(TOTAL_IS, arg=str(narrowed))
        assert f"type={commonest_type}" in page.url
        assert page.locator("#event-table tbody tr").count() == narrowed
        browser.close()
    assert errors == []


def test_seed_review_survives_basewatch_extract(seeded_site: Seeded) -> None:
    events = _get(seeded_site.base, "/api/events", limit=5000)["items"]
    event = next(e for e in events if e["evidence"])
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1300, "height": 950})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{seeded_site.base}/?view=event&id={event['id']}")
        page.wait_for_selector("#review-form")
        # The highlighted evidence is exactly the event's evidence (offsets into the cleaned text).
        assert page.locator("mark.evidence").inner_text() == event["evidence"]["text"]
        page.select_option("#review-form select[name=status]", "accepted")
        page.fill("#review-form input[name=reviewer]", "seed-reviewer")
        page.fill("#review-form input[name=token]", TOKEN)
        page.click("#review-form button[type=submit]")
        page.wait_for_selector("#review-message.ok")

        # Re-extract the event's article: its machine output is replaced, the review must stay.
        _basewatch("extract", "--article", event["article_id"], "--db", str(seeded_site.db))

        page.reload()
        page.wait_for_selector("#review-list")
        assert "seed-reviewer" in page.locator("#review-list").inner_text()
        assert page.locator("h1 .badge.accepted").inner_text() == "review: accepted"
        browser.close()
    assert errors == []
