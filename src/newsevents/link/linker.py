"""Cross-document linking within a run (and, given earlier records, across the store).

Documents arrive in order through :meth:`Linker.add` (or in bulk from the store through
:meth:`Linker.seed`). For each one the linker

1. marks it a near-duplicate of the earliest earlier copy (MinHash LSH, :mod:`.duplicates`);
2. pairs its claims into contradictions, in a declared order:
   * ``explicit_denial`` / ``conflicting_account`` inside the document: each denial ("denied
     that …", "… was false", "no ship had been hit") is paired with the claim it answers best
     (shared words, an accusation, the denier's country named); a denial verb or a word of
     falsity, or an answer to a claim naming the denier, is explicit, anything else is a
     conflicting account;
   * ``conflicting_figures`` inside the document: two sources giving different tolls of the
     same victims for one incident;
   * across documents (never between copies of one story): claims about the same incident
     (shared place, matching weekday, attack words, published within a few days) with different
     tolls, and denials in one report of what another report claims.

Each add costs about the same whatever the corpus size: the MinHash LSH finds candidate copies
without scanning, and the cross-document step looks only at an :class:`IncidentIndex`, which
blocks claims that can tell of an incident (a named place and attack words) by place and
publication day. A new claim meets the claims of its places published within
``INCIDENT_DAYS`` (plus the undated ones), never the whole corpus; each (place, day) bucket keeps
its ``MAX_BUCKET`` latest claims and one add links to at most ``MAX_LINKED_DOCS`` earlier reports.
Memory holds MinHash signatures, the indexed claims and the facts of the documents they belong
to (dropped when their last indexed claim leaves the buckets).
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict, deque
from collections.abc import Iterable

from newsevents.link.compare import (
    ClaimFacts,
    answerable,
    conflicting_figures,
    denial_score,
    facts_of,
    names_incident,
    same_incident,
)
from newsevents.link.duplicates import DuplicateIndex
from newsevents.records import Claim, Contradiction, Document, Event, stable_id

log = logging.getLogger(__name__)

# A denial must share this much with the claim it answers (words and classes count 1, an
# accusation 2, the denier's country named 2). Set on the dev set: true pairs score 3 to 8,
# unrelated claims of the same article 0 to 2.
MIN_DENIAL_SCORE = 3
CROSS_DENIAL_SCORE = 3  # the same across two reports of one incident
INCIDENT_DAYS = 3  # reports of one incident are published within this many days
# Bounds that make an add cost about the same at any corpus size. Far above what one incident
# gathers (dev: at most 2 claims in any place-and-day bucket, 1 earlier report per add); they
# only bite on a flood of near-identical reports of one place on one day.
MAX_BUCKET = 256  # latest claims kept for one (place, day)
MAX_NEAR = 128  # latest claims of one place within the day window a new claim is compared with
MAX_LINKED_DOCS = 64  # earlier reports of the same incident compared in full, latest first


def publication_day(published: str | None) -> int | None:
    """The day ordinal of an ISO publication date; None when undated or not a full date."""
    if not published:
        return None
    try:
        return datetime.date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


class IncidentIndex:
    """Claims that can tell of an incident, blocked by (place, publication day).

    A query for a place and a day returns the claims of that place published within
    ``INCIDENT_DAYS`` of it, plus those of undated documents (an undated query returns every
    day's), oldest first, so results do not depend on the blocking.
    """

    def __init__(self, per_bucket: int = MAX_BUCKET, near_limit: int = MAX_NEAR) -> None:
        self.per_bucket = per_bucket
        self.near_limit = near_limit
        self.buckets: dict[tuple[str, int | None], deque[tuple[int, ClaimFacts]]] = {}
        self.days: dict[str, set[int | None]] = defaultdict(set)
        self.held: dict[str, int] = defaultdict(int)  # doc id -> claims of it in the buckets
        self.seq = 0

    def add(self, fact: ClaimFacts, day: int | None) -> list[str]:
        """Index a claim under each of its places; return the docs that left the index."""
        self.seq += 1
        gone: list[str] = []
        for place in fact.places:
            bucket = self.buckets.setdefault((place, day), deque())
            if len(bucket) >= self.per_bucket:
                _, old = bucket.popleft()
                self.held[old.claim.doc] -= 1
                if self.held[old.claim.doc] <= 0:
                    del self.held[old.claim.doc]
                    gone.append(old.claim.doc)
            bucket.append((self.seq, fact))
            self.held[fact.claim.doc] += 1
            self.days[place].add(day)
        return gone

    def near(self, place: str, day: int | None) -> list[tuple[int, ClaimFacts]]:
        """(sequence, claim) of the place within the day window, oldest first (the latest
        ``MAX_NEAR`` of them)."""
        if day is None:
            days: Iterable[int | None] = self.days.get(place, ())
        else:
            days = [*range(day - INCIDENT_DAYS, day + INCIDENT_DAYS + 1), None]
        found = [item for d in days for item in self.buckets.get((place, d), ())]
        found.sort(key=lambda item: item[0])
        return found[-self.near_limit :]

    def holds(self, doc_id: str) -> bool:
        return doc_id in self.held


class Linker:
    """Fed documents with their events and claims in order; finds duplicates and contradictions."""

    def __init__(self) -> None:
        self.duplicates = DuplicateIndex()
        self.root: dict[str, str] = {}  # document id -> id of the earliest copy of its story
        self.published: dict[str, str | None] = {}
        self.incidents = IncidentIndex()
        self.claims: dict[str, list[ClaimFacts]] = {}  # facts of the documents in the index
        self.emitted: set[frozenset] = set()

    # ------------------------------------------------------------------ public
    def seed(
        self,
        documents: Iterable[Document],
        claims: Iterable[Claim],
        events: Iterable[Event] = (),
    ) -> None:
        """Pre-load what is already stored, so new documents link to it (nothing is returned).
        Stored events, when given, tell what each claim is about (as in :meth:`add`)."""
        by_doc: dict[str, list[Claim]] = defaultdict(list)
        for claim in claims:
            by_doc[claim.doc].append(claim)
        events_by_doc: dict[str, list[Event]] = defaultdict(list)
        for event in events:
            events_by_doc[event.doc].append(event)
        for document in documents:
            self._index_document(document)
            told = events_by_doc.get(document.id, [])
            self._remember(document, [facts_of(c, told) for c in by_doc.get(document.id, [])])

    def add(
        self, document: Document, events: list[Event], claims: list[Claim]
    ) -> list[Contradiction]:
        """Set ``document.duplicate_of`` if it repeats an earlier one; return new contradictions."""
        self._index_document(document)
        facts = [facts_of(claim, events) for claim in claims]
        found = self._within(facts)
        found += self._across(document, facts)
        self._remember(document, facts)
        return found

    # ------------------------------------------------------------------ documents
    def _index_document(self, document: Document) -> None:
        self.published[document.id] = document.published
        copy_of = self.duplicates.add(
            document.id, document.text, document.published, document.source
        )
        if copy_of is not None and document.duplicate_of is None:
            document.duplicate_of = self.root.get(copy_of, copy_of)
        self.root[document.id] = document.duplicate_of or document.id

    def _remember(self, document: Document, facts: list[ClaimFacts]) -> None:
        """Index the claims that can tell of an incident; keep their document's facts."""
        day = publication_day(document.published)
        indexed = [fact for fact in facts if names_incident(fact)]
        if not indexed:
            return
        self.claims[document.id] = facts
        for fact in indexed:
            for gone in self.incidents.add(fact, day):
                if gone != document.id:
                    self.claims.pop(gone, None)

    # ------------------------------------------------------------------ contradictions
    def _emit(self, one: ClaimFacts, other: ClaimFacts, basis: str) -> Contradiction | None:
        """A contradiction between two claims, once per pair of sentences."""
        a, b = one.claim, other.claim
        key = frozenset(((a.doc, a.evidence.sentence), (b.doc, b.evidence.sentence)))
        if len(key) < 2 or key in self.emitted:
            return None
        self.emitted.add(key)
        ids = sorted((a.id, b.id))
        return Contradiction(id=stable_id("x", *ids, basis), claims=ids, basis=basis)

    def _within(self, facts: list[ClaimFacts]) -> list[Contradiction]:
        found: list[Contradiction] = []
        answers: dict[tuple, tuple[int, ClaimFacts, ClaimFacts]] = {}
        for denial in facts:
            if not denial.denial or denial.accusation:
                continue
            scored = self._best_answer(denial, facts, MIN_DENIAL_SCORE)
            if scored is None:
                continue
            # one denier answers one claim once: its best-matching denial of it
            key = (scored[1].claim.id, denial.key)
            if key not in answers or scored[0] > answers[key][0]:
                answers[key] = (scored[0], scored[1], denial)
        for _, best, denial in sorted(answers.values(), key=lambda item: item[2].claim.id):
            explicit = denial.explicit or (
                denial.claim.claimant.country is not None
                and denial.claim.claimant.country in best.countries
            )
            basis = "explicit_denial" if explicit else "conflicting_account"
            contradiction = self._emit(best, denial, basis)
            if contradiction:
                found.append(contradiction)
        figures = [f for f in facts if f.claim.figure is not None]
        for i, one in enumerate(figures):
            for other in figures[i + 1 :]:
                if one.key != other.key and conflicting_figures(one, other):
                    contradiction = self._emit(one, other, "conflicting_figures")
                    if contradiction:
                        found.append(contradiction)
        return found

    def _best_answer(
        self, denial: ClaimFacts, candidates: Iterable[ClaimFacts], minimum: int
    ) -> tuple[int, ClaimFacts] | None:
        """The claim a denial answers best (never a running toll), with its score."""
        best: tuple[int, ClaimFacts] | None = None
        for other in candidates:
            if other is denial or other.key == denial.key or other.denial or other.toll:
                continue
            if other.claim.evidence.sentence == denial.claim.evidence.sentence and (
                other.claim.doc == denial.claim.doc
            ):
                continue
            if not answerable(denial, other):
                continue
            score = denial_score(denial, other)
            if score >= minimum and (best is None or score > best[0]):
                best = (score, other)
        return best

    def _across(self, document: Document, facts: list[ClaimFacts]) -> list[Contradiction]:
        """Contradictions with earlier documents that report the same incident."""
        found: list[Contradiction] = []
        root = self.root[document.id]
        day = publication_day(document.published)
        linked: dict[str, int] = {}  # earlier doc -> latest sequence of a claim that linked it
        for fact in facts:
            if not names_incident(fact):
                continue  # same_incident needs a place and attack words on both sides
            for place in sorted(fact.places):
                for seq, other in self.incidents.near(place, day):
                    if self.root.get(other.claim.doc) == root or other.claim.doc == document.id:
                        continue
                    if not self._close_in_time(document.id, other.claim.doc):
                        continue
                    if not same_incident(fact, other):
                        continue
                    linked[other.claim.doc] = max(seq, linked.get(other.claim.doc, 0))
                    if conflicting_figures(fact, other):
                        contradiction = self._emit(other, fact, "conflicting_figures")
                        if contradiction:
                            found.append(contradiction)
        latest = sorted(linked, key=lambda d: linked[d], reverse=True)[:MAX_LINKED_DOCS]
        for other_doc in sorted(latest):
            others = self.claims.get(other_doc, [])
            # two reports of one incident: every pair of differing tolls of the same victims
            for fact in facts:
                for other in others:
                    if fact.key != other.key and conflicting_figures(fact, other):
                        contradiction = self._emit(other, fact, "conflicting_figures")
                        if contradiction:
                            found.append(contradiction)
            for denials, answers in ((facts, others), (others, facts)):
                for denial in [f for f in denials if f.explicit and not f.accusation]:
                    scored = self._best_answer(denial, answers, CROSS_DENIAL_SCORE)
                    if scored is not None:
                        contradiction = self._emit(scored[1], denial, "explicit_denial")
                        if contradiction:
                            found.append(contradiction)
        return found

    def _close_in_time(self, one: str, other: str) -> bool:
        first, second = self.published.get(one), self.published.get(other)
        if not first or not second:
            return True
        try:
            delta = datetime.date.fromisoformat(first[:10]) - datetime.date.fromisoformat(
                second[:10]
            )
        except ValueError:
            return True
        return abs(delta.days) <= INCIDENT_DAYS
