"""The query commands over a real database file: filters, formats, show with escaped markup."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from newsevents.serve.cli import app
from newsevents.serve.cli_store import highlighted
from newsevents.store import Store, StoreError

runner = CliRunner()


def run(*args: str):
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


def test_events_json_filters(filled_store):
    db = filled_store.url
    rows = json.loads(run("events", "--db", db, "--type", "ASSAULT", "--format", "json").stdout)
    assert sorted(r["id"] for r in rows) == ["e-bbbb000000000001", "e-bbbb000000000002"]
    assert rows[0]["kind"] == "event"
    rows = json.loads(
        run("events", "--db", db, "--status", "asserted", "--status", "claimed",
            "--actor", "police", "--format", "json").stdout
    )  # fmt: skip
    assert [r["id"] for r in rows] == ["e-aaaa000000000002"]
    assert rows[0]["reported_by"]["name"] == "Valparaiso police"


def test_events_csv_and_table(filled_store):
    db = filled_store.url
    text = run("events", "--db", db, "--place", "oslo", "--format", "csv").stdout
    (row,) = list(csv.DictReader(io.StringIO(text)))
    assert row["id"] == "e-aaaa000000000001"
    assert row["location_name"] == "Oslo" and row["date_value"] == "2024-03-04"
    table = run("events", "--db", db, "--since", "2024-03-06").stdout
    assert "e-bbbb000000000001" in table and "e-aaaa000000000001" not in table


def test_quotes_and_contradictions_commands(filled_store):
    db = filled_store.url
    rows = json.loads(run("quotes", "--db", db, "--speaker", "spokesman", "-f", "json").stdout)
    assert [r["text"] for r in rows] == ["We acted within the law"]
    rows = json.loads(run("contradictions", "--db", db, "--format", "json").stdout)
    assert rows[0]["basis"] == "explicit_denial"
    assert [c["stance"] for c in rows[0]["claim_records"]] == ["denies", "asserts"]
    assert "denies" in run("contradictions", "--db", db).stdout


def test_show_highlights_the_sentence_in_its_paragraph(filled_store):
    shown = run("show", "e-aaaa000000000002", "--db", filled_store.url).stdout
    assert "Police in Valparaiso detained 14 protesters" in shown
    assert "Harbour Gazette" in shown  # the document's metadata
    assert "fishing quotas" not in shown  # another paragraph
    data = json.loads(
        run("show", "x-bbbb000000000001", "--db", filled_store.url, "-f", "json").stdout
    )
    assert data["record"]["kind"] == "contradiction" and len(data["related"]) == 2
    missing = runner.invoke(app, ["show", "e-nothere", "--db", filled_store.url])
    assert missing.exit_code == 1


def test_highlight_escapes_article_text():
    text = "First [bold]para[/bold].\n\nThe [red]army[/] said so. Then more.\n\nLast."
    start = text.index("The [red]")
    end = text.index("so.") + 3
    markup = highlighted(text, start, end)
    assert markup.startswith("[bold reverse]The \\[red]army\\[/] said so.[/bold reverse]")
    assert "First" not in markup and "Last" not in markup
    from rich.text import Text

    trailing = highlighted(text, start, text.index("Last."))  # a span ending in the break
    assert "Last" not in trailing and trailing.endswith("[/bold reverse]")

    rendered = Text.from_markup(markup)
    assert rendered.plain == "The [red]army[/] said so. Then more."


def test_stats_and_failures_commands(filled_store):
    stats = json.loads(run("stats", "--db", filled_store.url, "--format", "json").stdout)
    assert stats["counts"]["events"] == 4
    assert stats["events_by_type"]["ASSAULT"] == 1
    rows = json.loads(run("failures", "--db", filled_store.url, "--format", "json").stdout)
    assert rows == [
        {"path": "inputs/bad.html", "index": None, "stage": "acquire", "reason": "invalid HTML"}
    ]


def test_unreachable_database_is_a_clean_error(tmp_path):
    url = "postgresql+psycopg://postgres@127.0.0.1:1/none"
    result = runner.invoke(app, ["events", "--db", url])
    assert result.exit_code == 1
    bad = runner.invoke(app, ["events", "--db", "mysql://x/y"])
    assert bad.exit_code == 1


def test_events_table_keeps_text_readable_in_100_columns(filled_store):
    """In a 100-column terminal ids stay whole and the evidence gets a real column, not 4 chars."""
    from rich.console import Console

    from newsevents.serve.cli_store import TEXT_MIN, events_table

    console = Console(width=100, record=True, file=io.StringIO())
    console.print(events_table(filled_store.events()))
    lines = console.export_text().splitlines()
    assert max(len(line) for line in lines) <= 100
    assert any("e-bbbb000000000001" in line for line in lines)  # no_wrap: the id is never cut
    assert any("An air strike on the village" in line for line in lines)
    header = next(line for line in lines if "text" in line.split())
    assert len(header) - header.index("text") >= TEXT_MIN


READ_COMMANDS = [
    ["events"],
    ["quotes"],
    ["contradictions"],
    ["show", "e-0000000000000000"],
    ["export", "--as", "jsonl", "--out", "OUT"],
    ["stats"],
    ["failures"],
]


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: c[0])
def test_read_commands_refuse_a_missing_sqlite_file(command, tmp_path):
    missing = tmp_path / "typo" / "newsevnets.db"
    args = [a.replace("OUT", str(tmp_path / "out.jsonl")) for a in command]
    result = runner.invoke(app, [*args, "--db", f"sqlite:///{missing}"])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit), result.exception
    assert "no database file" in " ".join(result.output.split())
    assert not missing.parent.exists()  # neither the directory nor an empty database
    assert not (tmp_path / "out.jsonl").exists()


@pytest.mark.parametrize(
    "command", [["retry"], ["demo", "nothing-here"], ["ingest", "nothing-here.txt"]],
    ids=lambda c: c[0],
)  # fmt: skip
def test_write_commands_create_the_database(command, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    new = tmp_path / "new" / "fresh.db"
    result = runner.invoke(app, [*command, "--db", f"sqlite:///{new}"])
    assert isinstance(result.exception, SystemExit | None), result.exception
    assert result.exit_code == (1 if command[0] == "ingest" else 0), result.output
    assert new.is_file()
    with Store(f"sqlite:///{new}", create=False) as s:
        assert s.counts()["documents"] == 0


def test_read_commands_open_an_existing_database(filled_store):
    for command in (["stats"], ["failures"], ["quotes"], ["contradictions"]):
        run(*command, "--db", filled_store.url)


def test_a_file_that_is_not_a_database_is_a_clean_error(tmp_path):
    junk = tmp_path / "notes.db"
    junk.write_text("not a database, just notes\n" * 100, encoding="utf-8")
    result = runner.invoke(app, ["stats", "--db", f"sqlite:///{junk}"])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit), result.exception
    assert "cannot open the database" in " ".join(result.output.split())


@pytest.mark.parametrize("fmt", ["acled", "parquet"])
def test_export_to_an_unwritable_path_is_a_clean_error(filled_store, fmt):
    result = runner.invoke(
        app, ["export", "--as", fmt, "--out", "/proc/nope.csv", "--db", filled_store.url]
    )
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit), result.exception
    assert "cannot write /proc/nope.csv" in " ".join(result.output.split())
    assert "Traceback" not in result.output


def test_store_create_false_refuses_a_missing_file_and_makes_no_directory(tmp_path):
    missing = tmp_path / "a" / "b.db"
    with pytest.raises(StoreError, match="no database file"):
        Store(f"sqlite:///{missing}", create=False)
    assert not (tmp_path / "a").exists()
    Store("sqlite://", create=False).close()  # in memory: nothing to be missing
