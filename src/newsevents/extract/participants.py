"""Who took part in an event: sources and targets read off the parse and the resolution.

A noun phrase gives one actor per coordinated head, looks through quantities ("thousands of
drivers") and reads country modifiers of generic nouns ("Turkish drones"); generic participants
take their sector from the lexicon's ``participant_nouns``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from newsevents.extract.incidents import DEATH_LEMMAS, INJURY_LEMMAS
from newsevents.extract.lexicon import Lexicon
from newsevents.extract.triggers import Trigger, children, lemma
from newsevents.records import Actor
from newsevents.resolve.gazetteer import load_gazetteer
from newsevents.resolve.mentions import ActorMention, Resolution

Token = Any

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
OWN_FORCE_NOUNS = {"troop", "soldier", "force", "unit", "battalion", "reinforcement", "personnel"}


@dataclass(slots=True)
class Party:
    """An actor as the sentence names it; ``state`` marks a bare state ("Israel", "Turkish",
    "Ankara"), ``country_name`` a state named by its name or demonym (not a seat such as "the
    Pentagon"), ``generic`` a generic noun ("civilians") whose country is a guess."""

    actor: Actor
    state: bool = False
    country_name: bool = False
    generic: bool = False


def _mention_for_token(token: Token, resolution: Resolution) -> ActorMention | None:
    """The outermost actor mention covering a token (the whole noun phrase, not a part of it)."""
    start, end = token.idx, token.idx + len(token.text)
    covering = [m for m in resolution.actors if m.start <= start and m.end >= end]
    if not covering:
        return None
    return max(covering, key=lambda m: (m.end - m.start, -m.start))


def copy_actor(actor: Actor, **changes: Any) -> Actor:
    return dataclasses.replace(actor, **changes)


def _modifier_mentions(head: Token, resolution: Resolution) -> list[ActorMention]:
    """Actor mentions among a noun's modifiers: "Turkish drones", "ministers of Russia"."""
    found: list[ActorMention] = []
    candidates: list[Token] = []
    for child in head.children:
        if child.dep_ in {"amod", "compound", "poss", "nmod", "npadvmod"} and child.i < head.i:
            candidates.extend([child, *child.conjuncts])
            # "an RSF drone strike": the owner modifies the modifier
            candidates.extend(c for c in child.children if c.dep_ in {"compound", "amod", "poss"})
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
    """The actors a noun phrase names, one per coordinated head ("Russia, Syria and Iran") and
    one per coordinated modifier ("American and British warships")."""
    heads = [head, *head.conjuncts] if with_conjuncts else [head]
    actors: list[Party] = []
    for token in heads:
        if lemma(token) in {"who", "which", "that"} and token.head.dep_ == "relcl":
            token = token.head.head
        token = _through_quantity(token)
        actors.extend(_actors_of_head(token, resolution, lexicon))
    return _unique(actors)


def _actors_of_head(token: Token, resolution: Resolution, lexicon: Lexicon) -> list[Party]:
    """The parties one noun-phrase head names, after the decisions documented in events.md."""
    if lemma(token) in MEMBER_NOUNS:
        # "leaders of the truckers' unions": the body they belong to
        for prep in children(token, "prep"):
            if prep.lower_ == "of":
                bodies = [
                    p for o in children(prep, "pobj") for p in actors_of(o, resolution, lexicon)
                ]
                if bodies:
                    return bodies
    mentions = _mentions_for_token(token, resolution)
    mention = mentions[0] if mentions else None
    if lemma(token) in SIDE_NOUNS and not any(
        lemma(c) in POLITICAL_WORDS for c in token.children
    ):  # "all parties", "both warring parties": sides, not political parties
        mentions = [m for m in mentions if m.actor.sector != "PTY" or m.actor.name]
        mention = mentions[0] if mentions else None
        if mention is None:
            return []
    generic = _participant_sector(token, lexicon)
    if mention is not None and generic and _bare_noun(mention, token):
        owners = [m for m in _modifier_mentions(token, resolution) if m not in mentions]
        if owners and owners[0].actor.sector in {"IGO", "NGO", "NSA"}:
            return [_party(owners[0])]  # "troops from the SADC"
        unnamed = not any(w[:1].isupper() for w in mention.text.split()[1:]) and not (
            mention.text[:1].isupper() and mention.text.split()[0].lower() not in {"the", "a"}
        )  # "troops", "the police": no country in the words ("Rwandan soldiers" has one)
        return [
            Party(copy_actor(m.actor, sector=generic, name=None, role=None), generic=unnamed)
            for m in mentions
        ]
    if (
        mention is not None
        and generic
        and (_generic_state(mention) or _compound_sector(token, lexicon) and not mention.actor.name)
    ):
        # "two U.S. service members": the country from the mention, the sector from the noun
        return [Party(copy_actor(m.actor, sector=generic)) for m in mentions]
    if lemma(token) in lexicon.nouns and lexicon.nouns[lemma(token)].type == "ASSAULT":
        # "condemned the U.S. strikes": whose strikes, as armed force
        return force_sector([_party(m) for m in _modifier_mentions(token, resolution)])
    if mention is not None:
        if not (mention.actor.country or mention.actor.sector or mention.actor.name):
            return []
        return [*[_party(m) for m in mentions], *_of_conjuncts(token, mention, resolution)]
    if token.pos_ == "PROPN":
        country = _country_named(token, resolution)
        if country:
            return [Party(Actor(country=country, sector="GOV"), True)]
    if lemma(token) in PLACE_NOUNS:
        return []  # "the town of X": a place, not a party
    modifiers = _modifier_mentions(token, resolution)
    if not modifiers:
        return [Party(Actor(country=None, sector=generic), generic=True)] if generic else []
    parties = []
    for m in modifiers:
        party = _party(m)
        if generic and (m.kind in STATE_KINDS or party.actor.sector in {None, "GOV"}):
            party = Party(copy_actor(party.actor, sector=generic, name=None), False)
        parties.append(party)
    return parties


def _mentions_for_token(token: Token, resolution: Resolution) -> list[ActorMention]:
    """Every outermost mention covering a token (several for coordinated modifiers)."""
    start, end = token.idx, token.idx + len(token.text)
    covering = [m for m in resolution.actors if m.start <= start and m.end >= end]
    if not covering:
        return []
    widest = max(m.end - m.start for m in covering)
    first = min(m.start for m in covering if m.end - m.start == widest)
    return [m for m in covering if m.end - m.start == widest and m.start == first]


PEOPLE_HEADS = {
    "force", "officer", "personnel", "service", "agent", "guard", "member", "unit", "official",
    "chief", "commander", "soldier", "troop", "source", "leader", "elder", "representative",
}  # fmt: skip
COMPOUND_SECTORS = {
    "security": "COP", "police": "COP", "riot": "COP",
    "army": "MIL", "military": "MIL", "navy": "MIL", "force": "MIL",  # "air force officers"
    "community": "CVL", "village": "CVL", "tribal": "CVL", "clan": "CVL",  # "community leaders"
    "opposition": "PTY", "party": "PTY", "rebel": "NSA", "militia": "NSA", "church": "REL",
}  # fmt: skip


def _participant_sector(token: Token, lexicon: Lexicon) -> str | None:
    """The sector a generic noun implies: "security forces" COP, "government forces" MIL (the
    head decides), "service members" MIL (a compound names the body when the head is vague)."""
    compounds = [c for c in token.children if c.dep_ == "compound"]
    for word in compounds:
        if lemma(word) in COMPOUND_SECTORS and lemma(token) in PEOPLE_HEADS:
            return COMPOUND_SECTORS[lemma(word)]  # "security forces"; not "a security accord"
    if lemma(token) in {"group", "faction", "gang"} and any(
        lemma(c) == "armed" for c in token.children
    ):
        return "NSA"  # "ethnic armed groups", "armed men"
    if lemma(token) in lexicon.participant_nouns and lemma(token) != "member":
        return lexicon.participant_nouns[lemma(token)]
    for word in compounds:
        if lemma(word) in lexicon.participant_nouns:
            return lexicon.participant_nouns[lemma(word)]
    return lexicon.participant_nouns.get(lemma(token))


def _compound_sector(token: Token, lexicon: Lexicon) -> str | None:
    """ "service members", "police officers": a compound that says which body."""
    for word in token.children:
        if word.dep_ == "compound" and lemma(word) in lexicon.participant_nouns:
            return lexicon.participant_nouns[lemma(word)]
    return None


def _generic_state(mention: ActorMention) -> bool:
    """A mention that only says which state ("U.S." in "two U.S. service members")."""
    actor = mention.actor
    return (
        actor.sector == "GOV"
        and not actor.name
        and not actor.role
        and (mention.kind in STATE_KINDS or mention.kind == "group")
    )


def _bare_noun(mention: ActorMention, token: Token) -> bool:
    """The mention is just a generic noun ("officers", "the police"), not a named body."""
    skip = {"the", "a", "an", "some", "several", "dozens", "of", "at", "least", "more", "than"}
    words = [
        w for w in mention.text.lower().split() if w not in skip and not w[:1].isdigit()
    ]  # "11 suspects", "at least 30 villagers" are still bare nouns
    return len(words) <= 2 and words[-1:] == [token.lower_]


# Types whose rule names its target as object: "expelled French diplomats", "suspended the
# broadcaster", "dissolved the party".
SIDE_NOUNS = {"party", "side"}
CONTAINER_NOUNS = {"state", "round", "series", "set", "wave"}
MEMBER_NOUNS = {"leader", "member", "representative", "delegate", "head", "chief"}
POLITICAL_WORDS = {"opposition", "ruling", "political", "governing", "main", "communist"}
PERSON_OBJECT_TYPES = {"SANCTION", "COERCE", "ACCUSE"}
PERSON_OBJECTS = {
    "diplomat", "ambassador", "envoy", "attache", "attaché", "charge", "consul",
    "broadcaster", "newspaper", "outlet", "channel", "station", "network", "journalist",
    "party", "parliament", "assembly", "movement", "organization", "organisation", "group",
}  # fmt: skip


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
                    actor = copy_actor(mention.actor, country=country, name=None)
                    extra.append(Party(actor, False))
    return extra


def _country_named(token: Token, resolution: Resolution) -> str | None:
    """The country a single name token stands for, from its mention or the gazetteer."""
    other = _mention_for_token(token, resolution)
    if other is not None and other.actor.country:
        return other.actor.country
    names = [token.text]
    compounds = [c for c in token.children if c.dep_ == "compound" and c.i < token.i]
    if compounds:  # "Addis Ababa", "Port Sudan"
        names.insert(0, token.doc[compounds[0].i : token.i + 1].text)
    for name in names:
        entries = load_gazetteer().entries(name)
        country = next((e.country for e in entries if e.country), None)
        if country:
            return country
    return None


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
    named = mention.kind in {"country", "demonym", "adjective", "state"}
    return Party(copy_actor(actor), state, named)


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


def subject_of(token: Token) -> tuple[list[Token], bool]:
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
        if token.dep_ in {"pcomp", "pobj"} and token.tag_ == "VBG" and token.head.dep_ == "prep":
            token = token.head.head  # "battling troops before withdrawing"
            continue
        if token.dep_ == "conj" and (_tense_break(token) or _speaker_act(token)):
            # "X said Y had fired ..., and accused Z": the conjunct belongs to the speech verb
            token = token.head.head
            continue
        if token.dep_ == "compound" and token.tag_ == "VBG":
            token = token.head.head  # "began trading fire" misparsed as a compound
            continue
        if token.dep_ in {"conj", "xcomp", "advcl", "acomp"} and token.head != token:
            token = token.head
            continue
        if token.dep_ in {"acl", "relcl"} and token.head != token:
            return [token.head], token.dep_ == "acl" and token.tag_ == "VBN"
        return [], False
    return [], False


SPEAKER_ACT_LEMMAS = {
    "accuse", "blame", "condemn", "urge", "call", "demand", "reject", "deny", "warn", "threaten",
    "vow", "pledge", "welcome", "praise",
}  # fmt: skip


def _speaker_act(token: Token) -> bool:
    """ "The SDF said two of the dead were fighters and accused Ankara ...": an act of speech
    conjoined inside the reported clause belongs to the speaker."""
    head = token.head
    return (
        lemma(token) in SPEAKER_ACT_LEMMAS
        and head.dep_ == "ccomp"
        and head.head.lemma_ in {"say", "tell", "announce", "state", "add", "warn", "insist"}
        and children(head, "nsubj", "nsubjpass") != []
    )


def _claim_of_responsibility(token: Token) -> Token | None:
    node = token
    for _ in range(8):
        if lemma(node) == "responsibility" and lemma(node.head) in {"claim", "admit", "accept"}:
            return node.head
        if node.head == node:
            return None
        node = node.head
    return None


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
                subjects, _ = subject_of(governing)
                for subject in subjects:
                    sources += actors_of(subject, resolution, lexicon)
                if token.dep_ == "pobj" and token.head.lower_ == "for":
                    # "invited X and Y to Cairo for talks": the invited are the other side
                    for obj in children(governing, "dobj"):
                        targets += actors_of(obj, resolution, lexicon)
    else:
        subjects, passive = subject_of(token)
        claim = _claim_of_responsibility(token)
        if claim is not None:  # "IS claimed responsibility for the bombing that killed 20"
            subjects, passive = subject_of(claim)
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
    if not sources:  # "an air strike by X ... killed": owners of a merged nominal event
        for token_ in trigger.tokens:
            if token_.pos_ == "NOUN" and lemma(token_) in lexicon.nouns:
                sources += _nominal_owners(token_, resolution, lexicon)
    mutual = _mutual_sides(trigger, resolution, lexicon)
    if mutual:  # "clashes between the army and the militia": both sides, no target (GUIDE.md)
        return _unique(mutual), []
    targets += _targets(trigger, resolution, lexicon)
    sources = _unique(sources)
    targets = [t for t in _unique(targets) if not _same(t, sources) or trigger.type == "CONSULT"]
    return sources, targets


MUTUAL_NOUNS = {"clash", "fighting", "battle", "skirmish", "exchange", "firefight", "hostility"}


def _mutual_sides(trigger: Trigger, resolution: Resolution, lexicon: Lexicon) -> list[Party]:
    """The two sides of a clash named with "between": "Clashes between X and Y killed 19"."""
    if trigger.type != "ASSAULT":
        return []
    nouns = [*trigger.tokens, *children(trigger.token, "nsubj", "csubj")]
    for noun in nouns:
        if lemma(noun) not in MUTUAL_NOUNS and lemma(noun) != "fight":
            continue  # "Clashes between ...", "Fighting between ..." (a gerund)
        sides = [
            party
            for prep in children(noun, "prep")
            if prep.lower_ == "between"
            for pobj in children(prep, "pobj")
            for party in actors_of(pobj, resolution, lexicon)
        ]
        if len(sides) >= 2:
            return force_sector(sides)
    return []


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
    if trigger.negated_reject:
        preps = {"with"}  # "will not negotiate with terrorists": the other side
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
                if obj in trigger.consumed and (
                    trigger.type not in PERSON_OBJECT_TYPES
                    or lemma(obj) not in PERSON_OBJECTS
                    or any(p.pos_ == "PRON" for p in children(obj, "poss"))
                ):
                    continue  # "held talks", "recalled its envoy": not the other side
                if own_forces and lemma(_through_quantity(obj)) in OWN_FORCE_NOUNS:
                    continue
                if trigger.negated_reject and lemma(head) in {"withdraw", "pull", "return"}:
                    continue  # "would not pull them back": its own forces
                if lemma(obj) in CONTAINER_NOUNS:
                    continue  # "extended a state of emergency": no party
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
                    targets += _named_members(pobj, resolution, lexicon)
    for head in [trigger.token, *trigger.consumed]:
        for prep in children(head, "prep"):
            if prep.lower_ == "between" and not trigger.nominal:
                for pobj in children(prep, "pobj"):
                    targets += actors_of(pobj, resolution, lexicon)
    if trigger.type == "REQUEST" and lemma(trigger.token) in THING_DEMANDED:
        # "demanded his release", "called for a ceasefire": the object is what is asked for
        targets = [t for t in targets if t.state or t.actor.sector in {"GOV", "IGO"}]
    if trigger.type == "REQUEST":
        targets += _addressee_of_demand(trigger.token, resolution, lexicon)
    if trigger.type == "PROTEST" and not targets:
        for purpose in children(trigger.token, "advcl", "xcomp"):
            targets += _addressee_of_demand(purpose, resolution, lexicon)
    if trigger.type == "ASSAULT":
        targets = _prefer_victims(trigger, targets, resolution, lexicon)
    if trigger.type == "RETREAT":  # "handed them over to the ICRC": an intermediary
        targets = [t for t in targets if t.actor.sector not in {"NGO", "IGO"}]
    return targets


def _victims(trigger: Trigger, resolution: Resolution, lexicon: Lexicon) -> list[Party]:
    """Who was killed or wounded: the objects of the kill/wound verbs of the incident, or of
    the purpose of crowd control ("used water cannon to disperse protesters")."""
    victims: list[Party] = []
    if trigger.mode == "crowd-control":
        for token in trigger.tokens:
            for purpose in children(token, "xcomp", "advcl"):
                for victim in children(purpose, "dobj"):
                    victims += actors_of(victim, resolution, lexicon)
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
    if victims and _hit_a_shelter(trigger):
        # "a strike on a school sheltering displaced families killed 11 people": refugees
        victims = [
            Party(copy_actor(v.actor, sector="REF")) if v.actor.sector == "CVL" else v
            for v in victims
        ]
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


SHELTER_WORDS = {"camp", "shelter", "displaced", "displacement", "refugee"}


def _hit_a_shelter(trigger: Trigger) -> bool:
    """The thing hit houses the displaced: a camp, a shelter, "a school sheltering families"."""
    for token in [*trigger.tokens, *trigger.consumed]:
        for child in token.children:
            if child.dep_ in {"dobj", "prep", "nsubj", "nsubjpass"}:
                if any(lemma(w) in SHELTER_WORDS for w in child.subtree):
                    return True
    return False


def _named_members(noun: Token, resolution: Resolution, lexicon: Lexicon) -> list[Party]:
    """The parties a noun phrase names; "seven countries, including Argentina and Chile" names
    only the ones it lists."""
    listed = [
        p
        for inner in children(noun, "prep")
        if inner.lower_ in {"including", "such"}
        for p in children(inner, "pobj")
    ]
    if listed:
        return [party for p in listed for party in actors_of(p, resolution, lexicon)]
    found = actors_of(noun, resolution, lexicon) + _object_owner(noun, resolution, lexicon)
    for inner in children(noun, "prep"):
        if inner.lower_ == "of":
            for p in children(inner, "pobj"):
                found += actors_of(p, resolution, lexicon)
    return found


THING_DEMANDED = {"demand", "seek"}
DEMAND_LEMMAS = {"demand", "urge", "ask", "insist", "request", "call"}


def _addressee_of_demand(token: Token, resolution: Resolution, lexicon: Lexicon) -> list[Party]:
    """ "demanded that the junta set a date": who is asked is the subject of the clause asked
    for (also for the protest that demands it)."""
    if lemma(token) not in DEMAND_LEMMAS:
        return []
    found: list[Party] = []
    for clause in children(token, "ccomp"):
        if any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children):
            for subject in children(clause, "nsubj", "nsubjpass"):
                found += actors_of(subject, resolution, lexicon)
    return found


