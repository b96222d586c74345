"""Rich consoles shared by the CLI modules: data to stdout, talk to stderr."""

from __future__ import annotations

from rich.console import Console

out = Console(soft_wrap=True)
err = Console(stderr=True)
