"""The frame around a trigger: who reports it, and its status (planned, claimed, denied...)."""

from __future__ import annotations

from typing import Any

from newsevents.extract.lexicon import Lexicon
from newsevents.extract.participants import actors_of, subject_of
from newsevents.extract.triggers import Trigger, children, future_modal, lemma
from newsevents.records import Actor, DateValue
from newsevents.resolve.mentions import Resolution

Token = Any

CLAIMING_SIDES = {"MIL": {"MIL", "GOV"}, "NSA": {"NSA"}, "COP": {"COP"}}
FUTURE_DATE_WORDS = ("next", "coming", "tomorrow", "later this", "upcoming")
FUTURE_MODIFIERS = {"upcoming", "planned", "proposed", "scheduled", "future", "forthcoming"}


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
    subjects, _ = subject_of(frame)
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
        if node is token and marks & {"if", "unless"}:
            return True  # the consequence: "Israel could launch an offensive if talks fail"
        if dep in {"ccomp", "ROOT"} or node.dep_ == "ROOT":
            break
    return False


REPORT_NOUNS = {"report", "claim", "allegation", "accusation", "suggestion", "rumour", "rumor"}


def _denied_report(token: Token, lexicon: Lexicon) -> bool:
    """ "denied reports that its soldiers had fired on protesters"."""
    for dep, head in _ancestors(token)[:4]:
        if lemma(head) in REPORT_NOUNS and dep in {"acl", "ccomp", "relcl"}:
            return lemma(head.head) in lexicon.denial_verbs
    return False


def _offered(token: Token) -> bool:
    """ "offered to mediate", "offered to host talks": an option on the table, not yet taken."""
    infinitive = token.dep_ == "advcl" and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in token.children
    )
    return (token.dep_ == "xcomp" or infinitive) and lemma(token.head) == "offer"


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
    if threatened or _clause_has_if(token) or _under_ruling_out(token) or _offered(token):
        return "hypothetical"
    if _under(token, lexicon.denial_verbs, {"ccomp", "xcomp"}) or _denied_report(token, lexicon):
        return "denied"
    if _is_future(token, lexicon, dates) or _after_publication(dates, published):
        return "planned"
    if trigger.type == "ASSAULT" and responsibility_claim(token) is not None:
        return "claimed"  # "X claimed responsibility for the bombing that killed 20"
    if trigger.type == "ASSAULT" and reporter is not None:
        for source in sources:
            sides = CLAIMING_SIDES.get(source.sector or "", set())
            same_side = source.country == reporter.country and (
                reporter.country or source.sector == reporter.sector
            )  # "the rebels said they had shot down ...": no country, one group
            if same_side and reporter.sector in sides:
                return "claimed"
    return "asserted"


def responsibility_claim(token: Token) -> Token | None:
    """The verb of "claimed/admitted responsibility for <the event>", if the event is in it."""
    for _dep, head in _ancestors(token):
        if lemma(head) == "responsibility" and lemma(head.head) in {"claim", "admit", "accept"}:
            return head.head
    return None


def _is_future(token: Token, lexicon: Lexicon, dates: list[DateValue]) -> bool:
    if future_modal(token):
        return True
    if token.dep_ in {"nsubj", "nsubjpass"} and token.pos_ in {"NOUN", "PROPN"}:
        # "Talks are due to resume next week": the frame is on the noun's verb
        verb = token.head
        frame = [verb, *[c for c in verb.children if c.dep_ in {"acomp", "xcomp"}]]
        if any(lemma(w) in lexicon.plan_verbs or future_modal(w) for w in frame):
            return True
    for dep, head in _ancestors(token)[:3]:
        if dep in {"xcomp", "ccomp"} and (lemma(head) in lexicon.plan_verbs or future_modal(head)):
            if lemma(head) in lexicon.plan_verbs or dep == "xcomp":
                return True
        if dep not in {"xcomp", "conj", "dobj", "pobj", "prep"}:
            break
    if lemma(token) in lexicon.plan_verbs and token.tag_ != "VBD":
        return True  # "is expected in Beirut"; not "protesters set fire"
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
