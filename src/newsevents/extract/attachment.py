"""Attach a sentence's places and dates to the trigger they describe."""

from __future__ import annotations

import dataclasses
from typing import Any

from newsevents.extract.incidents import path_to
from newsevents.extract.lexicon import Lexicon
from newsevents.extract.triggers import Trigger, lemma
from newsevents.records import Location

Token = Any
Span = Any

PLACE_RANK = {"point": 0, "city": 0, "admin1": 1, "region": 2, "country": 3, None: 4}


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
# Acts aimed at someone: a place inside their object says where the addressee is.
ADDRESS_TYPES = {"REJECT", "THREATEN", "ACCUSE", "REQUEST", "SUPPORT"}
TOPIC_PREPS = {"over", "about", "regarding", "concerning", "despite"}
DIRECTIONAL_PREPS = {"from", "to"}
# Types whose place may be where forces or aid go to or come from ("deployed to X").
MOVEMENT_TYPES = {"MOBILIZE", "RETREAT", "AID", "CONSULT"}
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
        if places and owner.type in ADDRESS_TYPES and node.dep_ in {"dobj", "xcomp", "ccomp"}:
            return False  # "urged the groups in Shan state to ...": where they are, not the act
        if node.dep_ == "prep" and places:
            if node.lower_ in TOPIC_PREPS:
                return False
            if node.lower_ in DIRECTIONAL_PREPS and owner.type not in MOVEMENT_TYPES:
                return False  # "recalled its envoy from Tehran": a party, not a place
        node = node.head
        if node.i not in stops and node.tag_ in {"VBD", "VBZ", "VBP"}:
            return False  # the place or date of another clause's verb
        if (
            node.i not in stops
            and node.pos_ == "VERB"
            and node.lemma_ in REPORTING_VERBS
            and owner.type not in (SPEECH_ACT_TYPES)
        ):
            return False  # "..., officials said on Monday": when it was said, not when it was
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
    for t in triggers:
        if t.nominal and t.token.dep_ == "pobj" and t.token.head.lower_ == "for":
            # "hosted officials for talks in Brasilia in January": the verb's adjuncts are the
            # talks' (when the verb is no event of its own)
            heads.setdefault(t.token.head.head.i, t)
    owned: dict[int, list[Any]] = {}
    index = {id(t): n for n, t in enumerate(triggers)}
    for item in items:
        head = _phrase_head(sentence, item.start, item.end)
        if head is None or (not places and _since(sentence, item)):
            continue  # "since Jan. 12" starts a period; it is not the event's date
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
                and path_to(t.token, anchor, {"ccomp", "conj", "parataxis"})
            ):
                owned.setdefault(n, []).append(item)
    _inherit(triggers, owned, places)
    return owned


def _since(sentence: Span, item: Any) -> bool:
    offset = item.start - sentence.start_char  # the sentence's text, not Doc.text (rebuilt)
    before = sentence.text[max(0, offset - 7) : offset].lower()
    return before.rstrip().endswith("since") or item.text.lower().startswith("since")


def _located_by_prep(head: Token, item: Any, places: bool) -> bool:
    """A whole country is where an event happened only after "in", "across"...; "recalled its
    envoy to Ethiopia" names a party, not a place."""
    if not places or getattr(item.location, "precision", None) != "country":
        return True
    return head.dep_ == "pobj" and head.head.lower_ in LOCATIVE_PREPS


REPORTING_VERBS = {"say", "tell", "report", "announce", "add", "state", "confirm"}
TEMPORAL_MARKS = {"after", "before", "while", "as", "when", "until"}


def _inherit(triggers: list[Trigger], owned: dict[int, list[Any]], places: bool) -> None:
    """A conjunct or a participle shares its head's date ("suspended X on Tuesday, accusing it
    of ..."); a conjunct or a temporal clause shares its place too ("withdrew from villages in
    Tavush and handed the area over", "detained protesters in Basra after they rallied")."""
    index = {t.token.i: n for n, t in enumerate(triggers)}
    for n, trigger in enumerate(triggers):
        token = trigger.token
        if n in owned or trigger.nominal or token.dep_ not in {"advcl", "conj"}:
            continue
        temporal = any(c.dep_ == "mark" and c.lower_ in TEMPORAL_MARKS for c in token.children)
        purpose = any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
        if places and token.dep_ == "advcl" and not (temporal or purpose):
            continue  # "rallied in Bamako to demand ...": the demand was made there too
        parent = index.get(token.head.i)
        if parent is not None and parent in owned:
            owned[n] = list(owned[parent])


def best_place(places: list[Any], verb_at: int = 0) -> Location | None:
    """The most precise place; between equals, one after the verb beats a scene-setting one
    before it ("In Khan Younis, tanks shelled the town of Bani Suheila")."""
    if not places:
        return None
    ranked = sorted(
        enumerate(places),
        key=lambda p: (PLACE_RANK.get(p[1].location.precision, 4), p[1].start < verb_at, p[0]),
    )
    return dataclasses.replace(ranked[0][1].location)
