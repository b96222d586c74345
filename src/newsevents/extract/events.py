"""Event extraction: triggers + dependency patterns -> PLOVER events with status, place, date.

For each sentence: find trigger candidates (:mod:`~newsevents.extract.triggers`), drop the ones
that are not events of their own (the requested act inside "urged X to ...", a running toll,
a later denial of an event already told), merge the tokens of one incident ("struck ...,
killing ..."), then read off participants, status, reporter, place, date and casualties from the
parse and the document's :class:`~newsevents.resolve.mentions.Resolution`.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from newsevents.annotate.pipeline import AnnotatedDocument
from newsevents.extract.casualties import parse_count
from newsevents.extract.lexicon import Lexicon, load_lexicon
from newsevents.extract.triggers import (
    SUBJECT_DEPS,
    Trigger,
    children,
    find_triggers,
    future_modal,
    lemma,
    shot_dead,
)
from newsevents.records import Actor, Count, DateValue, Event, Evidence, Location, stable_id
from newsevents.resolve.dates import anchor as anchor_date
from newsevents.resolve.gazetteer import load_gazetteer
from newsevents.resolve.mentions import ActorMention, Resolution

log = logging.getLogger(__name__)

Token = Any
Span = Any

# Triggers whose complement is the act asked for, alleged, refused or backed: not an event.
EMBEDDING_TYPES = {"REQUEST", "ACCUSE", "REJECT", "SUPPORT", "THREATEN"}
EMBEDDING_PREPS = {"of", "for", "to", "into", "on"}
COMPLEMENT_DEPS = {"xcomp", "ccomp", "pcomp", "pobj", "prep", "dobj", "acl"}
TARGET_PREPS = {
    "CONSULT": {"with", "to"},
    "AGREE": {"with", "to"},
    "COOPERATE": {"with"},
    "SUPPORT": {"for", "to", "with"},
    "AID": {"to", "for"},
    "REQUEST": {"on", "upon"},
    "ACCUSE": {"against"},
    "THREATEN": {"against", "on", "at"},
    "PROTEST": {"against", "outside"},
    "SANCTION": {"on", "against", "to", "from"},
    "COERCE": {"on", "against"},
    "ASSAULT": {"on", "against", "at", "with", "into"},
    "RETREAT": {"to"},
    "REJECT": set(),
    "MOBILIZE": set(),
    "CONCEDE": {"to", "for"},
}
STATE_KINDS = {"country", "demonym", "adjective", "state", "metonym"}
QUANTITY_NOUNS = {
    "thousand", "thousands", "hundred", "hundreds", "dozen", "dozens", "ten", "tens", "score",
    "scores", "million", "millions", "some", "many", "group", "number", "crowd", "all", "most",
}  # fmt: skip
PLACE_NOUNS = {
    "town", "village", "city", "area", "region", "province", "district", "outskirts",
    "neighbourhood", "neighborhood", "territory", "capital", "street", "highway", "road",
    "border", "crossing", "port", "island", "market", "school", "hospital", "building",
}  # fmt: skip
# Which reporter sectors make an attack "claimed" for which source sector (its own side).
CLAIMING_SIDES = {"MIL": {"MIL", "GOV"}, "NSA": {"NSA"}, "COP": {"COP"}}
OWN_FORCE_NOUNS = {"troop", "soldier", "force", "unit", "battalion", "reinforcement", "personnel"}
FORCE_SOURCE_TYPES = {"ASSAULT"}
PLACE_RANK = {"point": 0, "city": 0, "admin1": 1, "region": 2, "country": 3, None: 4}
FUTURE_DATE_WORDS = ("next", "coming", "tomorrow", "later this", "upcoming")
TOLL_WORDS = {"since", "so far", "in total", "toll", "altogether", "overall"}
TOLL_SUBJECTS = {"war", "conflict", "unrest", "violence", "fighting", "crisis", "insurgency"}
DEATH_LEMMAS = {"kill", "die"}
INJURY_LEMMAS = {"wound", "injure", "hurt"}
QUOTED = re.compile(r"“[^”]*”?|\"[^\"]*\"?|«[^»]*»?")
VAGUE_VICTIMS = {"more", "others", "other"}


@dataclass(slots=True)
class Party:
    """An actor as the sentence names it; ``state`` marks a bare state ("Israel", "Turkish")."""

    actor: Actor
    state: bool = False


@dataclass(slots=True)
class SentenceContext:
    index: int
    span: Span
    doc_country: str | None
    quoted: list[tuple[int, int]]


# ---------------------------------------------------------------- actors


def _mention_for_token(token: Token, resolution: Resolution) -> ActorMention | None:
    """The outermost actor mention covering a token (the whole noun phrase, not a part of it)."""
    start, end = token.idx, token.idx + len(token.text)
    covering = [m for m in resolution.actors if m.start <= start and m.end >= end]
    if not covering:
        return None
    return max(covering, key=lambda m: (m.end - m.start, -m.start))


def _copy(actor: Actor, **changes: Any) -> Actor:
    return dataclasses.replace(actor, **changes)


def _modifier_mentions(head: Token, resolution: Resolution) -> list[ActorMention]:
    """Actor mentions among a noun's modifiers: "Turkish drones", "ministers of Russia"."""
    found: list[ActorMention] = []
    candidates: list[Token] = []
    for child in head.children:
        if child.dep_ in {"amod", "compound", "poss", "nmod", "npadvmod"} and child.i < head.i:
            candidates.extend([child, *child.conjuncts])
        elif child.dep_ == "prep" and child.lower_ in {"of", "from", "by"}:
            for pobj in children(child, "pobj"):
                candidates.extend([pobj, *pobj.conjuncts])
    for token in candidates:
        mention = _mention_for_token(token, resolution)
        if mention and mention not in found:
            found.append(mention)
    named = [m for m in found if m.kind != "pronoun"]
    return named if named else found


