"""The command is installed and answers --help for every registered command."""

from typer.testing import CliRunner

from newsevents.serve.cli import app

runner = CliRunner()


def test_help_lists_extract():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "extract" in result.output


def test_extract_missing_path_is_a_failure_record(tmp_path):
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(tmp_path / "nope.txt"), "--out", str(out)])
    assert result.exit_code == 1
    assert '"kind": "failure"' in out.read_text()
