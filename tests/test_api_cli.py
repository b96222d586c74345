"""``newsevents serve``: builds the app over the given database and hands it to uvicorn."""

from __future__ import annotations

from typer.testing import CliRunner

from newsevents.serve.cli import app


def test_serve_runs_uvicorn_on_the_app(monkeypatch, tmp_path):
    import uvicorn

    seen = {}

    def fake_run(application, host, port, log_level):
        seen.update(app=application, host=host, port=port, log_level=log_level)

    monkeypatch.setattr(uvicorn, "run", fake_run)
    db = tmp_path / "served.db"
    result = CliRunner().invoke(
        app, ["serve", "--db", f"sqlite:///{db}", "--host", "127.0.0.2", "--port", "8123"]
    )
    assert result.exit_code == 0, result.output
    assert (seen["host"], seen["port"]) == ("127.0.0.2", 8123)
    paths = set(seen["app"].openapi()["paths"])
    assert {"/api/events", "/api/documents", "/api/stats/day"} <= paths
    assert db.exists()  # migrated before serving


def test_serve_rejects_a_bad_database_url():
    result = CliRunner().invoke(app, ["serve", "--db", "mysql://nowhere/db"])
    assert result.exit_code == 1
    assert "unsupported database" in result.output
