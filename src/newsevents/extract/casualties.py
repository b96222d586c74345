"""Casualty counts: numbers in digits and words, bounds, ranges and vague quantities.

``parse_count("at least 11 people")`` gives ``Count(min=11, max=None, text="at least 11")``.
Conventions (shared/eval/GUIDE.md, DESIGN.md section 4): an exact or lower-bound number N is
``{min: N, max: None}``; ``max`` is set only by a range or a cap ("between 5 and 8" -> 5..8,
"up to 8" -> None..8); "dozens" is 24, "scores" 40, "hundreds" 200, "thousands" 2000 (lower
bounds), the text always kept.
"""

from __future__ import annotations

import re

from newsevents.records import Count

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "a": 1, "an": 1, "single": 1,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
VAGUE = {
    "dozen": 12, "dozens": 24, "scores": 40, "score": 20, "hundreds": 200, "thousands": 2000,
    "several": 3, "a few": 2, "few": 2, "many": None, "tens of thousands": 20000,
}  # fmt: skip

_NUMBER_WORD = "|".join(sorted([*UNITS, *TENS, *SCALES], key=len, reverse=True))
_DIGITS = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?(?:\s+(?:million|thousand))?"
_WORDS = rf"(?:{_NUMBER_WORD})(?:[\s-]+(?:and\s+)?(?:{_NUMBER_WORD}))*"
_NUMBER = rf"(?:{_DIGITS}|{_WORDS})"
_VAGUE = r"(?:tens of thousands|dozens|scores|hundreds|thousands|a dozen|several|a few)"
_QTY = rf"(?:{_NUMBER}|{_VAGUE})"
_LOWER_BOUND = (
    "at least|more than|over|some|about|around|nearly|almost|roughly|an estimated|approximately"
)
_PATTERNS = [
    ("range", re.compile(rf"\bbetween\s+({_NUMBER})\s+and\s+({_NUMBER})\b", re.I)),
    ("range", re.compile(rf"\b({_NUMBER})\s*(?:-|–|to)\s*({_NUMBER})\b", re.I)),
    ("cap", re.compile(rf"\b(?:up to|as many as|at most|no more than)\s+({_NUMBER})\b", re.I)),
    ("lower", re.compile(rf"\b(?:{_LOWER_BOUND})\s+({_QTY})\b", re.I)),
    ("exact", re.compile(rf"\b({_QTY})\b", re.I)),
]  # fmt: skip


def words_to_int(text: str) -> int | None:
    """'forty-two' -> 42, '3,645' -> 3645, '1.5 million' -> 1500000; None if not a number."""
    text = text.strip().lower()
    if not text:
        return None
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", text):
        return int(text.replace(",", ""))
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s+(million|thousand)", text)
    if match:
        return int(float(match.group(1)) * SCALES[match.group(2)])
    if text in VAGUE:
        return VAGUE[text]
    if text.startswith("a ") and text[2:] in VAGUE:
        return VAGUE[text[2:]]
    total, current, seen = 0, 0, False
    for word in re.split(r"[\s-]+", text):
        if word == "and":
            continue
        if word in UNITS:
            current += UNITS[word]
        elif word in TENS:
            current += TENS[word]
        elif word in SCALES:
            current = max(current, 1) * SCALES[word]
            if SCALES[word] >= 1000:
                total, current = total + current, 0
        else:
            return None
        seen = True
    return total + current if seen else None


def parse_count(text: str) -> Count | None:
    """The first casualty quantity in a phrase, or None when it holds no number."""
    for kind, pattern in _PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        if kind == "range":
            low, high = words_to_int(match.group(1)), words_to_int(match.group(2))
            if low is None or high is None or high < low:
                continue
            return Count(min=low, max=high, text=match.group(0))
        value = words_to_int(match.group(1))
        if value is None:
            continue
        if kind == "cap":
            return Count(min=None, max=value, text=match.group(0))
        if kind == "exact" and match.group(1).lower() in {"a", "an"}:
            continue
        return Count(min=value, max=None, text=match.group(0))
    return None
