"""Actor resolution on invented sentences: country, sector, role, anonymity and coreference."""

from __future__ import annotations

import pytest

from newsevents.annotate.pipeline import AnnotatedDocument, load_nlp
from newsevents.records import Document, Origin
from newsevents.resolve.document import resolve_document
from newsevents.resolve.mentions import Resolution


def resolve(text: str, published: str | None = "2024-03-13") -> Resolution:
    document = Document(
        id="d-test", title="t", text=text, origin=Origin("t.txt"), published=published
    )
    return resolve_document(AnnotatedDocument(document=document, doc=load_nlp()(text)))


def actor_of(res: Resolution, text: str, phrase: str, occurrence: int = 0):
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    mention = res.actor_for_span(start, start + len(phrase))
    assert mention is not None, f"no actor for {phrase!r}: {[m.text for m in res.actors]}"
    return mention


# (sentence, phrase, country, sector, anonymous)
CASES = [  # fmt: skip
    (
        "Lebanon's health ministry said the strike killed 11 people.",
        "Lebanon's health ministry",
        "LBN",
        "GOV",
        False,
    ),
    (
        "An Israeli air strike hit a building in the town on Saturday.",
        "Israeli",
        "ISR",
        "GOV",
        False,
    ),
    ("Ankara preempted the meeting by announcing its own plan.", "Ankara", "TUR", "GOV", False),
    (
        "The Pentagon said two destroyers had been sent to the region.",
        "The Pentagon",
        "USA",
        "GOV",
        False,
    ),
    ("Hezbollah said it had fired rockets at an army base.", "Hezbollah", "LBN", "NSA", False),
    (
        "A Russian diplomatic source said the talks would go ahead.",
        "A Russian diplomatic source",
        "RUS",
        "GOV",
        True,
    ),
    ("The Kremlin said Moscow would respond to the sanctions.", "The Kremlin", "RUS", "GOV", False),
    ("The Kremlin said Moscow would respond to the sanctions.", "Moscow", "RUS", "GOV", False),
    (
        "The Turkish Ministry of Defense said the operation was over.",
        "The Turkish Ministry of Defense",
        "TUR",
        "GOV",
        False,
    ),
    (
        "Jordanian police detained dozens of demonstrators in Irbid.",
        "Jordanian police",
        "JOR",
        "COP",
        False,
    ),
    (
        "A Sudanese army spokesman said the RSF had shelled the market.",
        "the RSF",
        "SDN",
        "NSA",
        False,
    ),
    (
        "A Sudanese army spokesman said the RSF had shelled the market.",
        "A Sudanese army spokesman",
        "SDN",
        "MIL",
        True,
    ),
    (
        "Kenyan police said a military official had been arrested.",
        "Kenyan police",
        "KEN",
        "COP",
        False,
    ),
    (
        "The UN refugee agency said 3,000 people had fled.",
        "The UN refugee agency",
        None,
        "IGO",
        False,
    ),
    ("The ICRC said its staff had reached the city.", "The ICRC", None, "NGO", False),
    (
        "Houthi rebels said they had targeted a ship in the Red Sea.",
        "Houthi rebels",
        "YEM",
        "NSA",
        False,
    ),
    (
        "An Egyptian official said the crossing would reopen on Monday.",
        "An Egyptian official",
        "EGY",
        "GOV",
        True,
    ),
    (
        "Kosovo's prime minister met the envoy in Pristina.",
        "Kosovo's prime minister",
        "XKX",
        "GOV",
        False,
    ),
    (
        "The Congolese army said M23 fighters had withdrawn from two villages.",
        "M23 fighters",
        "COD",
        "NSA",
        False,
    ),
    ("Al-Watan, a Damascus newspaper, quoted an unnamed source.", "Al-Watan", "SYR", "MED", False),
    (
        "Security sources in Baghdad said the convoy was hit.",
        "Security sources",
        "IRQ",
        "COP",
        True,
    ),
    ("Emirati officials said the aid ship had docked.", "Emirati officials", "ARE", "GOV", True),
    ("Peru's Congress voted to remove the president.", "Peru's Congress", "PER", "LEG", False),
]


@pytest.mark.parametrize(("text", "phrase", "country", "sector", "anonymous"), CASES)
def test_actor_country_sector(text, phrase, country, sector, anonymous):
    mention = actor_of(resolve(text), text, phrase)
    assert (mention.actor.country, mention.actor.sector) == (country, sector), mention
    assert mention.actor.anonymous is anonymous


def test_outer_phrase_wins_over_inner_country():
    text = "Lebanon's health ministry said an Israeli strike killed 11 people."
    res = resolve(text)
    ministry = text.index("ministry")
    assert res.actor_at(ministry).text == "Lebanon's health ministry"
    assert res.actor_at(0).text == "Lebanon's health ministry"  # outermost
    assert res.innermost_actor_at(0).text.startswith("Lebanon")


