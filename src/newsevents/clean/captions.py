"""Photo captions: recognise a trailing ``(credit)`` and split it from the caption text."""

from __future__ import annotations

import re

from newsevents.clean.patterns import credit_rules
from newsevents.records import Caption

_TRAILING_PAREN = re.compile(r"^(?P<text>.*?\S)\s*\((?P<credit>[^()]+)\)$")
_WORD = re.compile(r"[\w'’]+")


def is_credit(credit: str) -> bool:
    """Whether a parenthesized text reads as a photo credit ("AP Photo/Kin Cheung, File")."""
    rules = credit_rules()
    credit = credit.strip()
    words = credit.split()
    if not words or len(credit) > rules.max_chars or len(words) > rules.max_words:
        return False
    if credit.endswith((".", "?", "!")) and not credit.endswith(("Jr.", "Inc.")):
        return False
    if "/" in credit:
        return True
    if any(word.casefold() in rules.keywords for word in _WORD.findall(credit)):
        return True
    return all(word[0].isupper() for word in words if word not in ("of", "and", "the", "de"))


def split_credit(line: str) -> tuple[str, str | None]:
    """``"Text. (Credit)"`` -> ``("Text.", "Credit")``; the credit is None when there is none."""
    match = _TRAILING_PAREN.match(line.strip())
    if match and is_credit(match.group("credit")):
        return match.group("text").strip(), match.group("credit").strip()
    return line.strip(), None


def has_credit(line: str) -> bool:
    """Whether ``line`` ends with a photo credit in parentheses."""
    return split_credit(line)[1] is not None


def strongly_credited(line: str) -> bool:
    """A caption even in the middle of a body: the credit has a "/" or says "Photo"."""
    text, credit = split_credit(line)
    return credit is not None and ("/" in credit or "photo" in credit.casefold()) and len(text) > 0


def caption_of(line: str) -> Caption:
    text, credit = split_credit(line)
    return Caption(text=text, credit=credit)
