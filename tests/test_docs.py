"""Every CLI command and every API route is documented (Datasette's test_docs pattern)."""

import re
import sys
from pathlib import Path

import typer.main

from newsevents.serve.cli import app

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PARAM = re.compile(r"\{[^}]+\}")  # {record_id} -> {id}


def test_every_command_has_a_section_in_cli_md():
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    commands = typer.main.get_command(app).commands
    assert commands
    missing = [name for name in commands if f"## newsevents {name}\n" not in text]
    assert not missing, f"run tools/cli_docs.py: undocumented commands {missing}"


def test_cli_md_is_exactly_what_tools_cli_docs_renders():
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import cli_docs
    finally:
        sys.path.remove(str(ROOT / "tools"))
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert text == cli_docs.render(), "docs/cli.md is stale: run .venv/bin/python tools/cli_docs.py"


def api_endpoints() -> set[str]:
    """``METHOD /path`` of every OpenAPI operation, path parameters written ``{id}``."""
    from newsevents.serve.api import create_app

    paths = create_app("sqlite://").openapi()["paths"]
    assert paths, "the OpenAPI description lists no paths"
    return {
        f"{method.upper()} {PARAM.sub('{id}', path)}"
        for path, operations in paths.items()
        for method in operations
    }


def test_every_api_route_is_in_api_md():
    text = (DOCS / "api.md").read_text(encoding="utf-8")
    endpoints = api_endpoints()
    assert {"GET /api/events", "GET /api/events/{id}", "POST /api/documents"} <= endpoints
    missing = sorted(e for e in endpoints if f"`{e}`" not in text)
    assert not missing, f"undocumented API routes in docs/api.md: {missing}"
