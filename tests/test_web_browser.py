"""Browser tests: headless Debian Chromium (Playwright) against a real ``basewatch serve`` process."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

from basewatch.api.synthetic import SyntheticArticle
from basewatch.records import Event
from basewatch.store import Store
from webfixtures import TOKEN, XSS_TITLE, add_xss_article, make_store, running_server

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
TOTAL_IS = "(n) => document.querySelector('#event-count').dataset.total === n"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


class Site:
    def __init__(self, base: str, db: Path, made: list[SyntheticArticle], xss_article: str, xss_event: str):
        self.base = base
        self.db = db
        self.made = made
        self.xss_article = xss_article
        self.xss_event = xss_event

    def api(self, path: str, **params: Any) -> Any:
        return httpx.get(self.base + path, params=params, timeout=30).json()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    db = tmp_path_factory.mktemp("web") / "web.db"
    store, made = make_store(db, articles=12)
    xss_article, xss_event = add_xss_article(store)
    store.close()
    with running_server(db) as base:
        yield Site(base, db, made, xss_article, xss_event)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), "Debian chromium is missing: run `make system-deps`"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class Watched:
    """A page plus everything it reported: console errors, uncaught exceptions, dialogs."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))
        page.on("dialog", self._dialog)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "assert"):
            self.errors.append(f"console.{message.type}: {message.text}")

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def wait_render(self, before: int) -> None:
        # Function-form predicates: string expressions would need eval, which the page's CSP forbids.
        self.page.wait_for_function("(n) => Number(document.body.dataset.renders || 0) > n", arg=before)

    def renders(self) -> int:
        return int(self.page.evaluate("Number(document.body.dataset.renders || 0)"))


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1300, "height": 950})
    page = context.new_page()
    watched = Watched(page)
    yield watched
    context.close()
    # Every page in every test: no console errors, no uncaught exceptions, no dialogs.
    assert watched.errors == []
    assert watched.dialogs == []


def _places(events: list[Event]) -> int:
    spots = {(e.location.lat, e.location.lon) for e in events if e.location and e.location.lat is not None}
    return len(spots)


def test_map_markers_and_filters(site: Site, watched: Watched) -> None:
    page = watched.page
    page.goto(site.base + "/")
    page.wait_for_selector("body[data-ready=map]")
    every_event = [e for item in site.made for e in item.events]
    total = site.api("/api/events")["total"]
    page.wait_for_function(TOTAL_IS, arg=str(total))
    assert page.locator("path.bw-event").count() == _places(every_event) + 1  # + the hostile article's
    assert page.locator("path.bw-installation").count() == len(site.api("/api/installations")["items"])
    assert page.locator("#timeline rect.bar").count() > 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard-synthetic.png"))

    # A filter narrows the map and is mirrored in the URL.
    before = watched.renders()
    page.select_option("#f-type", "base.attack")
    page.fill("input[name=country]", "IQ")
    page.click("#apply-filters")
    watched.wait_render(before)
    assert "type=base.attack" in page.url and "country=IQ" in page.url
    narrowed = site.api("/api/events", type="base.attack", country="IQ")["total"]
    assert 0 < narrowed < total
    assert page.locator("#event-count").get_attribute("data-total") == str(narrowed)
    attacks_in_iraq = [
        e for e in every_event if e.type == "base.attack" and e.location and e.location.country == "IQ"
    ]
    assert page.locator("path.bw-event").count() == _places(attacks_in_iraq)
    assert page.locator("#event-table tbody tr").count() == narrowed

    # The URL alone restores the filters (shareable links); back goes to the unfiltered map.
    page.goto(site.base + "/?type=base.attack&country=IQ")
    page.wait_for_function(TOTAL_IS, arg=str(narrowed))
    assert page.input_value("#f-type") == "base.attack"


def test_event_page_highlights_evidence(site: Site, watched: Watched) -> None:
    event = site.made[5].events[1]
    assert event.evidence is not None
    page = watched.page
    page.goto(f"{site.base}/?view=event&id={event.id}")
    page.wait_for_selector("body[data-ready=event]")
    assert page.locator("mark.evidence").inner_text() == event.evidence.text
    assert page.locator(".block.caption .caption-label").count() == 1
    chain = page.locator("#attribution-chain li").all_inner_texts()
    assert chain[0] == f"Outlet: {event.attribution.outlet}"
    assert event.attribution.source.kind in chain[-1]


