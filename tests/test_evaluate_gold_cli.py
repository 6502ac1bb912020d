"""Gold loading, malformed gold files, and ``basewatch eval`` end to end."""

from __future__ import annotations

import copy
import datetime as dt
import json
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from basewatch.cli import app
from basewatch.evaluate import GoldError, evaluate, load_gold, load_gold_file, published_check, runner
from basewatch.records import EVENT_TYPES, Article, Event

GOLD_SAMPLE = textwrap.dedent(
    """\
    doc: sample.txt
    metadata:
      outlet: Example Wire
      published: '2021-05-04'
      url: https://example.org/2021/05/04/story
    published_interval_if_unknown: ['2021-01-01', '2021-12-31']
    events:
    - id: e1
      type: base.attack
      modality: completed
      actor: null
      counterpart: United States
      installation: {name: Camp Example, lat: 34.1, lon: 43.2}
      location: {name: Camp Example, admin1: Testshire, country: IQ, lat: 34.1, lon: 43.2, precision: 1}
      date: {start: '2021-05-03', end: '2021-05-03', precision: day, text: on Monday}
      attribution:
        outlet: Example Wire
        via: [Other Agency]
        source: {kind: official_statement, text: a spokesman}
      hedges: [reportedly]
      fatalities: 2
      background: false
      caption: false
      evidence: Three rockets struck the camp on Monday.
    - id: e2
      type: force.presence
      modality: ongoing
      actor: United States
      installation: null
      location: {name: Testland, admin1: null, country: IQ, lat: 33.0, lon: 43.5, precision: 4}
      date: null
      attribution: {outlet: Example Wire, via: [], source: {kind: none, text: null}}
      background: true
      caption: false
      optional: true
      evidence: Troops are stationed in the country.
    """
)
TEXT_SAMPLE = (
    "Three rockets struck the camp on Monday, a spokesman said.\n\nTroops are stationed in the country.\n"
)


@pytest.fixture()
def sample_gold_dir(tmp_path: Path) -> Path:
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "sample.yaml").write_text(GOLD_SAMPLE, encoding="utf-8")
    (gold / "sample.txt").write_text(TEXT_SAMPLE, encoding="utf-8")
    return gold


