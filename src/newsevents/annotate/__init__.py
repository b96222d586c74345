"""spaCy annotation: sentences, tokens, entities and the dependency parse, one model loaded once."""