def actors_of(
    head: Token, resolution: Resolution, lexicon: Lexicon, with_conjuncts: bool = True
) -> list[Party]:
    """The actors a noun phrase names, one per coordinated head ("Russia, Syria and Iran")."""
    heads = [head, *head.conjuncts] if with_conjuncts else [head]
    actors: list[Party] = []
    for token in heads:
        if lemma(token) in {"who", "which", "that"} and token.head.dep_ == "relcl":
            token = token.head.head
        token = _through_quantity(token)
        mention = _mention_for_token(token, resolution)
        generic = lexicon.participant_nouns.get(lemma(token))
        if mention is not None and generic and _bare_noun(mention, token):
            actors.append(Party(_copy(mention.actor, sector=generic, name=None, role=None)))
            continue
        if mention is not None:
            if mention.actor.country or mention.actor.sector or mention.actor.name:
                actors.append(_party(mention))
                actors.extend(_of_conjuncts(token, mention, resolution))
            continue
        if token.pos_ == "PROPN":
            country = _country_named(token, resolution)
            if country:
                actors.append(Party(Actor(country=country, sector="GOV"), True))
                continue
        if lemma(token) in PLACE_NOUNS:
            continue  # "the town of X": a place, not a party
        modifiers = _modifier_mentions(token, resolution)
        sector = lexicon.participant_nouns.get(lemma(token)) or next(
            (
                lexicon.participant_nouns[lemma(c)]
                for c in token.children
                if c.dep_ == "compound" and lemma(c) in lexicon.participant_nouns
            ),
            None,
        )
        if modifiers:
            for m in modifiers:
                party = _party(m)
                if sector and (m.kind in STATE_KINDS or party.actor.sector in {None, "GOV"}):
                    party = Party(_copy(party.actor, sector=sector, name=None), False)
                actors.append(party)
        elif sector:
            actors.append(Party(Actor(country=None, sector=sector)))
    return _unique(actors)


def _bare_noun(mention: ActorMention, token: Token) -> bool:
    """The mention is just a generic noun ("officers", "the police"), not a named body."""
    words = [w for w in mention.text.lower().split() if w not in {"the", "a", "an", "some"}]
    return (
        len(words) <= 2 and words[-1:] == [token.lower_] and not any(w[:1].isdigit() for w in words)
    )


def _of_conjuncts(head: Token, mention: ActorMention, resolution: Resolution) -> list[Party]:
    """ "the ministers of Peru and Chile": the mention covers Peru; Chile shares its role."""
    extra: list[Party] = []
    for prep in children(head, "prep"):
        if prep.lower_ != "of":
            continue
        for pobj in children(prep, "pobj"):
            for conj in pobj.conjuncts:
                country = _country_named(conj, resolution)
                if country and country != mention.actor.country:
                    actor = _copy(mention.actor, country=country, name=None)
                    extra.append(Party(actor, False))
    return extra


def _country_named(token: Token, resolution: Resolution) -> str | None:
    """The country a single name token stands for, from its mention or the gazetteer."""
    other = _mention_for_token(token, resolution)
    if other is not None and other.actor.country:
        return other.actor.country
    entries = load_gazetteer().entries(token.text)
    return next((e.country for e in entries if e.country), None)


def _through_quantity(token: Token) -> Token:
    """ "thousands of truck drivers" -> "drivers"; "two of the group's fighters" -> "fighters"."""
    if lemma(token) in QUANTITY_NOUNS or token.pos_ == "NUM":
        for prep in children(token, "prep"):
            if prep.lower_ == "of":
                objects = children(prep, "pobj")
                if objects:
                    return objects[0]
    return token


def _party(mention: ActorMention) -> Party:
    actor = mention.actor
    state = mention.kind in STATE_KINDS or (
        mention.kind == "pronoun" and actor.sector == "GOV" and not actor.name and not actor.role
    )  # "it" standing for a state
    return Party(_copy(actor), state)


def _unique(parties: list[Party]) -> list[Party]:
    seen: set[tuple] = set()
    result = []
    for party in parties:
        actor = party.actor
        key = (actor.name, actor.country, actor.sector)
        if key not in seen:
            seen.add(key)
            result.append(party)
    return result


def _subject_of(token: Token) -> tuple[list[Token], bool]:
    """The subject tokens of a verb (inherited along conj/xcomp/advcl), and whether passive."""
    seen = 0
    original = token
    while token is not None and seen < 8:
        seen += 1
        subjects = children(token, "nsubj", "csubj")
        if subjects:
            return subjects, False
        passive = children(token, "nsubjpass")
        if passive:
            return passive, token is original
        if token.dep_ == "conj" and _tense_break(token):
            # "X said Y had fired ..., and accused Z": the conjunct belongs to the speech verb
            token = token.head.head
            continue
        if token.dep_ == "compound" and token.tag_ == "VBG":
            token = token.head.head  # "began trading fire" misparsed as a compound
            continue
        if token.dep_ in {"conj", "xcomp", "advcl"} and token.head != token:
            token = token.head
            continue
        if token.dep_ in {"acl", "relcl"} and token.head != token:
            return [token.head], token.dep_ == "acl" and token.tag_ == "VBN"
        return [], False
    return [], False


def _tense_break(token: Token) -> bool:
    """A simple-past conjunct hanging on a pluperfect verb inside a reported clause."""
    head = token.head
    return (
        token.tag_ == "VBD"
        and head.tag_ == "VBN"
        and any(c.lower_ == "had" for c in children(head, "aux"))
        and head.dep_ == "ccomp"
    )