def test_load_gold_reads_every_field(sample_gold_dir: Path) -> None:
    (doc,) = load_gold(sample_gold_dir)
    assert doc.doc == "sample.txt"
    assert doc.metadata.published == dt.date(2021, 5, 4)
    assert doc.published_interval_if_unknown == (dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    first, second = doc.events
    e = first.event
    assert (e.type, e.modality, e.actor, e.counterpart.name) == (
        "base.attack",
        "completed",
        None,
        "United States",
    )
    assert e.installation.name == "Camp Example" and e.location.precision == 1
    assert e.date.start == dt.date(2021, 5, 3) and e.date.precision == "day"
    assert e.attribution.via == ["Other Agency"] and e.attribution.source.kind == "official_statement"
    assert e.hedges == ["reportedly"] and e.fatalities == 2
    assert e.evidence.text.startswith("Three rockets")
    assert second.optional and second.event.background and second.event.date is None


def test_devset_gold_loads(gold_dir: Path) -> None:
    docs = load_gold(gold_dir)
    assert len(docs) >= 5
    assert all(e.event.type in EVENT_TYPES for d in docs for e in d.events)
    assert all(d.metadata.published is not None for d in docs)


@pytest.mark.parametrize(
    ("bad", "good", "field"),
    [
        ("type: base.attack", "type: base.explode", "events[0].type"),
        ("modality: completed", "modality: maybe", "events[0].modality"),
        (
            "lat: 34.1, lon: 43.2, precision: 1}",
            "lat: north, lon: 43.2, precision: 1}",
            "events[0].location.lat",
        ),
        ("precision: 1}", "precision: 9}", "events[0].location.precision"),
        ("start: '2021-05-03'", "start: 'yesterday'", "events[0].date.start"),
        ("kind: official_statement", "kind: rumour", "events[0].attribution.source.kind"),
        ("fatalities: 2", "fatalities: many", "events[0].fatalities"),
        ("doc: sample.txt", "doc: ''", "doc"),
    ],
)
def test_malformed_gold_names_file_and_field(tmp_path: Path, bad: str, good: str, field: str) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(GOLD_SAMPLE.replace(bad, good, 1), encoding="utf-8")
    with pytest.raises(GoldError) as info:
        load_gold_file(path)
    assert str(path) in str(info.value)
    assert f"'{field}'" in str(info.value)


def test_invalid_yaml_names_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("doc: a.txt\nevents: [\n  - {type: base.attack\n", encoding="utf-8")
    with pytest.raises(GoldError, match=r"broken\.yaml: line \d+"):
        load_gold_file(path)


def _flat(output: str) -> str:
    """CLI output with rich's line wrapping undone."""
    return "".join(output.split())


def test_cli_exit_2_on_bad_gold_dir(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", str(tmp_path / "missing")])
    assert result.exit_code == 2
    assert "nosuchgoldfolder" in _flat(result.output)
    (tmp_path / "x.yaml").write_text("doc: a.txt\nevents:\n- type: nope\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(tmp_path)])
    assert result.exit_code == 2
    assert "events[0].type" in _flat(result.output)
    assert "Traceback" not in result.output


def test_cli_exit_2_when_text_missing(sample_gold_dir: Path) -> None:
    (sample_gold_dir / "sample.txt").unlink()
    result = CliRunner().invoke(app, ["eval", str(sample_gold_dir)])
    assert result.exit_code == 2
    assert "sample.txt" in _flat(result.output) and "--texts" in _flat(result.output)


def _oracle(gold_dir: Path):
    """An extractor that returns the non-optional gold events of the document (scorer plumbing check)."""
    by_doc = {g.doc: g for g in load_gold(gold_dir)}

    def extract(article: Article) -> list[Event]:
        return [copy.deepcopy(e.event) for e in by_doc[article.doc].events if not e.optional]

    return extract


def test_evaluate_with_oracle_extractor_is_perfect(sample_gold_dir: Path) -> None:
    seen: list[Article] = []
    oracle = _oracle(sample_gold_dir)

    def extract(article: Article) -> list[Event]:
        seen.append(article)
        return oracle(article)

    report = evaluate(sample_gold_dir, extractor=extract)
    assert report.overall.f1 == 1.0 and report.gold_events == 1
    assert "Three rockets struck the camp" in seen[0].text
    assert seen[0].published is not None and seen[0].published.start == dt.date(2021, 5, 4)


def test_cli_json_shape_with_injected_extractor(
    sample_gold_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runner, "_default_extractor", lambda: _oracle(sample_gold_dir))
    result = CliRunner().invoke(app, ["eval", str(sample_gold_dir), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["overall"]["f1"] == 1.0
    assert data["docs"][0]["doc"] == "sample.txt"
    result = CliRunner().invoke(app, ["eval", str(sample_gold_dir), "--verbose"])
    assert result.exit_code == 0 and "overall" in result.output


def test_cli_end_to_end_on_devset(gold_dir: Path, seeds_dir: Path) -> None:
    """The real pipeline over ../shared/devset: the JSON report has every section (floors: see extract)."""
    result = CliRunner().invoke(app, ["eval", str(gold_dir), "--texts", str(seeds_dir), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["documents"] == len(load_gold(gold_dir))
    for section in ("overall", "core"):
        assert set(data[section]) == {"tp", "fp", "fn", "precision", "recall", "f1"}
        assert 0.0 <= data[section]["f1"] <= 1.0
    assert set(data["attributes"]) >= {"modality", "actor", "date", "source_kind", "background", "caption"}
    for key in ("place_25km", "place_161km", "date_resolution"):
        assert set(data[key]) == {"correct", "total", "accuracy"}
    assert data["place_161km"]["total"] == data["gold_events"]
    assert all(t in EVENT_TYPES for t in data["per_type"])
    assert {d["doc"] for d in data["docs"]} == {g.doc for g in load_gold(gold_dir)}
    assert data["overall"]["tp"] + data["overall"]["fp"] == data["predicted_events"] - sum(
        1 for d in data["docs"] for m in d["matches"] if m["optional"]
    )


def test_published_check_contains_and_width(sample_gold_dir: Path) -> None:
    from basewatch.records import Published

    (gold,) = load_gold(sample_gold_dir)
    inside = published_check(gold, Published(dt.date(2021, 1, 1), dt.date(2021, 12, 31), inferred=True))
    assert inside["contains"] is True and inside["width_days"] == 364
    outside = published_check(gold, Published(dt.date(2020, 1, 1), dt.date(2020, 12, 31), inferred=True))
    assert outside["contains"] is False
    assert published_check(gold, None) == {
        "gold": "2021-05-04",
        "inferred": None,
        "contains": False,
        "width_days": None,
    }


def test_no_metadata_withholds_gold_and_reports_inferred_dates(gold_dir: Path, seeds_dir: Path) -> None:
    seen: list[Article] = []
    oracle = _oracle(gold_dir)

    def extract(article: Article) -> list[Event]:
        seen.append(article)
        return oracle(article)

    report = evaluate(gold_dir, seeds_dir, use_metadata=False, extractor=extract)
    golds = {g.doc: g for g in load_gold(gold_dir)}
    assert all(a.published is None or a.published.inferred for a in seen)
    assert all(a.url is None for a in seen)  # the gold URL (which often carries the date) is withheld
    summary = report.published
    assert summary is not None and summary["documents"] == len(golds)
    contains = 0
    for doc in report.docs:
        check = doc.published
        truth = golds[doc.doc].metadata.published
        if check["inferred"] is not None:
            start = dt.date.fromisoformat(check["inferred"]["start"])
            end = dt.date.fromisoformat(check["inferred"]["end"])
            assert check["contains"] == (start <= truth <= end)
            assert check["width_days"] == (end - start).days
        contains += check["contains"]
    assert summary["contains"] == contains


def test_cli_verbose_prints_hostile_evidence_literally(
    sample_gold_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from basewatch.records import Evidence

    hostile = "[/] [bold red]fake[/bold red] [link=http://x]y[/link] <script>alert(1)</script>"

    def extract(article: Article) -> list[Event]:
        return [Event(type="politics.threat", evidence=Evidence(hostile, 0, len(hostile)))]

    monkeypatch.setattr(runner, "_default_extractor", lambda: extract)
    result = CliRunner().invoke(app, ["eval", str(sample_gold_dir), "--verbose"])
    assert result.exit_code == 0, result.output
    assert _flat(hostile) in _flat(result.output)  # markup shown as text, not interpreted
    assert "falsepositive" in _flat(result.output) and "miss" in result.output


def test_cli_extractor_crash_names_the_document(
    sample_gold_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def extract(article: Article) -> list[Event]:
        raise RuntimeError("boom")

    monkeypatch.setattr(runner, "_default_extractor", lambda: extract)
    result = CliRunner().invoke(app, ["eval", str(sample_gold_dir)])
    assert result.exit_code == 1
    assert "sample.txt" in _flat(result.output) and "RuntimeError:boom" in _flat(result.output)
    assert "Traceback" not in result.output
