"""Place resolution on invented sentences: gazetteer, geonames, direction words, actors."""

from __future__ import annotations

import pytest

from newsevents.annotate.pipeline import AnnotatedDocument, load_nlp
from newsevents.records import Document, Origin
from newsevents.resolve.document import resolve_document


def places(text: str):
    document = Document(id="d", title="t", text=text, origin=Origin("t.txt"), published=None)
    res = resolve_document(AnnotatedDocument(document=document, doc=load_nlp()(text)))
    return {m.text: m.location for m in res.places}


CASES = [  # (sentence, mention text, name, country, precision)
    ("Drones struck a depot in northern Syria on Monday.", "northern Syria", "northern Syria",
     "SYR", "region"),
    ("Aid trucks entered the Gaza Strip through Rafah.", "Gaza Strip", "Gaza Strip", "PSE",
     "region"),
    ("Talks were held in Moscow with Iranian officials.", "Moscow", "Moscow", "RUS", "city"),
    ("Fighting spread across Darfur and into North Kivu.", "Darfur", "Darfur", "SDN", "region"),
    ("The ship was attacked in the Red Sea.", "Red Sea", "Red Sea", None, "region"),
    ("Rebels seized Goma, the capital of North Kivu province in Congo.", "Congo", "Congo", "COD",
     "country"),
    ("Police fired tear gas at protesters in Basra, Iraq.", "Basra", "Basra", "IRQ", "city"),
    ("A convoy left the base in Ouallam, Niger, on Tuesday.", "Ouallam", "Ouallam", "NER",
     "city"),
    ("Shelling hit Stepanakert in Nagorno-Karabakh overnight.", "Nagorno-Karabakh",
     "Nagorno-Karabakh", "AZE", "region"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "mention", "name", "country", "precision"), CASES)
def test_place(text, mention, name, country, precision):
    found = places(text)
    assert mention in found, found
    location = found[mention]
    assert (location.name, location.country, location.precision) == (name, country, precision)


def test_city_coordinates_come_from_geonames():
    location = places("Talks were held in Moscow on Friday.")["Moscow"]
    assert location.lat == pytest.approx(55.75, abs=0.1)
    assert location.lon == pytest.approx(37.62, abs=0.1)


def test_capital_acting_is_not_a_place():
    found = places("Moscow said the talks in Ankara were useful.")
    assert "Moscow" not in found
    assert found["Ankara"].country == "TUR"


def test_document_country_settles_an_ambiguous_city():
    # Tripoli is both in Libya (the bigger) and in Lebanon.
    text = "Lebanese troops deployed in Tripoli after clashes in Lebanon's north."
    assert places(text)["Tripoli"].country == "LBN"
