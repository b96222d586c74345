"""Event extraction on invented sentences: type, status, participants and casualties.

Every sentence here is written for this test (invented news, real state names so the
gazetteers apply); expected values follow shared/eval/GUIDE.md and were set by hand.
"""

from __future__ import annotations

import pytest

from newsevents.annotate.pipeline import annotate
from newsevents.pipeline import extract_document
from newsevents.records import Document, Origin


def events_of(text: str, published: str | None = "2024-05-15"):
    document = Document(
        id="d-test", title="Test", text=text, origin=Origin("test.txt", 0), published=published
    )
    (annotated,) = list(annotate([document]))
    return extract_document(annotated).events


def only(events, event_type):
    found = [e for e in events if e.type == event_type]
    assert len(found) == 1, [(e.type, e.evidence.trigger) for e in events]
    return found[0]


def pairs(actors):
    return {(a.country, a.sector) for a in actors}


@pytest.mark.parametrize(
    ("sentence", "event_type"),
    [
        ("Chilean and Bolivian ministers held talks in La Paz on Monday.", "CONSULT"),
        ("Ghana and Togo signed a border agreement on Friday.", "AGREE"),
        ("Kenya urged Uganda to reopen the border crossing.", "REQUEST"),
        ("Uganda accused Kenya of harbouring rebels.", "ACCUSE"),
        ("Thousands of nurses rallied in Nairobi on Sunday over unpaid wages.", "PROTEST"),
        ("Zambian police arrested 40 miners in Kitwe on Tuesday.", "COERCE"),
        ("Mozambique deployed troops to the northern province of Cabo Delgado.", "MOBILIZE"),
        ("Mali expelled two French diplomats on Thursday.", "SANCTION"),
        ("The rebels released six hostages near the border on Monday.", "RETREAT"),
        ("The World Food Programme delivered food to 30,000 people in Tigray.", "AID"),
        ("Argentina rejected the proposal on Tuesday.", "REJECT"),
        ("Tanzania voiced support for the peace plan.", "SUPPORT"),
        ("Chad and Sudan agreed to coordinate border patrols.", "COOPERATE"),
    ],
)
def test_each_type_from_its_trigger(sentence, event_type):
    assert only(events_of(sentence), event_type)


def test_attack_with_range_of_deaths_and_injuries():
    (event,) = events_of(
        "Gunmen attacked a bus near the town of Garissa in Kenya on Monday, killing between "
        "six and nine passengers and wounding at least 12, police said."
    )
    assert event.type == "ASSAULT"
    assert (event.fatalities.min, event.fatalities.max) == (6, 9)
    assert (event.injuries.min, event.injuries.max) == (12, None)
    assert event.status == "asserted"


def test_nominal_strike_gives_source_and_one_event():
    events = events_of("A Syrian air strike on the town killed at least 11 people on Monday.")
    event = only(events, "ASSAULT")
    assert ("SYR", "MIL") in pairs(event.source_actors)
    assert event.fatalities.min == 11 and event.fatalities.max is None
    assert event.mode == "aerial"


def test_own_side_success_is_claimed():
    event = only(
        events_of("Colombia's army said its troops had killed 14 rebels in Cauca on Sunday."),
        "ASSAULT",
    )
    assert event.status == "claimed"
    assert event.reported_by is not None and event.reported_by.country == "COL"


def test_attack_reported_by_the_victim_side_is_asserted():
    event = only(
        events_of(
            "Rebel fighters attacked an army base in Cauca, killing five soldiers, the army said."
        ),
        "ASSAULT",
    )
    assert event.status == "asserted"


def test_expected_meeting_is_planned():
    event = only(
        events_of(
            "The foreign ministers of Peru and Chile are expected to meet in Lima next week."
        ),
        "CONSULT",
    )
    assert event.status == "planned"
    assert pairs(event.source_actors) >= {("PER", "GOV"), ("CHL", "GOV")}