def test_person_resolved_from_description_and_later_mentions():
    text = (
        "Turkish Foreign Minister Mevlut Cavusoglu met his Iranian counterpart in Moscow. "
        "Cavusoglu said the talks were useful. He added that the minister would travel again. "
        "Defense Secretary Lloyd Austin called the Israeli defense minister on Monday."
    )
    res = resolve(text)
    first = actor_of(res, text, "Turkish Foreign Minister Mevlut Cavusoglu").actor
    assert (first.name, first.role, first.country, first.sector) == (
        "Mevlut Cavusoglu",
        "Foreign Minister",
        "TUR",
        "GOV",
    )
    later = actor_of(res, text, "Cavusoglu", 1).actor
    assert later.name == "Mevlut Cavusoglu" and later.country == "TUR"
    he = actor_of(res, text, "He").actor
    assert he.name == "Mevlut Cavusoglu"
    minister = actor_of(res, text, "the minister").actor
    assert minister.name == "Mevlut Cavusoglu"
    austin = actor_of(res, text, "Defense Secretary Lloyd Austin").actor
    assert (austin.country, austin.sector, austin.role) == ("USA", "GOV", "Defense Secretary")


def test_apposition_gives_role_to_the_name():
    text = "Reza Hosseini, the Iranian foreign ministry spokesman, denied the report on Sunday."
    res = resolve(text)
    person = actor_of(res, text, "Reza Hosseini").actor
    assert (person.name, person.country, person.sector) == ("Reza Hosseini", "IRN", "GOV")
    assert person.role == "Spokesman"


def test_armed_group_spokesman_is_nsa():
    text = "SDF spokesman Karwan Derik said the group would retaliate."
    person = actor_of(resolve(text), text, "SDF spokesman Karwan Derik").actor
    assert (person.name, person.country, person.sector) == ("Karwan Derik", "SYR", "NSA")


def test_anonymous_without_country_stays_null_for_diplomats():
    text = "A senior diplomat who asked not to be named said the envoy would arrive in Tehran."
    mention = actor_of(resolve(text), text, "A senior diplomat")
    assert mention.actor.anonymous and mention.actor.country is None


def test_capital_as_place_is_not_an_actor():
    text = "Talks were held in Moscow on Tuesday, and Moscow said they went well."
    res = resolve(text)
    first = text.index("Moscow")
    assert res.actor_at(first) is None
    second = text.index("Moscow", first + 1)
    assert res.actor_at(second).actor.country == "RUS"


def test_pronoun_it_and_possessive_follow_the_group():
    text = "Hamas said its fighters had fired rockets. It said the attack was a warning."
    res = resolve(text)
    fighters = actor_of(res, text, "its fighters").actor
    assert (fighters.country, fighters.sector) == ("PSE", "NSA")
    it = actor_of(res, text, "It").actor
    assert it.name == "Hamas"


def test_context_country_for_generic_institutions():
    text = (
        "Haitian police said gangs attacked a station in Port-au-Prince. "
        "Residents said the police fired back."
    )
    res = resolve(text)
    assert actor_of(res, text, "Residents").actor.country == "HTI"
    police = actor_of(res, text, "the police").actor
    assert (police.country, police.sector) == ("HTI", "COP")


def test_coordinated_subjects_expand():
    text = "Russia, Syria, Turkey and Iran agreed to meet again."
    doc_res = resolve(text)
    nlp_doc = load_nlp()(text)
    countries = {m.actor.country for m in doc_res.actors_for_token(nlp_doc[0])}
    assert {"RUS", "SYR", "TUR", "IRN"} <= countries


def test_demonym_with_hyphen_is_not_the_phrase_country():
    text = "Turkish-backed fighters attacked the town."
    mention = actor_of(resolve(text), text, "Turkish-backed fighters")
    assert mention.actor.country != "TUR"


CONTEXT_COUNTRIES = [  # (text, phrase, occurrence, country): generic nouns in two-country stories
    ("Armenian officials met in Yerevan on Monday. The Azerbaijani army said it downed a drone. "
     "The military said separately that its jets had struck a post near the border.",
     "The military", 0, "AZE"),
    ("Armenian officials met in Yerevan on Monday. The Azerbaijani army said it downed a drone. "
     "The military said separately that its jets had struck a post near the border.",
     "its jets", 0, "AZE"),
    ("American warships shot down drones over the Red Sea, the Pentagon said. Washington blamed "
     "the Yemeni Houthis. The group said it would keep firing.", "The group", 0, "YEM"),
    ("Chadian troops crossed the border on Monday, Chad's government said. An air strike killed "
     "14 civilians in El Geneina, Sudan, on Tuesday.", "14 civilians", 0, "SDN"),
    ("The Pentagon said U.S. forces carried out the raid. The raid killed eight militants in "
     "Iraq, officials said.", "eight militants", 0, "IRQ"),
    ("The Israeli army said it intercepted a drone. The Lebanese army said it was not involved.",
     "The Lebanese army", 0, "LBN"),
    # a bare plural is not a definite reference: it keeps the story's country
    ("French troops left Niger on Tuesday. Jihadists later killed 12 soldiers, Niger's defence "
     "ministry said.", "12 soldiers", 0, "NER"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "phrase", "occurrence", "country"), CONTEXT_COUNTRIES)
