"""``basewatch dates``: in-process CLI checks."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from basewatch.cli import app

runner = CliRunner()


def test_json_output_resolves_against_published() -> None:
    result = runner.invoke(
        app,
        [
            "dates",
            "The source told reporters on Saturday that troops left on March 17.",
            "--published",
            "2020-03-21",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["published"]["from"] == "metadata"
    spans = [(m["text"], m["span"]["start"], m["is_report_cue"]) for m in payload["mentions"]]
    assert spans == [("on Saturday", "2020-03-21", True), ("on March 17", "2020-03-17", False)]


def test_without_published_the_date_is_inferred_from_the_url() -> None:
    result = runner.invoke(
        app,
        [
            "dates",
            "Rockets hit the base on Wednesday.",
            "--url",
            "https://example.org/2020/02/13/x",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["published"]["inferred"] is True
    assert payload["published"]["from"] == "url"
    assert payload["mentions"][0]["span"]["start"] == "2020-02-12"


def test_stdin_and_table_output() -> None:
    result = runner.invoke(
        app, ["dates", "-", "--published", "2019-05-01"], input="It was built in late 2017.\n"
    )
    assert result.exit_code == 0, result.output
    assert "2017-10-01" in result.stdout
    assert "given" in result.stdout


def test_bad_published_is_a_usage_error() -> None:
    result = runner.invoke(app, ["dates", "text", "--published", "yesterday-ish"])
    assert result.exit_code == 2
    assert "--published" in result.output