def test_conditional_is_hypothetical():
    events = events_of("He said Bolivia would withdraw its ambassador if Chile closed the port.")
    assert all(e.status in {"hypothetical", "planned"} for e in events)
    assert any(e.status == "hypothetical" for e in events)


def test_refusal_to_withdraw_is_reject():
    event = only(
        events_of("Ankara said it would not withdraw its forces from the region."), "REJECT"
    )
    assert event.status == "asserted"
    assert ("TUR", "GOV") in pairs(event.source_actors)


def test_first_mention_denial_is_denied():
    event = only(
        events_of("Rwanda denied that its forces had shelled the camp near Goma."), "ASSAULT"
    )
    assert event.status == "denied"


def test_requested_act_is_not_an_event():
    events = events_of(
        "Egypt urged Ethiopia to halt the filling of the dam and withdraw its troops."
    )
    assert [e.type for e in events] == ["REQUEST"]


def test_running_toll_is_not_an_incident():
    events = events_of(
        "The health ministry says at least 2,300 people have been killed since the war began."
    )
    assert not [e for e in events if e.type == "ASSAULT"]


def test_violence_inside_a_direct_quote_is_not_an_event():
    events = events_of("“They are killing our children,” the mayor said.")
    assert not [e for e in events if e.type == "ASSAULT"]


def test_threat_gives_threaten_and_hypothetical_attack():
    events = events_of("The militia threatened to attack Nigerian army positions along the border.")
    assert only(events, "THREATEN").status == "asserted"
    assert only(events, "ASSAULT").status == "hypothetical"


def test_evidence_points_into_the_text():
    text = "Police detained 12 journalists in Minsk on Friday.\n\nThe arrests drew protests."
    event = only(events_of(text), "COERCE")
    assert text[event.evidence.start : event.evidence.end] == event.evidence.text
    assert event.evidence.sentence == 0
    assert event.evidence.text == "Police detained 12 journalists in Minsk on Friday."
    assert event.evidence.trigger == "detained"


def test_ids_are_stable():
    text = "Serbia and Kosovo held talks in Brussels on Monday."
    assert [e.id for e in events_of(text)] == [e.id for e in events_of(text)]


def test_a_meeting_that_discussed_is_not_a_new_meeting():
    events = events_of(
        "Ghana and Togo held talks in Accra on Monday. The meeting discussed border security."
    )
    assert [e.type for e in events] == ["CONSULT"]


def test_undecided_option_is_hypothetical_even_when_misparsed():
    events = events_of(
        "Caracas said it would not withdraw its troops, without ruling out a meeting between "
        "the two presidents."
    )
    assert only(events, "REJECT").status == "asserted"
    assert only(events, "CONSULT").status == "hypothetical"


def test_refusal_is_the_state_not_its_forces_and_has_no_place():
    event = only(
        events_of("Ankara said its forces would not withdraw from northern Iraq."), "REJECT"
    )
    assert pairs(event.source_actors) == {("TUR", "GOV")}
    assert event.location is None
    assert event.target_actors == []


def test_a_call_told_inside_a_request_sentence_is_kept():
    events = events_of(
        "Blinken urged Israel to allow more aid into Gaza, in a call on Sunday with Netanyahu."
    )
    assert {e.type for e in events} == {"REQUEST", "CONSULT"}


def test_upcoming_talks_are_planned():
    events = events_of("The ministers prepared for holding upcoming talks in Doha.")
    assert only(events, "CONSULT").status == "planned"


def test_owner_of_a_nested_compound_is_the_source():
    event = only(
        events_of("An RSF drone strike hit a market in El Fasher on Monday, killing 9 civilians."),
        "ASSAULT",
    )
    assert ("SDN", "NSA") in pairs(event.source_actors)
    assert event.fatalities.min == 9


def test_condemning_strikes_targets_the_force_behind_them():
    event = only(events_of("Pakistan's government condemned the Iranian strikes."), "ACCUSE")
    assert pairs(event.target_actors) == {("IRN", "MIL")}


