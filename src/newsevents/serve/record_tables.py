"""Contract records as flat tables: one CSV or Parquet file per record kind.

``newsevents extract --format csv|parquet`` writes ``document``, ``event``, ``quote``, ``claim``,
``contradiction`` and ``failure`` records into a directory, one file per kind (``event.csv``,
``event.parquet``, ...). Columns are the contract's top-level fields in contract order; nested
values (actors, evidence, location, origin, ...) are kept whole as JSON text so nothing is lost and
every file has a fixed, flat schema that spreadsheets, pandas and DuckDB read without help.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

TABLE_FORMATS = ("csv", "parquet")


def flat_value(value: Any) -> Any:
    """A scalar as it is; a dict or list as compact JSON text (lossless, one cell)."""
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, ensure_ascii=False, sort_keys=False)
    return value


def columns_of(rows: list[dict[str, Any]]) -> list[str]:
    """The union of the rows' keys, in order of first appearance (the contract's field order)."""
    seen: dict[str, None] = {}
    for row in rows:
        seen.update(dict.fromkeys(row))
    return list(seen)


def group_by_kind(records: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Contract dicts grouped by their ``kind``, each flattened to scalar cells."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        flat = {key: flat_value(value) for key, value in record.items()}
        groups.setdefault(record["kind"], []).append(flat)
    return groups


def write_csv(rows: list[dict[str, Any]], path: Path) -> None:
    """One CSV file with a header row; missing fields are empty cells."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns_of(rows), extrasaction="raise")
        writer.writeheader()
        writer.writerows(rows)


def arrow_type(values: list[Any]) -> Any:
    """The narrowest Arrow type that holds every non-null value of a column."""
    import pyarrow as pa

    present = [value for value in values if value is not None]
    if present and all(isinstance(value, bool) for value in present):
        return pa.bool_()
    if present and all(isinstance(value, int) and not isinstance(value, bool) for value in present):
        return pa.int64()
    if present and all(
        isinstance(value, int | float) and not isinstance(value, bool) for value in present
    ):
        return pa.float64()
    return pa.string()


def write_parquet(rows: list[dict[str, Any]], path: Path) -> None:
    """One Parquet file; column types are inferred per column (string where values are mixed)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrays = {}
    for column in columns_of(rows):
        values = [row.get(column) for row in rows]
        kind = arrow_type(values)
        if kind == pa.string():
            values = [None if value is None else str(value) for value in values]
        arrays[column] = pa.array(values, type=kind)
    pq.write_table(pa.table(arrays), path)


def write_tables(records: Iterable[dict[str, Any]], out_dir: Path, fmt: str) -> list[Path]:
    """Write one ``KIND.FMT`` file per record kind into ``out_dir``; return the files written."""
    if fmt not in TABLE_FORMATS:
        raise ValueError(f"unknown table format {fmt!r} (choose from {', '.join(TABLE_FORMATS)})")
    out_dir.mkdir(parents=True, exist_ok=True)
    writer = write_csv if fmt == "csv" else write_parquet
    written = []
    for kind, rows in sorted(group_by_kind(records).items()):
        path = out_dir / f"{kind}.{fmt}"
        writer(rows, path)
        written.append(path)
    return written
