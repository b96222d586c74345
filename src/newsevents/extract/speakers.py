"""Turn a speaker span into an :class:`~newsevents.records.Actor`, with speaker coreference.

The quote extractor finds the speaker *span* (the subject of the speech verb, the object of
"according to", Y in "X quoted Y as saying", the words before a trailing "…, X said"); this module
says who it is, from the document's :class:`~newsevents.resolve.mentions.Resolution` first.
Sources, in order, each used only when the one before gives nothing:

1. **Speaker coreference** the resolver does not do: "the statement"/"the communique" (whoever
   issued the last statement), "the group"/"the militia" (the last armed group), "the official",
   "the officer" (the last speaker with that head noun), "her office".
2. **The resolution**: the outermost actor mention covering the span's head word, else the
   widest mention inside the span. Pronouns take the resolver's antecedent, except that "he
   said" right after a quoted person is that person, and a pronoun the resolver left alone is
   the last speaker of its kind.
3. **A bare name** the resolver missed (a surname subject cut off by a bad parse): an earlier
   person with that surname, else the name with the description right before it.
4. **A fallback** for heads the resolver makes no mention for ("a man whose …", "the
   ombudsman"): sector and anonymity from ``data/speech_actors.yaml``.

Then the speaker-specific corrections of ``speech_actors.yaml`` (monitors and rights groups are
NGO, "a police union" is COP, "health workers" CVL) and the gaps a speaker must not keep: a
country from the sentence's place or the document's main country (never for IGOs, names the
gazetteer knows without a country, or a null the resolver gave a described phrase), GOV for a
named person without a sector, anonymity for unnamed people, and, for an unnamed body, a role
from its words so two bodies of one state stay two claimants. Each correction is a difference
with the resolver, listed in the YAML file for its owner to fold in.
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
MAX_NAME_WORDS = 3  # given names a bare surname subject may have lost to a bad parse
MAX_DEFINITE_WORDS = 3  # "the official", "the senior officer": longer phrases are descriptions


@dataclass(frozen=True, slots=True)
class SpeakerWords:
    """Speaker-specific corrections and fallbacks (``speech_actors.yaml``)."""

    ngo_words: re.Pattern[str]
    union_heads: frozenset[str]
    union_sectors: dict[str, str]
    phrase_sectors: list[tuple[re.Pattern[str], str]]
    fallback: list[tuple[str, re.Pattern[str]]]
    fallback_anonymous: frozenset[str]
    anonymity: re.Pattern[str]
    government_bodies: re.Pattern[str]
    spokes_roles: frozenset[str]


def _words_pattern(words: list[Any]) -> re.Pattern[str]:
    alternation = "|".join(re.escape(str(w)) for w in sorted(words, key=lambda w: -len(str(w))))
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def speaker_words() -> SpeakerWords:
    """Load the speaker word lists once per process."""
    data: dict[str, Any] = yaml.safe_load(CORRECTIONS_FILE.read_text(encoding="utf-8"))
    return SpeakerWords(
        ngo_words=_words_pattern(data["ngo_words"]),
        union_heads=frozenset(str(w).lower() for w in data["union_heads"]),
        union_sectors={str(k).lower(): v for k, v in data["union_sectors"].items()},
        phrase_sectors=[(_words_pattern([k]), v) for k, v in data["phrase_sectors"].items()],
        fallback=[(g["sector"], _words_pattern(g["words"])) for g in data["fallback_sectors"]],
        fallback_anonymous=frozenset(str(w).lower() for w in data["fallback_anonymous"]),
        anonymity=re.compile("|".join(data["anonymity_phrases"]), re.IGNORECASE),
        government_bodies=_words_pattern(data["government_bodies"]),
        spokes_roles=frozenset(str(w).lower() for w in data["spokes_roles"]),
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
        pronoun = lowered in PERSON_PRONOUNS | THING_PRONOUNS
        head_tok = self._token_at(head_char) if head_char is not None else None
        mention: ActorMention | None = None
        actor = self._definite(lowered, start)
        fresh = actor is None and not pronoun  # not a back-reference: correct and fill it
        if actor is None:
            mention = self._mention(start, end, head_char)
            if pronoun and (mention is None or mention.kind != "pronoun"):
                mention = None  # the resolver found no antecedent: try earlier speakers
                actor = self._pronoun(lowered, start)
            elif mention is not None and mention.kind == "pronoun":
                actor = self._later_speaker(lowered, mention, start)
                actor = actor or self._as_spoken(mention.actor, start)
            elif mention is not None:
                actor = dataclasses.replace(mention.actor)
        if actor is None and not pronoun:
            named = self._proper_name(start, end)
            if named is not None:
                actor, mention = named
            else:
                actor = self._fallback(description, start)
        if actor is None:
            return None
        person = lowered in PERSON_PRONOUNS or bool(actor.name) or _one_person(mention, head_tok)
        if fresh:
            actor = self._correct(actor, description)
            actor = self._appositive(actor, description, start, end)
            actor = self._fill(actor, description, start, mention)
            if actor.role is None and actor.name is None:
                actor.role = self._body_role(start, end)
        head = _head_word(description)
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

    def _later_speaker(self, lowered: str, mention: ActorMention, start: int) -> Actor | None:
        """ "He said" right after a quoted person: that speaker, when the resolver's antecedent
        is an earlier phrase (the last speaker is the likelier "he" of a quote)."""
        if lowered not in PERSON_PRONOUNS:
            return None
        people = [ref for ref in self.history if ref.person and ref.start < start]
        if not people:
            return None
        antecedent = max(
            (
                m.start
                for m in self.resolution.actors
                if m.actor is mention.actor and m.kind != "pronoun" and m.start < start
            ),
            default=-1,
        )
        return dataclasses.replace(people[-1].actor) if people[-1].start > antecedent else None

    def _as_spoken(self, antecedent: Actor, start: int) -> Actor:
        """A pronoun's antecedent as an earlier speaker gave it (with that speaker's role), so
        "It also denied" is the same claimant as "Armenia's defence ministry denied"."""
        for ref in reversed(self.history):
            seen = ref.actor
            if ref.start < start and (seen.name, seen.country, seen.sector) == (
                antecedent.name,
                antecedent.country,
                antecedent.sector,
            ):
                return dataclasses.replace(seen)
        return dataclasses.replace(antecedent)

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
    def _proper_name(self, start: int, end: int) -> tuple[Actor, ActorMention | None] | None:
        """A bare name the resolver missed: an earlier person with that surname, else the name
        with the description just before it ("ICRC spokeswoman Nadia Farah" parsed with
        only "Farah" as the subject)."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span) or any(t.pos_ != "PROPN" for t in span):
            return None
        first = span.start
        while first > max(0, span.start - MAX_NAME_WORDS) and self.doc[first - 1].pos_ == "PROPN":
            first -= 1  # the sentencizer may cut a name ("Nadia | Farah said")
        name = self.doc[first : span.end].text
        surname = span[-1].text
        for mention in self.resolution.actors:
            if mention.start >= start:
                break
            known = mention.actor.name
            if mention.kind == "person" and known and surname in known.split():
                return dataclasses.replace(mention.actor), mention
        left = self.doc[first].idx
        before = [m for m in self.resolution.actors if left - 2 <= m.end <= left]
        if before:
            described = max(before, key=lambda m: m.end - m.start)
            return dataclasses.replace(described.actor, name=name, anonymous=False), described
        return Actor(name=name), None

    def _fallback(self, description: str, start: int) -> Actor | None:
        """A span the resolver has no mention for: its sector and anonymity from the speaker
        word lists ("A man whose brother was killed", "The ombudsman"); country by ``_fill``."""
        words = speaker_words()
        core = RELATIVE.sub("", description)
        sector = next((sec for sec, pattern in words.fallback if pattern.search(core)), None)
        if sector is None and not re.search(r"[a-z]", _head_word(description)):
            return None  # no words to go on (a number, a stray mark)
        anonymous = _head_word(description) in words.fallback_anonymous
        return Actor(sector=sector, anonymous=anonymous)

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

    def _body_role(self, start: int, end: int) -> str | None:
        """What an unnamed body is, for telling two bodies of one state apart ("Interior
        Ministry" and "ombudsman office" are both PER GOV): the description's words without
        its article, its states, possessive endings and any clause after it."""
        text = self.text[start:end]
        for inner in self.resolution.actors_within(start, end):
            if inner.kind in ("country", "metonym"):
                a, b = inner.start - start, inner.end - start
                text = text[:a] + " " * (b - a) + text[b:]
        text = RELATIVE.sub("", text).split(",")[0]
        words = re.findall(r"[\w-]+", re.sub(r"[’']s\b", " ", text))
        words = [w for w in words if w.lower() not in ("the", "a", "an")]
        return " ".join(words) or None

    # ------------------------------------------------------------------ corrections
    def _correct(self, actor: Actor, description: str) -> Actor:
        """Speaker-specific corrections of the resolver's sector (``speech_actors.yaml``)."""
        words = speaker_words()
        core = RELATIVE.sub("", description)
        if actor.name:
            core = core.replace(actor.name, " ")
        tokens = re.findall(r"[\w-]+", core)  # "union", never the "European Union"
        default_sector = actor.sector is None or (actor.name is not None and _default_role(actor))
        if actor.sector not in ("IGO",) and _speaks_for_government(core, words):
            actor.sector = "GOV"
            return actor
        if words.ngo_words.search(core) and actor.sector not in ("IGO", "NGO"):
            if actor.name is None or default_sector:
                actor.sector = "NGO"
                actor.anonymous = actor.anonymous and actor.name is None
                return actor
        for pattern, sector in words.phrase_sectors:
            if pattern.search(core):
                actor.sector = sector
                return actor
        for n, word in enumerate(tokens):
            if word in words.union_heads and (actor.name is None or default_sector):
                members = [words.union_sectors.get(w.lower()) for w in tokens[:n]]
                actor.sector = next((m for m in reversed(members) if m), "CVL")
                actor.anonymous = False if actor.name is None else actor.anonymous
                return actor
        return actor

    def _appositive(self, actor: Actor, description: str, start: int, end: int) -> Actor:
        """What the description after the name says: "X, a Myanmar rights group" gives the
        country, "X, known as the White Helmets" the sector, "Y, an elder from the village" a
        person's sector (the fallback words); only fields the resolver left empty."""
        comma = description.find(",")
        if comma < 0:
            return actor
        a_start = start + comma + 1
        inside = [
            m
            for m in self.resolution.actors_within(a_start, end)
            if m.kind not in ("pronoun",) and (m.actor.country or m.actor.sector)
        ]
        if inside:
            described = max(inside, key=lambda m: (m.end - m.start, -m.start))
            if actor.country is None and actor.sector != "IGO" and described.actor.sector != "IGO":
                actor.country = described.actor.country
            if actor.sector is None and described.kind != "country":
                actor.sector = described.actor.sector
        if actor.sector is None:
            core = RELATIVE.sub("", description[comma + 1 :])
            words = speaker_words()
            actor.sector = next(
                (sec for sec, pattern in words.fallback if pattern.search(core)), None
            )
        return actor

    def _fill(
        self, actor: Actor, description: str, start: int, mention: ActorMention | None
    ) -> Actor:
        """What a speaker needs and the resolver leaves empty: a country (the sentence's place,
        else the document's main country; a named person, the main country) and a sector (GOV
        for a named person). A null country the resolver gave a described phrase (an
        international body, an unnamed envoy) stays null; so do IGO and known stateless bodies.
        """
        resolver_kept_null = mention is not None and mention.kind not in ("person", "name")
        if actor.country is None and not resolver_kept_null and not _stateless(actor):
            if not actor.name:
                actor.country = self._sentence_country(start)
            actor.country = actor.country or self.focus_country()
        if actor.sector is None and actor.name:
            actor.sector = "GOV"
        if actor.name is None and _head_word(description) in speaker_words().fallback_anonymous:
            actor.anonymous = True  # unnamed people ("residents", "witnesses") are anonymous
        return actor