def test_generic_noun_country_from_context(text, phrase, occurrence, country):
    assert actor_of(resolve(text), text, phrase, occurrence).actor.country == country


COORDINATED = [  # (text, phrase, {(country, sector)}): one mention per coordinated modifier
    ("The rebels vowed to keep targeting American and British warships.",
     "American and British warships", {("USA", "MIL"), ("GBR", "MIL")}),
    ("Saudi and Omani delegations held talks with rebel leaders in the capital.",
     "Saudi and Omani delegations", {("SAU", "GOV"), ("OMN", "GOV")}),
    ("Qatari and Egyptian mediators met in Doha on Monday.", "Qatari and Egyptian mediators",
     {("QAT", "GOV"), ("EGY", "GOV")}),
    ("Talks between Israeli and Hamas negotiators resumed on Sunday.",
     "Israeli and Hamas negotiators", {("ISR", "GOV"), ("PSE", "NSA")}),
    ("Russian, Iranian and Turkish ministers met in Astana.",
     "Russian, Iranian and Turkish ministers", {("RUS", "GOV"), ("IRN", "GOV"), ("TUR", "GOV")}),
    ("Dozens of Saudi and Emirati soldiers were wounded in the attack.",
     "Dozens of Saudi and Emirati soldiers", {("SAU", "MIL"), ("ARE", "MIL")}),
    ("U.S. and coalition troops were attacked near the airport on Friday.",
     "U.S. and coalition troops", {("USA", "MIL")}),
    ("The Saudi-backed government rejected the offer.", "The Saudi-backed government",
     None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "phrase", "expected"), COORDINATED)
def test_coordinated_modifiers_give_one_mention_each(text, phrase, expected):
    res = resolve(text)
    start = text.index(phrase)
    tokens = load_nlp()(text)
    head = next(t for t in tokens if t.idx + len(t.text) == start + len(phrase))
    mentions = res.all_actors_for_token(head)
    assert all(m.text == phrase for m in mentions), [m.text for m in mentions]
    found = {(m.actor.country, m.actor.sector) for m in mentions}
    if expected is None:
        assert len(mentions) == 1  # a backer ("Saudi-backed") is no coordinated owner
    else:
        assert found == expected
    assert res.actor_for_token(head) is mentions[0]  # the first stays the outermost mention


POSSESSED_FORCES = [  # (text, phrase, country, sector): forces named through a possessor
    ("Indian Foreign Minister Raj Mehta said his country's forces would not withdraw from the "
     "valley.", "his country's forces", "IND", "MIL"),
    ("The Thai defence ministry said its forces had killed six insurgents near the border.",
     "its forces", "THA", "MIL"),
    ("Armenia said Azerbaijani troops had fired on its army positions overnight.",
     "its army positions", "ARM", "MIL"),
    ("The Kenyan government said its police officers would arrive in Haiti next month.",
     "its police officers", "KEN", "COP"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "phrase", "country", "sector"), POSSESSED_FORCES)
def test_possessed_forces_take_the_owner_country(text, phrase, country, sector):
    actor = actor_of(resolve(text), text, phrase).actor
    assert (actor.country, actor.sector) == (country, sector)


MERGED_ENTRIES = [  # (text, phrase, country, sector): entries merged from the speaker tables
    ("Yaoundé said the border would stay closed.", "Yaoundé", "CMR", "GOV"),
    ("La Paz rejected the accusation on Monday.", "La Paz", "BOL", "GOV"),
    ("The Houthi-run Al-Masirah reported the strike.", "Al-Masirah", "YEM", "MED"),
    ("The International Labour Organization warned of job losses.",
     "The International Labour Organization", None, "IGO"),
    ("Gazan families fled south on Friday.", "Gazan families", "PSE", "CVL"),
    ("Colombian guerrillas attacked a police post.", "Colombian guerrillas", "COL", "NSA"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "phrase", "country", "sector"), MERGED_ENTRIES)
def test_merged_gazetteer_entries(text, phrase, country, sector):
    actor = actor_of(resolve(text), text, phrase).actor
    assert (actor.country, actor.sector) == (country, sector)