def participants(
    trigger: Trigger, resolution: Resolution, lexicon: Lexicon
) -> tuple[list[Party], list[Party]]:
    """Source and target parties named in the sentence for this trigger."""
    token = trigger.token
    sources: list[Party] = []
    targets: list[Party] = []
    if trigger.nominal:
        sources = _nominal_owners(token, resolution, lexicon)
        if not sources and trigger.type in {"CONSULT", "REQUEST"}:
            for prep in children(token, "prep"):
                if prep.lower_ == "between":
                    for pobj in children(prep, "pobj"):
                        sources += actors_of(pobj, resolution, lexicon)
            if not sources:
                governing = token.head
                while governing.dep_ in {"prep", "pobj", "dobj"} and governing.head != governing:
                    governing = governing.head
                subjects, _ = _subject_of(governing)
                for subject in subjects:
                    sources += actors_of(subject, resolution, lexicon)
    else:
        subjects, passive = _subject_of(token)
        for subject in subjects:
            if lemma(subject) in lexicon.nouns and lexicon.nouns[lemma(subject)].type == "ASSAULT":
                sources += _nominal_owners(subject, resolution, lexicon)
            elif passive and not trigger.negated_reject and trigger.type not in {
                "MOBILIZE", "RETREAT", "AGREE", "CONSULT",
            }:  # fmt: skip
                targets += actors_of(subject, resolution, lexicon)
            else:
                sources += actors_of(subject, resolution, lexicon)
        if passive or not subjects:
            for agent in children(token, "agent"):
                for pobj in children(agent, "pobj"):
                    sources += actors_of(pobj, resolution, lexicon)
    targets += _targets(trigger, resolution, lexicon)
    sources = _unique(sources)
    targets = [t for t in _unique(targets) if not _same(t, sources) or trigger.type == "CONSULT"]
    return sources, targets


def _same(party: Party, others: list[Party]) -> bool:
    key = (party.actor.country, party.actor.sector, party.actor.name)
    return any(key == (o.actor.country, o.actor.sector, o.actor.name) for o in others)


def _nominal_owners(noun: Token, resolution: Resolution, lexicon: Lexicon) -> list[Party]:
    owners: list[Party] = []
    for mention in _modifier_mentions(noun, resolution):
        owners.append(_party(mention))
    if noun.dep_ == "appos":  # "Hamas's October 7 attack" parsed as an apposition to the date
        for poss in children(noun.head, "poss"):
            mention = _mention_for_token(poss, resolution)
            if mention is not None:
                owners.append(_party(mention))
    for prep in children(noun, "prep"):
        if prep.lower_ == "by":
            for pobj in children(prep, "pobj"):
                owners += actors_of(pobj, resolution, lexicon)
    return owners


def _targets(trigger: Trigger, resolution: Resolution, lexicon: Lexicon) -> list[Party]:
    targets: list[Party] = []
    preps = TARGET_PREPS.get(trigger.type, set())
    heads = [trigger.token, *trigger.consumed, *[t for t in trigger.tokens if t != trigger.token]]
    if trigger.type == "THREATEN":
        heads += _threatened_acts(trigger.token)
    own_forces = (
        trigger.type == "MOBILIZE"
        or trigger.mode in {"withdraw", "resign"}
        or trigger.negated_reject
    )
    for head in heads:
        if (
            not trigger.nominal
            and head is trigger.token
            or head in trigger.tokens
            or (trigger.type == "THREATEN")
        ):
            for obj in children(head, "dobj", "obj", "dative"):
                if obj in trigger.consumed:
                    continue
                if own_forces and lemma(_through_quantity(obj)) in OWN_FORCE_NOUNS:
                    continue
                found = actors_of(obj, resolution, lexicon)
                targets += found
                targets += _object_owner(obj, resolution, lexicon)
                if not found:
                    heads_preps = [p for p in children(obj, "prep") if p.lower_ in preps]
                    for prep in heads_preps:
                        for pobj in children(prep, "pobj"):
                            targets += actors_of(pobj, resolution, lexicon)
        all_preps = children(head, "prep")
        all_preps += [c for p in all_preps for c in p.conjuncts if c.dep_ in {"prep", "conj"}]
        for prep in all_preps:
            if prep.lower_ in preps:
                for pobj in children(prep, "pobj"):
                    targets += actors_of(pobj, resolution, lexicon)
                    targets += _object_owner(pobj, resolution, lexicon)
                    for inner in children(pobj, "prep"):
                        if inner.lower_ in {"including", "of"}:
                            for p in children(inner, "pobj"):
                                targets += actors_of(p, resolution, lexicon)
    for prep in children(trigger.token, "prep"):
        if prep.lower_ == "between" and not trigger.nominal:
            for pobj in children(prep, "pobj"):
                targets += actors_of(pobj, resolution, lexicon)
    if trigger.type == "ASSAULT":
        targets = _prefer_victims(trigger, targets, resolution, lexicon)
    return targets


def _victims(trigger: Trigger, resolution: Resolution, lexicon: Lexicon) -> list[Party]:
    """Who was killed or wounded: the objects of the kill/wound verbs of the incident."""
    victims: list[Party] = []
    for token in trigger.tokens:
        if lemma(token) in DEATH_LEMMAS | INJURY_LEMMAS or lemma(token) == "shoot":
            for victim in children(token, "dobj", "obj") or children(token, "nsubjpass"):
                victims += actors_of(victim, resolution, lexicon)
    return victims


def _prefer_victims(
    trigger: Trigger, targets: list[Party], resolution: Resolution, lexicon: Lexicon
) -> list[Party]:
    """The people hit name the target better than the building hit ("a base ..., wounding two
    U.S. soldiers"); a shelled town with no victims named is its civilians."""
    victims = _victims(trigger, resolution, lexicon)
    if victims:
        named = [t for t in targets if t.actor.country and (t.state or t.actor.name)]
        return [*victims, *[t for t in named if not _same(t, victims)]]
    if not targets:
        for obj in children(trigger.token, "dobj", "obj"):
            if lemma(obj) in PLACE_NOUNS:
                return [Party(Actor(country=None, sector="CVL"))]
            if lemma(obj) in {"camp", "shelter"}:
                return [Party(Actor(country=None, sector="REF"))]
    return targets


