"""Claims: attributed propositions (and running tolls) with their claimant and stance.

Every quote with a speaker is a claim by that speaker: its text is the reported proposition, its
stance ``denies`` when the speech verb denies ("denied that P", "dismissed …") or the proposition
calls something false ("the statement … was false", "a fabrication") or says a reported act did
not happen ("no ship had been hit"). Accusations ("Kinshasa accused Rwanda of …", "residents
blamed the army") are claims too, because denials answer them. A quote that gives casualty
figures yields one claim per figure (``figure`` set), so the linker can compare tolls across
sources; running tolls ("since October 2023") are kept as claims, never as event counts.
"""

from __future__ import annotations

import bisect
import re

from newsevents.annotate.pipeline import AnnotatedDocument
from newsevents.extract.figures import find_figures
from newsevents.extract.speakers import SpeakerResolver
from newsevents.extract.speech import lexicon
from newsevents.records import Claim, Event, Evidence, Quote, stable_id
from newsevents.resolve.mentions import Resolution

MIN_DIRECT_WORDS = 4  # a direct quote shorter than this ("a blatant lie") is no proposition
ACCUSE_LEMMAS = ("accuse", "blame")
# A reported proposition that says an act did not happen or a thing does not exist: "no ship
# had been hit", "its troops had not crossed", "there were no negotiations", "observed no …".
NEGATED = re.compile(
    r"\bno \w+(?: \w+)? (?:had|has|have|was|were|is|are)\b"
    r"|\b(?:had|has|have|was|were|did|is|are)(?:n't| not| never)\b"
    r"|\bthere (?:was|were|is|are|had been|has been|have been) no\b"
    r"|\b(?:observed|seen|found|recorded|detected|reported) no\b",
    re.I,
)


def extract_claims(
    adoc: AnnotatedDocument, resolution: Resolution, events: list[Event], quotes: list[Quote]
) -> list[Claim]:
    """Claims of one document: from its quotes (one per figure) and its accusations."""
    document = adoc.document
    claims: list[Claim] = []
    for quote in quotes:
        if quote.speaker is None:
            continue
        if quote.type == "direct" and len(quote.text.split()) < MIN_DIRECT_WORDS:
            continue
        stance = quote_stance(quote)
        about = event_about(events, quote.evidence.start, quote.evidence.end)
        figures = [f for f in find_figures(quote.text) if f.kind == "killed"]
        if not figures:
            claims.append(_claim(document.id, quote, stance, about, None))
        for figure in figures:
            claims.append(_claim(document.id, quote, stance, about, figure))
    claims.extend(accusation_claims(adoc, resolution, events, claims))
    return claims


def _claim(doc_id: str, quote: Quote, stance: str, about: str | None, figure) -> Claim:
    # the figure's text keeps its victims ("three children"): the linker compares like with like
    count = figure.count if figure is not None else None
    text = quote.text
    parts = (doc_id, quote.evidence.start, quote.evidence.end, count.text if count else "")
    return Claim(
        id=stable_id("c", *parts),
        doc=doc_id,
        claimant=quote.speaker,
        text=text,
        stance=stance,
        evidence=quote.evidence,
        about=about,
        figure=count,
    )


DENY_CUES = {"denied", "denies", "deny", "denying", "dismissed", "dismisses", "dismissing",
             "rejected", "refuted", "disputed", "rebutted"}  # fmt: skip


def quote_stance(quote: Quote) -> str:
    """``denies`` for denial verbs, falsity words, and reported propositions that an act did
    not happen (a direct quote's negation is rhetoric more often than a denial: not counted)."""
    if is_explicit_denial(quote.cue, quote.text):
        return "denies"
    split = re.search(r"[,.!?][”\"]\s", quote.text)  # "“A,” he said. “B.”": a direct quote
    if quote.type != "direct" and not split and is_negated(quote.text):
        return "denies"
    return "asserts"


def is_explicit_denial(cue: str | None, text: str) -> bool:
    """A denial verb ("denied that P") or a word of falsity ("P was false", "a fabrication")."""
    if (cue or "").lower() in DENY_CUES:
        return True
    lowered = text.lower()
    return any(re.search(rf"\b{re.escape(word)}\b", lowered) for word in lexicon().falsity)


def is_negated(text: str) -> bool:
    """Whether a proposition says that something did not happen or does not exist."""
    return bool(NEGATED.search(re.sub(r"[\"“”«»]", "", text)))


def event_about(events: list[Event], start: int, end: int) -> str | None:
    """The event whose evidence lies in (or overlaps most with) a span of the body."""
    best: tuple[int, str] | None = None
    for event in events:
        ev = event.evidence
        shared = min(end, ev.end) - max(start, ev.start)
        if shared <= 0:
            continue
        score = shared
        if best is None or score > best[0]:
            best = (score, event.id)
    return best[1] if best else None


def _accusation_end(verb) -> int:  # noqa: ANN001 (a spaCy Token)
    """Index of the accusation's last token: the verb's phrase without a coordinated act of
    its own ("accused X of Y and ordered the army to …": the order is not the accusation)."""
    skipped = {
        t.i
        for child in verb.children
        if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX") and child.i > verb.i
        for t in child.subtree
    }
    kept = [
        t.i
        for t in verb.subtree
        if t.i not in skipped and not (t.dep_ == "cc" and t.head == verb and t.i > verb.i)
    ]
    right = max(kept)
    while right > verb.i and verb.doc[right].is_punct:
        right -= 1
    return right


def accusation_claims(
    adoc: AnnotatedDocument, resolution: Resolution, events: list[Event], claims: list[Claim]
) -> list[Claim]:
    """ "X accused Y of Z" / "X blamed Y": claims by X that denials may answer."""
    document = adoc.document
    text = document.text
    sents = list(adoc.doc.sents)
    starts = [s.start_char for s in sents]
    resolver: SpeakerResolver | None = None
    found: list[Claim] = []
    for token in adoc.doc:
        if token.lemma_.lower() not in ACCUSE_LEMMAS or token.pos_ != "VERB":
            continue
        resolver = resolver or SpeakerResolver(adoc, resolution)
        subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None and token.dep_ in ("conj", "advcl"):
            subject = next((c for c in token.head.children if c.dep_ == "nsubj"), None)
        if subject is None:
            continue
        s_start = subject.left_edge.idx
        s_end = subject.right_edge.idx + len(subject.right_edge)
        claimant = resolver.resolve(s_start, s_end, subject.idx)
        if claimant is None:
            continue
        right = _accusation_end(token)
        start = token.idx
        end = adoc.doc[right].idx + len(adoc.doc[right])
        end = min(end, token.sent.end_char)
        index = max(0, bisect.bisect_right(starts, start) - 1)
        evidence = Evidence(
            sentence=index,
            start=start,
            end=end,
            text=sents[index].text,
            trigger=token.text,
        )
        found.append(
            Claim(
                id=stable_id("c", document.id, start, end, "accuse"),
                doc=document.id,
                claimant=claimant,
                text=text[start:end],
                stance="asserts",
                evidence=evidence,
                about=event_about(events, start, end),
            )
        )
    return found
