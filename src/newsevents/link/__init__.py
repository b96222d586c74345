"""Across documents: near-duplicates, same-event matching, contradictions between claims."""