def test_wounded_service_members_are_the_target():
    event = only(
        events_of(
            "Militants fired rockets at a base in Syria, wounding three U.S. service members."
        ),
        "ASSAULT",
    )
    assert ("USA", "MIL") in pairs(event.target_actors)


def test_joint_drills_are_cooperation_and_a_weapons_test_is_mobilize():
    drills = only(
        events_of("Chinese warships held joint drills with Russian vessels."), "COOPERATE"
    )
    assert ("RUS", "MIL") in pairs(drills.target_actors)
    test = only(events_of("North Korea test-fired two ballistic missiles on Thursday."), "MOBILIZE")
    assert test.status == "asserted"


def test_recalling_an_envoy_from_a_capital_has_no_place():
    event = only(events_of("Pakistan recalled its envoy from Tehran on Wednesday."), "SANCTION")
    assert event.location is None


def test_rioting_protesters_are_protest_riot():
    events = events_of("Protesters set fire to a police station in Dhaka on Friday.")
    event = only(events, "PROTEST")
    assert event.mode == "riot"
    assert event.date.value == "2024-05-10"


def test_dismissing_a_charge_is_not_a_rejection():
    events = events_of("Chad accused Libya of arming the rebels, a charge Tripoli rejected.")
    assert [e.type for e in events] == ["ACCUSE"]


def test_a_bomb_that_exploded_has_place_date_and_deaths():
    event = only(
        events_of("A car bomb exploded near a checkpoint in Mogadishu on Saturday, killing eight."),
        "ASSAULT",
    )
    assert event.mode == "explosives"
    assert event.location.name == "Mogadishu"
    assert event.date.value == "2024-05-11"
    assert event.fatalities.min == 8


def test_a_raid_that_arrests_is_coerce():
    events = events_of("Troops raided a camp near Jenin on Tuesday, arresting 11 men.")
    assert [e.type for e in events] == ["COERCE"]
    assert events[0].date.value == "2024-05-14"


def test_a_threatened_sanction_is_hypothetical():
    events = events_of("Washington threatened to impose new tariffs on Chinese steel.")
    assert only(events, "THREATEN").status == "asserted"
    assert only(events, "SANCTION").status == "hypothetical"


def test_a_visited_capital_is_the_place_and_the_host():
    event = only(events_of("Iraq's president traveled to Ankara on Monday for talks."), "CONSULT")
    assert event.location.name == "Ankara" and event.location.country == "TUR"
    assert ("TUR", "GOV") in pairs(event.target_actors)
    assert event.date.value == "2024-05-13"


def test_since_starts_a_period_not_the_event_date():
    event = only(
        events_of("Britain has carried out air strikes on rebel sites since March 3."), "ASSAULT"
    )
    assert event.date is None
    assert event.mode == "aerial"


def test_the_source_goes_on_telling_the_same_incident():
    events = events_of(
        "Rebels ambushed a convoy near Kalay on Sunday, the group said, adding that it had "
        "killed 12 soldiers."
    )
    event = only(events, "ASSAULT")
    assert event.fatalities.min == 12


def test_coordinated_modifiers_give_one_actor_each():
    event = only(
        events_of("Houthi forces attacked American and British warships in the Red Sea."),
        "ASSAULT",
    )
    assert pairs(event.target_actors) == {("USA", "MIL"), ("GBR", "MIL")}


def test_own_side_retelling_of_a_told_strike_is_not_a_second_event():
    events = events_of(
        "An Israeli air strike on a school in Rafah killed nine people on Tuesday, medics said."
        "\n\nThe Israeli military said its aircraft had struck Hamas militants inside the school."
    )
    assert len([e for e in events if e.type == "ASSAULT"]) == 1


