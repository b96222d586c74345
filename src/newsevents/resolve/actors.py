"""Actor mentions: every noun phrase of a body that names or refers back to an actor.

Two steps, as in spaCy's rulers: *find* (gazetteer matches, noun-phrase heads, PERSON entities)
and then *decide* (one :class:`~newsevents.records.Actor` per phrase), in this order:

1. every gazetteer hit (country, demonym, capital in an actor position, seat of power, named
   organisation) becomes a mention of its own;
2. every noun-phrase head (subject, object, possessor, apposition...) is analysed from the tokens
   of its phrase: a person name, a role ("Foreign Minister"), an institution ("health ministry"),
   a collective ("protesters"), an anonymous head ("a source"), with the country and sector given
   by modifiers ("Turkish", "Lebanon's", "SDF", "military"), then by "of/for X" and appositions;
3. phrases that still lack a country take the document's focus country (the most mentioned one),
   except unnamed diplomats and people named without any description;
4. coreference in document order: a later surname ("Cavusoglu") or role ("the minister") joins the
   last compatible person; "he/she/his" the last person; "it/its" the last organisation or state in
   this or the previous sentence; "they/their" the last plural group there.

Mention spans cover the whole phrase, so an outer phrase ("Lebanon's health ministry") contains
inner ones ("Lebanon"); :meth:`Resolution.actor_for_token` picks the outermost.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from newsevents.annotate.pipeline import doc_text
from newsevents.records import Actor
from newsevents.resolve.frames import frame_words
from newsevents.resolve.gazetteer import (
    CAPITAL,
    COUNTRY,
    DEMONYM,
    METONYM,
    ORG_KINDS,
    REGION,
    Entry,
    Gazetteer,
    city_index,
)
from newsevents.resolve.mentions import ActorMention

log = logging.getLogger(__name__)

# Dependency labels of a phrase that takes part in a clause as an actor could.
ACTOR_DEPS = frozenset(
    {"nsubj", "nsubjpass", "dobj", "dative", "agent", "poss", "appos", "attr", "oprd", "ROOT",
     "npadvmod", "conj", "pobj", "iobj", "csubj"}
)  # fmt: skip
# Prepositions whose object is a place rather than an actor ("in Moscow", "to Ankara").
LOCATIVE_PREPS = frozenset(
    {"in", "at", "to", "into", "from", "near", "outside", "inside", "across", "around", "through",
     "via", "within", "throughout", "toward", "towards", "onto", "off", "along", "beyond", "of",
     "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "until",
     "since", "after", "before", "during", "over", "under", "above", "below", "outskirts"}
)  # fmt: skip
# Left-side dependents that belong to a noun phrase.
NP_LEFT_DEPS = frozenset(
    {"det", "amod", "compound", "poss", "nummod", "quantmod", "nmod", "predet", "nn", "flat"}
)  # fmt: skip
NP_RIGHT_DEPS = frozenset({"case", "compound", "flat"})
# Words after "X-" that make "X" a backer, not the phrase's own country ("Turkish-backed").
HYPHEN_AFFILIATION = frozenset(
    {"backed", "led", "based", "born", "allied", "aligned", "controlled", "held", "run",
     "supported", "sponsored", "brokered", "mediated", "made", "built", "funded", "occupied",
     "linked", "owned"}
)  # fmt: skip
# Heads that stand for their "of" object ("dozens of protesters", "members of the RSF").
PARTITIVES = frozenset(
    {"dozens", "hundreds", "thousands", "scores", "tens", "millions", "some", "many", "several",
     "most", "all", "both", "members", "member", "one", "two", "three", "group", "number",
     "majority", "handful", "rest", "each", "none", "elements", "units", "unit", "remnants"}
)  # fmt: skip
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
THING_PRONOUNS = frozenset({"it", "its", "itself"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "themselves", "theirs"})
# A description with these heads keeps a null country when the text gives none (foreign envoys).
NO_CONTEXT_COUNTRY = frozenset(
    {"diplomat", "diplomats", "envoy", "envoys", "mediator", "mediators"}
)
# Sectors of named bodies that win over a role's own sector ("Hamas leader", "UN envoy").
STATE_SECTORS = frozenset({"GOV", "LEG", "JUD", "MIL", "COP"})
ENTITY_SECTOR_WINS = frozenset({"NSA", "IGO", "NGO", "MED", "PTY"})
# Name words that give an unknown organisation its sector (checked in this order).
# Last words of names that are documents or meetings, not actors ("the Non-Proliferation Treaty").
NOT_ACTOR_NAMES = frozenset(
    {"treaty", "agreement", "accord", "accords", "convention", "protocol", "plan", "deal",
     "initiative", "act", "resolution", "summit", "conference", "forum", "games", "cup",
     "programme", "program", "process", "talks", "declaration", "charter", "corridor"}
)  # fmt: skip
# Unknown organisation names that are international: "World ...", "International ...".
INTERNATIONAL_WORDS = frozenset({"international", "world", "global", "united"})
IGO_WORDS = frozenset(
    {"organization", "organisation", "agency", "fund", "bank", "court", "programme"}
)
ORG_NAME_SECTORS = (
    ("ministry", "GOV"), ("government", "GOV"), ("police", "COP"), ("gendarmerie", "COP"),
    ("intelligence", "COP"), ("army", "MIL"), ("armed", "MIL"), ("navy", "MIL"), ("court", "JUD"),
    ("parliament", "LEG"), ("assembly", "LEG"), ("party", "PTY"), ("movement", "PTY"),
    ("front", "NSA"), ("brigades", "NSA"), ("brigade", "NSA"), ("militia", "NSA"),
    ("news", "MED"), ("agency", "GOV"), ("tv", "MED"), ("television", "MED"), ("radio", "MED"),
    ("times", "MED"), ("post", "MED"), ("observatory", "NGO"), ("crescent", "NGO"),
    ("cross", "NGO"), ("watch", "NGO"), ("foundation", "NGO"), ("network", "NGO"),
    ("union", "CVL"), ("association", "NGO"), ("committee", "NGO"), ("company", "BUS"),
    ("corporation", "BUS"), ("bank", "BUS"), ("church", "REL"), ("forces", "MIL"),
)  # fmt: skip
NAME_LABELS = frozenset({"ORG", "NORP", "PERSON"})
# Titles that name one country's office when the text gives no country.
ROLE_COUNTRY = {
    "Defense Secretary": "USA", "Secretary of State": "USA", "Defence Secretary": "GBR",
    "Foreign Secretary": "GBR", "Home Secretary": "GBR",
}  # fmt: skip
# Armed and security sectors whose generic phrases ("the military", "militants", "police") take
# the country of the last phrase of that sector that named one, else a place in their sentence.
CONTEXT_SECTORS = frozenset({"MIL", "COP", "NSA"})
# "his country's forces": possessed nouns that stand for the possessor's state.
OWN_STATE_NOUNS = frozenset({"country", "nation", "government", "state"})
FOCUS_FIRST_SENTENCE_WEIGHT = 2  # the lead names the story's country more reliably
PRONOUN_SENTENCE_WINDOW = 1  # it/they look back this many sentences; he/she further
PERSON_SENTENCE_WINDOW = 6


@dataclass(slots=True)
class Hit:
    """A gazetteer match over tokens [start, end)."""

    start: int
    end: int
    text: str
    entry: Entry


@dataclass(slots=True)
class Phrase:
    """An analysed noun phrase over tokens [start, end) with head token ``head``."""

    head: int
    start: int
    end: int
    kind: str
    actor: Actor
    country_explicit: bool = False
    sector_explicit: bool = False
    plural: bool = False
    person_name: str | None = None
    context_ok: bool = True  # may take the focus country
    links: list[int] = field(default_factory=list)  # heads of phrases it was merged with
    # "American and British warships": one actor per coordinated modifier (the first is actor)
    coordinated: list[Actor] = field(default_factory=list)


def _entry_kind(entry: Entry) -> str:
    if entry.kind in (COUNTRY, DEMONYM):
        return "country"
    if entry.kind in (CAPITAL, METONYM):
        return "metonym"
    if entry.kind == "group":
        return "group"
    return "organization"


def _first_conjunct(tok: Any) -> Any:
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head
    return tok


def is_actor_position(tok: Any) -> bool:
    """Whether a place-like name acts ("Ankara said", "accused Moscow") rather than locates."""
    first = _first_conjunct(tok)
    dep = first.dep_
    if dep == "pobj":
        return first.head.lower_ not in LOCATIVE_PREPS
    if dep in ("compound", "amod", "nmod", "nn"):
        return False
    if dep == "appos" and first.head.ent_type_ in ("GPE", "LOC", "FAC"):
        return False  # "Ouallam, Niger": the country locates the town
    return dep in ACTOR_DEPS


def np_bounds(head: Any) -> tuple[int, int]:
    """Token bounds [start, end) of the noun phrase headed by ``head``."""
    start = head.i
    for child in head.lefts:
        if child.dep_ in NP_LEFT_DEPS:
            start = min(start, child.left_edge.i)
    end = head.i
    for child in head.rights:
        if child.dep_ in NP_RIGHT_DEPS:
            end = max(end, child.right_edge.i)
    doc = head.doc
    while start < head.i and (doc[start].is_punct or doc[start].is_space):
        start += 1
    return start, end + 1


def _phrases(words: list[str], lemmas: list[str], table: dict[str, Any], maxlen: int):
    """All (i, j, value) n-gram matches of ``table`` in the word list, longest first."""
    out = []
    n = len(words)
    for size in range(min(maxlen, n), 0, -1):
        for i in range(0, n - size + 1):
            key = " ".join(words[i : i + size])
            value = table.get(key)
            if value is None and lemmas[i + size - 1] != words[i + size - 1]:
                key = " ".join([*words[i : i + size - 1], lemmas[i + size - 1]])
                value = table.get(key)
            if value is not None:
                out.append((i, i + size, value))
    return out


class ActorResolver:
    """Resolve every actor mention of one parsed document."""

    def __init__(self, gaz: Gazetteer, doc: Any, hits: list[Hit]) -> None:
        self.gaz = gaz
        self.doc = doc
        self.hits = hits
        self.hit_at: dict[int, Hit] = {}
        for hit in hits:
            for i in range(hit.start, hit.end):
                self.hit_at[i] = hit
        self.ent_at: dict[int, Any] = {}
        for ent in doc.ents:
            for i in range(ent.start, ent.end):
                self.ent_at[i] = ent
        self.sent_of: dict[int, int] = {}
        for n, sent in enumerate(doc.sents):
            for i in range(sent.start, sent.end):
                self.sent_of[i] = n
        self.focus = self._focus_country()
        self._phrases: dict[int, Phrase] = {}
        self.place_tokens: set[int] = set()  # framed place names and their place nouns

    def skip_places(self, frames: list[Any]) -> None:
        """Never analyse the tokens of framed places ("the village of Kfar Kila") as actors."""
        for frame in frames:
            self.place_tokens.update(range(frame.start, frame.end))
            if frame.noun is not None:
                self.place_tokens.add(frame.noun)

    # -- find --------------------------------------------------------------------------------
    def _focus_country(self) -> str | None:
        counts: Counter[str] = Counter()
        first: dict[str, int] = {}
        for hit in self.hits:
            country = hit.entry.country
            if not country or self._is_affiliation_hyphen(hit):
                continue
            weight = FOCUS_FIRST_SENTENCE_WEIGHT if self.sent_of.get(hit.start, 1) == 0 else 1
            counts[country] += weight
            first.setdefault(country, hit.start)
        if not counts:
            return None
        return max(counts, key=lambda c: (counts[c], -first[c]))

    def _is_affiliation_hyphen(self, hit: Hit) -> bool:
        doc = self.doc
        return (
            hit.end + 1 < len(doc)
            and doc[hit.end].text in ("-", "–")
            and doc[hit.end + 1].lower_ in HYPHEN_AFFILIATION
        )

    def _place_country(self, tok: Any) -> str | None:
        """Country of a city or region used as a modifier ("Basra health official")."""
        hit = self.hit_at.get(tok.i)
        if hit and hit.entry.kind in (REGION, CAPITAL, COUNTRY) and hit.entry.country:
            return hit.entry.country
        if hit is None and tok.ent_type_ == "GPE" and tok.pos_ == "PROPN":
            ent = self.ent_at.get(tok.i)
            cities = city_index().get(ent.text if ent is not None else tok.text)
            if cities:
                return max(cities, key=lambda c: (c.exact, c.population)).country
        return None

    def _coordinated(self, tokens: Any, actor: Actor, own: str | None) -> list[Actor]:
        """One actor per coordinated state or body modifying a head ("Saudi and Omani
        delegations", "Israeli and Hamas negotiators"); empty unless there are two or more.

        A state takes the head's own sector (``own``, else the phrase's, else GOV); a named
        body keeps its own country and sector.
        """
        run: list[Hit] = []
        expect_hit = True
        for tok in tokens:
            hit = self.hit_at.get(tok.i)
            if hit is not None and hit.start != tok.i:
                continue  # inside a multi-word name already taken
            if hit is not None and (
                hit.entry.kind in (COUNTRY, DEMONYM, CAPITAL) or hit.entry.kind in ORG_KINDS
            ):
                if not expect_hit and run:
                    run = []  # "Syrian Kurdish and ..." restarts at a new run
                if self._is_affiliation_hyphen(hit):
                    run, expect_hit = [], True
                    continue
                run.append(hit)
                expect_hit = False
                continue
            if tok.lower_ in (",", "and", "or", "&") and run:
                expect_hit = True
                continue
            if len(run) >= 2:
                break
            run, expect_hit = [], True
        if len(run) < 2:
            return []
        out: list[Actor] = []
        for hit in run:
            entry = hit.entry
            if entry.kind in ORG_KINDS:
                candidate = Actor(name=entry.name, country=entry.country, sector=entry.sector)
            else:
                sector = own or (actor.sector if actor.sector not in ENTITY_SECTOR_WINS else None)
                candidate = dataclasses.replace(
                    actor, country=entry.country, sector=sector or "GOV", name=None
                )
            if candidate not in out:
                out.append(candidate)
        return out if len(out) >= 2 else []

    def _named_place_noun(self, head: Any) -> bool:
        """A place noun ("province", "town") named by a place or proper-name modifier."""
        if head.lower_ not in frame_words().place_nouns:
            return False
        for child in head.lefts:
            if child.dep_ not in ("compound", "nmod", "amod"):
                continue
            hit = self.hit_at.get(child.i)
            if hit is not None and hit.entry.kind in (REGION, CAPITAL, COUNTRY):
                return True
            if hit is None and child.pos_ == "PROPN":
                return True
        return False

    # -- decide ------------------------------------------------------------------------------
    def analyse(self, head: Any) -> Phrase | None:
        """The actor of the noun phrase headed by ``head``, from its own tokens only."""
        if head.pos_ == "PRON":
            return None
        start, end = np_bounds(head)
        doc = self.doc
        gaz = self.gaz
        head_hit = self.hit_at.get(head.i)
        plural = head.tag_ in ("NNS", "NNPS")

        if head_hit is not None and head_hit.entry.kind == REGION:
            return None  # "Idlib province", "the Gaza Strip": a place, not an actor
        if self._named_place_noun(head):
            return None  # "North Kivu province", "the Basra district"
        if head_hit is not None:
            entry = head_hit.entry
            root = next(
                (t for t in doc[head_hit.start : head_hit.end] if not
                 (head_hit.start <= t.head.i < head_hit.end) or t.head is t),
                head,
            )  # fmt: skip
            if root.i != head.i:
                return None  # the name's other words are analysed with its syntactic root
            start = min(start, head_hit.start)
            if start > 0 and doc[start - 1].lower_ == "the":
                start -= 1
            end = max(end, head_hit.end)
            if entry.kind in (COUNTRY, CAPITAL) and not is_actor_position(head):
                return None
            if entry.kind == DEMONYM:
                if head.pos_ not in ("NOUN", "PROPN"):
                    return None
                sector = "CVL" if head.pos_ in ("NOUN", "PROPN") else "GOV"
                actor = Actor(country=entry.country, sector=sector)
                return Phrase(head.i, start, end, "group", actor, True, True, True)
            name = entry.name if entry.kind in ORG_KINDS else None
            country = entry.country
            if entry.kind == "organization" and entry.sector in STATE_SECTORS:
                # "Peru's Congress", "the Venezuelan Senate": the modifier names the state
                for t in doc[start : head_hit.start]:
                    hit = self.hit_at.get(t.i)
                    if hit and hit.entry.kind in (COUNTRY, DEMONYM, CAPITAL):
                        country, name = hit.entry.country, None
                        break
            actor = Actor(name=name, country=country, sector=entry.sector)
            phrase = Phrase(head.i, start, end, _entry_kind(entry), actor, True, True, plural)
            # "the Houthi leaders": a named body as modifier of a collective head
            return phrase

        tokens = doc[start:end]
        words = [t.lower_ for t in tokens]
        lemmas = [t.lemma_.lower() for t in tokens]
        hpos = head.i - start

        # person name
        person_name = None
        ent = self.ent_at.get(head.i)
        if ent is not None and ent.label_ == "PERSON" and head_hit is None:
            name_tokens = [t for t in ent if t.i >= start]
            while name_tokens and (
                gaz.roles.get(name_tokens[0].lower_) or self.hit_at.get(name_tokens[0].i)
            ):
                name_tokens = name_tokens[1:]
            if name_tokens:
                person_name = doc[name_tokens[0].i : name_tokens[-1].i + 1].text
        desc_end = hpos + 1
        if person_name:
            desc_end = ent.start - start if ent.start >= start else 0

        roles = _phrases(words[:desc_end], lemmas[:desc_end], gaz.roles, gaz.max_role_len)
        insts = _phrases(words[:desc_end], lemmas[:desc_end], gaz.institutions, gaz.max_inst_len)
        colls = _phrases(words[:desc_end], lemmas[:desc_end], gaz.collectives, gaz.max_inst_len)

        def covering(found: list, pos: int):
            return next((f for f in found if f[0] <= pos < f[1]), None)

        head_role = covering(roles, hpos) if not person_name else None
        head_inst = covering(insts, hpos) if not person_name else None
        head_coll = covering(colls, hpos) if not person_name else None
        desc_role = roles[0] if person_name and roles else None
        # the rightmost role before the name is the person's role ("Foreign Minister")
        if person_name and roles:
            desc_role = max(roles, key=lambda r: (r[1], r[1] - r[0]))

        # modifiers: countries, named bodies, sector words
        country = None
        entity: Entry | None = None
        for t in tokens:
            if t.i == head.i and not person_name:
                continue
            if person_name and t.i >= start + desc_end:
                break
            hit = self.hit_at.get(t.i)
            if hit is None or hit.start != t.i:
                continue
            kind = hit.entry.kind
            if self._is_affiliation_hyphen(hit):
                continue
            if kind in (COUNTRY, DEMONYM, CAPITAL) and country is None:
                country = hit.entry.country
            elif kind in ORG_KINDS or kind == METONYM:
                entity = entity or hit.entry
            elif kind == REGION and country is None and hit.entry.country:
                country = hit.entry.country
        if country is None:
            for t in tokens[:hpos]:
                if t.ent_type_ == "GPE" and not self.hit_at.get(t.i):
                    country = self._place_country(t)
                    if country:
                        break
        modsec = None
        for t in tokens[:desc_end]:
            if t.i != head.i:
                modsec = modsec or gaz.modifier_sectors.get(t.lower_)

        anonymous_head = head.lower_ in gaz.anonymous or head.lemma_.lower() in gaz.anonymous
        if person_name:
            kind = "person"
        elif head.lower_ in PARTITIVES and any(
            c.dep_ == "prep" and c.lower_ == "of" for c in head.rights
        ):
            kind = "partitive"
        elif plural and (head_coll is not None or head_inst is not None):
            kind = "group" if head_coll is not None or head_role is not None else "organization"
        elif head_role is not None and not (head_inst and head_inst[1] - head_inst[0] > 1):
            kind = "anonymous" if anonymous_head else "role"
        elif anonymous_head:
            kind = "anonymous"
        elif head_inst is not None:
            kind = "organization"
        elif head_coll is not None:
            kind = "group"
        elif head.lower_ in PARTITIVES or head.lemma_ in PARTITIVES:
            kind = "partitive"
        elif (
            head.pos_ == "PROPN"
            and entity is None
            and (ent is None or (ent.label_ in NAME_LABELS and ent.root.i == head.i))
            and head.is_alpha
            and head.lower_ not in NOT_ACTOR_NAMES
        ):
            # a bare name: a known person's surname, or an organisation (decided by coreference)
            kind = "name"
            person_name = " ".join(t.text for t in tokens if t.pos_ == "PROPN" and t.i >= start)
        elif (
            country is None
            and entity is None
            and _pronoun_possessor(head) is not None
            and (modsec in ("MIL", "COP") or any(f[2] in ("MIL", "COP") for f in insts))
        ):
            kind = "organization"  # "its army positions": the owner's forces (by coreference)
        elif entity is not None or (country and modsec in ("MIL", "COP")):
            # "Hezbollah positions", "Turkish military positions": the body behind the thing
            if entity is None and not any(
                self.hit_at.get(t.i) and self.hit_at[t.i].entry.kind in (COUNTRY, DEMONYM)
                for t in tokens
            ):
                return None
            if entity is not None and head.pos_ != "PROPN":
                return None
            kind = "organization"
        else:
            return None

        # sector
        sector = None
        role_name = None
        role_entry = head_role or desc_role
        if role_entry is not None:
            role_name, sector = role_entry[2]
            if person_name or kind in ("role", "anonymous"):
                span = tokens[role_entry[0] : role_entry[1]]
                if head_role is None or role_entry[1] - role_entry[0] > 0:
                    role_name = " ".join(_cap(t.text) for t in span)
        inst_sector = None
        if head_inst is not None:
            inst_sector = head_inst[2]
        elif insts:
            inst_sector = insts[-1][2]
        if entity is not None and entity.sector in ENTITY_SECTOR_WINS:
            sector = entity.sector
        elif sector is None:
            if head_inst is not None:
                sector = head_inst[2]
            elif inst_sector is not None:
                sector = inst_sector
            elif modsec is not None:
                sector = modsec
            elif head_coll is not None:
                sector = head_coll[2]
            elif entity is not None:
                sector = entity.sector
        if kind == "name":
            sector = _org_name_sector(words) if ent is not None and ent.label_ == "ORG" else None
            role_name = None
        if kind == "organization" and sector is None and head_inst is None:
            sector = _org_name_sector(words) or modsec
        if sector is None and kind == "group" and head_coll is not None:
            sector = head_coll[2]
        sector_explicit = sector is not None
        if sector is None and (kind in ("role", "anonymous") or (person_name and role_entry)):
            sector = "GOV"

        country_explicit = country is not None
        if country is None and role_entry is not None:
            country = ROLE_COUNTRY.get(role_entry[2][0])
        if entity is not None and country is None:
            country = entity.country
            country_explicit = True
        actor = Actor(
            name=person_name if kind == "person" else None,
            role=role_name if (person_name or kind in ("role", "anonymous")) else None,
            country=country,
            sector=sector,
            anonymous=kind == "anonymous",
        )
        if kind == "organization" and entity is not None and head.pos_ == "PROPN" and not insts:
            actor.name = entity.name
        phrase = Phrase(head.i, start, end, kind, actor, country_explicit, sector_explicit, plural)
        phrase.person_name = person_name
        if not person_name and kind in ("organization", "group", "anonymous", "role"):
            own = (role_entry[2][1] if role_entry else None) or inst_sector or modsec
            if own is None and head_coll is not None:
                own = head_coll[2]
            phrase.coordinated = self._coordinated(tokens[:hpos], actor, own)
            if phrase.coordinated:
                phrase.actor = actor = phrase.coordinated[0]
                phrase.country_explicit = True
        if kind == "name" and not country_explicit:
            phrase.context_ok = False
            return phrase
        phrase.context_ok = not (
            (kind == "anonymous" and head.lower_ in NO_CONTEXT_COUNTRY)
            or (person_name and role_entry is None and not sector_explicit)
            or (entity is not None and entity.country is None)
        )
        return phrase

    def resolve(self) -> list[ActorMention]:
        doc = self.doc
        phrases: dict[int, Phrase] = {}
        for tok in doc:
            if tok.pos_ not in ("NOUN", "PROPN", "NUM") and tok.lower_ not in PARTITIVES:
                continue
            if tok.dep_ in ("compound", "amod", "flat", "nn", "nmod"):
                continue  # analysed with the head of its phrase
            if tok.i in self.place_tokens:
                continue
            phrase = self.analyse(tok)
            if phrase is not None:
                phrases[tok.i] = phrase
        self._phrases = phrases
        self._link_partitives(phrases)
        self._link_prepositions(phrases)
        self._link_appositions(phrases)
        self._fill_countries(phrases)
        mentions = self._corefer(phrases)
        mentions.extend(self._hit_mentions(phrases))
        mentions.sort(key=lambda m: (m.start, -(m.end - m.start)))
        return mentions

    # -- context countries ------------------------------------------------------------------
    def _fill_countries(self, phrases: dict[int, Phrase]) -> None:
        """A country for generic phrases ("the military", "militants", "people") from context.

        Victims ("people", "civilians": ``place_victims`` of roles.yaml) take the country of the
        nearest place in their sentence. Armed and security bodies: if definite ("the military",
        "the group"), the last phrase of the same sector that named its country within a few
        sentences ("the military" after "the Israeli army"); else a place in their sentence
        ("eight militants in Jurf al-Sakhar"). Everything else, roles and persons included,
        takes the focus country.
        """
        last: dict[str, tuple[int, str]] = {}  # sector -> (sentence, country) last named
        for head_i in sorted(phrases):
            phrase = phrases[head_i]
            actor = phrase.actor
            sent = self.sent_of.get(head_i, 0)
            if phrase.country_explicit:
                if actor.country and actor.sector and phrase.kind != "country":
                    last[actor.sector] = (sent, actor.country)
                continue
            if actor.country is not None or not phrase.context_ok:
                continue
            if phrase.kind not in ("organization", "group", "role", "anonymous", "person"):
                continue
            if phrase.kind == "person" and not actor.role:
                continue
            country = None
            sector = actor.sector
            head = self.doc[head_i]
            generic = phrase.kind in ("organization", "group", "anonymous") and not any(
                c.dep_ == "poss" for c in head.lefts
            )  # "its fighters", "his country's forces" take their owner's country later
            if generic and head.lower_ in self.gaz.place_victims:
                country = self._sentence_place_country(head_i)
            elif generic and sector in CONTEXT_SECTORS:
                if sector in last and sent - last[sector][0] <= PERSON_SENTENCE_WINDOW:
                    if self.doc[phrase.start].lower_ == "the":
                        country = last[sector][1]
                country = country or self._sentence_place_country(head_i)
            actor.country = country or self.focus

    def _sentence_place_country(self, head_i: int) -> str | None:
        """The country of the place nearest to a token in its sentence ("in Lebanon")."""
        sent = self.doc[head_i].sent
        best: tuple[int, str] | None = None
        for hit in self.hits:
            if not (sent.start <= hit.start < sent.end) or not hit.entry.country:
                continue
            if hit.entry.kind not in (COUNTRY, CAPITAL, REGION):
                continue
            tok = self.doc[hit.end - 1]
            if hit.entry.kind != REGION and (
                is_actor_position(tok) or tok.dep_ in ("poss", "amod", "compound", "nmod")
            ):
                continue
            distance = abs(hit.start - head_i)
            if best is None or distance < best[0]:
                best = (distance, hit.entry.country)
        return best[1] if best else None

    # -- links between phrases --------------------------------------------------------------
    def _pobj_phrase(self, tok: Any, preps: tuple[str, ...], phrases: dict[int, Phrase]):
        for child in tok.rights:
            if child.dep_ == "prep" and child.lower_ in preps:
                for obj in child.rights:
                    if obj.dep_ == "pobj":
                        return child, obj, phrases.get(obj.i)
        return None, None, None

    def _link_partitives(self, phrases: dict[int, Phrase]) -> None:
        for head_i, phrase in list(phrases.items()):
            if phrase.kind != "partitive":
                continue
            tok = self.doc[head_i]
            _, obj, inner = self._pobj_phrase(tok, ("of",), phrases)
            if inner is None or inner.kind == "partitive":
                del phrases[head_i]
                continue
            phrase.kind = inner.kind
            phrase.actor = dataclasses.replace(inner.actor)
            phrase.coordinated = [phrase.actor, *inner.coordinated[1:]] if inner.coordinated else []
            phrase.country_explicit = inner.country_explicit
            phrase.context_ok = inner.context_ok
            phrase.plural = True
            phrase.end = max(phrase.end, inner.end)

    def _link_prepositions(self, phrases: dict[int, Phrase]) -> None:
        """ "the president of Iran", "a spokesman for the health ministry", "residents of Gaza"."""
        doc = self.doc
        for head_i, phrase in phrases.items():
            if phrase.kind not in ("role", "anonymous", "organization", "group", "person"):
                continue
            tok = doc[head_i]
            prep, obj, inner = self._pobj_phrase(tok, ("of", "for", "at", "from", "in"), phrases)
            if obj is None:
                continue
            if inner is None:
                # a place: "officials in Baghdad", "residents of Basra"
                if prep.lower_ in ("in", "of", "from") and not phrase.country_explicit:
                    country = self._place_country(obj) or self._country_of_hit(obj)
                    if country and phrase.kind in ("anonymous", "group", "role", "organization"):
                        phrase.actor.country = country
                        phrase.country_explicit = True
                continue
            if prep.lower_ == "in" and inner.kind not in ("country",):
                continue
            if not phrase.country_explicit and (inner.country_explicit or inner.kind == "country"):
                phrase.actor.country = inner.actor.country
                phrase.country_explicit = True
            inner_sector = inner.actor.sector
            if inner.kind in ("organization", "group", "metonym") and inner_sector:
                if not phrase.sector_explicit or inner_sector in ENTITY_SECTOR_WINS:
                    if phrase.kind != "group" or inner_sector in ENTITY_SECTOR_WINS:
                        phrase.actor.sector = inner_sector
                        phrase.sector_explicit = True
            if prep.lower_ in ("of", "for") and phrase.kind in (
                "role",
                "anonymous",
                "organization",
            ):
                phrase.end = max(phrase.end, obj.right_edge.i + 1)

    def _country_of_hit(self, tok: Any) -> str | None:
        hit = self.hit_at.get(tok.i)
        if hit and hit.entry.kind in (COUNTRY, CAPITAL, REGION):
            return hit.entry.country
        return None

    def _link_appositions(self, phrases: dict[int, Phrase]) -> None:
        """ "Reza Hosseini, the Iranian foreign ministry spokesman," and the reverse order."""
        doc = self.doc
        for head_i, phrase in list(phrases.items()):
            for child in doc[head_i].rights:
                if child.dep_ != "appos" or child.i not in phrases:
                    continue
                other = phrases[child.i]
                person, desc = (
                    (phrase, other) if phrase.kind == "person" else (other, phrase)
                )  # fmt: skip
                if person.kind != "person" or desc.kind == "person":
                    continue
                if desc.kind not in ("role", "anonymous", "organization", "group"):
                    continue
                actor = person.actor
                if desc.actor.role and not actor.role:
                    actor.role = desc.actor.role
                if desc.country_explicit and not person.country_explicit:
                    actor.country = desc.actor.country
                    person.country_explicit = True
                if desc.actor.sector and (not person.sector_explicit or desc.sector_explicit):
                    if desc.sector_explicit or actor.sector is None:
                        actor.sector = desc.actor.sector
                        person.sector_explicit = desc.sector_explicit
                person.context_ok = True
                desc.kind = "person"
                desc.actor = actor
                desc.person_name = person.person_name

    # -- coreference -----------------------------------------------------------------------
    def _corefer(self, phrases: dict[int, Phrase]) -> list[ActorMention]:
        doc = self.doc
        text = doc_text(doc)
        mentions: list[ActorMention] = []
        persons: list[tuple[int, Phrase]] = []  # (sentence, phrase) in order
        recent: list[tuple[int, Phrase]] = []  # non-person actors for it/they
        registry: dict[str, Actor] = {}  # surname or full name -> actor

        def emit(start: int, end: int, actor: Actor, kind: str) -> None:
            s, e = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
            mentions.append(ActorMention(s, e, text[s:e], actor, kind))

        resolved: dict[int, Phrase] = {}  # pronoun token -> antecedent phrase
        for tok in doc:
            sent = self.sent_of.get(tok.i, 0)
            phrase = phrases.get(tok.i)
            if phrase is not None:
                self._inherit_possessor(phrase, resolved)
                actor = phrase.actor
                if phrase.kind == "person" and phrase.person_name:
                    known = self._known_person(registry, phrase.person_name)
                    if known is not None:
                        _merge(known, actor)
                        actor = known
                    else:
                        actor = dataclasses.replace(actor)
                        for key in _name_keys(phrase.person_name):
                            registry.setdefault(key, actor)
                    phrase.actor = actor
                    persons.append((sent, phrase))
                elif phrase.kind == "name":
                    known = self._known_person(registry, phrase.person_name or "")
                    ent = self.ent_at.get(tok.i)
                    if known is not None:
                        phrase.actor = actor = known
                        phrase.kind = "person"
                        persons.append((sent, phrase))
                    elif (
                        ent is not None
                        and ent.label_ == "ORG"
                        and (len(ent) > 1 or actor.sector is not None)
                    ):
                        phrase.kind = "organization"
                        words = {t.lower_ for t in ent}
                        actor.name = ent.text[4:] if ent.text.startswith("the ") else ent.text
                        if words & INTERNATIONAL_WORDS and not any(
                            self.hit_at.get(t.i) for t in ent
                        ):
                            actor.sector = "IGO" if words & IGO_WORDS else "NGO"
                        elif actor.country is None and actor.sector not in ("IGO", "NGO"):
                            actor.country = self.focus
                        recent.append((sent, phrase))
                    else:
                        continue
                elif phrase.kind == "organization" and not phrase.country_explicit:
                    body = self._definite_body(tok, phrase)
                    if body is not None:
                        phrase.actor = Actor(
                            name=body.name, country=body.country, sector=body.sector
                        )
                    recent.append((sent, phrase))
                elif phrase.kind == "role" and not phrase.country_explicit:
                    antecedent = self._role_antecedent(persons, tok, sent)
                    if antecedent is not None:
                        phrase.actor = antecedent.actor
                        phrase.kind = "person"
                    persons.append((sent, phrase))
                elif phrase.kind in ("role",):
                    persons.append((sent, phrase))
                else:
                    recent.append((sent, phrase))
                emit(phrase.start, phrase.end, phrase.actor, phrase.kind)
                for other in phrase.coordinated[1:]:
                    emit(phrase.start, phrase.end, other, phrase.kind)  # same span, each state
                continue
            if tok.pos_ != "PRON":
                continue
            low = tok.lower_
            antecedent = None
            if low in PERSON_PRONOUNS:
                antecedent = next(
                    (p for s, p in reversed(persons) if sent - s <= PERSON_SENTENCE_WINDOW), None
                )
            elif low in THING_PRONOUNS and self._referential_it(tok):
                antecedent = next(
                    (
                        p
                        for s, p in reversed(recent)
                        if sent - s <= PRONOUN_SENTENCE_WINDOW
                        and p.kind in ("organization", "country", "metonym", "group")
                        and not p.plural
                    ),
                    None,
                )
            elif low in PLURAL_PRONOUNS:
                antecedent = next(
                    (
                        p
                        for s, p in reversed(recent)
                        if sent - s <= PRONOUN_SENTENCE_WINDOW and (p.plural or p.kind == "group")
                    ),
                    None,
                )
            if antecedent is not None:
                resolved[tok.i] = antecedent
                emit(tok.i, tok.i + 1, antecedent.actor, "pronoun")
        return mentions

    def _definite_body(self, tok: Any, phrase: Phrase) -> Entry | None:
        """ "the agency" after "the International Atomic Energy Agency": that named body."""
        if phrase.end - phrase.start > 3 or self.doc[phrase.start].lower_ != "the":
            return None
        word = tok.lower_
        for hit in reversed(self.hits):
            if hit.start >= phrase.start:
                continue
            if self.sent_of.get(tok.i, 0) - self.sent_of.get(hit.start, 0) > PERSON_SENTENCE_WINDOW:
                break
            if hit.entry.kind in ORG_KINDS and word in hit.text.lower().split():
                return hit.entry
        return None

    def _inherit_possessor(self, phrase: Phrase, resolved: dict[int, Phrase]) -> None:
        """ "its fighters" (Hamas), "his country's forces": the possessor's country and body."""
        if phrase.country_explicit or phrase.kind not in ("organization", "group", "role"):
            return
        for child in self.doc[phrase.head].lefts:
            owner = None
            by_pronoun = False
            if child.dep_ == "poss":
                owner = resolved.get(child.i) or self._phrases.get(child.i)
                by_pronoun = child.i in resolved
                if child.lower_ in OWN_STATE_NOUNS:
                    # "his country's forces": the country of whoever "his" is
                    inner = _pronoun_possessor(child)
                    if inner is not None and inner.i in resolved:
                        owner, by_pronoun = resolved[inner.i], True
            if (
                owner is None
                or owner.kind in ("country", "metonym")
                and owner.actor.country is None
            ):
                continue
            if not by_pronoun and owner.actor.sector not in ENTITY_SECTOR_WINS:
                continue  # "Lebanon's health ministry" already has its country from the hit
            if by_pronoun and owner.actor.country is None:
                continue
            phrase.actor = dataclasses.replace(phrase.actor, country=owner.actor.country)
            phrase.country_explicit = True
            if owner.actor.sector in ENTITY_SECTOR_WINS:
                phrase.actor.sector = owner.actor.sector
            return

    def _known_person(self, registry: dict[str, Actor], name: str) -> Actor | None:
        if name in registry:
            return registry[name]
        for key in _name_keys(name):
            if key in registry:
                return registry[key]
        return None

    def _role_antecedent(self, persons: list[tuple[int, Phrase]], tok: Any, sent: int):
        head = tok.lemma_.lower()
        for s, p in reversed(persons):
            if sent - s > PERSON_SENTENCE_WINDOW:
                break
            role = (p.actor.role or "").lower()
            if p.actor.name and head and head in role.split():
                return p
        return None

    def _referential_it(self, tok: Any) -> bool:
        if tok.lower_ == "its":
            return True
        if tok.dep_ not in ("nsubj", "nsubjpass"):
            return False
        verb = tok.head
        return verb.lemma_ not in ("be", "seem", "appear", "remain", "take", "rain", "matter")

    def _hit_mentions(self, phrases: dict[int, Phrase]) -> list[ActorMention]:
        """Gazetteer names inside longer phrases, as mentions of their own."""
        doc = self.doc
        heads = {(p.start, p.end) for p in phrases.values()}  # spans already emitted as phrases
        out = []
        for hit in self.hits:
            entry = hit.entry
            if entry.kind == REGION:
                continue
            head = doc[hit.end - 1]
            if head.i in phrases and phrases[head.i].start <= hit.start:
                continue
            if entry.kind in (COUNTRY, CAPITAL):
                tok = head
                in_np = tok.dep_ in ("compound", "amod", "nmod", "poss", "nn")
                if entry.kind == CAPITAL and not (is_actor_position(tok) or tok.dep_ == "poss"):
                    continue
                if entry.kind == COUNTRY and not (in_np or is_actor_position(tok)):
                    continue
            start = hit.start
            if start > 0 and doc[start - 1].lower_ == "the" and entry.kind not in (DEMONYM,):
                start -= 1
            end = hit.end
            if end < len(doc) and doc[end].dep_ == "case" and doc[end].head.i == hit.end - 1:
                end += 1
            if (start, end) in heads:
                continue
            s, e = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
            kind = _entry_kind(entry)
            if entry.kind == DEMONYM and head.pos_ in ("NOUN", "PROPN") and head.tag_ == "NNPS":
                actor = Actor(country=entry.country, sector="CVL")
                kind = "group"
            else:
                name = entry.name if entry.kind in ORG_KINDS else None
                actor = Actor(name=name, country=entry.country, sector=entry.sector)
            out.append(ActorMention(s, e, doc[start:end].text, actor, kind))
        return out


