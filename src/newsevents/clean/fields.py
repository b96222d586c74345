"""Bylines ("By Carla Mendoza") and datelines ("LIMA, Feb 7 (Reuters) - ") at an article's head."""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_UP = "A-ZÀ-ÖØ-Þ"  # upper-case letters, accented ones included (BOGOTÁ)
# BEIRUT, PORT-AU-PRINCE, TEL AVIV, SANAA/DUBAI
_PLACE = rf"[{_UP}][{_UP}'’.\-]*[{_UP}.](?:[ \-/][{_UP}][{_UP}'’.\-]*)*"
_REGION = rf"(?:,\s*(?!{_MONTH}\s+\d)[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){{0,3}})"  # , Lebanon
_DATE = rf"(?:,?\s+(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})(?:,\s*(?P<year>\d{{4}}))?)"
_AGENCY = r"(?:\s+\([A-Z][\w .&'’/\-]{0,40}\))"
DATELINE = re.compile(
    rf"^(?P<dateline>{_PLACE}{_REGION}{{0,2}}{_DATE}?{_AGENCY}?)\s*(?:--|[-–—])\s+(?=\S)"
)
MAX_DATELINE_CHARS = 80  # longer heads are sentences, not datelines

_NAME_WORD = (
    r"(?:[A-Z][\w'’.\-]*|(?:al|el|bin|ibn|abu|de|da|del|della|van|von|der|le|la|du)\b[\w'’\-]*)"
)
BYLINE = re.compile(
    rf"^(?:by|BY|By)\s+(?P<name>{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|and|&)){{0,7}}"
    rf"(?:,\s+{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}})?)\s*$"
)


def match_byline(line: str) -> str | None:
    """The name in a byline line ("By Sara al-Mekhlafi" -> "Sara al-Mekhlafi"), else None."""
    match = BYLINE.match(line.strip())
    return match.group("name") if match else None


def split_dateline(paragraph: str) -> tuple[str | None, str]:
    """``("LIMA, Feb 7 (Reuters)", rest)`` when the paragraph opens with a dateline."""
    match = DATELINE.match(paragraph)
    if not match or len(match.group("dateline")) > MAX_DATELINE_CHARS:
        return None, paragraph
    head = match.group("dateline")
    if not (match.group("month") or "(" in head or "," in head or len(head.split()) == 1):
        return None, paragraph
    return head.strip(), paragraph[match.end() :]


def dateline_date(dateline: str | None) -> str | None:
    """The full date a dateline gives (``YYYY-MM-DD``), only when it states the year."""
    if not dateline:
        return None
    match = DATELINE.match(dateline + " - x")
    if not match or not match.group("year"):
        return None
    name = match.group("month").rstrip(".").lower()
    month = MONTHS.get(name[:4]) or MONTHS.get(name[:3])
    try:
        return date(int(match.group("year")), month or 0, int(match.group("day"))).isoformat()
    except (TypeError, ValueError):
        return None
