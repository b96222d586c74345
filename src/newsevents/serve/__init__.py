"""User-facing surfaces: the Typer CLI, the FastAPI HTTP API and the web UI."""