def test_own_side_claim_about_other_victims_is_a_new_event_with_its_place():
    events = events_of(
        "An Israeli air strike in Beirut killed 11 people on Saturday, Lebanon said.\n\n"
        "Aid groups decried conditions in northern Gaza, where Israel said it had killed two "
        "Hamas commanders."
    )
    claimed = [e for e in events if e.type == "ASSAULT" and e.status == "claimed"]
    assert len(claimed) == 1
    assert claimed[0].location.name == "northern Gaza"
    assert claimed[0].fatalities.min == 2


def test_a_denied_report_of_a_told_strike_is_not_an_event():
    events = events_of(
        "A drone strike hit a bus near Bure on Monday, killing nine people.\n\n"
        "A government spokesman denied that the army had carried out the strike."
    )
    assert len([e for e in events if e.type == "ASSAULT"]) == 1


def test_a_conjunct_and_a_temporal_clause_share_the_place():
    events = events_of(
        "Georgian troops withdrew from villages in the Kakheti province on Friday and handed "
        "the area over to Azerbaijan."
    )
    assert {e.location.name for e in events if e.type == "RETREAT"} == {"Kakheti"}
    events = events_of(
        "Police detained dozens of demonstrators in Mosul on Tuesday after graduates rallied "
        "outside the governor's office."
    )
    protest = only(events, "PROTEST")
    assert protest.location.name == "Mosul"
    assert protest.date.value == "2024-05-14"


def test_the_place_after_the_verb_beats_a_scene_setting_one():
    event = only(
        events_of("In Idlib, Syrian tanks shelled the western town of Kafr Batikh."),
        "ASSAULT",
    )
    assert event.location.name == "Kafr Batikh"


def test_sides_are_not_political_parties():
    events = events_of(
        "Ethiopia accused Eritrea of massing troops on the border.\n\n"
        "The AU envoy urged all parties to return to talks."
    )
    event = only(events, "REQUEST")
    assert pairs(event.target_actors) == {("ETH", "GOV"), ("ERI", "GOV")}


def test_refusing_to_negotiate_names_the_other_side():
    event = only(events_of("Arana said Peru will not negotiate with terrorists."), "REJECT")
    assert ("PER", "NSA") in pairs(event.target_actors)


def test_a_visit_to_a_capital_targets_its_government():
    event = only(
        events_of("The French foreign minister is expected in Beirut next week."), "CONSULT"
    )
    assert event.status == "planned"
    assert event.location.name == "Beirut"
    assert pairs(event.target_actors) == {("LBN", "GOV")}


def test_victims_in_a_camp_are_refugees():
    event = only(
        events_of("Shells struck a displacement camp near Goma on Monday, killing six people."),
        "ASSAULT",
    )
    assert ("COD", "REF") in pairs(event.target_actors)


def test_government_forces_are_military_and_security_forces_police():
    shelled = only(events_of("Government forces shelled the town of Idlib on Monday."), "ASSAULT")
    assert shelled.source_actors[0].sector == "MIL"
    arrests = only(events_of("Iranian security forces arrested 40 people in Tehran."), "COERCE")
    assert pairs(arrests.source_actors) == {("IRN", "COP")}


def test_speaker_of_a_first_person_quote_is_the_source():
    event = only(
        events_of("“We will not negotiate with the gangs,” Honduran President Ana Flores said."),
        "REJECT",
    )
    assert pairs(event.source_actors) == {("HND", "GOV")}


def test_an_accusation_conjoined_in_a_reported_clause_is_the_speakers():
    event = only(
        events_of(
            "Hamas said two of the dead were fighters and accused Israel of targeting civilians."
        ),
        "ACCUSE",
    )
    assert pairs(event.source_actors) == {("PSE", "NSA")}
    assert pairs(event.target_actors) == {("ISR", "GOV")}


def test_crowd_control_targets_whom_it_dispersed_and_rejected_criticism_is_a_denial():
    events = events_of(
        "Riot police used water cannon to disperse protesters in Tbilisi on Monday.\n\n"
        "The prime minister rejected the criticism."
    )
    event = only(events, "ASSAULT")
    assert event.mode == "crowd-control"
    assert pairs(event.target_actors) == {("GEO", "CVL")}
    assert not [e for e in events if e.type == "REJECT"]


