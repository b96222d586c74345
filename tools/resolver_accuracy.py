"""Resolver accuracy on our own table of invented cases (tests/data/resolver_cases.jsonl).

Each case is a sentence, a span in it, and what the resolver should say about that span: an
actor's country/sector/anonymity, a place's name and country, a date's value and precision.
Run: .venv/bin/python tools/resolver_accuracy.py [--errors]
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsevents.annotate.pipeline import annotate  # noqa: E402
from newsevents.records import Document, Origin  # noqa: E402
from newsevents.resolve.document import resolve_document  # noqa: E402

CASES = ROOT / "tests" / "data" / "resolver_cases.jsonl"


def load_cases(path: Path = CASES) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _overlapping(mentions: list, start: int, end: int) -> list:
    return [m for m in mentions if m.start < end and start < m.end]


def judge(case: dict, resolution, start: int, end: int) -> tuple[bool, str]:
    """Whether the resolver got the case right, and what it said."""
    if case["kind"] == "actor":
        found = _overlapping(resolution.actors, start, end)
        if not found:
            return False, "no actor"
        best = max(found, key=lambda m: min(m.end, end) - max(m.start, start))
        actor = best.actor
        ok = actor.sector == case["sector"]
        if "country" in case:
            ok = ok and actor.country == case["country"]
        if "anonymous" in case:
            ok = ok and actor.anonymous == case["anonymous"]
        return ok, f"{actor.country}/{actor.sector} anonymous={actor.anonymous}"
    if case["kind"] == "place":
        found = _overlapping(resolution.places, start, end)
        if not found:
            return False, "no place"
        loc = found[0].location
        want = case["name"].lower()
        ok = (want in loc.name.lower() or loc.name.lower() in want) and (
            loc.country == case["country"]
        )
        return ok, f"{loc.name}/{loc.country}"
    found = _overlapping(resolution.dates, start, end)
    if not found:
        return False, "no date"
    date = found[0].date
    ok = date.value == case["value"]
    if case["value"] is not None:
        ok = ok and date.precision == case["precision"]
    return ok, f"{date.value} ({date.precision})"


def run(cases: list[dict]) -> tuple[Counter, Counter, list[str]]:
    right: Counter = Counter()
    total: Counter = Counter()
    errors: list[str] = []
    documents = [
        Document(
            id=f"d-{n}",
            title="case",
            text=case["text"],
            origin=Origin("cases.jsonl", n),
            published=case.get("published", "2024-03-14"),
        )  # fmt: skip
        for n, case in enumerate(cases)
    ]
    for case, annotated in zip(cases, annotate(documents), strict=True):
        start = case["text"].index(case["span"])
        ok, said = judge(case, resolve_document(annotated), start, start + len(case["span"]))
        total[case["kind"]] += 1
        right[case["kind"]] += ok
        if not ok:
            errors.append(f"{case['kind']}: {case['span']!r} in {case['text']!r} -> {said}")
    return right, total, errors


def main() -> None:
    right, total, errors = run(load_cases())
    print("| resolver | cases | correct | accuracy |\n|---|---:|---:|---:|")
    for kind in ("actor", "place", "date"):
        print(f"| {kind} | {total[kind]} | {right[kind]} | {right[kind] / total[kind]:.2f} |")
    if "--errors" in sys.argv:
        print("\n".join(errors))


if __name__ == "__main__":
    main()
