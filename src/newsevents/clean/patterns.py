"""The clean stage's data files, loaded once: photo-credit words and scraper marker lines."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml


@dataclass(frozen=True, slots=True)
class CreditRules:
    keywords: frozenset[str]
    max_words: int
    max_chars: int


@dataclass(frozen=True, slots=True)
class MarkerRules:
    exact: frozenset[str]
    pattern: re.Pattern[str]


def _load(name: str) -> dict:
    text = resources.files("newsevents.data").joinpath(name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


@cache
def credit_rules() -> CreditRules:
    data = _load("credits.yaml")
    return CreditRules(
        keywords=frozenset(word.casefold() for word in data["keywords"]),
        max_words=int(data["max_words"]),
        max_chars=int(data["max_chars"]),
    )


@cache
def marker_rules() -> MarkerRules:
    data = _load("markers.yaml")
    return MarkerRules(
        exact=frozenset(line.casefold() for line in data["exact"]),
        pattern=re.compile(data["pattern"]),
    )
