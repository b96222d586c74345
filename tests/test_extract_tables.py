"""``extract --format csv|parquet``: one flat table per record kind, lossless against JSON Lines."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from newsevents.serve.cli import app
from newsevents.serve.record_tables import arrow_type, write_tables

INPUTS = Path(__file__).parent / "fixtures" / "inputs"
runner = CliRunner()


@pytest.fixture(scope="module")
def jsonl_records(tmp_path_factory) -> list[dict]:
    out = tmp_path_factory.mktemp("jsonl") / "records.jsonl"
    result = runner.invoke(app, ["extract", str(INPUTS), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def by_kind(records: list[dict], kind: str) -> dict[str, dict]:
    return {record["id"]: record for record in records if record["kind"] == kind}


def test_csv_tables_hold_the_same_records_as_jsonl(tmp_path, jsonl_records):
    result = runner.invoke(app, ["extract", str(INPUTS), "--format", "csv", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    kinds = {record["kind"] for record in jsonl_records}
    assert {path.stem for path in tmp_path.glob("*.csv")} == kinds
    with (tmp_path / "event.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    expected = by_kind(jsonl_records, "event")
    assert len(rows) == len(expected) > 0
    for row in rows:
        original = expected[row["id"]]
        assert row["type"] == original["type"] and row["status"] == original["status"]
        # nested fields survive as JSON text, unchanged
        assert json.loads(row["source_actors"]) == original["source_actors"]
        assert json.loads(row["evidence"]) == original["evidence"]


def test_parquet_tables_have_typed_columns_and_lossless_nested_json(tmp_path, jsonl_records):
    result = runner.invoke(
        app, ["extract", str(INPUTS), "-f", "parquet", "--out", str(tmp_path / "tables")]
    )
    assert result.exit_code == 0, result.output
    table = pq.read_table(tmp_path / "tables" / "quote.parquet")
    expected = by_kind(jsonl_records, "quote")
    assert table.num_rows == len(expected) > 0
    assert {"id", "doc", "speaker", "text", "evidence"} <= set(table.column_names)
    for row in table.to_pylist():
        assert row["text"] == expected[row["id"]]["text"]
        assert json.loads(row["speaker"]) == expected[row["id"]]["speaker"]
    events = pq.read_table(tmp_path / "tables" / "event.parquet")
    assert events.schema.field("confidence").type == pa.float64()


def test_table_format_refuses_an_existing_file_as_out(tmp_path):
    target = tmp_path / "records.csv"
    target.write_text("keep me", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(INPUTS), "--format", "csv", "--out", str(target)])
    assert result.exit_code == 1
    assert "writes a directory" in result.output
    assert target.read_text(encoding="utf-8") == "keep me"


def test_arrow_type_is_the_narrowest_that_holds_every_value():
    assert arrow_type([1, None, 3]) == pa.int64()
    assert arrow_type([1, 2.5]) == pa.float64()
    assert arrow_type([True, None]) == pa.bool_()
    assert arrow_type([1, "two"]) == pa.string()
    assert arrow_type([None, None]) == pa.string()


def test_mixed_scalar_column_is_written_as_text(tmp_path):
    rows = [{"kind": "event", "id": "a", "x": 1}, {"kind": "event", "id": "b", "x": "many"}]
    (path,) = write_tables(rows, tmp_path, "parquet")
    assert pq.read_table(path).column("x").to_pylist() == ["1", "many"]


def test_unknown_table_format_is_an_error(tmp_path):
    with pytest.raises(ValueError, match="unknown table format"):
        write_tables([], tmp_path, "xlsx")