def test_review_with_token_persists_across_reextraction(site: Site, watched: Watched) -> None:
    item = site.made[7]
    event = item.events[0]
    page = watched.page
    page.goto(f"{site.base}/?view=event&id={event.id}")
    page.wait_for_selector("#review-form")
    page.select_option("#review-form select[name=status]", "corrected")
    page.select_option("#review-form select[name=modality]", "speculative")
    page.fill("#review-form input[name=reviewer]", "browser-analyst")
    page.fill("#review-form input[name=token]", TOKEN)
    page.fill("#review-form textarea[name=note]", "only one source")
    page.click("#review-form button[type=submit]")
    page.wait_for_selector("#review-message.ok")

    store = Store(f"sqlite:///{site.db}")
    try:  # re-extraction replaces the article's machine output
        store.replace_events(item.article.id, [Event(**{**e.__dict__, "id": None}) for e in item.events])
    finally:
        store.close()

    page.reload()
    page.wait_for_selector("#review-list")
    rows = page.locator("#review-list tbody tr").all_inner_texts()
    assert len(rows) == 1 and "browser-analyst" in rows[0] and "only one source" in rows[0]
    assert page.locator("h1 .badge.corrected").inner_text() == "review: corrected"
    assert page.locator("h1 .badge").first.inner_text() == "speculative"


def test_wrong_token_is_refused_in_the_page(site: Site, watched: Watched) -> None:
    event = site.made[8].events[0]
    page = watched.page
    page.goto(f"{site.base}/?view=event&id={event.id}")
    page.wait_for_selector("#review-form")
    page.select_option("#review-form select[name=status]", "accepted")
    page.fill("#review-form input[name=token]", "guess")
    # The browser logs the 401 as a failed resource load; that one is expected here.
    page.click("#review-form button[type=submit]")
    page.wait_for_selector("#review-message.error")
    assert "wrong token" in page.locator("#review-message").inner_text()
    watched.errors = [e for e in watched.errors if "401" not in e]
    assert site.api(f"/api/events/{event.id}")["reviews"] == []


def test_hostile_article_renders_inert(site: Site, watched: Watched) -> None:
    page = watched.page
    for path, selector in (
        (f"/?view=event&id={site.xss_event}", ".article-text"),
        (f"/?view=article&id={site.xss_article}", ".article-text"),
        ("/?view=search&q=Militants", ".results li"),
    ):
        page.goto(site.base + path)
        page.wait_for_selector(selector)
        assert page.evaluate("window.__pwned === undefined")
        assert page.locator("main img, section img, .article-text img, .results img").count() == 0
        assert page.locator(".article-text script, .results script, [onerror], [onmouseover]").count() == 0
    # On the map: the hostile place name in the tooltip, the popup and the event table stays text.
    page.goto(site.base + "/?type=politics.threat")
    page.wait_for_function(TOTAL_IS, arg="1")
    marker = page.locator("path.bw-event")
    marker.hover()
    page.wait_for_selector(".leaflet-tooltip")
    marker.click()
    page.wait_for_selector(".leaflet-popup-content a")
    assert "onerror" in page.locator(".leaflet-popup-content").inner_text()
    assert "<script>" in page.locator(".leaflet-tooltip").inner_text()
    assert page.locator(".leaflet-popup img, .leaflet-tooltip img, #event-table img").count() == 0
    assert page.evaluate("window.__pwned === undefined")
    page.goto(f"{site.base}/?view=article&id={site.xss_article}")
    page.wait_for_selector(".article-text")
    assert XSS_TITLE in page.locator(".block.title").inner_text()
    assert "<script>" in page.locator(".article-text").inner_text()
    source = page.locator("dl.facts dd").nth(3)
    assert source.locator("a").count() == 0  # a javascript: URL never becomes a link
    assert watched.dialogs == []


def test_installation_page_shows_timeline_and_claims(site: Site, watched: Watched) -> None:
    installation = site.api("/api/installations")["items"][0]
    detail = site.api(f"/api/installations/{installation['id']}")
    page = watched.page
    page.goto(f"{site.base}/?view=installation&id={installation['id']}")
    page.wait_for_selector("#status-timeline")
    assert page.locator("#view-installation h1").inner_text().startswith(installation["name"])
    assert page.locator("#status-timeline tbody tr").count() == len(detail["timeline"])
    assert page.locator("#claims .claim-row").count() == len(detail["claims"])
    conflicting = sum(c["conflicting"] for c in detail["claims"])
    assert page.locator("#claims .badge.conflict").count() == conflicting
    assert page.locator("#contradictions").count() == 1
