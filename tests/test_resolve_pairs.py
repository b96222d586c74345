"""Plural references to two parties named before ("both sides", "the two countries")."""

import pytest

from newsevents.annotate.pipeline import annotate
from newsevents.records import Document, Origin
from newsevents.resolve.document import resolve_document


def pair_at(text: str, phrase: str) -> set[tuple]:
    document = Document(id="d", title="t", text=text, origin=Origin("t.txt", 0))
    (annotated,) = list(annotate([document]))
    resolution = resolve_document(annotated)
    start = text.index(phrase)
    return {
        (m.actor.country, m.actor.sector)
        for m in resolution.actors
        if m.start == start and m.end == start + len(phrase)
    }


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        (
            "Serbia accused Kosovo of provoking clashes at the border. The European Union "
            "urged both sides to show restraint.",
            "both sides",
            {("SRB", "GOV"), ("XKX", "GOV")},
        ),
        (
            "Ethiopia and Kenya signed a trade deal on Monday. The two countries also agreed to "
            "reopen the border.",
            "The two countries",
            {("ETH", "GOV"), ("KEN", "GOV")},
        ),
        (
            "Sudan's army shelled Rapid Support Forces positions in Khartoum. The United Nations "
            "called on both warring parties to protect civilians.",
            "both warring parties",
            {("SDN", "MIL"), ("SDN", "NSA")},
        ),
    ],
)
def test_pair_phrases_name_both_parties(text, phrase, expected):
    assert pair_at(text, phrase) == expected


def test_no_pair_without_two_parties_before():
    assert (
        pair_at("The talks were constructive and both sides will meet again.", "both sides")
        == set()
    )
