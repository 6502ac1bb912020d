"""Pipeline: ingest, run, reextract over a SQLite store, with a small rule-based test extractor."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

import basewatch.dates
from basewatch import pipeline
from basewatch.records import Article, Event, Evidence, Published
from basewatch.store import Store


class KeywordExtractor:
    """Test extractor: one force.deploy event per sentence saying a unit 'arrived'."""

    version = "keyword-test/1"

    def __init__(self, fail_on: str | None = None) -> None:
        self.fail_on = fail_on
        self.calls: list[str] = []

    def extract(self, article: Article) -> list[Event]:
        self.calls.append(article.id or "")
        if self.fail_on and self.fail_on in article.text:
            raise RuntimeError("extractor broke on purpose")
        return [
            Event(type="force.deploy", evidence=Evidence(m.group(0), m.start(), m.end()))
            for m in re.finditer(r"[^.]*\barrived\b[^.]*\.", article.text)
        ]


def write_corpus(folder: Path, count: int, arrived_every: int = 2) -> list[Path]:
    """Synthetic plain-text articles with unique lines (so no line looks like boilerplate)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        verb = "arrived at" if i % arrived_every == 0 else "was seen near"
        body = (
            f"Patrol report {i} from the eastern sector\n\n"
            f"A column of {i + 3} vehicles {verb} checkpoint {i * 7 + 1} at dawn, officer {i * 13} said.\n\n"
            f"Residents of hamlet {i * 17 + 2} described {i + 5} helicopters overhead during the night.\n"
        )
        path = folder / f"report_{i:03d}.txt"
        path.write_text(body, encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(str(tmp_path / "p.db"))


def test_ingest_stores_each_article_once(tmp_path: Path, store: Store) -> None:
    write_corpus(tmp_path / "in", 6)
    first = pipeline.ingest([tmp_path / "in"], store)
    assert (first.stored, first.duplicates, first.failed) == (6, 0, [])
    assert len(set(first.article_ids)) == 6
    second = pipeline.ingest([tmp_path / "in"], store)
    assert (second.stored, second.duplicates) == (0, 6)
    assert store.count_articles() == 6


def test_ingest_reports_bad_inputs_and_goes_on(tmp_path: Path, store: Store) -> None:
    write_corpus(tmp_path / "in", 3)
    (tmp_path / "in" / "empty.txt").write_text("")
    (tmp_path / "in" / "blob.txt").write_bytes(bytes(range(256)) * 40)
    seen: list[tuple[str, str]] = []
    summary = pipeline.ingest(
        [tmp_path / "in"], store, progress=lambda label, outcome: seen.append((label, outcome))
    )
    assert summary.stored == 3
    failed = {Path(f["path"]).name for f in summary.failed}
    assert failed == {"empty.txt", "blob.txt"}
    assert all(f["error"] for f in summary.failed)
    assert sorted(o for _, o in seen) == ["failed", "failed", "stored", "stored", "stored"]


def test_run_extracts_new_articles_only_once(tmp_path: Path, store: Store) -> None:
    write_corpus(tmp_path / "in", 4)
    extractor = KeywordExtractor()
    summary = pipeline.run([tmp_path / "in"], store, extractor=extractor)
    assert (summary.stored, summary.extracted, summary.events) == (4, 4, 2)
    assert store.count_events() == 2
    events = store.list_events()
    assert all("arrived" in (e.evidence.text if e.evidence else "") for e in events)
    again = pipeline.run([tmp_path / "in"], store, extractor=extractor)
    assert (again.stored, again.duplicates, again.extracted) == (0, 4, 0)
    assert len(extractor.calls) == 4


def test_run_picks_up_articles_never_extracted(tmp_path: Path, store: Store) -> None:
    write_corpus(tmp_path / "in", 4)
    pipeline.ingest([tmp_path / "in"], store)
    summary = pipeline.run([tmp_path / "in"], store, extractor=KeywordExtractor())
    assert (summary.stored, summary.duplicates, summary.extracted, summary.events) == (0, 4, 4, 2)


def test_extraction_failure_is_reported_not_fatal(tmp_path: Path, store: Store) -> None:
    write_corpus(tmp_path / "in", 4)
    summary = pipeline.run([tmp_path / "in"], store, extractor=KeywordExtractor(fail_on="column of 4 "))
    assert summary.extracted == 3
    assert len(summary.failed) == 1 and "extraction failed" in summary.failed[0]["error"]
    assert Path(summary.failed[0]["path"]).name == "report_001.txt"
    # The failed article stays pending and is retried by the next run.
    retry = pipeline.run([tmp_path / "in"], store, extractor=KeywordExtractor())
    assert retry.extracted == 1 and retry.failed == []


def test_reextract_replaces_events_and_keeps_reviews(tmp_path: Path, store: Store) -> None:
    write_corpus(tmp_path / "in", 2)
    pipeline.run([tmp_path / "in"], store, extractor=KeywordExtractor())
    (event,) = store.list_events()
    store.add_review(event.id or "", "rejected", note="not a deployment")
    summary = pipeline.reextract(store, KeywordExtractor())
    assert (summary.extracted, summary.events) == (2, 1)
    (again,) = store.list_events()
    assert again.id == event.id and again.review_status == "rejected"
    assert len(store.list_reviews()) == 1
    only = pipeline.reextract(store, KeywordExtractor(), article_ids=[event.article_id or "", "nope"])
    assert only.extracted == 1
    assert only.failed == [{"path": "nope", "line": None, "error": "no such article id in the store"}]


def test_missing_publication_date_is_inferred(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, str | None]] = []

    def fake_infer(text: str, url: str | None = None) -> Published:
        calls.append((text, url))
        return Published(
            dt.date(2019, 5, 1), dt.date(2019, 5, 31), inferred=True, confidence=0.4, source="content"
        )

    monkeypatch.setattr(pipeline, "infer_published", fake_infer)
    undated = Article(text="Soldiers arrived at the depot in May.", doc="u.txt", url="https://example.org/a")
    dated = Article(
        text="Another unit arrived at the port.",
        doc="d.txt",
        published=Published(dt.date(2020, 1, 2), dt.date(2020, 1, 2)),
    )
    summary = pipeline.store_articles([undated, dated], store)
    assert summary.stored == 2
    assert calls == [(undated.text, undated.url)]
    stored = store.get_article(undated.id or "")
    assert stored is not None and stored.published is not None
    assert (stored.published.inferred, stored.published.source, stored.published.end) == (
        True,
        "content",
        dt.date(2019, 5, 31),
    )


