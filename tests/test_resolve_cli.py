"""``newsevents annotate FILE`` shows sentences with their actors, places and dates."""

from __future__ import annotations

from typer.testing import CliRunner

from newsevents.serve.cli import app

ARTICLE = """Drone Strike Hits Depot Near Qamishli

Turkish drones struck a fuel depot near Qamishli in northern Syria on Monday night, the Syrian \
Observatory for Human Rights said.

SDF spokesman Karwan Derik said the group would respond.
"""


def test_annotate_prints_actors_places_and_dates(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(
        app, ["annotate", str(path), "--published", "2024-02-14"], env={"COLUMNS": "240"}
    )
    assert result.exit_code == 0, result.output
    assert "TUR/MIL" in result.output  # Turkish drones
    assert "SYR/NSA Spokesman Karwan Derik" in result.output
    assert "northern Syria" in result.output
    assert "2024-02-12" in result.output  # Monday night, anchored on Wednesday
