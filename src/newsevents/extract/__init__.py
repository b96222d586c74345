"""Extract events, quotes, casualties and claims from annotated, resolved documents."""