def _threatened_acts(token: Token) -> list[Token]:
    """The verbs down the xcomp chain of a threat: "threatened to (keep) attack(ing) X"."""
    acts: list[Token] = []
    frontier = [token]
    for _ in range(3):
        frontier = [c for t in frontier for c in t.children if c.dep_ in {"xcomp", "ccomp"}]
        acts.extend(frontier)
    return acts


def _object_owner(obj: Token, resolution: Resolution, lexicon: Lexicon) -> list[Party]:
    """Whose is the thing hit: "facilities used by X", "a Hezbollah depot", "its positions"."""
    if actors_of(obj, resolution, lexicon):
        return []
    owners: list[Party] = []
    for child in obj.children:
        if child.dep_ == "acl":
            for agent in children(child, "agent"):
                for pobj in children(agent, "pobj"):
                    owners += actors_of(pobj, resolution, lexicon)
    return owners


def _fill_countries(parties: list[Party], country: str | None) -> list[Actor]:
    """Generic participants ("civilians", "police") take the country of the event's place."""
    filled = [
        _copy(p.actor, country=country)
        if p.actor.country is None and p.actor.sector not in {"IGO", "NGO"}
        else p.actor
        for p in parties
    ]
    return [p.actor for p in _unique([Party(a) for a in filled])]


def _force_sector(parties: list[Party]) -> list[Party]:
    """States as the source of armed force are MIL (GUIDE.md conventions)."""
    return [
        Party(_copy(p.actor, sector="MIL"), True) if p.state and p.actor.sector == "GOV" else p
        for p in parties
    ]


# ---------------------------------------------------------------- frames: speech, status


def _ancestors(token: Token) -> list[Token]:
    chain = []
    while token.head != token and len(chain) < 30:
        chain.append((token.dep_, token.head))
        token = token.head
    return chain


def speech_frame(token: Token, lexicon: Lexicon) -> Token | None:
    """The speech verb whose reported clause holds this token ("X said (that) ...")."""
    child = token
    for dep, head in _ancestors(token):
        if lemma(head) in lexicon.speech_verbs and dep in {"ccomp", "parataxis", "advcl", "xcomp"}:
            return head
        if dep == "ccomp" and head.dep_ == "ROOT" and lemma(head) in lexicon.speech_verbs:
            return head
        child = head
    del child
    # "..., X said." parsed with the event as root and "said" as its child
    for said in token.sent:
        if (
            lemma(said) in lexicon.speech_verbs
            and said.head == token
            and said.dep_ in {"parataxis", "ccomp", "advcl", "conj"}
            and children(said, "nsubj")
        ):
            return said
    for prep in token.sent:
        if prep.lower_ == "according" and prep.head == token:
            return prep
    return None


def reporter_of(
    token: Token, resolution: Resolution, lexicon: Lexicon
) -> tuple[Actor | None, Token | None]:
    frame = speech_frame(token, lexicon)
    if frame is None:
        return None, None
    if frame.lower_ == "according":
        for prep in frame.children:
            for pobj in children(prep, "pobj"):
                actors = actors_of(pobj, resolution, lexicon, with_conjuncts=False)
                if actors:
                    return actors[0].actor, frame
        return None, frame
    subjects, _ = _subject_of(frame)
    for subject in subjects:
        actors = actors_of(subject, resolution, lexicon, with_conjuncts=False)
        if actors:
            return actors[0].actor, frame
    return None, frame


def _clause_has_if(token: Token) -> bool:
    """The trigger's clause is conditional ("if ...") or is the consequence of one."""
    for dep, head in [("self", token), *_ancestors(token)]:
        node = token if dep == "self" else head
        marks = {m.lower_ for c in node.children for m in c.children if c.dep_ == "advcl"}
        own = {c.lower_ for c in node.children if c.dep_ == "mark"}
        if own & {"if", "unless"}:
            return True
        if node is token and marks & {"if", "unless"} and future_modal(node):
            return True
        if dep in {"ccomp", "ROOT"} or node.dep_ == "ROOT":
            break
    return False


def _under_ruling_out(token: Token) -> bool:
    """ "without ruling out ... a meeting": an undecided option (also when misparsed)."""
    window = token.doc[max(token.sent.start, token.i - 14) : token.i]
    words = [t.lower_ for t in window]
    for n in range(len(words) - 1):
        if words[n] in {"ruling", "rule", "ruled"} and words[n + 1] == "out":
            return True
    return _ruled_out_in_tree(token)


def _ruled_out_in_tree(token: Token) -> bool:
    for _dep, head in _ancestors(token):
        if lemma(head) == "rule" and any(c.lower_ == "out" for c in head.children):
            return any(c.lower_ == "without" for c in [head.head, *head.head.children]) or (
                head.dep_ == "pcomp" and head.head.lower_ == "without"
            )
    return False


def _under(token: Token, lemmas: frozenset[str] | set[str], deps: set[str]) -> Token | None:
    for dep, head in _ancestors(token):
        if lemma(head) in lemmas and dep in deps:
            return head
    return None


def status_of(
    trigger: Trigger,
    sources: list[Actor],
    reporter: Actor | None,
    dates: list[DateValue],
    lexicon: Lexicon,
    threatened: bool,
    published: str | None = None,
) -> str:
    token = trigger.token
    if trigger.negated_reject or trigger.type in {"REJECT", "THREATEN"}:
        return "asserted"
    if threatened or _clause_has_if(token) or _under_ruling_out(token):
        return "hypothetical"
    if _under(token, lexicon.denial_verbs, {"ccomp"}):
        return "denied"
    if _is_future(token, lexicon, dates) or _after_publication(dates, published):
        return "planned"
    if trigger.type == "ASSAULT" and reporter is not None and reporter.country:
        for source in sources:
            sides = CLAIMING_SIDES.get(source.sector or "", set())
            if source.country == reporter.country and reporter.sector in sides:
                return "claimed"
    return "asserted"


