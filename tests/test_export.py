"""Each export read back with a real reader and checked field by field."""

from __future__ import annotations

import csv
import json

import pandas as pd
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from newsevents.records import Count, Event, Evidence
from newsevents.serve.cli import app
from newsevents.store.exports import acled_fatalities, event_date, export, mapping

runner = CliRunner()
STRIKE, ARREST, TALKS, DENIED = (
    "e-bbbb000000000001", "e-aaaa000000000002", "e-aaaa000000000001", "e-bbbb000000000002",
)  # fmt: skip


def test_acled_csv(filled_store, tmp_path):
    out = tmp_path / "acled.csv"
    assert export(filled_store, "acled", out) == 3  # the denied strike is left out
    with out.open(newline="", encoding="utf-8") as handle:
        rows = {r["event_id"]: r for r in csv.DictReader(handle)}
    assert set(rows) == {STRIKE, ARREST, TALKS}
    strike = rows[STRIKE]
    assert strike["event_date"] == "2024-03-10" and strike["year"] == "2024"
    assert strike["time_precision"] == "1"
    assert strike["event_type"] == "Explosions/Remote violence"
    assert strike["sub_event_type"] == "Air/drone strike"
    assert strike["actor1"] == "SYR MIL" and strike["actor2"] == "villagers (SYR CVL)"
    assert strike["country"] == "Syria" and strike["iso3"] == "SYR"
    assert strike["admin1"] == "Hama" and strike["location"] == "Kafr Tala"
    assert float(strike["latitude"]) == 35.1 and float(strike["longitude"]) == 36.5
    assert strike["geo_precision"] == "1"
    assert strike["source"] == "Valley Post"
    assert strike["notes"].startswith("An air strike on the village of Kafr Tala")
    assert strike["fatalities"] == "9"
    arrest = rows[ARREST]
    assert (arrest["event_type"], arrest["sub_event_type"]) == ("Strategic developments", "Arrests")
    assert arrest["fatalities"] == "0" and arrest["status"] == "claimed"
    assert arrest["actor1"] == "Valparaiso police (CHL COP)"
    everything = tmp_path / "all.csv"
    assert export(filled_store, "acled", everything, all_statuses=True) == 4


@pytest.mark.parametrize(
    ("text", "low", "expected"),
    [("dozens", 24, 12), ("at least 11", 11, 11), ("hundreds", None, 100)],
)
def test_acled_fatality_conventions(text, low, expected):
    ev = Event("e-1", "d-1", "ASSAULT", Evidence(0, 0, 1, "x"), fatalities=Count(low, None, text))
    assert acled_fatalities(ev) == expected


def test_acled_mapping_table():
    def sub(type_, mode, target_sector=None):
        from newsevents.records import Actor

        targets = [Actor(sector=target_sector)] if target_sector else []
        ev = Event("e-1", "d-1", type_, Evidence(0, 0, 1, "x"), mode=mode, target_actors=targets)
        m = mapping(ev)
        return m["event_type"], m["sub_event_type"]

    assert sub("PROTEST", "demo") == ("Protests", "Peaceful protest")
    assert sub("PROTEST", "riot") == ("Riots", "Violent demonstration")
    assert sub("ASSAULT", "firearms", "CVL") == ("Violence against civilians", "Attack")
    assert sub("ASSAULT", "firearms", "MIL") == ("Battles", "Armed clash")
    assert sub("ASSAULT", "aerial", "CVL") == ("Explosions/Remote violence", "Air/drone strike")
    assert sub("COERCE", "arrest") == ("Strategic developments", "Arrests")
    assert sub("CONSULT", None) == ("Strategic developments", "Other")


def test_event_date_fills_partial_dates():
    from newsevents.records import DateValue

    ev = Event("e-1", "d-1", "AGREE", Evidence(0, 0, 1, "x"), published="2024-02-09")
    assert event_date(ev) == ("2024-02-09", "publication")
    ev.date = DateValue("2023-09", "month", "late September")
    assert event_date(ev) == ("2023-09-01", "month")


