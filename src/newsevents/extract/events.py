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
from newsevents.extract.attachment import attach, best_place
from newsevents.extract.frames import reporter_of, speech_frame, status_of
from newsevents.extract.incidents import (
    casualties,
    embedded_in,
    infer_mode,
    is_toll,
    merge_triggers,
    raids_that_seize,
)
from newsevents.extract.lexicon import Lexicon, load_lexicon
from newsevents.extract.participants import (
    STATE_KINDS,
    Party,
    copy_actor,
    fill_countries,
    force_sector,
    participants,
    subject_of,
)
from newsevents.extract.triggers import (
    Trigger,
    children,
    find_triggers,
    future_modal,
    lemma,
)
from newsevents.records import Actor, DateValue, Event, Evidence, Location, stable_id
from newsevents.resolve.dates import anchor as anchor_date
from newsevents.resolve.gazetteer import city_index, load_gazetteer
from newsevents.resolve.mentions import Resolution

log = logging.getLogger(__name__)

Token = Any
Span = Any

TROOP_MOVES = {"deploy", "mobilize", "mobilise", "send", "move", "mass", "reinforce"}
VICTIM_SECTORS = {"CVL", "REF"}
FORCE_SOURCE_TYPES = {"ASSAULT"}
QUOTED = re.compile(r"“[^”]*”?|\"[^\"]*\"?|«[^»]*»?")


@dataclass(slots=True)
class SentenceContext:
    index: int
    span: Span
    doc_country: str | None
    quoted: list[tuple[int, int]]


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
    triggers = raids_that_seize(merge_triggers(triggers))
    triggers = [t for t in triggers if not _lone_participle(t)]
    kept: list[tuple[Trigger, bool]] = []
    for trigger in triggers:
        if _counter_claim(trigger, lexicon):
            continue
        holder = embedded_in(trigger, triggers, lexicon)
        if holder is None:
            kept.append((trigger, False))
        elif holder.type == "THREATEN" and trigger.type not in {"REQUEST", "THREATEN"}:
            kept.append((trigger, True))  # the threatened act, as a hypothetical event
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
            events.append(_threat_from(event, trigger, resolution, lexicon))
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
    bare_participle = token.tag_ == "VBN" and not children(
        token, "aux", "auxpass", "nsubj", "nsubjpass", "dobj"
    )  # "a missile fired from X had fallen": a reduced relative, even when misparsed
    return trigger.type == "ASSAULT" and len(trigger.tokens) == 1 and bare_participle


def _counter_claim(trigger: Trigger, lexicon: Lexicon) -> bool:
    """ "X denied ..., saying the strikes hit a warehouse": the denier's own version of the
    incident (speech acts such as "but said it had asked Kabul to ..." are events)."""
    if trigger.type not in {"ASSAULT", "COERCE", "MOBILIZE"}:
        return False
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
    """A place inside an actor's name ("Lebanon's health ministry") is no event place; a seat
    named for its body after "in" ("talks in Brussels") is both, and stays a place."""
    for mention in resolution.actors:
        if (mention.start, mention.end) == (place.start, place.end) and mention.kind in {
            "organization", "metonym",
        }:  # fmt: skip
            continue
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


