"""A broken data file stops a run at once with its message, instead of failing every document."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsevents.extract import lexicon
from newsevents.records import Origin, RawDocument
from newsevents.serve.cli import app
from newsevents.store import Store

runner = CliRunner()

STORY = (
    "Ministers meet in Velm\n\n"
    "The foreign ministers of two neighbouring states met in Velm on Monday to discuss water "
    "rights, a spokesman said.\n"
)


@pytest.fixture
def broken_lexicon(tmp_path, monkeypatch):
    """``load_lexicon()`` reads a trigger file with an unknown event type, for this test only."""
    bad = tmp_path / "triggers.yaml"
    bad.write_text("verbs: []\nnouns:\n  skirmish: {type: BRAWL}\n", encoding="utf-8")
    lexicon.load_lexicon.cache_clear()
    monkeypatch.setattr(lexicon.load_lexicon.__wrapped__, "__defaults__", (bad,))
    yield bad
    monkeypatch.undo()
    lexicon.load_lexicon.cache_clear()


def _raws(n: int = 3) -> list[RawDocument]:
    return [RawDocument(origin=Origin(f"story_{i}.txt", 0), content=STORY) for i in range(n)]


def test_the_pipeline_stops_before_the_first_document(broken_lexicon):
    from newsevents.pipeline import DataFileError, run

    with pytest.raises(
        DataFileError, match="triggers.yaml.*unknown event type for noun 'skirmish'"
    ):
        next(run(_raws()))


def test_the_parallel_pipeline_stops_before_starting_workers(broken_lexicon, monkeypatch):
    from newsevents import parallel
    from newsevents.pipeline import DataFileError

    def no_pool(*args, **kwargs):
        raise AssertionError("a worker pool was started")

    monkeypatch.setattr(parallel, "make_pool", no_pool)
    with pytest.raises(DataFileError, match="LexiconError"):
        list(parallel.run_parallel(_raws(), workers=2))


def test_extract_prints_the_lexicon_error_and_exits_1(broken_lexicon, tmp_path):
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    out = tmp_path / "out" / "records.jsonl"
    result = runner.invoke(app, ["extract", str(tmp_path / "story.txt"), "--out", str(out)])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit), result.exception
    assert "unknown event type for noun 'skirmish'" in " ".join(result.output.split())
    assert "Traceback" not in result.output
    assert not out.exists()  # stopped before the output was opened


def test_ingest_prints_the_lexicon_error_exits_1_and_writes_nothing(
    broken_lexicon, db_url, tmp_path
):
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(tmp_path / "story.txt"), "--db", db_url])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit), result.exception
    assert "unknown event type for noun 'skirmish'" in " ".join(result.output.split())
    if db_url.startswith("sqlite:///"):
        assert not Path(db_url.removeprefix("sqlite:///")).exists()  # checked before creating it
    with Store(db_url) as s:
        s.migrate()
        assert s.runs() == []
        assert s.counts()["documents"] == 0
        assert s.failures() == []


def test_the_real_lexicon_loads():
    from newsevents.pipeline import load_data

    load_data()  # the shipped data files are valid (the fixture above restores them)
    assert lexicon.load_lexicon().nouns