def _pronoun_possessor(tok: Any) -> Any | None:
    """The possessive pronoun of a noun ("its" in "its army positions"), or None."""
    return next((c for c in tok.lefts if c.dep_ == "poss" and c.tag_ == "PRP$"), None)


def _cap(word: str) -> str:
    return word if word[:1].isupper() else word[:1].upper() + word[1:]


def _org_name_sector(words: list[str]) -> str | None:
    found = set(words)
    for word, sector in ORG_NAME_SECTORS:
        if word in found:
            return sector
    return None


def _name_keys(name: str) -> list[str]:
    parts = [p for p in name.replace(",", " ").split() if p[:1].isupper()]
    keys = [name]
    if len(parts) > 1:
        keys.append(parts[-1])
        if parts[-1].lower() in ("jr", "jr.", "sr", "ii", "iii"):
            keys.append(parts[-2])
    return keys


def _merge(known: Actor, new: Actor) -> None:
    """Fill what the first mention of a person lacked from a later, fuller one."""
    for attr in ("role", "country", "sector"):
        if getattr(known, attr) is None and getattr(new, attr) is not None:
            setattr(known, attr, getattr(new, attr))


def find_hits(gaz: Gazetteer, doc: Any) -> list[Hit]:
    """Gazetteer matches of a document, each with its entry (the first for ambiguous names)."""
    out = []
    for start, end, text in gaz.match(doc):
        entries = gaz.entries(text)
        if not entries:
            continue
        entry = entries[0]
        if len(entries) > 1:  # prefer an organisation over a capital ("Brussels" -> EU)
            entry = next((e for e in entries if e.kind in ORG_KINDS), entries[0])
        out.append(Hit(start, end, text, entry))
    return out