def test_when_it_was_said_is_not_when_it_happened():
    event = only(
        events_of(
            "Gunmen killed 30 villagers in a raid in Nigeria's Benue state, officials said on "
            "Monday."
        ),
        "ASSAULT",
    )
    assert event.date is None
    assert event.location.name == "Benue"


def test_homes_set_ablaze_and_suspects_arrested():
    events = events_of("The attackers set homes ablaze. Police arrested 11 suspects in Makurdi.")
    assert only(events, "ASSAULT").mode == "destroy"
    arrest = only(events, "COERCE")
    assert {a.sector for a in arrest.target_actors} == {"NSA"}


def test_sit_ins_phone_calls_and_closed_crossings():
    events = events_of(
        "Truck drivers staged a sit-in at the border on Monday.\n\n"
        "China's foreign minister spoke by phone with his Pakistani counterpart on Monday.\n\n"
        "Islamabad closed the Torkham crossing on Sunday."
    )
    assert only(events, "PROTEST").date.value == "2024-05-13"
    call = only(events, "CONSULT")
    assert call.mode == "phone"
    assert pairs(call.target_actors) == {("PAK", "GOV")}
    assert only(events, "COERCE").mode == "blockade"


def test_a_date_in_another_clause_is_not_the_events():
    event = only(
        events_of("Qatar offered to mediate, and the envoy spoke to reporters on Monday."), "AGREE"
    )
    assert event.date is None


def test_a_state_threatening_retaliation_is_gov_and_beatings_are_assault():
    events = events_of(
        "Minsk said it would retaliate.\n\n"
        "Riot police beat and detained hundreds of demonstrators in Minsk last week."
    )
    assert pairs(only(events, "THREATEN").source_actors) == {("BLR", "GOV")}
    beating = [e for e in events if e.type == "ASSAULT" and e.evidence.sentence == 1]
    assert [e.mode for e in beating] == ["crowd-control"]
    assert only(events, "COERCE").mode == "arrest"


@pytest.mark.parametrize(
    ("sentence", "event_type"),
    [
        ("The junta dissolved all political parties on Wednesday.", "COERCE"),
        ("Norway recognized Palestine as a state on Tuesday.", "SUPPORT"),
        ("The government lifted the curfew in Goma on Monday.", "CONCEDE"),
        ("North Korea launched a reconnaissance satellite on Monday.", "MOBILIZE"),
        ("Colombia suspended peace talks with the ELN after the bombing.", "SANCTION"),
        ("Turkey's parliament approved Sweden's NATO membership bid.", "SUPPORT"),
        ("The United States designated the group a terrorist organization.", "SANCTION"),
        ("Niger suspended the French broadcaster RFI for three months.", "COERCE"),
    ],
)
def test_more_acts_of_each_type(sentence, event_type):
    assert only(events_of(sentence), event_type)


def test_a_region_recognised_as_part_of_a_state_is_no_event():
    events = events_of(
        "The clashes took place in Nagorno-Karabakh, a region recognised as part of Azerbaijan."
    )
    assert not [e for e in events if e.type == "SUPPORT"]


@pytest.mark.parametrize(
    ("sentence", "event_type", "status"),
    [
        ("The rebels said they had shot down a government helicopter.", "ASSAULT", "claimed"),
        ("If the talks fail, Israel could launch a ground offensive in Rafah.", "ASSAULT",
         "hypothetical"),
        ("Unless the junta frees the president, ECOWAS may intervene militarily.", "ASSAULT",
         "hypothetical"),
        ("Talks between the two sides are due to resume next week.", "CONSULT", "planned"),
        ("The Islamic State group claimed responsibility for the bombing that killed 20 people.",
         "ASSAULT", "claimed"),
        ("Residents said government troops had shelled the market.", "ASSAULT", "asserted"),
        ("Ukraine's military said it had struck a Russian airbase in Crimea.", "ASSAULT",
         "claimed"),
    ],
)  # fmt: skip
def test_statuses_on_more_phrasings(sentence, event_type, status):
    assert status in [e.status for e in events_of(sentence) if e.type == event_type]


