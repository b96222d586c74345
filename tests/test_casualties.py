"""Casualty counts in digits, words, bounds, ranges and vague quantities (GUIDE.md rules)."""

import pytest

from newsevents.extract.casualties import parse_count, words_to_int


@pytest.mark.parametrize(
    ("phrase", "low", "high"),
    [
        ("at least 11 people", 11, None),
        ("11 people", 11, None),
        ("more than 40 civilians", 40, None),
        ("between 5 and 8 villagers", 5, 8),
        ("between five and eight people", 5, 8),
        ("up to 8 soldiers", None, 8),
        ("dozens of fighters", 24, None),
        ("scores of residents", 40, None),
        ("hundreds of demonstrators", 200, None),
        ("two protesters", 2, None),
        ("twenty-one miners", 21, None),
        ("at least 3,645 people", 3645, None),
        ("some 4,000 troops", 4000, None),
    ],
)
def test_parse_count(phrase, low, high):
    count = parse_count(phrase)
    assert count is not None
    assert (count.min, count.max) == (low, high)
    assert count.text in phrase


@pytest.mark.parametrize("phrase", ["a paramedic", "the wounded", "civilians"])
def test_no_number_is_none(phrase):
    assert parse_count(phrase) is None


def test_words_to_int_compounds():
    assert words_to_int("one hundred and five") == 105
    assert words_to_int("1.5 million") == 1_500_000
    assert words_to_int("banana") is None
