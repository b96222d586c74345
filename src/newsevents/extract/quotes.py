"""Quote extraction: direct, indirect and mixed quotes with their speakers.

Find first, then decide (spaCy's ``match``/``set_annotations`` habit):

1. **Candidates.** Quoted segments between quotation marks (:mod:`newsevents.extract.speech`) and
   attributions: speech verbs with a reported clause (``ccomp``) or a speaker ("X said that P",
   "P, X said", "X denied that P", "saying P"), and "according to X".
2. **Quotes.** A reported clause is an indirect quote, or ``mixed`` when it holds a quoted
   phrase; a clause that is all quotation is the attribution of a direct quote. Quoted segments
   left over are direct quotes; two segments split by an attribution ("“A,” he said. “B.”") are
   one mixed quote; short scare quotes inside a noun phrase (the “military and security”
   meeting) are dropped.
3. **Speakers.** The speaker span is the subject of the speech verb (its whole noun phrase), the
   object of "according to", the source in "X quoted a source as saying", or the subject of the
   verb governing a quoted phrase ("calling them “…”"); :mod:`newsevents.extract.speakers` turns it
   into an Actor (the document's resolution, plus speaker coreference for "the statement").

"X urged/accused/called on Y to …" is an event, never a quote: those verbs are not speech verbs.
"""

from __future__ import annotations

import bisect
import dataclasses
import logging
from dataclasses import dataclass, field
from typing import Any

from newsevents.annotate.pipeline import AnnotatedDocument
from newsevents.extract.speakers import SpeakerResolver, speaker_words
from newsevents.extract.speech import Segment, lexicon, paragraphs, quoted_segments
from newsevents.records import Actor, Evidence, Quote, stable_id
from newsevents.resolve.mentions import Resolution

log = logging.getLogger(__name__)

DIRECT_COVER = 0.8  # a clause this much inside quotation marks is a direct quote's attribution
SCARE_MAX_WORDS = 3  # quoted phrases this short inside a noun phrase are scare quotes
SPLIT_GAP_MAX = 160  # characters an attribution between two halves of a split quote may take
SUBJECT_DEPS = ("nsubj", "nsubjpass")
CLAUSE_DEPS = ("ccomp",)
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
SCARE_DEPS = ("amod", "compound", "nmod", "poss", "nummod")
TRAILING_MAX_TOKENS = 16  # words a trailing speaker ("…, a diplomat who … said") may take


@dataclass(slots=True)
class Attribution:
    """A speech verb (or "according to") with its speaker span and reported clause."""

    cue: Any  # spaCy Token: the verb, or "according"
    speaker: tuple[int, int] | None  # character span of the speaker noun phrase
    speaker_head: int | None  # character offset of the speaker's head word
    clause: tuple[int, int] | None  # character span of the reported clause
    deny: bool = False
    quoting: tuple[int, int] | None = None  # "X quoted Y as saying": X's span


@dataclass(slots=True)
class Draft:
    """A quote before its record is built."""

    start: int
    end: int
    type: str
    attribution: Attribution | None
    segments: list[Segment] = field(default_factory=list)
    speaker: Actor | None = None


def extract_quotes(adoc: AnnotatedDocument, resolution: Resolution) -> list[Quote]:
    """Every direct, indirect and mixed quote of a document, in text order."""
    return QuoteExtractor(adoc, resolution).run()