def _speaks_for_government(core: str, words: SpeakerWords) -> bool:
    """A description whose role words make its speaker a government's: the body as the head
    ("Afghanistan's Taliban administration") or a spokesman/official of one ("government
    spokesman Colonel X", "a spokesman for the interior ministry"), never "anti-government"."""
    text = re.sub(r"\banti-\w+", " ", core.split(",")[0])
    found = list(words.government_bodies.finditer(text))
    if not found:
        return False
    head = _head_word(text)
    if words.government_bodies.fullmatch(head):
        return True
    tokens = [t.lower() for t in re.findall(r"[\w'’-]+", text)]
    return any(t in words.spokes_roles for t in tokens)


def _stateless(actor: Actor) -> bool:
    """International bodies, and names the gazetteer knows without a country, keep none."""
    if actor.sector == "IGO":
        return True
    entries = load_gazetteer().entries(actor.name or "")
    return bool(entries) and all(e.country is None for e in entries)


def _default_role(actor: Actor) -> bool:
    """A person whose sector is the resolver's default (no role, or a role without a sector of
    its own: "leader", "spokesman", "member")."""
    if actor.role is None:
        return actor.sector in (None, "GOV")
    role = load_gazetteer().roles.get(actor.role.lower())
    return role is not None and role[1] is None and actor.sector == "GOV"


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