def _is_future(token: Token, lexicon: Lexicon, dates: list[DateValue]) -> bool:
    if future_modal(token):
        return True
    for dep, head in _ancestors(token)[:3]:
        if dep in {"xcomp", "ccomp"} and (lemma(head) in lexicon.plan_verbs or future_modal(head)):
            if lemma(head) in lexicon.plan_verbs or dep == "xcomp":
                return True
        if dep not in {"xcomp", "conj", "dobj", "pobj", "prep"}:
            break
    if lemma(token) in lexicon.plan_verbs:
        return True
    for noun in [token, *[c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}]]:
        if any(lemma(c) in FUTURE_MODIFIERS for c in noun.children if c.dep_ == "amod"):
            return True
    if (
        any(c.lower_ in {"to"} and c.dep_ == "aux" for c in token.children)
        and token.dep_ == "xcomp"
    ):
        if lemma(token.head) in lexicon.plan_verbs:
            return True
    return any(d.text and d.text.lower().startswith(FUTURE_DATE_WORDS) for d in dates) or any(
        w in (d.text or "").lower() for d in dates for w in ("next ", "coming")
    )


def _after_publication(dates: list[DateValue], published: str | None) -> bool:
    """A day-precise date later than the publication day: the event has not happened yet."""
    if not published:
        return False
    return any(d.value and d.precision == "day" and d.value > published[:10] for d in dates)


# ---------------------------------------------------------------- place and date


def _owner_trigger(
    token: Token, trigger_heads: dict[int, Trigger], lexicon: Lexicon
) -> Trigger | None:
    """The first trigger up the tree from a token (a place or date phrase)."""
    node = token
    for _ in range(30):
        if node.i in trigger_heads:
            return trigger_heads[node.i]
        if node.head == node:
            return None
        node = node.head
    return None


def _speech_inherit(token: Token, lexicon: Lexicon) -> Token | None:
    """The speech verb (or root) a fronted adjunct hangs on, when no trigger owns it."""
    node = token
    for _ in range(30):
        if node.head == node:
            return node
        node = node.head
    return None


def _token_at(span: Span, char: int) -> Token | None:
    for token in span:
        if token.idx <= char < token.idx + len(token.text):
            return token
    return None


def _phrase_head(span: Span, start: int, end: int) -> Token | None:
    doc = span.doc
    piece = doc.char_span(start, end, alignment_mode="expand")
    if piece is None or len(piece) == 0:
        return _token_at(span, start)
    return piece.root


SPEECH_ACT_TYPES = {"REJECT", "THREATEN", "ACCUSE", "REQUEST", "SUPPORT", "AGREE"}
FUTURE_MODIFIERS = {"upcoming", "planned", "proposed", "scheduled", "future", "forthcoming"}
TOPIC_PREPS = {"over", "about", "regarding", "concerning", "despite"}
LOCATIVE_PREPS = {"in", "inside", "across", "throughout", "within", "near", "around", "into"}


def _path_ok(token: Token, owner: Trigger, places: bool) -> bool:
    """A place or date describes the event only if no relative clause, apposition, other finite
    verb or topic preposition ("sanctions over abuses in X") lies between it and the trigger."""
    stops = {t.i for t in [owner.token, *owner.tokens, *owner.consumed]}
    node = token
    for _ in range(30):
        if node.i in stops or node.head == node:
            return True
        if node.dep_ in {"relcl", "appos"}:
            return False
        if node.dep_ == "prep" and node.lower_ in TOPIC_PREPS and places:
            return False
        node = node.head
        if node.i not in stops and node.tag_ in {"VBD", "VBZ", "VBP"} and places:
            return False
    return True


def attach(
    items: list[Any],
    sentence: Span,
    triggers: list[Trigger],
    lexicon: Lexicon,
    places: bool = False,
) -> dict[int, list[Any]]:
    """Assign places or dates of a sentence to the trigger that governs them (by trigger index).

    An item under no trigger (hanging on the speech verb or the root) goes to the triggers that
    are that verb itself or its conjuncts ("said on Tuesday ... and accused"), and, for speech
    acts, to those in its reported clause ("said on Sunday it would not withdraw").
    """
    heads: dict[int, Trigger] = {}
    for t in triggers:
        for tok in [t.token, *t.tokens, *t.consumed]:
            heads.setdefault(tok.i, t)
    owned: dict[int, list[Any]] = {}
    index = {id(t): n for n, t in enumerate(triggers)}
    for item in items:
        head = _phrase_head(sentence, item.start, item.end)
        if head is None:
            continue
        owner = _owner_trigger(head, heads, lexicon)
        appositive = [c for c in head.children if c.dep_ == "appos" and c.i in heads]
        if appositive and not places:
            owner = heads[appositive[0].i]  # "Hamas's October 7 attack": the date of the attack
            owned.setdefault(index[id(owner)], []).append(item)
            continue
        if owner is not None:
            if _path_ok(head, owner, places) and _located_by_prep(head, item, places):
                owned.setdefault(index[id(owner)], []).append(item)
            continue
        anchor = head
        while (
            anchor.head != anchor
            and anchor.dep_ not in {"ROOT"}
            and lemma(anchor) not in lexicon.speech_verbs
        ):
            anchor = anchor.head
        for n, t in enumerate(triggers):
            if t.token == anchor or (t.token.dep_ == "conj" and t.token.head == anchor):
                owned.setdefault(n, []).append(item)
            elif (
                not places
                and t.type in SPEECH_ACT_TYPES
                and lemma(anchor) in lexicon.speech_verbs
                and _path_to(t.token, anchor, {"ccomp", "conj", "parataxis"})
            ):
                owned.setdefault(n, []).append(item)
    if not places:
        _inherit_dates(triggers, owned)
    return owned