def _threatened_acts(token: Token) -> list[Token]:
    """The verbs down the chain of a threat: "threatened to (keep) attack(ing) X", "would act
    to stop Tehran"."""
    acts: list[Token] = []
    frontier = [token]
    for _ in range(3):
        frontier = [
            c
            for t in frontier
            for c in t.children
            if c.dep_ in {"xcomp", "ccomp"}
            or (c.dep_ == "advcl" and any(a.lower_ == "to" for a in children(c, "aux")))
        ]
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


def fill_countries(parties: list[Party], country: str | None) -> list[Actor]:
    """Generic participants ("civilians", "police") take the country of the event's place."""
    filled = [
        copy_actor(p.actor, country=country)
        if p.actor.country is None and p.actor.sector not in {"IGO", "NGO"}
        else p.actor
        for p in parties
    ]
    return [p.actor for p in _unique([Party(a) for a in filled])]


def force_sector(parties: list[Party], named_only: bool = False) -> list[Party]:
    """States as the source of armed force are MIL (GUIDE.md conventions); with ``named_only``
    only a state named by its name ("Rwanda deployed a battalion"), not a ministry's seat
    ("the Pentagon deployed a battery" stays GOV)."""
    return [
        dataclasses.replace(p, actor=copy_actor(p.actor, sector="MIL"))
        if p.state and p.actor.sector == "GOV" and (p.country_name or not named_only)
        else p
        for p in parties
    ]
