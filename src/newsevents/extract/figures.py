"""Casualty figures in a reported proposition ("killing at least 11 civilians", "27 were killed").

Plain regular expressions over text, no parse: the linker re-reads claims loaded from the store
with the same code. A figure is a number of victims tied to a death (or injury) word nearby; a
running toll ("since October", "so far this year") is flagged so that it is never compared with
the toll of one incident.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsevents.records import Count

WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "a hundred": 100,
    "dozens": 24,
    "scores": 40,
    "hundreds": 200,
    "thousands": 2000,
    "a dozen": 12,
}  # fmt: skip  (DESIGN.md: "dozens" is 24, "scores" 40, "hundreds" 200)
NUMBER = (
    r"(?:\d[\d,]*(?:\.\d+)?(?:\s+(?:million|thousand))?|"
    + "|".join(sorted((re.escape(w) for w in WORD_NUMBERS), key=len, reverse=True))
    + r")"
)
LOWER = (
    r"(?:at least|more than|over|upwards of|no fewer than|about|around|nearly|almost|some|"
    r"roughly|approximately|an estimated)"
)
UPPER = r"(?:up to|at most|as many as|no more than|fewer than)"
VICTIMS = {
    "people": "people", "persons": "people", "civilians": "people", "residents": "people",
    "passengers": "people", "villagers": "people", "palestinians": "people", "others": "people",
    "children": "children", "women": "women", "soldiers": "soldiers", "troops": "soldiers",
    "officers": "police", "policemen": "police", "police": "police", "militants": "fighters",
    "fighters": "fighters", "rebels": "fighters", "insurgents": "fighters",
    "jihadists": "fighters", "terrorists": "fighters", "protesters": "protesters",
    "demonstrators": "protesters", "workers": "people", "employees": "people",
}  # fmt: skip
FIGURE = re.compile(
    rf"(?:between\s+(?P<lo>{NUMBER})\s+and\s+(?P<hi>{NUMBER})"
    rf"|(?P<upper>{UPPER})\s+(?P<cap>{NUMBER})"
    rf"|(?:(?P<lower>{LOWER})\s+)?(?P<n>{NUMBER}))"
    r"(?P<rest>(?:\s+[A-Za-z'’-]+){0,3})",
    re.IGNORECASE,
)
DEATH = re.compile(r"\b(kill\w*|dead|died|die|deaths?|bodies|lives|death toll|slain|massacred)\b",
                   re.I)  # fmt: skip
INJURY = re.compile(r"\b(wound\w*|injur\w*|hurt)\b", re.I)
TOLL = re.compile(
    r"\b(since|so far|in total|to date|this year|this month|last year|alone|overall|"
    r"cumulative|in the (?:war|conflict|fighting|violence|unrest)|death toll has|"
    r"toll (?:has )?(?:risen|climbed|reached))\b",
    re.I,
)
WINDOW = 60  # characters between the number and its death/injury word


@dataclass(frozen=True, slots=True)
class Figure:
    """A number of victims: how many, of whom, killed or injured, and whether a running toll."""

    count: Count
    category: str
    kind: str  # killed | injured
    toll: bool
    start: int
    end: int


def _value(text: str) -> int | None:
    text = text.lower().strip()
    if text in WORD_NUMBERS:
        return WORD_NUMBERS[text]
    match = re.match(r"(\d[\d,]*(?:\.\d+)?)(?:\s+(million|thousand))?", text)
    if not match:
        return None
    value = float(match.group(1).replace(",", ""))
    scale = {"million": 1_000_000, "thousand": 1_000}.get(match.group(2) or "", 1)
    return int(value * scale)


def find_figures(text: str) -> list[Figure]:
    """Every casualty figure of a text, in order (years, dates and percentages are skipped)."""
    figures: list[Figure] = []
    for match in FIGURE.finditer(text):
        rest_words = (match.group("rest") or "").lower().split()
        category = next((VICTIMS[w.strip(",.")] for w in rest_words if w.strip(",.") in VICTIMS),
                        None)  # fmt: skip
        before = text[max(0, match.start() - WINDOW) : match.start()]
        after = text[match.start("rest") : match.start("rest") + WINDOW]
        number_text = match.group("n") or match.group("cap") or match.group("lo") or ""
        if re.fullmatch(r"(19|20)\d\d", number_text.strip()) or after.startswith(("%", " percent")):
            continue
        following = text[match.end() : match.end() + 3]
        if following[:1] in ("%",) or re.match(r"\s*(km|kilomet|miles|times|days|weeks)", after):
            continue
        kind = _kind(before, after)
        if figures and re.search(r"\b(including|among them|of whom)\s*$", before, re.I):
            kind = figures[-1].kind  # "killing seven people, including three children"
        if kind is None or (category is None and not _verb_after(after)):
            continue
        if match.group("lo"):
            low, high = _value(match.group("lo")), _value(match.group("hi"))
        elif match.group("cap"):
            low, high = None, _value(match.group("cap"))
        else:
            low, high = _value(match.group("n")), None
        if low is None and high is None:
            continue
        sentence_rest = text[match.end() : match.end() + 120]
        toll = bool(TOLL.search(sentence_rest)) or bool(TOLL.search(before[-25:]))
        count = Count(min=low, max=high, text=match.group(0).strip())
        figures.append(Figure(count, category or "people", kind, toll, match.start(), match.end()))
    return figures


def _kind(before: str, after: str) -> str | None:
    """Killed or injured: the nearest death/injury word around the number."""
    candidates: list[tuple[int, str]] = []
    for pattern, kind in ((DEATH, "killed"), (INJURY, "injured")):
        found_after = pattern.search(after)
        if found_after:
            candidates.append((found_after.start(), kind))
        found_before = list(pattern.finditer(before))
        if found_before:
            candidates.append((len(before) - found_before[-1].end(), kind))
    if not candidates:
        return None
    return min(candidates)[1]


def _verb_after(after: str) -> bool:
    """ "27 were killed", "11 died": a number standing alone before its verb."""
    return bool(re.match(r"\s*(?:people\s+)?(?:were|have been|had been|are)?\s*(kill|die|dead)",
                         after, re.I))  # fmt: skip