def _located_by_prep(head: Token, item: Any, places: bool) -> bool:
    """A whole country is where an event happened only after "in", "across"...; "recalled its
    envoy to Ethiopia" names a party, not a place."""
    if not places or getattr(item.location, "precision", None) != "country":
        return True
    return head.dep_ == "pobj" and head.head.lower_ in LOCATIVE_PREPS


def _inherit_dates(triggers: list[Trigger], owned: dict[int, list[Any]]) -> None:
    """ "suspended X on Tuesday, accusing it of ...": a participle or conjunct shares the date."""
    index = {t.token.i: n for n, t in enumerate(triggers)}
    for n, trigger in enumerate(triggers):
        token = trigger.token
        if n in owned or trigger.nominal or token.dep_ not in {"advcl", "conj"}:
            continue
        parent = index.get(token.head.i)
        if parent is not None and parent in owned:
            owned[n] = list(owned[parent])


def best_place(places: list[Any]) -> Location | None:
    if not places:
        return None
    ranked = sorted(
        enumerate(places),
        key=lambda p: (PLACE_RANK.get(p[1].location.precision, 4), p[0]),
    )
    return dataclasses.replace(ranked[0][1].location)


# ---------------------------------------------------------------- casualties


def _count_of(token: Token) -> Count | None:
    phrase = token.doc[token.left_edge.i : token.i + 1].text
    count = parse_count(phrase)
    if count is None:
        # "killing two of the group's fighters": the number heads the phrase
        phrase = token.doc[token.left_edge.i : token.right_edge.i + 1].text
        count = parse_count(phrase)
    return count


def casualties(trigger: Trigger) -> tuple[Count | None, Count | None]:
    deaths: Count | None = None
    injuries: Count | None = None
    for token in trigger.tokens:
        word = lemma(token)
        killed_by_shooting = shot_dead(token)
        if word not in DEATH_LEMMAS | INJURY_LEMMAS and not killed_by_shooting:
            continue
        victims = children(token, "dobj", "obj") or children(token, "nsubjpass")
        for victim in victims:
            count = _count_of(victim)
            if count is None:
                continue
            if word in DEATH_LEMMAS or killed_by_shooting:
                deaths = deaths or count
            else:
                injuries = injuries or count
    return deaths, injuries


def is_toll(token: Token) -> bool:
    """ "at least 3,645 people have been killed since October 2023": a running total."""
    if _counted_repeats(token):
        return True
    if lemma(token) not in DEATH_LEMMAS | INJURY_LEMMAS:
        return False
    words = " ".join(t.lower_ for t in token.subtree)
    perfect = any(c.lower_ in {"have", "has", "'ve"} for c in children(token, "aux"))
    subject_words = {lemma(w) for s in children(token, "nsubj") for w in s.subtree}
    if subject_words & TOLL_SUBJECTS:
        return True
    in_objects = {
        lemma(p) for prep in children(token, "prep") if prep.lower_ == "in"
        for p in children(prep, "pobj")
    }  # fmt: skip
    if in_objects & TOLL_SUBJECTS or " alone" in f" {words}":
        return True
    if any(f" {w} " in f" {words} " for w in TOLL_WORDS):
        return True
    return perfect and any(w in words for w in ("in the unrest", "in the war", "in the conflict"))


def _counted_repeats(token: Token) -> bool:
    """ "have been attacked at least 66 times since ...": a tally of many incidents."""
    for child in token.children:
        if lemma(child) == "time" and any(c.like_num for c in child.subtree):
            return True
    return False


# ---------------------------------------------------------------- merging and filtering


def _path_to(token: Token, ancestor: Token, allowed: set[str]) -> bool:
    node = token
    for _ in range(12):
        if node == ancestor:
            return True
        if node.dep_ not in allowed or node.head == node:
            return False
        node = node.head
    return False


def _incident_frame(noun: Token, verb: Token) -> bool:
    """ "killed 12 soldiers in an ambush": the nominal names the incident the verb tells."""
    prep = noun.head
    return noun.dep_ == "pobj" and prep.lower_ in {"in", "during"} and prep.head == verb


def _temporal_clause(token: Token) -> bool:
    """ "... were shot dead when gunmen opened fire": the clause tells the same incident."""
    return any(c.lower_ in {"when", "as"} for c in token.children if c.dep_ in {"advmod", "mark"})


MERGE_DEPS = {"conj", "advcl", "xcomp", "nsubj", "nsubjpass", "acl", "relcl", "dobj", "ROOT"}


SAME_ACT_DEPS = {"xcomp", "advcl"}
CONJOINED_SAME_ACT = {"AGREE", "CONSULT", "SUPPORT"}


def _same_act(a: Trigger, b: Trigger) -> bool:
    """Two triggers of one non-violent act: "met ... to discuss", "signed ... and agreed",
    "travel to Tehran for talks"."""
    if a.type != b.type:
        return False
    if a.nominal != b.nominal:
        noun, verb = (a, b) if a.nominal else (b, a)
        return _path_to(noun.token, verb.token, {"pobj", "prep", "dobj", "npadvmod"})
    if a.nominal or b.nominal:
        return False
    deps = SAME_ACT_DEPS | ({"conj"} if a.type in CONJOINED_SAME_ACT else set())
    return _path_to(b.token, a.token, deps) or _path_to(a.token, b.token, deps)