def test_plover_json(filled_store, tmp_path):
    out = tmp_path / "plover.json"
    export(filled_store, "plover", out)
    records = {r["event_id"]: r for r in json.loads(out.read_text(encoding="utf-8"))}
    strike = records[STRIKE]
    assert strike["event_type"] == "ASSAULT" and strike["event_mode"] == "aerial"
    assert strike["actor"] == {"name": None, "role": None, "country": "SYR", "sector": "MIL",
                               "anonymous": False}  # fmt: skip
    assert strike["recipient"]["role"] == "villagers"
    assert strike["location"]["name"] == "Kafr Tala" and strike["location"]["lat"] == 35.1
    assert strike["fatalities"] == {"min": 9, "max": None, "text": "at least 9"}
    assert strike["event_date"] == "2024-03-10" and strike["story_date"] == "2024-03-11"
    assert strike["cameo"] == "195" and strike["source"] == "Valley Post"
    assert records[ARREST]["reported_by"]["name"] == "Valparaiso police"
    assert DENIED not in records


def test_cameo_tsv(filled_store, tmp_path):
    out = tmp_path / "cameo.tsv"
    export(filled_store, "cameo", out)
    with out.open(newline="", encoding="utf-8") as handle:
        rows = {r["event_id"]: r for r in csv.DictReader(handle, delimiter="\t")}
    talks = rows[TALKS]
    assert (talks["date"], talks["source"], talks["target"]) == ("20240304", "NORGOV", "CHLGOV")
    assert talks["event_code"] == "040" and talks["root_code"] == "04"
    arrest = rows[ARREST]
    assert (arrest["source"], arrest["target"], arrest["root_code"]) == ("CHLCOP", "CHLCVL", "17")


def test_geojson(filled_store, tmp_path):
    out = tmp_path / "events.geojson"
    export(filled_store, "geojson", out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    features = {f["properties"]["id"]: f for f in data["features"]}
    assert set(features) == {STRIKE, ARREST, TALKS}
    strike = features[STRIKE]
    assert strike["geometry"] == {"type": "Point", "coordinates": [36.5, 35.1]}
    assert strike["properties"]["fatalities"] == 9 and strike["properties"]["country"] == "SYR"


def test_parquet(filled_store, tmp_path):
    out = tmp_path / "events.parquet"
    export(filled_store, "parquet", out)
    table = pq.read_table(out)
    assert str(table.schema.field("lat").type) == "double"
    assert str(table.schema.field("fatalities_min").type) == "int64"
    frame = pd.read_parquet(out).set_index("id")
    assert sorted(frame.index) == sorted([STRIKE, ARREST, TALKS])
    strike = frame.loc[STRIKE]
    assert strike["type"] == "ASSAULT" and strike["mode"] == "aerial"
    assert strike["fatalities_min"] == 9 and pd.isna(strike["fatalities_max"])
    assert strike["injuries_text"] == "dozens" and strike["lon"] == 36.5
    assert strike["source"] == "Valley Post" and strike["sentence"] == 0
    assert frame.loc[TALKS, "date_value"] == "2024-03-04"


def test_jsonl_contract_records(filled_store, tmp_path):
    out = tmp_path / "records.jsonl"
    export(filled_store, "jsonl", out)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    kinds = [r["kind"] for r in records]
    assert kinds.count("document") == 2 and kinds.count("event") == 3
    assert kinds.count("quote") == 1 and kinds.count("claim") == 2
    assert kinds.count("contradiction") == 1
    doc = next(r for r in records if r["id"] == "d-aaaa000000000001")
    assert doc["captions"] == [{"text": "Boats in Oslo harbour.", "credit": "Photo/Ana Vik"}]
    assert doc["origin"] == {"path": "inputs/a.txt", "index": 0}


def test_export_command(filled_store, tmp_path):
    out = tmp_path / "x.csv"
    result = runner.invoke(
        app, ["export", "--as", "acled", "--out", str(out), "--db", filled_store.url,
              "--all-statuses", "--type", "ASSAULT"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    with out.open(newline="", encoding="utf-8") as handle:
        assert sorted(r["event_id"] for r in csv.DictReader(handle)) == [STRIKE, DENIED]