def test_a_claim_of_responsibility_names_the_source():
    event = only(
        events_of("Al-Shabaab claimed responsibility for the bombing that killed 20 people."),
        "ASSAULT",
    )
    assert pairs(event.source_actors) == {("SOM", "NSA")}
    assert event.fatalities.min == 20


def test_listed_members_are_the_targets_and_leaders_belong_to_their_body():
    event = only(
        events_of(
            "Managua expelled diplomats from five Latin American countries, including Brazil, "
            "Mexico and Colombia."
        ),
        "SANCTION",
    )
    assert pairs(event.target_actors) == {("BRA", "GOV"), ("MEX", "GOV"), ("COL", "GOV")}
    meeting = only(
        events_of("Colombia's interior minister met leaders of the truckers' unions in Bogota."),
        "CONSULT",
    )
    assert pairs(meeting.target_actors) == {("COL", "CVL")}


def test_a_state_of_emergency_is_no_party():
    event = only(events_of("Ethiopia's parliament voted to extend a state of emergency."), "COERCE")
    assert event.target_actors == []


@pytest.mark.parametrize(
    ("sentence", "event_type"),
    [
        ("Kosovo police shut down five offices run by Serbia's government in Zvecan.", "COERCE"),
        ("Vucic ordered the army to raise its combat readiness.", "MOBILIZE"),
        ("NATO's peacekeeping mission said it had stepped up patrols in the north.", "MOBILIZE"),
        ("The junta lifted a three-month suspension of political activity.", "CONCEDE"),
        ("Caracas said it would not pull its soldiers back.", "REJECT"),
        ("Brazil offered to mediate between the two governments.", "CONSULT"),
        ("The ministry said it would begin a new round of deportations next month.", "COERCE"),
    ],
)
def test_acts_seen_in_invented_holdout_style(sentence, event_type):
    assert only(events_of(sentence), event_type)


def test_an_offer_is_hypothetical_and_a_conditional_raid_is_its_own_event():
    assert only(events_of("Brazil offered to mediate between the two governments."),
                "CONSULT").status == "hypothetical"  # fmt: skip
    events = events_of(
        "Kabul warned that its forces would strike Pakistani posts if Pakistan carried out "
        "further air raids."
    )
    statuses = sorted(e.status for e in events if e.type == "ASSAULT")
    assert statuses == ["hypothetical", "hypothetical"]


def test_requested_anonymity_and_sanctions_over_strikes_are_no_events():
    events = events_of(
        "Washington imposed sanctions on three officers over air strikes on civilians, an "
        "official who requested anonymity said."
    )
    assert [e.type for e in events] == ["SANCTION"]


def test_a_state_deploying_troops_is_mil_but_a_ministry_seat_stays_gov():
    assert pairs(only(events_of("Rwanda deployed a battalion to Macomia on Tuesday."),
                      "MOBILIZE").source_actors) == {("RWA", "MIL")}  # fmt: skip
    assert pairs(only(events_of("The Pentagon deployed a Patriot battery to Kuwait."),
                      "MOBILIZE").source_actors) == {("USA", "GOV")}  # fmt: skip


def test_victims_take_the_country_of_the_place_hit():
    event = only(
        events_of(
            "Pakistani aircraft bombed two houses in the Afghan province of Khost, killing "
            "eight civilians."
        ),
        "ASSAULT",
    )
    assert ("AFG", "CVL") in pairs(event.target_actors)


