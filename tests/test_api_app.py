"""In-process API tests (TestClient): read-only mode, error handling, middleware, settings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from basewatch.api import create_app
from basewatch.api.aggregate import event_briefs
from basewatch.api.filters import make_event_filter
from basewatch.api.installations import (
    EventBrief,
    installation_detail,
    status_after,
    summarize_installations,
)
from basewatch.api.middleware import content_security_policy, tile_origin
from basewatch.records import Attribution, DateSpan, Event, Evidence, Installation, Source
from basewatch.store import Store
from webfixtures import TOKEN, make_store


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store, _ = make_store(tmp_path_factory.mktemp("app") / "app.db", articles=6)
    yield store
    store.close()


def client(store: Store, **kwargs: Any) -> TestClient:
    return TestClient(create_app(store=store, **kwargs), raise_server_exceptions=False)


def test_read_only_without_token(store: Store) -> None:
    api = client(store, token="")
    event_id = store.list_events(limit=1)[0].id
    response = api.post(
        f"/api/events/{event_id}/review", json={"status": "accepted"}, headers={"Authorization": "Bearer x"}
    )
    assert response.status_code == 403
    assert "read-only" in response.json()["error"] and "BASEWATCH_TOKEN" in response.json()["error"]
    assert api.get("/api/config").json()["read_only"] is True
    assert store.list_reviews(event_id=event_id) == []


def test_token_from_environment(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BASEWATCH_TOKEN", TOKEN)
    api = client(store)
    event_id = store.list_events(limit=1)[0].id
    ok = api.post(
        f"/api/events/{event_id}/review",
        json={"status": "rejected", "reviewer": "env"},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert ok.status_code == 201 and ok.json()["status"] == "rejected"
    lowercase_scheme = api.post(
        f"/api/events/{event_id}/review",
        json={"status": "accepted"},
        headers={"Authorization": f"bearer {TOKEN}"},
    )
    assert lowercase_scheme.status_code == 201


class FailingStore(Store):
    """A real store whose event listing breaks, to check that clients never see a traceback."""

    def list_events(self, *args: Any, **kwargs: Any) -> list[Event]:
        raise RuntimeError("secret internal detail at /srv/path")


def test_unexpected_errors_hide_details(tmp_path: Path) -> None:
    api = client(FailingStore(f"sqlite:///{tmp_path / 'broken.db'}"), token="")
    response = api.get("/api/events")
    assert response.status_code == 500
    assert response.json() == {"error": "internal error; the server log has the details"}
    assert "secret" not in response.text and "Traceback" not in response.text


def test_chunked_body_over_limit_is_rejected(store: Store) -> None:
    api = client(store, token=TOKEN, max_body_bytes=1024)
    event_id = store.list_events(limit=1)[0].id

    def chunks() -> Iterator[bytes]:
        yield b'{"status": "accepted", "note": "'
        for _ in range(10):
            yield b"x" * 512
        yield b'"}'

    response = api.post(
        f"/api/events/{event_id}/review",
        content=chunks(),
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
    )
    assert response.status_code == 413


def test_tiles_setting_extends_csp(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BASEWATCH_TILES_URL", "https://{s}.tiles.example.org/{z}/{x}/{y}.png")
    api = client(store, token="")
    assert api.get("/api/config").json()["tiles_url"].startswith("https://{s}.tiles.example.org/")
    assert "https://*.tiles.example.org" in api.get("/").headers["content-security-policy"]
    monkeypatch.setenv("BASEWATCH_TILES_URL", "javascript:alert(1)//{z}/{x}/{y}")
    api = client(store, token="")
    assert api.get("/api/config").json()["tiles_url"] is None
    assert "javascript" not in api.get("/").headers["content-security-policy"]


def test_csp_helpers() -> None:
    assert tile_origin("https://tile.example:8443/{z}/{x}/{y}.png") == "https://tile.example:8443"
    assert tile_origin("ftp://x/{z}") is None
    policy = content_security_policy(None)
    for directive in ("default-src 'self'", "object-src 'none'", "frame-ancestors 'none'"):
        assert directive in policy


def _event(kind: str, modality: str, day: dt.date, outlet: str, inst: Installation) -> Event:
    return Event(
        type=kind,
        modality=modality,
        installation=inst,
        date=DateSpan(day, day, "day"),
        attribution=Attribution(outlet=outlet, source=Source("named", "a spokesperson")),
        id=f"{kind}-{modality}-{day}",
    )


def test_installation_status_and_conflicts() -> None:
    inst = Installation("x-base", "X Base", country="IQ", lat=33.0, lon=43.0)
    events = [
        _event("base.construct", "completed", dt.date(2019, 5, 1), "Wire A", inst),
        _event("base.withdraw", "completed", dt.date(2021, 3, 1), "Wire A", inst),
        _event("base.withdraw", "denied", dt.date(2021, 3, 2), "Wire B", inst),
        _event("base.attack", "speculative", dt.date(2021, 6, 1), "Wire C", inst),
    ]
    assert status_after(events[2]) is None  # a denial never changes the status
    (row,) = summarize_installations(list(reversed(events)))
    assert row["status"] == "withdrawn or handed over"
    assert (row["first_date"], row["last_date"]) == ("2019-05-01", "2021-06-01")
    detail = installation_detail("x-base", events)
    assert detail is not None
    assert [r["date"] for r in detail["timeline"]] == sorted(r["date"] for r in detail["timeline"])
    claims = {c["type"]: c for c in detail["claims"]}
    assert claims["base.withdraw"]["conflicting"] is True
    assert set(claims["base.withdraw"]["by_modality"]) == {"completed", "denied"}
    assert claims["base.attack"]["conflicting"] is False
    assert installation_detail("missing", events) is None


def test_review_follows_event_when_offsets_move(tmp_path: Path) -> None:
    store, made = make_store(tmp_path / "moved.db", articles=2)
    api = client(store, token=TOKEN)
    item = made[0]
    target = item.events[0]
    assert target.evidence is not None
    saved = api.post(
        f"/api/events/{target.id}/review",
        json={"status": "accepted", "reviewer": "mover"},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert saved.status_code == 201
    # Re-cleaning shifted the evidence by one character: the event gets a new id.
    moved = Event(**{**target.__dict__, "id": None, "reviewed": False})
    moved.evidence = Evidence(target.evidence.text, target.evidence.start + 1, target.evidence.end + 1)
    others = [Event(**{**e.__dict__, "id": None}) for e in item.events[1:]]
    new_id = store.replace_events(item.article.id, [moved, *others])[0]
    assert new_id != target.id
    detail = api.get(f"/api/events/{new_id}").json()
    assert detail["review_status"] == "accepted"
    assert [r["reviewer"] for r in detail["reviews"]] == ["mover"]
    untouched = api.get(f"/api/events/{store.list_events(limit=1, offset=5)[0].id}").json()
    assert untouched["reviews"] == []
    store.close()


def test_fast_briefs_equal_full_events_with_corrections(tmp_path: Path) -> None:
    store, _ = make_store(tmp_path / "briefs.db", articles=5)
    target = store.list_events(limit=1, offset=2)[0]
    store.add_review(
        target.id,
        "corrected",
        corrections={"type": "force.air", "date": {"start": "2001-02-03", "end": "2001-02-03"}},
    )
    for values in ({}, {"country": "IQ"}, {"reviewed": True}, {"reviewed": False}):
        event_filter = make_event_filter(values)
        expected = sorted((EventBrief.of(e) for e in store.list_events(event_filter)), key=lambda b: b.id)
        assert sorted(event_briefs(store, event_filter), key=lambda b: b.id) == expected
    corrected = next(b for b in event_briefs(store, make_event_filter({})) if b.id == target.id)
    assert (corrected.type, corrected.day) == ("force.air", dt.date(2001, 2, 3))
    store.close()


def test_corrected_place_is_resolved_or_kept_as_a_name(tmp_path: Path) -> None:
    from basewatch.registry import load_register

    register = load_register()
    known = next(i for i in register.installations if i.lat is not None)
    store, _ = make_store(tmp_path / "places.db", articles=1)
    api = client(store, token=TOKEN)
    first, second = (e.id for e in store.list_events(limit=2))
    headers = {"Authorization": f"Bearer {TOKEN}"}
    for event_id, place in ((first, known.name), (second, "Qwertyville Zzzq")):
        body = {"status": "corrected", "corrections": {"place": place}}
        assert api.post(f"/api/events/{event_id}/review", json=body, headers=headers).status_code == 201
    moved = api.get(f"/api/events/{first}").json()["location"]
    assert (round(moved["lat"], 1), round(moved["lon"], 1)) == (round(known.lat, 1), round(known.lon, 1))
    unknown = api.get(f"/api/events/{second}").json()["location"]
    assert unknown["name"] == "Qwertyville Zzzq" and unknown["lat"] is None
    store.close()