def merge_triggers(triggers: list[Trigger]) -> list[Trigger]:
    """Tokens of one incident become one event: "struck ..., killing ...", "strike ... killed"."""
    merged: list[Trigger] = []
    for trigger in triggers:
        target = None
        if trigger.type != "ASSAULT":
            target = next((o for o in merged if _same_act(o, trigger)), None)
            if target is not None:
                target.tokens.append(trigger.token)
                continue
        if trigger.type == "ASSAULT":
            for other in merged:
                if other.type != "ASSAULT" or (other.nominal and trigger.nominal):
                    continue
                a, b = other.token, trigger.token
                if trigger.nominal and trigger.token.dep_ not in SUBJECT_DEPS:
                    if _incident_frame(b, a):
                        target = other
                        break
                    continue
                if _path_to(b, a, MERGE_DEPS - {"ROOT"}) or _path_to(a, b, MERGE_DEPS - {"ROOT"}):
                    target = other
                    break
                if not other.nominal and _temporal_clause(b):
                    target = other
                    break
        if target is None:
            merged.append(trigger)
            continue
        target.tokens.append(trigger.token)
        target.consumed.extend(trigger.consumed)
        if target.nominal and not trigger.nominal:
            target.tokens.remove(target.token)
            target.tokens.insert(0, target.token)
            target.nominal = False
            nominal_token = target.token
            target.token = trigger.token
            target.tokens.append(nominal_token)
            target.mode = target.mode or trigger.mode
        target.mode = target.mode or trigger.mode
    return merged


def _embedded(trigger: Trigger, others: list[Trigger], lexicon: Lexicon) -> Trigger | None:
    """The REQUEST/ACCUSE/REJECT/SUPPORT/THREATEN trigger whose complement holds this one."""
    heads = {o.token.i: o for o in others if o is not trigger and o.type in EMBEDDING_TYPES}
    node = trigger.token
    for _ in range(12):
        if node.head == node:
            return None
        prev = node
        dep, node = node.dep_, node.head
        if dep == "relcl":
            return None  # a relative clause describes an event of its own
        if dep == "prep" and prev.lower_ not in EMBEDDING_PREPS:
            return None  # "urged X ..., in a call with Y": an adjunct, not the thing urged
        if node.i in heads and dep in COMPLEMENT_DEPS:
            return heads[node.i]
        if lemma(node) in lexicon.speech_verbs:
            return None
    return None


# ---------------------------------------------------------------- assembly


def extract_events(adoc: AnnotatedDocument, resolution: Resolution) -> list[Event]:
    """Every event of the document, in text order, one per trigger per sentence."""
    lexicon = load_lexicon()
    doc_country = _main_country(resolution)
    quoted = quoted_spans(adoc.document.text)
    events: list[Event] = []
    for index, sentence in enumerate(adoc.doc.sents):
        context = SentenceContext(index, sentence, doc_country, quoted)
        events.extend(_sentence_events(adoc, context, resolution, lexicon, events))
    return events


def _main_country(resolution: Resolution) -> str | None:
    counts = Counter(p.location.country for p in resolution.places if p.location.country)
    return counts.most_common(1)[0][0] if counts else None


def _sentence_events(
    adoc: AnnotatedDocument,
    context: SentenceContext,
    resolution: Resolution,
    lexicon: Lexicon,
    earlier: list[Event],
) -> list[Event]:
    sentence = context.span
    triggers = [t for t in find_triggers(sentence, lexicon) if not _not_an_incident(t, context)]
    triggers = merge_triggers(triggers)
    triggers = [t for t in triggers if not _lone_participle(t)]
    kept: list[tuple[Trigger, bool]] = []
    for trigger in triggers:
        if _counter_claim(trigger, lexicon):
            continue
        holder = _embedded(trigger, triggers, lexicon)
        if holder is None:
            kept.append((trigger, False))
        elif holder.type == "THREATEN" and trigger.type == "ASSAULT":
            kept.append((trigger, True))
    # A future attack announced by its own side ("would keep targeting ...") is a threat too.
    final = [t for t, _ in kept]
    places = [p for p in resolution.places_within(sentence.start_char, sentence.end_char)
              if not _inside_actor(p, resolution)]  # fmt: skip
    dates = resolution.dates_within(sentence.start_char, sentence.end_char)
    place_owner = attach(places, sentence, final, lexicon, places=True)
    date_owner = attach(dates, sentence, final, lexicon)
    events: list[Event] = []
    for n, (trigger, threatened) in enumerate(kept):
        event = _build_event(
            adoc, context, resolution, lexicon, trigger, threatened,
            place_owner.get(n, []), date_owner.get(n, []),
        )  # fmt: skip
        if event is None:
            continue
        if event.status == "denied" and _already_told(event, [*earlier, *events]):
            continue
        if _retelling(event, [*earlier, *events]):
            continue
        if _future_own_attack(trigger, event):
            events.append(_threat_from(event, trigger))
            event.status = "hypothetical"
        events.append(event)
    return events


def _not_an_incident(trigger: Trigger, context: SentenceContext) -> bool:
    """Running tolls, the weapon of a toll, and violence described inside a direct quote."""
    token = trigger.token
    if is_toll(token) or (trigger.nominal and is_toll(token.head)):
        return True
    return trigger.type == "ASSAULT" and _in_quotes(token, context.quoted)


def _in_quotes(token: Token, quoted: list[tuple[int, int]]) -> bool:
    return any(start <= token.idx < end for start, end in quoted)


def _lone_participle(trigger: Trigger) -> bool:
    """ "a missile fired from ...": a participle describing a thing, not an incident alone."""
    token = trigger.token
    return (
        trigger.type == "ASSAULT"
        and len(trigger.tokens) == 1
        and token.dep_ == "acl"
        and token.tag_ == "VBN"
    )


def _counter_claim(trigger: Trigger, lexicon: Lexicon) -> bool:
    """ "X denied ..., saying the strikes hit a warehouse": the denier's own version."""
    frame = speech_frame(trigger.token, lexicon)
    if frame is None or frame.lower_ == "according":
        return False
    return frame.dep_ in {"advcl", "conj", "xcomp"} and lemma(frame.head) in lexicon.denial_verbs


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks, paragraph by paragraph."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for paragraph in text.split("\n"):
        for match in QUOTED.finditer(paragraph):
            spans.append((offset + match.start(), offset + match.end()))
        offset += len(paragraph) + 1
    return spans


