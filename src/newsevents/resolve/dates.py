"""Date mentions: absolute and relative expressions, anchored on the publication date.

:func:`find_dates` scans the body with a few compiled patterns (weekdays, "yesterday", "last
week", "late September", "on May 2", "5 March 2023", "in 2022", ISO dates); durations ("for 30
days", "three decades") and times of day alone are not dates and are not matched.
:func:`anchor` turns one expression into a :class:`~newsevents.records.DateValue`:

- weekdays refer to the most recent such day on or before publication ("on Tuesday" published
  on a Tuesday is that day), or, in a future context (``future=True``: "will meet on Tuesday"),
  the next such day on or after it; "last Monday" / "next Monday" never mean the same day;
- "last week" / "next week": month precision, the month holding most of that Monday-to-Sunday
  week (the month of its Thursday);
- a month without a year ("late September") is the most recent such month not after publication
  (or the next one, in a future context); a day without a year ("on May 2", "Dec 30") takes the
  year that puts it closest to publication (so "Dec 30" published on Jan 2 is the year before);
- without a publication date a relative expression keeps its text and precision, value null.

Our own small logic rather than ``dateparser``: it never reads the system clock, handles
news-style "Jan. 12" and "Monday night", and costs microseconds per document.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from newsevents.annotate.pipeline import doc_text
from newsevents.records import DateValue
from newsevents.resolve.mentions import DateMention

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "a": 1,
}  # fmt: skip

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PART = r"(?:\s+(?:morning|afternoon|evening|night))?"
_LEAD = (
    r"(?:(?:[Ee]arly|[Ll]ate)\s+(?:on\s+)?|[Oo]n\s+|[Ll]ast\s+|[Nn]ext\s+"
    r"|[Tt]his\s+(?:past\s+|coming\s+)?)?"
)
_QUAL = (
    r"(?:(?:[Ee]arly|[Ll]ate|[Mm]id|[Ii]n|[Ss]ince|[Uu]ntil|[Bb]y|[Ll]ast|[Nn]ext|[Tt]his"
    r"|(?:[Aa]t\s+)?(?:the\s+)?(?:[Ee]nd|[Ss]tart|[Bb]eginning|[Mm]iddle)\s+of)[\s-]+)"
)

DATE_RE = re.compile(
    "|".join(
        [
            r"(?P<iso>\b\d{4}-\d{2}-\d{2}\b)",
            # "on Monday, May 2, 2023", "Jan. 12", "late on May 2"
            rf"(?P<md>\b{_LEAD}(?:{_WD},?\s+)?{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b"
            rf"(?:,?\s+\d{{4}}\b)?)",
            # "5 March 2023", "on the 5th of March"
            rf"(?P<dm>\b{_LEAD}(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}"
            rf"(?:,?\s+\d{{4}}\b)?)",
            # "late September", "in March 2023", "September 2022"
            rf"(?P<month>\b(?:{_QUAL}{_MONTH}(?:,?\s+\d{{4}}\b)?|{_MONTH}\s+\d{{4}}\b))",
            rf"(?P<wd>\b{_LEAD}{_WD}{_PART}\b)",
            r"(?P<rel>\b(?:[Yy]esterday|[Tt]oday|[Tt]onight|[Tt]his\s+(?:morning|afternoon|evening)"
            r"|[Ll]ast\s+night)\b)",
            r"(?P<ago>\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a)\s+"
            r"(?:days?|weeks?)\s+ago\b)",
            r"(?P<period>\b(?:(?:[Ee]arlier|[Ll]ater)\s+this|[Ll]ast|[Nn]ext|[Tt]his)\s+"
            r"(?:week|month|year)\b)",
            rf"(?P<year>\b{_QUAL}(?:(?:[Ee]arly|[Ll]ate|[Mm]id)[\s-]+)?(?:19|20)\d{{2}}\b)",
        ]
    )
)

FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo", "would"})  # "would" in reported speech
FUTURE_LEMMAS = frozenset({"expect", "schedule", "plan", "due", "set", "slate", "intend"})


def _parse_published(published: str | None) -> dt.date | None:
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        try:
            return dt.date.fromisoformat(published[:7] + "-01") if len(published) >= 7 else None
        except ValueError:
            return None


def _month_of_week(monday: dt.date) -> str:
    """The month holding most of the Monday-to-Sunday week: the month of its Thursday."""
    return (monday + dt.timedelta(days=3)).strftime("%Y-%m")


def _closest_year(month: int, day: int, pub: dt.date) -> dt.date | None:
    best = None
    for year in (pub.year - 1, pub.year, pub.year + 1):
        try:
            cand = dt.date(year, month, day)
        except ValueError:
            continue
        if best is None or abs((cand - pub).days) < abs((best - pub).days):
            best = cand
    return best


def _month_number(word: str) -> int | None:
    return MONTHS.get(word.lower().rstrip("."))


def anchor(text: str, published: str | None, future: bool = False) -> DateValue:
    """Normalize one date expression on the publication date (see the module docstring)."""
    pub = _parse_published(published)
    low = text.lower()
    iso = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", text)
    if iso:
        return DateValue(iso.group(0), "day", text)
    year_m = re.search(r"\b((?:19|20)\d{2})\b", text)
    year = int(year_m.group(1)) if year_m else None
    month_m = re.search(_MONTH, text)
    month = _month_number(month_m.group(0)) if month_m else None
    day_m = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\b(?!\d)", text.replace(year_m.group(1), "")
                      if year_m else text)  # fmt: skip
    if month and day_m:
        day = int(day_m.group(1))
        if year:
            try:
                return DateValue(dt.date(year, month, day).isoformat(), "day", text)
            except ValueError:
                return DateValue(None, "day", text)
        if pub is None:
            return DateValue(None, "day", text)
        cand = _closest_year(month, day, pub)
        return DateValue(cand.isoformat() if cand else None, "day", text)
    if month:
        if year:
            return DateValue(f"{year:04d}-{month:02d}", "month", text)
        if pub is None:
            return DateValue(None, "month", text)
        ahead = future or low.startswith("next")
        y = pub.year
        if ahead:
            y = pub.year if month >= pub.month else pub.year + 1
        else:
            y = pub.year if month <= pub.month else pub.year - 1
        if low.startswith("last") and month == pub.month:
            y -= 1
        return DateValue(f"{y:04d}-{month:02d}", "month", text)
    wd_m = re.search(_WD, text)
    if wd_m:
        if pub is None:
            return DateValue(None, "day", text)
        wd = WEEKDAYS[wd_m.group(0).lower()]
        if low.startswith("next") or (future and not low.startswith("last")):
            delta = (wd - pub.weekday()) % 7
            if delta == 0 and low.startswith("next"):
                delta = 7
            return DateValue((pub + dt.timedelta(days=delta)).isoformat(), "day", text)
        delta = (pub.weekday() - wd) % 7
        if delta == 0 and low.startswith("last"):
            delta = 7
        return DateValue((pub - dt.timedelta(days=delta)).isoformat(), "day", text)
    rel = {"yesterday": -1, "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0,
           "this evening": 0, "last night": -1}  # fmt: skip
    key = " ".join(low.split())
    if key in rel:
        if pub is None:
            return DateValue(None, "day", text)
        return DateValue((pub + dt.timedelta(days=rel[key])).isoformat(), "day", text)
    ago = re.match(r"(\d+|\w+)\s+(days?|weeks?)\s+ago", key)
    if ago:
        n = int(ago.group(1)) if ago.group(1).isdigit() else NUMBERS.get(ago.group(1), 1)
        if ago.group(2).startswith("day"):
            if pub is None:
                return DateValue(None, "day", text)
            return DateValue((pub - dt.timedelta(days=n)).isoformat(), "day", text)
        if pub is None:
            return DateValue(None, "month", text)
        monday = pub - dt.timedelta(days=pub.weekday() + 7 * n)
        return DateValue(_month_of_week(monday), "month", text)
    period = re.search(r"(week|month|year)$", key)
    if period and year is None:
        unit = period.group(1)
        offset = -1 if key.startswith("last") else 1 if key.startswith("next") else 0
        precision = "month" if unit in ("week", "month") else "year"
        if pub is None:
            return DateValue(None, precision, text)
        if unit == "week":
            monday = pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(days=7 * offset)
            return DateValue(_month_of_week(monday), "month", text)
        if unit == "month":
            index = pub.year * 12 + pub.month - 1 + offset
            return DateValue(f"{index // 12:04d}-{index % 12 + 1:02d}", "month", text)
        return DateValue(f"{pub.year + offset:04d}", "year", text)
    if year:
        return DateValue(f"{year:04d}", "year", text)
    return DateValue(None, None, text)


def is_future_context(token: Any) -> bool:
    """Whether the clause governing ``token`` speaks of the future ("will meet", "expected to")."""
    tok = token
    for _ in range(4):
        if tok.pos_ in ("VERB", "AUX"):
            if tok.lemma_ in FUTURE_LEMMAS and (
                tok.tag_ != "VBD" or any(c.dep_ == "xcomp" for c in tok.children)
            ):
                return True  # "is expected to", "is set to"; not "protesters set fire"
            if any(c.dep_ in ("aux", "auxpass") and c.lower_ in FUTURE_AUX for c in tok.children):
                return True
            if tok.tag_ == "VB" and tok.head.lemma_ in FUTURE_LEMMAS:
                return True
            if tok.tag_ in ("VBD", "VBN"):
                return False
        if tok.head is tok:
            break
        tok = tok.head
    return False


def find_dates(doc: Any, published: str | None) -> list[DateMention]:
    """Every date expression in the body, anchored on ``published``."""
    text = doc_text(doc)
    out: list[DateMention] = []
    for match in DATE_RE.finditer(text):
        start, end = match.span()
        expr = match.group(0)
        future = False
        if match.lastgroup in ("wd", "month", "md", "dm"):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                future = is_future_context(span.root)
        out.append(DateMention(start, end, expr, anchor(expr, published, future)))
    return out
