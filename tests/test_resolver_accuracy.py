"""The resolvers on our table of invented cases (tests/data/resolver_cases.jsonl) stay accurate.

The cases were written by hand before the resolver was run on them; the floors sit below the
measured accuracy (docs/accuracy.md) so that a regression fails here.
"""

import importlib.util
from pathlib import Path

TOOL = Path(__file__).resolve().parents[1] / "tools" / "resolver_accuracy.py"
FLOORS = {"actor": 0.9, "place": 0.9, "date": 0.9}


def _tool():
    spec = importlib.util.spec_from_file_location("resolver_accuracy", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_resolver_accuracy_on_invented_cases_stays_above_floors():
    tool = _tool()
    right, total, errors = tool.run(tool.load_cases())
    for kind, floor in FLOORS.items():
        assert total[kind] >= 15
        assert right[kind] / total[kind] >= floor, errors
