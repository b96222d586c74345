"""The store: SQLAlchemy models, Alembic migrations, bulk upserts, queries and exports."""

from newsevents.store.filters import ClaimFilter, EventFilter, QuoteFilter
from newsevents.store.store import (
    COUNTED_STATUSES,
    DEFAULT_URL,
    MAX_LIMIT,
    InputMark,
    Store,
    StoreError,
)

__all__ = [
    "COUNTED_STATUSES",
    "DEFAULT_URL",
    "MAX_LIMIT",
    "ClaimFilter",
    "EventFilter",
    "InputMark",
    "QuoteFilter",
    "Store",
    "StoreError",
]
