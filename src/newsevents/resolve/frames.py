"""Places named by their frame: capitalised names no gazetteer knows, recognised by the words
around them ("the village of Kfar Kila", "the Nakhchivan exclave", "west of Goma").

Runs before the actor resolver, which skips the tokens found here (the small NER model often
calls a village a PERSON). Frames, strongest first:

1. ``PLACE_NOUN of NAME``: "the southern Lebanese town of Aita al-Shaab", "the streets of X";
2. ``NAME [noun] PLACE_NOUN``: "the Delmas district", "the Mugunga displacement camp";
3. ``DIRECTION of NAME`` ("west of Goma") and ``NAME, DIRECTION of PLACE`` ("Jurf al-Sakhar,
   south of Baghdad");
4. weak: the object of a locative preposition ("in", "near", "at"...) that a strong frame of the
   same document named, or that geonames knows and the NER does not call a person; or, with no
   NER label at all, after "in/near/outside/around/at".

A name that the document uses for a person (after a title or a role word, or as the subject of a
speech verb) is never a place. Countries are given later by the place resolver, which has the
document's places (see :mod:`newsevents.resolve.places`).
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from newsevents.resolve.gazetteer import CAPITAL, REGION, Gazetteer, city_index

log = logging.getLogger(__name__)

FRAMES_FILE = Path(__file__).resolve().parent.parent / "data" / "place_frames.yaml"
# The weak frame accepts a name the NER left unlabelled only after these prepositions.
UNLABELLED_PREPS = frozenset({"in", "near", "outside", "around", "inside", "at", "across"})
# Labels that veto a name as a place. PRODUCT, EVENT, LAW and WORK_OF_ART are left out: the
# small model gives them to unknown place names ("the Kurram district" as a PRODUCT).
NOT_PLACE_LABELS = frozenset(
    {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "CARDINAL", "NORP", "LANGUAGE"}
)  # fmt: skip
# After these, a name the NER calls a person is still a place unless the document shows it is
# one ("near Maungdaw"): people are rarely "near" or "outside" anything in news copy.
PLACE_ONLY_PREPS = frozenset({"near", "outside", "around", "across", "inside"})
HYPHENS = frozenset({"-", "–"})
MAX_COMPOUNDS = 2  # nouns between a name and its place noun ("displacement camp", "air base")


@dataclass(frozen=True, slots=True)
class FrameWords:
    place_nouns: dict[str, str]
    part_nouns: frozenset[str]
    locative_preps: frozenset[str]
    directions: frozenset[str]
    particles: frozenset[str]
    titles: frozenset[str]
    speech_verbs: frozenset[str]


@dataclass(slots=True)
class FramePlace:
    """A name framed as a place over tokens [start, end)."""

    start: int
    end: int
    name: str
    precision: str
    phrase_start: int  # first token of the framing phrase (its modifiers may name the country)
    phrase_end: int  # token after the framing phrase (a containing place may follow)
    noun: int | None = None  # the frame's place noun, not an actor ("the Tavush province")
    strong: bool = True


@functools.lru_cache(maxsize=1)
def frame_words() -> FrameWords:
    data = yaml.safe_load(FRAMES_FILE.read_text(encoding="utf-8"))

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in data.get(key) or [])

    return FrameWords(
        place_nouns={str(k).lower(): v for k, v in (data.get("place_nouns") or {}).items()},
        part_nouns=words("part_nouns"),
        locative_preps=words("locative_preps"),
        directions=words("directions"),
        particles=words("name_particles"),
        titles=words("person_titles"),
        speech_verbs=words("speech_verbs"),
    )


class FrameFinder:
    """Find framed place names in one parsed document."""

    def __init__(self, gaz: Gazetteer, doc: Any, hit_at: dict[int, Any]) -> None:
        self.gaz = gaz
        self.doc = doc
        self.hit_at = hit_at  # token index -> gazetteer Hit
        self.words = frame_words()
        self.persons = self._person_names()

    # -- names -------------------------------------------------------------------------------
    def _capital(self, tok: Any) -> bool:
        text = tok.text
        return (
            text[:1].isupper()
            and any(c.isalpha() for c in text)
            and not tok.is_stop
            and tok.ent_type_ not in NOT_PLACE_LABELS
            and tok.lower_ not in self.words.titles
            and not self._actor_hit(tok)
        )

    def _actor_hit(self, tok: Any) -> bool:
        hit = self.hit_at.get(tok.i)
        return hit is not None and hit.entry.kind not in (REGION, CAPITAL)

    def _joined(self, a: Any, b: Any) -> bool:
        """Whether tokens a and b (a before b) are written without a space between them."""
        return a.i + 1 == b.i and not a.whitespace_

    def _part(self, i: int, step: int) -> bool:
        """Whether token i continues a name (walking by ``step`` from its root)."""
        doc = self.doc
        tok = doc[i]
        if self._capital(tok):
            return True
        nxt = i + step
        if tok.text in HYPHENS:
            return 0 <= nxt < len(doc) and self._joined(doc[min(i, nxt)], doc[max(i, nxt)])
        if tok.lower_ in self.words.particles and 0 <= nxt < len(doc):
            # "al" in "Aita al-Shaab" is followed (or, walking left, preceded) by a hyphen/name
            after = doc[i + 1] if i + 1 < len(doc) else None
            return after is not None and (after.text in HYPHENS or self._capital(after))
        return False

    def name_span(self, root: Any) -> tuple[int, int] | None:
        """Token bounds of the capitalised name around ``root``, or None."""
        doc = self.doc
        if not self._capital(root) and root.text not in HYPHENS:
            return None
        start = root.i
        while start > 0 and self._part(start - 1, -1) and not doc[start].is_sent_start:
            start -= 1
        end = root.i + 1
        while end < len(doc) and self._part(end, 1) and not doc[end].is_sent_start:
            end += 1
        while start < end and not self._capital(doc[start]):
            start += 1
        while end > start and not self._capital(doc[end - 1]):
            end -= 1
        if end <= start or any(self.hit_at.get(i) for i in range(start, end)):
            return None
        if len(doc[start:end].text) < 3:
            return None
        return start, end

    # -- person evidence ---------------------------------------------------------------------
    def _person_names(self) -> set[str]:
        """Names (and surnames) the document gives a person: after a title or role, or as the
        subject of a speech verb ("Kasereka said")."""
        out: set[str] = set()
        roles = self.gaz.roles
        for ent in self.doc.ents:
            if ent.label_ != "PERSON":
                continue
            before = self.doc[ent.start - 1] if ent.start > 0 else None
            titled = before is not None and (
                before.lower_ in self.words.titles or before.lower_ in roles
            )
            root = ent.root
            speaker = (
                root.dep_ in ("nsubj", "nsubjpass")
                and root.head.lemma_.lower() in self.words.speech_verbs
            )
            appos = root.dep_ == "appos" or any(c.dep_ == "appos" for c in root.children)
            if titled or speaker or appos:
                out.add(ent.text)
                if len(ent) > 1:
                    out.add(ent[-1].text)
        return out

    def _is_person(self, start: int, end: int) -> bool:
        doc = self.doc
        text = doc[start:end].text
        if text in self.persons or (end - start == 1 and doc[start].text in self.persons):
            return True
        before = doc[start - 1] if start > 0 else None
        return before is not None and before.lower_ in self.words.titles

    # -- frames ------------------------------------------------------------------------------
    def find(self) -> list[FramePlace]:
        """Every framed place, strong frames first, then the weak locative objects."""
        doc = self.doc
        found: dict[int, FramePlace] = {}

        def add(place: FramePlace | None) -> None:
            if place is None or self._is_person(place.start, place.end):
                return
            if any(i in found for i in range(place.start, place.end)):
                return
            for i in range(place.start, place.end):
                found[i] = place

        for tok in doc:
            add(self._of_frame(tok))
            add(self._noun_frame(tok))
            add(self._direction_frame(tok))
        strong_names = {p.name for p in found.values()}
        for tok in doc:
            if tok.i not in found:
                add(self._locative_frame(tok, strong_names))
        places = sorted({id(p): p for p in found.values()}.values(), key=lambda p: p.start)
        return places

    def _place(
        self, span: tuple[int, int], precision: str, phrase: tuple[int, int], noun: int | None,
        strong: bool = True,
    ) -> FramePlace:  # fmt: skip
        start, end = span
        return FramePlace(
            start, end, self.doc[start:end].text, precision, phrase[0], phrase[1], noun, strong
        )

    def _phrase_start(self, noun: Any) -> int:
        start = noun.i
        for child in noun.lefts:
            start = min(start, child.left_edge.i)
        return start

    def _of_frame(self, tok: Any) -> FramePlace | None:
        """ "the town of Aita al-Shaab", "the streets of Guayaquil"."""
        low = tok.lower_
        words = self.words
        if tok.pos_ not in ("NOUN", "PROPN") or not (
            low in words.place_nouns or low in words.part_nouns
        ):
            return None
        if low in words.directions:
            return None  # "north of X" is the direction frame
        doc = self.doc
        nxt = tok.i + 1
        if nxt + 1 >= len(doc) or doc[nxt].lower_ != "of":
            return None
        first = nxt + 1
        if doc[first].lower_ == "the":
            first += 1
        if first >= len(doc):
            return None
        span = self.name_span(doc[first])
        if span is None or span[0] != first:
            return None
        precision = words.place_nouns.get(low, "city")
        return self._place(span, precision, (self._phrase_start(tok), span[1]), None)

    def _noun_frame(self, tok: Any) -> FramePlace | None:
        """ "the Nakhchivan exclave", "the Bab al-Hawa border crossing"."""
        precision = self.words.place_nouns.get(tok.lower_)
        if precision is None or tok.pos_ != "NOUN":
            return None
        doc = self.doc
        i = tok.i - 1
        skipped = 0
        while i >= 0 and doc[i].is_lower and doc[i].pos_ == "NOUN" and skipped < MAX_COMPOUNDS:
            i -= 1
            skipped += 1
        if i < 0 or not self._capital(doc[i]) or doc[i].pos_ not in ("PROPN", "NOUN"):
            return None
        span = self.name_span(doc[i])
        if span is None or span[1] != i + 1:
            return None
        end = tok.i + 1
        if end + 1 < len(doc) and doc[end].lower_ == "of":
            end += 1  # "the Delmas district of Haiti's capital": the containing place follows
        return self._place(span, precision, (self._phrase_start(tok), end), tok.i)

    def _direction_frame(self, tok: Any) -> FramePlace | None:
        """ "west of Goma", and "Jurf al-Sakhar, south of Baghdad" (the name before the comma)."""
        doc = self.doc
        words = self.words
        if tok.lower_ not in words.directions or tok.i + 2 >= len(doc):
            return None
        if doc[tok.i + 1].lower_ != "of":
            return None
        first = tok.i + 2
        if doc[first].lower_ == "the":
            first += 1
        span = self.name_span(doc[first]) if first < len(doc) else None
        if span is not None and span[0] == first:
            return self._place(span, "city", (tok.i, span[1]), None)
        # "X, south of Baghdad": X is the place the direction locates
        if tok.i >= 2 and doc[tok.i - 1].text == "," and self._known_place(doc[first]):
            span = self.name_span(doc[tok.i - 2])
            if span is not None and span[1] == tok.i - 1:
                return self._place(span, "city", (span[0], min(len(doc), first + 3)), None)
        return None

    def _known_place(self, tok: Any) -> bool:
        hit = self.hit_at.get(tok.i)
        if hit is not None:
            return hit.entry.kind in (REGION, CAPITAL, "country")
        return tok.ent_type_ in ("GPE", "LOC") or tok.text in city_index()

    def _locative_frame(self, tok: Any, strong_names: set[str]) -> FramePlace | None:
        """The object of "in/near/at..." that is a place by its name, not its words."""
        if tok.dep_ != "pobj" or tok.head.lower_ not in self.words.locative_preps:
            return None
        span = self.name_span(tok)
        if span is None:
            return None
        doc = self.doc
        name = doc[span[0] : span[1]].text
        ent = next((e for e in doc.ents if e.start <= tok.i < e.end), None)
        label = ent.label_ if ent is not None else None
        if ent is not None and (ent.start < span[0] or ent.end > span[1]):
            return None  # the NER's entity is bigger than the name: trust it
        phrase = (span[0], span[1])
        if name in strong_names:
            return self._place(span, "city", phrase, None, strong=False)
        if label in ("GPE", "LOC", "FAC"):
            return None  # the place resolver's NER path takes these
        if name in city_index() or name in self.gaz.regions:
            return self._place(span, "city", phrase, None, strong=False)
        if (
            label in (None, "PRODUCT", "EVENT", "WORK_OF_ART", "LAW")
            and tok.head.lower_ in UNLABELLED_PREPS
            and doc[span[0]].pos_ == "PROPN"
            and not doc[span[0]].is_sent_start
        ):
            return self._place(span, "city", phrase, None, strong=False)
        if label == "PERSON" and tok.head.lower_ in PLACE_ONLY_PREPS:
            return self._place(span, "city", phrase, None, strong=False)
        return None


def find_frame_places(gaz: Gazetteer, doc: Any, hit_at: dict[int, Any]) -> list[FramePlace]:
    """Framed place names of ``doc`` (token spans), sorted by start."""
    return FrameFinder(gaz, doc, hit_at).find()
