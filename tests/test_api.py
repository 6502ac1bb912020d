"""REST API tests against a real ``basewatch serve`` process on loopback (synthetic store)."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyarrow.parquet as pq
import pytest

from basewatch.api.synthetic import SyntheticArticle
from basewatch.records import Event
from basewatch.store import Store
from webfixtures import TOKEN, add_xss_article, make_store, running_server

pytestmark = pytest.mark.slow


class Site:
    """The running server plus what the test wrote into its store."""

    def __init__(self, base: str, db: Path, made: list[SyntheticArticle], xss_event: str) -> None:
        self.base = base
        self.db = db
        self.made = made
        self.xss_event = xss_event
        self.client = httpx.Client(base_url=base, timeout=30.0)

    @property
    def events(self) -> list[Event]:
        return [e for item in self.made for e in item.events]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    db = tmp_path_factory.mktemp("api") / "api.db"
    store, made = make_store(db, articles=20)
    _, xss_event = add_xss_article(store)
    store.close()
    with running_server(db) as base:
        site = Site(base, db, made, xss_event)
        yield site
        site.client.close()


def test_events_total_and_pagination(site: Site) -> None:
    first = site.client.get("/api/events", params={"limit": 7}).json()
    second = site.client.get("/api/events", params={"limit": 7, "offset": 7}).json()
    assert first["total"] == len(site.events) + 1  # plus the hostile article's event
    assert len(first["items"]) == 7 and len(second["items"]) == 7
    assert not {e["id"] for e in first["items"]} & {e["id"] for e in second["items"]}


def test_event_json_matches_export_schema(site: Site) -> None:
    item = site.client.get("/api/events", params={"limit": 1}).json()["items"][0]
    assert set(item) == set(Event(type="base.plan").to_dict())
    detail = site.client.get(f"/api/events/{item['id']}").json()
    assert detail["reviews"] == [] or isinstance(detail["reviews"], list)
    assert {k: v for k, v in detail.items() if k != "reviews"} == item


@pytest.mark.parametrize("event_type", ["base.attack", "force.presence"])
def test_type_filter(site: Site, event_type: str) -> None:
    data = site.client.get("/api/events", params={"type": event_type, "limit": 500}).json()
    expected = sum(e.type == event_type for e in site.events)
    assert data["total"] == expected > 0
    assert {e["type"] for e in data["items"]} == {event_type}


def test_type_family_filter(site: Site) -> None:
    data = site.client.get("/api/events", params={"type": "force", "limit": 500}).json()
    assert data["total"] == sum(e.type.startswith("force.") for e in site.events)


def test_country_bbox_and_date_filters(site: Site) -> None:
    jordan = site.client.get("/api/events", params={"country": "jo", "limit": 500}).json()
    assert jordan["total"] == sum(e.location is not None and e.location.country == "JO" for e in site.events)
    assert {e["location"]["country"] for e in jordan["items"]} == {"JO"}
    # A box around the Iraqi synthetic installations only.
    boxed = site.client.get("/api/events", params={"bbox": "42,32,45,37", "limit": 500}).json()
    assert boxed["total"] and {e["location"]["country"] for e in boxed["items"]} == {"IQ"}
    start, end = dt.date(2021, 1, 1), dt.date(2021, 12, 31)
    dated = site.client.get(
        "/api/events", params={"date_from": start.isoformat(), "date_to": end.isoformat(), "limit": 500}
    ).json()
    expected = sum(e.date is not None and start <= e.date.start <= end for e in site.events)
    assert dated["total"] == expected
    assert all(start.isoformat() <= e["date"]["start"] <= end.isoformat() for e in dated["items"])


@pytest.mark.parametrize(
    ("params", "status", "words"),
    [
        ({"type": "base.party"}, 400, "type"),
        ({"modality": "maybe"}, 400, "modality"),
        ({"date_from": "yesterday"}, 400, "date_from"),
        ({"date_from": "2022-02-01", "date_to": "2022-01-01"}, 400, "after"),
        ({"bbox": "1,2,3"}, 400, "bbox"),
        ({"bbox": "1,95,3,96"}, 400, "bbox"),
        ({"reviewed": "perhaps"}, 400, "reviewed"),
        ({"limit": "0"}, 422, "limit"),
        ({"limit": "many"}, 422, "limit"),
    ],
)
def test_bad_filters_give_json_errors(site: Site, params: dict[str, str], status: int, words: str) -> None:
    response = site.client.get("/api/events", params=params)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    assert words in response.json()["error"]
    assert "Traceback" not in response.text


def test_unknown_ids_and_routes_are_404_json(site: Site) -> None:
    for path in ("/api/events/nope", "/api/articles/nope", "/api/installations/nope", "/api/nothing"):
        response = site.client.get(path)
        assert response.status_code == 404, path
        assert response.json()["error"]


def test_review_requires_the_token(site: Site) -> None:
    event_id = site.made[0].events[0].id
    body = {"status": "accepted", "reviewer": "tester"}
    assert site.client.post(f"/api/events/{event_id}/review", json=body).status_code == 401
    wrong = site.client.post(
        f"/api/events/{event_id}/review", json=body, headers={"Authorization": "Bearer not-it"}
    )
    assert wrong.status_code == 401 and "token" in wrong.json()["error"]
    assert site.client.get(f"/api/events/{event_id}").json()["reviewed"] is False


def test_review_validation(site: Site) -> None:
    event_id = site.made[0].events[1].id
    headers = {"Authorization": f"Bearer {TOKEN}"}
    bad = [
        {"status": "maybe"},
        {"status": "corrected"},
        {"status": "corrected", "corrections": {"type": "base.party"}},
        {"status": "corrected", "corrections": {"date": "03/17/2020"}},
        {"status": "accepted", "extra": 1},
    ]
    for body in bad:
        response = site.client.post(f"/api/events/{event_id}/review", json=body, headers=headers)
        assert response.status_code in (400, 422), body
        assert response.json()["error"]
    missing = site.client.post("/api/events/nope/review", json={"status": "accepted"}, headers=headers)
    assert missing.status_code == 404


def test_review_persists_across_reextraction(site: Site) -> None:
    item = site.made[2]
    target = item.events[0]
    headers = {"Authorization": f"Bearer {TOKEN}"}
    body = {
        "status": "corrected",
        "corrections": {"modality": "denied", "date": "2020-03-01/2020-03-31"},
        "note": "the source denies it",
        "reviewer": "analyst-1",
    }
    response = site.client.post(f"/api/events/{target.id}/review", json=body, headers=headers)
    assert response.status_code == 201
    stored = response.json()
    assert stored["reviewer"] == "analyst-1" and stored["created_at"]

    # Re-extraction: the machine output of that article is replaced with fresh copies of its events.
    store = Store(f"sqlite:///{site.db}")
    try:
        fresh = [Event(**{**e.__dict__, "id": None, "reviewed": False}) for e in item.events]
        store.replace_events(item.article.id, fresh)
    finally:
        store.close()

    event = site.client.get(f"/api/events/{target.id}").json()
    assert event["reviewed"] is True and event["review_status"] == "corrected"
    assert event["modality"] == "denied"
    assert event["date"]["start"] == "2020-03-01" and event["date"]["end"] == "2020-03-31"
    assert [(r["reviewer"], r["note"]) for r in event["reviews"]] == [("analyst-1", "the source denies it")]
    reviewed = site.client.get("/api/events", params={"reviewed": "corrected"}).json()
    assert target.id in {e["id"] for e in reviewed["items"]}
    listed = site.client.get("/api/reviews", params={"event_id": target.id}).json()
    assert listed["total"] == 1


def test_post_body_size_limit(site: Site) -> None:
    event_id = site.made[0].events[0].id
    huge = {"status": "accepted", "note": "x" * (70 * 1024)}
    response = site.client.post(
        f"/api/events/{event_id}/review", json=huge, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert response.status_code == 413
    assert "limit" in response.json()["error"]


def test_article_detail_has_text_blocks_and_events(site: Site) -> None:
    item = site.made[3]
    data = site.client.get(f"/api/articles/{item.article.id}").json()
    assert data["text"] == item.article.text
    assert [b["kind"] for b in data["blocks"]].count("caption") == 1
    caption = next(b for b in data["blocks"] if b["kind"] == "caption")
    assert data["text"][caption["start"] : caption["end"]].startswith("Photo:")
    assert len(data["events"]) == len(item.events)
    assert "raw" not in data


def test_full_text_search(site: Site) -> None:
    data = site.client.get("/api/articles", params={"q": "barracks"}).json()
    expected = {i.article.id for i in site.made if "barracks" in i.article.text}
    assert {a["id"] for a in data["items"]} == expected
    assert all("[barracks]" in a["snippet"].lower() for a in data["items"])
    none = site.client.get("/api/articles", params={"q": "zeppelin"}).json()
    assert none["items"] == []


def test_installations_and_timeline(site: Site) -> None:
    rows = site.client.get("/api/installations").json()["items"]
    counts: dict[str, int] = {}
    for event in site.events:
        assert event.installation is not None
        counts[event.installation.id] = counts.get(event.installation.id, 0) + 1
    assert {r["id"]: r["event_count"] for r in rows} == counts
    busiest = rows[0]
    detail = site.client.get(f"/api/installations/{busiest['id']}").json()
    dates = [r["date"] for r in detail["timeline"] if r["date"]]
    assert dates == sorted(dates) and len(detail["timeline"]) == busiest["event_count"]
    for group in detail["claims"]:
        modalities = set(group["by_modality"])
        assert group["conflicting"] == bool(
            modalities & {"denied", "speculative"} and modalities - {"denied", "speculative"}
        )


def test_timeline_counts(site: Site) -> None:
    data = site.client.get("/api/timeline", params={"type": "base.attack"}).json()
    assert sum(b["total"] for b in data["buckets"]) + data["undated"] == data["total"]
    assert data["total"] == sum(e.type == "base.attack" for e in site.events)


def test_clusters_from_store(site: Site) -> None:
    first, second = site.made[0].events[0], site.made[1].events[0]
    store = Store(f"sqlite:///{site.db}")
    try:
        store.replace_clusters(
            [
                {
                    "id": "c-test",
                    "type": first.type,
                    "date_start": dt.date(2020, 1, 1),
                    "members": [(first.id, first.article_id), (second.id, second.article_id)],
                }
            ]
        )
    finally:
        store.close()
    data = site.client.get("/api/clusters", params={"with_events": "true"}).json()
    assert data["total"] == 1
    cluster = data["items"][0]
    assert cluster["date_start"] == "2020-01-01"
    assert {e["id"] for e in cluster["events"]} == {first.id, second.id}


def test_exports(site: Site) -> None:
    params = {"type": "base.attack"}
    total = site.client.get("/api/events", params=params).json()["total"]
    csv = site.client.get("/api/export", params={**params, "format": "csv"})
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert csv.text.splitlines()[0].startswith("event_id_cnty,event_date")
    geo = site.client.get("/api/export", params={**params, "format": "geojson"}).json()
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == total
    lines = site.client.get("/api/export", params={**params, "format": "jsonl"}).text.splitlines()
    assert len(lines) == total and all(json.loads(line) for line in lines)
    parquet = site.client.get("/api/export", params={**params, "format": "parquet"})
    assert pq.read_table(io.BytesIO(parquet.content)).num_rows == total
    assert site.client.get("/api/export", params={"format": "xlsx"}).status_code == 422


def test_openapi_and_security_headers(site: Site) -> None:
    spec = site.client.get("/openapi.json").json()
    for path in ("/api/events", "/api/events/{event_id}", "/api/events/{event_id}/review", "/api/export"):
        assert path in spec["paths"]
    page = site.client.get("/")
    assert page.status_code == 200 and "<title>basewatch</title>" in page.text
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    assert site.client.get("/static/vendor/leaflet/leaflet.js").status_code == 200


def test_hostile_article_round_trips_as_data(site: Site) -> None:
    event = site.client.get(f"/api/events/{site.xss_event}").json()
    article = site.client.get(f"/api/articles/{event['article_id']}").json()
    assert "<script>" in article["text"]  # stored verbatim; the dashboard escapes it
    assert site.client.get("/api/config").json()["read_only"] is False


def test_installation_detail_includes_clustered_timeline(site: Site) -> None:
    inst = site.made[0].events[0].installation
    assert inst is not None
    detail = site.client.get(f"/api/installations/{inst.id}").json()
    clustered = detail["cluster_timeline"]
    assert clustered is not None and clustered["id"] == inst.id
    entry_ids = {entry["id"] for entry in clustered["timeline"]}
    for entry in clustered["timeline"]:
        assert set(entry["conflicts_with"]) <= entry_ids
        assert all(source["event_id"] for source in entry["sources"])
    narrowed = site.client.get(
        f"/api/installations/{inst.id}", params={"date_from": "2021-01-01", "date_to": "2021-12-31"}
    ).json()
    assert all(row["date"] is None or row["date"].startswith("2021") for row in narrowed["timeline"])
    assert len(narrowed["timeline"]) < len(detail["timeline"])
