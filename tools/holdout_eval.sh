#!/usr/bin/env bash
# Score the system on the held-out invented set in tests/data/holdout (gold written by hand,
# before the system was run on these articles; see docs/accuracy.md, "Held-out invented set").
# Usage: tools/holdout_eval.sh [--errors N]    (run from anywhere; extra args go to score.py)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${SHARED:-$ROOT/../shared}"
OUT="$(mktemp -t holdout.XXXXXX.jsonl)"
trap 'rm -f "$OUT"' EXIT
"$ROOT/.venv/bin/newsevents" extract "$ROOT/tests/data/holdout/inputs" --out "$OUT" >&2
"$ROOT/.venv/bin/python" "$SHARED/eval/score.py" \
  --gold "$ROOT/tests/data/holdout/gold.jsonl" --pred "$OUT" "$@"