def _inside_actor(place: Any, resolution: Resolution) -> bool:
    for mention in resolution.actors:
        if mention.start <= place.start and place.end <= mention.end:
            if (mention.end - mention.start) > (place.end - place.start):
                return True
            if mention.kind in STATE_KINDS | {"organization", "person", "group"}:
                return True
    return False


def _future_in_chain(token: Token) -> bool:
    """ "would keep targeting": the modal sits on a verb up the xcomp chain."""
    for _ in range(3):
        if future_modal(token):
            return True
        if token.dep_ != "xcomp":
            return False
        token = token.head
    return False


def _future_own_attack(trigger: Trigger, event: Event) -> bool:
    return (
        event.type == "ASSAULT"
        and event.status == "planned"
        and _future_in_chain(trigger.token)
        and event.reported_by is not None
        and any(s.country == event.reported_by.country for s in event.source_actors)
    )


def _threat_from(event: Event, trigger: Trigger) -> Event:
    threat = dataclasses.replace(
        event,
        id=stable_id("e", event.doc, event.evidence.sentence, trigger.token.i, "THREATEN"),
        type="THREATEN",
        mode=None,
        status="asserted",
        fatalities=None,
        injuries=None,
        location=None,
        cameo=load_lexicon().cameo("THREATEN", None),
    )
    return threat


def _already_told(event: Event, earlier: list[Event]) -> bool:
    """A denial of an event the article already reported is a claim, not a new event."""
    countries = {a.country for a in event.source_actors}
    for other in earlier:
        if other.type != event.type or other.status == "denied":
            continue
        other_countries = {a.country for a in other.source_actors}
        if countries and other_countries and not countries & other_countries:
            continue
        if countries and not other_countries and (event.location is None or other.location is None):
            continue
        if _different_place(event, other):
            continue
        return True
    return False


def _different_place(event: Event, other: Event) -> bool:
    if event.location is None or other.location is None:
        return False
    a, b = event.location.name.lower(), other.location.name.lower()
    return a not in b and b not in a


def _retelling(event: Event, earlier: list[Event]) -> bool:
    """ "The military said it had struck militants in the school": its side of a told strike."""
    if event.type != "ASSAULT" or event.status != "claimed" or event.date is not None:
        return False
    sources = {(a.country, a.sector) for a in event.source_actors}
    for other in earlier:
        if other.type != "ASSAULT" or other.status == "hypothetical":
            continue
        if sources and sources == {(a.country, a.sector) for a in other.source_actors}:
            if event.location is None or not _different_place(event, other):
                return True
    return False


def _build_event(
    adoc: AnnotatedDocument,
    context: SentenceContext,
    resolution: Resolution,
    lexicon: Lexicon,
    trigger: Trigger,
    threatened: bool,
    places: list[Any],
    dates: list[Any],
) -> Event | None:
    document = adoc.document
    source_parties, target_parties = participants(trigger, resolution, lexicon)
    if trigger.type in FORCE_SOURCE_TYPES:
        source_parties = _force_sector(source_parties)
    if trigger.negated_reject:
        # "its forces would not withdraw" is the state refusing; the place is of the refused act
        source_parties = [
            Party(_copy(p.actor, sector="GOV"), p.state) if p.actor.sector == "MIL" else p
            for p in source_parties
        ]
        places = []
    location = best_place(places)
    fill = (location.country if location else None) or context.doc_country
    sources = [
        _copy(a, sector="GOV") if a.country and not a.sector else a
        for a in _fill_countries(source_parties, fill)
    ]
    targets = [a for a in _fill_countries(target_parties, fill) if a.sector]
    reporter, _frame = reporter_of(trigger.token, resolution, lexicon)
    date_values = [d.date for d in dates]
    status = status_of(
        trigger, sources, reporter, date_values, lexicon, threatened, document.published
    )
    date = _pick_date(dates)
    if date is not None and status == "planned" and date.value and document.published:
        if date.value < document.published[:10]:
            date = anchor_date(date.text, document.published, future=True)
    deaths, injuries = casualties(trigger) if trigger.type == "ASSAULT" else (None, None)
    evidence = sentence_evidence(context.span, context.index, trigger.text)
    return Event(
        id=stable_id("e", document.id, context.index, trigger.token.i, trigger.type),
        doc=document.id,
        type=trigger.type,
        mode=trigger.mode,
        status=status,
        source_actors=sources,
        target_actors=targets,
        location=location,
        date=date,
        fatalities=deaths,
        injuries=injuries,
        reported_by=reporter,
        published=document.published,
        evidence=evidence,
        confidence=_confidence(trigger, sources, targets),
        cameo=lexicon.cameo(trigger.type, trigger.mode),
    )


def sentence_evidence(sentence: Span, index: int, trigger: str | None) -> Evidence:
    """Evidence for a whole sentence, without the paragraph break spaCy keeps at its end."""
    text = sentence.text
    stripped = text.strip()
    start = sentence.start_char + (len(text) - len(text.lstrip()))
    return Evidence(
        sentence=index, start=start, end=start + len(stripped), text=stripped, trigger=trigger
    )


def _pick_date(dates: list[Any]) -> DateValue | None:
    if not dates:
        return None
    precise = sorted(
        dates,
        key=lambda d: {"day": 0, "week": 1, "month": 2, "year": 3}.get(d.date.precision or "", 4),
    )
    return dataclasses.replace(precise[0].date)


def _confidence(trigger: Trigger, sources: list[Actor], targets: list[Actor]) -> float:
    score = 0.5
    if sources:
        score += 0.2
    if targets:
        score += 0.1
    if not trigger.nominal:
        score += 0.1
    return round(min(score, 0.95), 2)
