"""Turn a speaker span into an :class:`~newsevents.records.Actor`, with speaker coreference.

The quote extractor finds the speaker *span* (the subject of the speech verb, the object of
"according to", Y in "X quoted Y as saying", the words before a trailing "…, X said"); this module
says who it is. Sources, in order, each used only when the one before gives nothing:

1. **Speaker coreference** the resolver does not do: "the statement"/"the communique" (whoever
   issued the last statement), "the group"/"the militia" (the last armed group), "the official",
   "the officer" (the last speaker with that head noun), "her office"; and, when the resolver has
   no antecedent, "he"/"she" (the last person speaker) and "it"/"they" (the last organization
   speaker).
2. **The document's** :class:`~newsevents.resolve.mentions.Resolution`: the outermost actor
   mention covering the span's head word (the resolver's own coreference included: "he",
   "Cavusoglu", "the minister"), else the widest mention inside the span.
3. **A fallback** for spans the resolver has no mention for: the head word's sector from the
   resolver's role tables, the country of the sentence's first place, else the document's main
   country.

Then one speaker-specific correction (``data/speech_actors.yaml``, each entry documented there):
monitoring and rights groups ("the Iraqi Observatory for Human Rights", "a rights monitor") are
NGO, and a union or association of a sector ("a police union") speaks with that sector. These
are differences with the general resolver, listed for its owner to fold in.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from newsevents.records import Actor
from newsevents.resolve.gazetteer import load_gazetteer
from newsevents.resolve.mentions import ActorMention, Resolution

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
CORRECTIONS_FILE = DATA_DIR / "speech_actors.yaml"

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
THING_PRONOUNS = frozenset({"it", "they", "its", "their"})
STATEMENT_NOUNS = frozenset({"statement", "communique", "communiqué", "letter", "text", "message"})
GROUP_NOUNS = frozenset(
    {"group", "militia", "movement", "militants", "rebels", "organisation", "organization"}
)
# Mention kinds that are one person (for "he said" later); plural heads are never one person.
PERSON_KINDS = frozenset({"person", "role", "anonymous"})
RELATIVE = re.compile(r"\b(who|whose|which|that)\b.*$|,\s*speaking\b.*$", re.IGNORECASE)
MAX_DEFINITE_WORDS = 3  # "the official", "the senior officer": longer phrases are descriptions


@dataclass(frozen=True, slots=True)
class Corrections:
    """Speaker-specific corrections of the resolver's reading (``speech_actors.yaml``)."""

    ngo_words: tuple[re.Pattern[str], ...]
    union_heads: frozenset[str]
    union_sectors: dict[str, str]


