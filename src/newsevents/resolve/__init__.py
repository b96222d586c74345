"""Resolve mentions to actors, places and dates (gazetteers, roles, in-document coreference)."""
