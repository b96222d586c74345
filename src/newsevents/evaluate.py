"""``make eval``: run ``newsevents extract`` on the gold sets and score them with the shared scorer.

Scores are compared with floors pinned in ``tests/eval_floors.json`` (per set and metric): a change
that lowers a score below its floor makes ``make eval`` exit non-zero.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

FLOORS_FILE = Path(__file__).resolve().parents[2] / "tests" / "eval_floors.json"


def score_set(shared: Path, name: str, workdir: Path, errors: int = 0) -> dict:
    """Extract one gold set and return the scorer's JSON report."""
    gold_dir = shared / "eval" / name
    pred = workdir / f"{name}.jsonl"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "newsevents",
            "extract",
            str(gold_dir / "inputs"),
            "--out",
            str(pred),
        ],
        check=False,
        stderr=subprocess.DEVNULL,
    )
    scorer = [
        sys.executable,
        str(shared / "eval" / "score.py"),
        "--gold",
        str(gold_dir / "gold.jsonl"),
    ]
    report = subprocess.run(
        [*scorer, "--pred", str(pred), "--json"], check=True, capture_output=True, text=True
    )
    if errors:
        subprocess.run([*scorer, "--pred", str(pred), "--errors", str(errors)], check=False)
    return json.loads(report.stdout)


def check_floors(name: str, report: dict, floors: dict) -> list[str]:
    """The metrics of a set that fell below their pinned floor."""
    flat = _flatten(report)
    return [
        f"{name}.{metric}: {flat.get(metric)} < floor {floor}"
        for metric, floor in floors.get(name, {}).items()
        if flat.get(metric) is None or flat[metric] < floor
    ]


def _flatten(report: dict, prefix: str = "") -> dict:
    flat = {}
    for key, value in report.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--sets", nargs="*", default=["seed", "dev"])
    parser.add_argument("--errors", type=int, default=0, help="show this many errors per set")
    args = parser.parse_args(argv)
    floors = json.loads(FLOORS_FILE.read_text()) if FLOORS_FILE.exists() else {}
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.sets:
            report = score_set(args.shared, name, Path(tmp), errors=args.errors)
            print(f"== {name} ==")
            for metric, value in sorted(_flatten(report).items()):
                if not metric.startswith("counts."):
                    print(f"  {metric:42} {value}")
            problems += check_floors(name, report, floors)
    for problem in problems:
        print(f"BELOW FLOOR: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
