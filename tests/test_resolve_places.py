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


def resolved(text: str):
    document = Document(id="d", title="t", text=text, origin=Origin("t.txt"), published=None)
    return resolve_document(AnnotatedDocument(document=document, doc=load_nlp()(text)))


FRAMED = [  # (sentence, mention text, country, precision): names no gazetteer knows
    ("Drones struck the southern Lebanese village of Wadi Saluki overnight.", "Wadi Saluki",
     "LBN", "city"),
    ("Militants attacked the Tabarak base in northern Mali on Friday.", "Tabarak", "MLI", "city"),
    ("Gunmen raided the Carrefour-Feuilles district of Haiti's capital.", "Carrefour-Feuilles",
     "HTI", "admin1"),
    ("Troops took up positions in Bir Hakim, south of Tripoli, Libya.", "Bir Hakim", "LBY",
     "city"),
    ("Soldiers deployed to the Sool region of Somalia.", "Sool", "SOM", "admin1"),
    ("Syrian troops shelled the Idlib town of Kafr Nabl.", "Kafr Nabl", "SYR", "city"),
    ("Protesters marched through the streets of Guayaquil on Monday.", "Guayaquil", "ECU",
     "city"),
    ("Gunmen stormed a radio station in Cuenca on Tuesday.", "Cuenca", "ECU", "city"),
    ("Police dispersed a rally outside a U.N. office in the town of Atmeh in Syria.", "Atmeh",
     "SYR", "city"),
    ("Iraqi police detained dozens of people in the northern city of Mosul.", "Mosul", "IRQ",
     "city"),
    ("Aid trucks crossed through the Bab al-Salam border crossing into Syria.", "Bab al-Salam",
     "SYR", "city"),
    ("Shells hit the Kanyaruchinya displacement camp north of Goma, in Congo.", "Goma", "COD",
     "city"),
    ("Armenian border guards were reinforced in the northern Lori province.", "northern Lori",
     "ARM", "region"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "mention", "country", "precision"), FRAMED)
def test_framed_place(text, mention, country, precision):
    res = resolved(text)
    found = {m.text: m.location for m in res.places}
    assert mention in found, found
    assert (found[mention].country, found[mention].precision) == (country, precision)
    name = mention.removeprefix("northern ")
    # the place's own words are never an actor (the NER often calls a village a PERSON)
    assert not any(name in m.text for m in res.actors if m.kind in ("person", "organization"))


def test_framed_place_without_country_takes_the_documents_place_country():
    text = (
        "Heavy fighting was reported in eastern Congo on Sunday. "
        "Rebels later seized the village of Kalembe Nord, residents said."
    )
    found = {m.text: m.location for m in resolved(text).places}
    assert found["Kalembe Nord"].country == "COD"


def test_a_framed_name_keeps_its_country_in_later_mentions():
    text = (
        "Gunmen attacked the Mashrou district of Lebanon's capital on Monday. "
        "Two more shops were burned in Mashrou overnight."
    )
    mentions = [m for m in resolved(text).places if m.text == "Mashrou"]
    assert [m.location.country for m in mentions] == ["LBN", "LBN"]


PERSONS = [  # (sentence, a person's name that must not become a place)
    ("The camp's president, Jean-Paul Mukendi, said shells fell near the camp.", "Mukendi"),
    ("SDF spokesman Karwan Aziz said the fighters had withdrawn.", "Aziz"),
    ("The report quoted a letter from Fatima Diallo, the mayor.", "Diallo"),
    ("Rebels met Gen. Sultani Makenga in Kibumba on Monday.", "Makenga"),
    ("Hezbollah fired Katyusha rockets at the town.", "Katyusha"),
]


@pytest.mark.parametrize(("text", "name"), PERSONS)
def test_person_or_thing_is_not_a_framed_place(text, name):
    assert not any(name in m.text for m in resolved(text).places)


def test_a_demonym_is_never_a_place():
    assert "Emirati" not in places("Dozens of Saudi and Emirati soldiers were wounded.")


def test_unknown_ner_place_takes_the_dominant_place_country_not_a_later_clause():
    text = (
        "Israel's military said its troops were fighting in Rafah and Khan Younis. Israeli "
        "officials said later that an air strike had hit a house in Maghazi overnight, and "
        "Israel denied targeting civilians."
    )
    assert places(text)["Maghazi"].country == "PSE"


def test_the_west_is_not_a_place():
    assert "West" not in places("Iran accused the West of hypocrisy on Monday.")


def test_unknown_districts_and_villages_near_a_name_the_ner_mislabels():
    from newsevents.annotate.pipeline import annotate as _annotate
    from newsevents.records import Document as _Document
    from newsevents.records import Origin as _Origin
    from newsevents.resolve.document import resolve_document as _resolve

    text = (
        "Mortars hit army posts in the Kurram district of Khyber Pakhtunkhwa on Monday. "
        "Rebels attacked an outpost near Maungdaw in Rakhine state. "
        "Envoys will meet for talks in Brussels next week."
    )
    document = _Document(id="d", title="t", text=text, origin=_Origin("t.txt", 0))
    (annotated,) = list(_annotate([document]))
    places = {m.text: m.location.country for m in _resolve(annotated).places}
    assert places.get("Kurram") == "PAK"
    assert places.get("Maungdaw") == "MMR"
    assert places.get("Brussels") == "BEL"


def test_subdivisions_give_their_country():
    from newsevents.resolve.gazetteer import subdivision_index

    index = subdivision_index()
    assert index["Shan"] == "MMR"
    assert index["Cabo Delgado"] == "MOZ"
    assert "Central" not in index
