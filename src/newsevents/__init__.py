"""newsevents: raw news in, a sourced and queryable record of events, quotes and claims out."""

__version__ = "0.1.0"