class QuoteExtractor:
    """Quotes of one document (keeps the parse, segments and speaker memory together)."""

    def __init__(self, adoc: AnnotatedDocument, resolution: Resolution) -> None:
        self.adoc = adoc
        self.document = adoc.document
        self.text: str = adoc.document.text
        self.doc = adoc.doc
        self.lex = lexicon()
        self.sents = list(self.doc.sents)
        self.sent_starts = [s.start_char for s in self.sents]
        self.segments = quoted_segments(self.text)
        self.paras = paragraphs(self.text)
        self.speakers = SpeakerResolver(adoc, resolution)
        self.by_span: dict[tuple[int, int], Actor | None] = {}  # speaker span -> its actor

    # ------------------------------------------------------------------ helpers
    def sentence_index(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, char) - 1)

    def in_segment(self, char: int) -> Segment | None:
        for segment in self.segments:
            if segment.open_at <= char < segment.outer_end:
                return segment
        return None

    def paragraph_of(self, char: int) -> int:
        for n, (start, end) in enumerate(self.paras):
            if start <= char <= end:
                return n
        return -1

    # ------------------------------------------------------------------ run
    def run(self) -> list[Quote]:
        attributions = self.find_attributions()
        drafts, used = self.indirect_drafts(attributions)
        drafts += self.direct_drafts(attributions, used)
        drafts.sort(key=lambda d: d.start)
        self.assign_speakers(drafts)
        return [self.build(d) for d in drafts if d.end > d.start]

    # ------------------------------------------------------------------ attributions
    def find_attributions(self) -> list[Attribution]:
        """Speech verbs with a clause or a speaker, and "according to X", outside quotations."""
        found: list[Attribution] = []
        for token in self.doc:
            if self.in_segment(token.idx) is not None:
                continue
            if token.lower_ == "according" and token.i + 1 < len(self.doc):
                attribution = self._according(token)
                if attribution:
                    found.append(attribution)
                continue
            if token.pos_ not in ("VERB", "AUX") or token.lemma_.lower() not in self.lex.speech:
                continue
            attribution = self._speech_verb(token)
            if attribution:
                found.append(attribution)
        return found

    def _according(self, token: Any) -> Attribution | None:
        nxt = self.doc[token.i + 1]
        if nxt.lower_ != "to":
            return None
        objects = [c for c in nxt.children if c.dep_ == "pobj"]
        if not objects:
            return None
        obj = objects[0]
        speaker = (obj.left_edge.idx, obj.right_edge.idx + len(obj.right_edge))
        sent = token.sent
        # the clause is the rest of the sentence, on the side away from "according to X"
        before = (sent.start_char, token.idx)
        after = (speaker[1], sent.end_char)
        left = self.text[before[0] : before[1]].strip(" ,")
        right = self.text[after[0] : after[1]].strip(" ,.")
        clause = before if len(left) >= len(right) else after
        return Attribution(token, speaker, obj.idx, self._trim(clause))

    def _speech_verb(self, verb: Any) -> Attribution | None:
        lemma = verb.lemma_.lower()
        clause_tok = next((c for c in verb.children if c.dep_ in CLAUSE_DEPS), None)
        if clause_tok is None:
            clause_tok = self._clause_after_noun(verb)
        subject = self._subject(verb)
        quoting = None
        if lemma == "say" and verb.dep_ == "pcomp" and verb.head.lower_ == "as":
            quote_verb = verb.head.head
            if quote_verb.lemma_.lower() == "quote":
                objects = [c for c in quote_verb.children if c.dep_ == "dobj"]
                if objects:
                    quoting = self._subject(quote_verb)
                    subject = objects[0]
        if lemma == "quote":
            return None
        if lemma == "read" or (lemma in ("add", "say") and subject is not None):
            if lemma == "read" and (subject is None or not self._is_document(subject)):
                return None
        if clause_tok is None:
            if lemma in self.lex.need_that:
                return None
            trailing = self._surface_trailing(verb)
            if subject is None or (
                trailing is not None and self._np_span(subject)[0] < trailing.speaker[0]  # type: ignore[index]
            ):
                # the parse lost the speaker of "P, a diplomat who … said" (or took P's subject
                # for it): the words between the last comma and the verb
                return trailing or self._participle_clause(verb, subject)
            # "“…,” he said." / "P, the officer said.": an attribution without its own clause
            speaker = self._np_span(subject)
            clause = self._parataxis_clause(verb, speaker)
            if clause is None and trailing is None:
                participle = self._participle_clause(verb, subject)
                if participle is not None:
                    return participle
            return Attribution(verb, speaker, subject.idx, clause)
        has_that = clause_tok.left_edge.lower_ == "that" or any(
            c.lower_ == "that" and c.i < clause_tok.i for c in clause_tok.children
        )
        if lemma in self.lex.need_that and not has_that:
            return None
        limit = None
        if subject is None and clause_tok.i < verb.i:
            bounds = self._trailing_bounds(verb, 11)
            limit = bounds[0] if bounds is not None else None  # the speaker is not P's
        clause = self._clause(verb, clause_tok, limit)
        speaker = self._np_span(subject) if subject is not None else None
        if subject is None and clause_tok.i < verb.i:
            speaker = self._trailing_speaker(verb)
        quoting_span = self._np_span(quoting) if quoting is not None else None
        deny = lemma in self.lex.deny
        head = subject.idx if subject is not None else None
        return Attribution(verb, speaker, head, clause, deny, quoting_span)

    def _clause_after_noun(self, verb: Any) -> Any | None:
        """ "said in a statement that P" parsed with P hanging on "statement"."""
        for prep in verb.children:
            if prep.dep_ != "prep" or prep.i < verb.i:
                continue
            for noun in prep.children:
                for child in noun.children:
                    if (
                        child.dep_ in ("acl", "ccomp")
                        and child.i > noun.i
                        and any(c.dep_ == "mark" and c.lower_ == "that" for c in child.children)
                    ):
                        return child
        return None

    def _parataxis_clause(self, verb: Any, speaker: tuple[int, int]) -> tuple[int, int] | None:
        """ "P, X said, in …" parsed as a side clause: P is the sentence up to the comma."""
        sent = verb.sent
        first = min(speaker[0], verb.idx)
        before = self.text[sent.start_char : first].rstrip()
        if not before.endswith(",") or self.in_segment(max(sent.start_char, first - 3)):
            return None
        after = self.text[max(speaker[1], verb.idx + len(verb)) : sent.end_char].lstrip()
        if after[:1] not in (",", ".", "") and not after.lower().startswith(("on ", "in ")):
            return None
        if len(before.split()) < 4:
            return None
        return self._trim((sent.start_char, first))

    def _surface_trailing(self, verb: Any) -> Attribution | None:
        """ "P, a diplomat who declined to be named said (on condition of anonymity)." read from
        the surface when the parse hangs the verb elsewhere: the speaker is the noun phrase
        between the last comma and the verb (a relative clause included), the clause is the
        sentence up to that comma. Only at the end of a sentence, after four words or more."""
        sent = verb.sent
        tail = [t for t in self.doc[verb.i + 1 : sent.end] if not t.is_space]
        if tail and tail[0].is_punct is False and tail[0].pos_ not in ("ADP", "ADV", "SCONJ"):
            return None  # "said the ministry" / "said that …": the parse handles those
        if any(t.pos_ in ("VERB", "AUX") and t.dep_ in ("ccomp", "conj") for t in tail):
            return None
        bounds = self._trailing_bounds(verb, TRAILING_MAX_TOKENS)
        if bounds is None or self.doc[bounds[0]].text != ",":
            return None
        comma, last, piece_end = bounds
        words = self.doc[comma + 1 : last + 1]
        first = words[0]
        if first.pos_ not in ("DET", "PROPN", "NOUN", "ADJ", "PRON", "NUM"):
            return None
        if first.pos_ == "PRON" and first.lower_ not in ("its", "their", "his", "her", "he", "she"):
            return None
        relative = next(
            (t.i for t in words if t.lower_ in RELATIVE_PRONOUNS and t.i > first.i), verb.i
        )
        if any(t.tag_ in ("VBD", "VBZ", "VBP") for t in words if t.i < relative):
            return None  # a clause of its own, not a noun phrase
        nouns = [
            t
            for t in words
            if t.i < min(relative, piece_end) and t.pos_ in ("NOUN", "PROPN", "PRON")
        ]
        if not nouns:
            return None
        clause = self._trim((sent.start_char, self.doc[comma].idx))
        if len(self.text[clause[0] : clause[1]].split()) < 4 or self.in_segment(clause[0]):
            return None
        speaker = (first.idx, words[-1].idx + len(words[-1]))
        return Attribution(verb, speaker, nouns[-1].idx, clause)

    def _participle_clause(self, verb: Any, subject: Any | None) -> Attribution | None:
        """ ", saying the measure concerned only units in position" parsed as an object noun
        with a participle instead of a clause: the rest of the sentence is what was said."""
        if subject is None or verb.lower_ not in self.lex.participles:
            return None
        prev = verb.nbor(-1) if verb.i > verb.sent.start else None
        if prev is None or prev.text not in (",", ";", "—", "–"):
            return None
        rest = [t for t in self.doc[verb.i + 1 : verb.sent.end]]
        cut = next((t.i for t in rest if t.i > verb.i + 1 and self._breaks_clause(t, verb)), None)
        rest = [t for t in rest if cut is None or t.i < cut]
        rest = [t for t in rest if not t.is_space]
        if len(rest) < 3 or not any(t.pos_ in ("VERB", "AUX") for t in rest):
            return None
        if rest[0].pos_ not in ("DET", "NOUN", "PROPN", "PRON", "NUM", "ADJ"):
            return None
        clause = self._trim((rest[0].idx, rest[-1].idx + len(rest[-1])))
        speaker = self._np_span(subject)
        return Attribution(verb, speaker, subject.idx, clause)

    def _trailing_bounds(self, verb: Any, limit: int) -> tuple[int, int, int] | None:
        """Token indexes (opening mark, last speaker token, end of the speaker's first piece) of
        the words before a trailing verb: "P, the ministry said" or, with an appositive closed
        by a comma, "P, the camp's president, Jean-Paul Kasereka, said"."""
        marks = (",", "”", '"')
        sent_start = verb.sent.start

        def back(i: int) -> int | None:
            while i > sent_start and self.doc[i].text not in marks and verb.i - i <= limit:
                i -= 1
            return i if i > sent_start and self.doc[i].text in marks else None

        last = verb.i - 1
        if last > sent_start and self.doc[last].text == ",":
            # an appositive closed by a comma: step over it to the comma that opens the speaker
            inner = back(last - 1)
            if inner is None or self.doc[inner].text != "," or inner >= last - 1:
                return None
            opening = back(inner - 1)
            if opening is None or opening >= inner - 1:
                return None
            return opening, last - 1, inner
        opening = back(last)
        if opening is None or opening >= last:
            return None
        return opening, last, last + 1

    def _trailing_speaker(self, verb: Any) -> tuple[int, int] | None:
        """ "P, the Syrian Observatory for Human Rights said": the words between comma and verb."""
        bounds = self._trailing_bounds(verb, 11)
        if bounds is None:
            return None
        first, last = self.doc[bounds[0] + 1], self.doc[bounds[1]]
        return first.idx, last.idx + len(last)

    def _is_document(self, token: Any) -> bool:
        return token.lemma_.lower() in self.lex.document_nouns or token.lower_ in (
            self.lex.document_nouns
        )

    def _subject(self, verb: Any) -> Any | None:
        """The subject of a verb, climbing through participles, conjuncts and relative clauses."""
        before = verb.nbor(-1) if verb.i > verb.sent.start else None
        if (
            before is not None
            and before.dep_ == "appos"
            and before.pos_ in ("NOUN", "PROPN")
            and not any(c.dep_ in SUBJECT_DEPS for c in verb.children)
        ):
            # "In remarks to X, a Russian diplomat described …" parsed with the diplomat as an
            # apposition of X and no subject: the noun phrase right before the verb
            return before
        seen = 0
        while verb is not None and seen < 6:
            seen += 1
            for child in verb.children:
                if child.dep_ in SUBJECT_DEPS:
                    if child.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                        return verb.head
                    return child
            if (
                verb.dep_ in ("advcl", "conj", "xcomp", "pcomp", "acl", "prep")
                and verb.head != verb
            ):
                verb = verb.head
                # "said P, adding …" parsed with "adding" under P: the speaker is the sayer's
                while verb.dep_ == "ccomp" and verb.head.lemma_.lower() in self.lex.speech:
                    verb = verb.head
                continue
            if verb.dep_ == "pobj" and verb.head != verb:
                verb = verb.head
                continue
            return None
        return None

    def _np_span(self, token: Any) -> tuple[int, int]:
        left, right = token.left_edge, token.right_edge
        start, end = left.idx, right.idx + len(right)
        return start, end

    def _clause(
        self, verb: Any, clause_tok: Any, limit: int | None = None
    ) -> tuple[int, int] | None:
        """The reported clause: the ``ccomp`` subtree, cut where the speaker's next act starts
        (and before token ``limit``: a trailing speaker the parse put inside the clause)."""
        tokens = sorted(clause_tok.subtree, key=lambda t: t.i)
        if limit is not None:
            tokens = [t for t in tokens if t.i < limit]
        cut_at: int | None = None
        if clause_tok.i < verb.i:
            # trailing attribution "P, X said": the clause stops before the speaker/verb
            limit = (
                min(verb.i, *(t.i for t in verb.children if t.dep_ in SUBJECT_DEPS))
                if any(t.dep_ in SUBJECT_DEPS for t in verb.children)
                else verb.i
            )
            tokens = [t for t in tokens if t.i < limit]
        for token in tokens:
            if token.i <= clause_tok.i:
                continue
            if self._breaks_clause(token, clause_tok):
                cut_at = token.i
                break
        if cut_at is not None:
            tokens = [t for t in tokens if t.i < cut_at]
        tokens = [
            t
            for t in tokens
            if not (
                t.dep_ == "mark"
                and t.lower_ == "that"
                and t.head == clause_tok
                and t.i < clause_tok.i
            )
        ]
        if not tokens:
            return None
        start = tokens[0].idx
        end = tokens[-1].idx + len(tokens[-1])
        return self._trim((start, end))

    def _breaks_clause(self, token: Any, clause_tok: Any) -> bool:
        """Where a reported clause ends: ", saying/adding …", "and urged …", ", a claim …"."""
        lower = token.lower_
        prev = token.nbor(-1) if token.i > 0 else None
        after_comma = prev is not None and prev.text in (",", ";", "—", "–")
        if lower in self.lex.participles and after_comma:
            return True
        if lower == "according" and after_comma:
            return True
        if token.dep_ == "conj" and token.pos_ == "VERB" and token.head == clause_tok:
            own_subject = any(c.dep_ in SUBJECT_DEPS for c in token.children)
            if not own_subject and token.lemma_.lower() in self.lex.clause_breakers:
                return True
            if (
                not own_subject
                and token.tag_ == "VBD"
                and any(c.dep_ in ("aux", "auxpass") for c in clause_tok.children)
            ):
                return True
        if after_comma and lower in ("a", "an") and token.i + 1 < len(self.doc):
            nxt = token.nbor(1)
            if nxt.lower_ in self.lex.comment_nouns:
                return True
        return False

    def _trim(self, span: tuple[int, int]) -> tuple[int, int]:
        start, end = span
        while start < end and self.text[start] in " ,;:—–-\n":
            start += 1
        while end > start and self.text[end - 1] in " ,;:—–-\n":
            end -= 1
        if end > start and self.text[end - 1] == ".":
            if self.text[end - 2 : end] not in ("U.", "S.") or end - start < 4:
                end -= 1
        return start, end

    # ------------------------------------------------------------------ drafts
    def _segments_in(self, start: int, end: int) -> list[Segment]:
        return [s for s in self.segments if s.start < end and s.end > start]

    def indirect_drafts(
        self, attributions: list[Attribution]
    ) -> tuple[list[Draft], dict[Segment, Attribution]]:
        """Indirect and mixed quotes from reported clauses; segments they attribute or absorb."""
        drafts: list[Draft] = []
        used: dict[Segment, Attribution] = {}
        clauses = sorted(
            (a for a in attributions if a.clause is not None),
            key=lambda a: -(a.clause[1] - a.clause[0]),  # type: ignore[index]
        )
        for attribution in clauses:
            start, end = attribution.clause  # type: ignore[misc]
            if end - start < 3:
                continue
            if any(d.start <= start and end <= d.end for d in drafts):
                continue  # a clause nested in another quote's clause
            inside = self._segments_in(start, end)
            quoted = sum(min(end, s.end) - max(start, s.start) for s in inside)
            if inside and quoted >= DIRECT_COVER * (end - start):
                for segment in inside:
                    used.setdefault(segment, attribution)
                continue
            if any(s.start < start < s.end or s.start < end < s.end for s in inside):
                # a clause that cuts a quotation in half: extend it to the quotation's end
                for s in inside:
                    if s.start < end < s.end:
                        end = s.outer_end
            kind = "mixed" if inside else "indirect"
            for segment in inside:
                used[segment] = attribution
            drafts.append(Draft(start, end, kind, attribution, inside))
        return drafts, used

    def direct_drafts(
        self, attributions: list[Attribution], used: dict[Segment, Attribution]
    ) -> list[Draft]:
        """Direct quotes from the quoted segments not absorbed by a mixed quote."""
        drafts: list[Draft] = []
        absorbed = {s for s, a in used.items() if a.clause and not self._covers(a, s)}
        free = [s for s in self.segments if s not in absorbed]
        groups = self._split_groups(free, attributions)
        for group in groups:
            first, last = group[0], group[-1]
            if len(group) == 1 and self._scare_quote(first) and first not in used:
                continue
            attribution = (
                used.get(first) or used.get(last) or self._attribution_for(group, attributions)
            )
            kind = "mixed" if len(group) > 1 else "direct"
            drafts.append(Draft(first.start, last.end, kind, attribution, list(group)))
        return drafts

    def _covers(self, attribution: Attribution, segment: Segment) -> bool:
        start, end = attribution.clause  # type: ignore[misc]
        inside = self._segments_in(start, end)
        quoted = sum(min(end, s.end) - max(start, s.start) for s in inside)
        return bool(inside) and quoted >= DIRECT_COVER * (end - start)

    def _split_groups(
        self, segments: list[Segment], attributions: list[Attribution]
    ) -> list[list[Segment]]:
        """Join "“A,” he said. “B.”" into one group: halves split by a bare attribution."""
        groups: list[list[Segment]] = []
        for segment in segments:
            if groups:
                prev = groups[-1][-1]
                gap = self.text[prev.outer_end : segment.open_at]
                if (
                    prev.close_at is not None
                    and len(gap) <= SPLIT_GAP_MAX
                    and "\n" not in gap
                    and self.text[prev.end - 1 : prev.end] == ","
                    and gap.rstrip().endswith((".", ":", ","))
                    and self._bare_attribution(prev.outer_end, segment.open_at, attributions)
                ):
                    groups[-1].append(segment)
                    continue
            groups.append([segment])
        return groups

    def _bare_attribution(self, start: int, end: int, attributions: list[Attribution]) -> bool:
        """Whether ``[start, end)`` holds a speech verb without a clause of its own."""
        for attribution in attributions:
            if start <= attribution.cue.idx < end and attribution.clause is None:
                return True
            if start <= attribution.cue.idx < end and attribution.clause is not None:
                c_start, c_end = attribution.clause
                if c_end <= start or c_start >= end or self.in_segment(c_start):
                    return True
        return False

    def _scare_quote(self, segment: Segment) -> bool:
        """A short quoted phrase used inside a noun phrase (the “military and security” talks)."""
        words = self.text[segment.start : segment.end].split()
        if len(words) > SCARE_MAX_WORDS or segment.close_at is None:
            return False
        inner_end = self.text[segment.end - 1 : segment.end]
        if inner_end in ".,!?;:":
            return False
        after = self.text[segment.close_at + 1 : segment.close_at + 40].lstrip()
        before = self.text[max(0, segment.open_at - 30) : segment.open_at].split()
        prev_word = before[-1].lower().strip(",") if before else ""
        if prev_word in (
            "as",
            "called",
            "calling",
            "described",
            "termed",
            "dubbed",
            "labelled",
            "labeled",
            "branded",
            "said",
            "was",
            "were",
            "is",
            "are",
        ):
            return False
        head = self.doc.char_span(segment.start, segment.end, alignment_mode="expand")
        if after[:1].isalnum() and (head is None or self._modifies_next_noun(head)):
            return True
        if head is None:
            return False
        governor = head.root.head
        while governor.pos_ not in ("VERB", "AUX") and governor.head != governor:
            governor = governor.head
        return governor.lemma_.lower() not in self.lex.labeling | self.lex.speech

    @staticmethod
    def _modifies_next_noun(span: Any) -> bool:
        """Whether a quoted phrase is a modifier of the noun after it (the “technical” talks),
        not an object or a predicate that goes on ("accused X of “terrorising” civilians",
        "condemned it as a “war crime” and called …")."""
        root = span.root
        if root.head.i >= span.end and root.dep_ in SCARE_DEPS:
            return True
        return (
            root.head.i >= span.end
            and root.pos_ in ("ADJ", "NOUN", "PROPN")
            and (root.head.pos_ in ("NOUN", "PROPN") and root.head.i == span.end)
        )

    def _attribution_for(
        self, group: list[Segment], attributions: list[Attribution]
    ) -> Attribution | None:
        """The speech verb of a direct quote: same sentence, after the quote, then before it."""
        first, last = group[0], group[-1]
        end_sent = self.sents[self.sentence_index(last.outer_end - 1)]
        start_sent = self.sents[self.sentence_index(first.open_at)]
        para = self.paragraph_of(first.open_at)
        after = [
            a
            for a in attributions
            if last.outer_end <= a.cue.idx < end_sent.end_char
            and self.paragraph_of(a.cue.idx) == para
            and (a.clause is None or self._covers_or_empty(a, group))
        ]
        if after:
            return min(after, key=lambda a: a.cue.idx)
        before = [
            a
            for a in attributions
            if start_sent.start_char <= a.cue.idx < first.open_at
            and (
                a.clause is None
                or a.clause[1] <= first.open_at + 2
                or self._covers_or_empty(a, group)
            )
        ]
        if before:
            return max(before, key=lambda a: a.cue.idx)
        return None

    def _covers_or_empty(self, attribution: Attribution, group: list[Segment]) -> bool:
        start, end = attribution.clause  # type: ignore[misc]
        return any(s.start <= end and start <= s.end for s in group) or end - start < 3

    # ------------------------------------------------------------------ speakers
    def assign_speakers(self, drafts: list[Draft]) -> None:
        """Resolve each draft's speaker in text order (coreference needs the order)."""
        last: Draft | None = None
        for draft in drafts:
            attribution = draft.attribution
            if attribution is not None and attribution.speaker is not None:
                draft.speaker = self._speaker(attribution)
            elif draft.type == "direct" or draft.type == "mixed":
                governing = self._governing_subject(draft)
                if governing is not None:
                    start, end, head = governing
                    draft.speaker = self.speakers.resolve(start, end, head)
                elif last is not None and self._near(last, draft):
                    draft.speaker = last.speaker
            if draft.speaker is not None:
                last = draft

    def _speaker(self, attribution: Attribution) -> Actor | None:
        start, end = attribution.speaker  # type: ignore[misc]
        if (start, end) in self.by_span:
            # "X said A, adding B": the second quote's speaker is the first one's, as read there
            seen = self.by_span[(start, end)]
            return dataclasses.replace(seen) if seen is not None else None
        actor = self._resolve_speaker(attribution, start, end)
        self.by_span[(start, end)] = actor
        return dataclasses.replace(actor) if actor is not None else None

    def _resolve_speaker(self, attribution: Attribution, start: int, end: int) -> Actor | None:
        actor = self.speakers.resolve(start, end, attribution.speaker_head)
        if actor is not None and actor.name is None and not actor.anonymous:
            # "a diplomat who declined to be named said", "… said on condition of anonymity"
            sent_end = attribution.cue.sent.end_char
            tail = self.text[start : max(end, sent_end)]
            actor.anonymous = bool(speaker_words().anonymity.search(tail))
        if actor is not None and attribution.clause is not None:
            owner = self._possessor_in_clause(attribution)
            if owner is not None:
                actor.country = owner
        if attribution.quoting is not None and actor is not None:
            # "Al-Watan quoted an unnamed source": the source takes the outlet's country
            outlet_country = self.speakers.outlet_country(*attribution.quoting)
            actor.country = outlet_country or actor.country
            actor.anonymous = actor.name is None
            if actor.sector in ("MED",):
                actor.sector = None
        return actor

    def _possessor_in_clause(self, attribution: Attribution) -> str | None:
        """ "Rwanda deployed a battalion, its army said": a possessive speaker after its clause
        belongs to the clause's subject (the resolver may take an earlier antecedent)."""
        start, end = attribution.speaker  # type: ignore[misc]
        first = self.text[start:end].split()[:1]
        if not first or first[0].lower() not in ("its", "their"):
            return None
        c_start, c_end = attribution.clause  # type: ignore[misc]
        if c_end > start:
            return None  # the clause follows: "its" points back to an earlier sentence
        span = self.doc.char_span(c_start, c_end, alignment_mode="expand")
        if span is None:
            return None
        subjects = [t for t in span if t.dep_ in SUBJECT_DEPS and t.head == span.root]
        subjects = subjects or [t for t in span if t.dep_ in SUBJECT_DEPS]
        if not subjects:
            return None
        mention = self.speakers.resolution.actor_for_token(subjects[0])
        if mention is None or mention.kind in ("pronoun", "person", "anonymous", "role"):
            return None
        return mention.actor.country

    def _main_subject(self, token: Any, pronoun: Any) -> Any | None:
        """ "X summoned the envoy to protest what it called “…”": a pronoun subject of a clause
        inside another is the main clause's subject when that is a noun of the same kind."""
        person = pronoun.lower_ in ("he", "she")
        steps = 0
        while token.head != token and steps < 8:
            steps += 1
            token = token.head
            if token.pos_ not in ("VERB", "AUX"):
                continue
            subject = next((c for c in token.children if c.dep_ in SUBJECT_DEPS), None)
            if subject is None or subject.pos_ == "PRON" or subject.lower_ in RELATIVE_PRONOUNS:
                continue
            mention = self.speakers.resolution.actor_for_token(subject)
            if mention is None:
                return None
            if (mention.kind == "person") != person:
                return None
            return subject
        return None

    def _governing_subject(self, draft: Draft) -> tuple[int, int, int] | None:
        """The subject of the verb that governs a quoted phrase ("calling them “…”")."""
        span = self.doc.char_span(draft.start, draft.end, alignment_mode="expand")
        if span is None or not len(span):
            return None
        token = span.root
        steps = 0
        while steps < 8:
            steps += 1
            head = token.head
            if head == token:
                break
            token = head
            if token.pos_ in ("VERB", "AUX"):
                subject = self._subject(token)
                if subject is not None and not (span.start <= subject.i < span.end):
                    if subject.lower_ in ("it", "they", "he", "she"):
                        subject = self._main_subject(token, subject) or subject
                    start, end = self._np_span(subject)
                    return start, end, subject.idx
        return None

    def _near(self, previous: Draft, draft: Draft) -> bool:
        """Whether an unattributed quote continues the previous speaker's words."""
        p_para = self.paragraph_of(previous.start)
        d_para = self.paragraph_of(draft.start)
        return 0 <= d_para - p_para <= 1

    # ------------------------------------------------------------------ build
    def build(self, draft: Draft) -> Quote:
        start, end = draft.start, draft.end
        index = self.sentence_index(start)
        last = self.sentence_index(max(start, end - 1))
        s_start = self.sents[index].start_char
        s_end = self.sents[last].end_char
        cue = None
        if draft.attribution is not None:
            cue = draft.attribution.cue.text
            if cue.lower() == "according":
                cue = "according to"
        evidence = Evidence(
            sentence=index,
            start=start,
            end=end,
            text=self.text[s_start:s_end].strip(),
            trigger=cue,
        )
        return Quote(
            id=stable_id("q", self.document.id, start, end),
            doc=self.document.id,
            text=self.text[start:end],
            type=draft.type,
            evidence=evidence,
            speaker=draft.speaker,
            cue=cue,
        )
