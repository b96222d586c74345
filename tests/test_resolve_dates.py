"""Date anchoring on invented expressions and publication dates."""

from __future__ import annotations

import pytest

from newsevents.annotate.pipeline import load_nlp
from newsevents.resolve.dates import anchor, find_dates

# Wednesday 2023-04-26 is the publication day of most cases.
ANCHOR_CASES = [  # (text, published, future, value, precision)
    ("on Tuesday", "2023-04-26", False, "2023-04-25", "day"),
    ("Tuesday", "2023-04-26", False, "2023-04-25", "day"),
    ("on Wednesday", "2023-04-26", False, "2023-04-26", "day"),
    ("on Thursday", "2023-04-26", False, "2023-04-20", "day"),
    ("on Thursday", "2023-04-26", True, "2023-04-27", "day"),
    ("Monday night", "2023-04-26", False, "2023-04-24", "day"),
    ("late on Monday", "2023-04-26", False, "2023-04-24", "day"),
    ("last Wednesday", "2023-04-26", False, "2023-04-19", "day"),
    ("next Wednesday", "2023-04-26", False, "2023-05-03", "day"),
    ("yesterday", "2023-04-26", False, "2023-04-25", "day"),
    ("today", "2023-04-26", False, "2023-04-26", "day"),
    ("last week", "2023-04-26", False, "2023-04", "month"),
    ("next week", "2023-04-26", False, "2023-05", "month"),  # May 1-7: all in May
    ("last week", "2024-03-05", False, "2024-02", "month"),  # Feb 26 - Mar 3: mostly February
    ("earlier this month", "2023-04-26", False, "2023-04", "month"),
    ("last month", "2023-01-10", False, "2022-12", "month"),
    ("late September", "2023-04-26", False, "2022-09", "month"),
    ("late September", "2023-10-02", False, "2023-09", "month"),
    ("in March 2021", "2023-04-26", False, "2021-03", "month"),
    ("on May 2", "2023-04-26", True, "2023-05-02", "day"),
    ("Dec 30", "2024-01-02", False, "2023-12-30", "day"),
    ("Jan. 3", "2023-12-29", True, "2024-01-03", "day"),
    ("Jan. 12", "2023-04-26", False, "2023-01-12", "day"),
    ("on 5 March 2023", None, False, "2023-03-05", "day"),
    ("March 5, 2023", None, False, "2023-03-05", "day"),
    ("in 2022", None, False, "2022", "year"),
    ("at the end of 2022", "2023-04-26", False, "2022", "year"),
    ("last year", "2023-04-26", False, "2022", "year"),
    ("two days ago", "2023-04-26", False, "2023-04-24", "day"),
    # no publication date: relative dates keep their text, value null
    ("on Tuesday", None, False, None, "day"),
    ("last week", None, False, None, "month"),
    ("late September", None, False, None, "month"),
    ("on May 2", None, False, None, "day"),
]


@pytest.mark.parametrize(("text", "published", "future", "value", "precision"), ANCHOR_CASES)
def test_anchor(text, published, future, value, precision):
    date = anchor(text, published, future=future)
    assert (date.value, date.precision, date.text) == (value, precision, text)


def test_find_dates_skips_durations_and_detects_future():
    text = (
        "The siege lasted for 30 days and the conflict three decades. "
        "Fighters attacked the town on Monday night. "
        "The ministers will meet on Friday in Doha, officials said at 10 a.m."
    )
    mentions = find_dates(load_nlp()(text), "2023-04-26")
    assert [m.text for m in mentions] == ["on Monday night", "on Friday"]
    assert mentions[0].date.value == "2023-04-24"
    assert mentions[1].date.value == "2023-04-28"  # future context: the coming Friday
    assert text[mentions[0].start : mentions[0].end] == "on Monday night"


def test_may_as_a_verb_is_not_a_date():
    text = "The talks may resume, and Theresa May spoke in May 2019."
    mentions = find_dates(load_nlp()(text), "2023-04-26")
    assert [(m.text, m.date.value) for m in mentions] == [("in May 2019", "2019-05")]


def test_past_tense_set_is_not_a_future_frame():
    """ "Protesters set fire ... on Friday": "set" here is the past of an act, not "is set to"."""
    from newsevents.annotate.pipeline import annotate as _annotate
    from newsevents.records import Document as _Document
    from newsevents.records import Origin as _Origin
    from newsevents.resolve.dates import find_dates as _find_dates

    text = "Protesters set fire to a police station in Dhaka on Friday."
    document = _Document(id="d", title="t", text=text, origin=_Origin("t.txt", 0))
    (annotated,) = list(_annotate([document]))
    (mention,) = _find_dates(annotated.doc, "2024-05-15")
    assert mention.date.value == "2024-05-10"
