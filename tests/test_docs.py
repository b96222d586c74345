"""Every CLI command and every API route is documented (Datasette's test_docs pattern)."""

from pathlib import Path

import typer.main

from newsevents.serve.cli import app

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_every_command_has_a_section_in_cli_md():
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    commands = typer.main.get_command(app).commands
    missing = [name for name in commands if f"## newsevents {name}\n" not in text]
    assert not missing, f"run tools/cli_docs.py: undocumented commands {missing}"


def test_every_api_route_is_in_api_md():
    from newsevents.serve.api import create_app

    text = (DOCS / "api.md").read_text(encoding="utf-8")
    api = create_app("sqlite://")
    paths = {route.path for route in api.routes if getattr(route, "path", "").startswith("/api")}
    missing = sorted(p for p in paths if p not in text)
    assert not missing, f"undocumented API routes: {missing}"
