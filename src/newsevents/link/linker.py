"""Cross-document linking within a run (and, given earlier records, across the store)."""

from __future__ import annotations

from newsevents.records import Claim, Contradiction, Document, Event


class Linker:
    """Fed documents with their events and claims in order; finds duplicates and contradictions."""

    def add(
        self, document: Document, events: list[Event], claims: list[Claim]
    ) -> list[Contradiction]:
        """Set ``document.duplicate_of`` if it repeats an earlier one; return new contradictions."""
        return []
