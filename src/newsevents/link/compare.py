"""What the linker needs to know about a claim, read from the claim record alone.

Claims loaded back from the store have no parse, so everything here works on the claim's text,
claimant, stance, figure and evidence: content words (with word classes from
``data/link_words.yaml``), the countries and organizations it names, whether it is negated, an
accusation or a running toll, and the places and weekdays that pin down an incident.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from newsevents.extract.claims import is_explicit_denial
from newsevents.extract.figures import TOLL, VICTIMS
from newsevents.records import Claim
from newsevents.resolve.gazetteer import REGION, load_gazetteer

WORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "link_words.yaml"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
ACCUSE_TRIGGERS = re.compile(r"^(accus|blam)", re.I)
# A named place: capitalized words after a locative preposition ("in northern Omdurman",
# "the town of Balcad", "near Deir al-Balah").
PLACE = re.compile(
    r"\b(?:in|near|at|outside|around|of|from|into)\s+(?:the\s+)?"
    r"(?:(?:northern|southern|eastern|western|central|north|south|east|west)\s+)?"
    r"([A-Z][a-z]+(?:[ -](?:al-|el-|de |du )?[A-Z][a-z]+)*)"
)


@functools.lru_cache(maxsize=1)
def link_words() -> tuple[dict[str, str], frozenset[str]]:
    """(word -> class name, stopwords) from ``link_words.yaml``."""
    data = yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))
    classes = {str(w).lower(): name for name, words in data["classes"].items() for w in words}
    return classes, frozenset(str(w).lower() for w in data["stopwords"])


@functools.lru_cache(maxsize=1)
def _name_pattern() -> tuple[re.Pattern[str], dict[str, tuple[str, bool]]]:
    """One alternation of the resolver's names that carry a country (states, demonyms,
    capitals, seats of power, named bodies; not regions), longest first, with their country
    and whether the name is a state's own (a country, demonym or capital, never a place here)."""
    table: dict[str, tuple[str, bool]] = {}
    for surface, entries in load_gazetteer().surface.items():
        entry = next((e for e in entries if e.country and e.kind != REGION), None)
        if entry is not None and len(surface) > 1:
            state = entry.kind in ("country", "demonym", "capital")
            table[surface] = (entry.country, state)
    alternation = "|".join(re.escape(n) for n in sorted(table, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])"), table


def names_in(text: str) -> list[tuple[str, str, bool]]:
    """(name, iso3, is a state's own name) of every country-bearing name in a claim's text.

    Claims loaded back from the store have no parse, so this matches the resolver's gazetteer
    (``resolve.gazetteer``) on the plain text: exact case, the longest name at each place.
    """
    pattern, table = _name_pattern()
    return [(m.group(), *table[m.group()]) for m in pattern.finditer(text)]


def _stem(word: str) -> str:
    """A crude stem: enough to match "normalization"/"normalizing" or "fire"/"fired"."""
    for suffix in ("ization", "izing", "isation", "ising", "ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


@dataclass(frozen=True, slots=True)
class ClaimFacts:
    """A claim and what was read from it."""

    claim: Claim
    key: tuple  # who claims: name, role, country, sector
    words: frozenset[str]
    countries: frozenset[str]
    denial: bool  # stance denies, or a negated proposition
    explicit: bool  # a denial verb or a word of falsity
    accusation: bool
    places: frozenset[str]
    weekdays: frozenset[str]
    category: str | None
    toll: bool


def facts_of(claim: Claim) -> ClaimFacts:
    """Read a claim's facts from its text and fields."""
    classes, stopwords = link_words()
    text = claim.text
    words: set[str] = set()
    for raw in re.findall(r"[A-Za-z][\w'-]*", text):
        word = raw.lower().strip("'")
        if word in stopwords or len(word) < 3:
            continue
        words.add(classes.get(word, _stem(word)))
    named = names_in(text)
    countries = {iso3 for _, iso3, _ in named}
    alias_words = {name for name, _, state in named if state}
    places = {
        match.group(1)
        for match in PLACE.finditer(text)
        if match.group(1) not in alias_words and match.group(1).lower() not in WEEKDAYS
    }
    actor = claim.claimant
    category = None
    if claim.figure is not None:
        for word in claim.figure.text.lower().split():
            category = VICTIMS.get(word.strip(",."), category)
    trigger = claim.evidence.trigger or ""
    return ClaimFacts(
        claim=claim,
        key=(actor.name, actor.role, actor.country, actor.sector),
        words=frozenset(words),
        countries=frozenset(countries),
        denial=claim.stance == "denies",
        explicit=claim.stance == "denies" and is_explicit_denial(trigger, text),
        accusation=bool(ACCUSE_TRIGGERS.match(trigger)),
        places=frozenset(places),
        weekdays=frozenset(w for w in WEEKDAYS if w in text.lower()),
        category=category,
        toll=bool(TOLL.search(text)),
    )


def denial_score(denial: ClaimFacts, other: ClaimFacts) -> int:
    """How strongly a denial answers another claim: shared words and classes, plus bonuses when
    the other claim accuses someone or names the denier's country."""
    shared = len(denial.words & other.words)
    score = shared
    if other.accusation:
        score += 2
    if denial.claim.claimant.country and denial.claim.claimant.country in other.countries:
        score += 2
    return score


def conflicting_figures(one: ClaimFacts, other: ClaimFacts) -> bool:
    """Two incident tolls of the same victims that differ."""
    first, second = one.claim.figure, other.claim.figure
    if first is None or second is None or one.toll or other.toll:
        return False
    if one.category is None or one.category != other.category:
        return False
    return (first.min, first.max) != (second.min, second.max)


INCIDENT_CLASSES = frozenset({"attack", "killing"})  # word classes of link_words.yaml


def names_incident(fact: ClaimFacts) -> bool:
    """Whether a claim can tell of an incident: a named place and attack or killing words (the
    linker indexes only these for cross-document matching)."""
    return bool(fact.places) and bool(INCIDENT_CLASSES & fact.words)


def same_incident(one: ClaimFacts, other: ClaimFacts) -> bool:
    """Two claims about one incident: a shared place, no clashing weekday, attack words."""
    if not one.places & other.places:
        return False
    if one.weekdays and other.weekdays and not one.weekdays & other.weekdays:
        return False
    return bool(INCIDENT_CLASSES & one.words) and bool(INCIDENT_CLASSES & other.words)