@functools.lru_cache(maxsize=1)
def corrections() -> Corrections:
    """Load the correction lists once per process."""
    data: dict[str, Any] = yaml.safe_load(CORRECTIONS_FILE.read_text(encoding="utf-8"))
    ngo = tuple(
        re.compile(rf"(?<![\w-]){re.escape(str(w))}(?![\w-])", re.IGNORECASE)
        for w in data["ngo_words"]
    )
    return Corrections(
        ngo_words=ngo,
        union_heads=frozenset(str(w).lower() for w in data["union_heads"]),
        union_sectors={str(k).lower(): v for k, v in data["union_sectors"].items()},
    )


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
        self._focus: str | None | bool = False  # False: not computed yet

    # ------------------------------------------------------------------ public
    def resolve(self, start: int, end: int, head_char: int | None = None) -> Actor | None:
        """The actor of the speaker span ``[start, end)``; remembered for later coreference."""
        description = self.text[start:end]
        lowered = description.lower().strip()
        head_tok = self._token_at(head_char) if head_char is not None else None
        mention: ActorMention | None = None
        actor = self._definite(lowered, start)
        if actor is None:
            mention = self._mention(start, end, head_char)
            if lowered in PERSON_PRONOUNS | THING_PRONOUNS and (
                mention is None or mention.kind != "pronoun"
            ):
                mention = None  # the resolver found no antecedent: try earlier speakers
                actor = self._pronoun(lowered, start)
            elif mention is not None:
                actor = dataclasses.replace(mention.actor)
        if actor is None and lowered not in PERSON_PRONOUNS | THING_PRONOUNS:
            actor = self._fallback(description, start, head_tok)
        if actor is None:
            return None
        actor = self._correct(actor, description, mention)
        head = _head_word(description)
        person = lowered in PERSON_PRONOUNS or bool(actor.name) or _one_person(mention, head_tok)
        self.history.append(SpeakerRef(start, end, actor, head, person, description))
        return actor

    def outlet_country(self, start: int, end: int) -> str | None:
        """The country of an outlet or body that quotes a source ("Lebanese newspaper X")."""
        mention = self.resolution.actor_for_span(start, end)
        if mention is not None and mention.actor.country:
            return mention.actor.country
        inside = [m for m in self.resolution.actors_within(start, end) if m.actor.country]
        return inside[0].actor.country if inside else None

    # ------------------------------------------------------------------ resolution
    def _mention(self, start: int, end: int, head_char: int | None) -> ActorMention | None:
        """The outermost mention covering the head (inside the span), else the widest inside."""
        if head_char is not None:
            covering = [
                m
                for m in self.resolution.outermost_actors_at(head_char)
                if m.start >= start - 1 and m.end <= end + 1
            ]
            if not covering:
                covering = [
                    m
                    for m in self.resolution.actors
                    if m.start <= head_char < m.end and m.start >= start - 1 and m.end <= end + 1
                ]
            if covering:
                return max(covering, key=lambda m: m.end - m.start)
        inside = self.resolution.actors_within(start, end)
        if inside:
            return max(inside, key=lambda m: (m.end - m.start, -m.start))
        return None

    def _token_at(self, char: int) -> Any | None:
        span = self.doc.char_span(char, min(char + 1, len(self.text)), alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    # ------------------------------------------------------------------ coreference
    def _definite(self, lowered: str, start: int) -> Actor | None:
        """Definite descriptions that point back to an earlier speaker or issuer."""
        words = lowered.replace("’", "'").split()
        if not words:
            return None
        earlier = [ref for ref in self.history if ref.start < start]
        if words[0] in ("his", "her") and len(words) == 2 and words[1] in ("office", "ministry"):
            people = self._recent_people(start)
            if people:
                return dataclasses.replace(
                    people[0], name=None, role=words[1], sector="GOV", anonymous=False
                )
            return None
        if words[0] != "the" or len(words) > MAX_DEFINITE_WORDS:
            return None
        head = words[-1]
        if head in STATEMENT_NOUNS:
            issuer = self._statement_issuer(start, head)
            if issuer is not None:
                return issuer
            for ref in reversed(earlier):
                if not ref.person:
                    return dataclasses.replace(ref.actor)
            return dataclasses.replace(earlier[-1].actor) if earlier else None
        if head in GROUP_NOUNS:
            organisation = head in ("organisation", "organization")
            return self._recent_org(start, lambda a: organisation or a.sector == "NSA")
        for ref in reversed(earlier):
            if ref.head == head or (head in ref.description.lower().split() and len(words) <= 2):
                return dataclasses.replace(ref.actor)
        return None

    def _pronoun(self, lowered: str, start: int) -> Actor | None:
        """A pronoun the resolver left without antecedent: the last speaker of its kind."""
        if lowered in PERSON_PRONOUNS:
            people = self._recent_people(start)
            return dataclasses.replace(people[0]) if people else None
        for ref in reversed(self.history):
            if ref.start < start and not ref.person:
                return dataclasses.replace(ref.actor)
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
                        return dataclasses.replace(ref.actor)
                mention = self._mention(start, end, subject.idx)
                return dataclasses.replace(mention.actor) if mention is not None else None
            return None
        return None

    def _recent_people(self, before: int) -> list[Actor]:
        """Most recent person first: speakers that are people, and named people in the text."""
        items: list[tuple[int, Actor]] = [
            (ref.start, ref.actor) for ref in self.history if ref.person and ref.start < before
        ]
        items += [
            (m.start, m.actor)
            for m in self.resolution.actors
            if m.start < before and m.kind == "person" and m.actor.name
        ]
        items.sort(key=lambda item: item[0], reverse=True)
        return [actor for _, actor in items]

    def _recent_org(self, before: int, accept) -> Actor | None:
        """Most recent organization (speaker or resolved mention) that ``accept`` takes."""
        items: list[tuple[int, Actor]] = [
            (ref.start, ref.actor)
            for ref in self.history
            if not ref.person and ref.start < before and accept(ref.actor)
        ]
        items += [
            (m.start, m.actor)
            for m in self.resolution.actors
            if m.start < before and m.kind != "person" and accept(m.actor)
        ]
        if not items:
            return None
        return dataclasses.replace(max(items, key=lambda item: item[0])[1])

    # ------------------------------------------------------------------ fallback
    def _fallback(self, description: str, start: int, head_tok: Any | None) -> Actor | None:
        """A span the resolver has no mention for: its head word's sector from the resolver's
        role tables, the sentence's first place country, else the document's main country."""
        gaz = load_gazetteer()
        head = _head_word(description)
        if not head:
            return None
        lemma = head_tok.lemma_.lower() if head_tok is not None else head
        sector = None
        for word in (head, lemma):
            role = gaz.roles.get(word)
            sector = (
                (role[1] if role else None)
                or gaz.institutions.get(word)
                or gaz.collectives.get(word)
            )
            if sector:
                break
        anonymous = head in gaz.anonymous or lemma in gaz.anonymous
        if sector is None and not anonymous:
            return None
        country = self._sentence_country(start) or self.focus_country()
        return Actor(country=country, sector=sector or "GOV", anonymous=anonymous)

    def _sentence_country(self, char: int) -> str | None:
        token = self._token_at(char)
        if token is None:
            return None
        sent = token.sent
        for place in self.resolution.places_within(sent.start_char, sent.end_char):
            if place.location.country:
                return place.location.country
        return None

    def focus_country(self) -> str | None:
        """The document's main country: the states it names and the countries of its places."""
        if self._focus is not False:
            return self._focus  # type: ignore[return-value]
        counts: Counter[str] = Counter()
        for mention in self.resolution.actors:
            if mention.kind in ("country", "metonym") and mention.actor.country:
                counts[mention.actor.country] += 1
        for place in self.resolution.places:
            if place.location.country:
                counts[place.location.country] += 1
        self._focus = counts.most_common(1)[0][0] if counts else None
        return self._focus  # type: ignore[return-value]

    # ------------------------------------------------------------------ corrections
    def _correct(self, actor: Actor, description: str, mention: ActorMention | None) -> Actor:
        """Speaker-specific corrections of the resolver (see ``speech_actors.yaml``)."""
        fix = corrections()
        core = RELATIVE.sub("", description)
        if actor.name and mention is not None and mention.kind == "person":
            core = core.replace(actor.name, " ")
        words = re.findall(r"[\w'’-]+", core.lower())
        if not actor.name or mention is None or mention.kind != "person":
            if actor.sector not in ("IGO", "NGO") and any(p.search(core) for p in fix.ngo_words):
                actor.sector = "NGO"
                actor.anonymous = False
                return actor
        head = _head_word(description)
        if head in fix.union_heads:
            for word in words:
                if word in fix.union_sectors:
                    actor.sector = fix.union_sectors[word]
                    actor.anonymous = False
                    break
        return actor


def _one_person(mention: ActorMention | None, head_tok: Any | None) -> bool:
    """Whether a speaker mention is one person (for a later "he said")."""
    if mention is None or mention.kind not in PERSON_KINDS:
        return False
    if mention.kind == "person":
        return True
    return head_tok is None or head_tok.tag_ not in ("NNS", "NNPS")


def _head_word(description: str) -> str:
    """The last word of the description before any appositive or prepositional phrase."""
    core = RELATIVE.sub("", description)
    core = re.split(r",|\bof\b|\bfor\b|\bwith\b|\bin\b|\bat\b|\bfrom\b", core)[0]
    words = re.findall(r"[\w'’.-]+", core)
    return words[-1].lower().rstrip(".") if words else ""