def test_date_inference_errors_do_not_stop_the_batch(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(text: str, url: str | None = None) -> Published:
        raise ValueError("bad heuristic")

    monkeypatch.setattr(basewatch.dates, "infer_published", broken, raising=False)
    summary = pipeline.store_articles([Article(text="A brigade arrived.", doc="b.txt")], store)
    assert summary.stored == 1 and summary.failed == []


def test_non_article_items_become_failures(store: Store) -> None:
    from basewatch.ingest import IngestError

    summary = pipeline.store_articles([IngestError("feed.xml", 3, "not XML; check the file")], store)
    assert summary.failed == [{"path": "feed.xml", "line": 3, "error": "not XML; check the file"}]


def test_seeds_ingest_with_titles_and_captions(seeds_dir: Path, store: Store) -> None:
    first = pipeline.ingest([seeds_dir], store)
    assert (first.stored, first.failed) == (5, [])
    for article in store.list_articles():
        assert article.title and article.outlet
        assert article.text
    assert pipeline.ingest([seeds_dir], store).stored == 0


def test_extractor_that_cannot_start_is_a_pipeline_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import basewatch.extract

    class Broken:
        def __init__(self, model: str | None = None) -> None:
            raise OSError(f"model {model!r} not installed")

    monkeypatch.setattr(basewatch.extract, "Extractor", Broken)
    with pytest.raises(pipeline.PipelineError, match="could not start: model 'nope' not installed"):
        pipeline.load_extractor("nope")
