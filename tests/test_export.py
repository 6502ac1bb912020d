"""Exports: every format round-trips, ACLED column order, unresolved places, hostile text, the CLI."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from basewatch.cli import app
from basewatch.export import (
    ACLED_COLUMNS,
    COLUMNS,
    ExportError,
    MappingError,
    event_row,
    load_type_mappings,
    write_export,
)
from basewatch.records import (
    Actor,
    Article,
    Attribution,
    DateSpan,
    Event,
    Evidence,
    Installation,
    Place,
    Published,
    Source,
)

HOSTILE = '=cmd|"/c calc"!A1, a "quoted" phrase,\nand a second line'


def attack_event() -> Event:
    return Event(
        type="base.attack",
        modality="completed",
        actor=Actor(name="Islamic State", text="the militants"),
        counterpart=Actor(name="United States"),
        installation=Installation(id="camp-sample", name="Camp Sample", country="IQ", lat=34.1, lon=43.2),
        location=Place(name="Camp Sample", admin1="Testshire", country="IQ", lat=34.1, lon=43.2, precision=1),
        date=DateSpan(dt.date(2021, 5, 3), dt.date(2021, 5, 3), "day", "on Monday"),
        attribution=Attribution(
            outlet="Example Wire", via=["Agency One", "Agency Two"], source=Source("named", "a spokesman")
        ),
        hedges=["reportedly"],
        fatalities=2,
        evidence=Evidence("Three rockets struck the camp on Monday.", 10, 50),
        confidence=0.8,
        article_id="art1",
        doc="sample.txt",
        id="ev1",
    )


def unresolved_event() -> Event:
    return Event(
        type="force.deploy",
        modality="planned",
        location=Place(name="Qaryat Xyz", text="Qaryat Xyz", resolved=False, lat=None, lon=None),
        reported=DateSpan(dt.date(2021, 4, 30), dt.date(2021, 4, 30), "day", "on Friday"),
        attribution=Attribution(outlet="Example Wire"),
        evidence=Evidence(HOSTILE, 0, len(HOSTILE)),
        article_id="art1",
        id="ev2",
    )


def western_event() -> Event:
    """Negative coordinates must stay numbers, not be mistaken for formulas."""
    return Event(
        type="force.presence",
        modality="ongoing",
        location=Place(name="Westport", country="US", lat=-12.5, lon=-77.25, precision=3, admin1="Coast"),
        date=DateSpan(dt.date(2019, 1, 1), dt.date(2019, 12, 31), "year", "in 2019"),
        attribution=Attribution(source=Source("none")),
        evidence=Evidence("-Troops remain at the port.", 0, 27),
        article_id="art2",
        reviewed=True,
        review_status="accepted",
        id="ev3",
    )


EVENTS = [attack_event(), unresolved_event(), western_event()]
ARTICLES = {
    "art1": Article(
        text="x", id="art1", url="https://example.org/a", outlet="Example Wire", doc="sample.txt"
    ),
    "art2": Article(
        text="y",
        id="art2",
        doc="other.txt",
        published=Published(dt.date(2019, 6, 1), dt.date(2019, 6, 1)),
    ),
}


def export_bytes(fmt: str, events: list[Event] = EVENTS) -> bytes:
    buffer = io.BytesIO()
    count = write_export(events, fmt, buffer, articles=ARTICLES)
    assert count == len(events)
    return buffer.getvalue()


# --------------------------------------------------------------------------- CSV


def test_csv_round_trips_through_csv_module() -> None:
    rows = list(csv.DictReader(io.StringIO(export_bytes("csv").decode("utf-8"), newline="")))
    assert len(rows) == 3
    first = rows[0]
    assert first["event_id_cnty"] == "IRQev1"
    assert first["event_date"] == "2021-05-03" and first["year"] == "2021" and first["time_precision"] == "1"
    assert first["event_type"] and first["sub_event_type"]  # from data/type_mappings.csv
    assert first["actor1"] == "Islamic State" and first["actor2"] == "United States"
    assert first["country"] == "Iraq" and first["admin1"] == "Testshire"
    assert (
        float(first["latitude"]) == 34.1
        and float(first["longitude"]) == 43.2
        and first["geo_precision"] == "1"
    )
    assert first["source"] == "Example Wire; Agency One; Agency Two"
    assert first["via"] == "Agency One; Agency Two"
    assert first["basewatch_type"] == "base.attack" and first["installation"] == "Camp Sample"
    assert first["doc"] == "sample.txt" and first["article_id"] == "art1"
    assert first["url"] == "https://example.org/a"


def test_csv_column_order_is_acled_first() -> None:
    header = next(csv.reader(io.StringIO(export_bytes("csv").decode("utf-8"))))
    assert header == list(COLUMNS)
    assert header[: len(ACLED_COLUMNS)] == [
        "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
        "actor1", "actor2", "country", "admin1", "location", "latitude", "longitude", "geo_precision",
        "source", "source_scale", "notes",
    ]  # fmt: skip
    assert header[len(ACLED_COLUMNS)] == "basewatch_type"


def test_csv_reads_in_pandas_with_types() -> None:
    frame = pd.read_csv(io.BytesIO(export_bytes("csv")), keep_default_na=True)
    assert list(frame.columns) == list(COLUMNS)
    assert frame["latitude"].dtype.kind == "f"
    assert frame.loc[2, "longitude"] == -77.25
    assert bool(frame.loc[2, "reviewed"]) is True and frame.loc[2, "review_status"] == "accepted"
    assert frame["background"].dtype == bool


def test_csv_unresolved_place_keeps_mention_without_coordinates() -> None:
    rows = list(csv.DictReader(io.StringIO(export_bytes("csv").decode("utf-8"), newline="")))
    unresolved = rows[1]
    assert unresolved["location"] == "Qaryat Xyz"
    assert (
        unresolved["latitude"] == "" and unresolved["longitude"] == "" and unresolved["geo_precision"] == ""
    )
    assert unresolved["place_resolved"] == "false"
    # No event date: filed under the report date, at the least precise level.
    assert unresolved["event_date"] == "2021-04-30" and unresolved["time_precision"] == "3"
    assert unresolved["event_date_basis"] == "reported"


def test_csv_hostile_text_survives_and_formulas_are_neutralised() -> None:
    rows = list(csv.DictReader(io.StringIO(export_bytes("csv").decode("utf-8"), newline="")))
    assert rows[1]["evidence"] == "'" + HOSTILE  # commas, quotes and the newline intact, formula defused
    assert rows[2]["evidence"].startswith("'-Troops")
    # Numbers are never prefixed, even negative ones.
    assert rows[2]["longitude"] == "-77.25" and rows[2]["latitude"] == "-12.5"
    for row in rows:
        for column, value in row.items():
            if column not in ("latitude", "longitude"):
                assert not value.startswith(("=", "+", "-", "@")), (column, value)


def test_time_precision_and_geo_precision_mapping() -> None:
    row = event_row(western_event(), ARTICLES["art2"], load_type_mappings())
    assert row["time_precision"] == 3 and row["event_date"] == dt.date(2019, 1, 1)
    assert row["geo_precision"] == 3 and row["place_precision"] == 3
    week = western_event()
    week.date = DateSpan(dt.date(2019, 3, 4), dt.date(2019, 3, 8), "range", "early March")
    assert event_row(week)["time_precision"] == 2
    country = western_event()
    country.location = Place(name="Testland", country="IQ", lat=33.0, lon=43.5, precision=4)
    country.date = None
    row = event_row(country, ARTICLES["art2"])
    assert row["geo_precision"] == 3 and row["place_precision"] == 4  # ACLED has no country level
    assert row["event_date"] == dt.date(2019, 6, 1) and row["event_date_basis"] == "published"


def test_installation_coordinates_stand_in_for_an_unresolved_place() -> None:
    event = attack_event()
    event.location = Place(name="the camp", text="the camp", resolved=False, lat=None, lon=None)
    row = event_row(event)
    assert (row["latitude"], row["longitude"], row["geo_precision"]) == (34.1, 43.2, 1)


# --------------------------------------------------------------------------- GeoJSON, JSONL, Parquet


def test_geojson_is_a_flat_feature_collection() -> None:
    data = json.loads(export_bytes("geojson"))
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 3
    first, unresolved, western = data["features"]
    assert first["geometry"] == {"type": "Point", "coordinates": [43.2, 34.1]}  # lon, lat
    assert western["geometry"]["coordinates"] == [-77.25, -12.5]
    assert unresolved["geometry"] is None
    for feature in data["features"]:
        assert list(feature["properties"]) == list(COLUMNS)
        assert all(not isinstance(v, (dict, list)) for v in feature["properties"].values())
    assert unresolved["properties"]["evidence"] == HOSTILE  # JSON needs no formula defusing
    assert first["properties"]["hedges"] == "reportedly"


def test_geojson_empty_export_is_valid() -> None:
    buffer = io.BytesIO()
    assert write_export([], "geojson", buffer) == 0
    assert json.loads(buffer.getvalue()) == {"type": "FeatureCollection", "features": []}


def test_jsonl_lines_follow_the_event_schema() -> None:
    lines = export_bytes("jsonl").decode("utf-8").splitlines()
    assert len(lines) == 3
    records = [json.loads(line) for line in lines]
    first = records[0]
    assert first["type"] == "base.attack" and first["doc"] == "sample.txt" and first["article_id"] == "art1"
    assert first["attribution"]["via"] == ["Agency One", "Agency Two"]
    assert first["date"]["start"] == "2021-05-03" and first["location"]["lat"] == 34.1
    assert {"reviewed", "review_status"} <= set(first)
    assert records[1]["evidence"]["text"] == HOSTILE
    assert records[2]["reviewed"] is True and records[2]["review_status"] == "accepted"


def test_parquet_schema_and_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    assert write_export(EVENTS, "parquet", path, articles=ARTICLES) == 3
    table = pq.read_table(path)
    assert table.schema.names == list(COLUMNS)
    assert table.schema.field("event_date").type == pa.date32()
    assert table.schema.field("via").type == pa.list_(pa.string())
    assert table.schema.field("latitude").type == pa.float64()
    frame = pd.read_parquet(path)
    assert frame.loc[0, "event_date"] == dt.date(2021, 5, 3)
    assert list(frame.loc[0, "via"]) == ["Agency One", "Agency Two"]
    assert pd.isna(frame.loc[1, "latitude"])
    assert frame.loc[1, "evidence"] == HOSTILE


def test_unknown_format_is_a_clear_error() -> None:
    with pytest.raises(ExportError, match="choose one of csv, geojson, jsonl, parquet"):
        write_export(EVENTS, "xlsx", io.BytesIO())


def test_user_mapping_file_overrides_and_bad_file_names_line(tmp_path: Path) -> None:
    extra = tmp_path / "mine.csv"
    extra.write_text(
        "type,acled_event_type,acled_sub_event_type,plover_type,cameo_code\n"
        "base.attack,Battles,Armed clash,ASSAULT,193\n",
        encoding="utf-8",
    )
    buffer = io.BytesIO()
    write_export([attack_event()], "csv", buffer, mapping_paths=[extra])
    row = next(csv.DictReader(io.StringIO(buffer.getvalue().decode("utf-8"))))
    assert (row["event_type"], row["sub_event_type"], row["cameo_code"]) == ("Battles", "Armed clash", "193")
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "type,acled_event_type,acled_sub_event_type,plover_type,cameo_code\nbase.nope,a,b,c,1\n",
        encoding="utf-8",
    )
    with pytest.raises(MappingError, match=r"bad\.csv: line 2: column 'type'"):
        load_type_mappings([bad])


# --------------------------------------------------------------------------- CLI over a real store


@pytest.fixture()
def store_db(tmp_path: Path) -> str:
    from basewatch.store import Store

    db = str(tmp_path / "export.db")
    store = Store(db)
    try:
        article = Article(
            text="Three rockets struck the camp on Monday. " + HOSTILE,
            doc="sample.txt",
            url="https://example.org/2021/05/04/story",
            outlet="Example Wire",
            published=Published(dt.date(2021, 5, 4), dt.date(2021, 5, 4)),
        )
        article_id, _ = store.add_article(article)
        events = [attack_event(), unresolved_event()]
        for event in events:
            event.article_id, event.id = article_id, None
        store.replace_events(article_id, events)
    finally:
        store.close()
    return db


@pytest.mark.parametrize("fmt", ["csv", "geojson", "jsonl", "parquet"])
def test_cli_export_every_format(store_db: str, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"events.{fmt}"
    result = CliRunner().invoke(app, ["export", "--format", fmt, "--db", store_db, "--out", str(out)])
    assert result.exit_code == 0, result.output
    if fmt == "csv":
        frame = pd.read_csv(out)
        assert len(frame) == 2
        # The stored article fills the URL column.
        assert set(frame["url"]) == {"https://example.org/2021/05/04/story"}
    elif fmt == "geojson":
        assert len(json.loads(out.read_text(encoding="utf-8"))["features"]) == 2
    elif fmt == "jsonl":
        records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert {r["type"] for r in records} == {"base.attack", "force.deploy"}
        assert all(r["doc"] == "sample.txt" and r["article_id"] for r in records)
    else:
        assert pq.read_table(out).num_rows == 2


def test_cli_export_filters_and_stdout(store_db: str) -> None:
    result = CliRunner().invoke(
        app, ["export", "--format", "jsonl", "--type", "base.attack", "--db", store_db]
    )
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["type"] for r in records] == ["base.attack"]
    result = CliRunner().invoke(app, ["export", "--format", "csv", "--unreviewed", "--db", store_db])
    assert result.exit_code == 0 and len(list(csv.DictReader(io.StringIO(result.stdout)))) == 2
    result = CliRunner().invoke(app, ["export", "--format", "csv", "--reviewed", "--db", store_db])
    assert result.exit_code == 0 and list(csv.DictReader(io.StringIO(result.stdout))) == []


def test_cli_export_bad_options_exit_2(store_db: str) -> None:
    result = CliRunner().invoke(app, ["export", "--format", "xml", "--db", store_db])
    assert result.exit_code == 2 and "choose one of" in result.output
    result = CliRunner().invoke(app, ["export", "--since", "last week", "--db", store_db])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


def test_parquet_streams_in_row_groups(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from basewatch.export import writers

    monkeypatch.setattr(writers, "PARQUET_ROW_GROUP", 2)
    events = [western_event() for _ in range(5)]
    path = tmp_path / "groups.parquet"
    assert write_export(iter(events), "parquet", path) == 5
    meta = pq.ParquetFile(path).metadata
    assert (meta.num_rows, meta.num_row_groups) == (5, 3)
    empty = tmp_path / "empty.parquet"
    assert write_export([], "parquet", empty) == 0
    assert pq.read_table(empty).schema.names == list(COLUMNS)