def _threat_from(event: Event, trigger: Trigger, resolution: Resolution, lexicon: Lexicon) -> Event:
    """ "Minsk said it would retaliate": the statement is a THREATEN by the state itself (GOV),
    beside the hypothetical attack (where a state as the source of force is MIL)."""
    sources, _ = participants(trigger, resolution, lexicon)
    own = [p.actor for p in sources if p.actor.country or p.actor.sector]
    threat = dataclasses.replace(
        event,
        id=stable_id("e", event.doc, event.evidence.sentence, trigger.token.i, "THREATEN"),
        type="THREATEN",
        mode=None,
        status="asserted",
        fatalities=None,
        injuries=None,
        location=None,
        source_actors=own or event.source_actors,
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
    targets = {a.country for a in event.target_actors}
    sources = {(a.country, a.sector) for a in event.source_actors}
    for other in earlier:
        if other.type != "ASSAULT" or other.status == "hypothetical":
            continue
        if sources and sources == {(a.country, a.sector) for a in other.source_actors}:
            other_targets = {a.country for a in other.target_actors}
            if targets and other_targets and not targets & other_targets:
                continue  # victims elsewhere: another incident ("killed two commanders")
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
        source_parties = force_sector(source_parties)
    elif trigger.type == "MOBILIZE" and lemma(trigger.token) in TROOP_MOVES:
        source_parties = force_sector(source_parties, named_only=True)
    if trigger.negated_reject:
        # "its forces would not withdraw" is the state refusing; the place is of the refused act
        source_parties = [
            Party(copy_actor(p.actor, sector="GOV"), p.state) if p.actor.sector == "MIL" else p
            for p in source_parties
        ]
        places = []
    location = (
        best_place(places, trigger.token.idx)
        or _visited_capital(trigger, resolution)
        or _where_clause_place(trigger, resolution)
    )
    reporter, _frame = reporter_of(trigger.token, resolution, lexicon)
    if reporter is not None and reporter.country and reporter.sector in STATE_REPORTERS:
        # "Serbia's defence ministry denied that troops had been moved": its own troops
        source_parties = [
            dataclasses.replace(p, actor=copy_actor(p.actor, country=reporter.country))
            if p.generic and p.actor.sector in FORCE_SECTORS
            else p
            for p in source_parties
        ]
    fill = (
        (location.country if location else None)
        or context.doc_country
        or next((p.actor.country for p in source_parties if p.actor.country), None)
    )  # generic participants ("terrorists", "civilians") are where the event is
    sources = [
        copy_actor(a, sector="GOV") if a.country and not a.sector else a
        for a in fill_countries(source_parties, fill)
    ]
    if reporter is not None and reporter.country is None and reporter.sector in GROUP_SECTORS:
        reporter = copy_actor(reporter, country=fill)  # "the rebels said": where the event is
    if not target_parties and location is not None and trigger.mode == "visit":
        target_parties = _host_of(location)
    if location is not None and location.country:
        # "killing eight civilians" in a village of Khost: victims are where the event is
        target_parties = [
            dataclasses.replace(p, actor=copy_actor(p.actor, country=location.country))
            if p.generic and p.actor.sector in VICTIM_SECTORS
            else p
            for p in target_parties
        ]
    targets = [a for a in fill_countries(target_parties, fill) if a.sector]

    if not sources and reporter is not None and _first_person_subject(trigger):
        sources = [copy_actor(reporter)]  # “We will not negotiate,” Noboa said
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
        mode=infer_mode(trigger, lexicon),
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


STATE_REPORTERS = {"GOV", "MIL", "COP"}
GROUP_SECTORS = {"NSA", "MIL", "COP", "CVL"}
FORCE_SECTORS = {"MIL", "COP"}


def _first_person_subject(trigger: Trigger) -> bool:
    subjects, _ = subject_of(trigger.token)
    return any(s.lower_ in {"we", "i"} for s in subjects)


def _host_of(location: Location) -> list[Party]:
    """A visit to a capital is a visit to its government ("expected in Beirut next week")."""
    entries = load_gazetteer().entries(location.name)
    if any(e.kind == "capital" and e.country == location.country for e in entries):
        return [Party(Actor(country=location.country, sector="GOV"), True)]
    return []


def _where_clause_place(trigger: Trigger, resolution: Resolution) -> Location | None:
    """ "in northern Gaza, where Israel said it had killed ...": the place the clause is on."""
    node = trigger.token
    for _ in range(8):
        if node.dep_ == "relcl" and any(c.lower_ == "where" for c in node.children):
            place = resolution.place_at(node.head.idx)
            return dataclasses.replace(place.location) if place else None
        if node.head == node:
            return None
        node = node.head
    return None


def _visited_capital(trigger: Trigger, resolution: Resolution) -> Location | None:
    """ "expected to visit Naypyitaw": the capital visited is both the host and the place."""
    if trigger.type != "CONSULT" or trigger.mode != "visit":
        return None
    token = trigger.token
    candidates = children(token, "dobj") + [
        p for prep in children(token, "prep") if prep.lower_ in {"to", "in"}
        for p in children(prep, "pobj")
    ]  # fmt: skip
    for candidate in candidates:
        mention = resolution.actor_at(candidate.idx)
        if mention is None or mention.kind != "metonym" or not mention.actor.country:
            continue
        cities = [
            c for c in city_index().get(candidate.text, []) if c.country == mention.actor.country
        ]
        if cities:
            city = max(cities, key=lambda c: c.population)
            return Location(candidate.text, city.country, None, city.lat, city.lon, "city")
    return None


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
