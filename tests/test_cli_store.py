"""CLI over the store: ingest, run, extract, articles, show, events (in-process and real subprocesses)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from basewatch import pipeline
from basewatch.cli import app
from basewatch.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_pipeline import KeywordExtractor, write_corpus

runner = CliRunner()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    write_corpus(tmp_path / "in", 4)
    return tmp_path / "in"


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "cli.db")


@pytest.fixture
def keyword_extractor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "load_extractor", lambda model=None: KeywordExtractor())


def test_ingest_json_then_duplicates(corpus: Path, db: str) -> None:
    result = runner.invoke(app, ["ingest", str(corpus), "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["stored"], data["duplicates"], data["failed"]) == (4, 0, [])
    again = json.loads(runner.invoke(app, ["ingest", str(corpus), "--db", db, "--json"]).stdout)
    assert (again["stored"], again["duplicates"]) == (0, 4)


def test_ingest_failures_exit_1_and_name_the_file(corpus: Path, db: str) -> None:
    (corpus / "broken.jsonl").write_text('{"text": "Troops arrived at the ridge."}\n{not json\n')
    result = runner.invoke(app, ["ingest", str(corpus), "--db", db, "--json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["stored"] == 5
    assert [(Path(f["path"]).name, f["line"]) for f in data["failed"]] == [("broken.jsonl", 2)]
    assert "broken.jsonl:2" in " ".join(result.stderr.split())


def test_ingest_env_db_and_text_summary(corpus: Path, tmp_path: Path) -> None:
    env_db = tmp_path / "env.db"
    result = runner.invoke(app, ["ingest", str(corpus)], env={"BASEWATCH_DB": str(env_db)})
    assert result.exit_code == 0
    assert "4 stored" in result.stdout
    assert Store(str(env_db)).count_articles() == 4


def test_usage_errors_exit_2(corpus: Path, db: str, tmp_path: Path) -> None:
    assert runner.invoke(app, ["ingest"]).exit_code == 2
    missing_meta = runner.invoke(app, ["ingest", str(corpus), "--db", db, "--meta", str(tmp_path / "no.csv")])
    assert missing_meta.exit_code == 2 and "no.csv" in " ".join(missing_meta.stderr.split())
    bad_db = runner.invoke(app, ["articles", "--db", str(tmp_path / "nowhere" / "x.db")])
    assert bad_db.exit_code == 2 and "does not exist" in " ".join(bad_db.stderr.split())
    bad_date = runner.invoke(app, ["events", "--db", db, "--since", "yesterday"])
    assert bad_date.exit_code == 2 and "YYYY-MM-DD" in " ".join(bad_date.stderr.split())
    unknown = runner.invoke(app, ["show", "0123456789abcdef", "--db", db])
    assert unknown.exit_code == 2 and "basewatch articles" in " ".join(unknown.stderr.split())


def test_articles_and_show(corpus: Path, db: str) -> None:
    runner.invoke(app, ["ingest", str(corpus), "--db", db])
    listed = json.loads(runner.invoke(app, ["articles", "--db", db, "--json"]).stdout)
    assert len(listed) == 4
    assert set(listed[0]) >= {"id", "doc", "title", "outlet", "published"}
    first = listed[0]
    shown = runner.invoke(app, ["show", first["id"], "--db", db, "--json"])
    detail = json.loads(shown.stdout)
    assert detail["id"] == first["id"] and "Patrol report" in detail["text"]
    if detail["published"] is not None:
        assert set(detail["published"]) == {"start", "end", "inferred", "confidence", "from"}
    table = runner.invoke(app, ["articles", "--db", db, "--limit", "2"])
    assert table.exit_code == 0 and "2 of 4 articles" in table.stdout
    text = runner.invoke(app, ["show", first["id"], "--db", db])
    assert text.exit_code == 0 and "helicopters" in text.stdout


def test_show_marks_captions_and_does_not_render_markup(db: str) -> None:
    from basewatch.records import Article, Block

    body = "Title line [bold]x[/bold]\nBody of the story here.\nPhoto shows a truck at a gate."
    start = body.index("Photo")
    store = Store(db)
    article_id, _ = store.add_article(
        Article(text=body, doc="c.txt", blocks=[Block("title", 0, 24), Block("caption", start, len(body))])
    )
    result = runner.invoke(app, ["show", article_id, "--db", db])
    assert "[caption] Photo shows a truck" in result.stdout
    assert "[bold]x[/bold]" in result.stdout  # hostile text is printed literally


def test_run_extract_and_events(corpus: Path, db: str, keyword_extractor: None) -> None:
    result = runner.invoke(app, ["run", str(corpus), "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["stored"], summary["extracted"], summary["events"]) == (4, 4, 2)
    events = json.loads(runner.invoke(app, ["events", "--db", db, "--json"]).stdout)
    assert len(events) == 2 and all(e["type"] == "force.deploy" for e in events)
    assert json.loads(runner.invoke(app, ["events", "--db", db, "--json", "--type", "base"]).stdout) == []
    table = runner.invoke(app, ["events", "--db", db, "--limit", "1"])
    assert table.exit_code == 0 and "1 of 2 events" in table.stdout
    one = events[0]["article_id"]
    redo = runner.invoke(app, ["extract", "--article", one, "--db", db, "--json"])
    assert redo.exit_code == 0 and json.loads(redo.stdout)["extracted"] == 1
    missing = runner.invoke(app, ["extract", "--article", "nope", "--db", db, "--json"])
    assert missing.exit_code == 1 and "nope" in missing.stderr


def test_help_has_examples() -> None:
    for command in ("ingest", "run", "extract", "articles", "show", "events"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0 and "Example:" in result.stdout, command


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "basewatch", *args]


def test_real_subprocess_ingest_json(corpus: Path, db: str) -> None:
    proc = subprocess.run(
        _cli("ingest", str(corpus), "--db", db, "--json"), capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["stored"] == 4
    assert "\x1b[" not in proc.stderr  # no progress bar or colours in a pipe


def test_sigkill_mid_batch_loses_nothing_committed(tmp_path: Path) -> None:
    sources = write_corpus(tmp_path / "many", 250)
    db = tmp_path / "kill.db"
    proc = subprocess.Popen(
        _cli("ingest", str(tmp_path / "many"), "--db", str(db)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    committed = 0
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
            if not db.exists():
                continue
            try:
                with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
                    committed = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            except sqlite3.OperationalError:
                continue  # schema not created yet
            if committed >= 20:
                os.kill(proc.pid, signal.SIGKILL)
                break
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "the batch finished before it could be killed"
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = conn.execute("SELECT doc, text FROM articles").fetchall()
    conn.close()
    assert 20 <= len(rows) < 250
    by_name = {p.name: p for p in sources}
    for doc, text in rows:
        source_lines = [line for line in by_name[Path(doc).name].read_text().splitlines() if line.strip()]
        assert all(line in text for line in source_lines), doc
    rerun = subprocess.run(
        _cli("ingest", str(tmp_path / "many"), "--db", str(db), "--json"),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert rerun.returncode == 0, rerun.stderr
    summary = json.loads(rerun.stdout)
    assert (summary["stored"], summary["duplicates"]) == (250 - len(rows), len(rows))
    assert Store(str(db)).count_articles() == 250