def test_summoned_envoy_of_another_state_and_a_misparsed_place_name():
    event = only(events_of("Guyana summoned Venezuela's ambassador on Monday."), "ACCUSE")
    assert pairs(event.target_actors) == {("VEN", "GOV")}
    event = only(
        events_of("An air strike by Myanmar's military on the village of Let Pan Hla killed 32."),
        "ASSAULT",
    )
    assert pairs(event.source_actors) == {("MMR", "MIL")}
    assert event.fatalities.min == 32


def test_a_demand_names_whom_it_asks_and_the_rally_shares_place_and_target():
    events = events_of(
        "On Monday, hundreds of people rallied in Bamako to demand that the junta set a date "
        "for elections."
    )
    request = only(events, "REQUEST")
    assert request.location.name == "Bamako"
    assert ("MLI", "GOV") in pairs(request.target_actors)
    assert ("MLI", "GOV") in pairs(only(events, "PROTEST").target_actors)


def test_a_state_body_denying_moves_of_unnamed_troops_speaks_of_its_own():
    event = only(
        events_of(
            "Kosovo police closed the road.\n\nSerbia's defence ministry denied that troops had "
            "been moved closer to the boundary."
        ),
        "MOBILIZE",
    )
    assert event.status == "denied"
    assert pairs(event.source_actors) == {("SRB", "MIL")}


def test_beheadings_count_as_deaths_and_a_security_accord_is_no_party():
    event = only(
        events_of("Insurgents attacked the village of Ntapuala, beheading at least four people."),
        "ASSAULT",
    )
    assert event.fatalities.min == 4
    accord = only(events_of("Nyusi and Kagame signed a new security accord in Kigali."), "AGREE")
    assert accord.target_actors == []


def test_clashes_between_two_sides_have_both_as_sources_and_no_target():
    event = only(
        events_of("Clashes between Sudan's army and the RSF killed 19 people in Omdurman."),
        "ASSAULT",
    )
    assert pairs(event.source_actors) == {("SDN", "MIL"), ("SDN", "NSA")}
    assert event.target_actors == []


@pytest.mark.parametrize(
    ("sentence", "event_type", "status"),
    [
        ("The Red Cross distributed food to 3,000 families in Bor.", "AID", "asserted"),
        ("The junta placed the former president under house arrest.", "COERCE", "asserted"),
        ("The rebels said they had overrun an army base near Kumba.", "ASSAULT", "claimed"),
        ("The army denied reports that its soldiers had fired on protesters.", "ASSAULT",
         "denied"),
        ("The governor ordered the evacuation of three villages.", "AID", "asserted"),
    ],
)  # fmt: skip
def test_more_acts_and_first_mention_denials_of_reports(sentence, event_type, status):
    assert status in [e.status for e in events_of(sentence) if e.type == event_type]


def test_marching_captives_is_not_a_protest_nor_is_a_sheltering_school_aid():
    events = events_of(
        "“They marched them into the forest at gunpoint,” a villager said.\n\n"
        "A strike hit a school sheltering displaced families."
    )
    assert not [e for e in events if e.type in {"PROTEST", "AID"}]


def test_fighting_between_two_sides_and_community_leaders_and_demands_for_release():
    event = only(
        events_of("Fighting between government troops and the M23 killed 19 people near Goma."),
        "ASSAULT",
    )
    assert pairs(event.source_actors) == {("COD", "MIL"), ("COD", "NSA")}
    accusation = only(events_of("Kuki community leaders blamed Meitei armed groups."), "ACCUSE")
    assert {a.sector for a in accusation.source_actors} == {"CVL"}
    assert {a.sector for a in accusation.target_actors} == {"NSA"}
    demand = only(events_of("Students marched in Pattani to demand his release."), "REQUEST")
    assert demand.target_actors == []


def test_a_labour_strike_is_a_protest_not_an_attack():
    events = events_of(
        "Dock workers returned to work on Thursday after their union accepted a pay rise, "
        "ending a strike that lasted nine days."
    )
    assert [e.type for e in events] == ["PROTEST"]
    assert events[0].mode == "strike"
