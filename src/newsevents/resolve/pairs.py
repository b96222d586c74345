"""Plural references to two parties named before: "both sides", "the two countries".

News copy names two parties, then refers to them together: "Armenia ... Azerbaijan ... urged
**both sides** to exercise restraint", "**the two neighbours**", "**both warring parties**". This
module gives such a phrase one mention per party (over the same span, as the actor resolver does
for coordinated modifiers), taken from the nearest earlier mentions in the document.
"""

from __future__ import annotations

import re
from typing import Any

from newsevents.annotate.pipeline import doc_text
from newsevents.records import Actor
from newsevents.resolve.mentions import ActorMention

# Heads that speak of states (their governments) vs of sides of a conflict (any armed party).
STATE_HEADS = (
    "countries|governments|neighbou?rs|nations|states|leaders|ministers|presidents|capitals"
)
SIDE_HEADS = "sides|parties|warring parties|warring sides|belligerents|rivals|delegations"
PAIR_PHRASE = re.compile(
    rf"\b(?:both|the two|all|the warring)(?: warring)? (?P<head>{STATE_HEADS}|{SIDE_HEADS})\b",
    re.IGNORECASE,
)
STATE_HEAD = re.compile(rf"^(?:{STATE_HEADS})$", re.IGNORECASE)
PARTY_SECTORS = {"GOV", "MIL", "NSA", "COP", "PTY", "LEG"}
LOOKBACK_CHARS = 1500  # about three paragraphs of wire copy


def pair_mentions(doc: Any, actors: list[ActorMention]) -> list[ActorMention]:
    """Two mentions for each "both sides"-like phrase whose two parties can be found before it."""
    found: list[ActorMention] = []
    text = doc_text(doc)
    for match in PAIR_PHRASE.finditer(text):
        states = bool(STATE_HEAD.match(match.group("head")))
        parties = _last_two(actors, match.start(), states, _sentence_start(doc, match.start()))
        if len(parties) == 2:
            found.extend(
                ActorMention(match.start(), match.end(), match.group(0), actor, kind="group")
                for actor in parties
            )
    return found


def _sentence_start(doc: Any, char: int) -> int:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span.sent.start_char if span is not None else char


def _last_two(
    actors: list[ActorMention], before: int, states: bool, sentence_start: int
) -> list[Actor]:
    """The two nearest parties before a position, of two different countries if the text names
    two, else two sides of one country (an army and a rebel force). The first mention of the
    current sentence is skipped: it is usually whoever speaks of "both sides"."""
    in_sentence = [m for m in actors if sentence_start <= m.start < before]
    speaker = min(in_sentence, key=lambda m: m.start) if in_sentence else None
    candidates = [
        m.actor
        for m in sorted(actors, key=lambda m: m.start, reverse=True)
        if before - LOOKBACK_CHARS <= m.start < before
        and m is not speaker
        and not (speaker and speaker.start <= m.start < speaker.end)
        and m.actor.country
        and m.actor.sector in PARTY_SECTORS
    ]
    chosen: list[Actor] = []
    for actor in candidates:  # two countries
        if all(c.country != actor.country for c in chosen):
            chosen.append(actor)
        if len(chosen) == 2:
            break
    if len(chosen) < 2 and not states:  # one country: two armed sides of it, as they are
        chosen = []
        for actor in candidates:
            if all(c.sector != actor.sector for c in chosen):
                chosen.append(actor)
            if len(chosen) == 2:
                return [Actor(country=a.country, sector=a.sector) for a in chosen]
    # a state referred to as a side is its government; an armed group stays itself
    return [
        Actor(country=a.country, sector="NSA" if a.sector == "NSA" and not states else "GOV")
        for a in chosen[:2]
    ]
