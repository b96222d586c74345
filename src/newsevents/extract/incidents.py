"""One incident: merging the tokens that tell it, casualty counts, and running tolls."""

from __future__ import annotations

from typing import Any

from newsevents.extract.casualties import parse_count
from newsevents.extract.lexicon import Lexicon
from newsevents.extract.triggers import SUBJECT_DEPS, Trigger, children, lemma, shot_dead
from newsevents.records import Count

Token = Any

TOLL_WORDS = {"since", "so far", "in total", "toll", "altogether", "overall"}
TOLL_SUBJECTS = {"war", "conflict", "unrest", "violence", "fighting", "crisis", "insurgency"}
DEATH_LEMMAS = {"kill", "die", "behead", "execute"}
INJURY_LEMMAS = {"wound", "injure", "hurt"}

# Triggers whose complement is the act asked for, alleged, refused or backed: not an event.
EMBEDDING_TYPES = {"REQUEST", "ACCUSE", "REJECT", "SUPPORT", "THREATEN"}
EMBEDDING_PREPS = {"of", "for", "to", "into", "on"}
COMPLEMENT_DEPS = {"xcomp", "ccomp", "pcomp", "pobj", "prep", "dobj", "acl"}


def _count_of(token: Token) -> Count | None:
    phrase = token.doc[token.left_edge.i : token.i + 1].text
    count = parse_count(phrase)
    if count is None:
        # "killing two of the group's fighters": the number heads the phrase
        phrase = token.doc[token.left_edge.i : token.right_edge.i + 1].text
        count = parse_count(phrase)
    return count


def casualties(trigger: Trigger) -> tuple[Count | None, Count | None]:
    deaths: Count | None = None
    injuries: Count | None = None
    for token in trigger.tokens:
        word = lemma(token)
        killed_by_shooting = shot_dead(token)
        if word not in DEATH_LEMMAS | INJURY_LEMMAS and not killed_by_shooting:
            continue
        victims = children(token, "dobj", "obj") or children(token, "nsubjpass")
        for victim in victims:
            count = _count_of(victim)
            if count is None:
                continue
            if word in DEATH_LEMMAS or killed_by_shooting:
                deaths = deaths or count
            else:
                injuries = injuries or count
    return deaths, injuries


def is_toll(token: Token) -> bool:
    """ "at least 3,645 people have been killed since October 2023": a running total."""
    if _counted_repeats(token):
        return True
    if lemma(token) not in DEATH_LEMMAS | INJURY_LEMMAS:
        return False
    words = " ".join(t.lower_ for t in token.subtree)
    perfect = any(c.lower_ in {"have", "has", "'ve"} for c in children(token, "aux"))
    subject_words = {lemma(w) for s in children(token, "nsubj") for w in s.subtree}
    if subject_words & TOLL_SUBJECTS:
        return True
    in_objects = {
        lemma(p) for prep in children(token, "prep") if prep.lower_ == "in"
        for p in children(prep, "pobj")
    }  # fmt: skip
    if in_objects & TOLL_SUBJECTS or " alone" in f" {words}":
        return True
    if any(f" {w} " in f" {words} " for w in TOLL_WORDS):
        return True
    return perfect and any(w in words for w in ("in the unrest", "in the war", "in the conflict"))


def _counted_repeats(token: Token) -> bool:
    """ "have been attacked at least 66 times since ...": a tally of many incidents."""
    for child in token.children:
        if lemma(child) == "time" and any(c.like_num for c in child.subtree):
            return True
    return False


def path_to(token: Token, ancestor: Token, allowed: set[str]) -> bool:
    node = token
    for _ in range(12):
        if node == ancestor:
            return True
        if node.dep_ not in allowed or node.head == node:
            return False
        node = node.head
    return False


def _incident_frame(noun: Token, verb: Token) -> bool:
    """ "killed 12 soldiers in an ambush": the nominal names the incident the verb tells."""
    prep = noun.head
    return noun.dep_ == "pobj" and prep.lower_ in {"in", "during"} and prep.head == verb


def _temporal_clause(token: Token) -> bool:
    """ "... were shot dead when gunmen opened fire": the clause tells the same incident."""
    return any(c.lower_ in {"when", "as"} for c in token.children if c.dep_ in {"advmod", "mark"})


MERGE_DEPS = {"conj", "advcl", "xcomp", "nsubj", "nsubjpass", "acl", "relcl", "dobj", "ROOT"}


SAME_ACT_DEPS = {"xcomp", "advcl"}
CONJOINED_SAME_ACT = {"AGREE", "CONSULT", "SUPPORT", "REQUEST"}
CONTINUATION_VERBS = {"add", "say"}


def _same_act(a: Trigger, b: Trigger) -> bool:
    """Two triggers of one non-violent act: "met ... to discuss", "signed ... and agreed",
    "travel to Tehran for talks"."""
    if a.type != b.type:
        return False
    if a.nominal != b.nominal:
        noun, verb = (a, b) if a.nominal else (b, a)
        return path_to(noun.token, verb.token, {"pobj", "prep", "dobj", "npadvmod"})
    if a.nominal or b.nominal:
        return False
    deps = SAME_ACT_DEPS | ({"conj"} if a.type in CONJOINED_SAME_ACT else set())
    return path_to(b.token, a.token, deps) or path_to(a.token, b.token, deps)


def raids_that_seize(triggers: list[Trigger]) -> list[Trigger]:
    """ "raided the camp, arresting 11 people": a raid that arrests or seizes is COERCE."""
    coerce = [t for t in triggers if t.type == "COERCE"]
    kept = []
    for trigger in triggers:
        token = trigger.token
        is_raid = trigger.type == "ASSAULT" and lemma(token) in {"raid", "storm"}
        linked = [
            c
            for c in coerce
            if (c.token.head == token or token.head == c.token)
            and {c.token.dep_, token.dep_} & {"advcl", "conj", "xcomp"}
        ]
        if is_raid and linked and len(trigger.tokens) == 1:
            linked[0].tokens.append(token)  # the raid's place and date are the arrest's
            continue
        kept.append(trigger)
    return kept


def _conditional(token: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in {"if", "unless"} for c in token.children)


def _told_on(first: Token, later: Token) -> bool:
    """ "X attacked Y, the group said, adding that it had killed 12": the source goes on
    telling the same incident."""
    speech = first.head
    if first.dep_ != "ccomp" or lemma(speech) not in CONTINUATION_VERBS:
        return False
    adding = later.head
    return (
        later.dep_ == "ccomp"
        and lemma(adding) in CONTINUATION_VERBS
        and adding.head == speech
        and adding.dep_ in {"advcl", "conj"}
    )


def infer_mode(trigger: Trigger, lexicon: Lexicon) -> str | None:
    """An ASSAULT's mode from its weapon words: "air strikes", "drones struck", "shelled"."""
    if trigger.type != "ASSAULT" or trigger.mode:
        return trigger.mode
    words: list[Token] = [*trigger.tokens, *trigger.consumed]
    for token in list(words):
        words.extend(c for c in token.children if c.dep_ in {"compound", "amod", "nsubj"})
        for prep in children(token, "prep"):
            if prep.lower_ == "with":
                words.extend(children(prep, "pobj"))
    for word in words:
        for candidate in (lemma(word), word.lower_):
            if candidate in lexicon.assault_modes:
                return lexicon.assault_modes[candidate]
    return None


def merge_triggers(triggers: list[Trigger]) -> list[Trigger]:
    """Tokens of one incident become one event: "struck ..., killing ...", "strike ... killed"."""
    merged: list[Trigger] = []
    for trigger in triggers:
        target = None
        if trigger.type != "ASSAULT":
            target = next((o for o in merged if _same_act(o, trigger)), None)
            if target is not None:
                target.tokens.append(trigger.token)
                continue
        if trigger.type == "ASSAULT":
            for other in merged:
                if other.type != "ASSAULT" or (other.nominal and trigger.nominal):
                    continue
                a, b = other.token, trigger.token
                if _conditional(a) != _conditional(b):
                    continue  # "would strike ... if Pakistan carried out raids": two acts
                if trigger.nominal and trigger.token.dep_ not in SUBJECT_DEPS:
                    if _incident_frame(b, a):
                        target = other
                        break
                    continue
                if path_to(b, a, MERGE_DEPS - {"ROOT"}) or path_to(a, b, MERGE_DEPS - {"ROOT"}):
                    target = other
                    break
                if other.nominal and a.dep_ == "ROOT" and not trigger.nominal:
                    # "An air strike on the village of Let Pan Hla killed 17": the parser lost
                    # the verb (a nominal root); the strike and the killing are one incident
                    target = other
                    break
                if not other.nominal and _temporal_clause(b):
                    target = other
                    break
                if not other.nominal and _told_on(a, b):
                    target = other
                    break
        if target is None:
            merged.append(trigger)
            continue
        target.tokens.append(trigger.token)
        target.consumed.extend(trigger.consumed)
        if target.nominal and not trigger.nominal:
            target.tokens.remove(target.token)
            target.tokens.insert(0, target.token)
            target.nominal = False
            nominal_token = target.token
            target.token = trigger.token
            target.tokens.append(nominal_token)
            target.mode = target.mode or trigger.mode
        target.mode = target.mode or trigger.mode
    return merged


def embedded_in(trigger: Trigger, others: list[Trigger], lexicon: Lexicon) -> Trigger | None:
    """The REQUEST/ACCUSE/REJECT/SUPPORT/THREATEN trigger whose complement holds this one."""
    heads = {
        token.i: o
        for o in others
        if o is not trigger and o.type in EMBEDDING_TYPES
        for token in [o.token, *o.tokens]
    }
    node = trigger.token
    for _ in range(12):
        if node.head == node:
            return None
        prev = node
        dep, node = node.dep_, node.head
        if dep == "relcl":
            return None  # a relative clause describes an event of its own
        if dep == "prep" and prev.lower_ not in EMBEDDING_PREPS:
            return None  # "urged X ..., in a call with Y": an adjunct, not the thing urged
        infinitive = dep == "advcl" and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in prev.children
        )  # "called on X to resign", parsed as a purpose clause
        if node.i in heads and (dep in COMPLEMENT_DEPS or infinitive):
            return heads[node.i]
        if lemma(node) in lexicon.speech_verbs:
            return None
    return None
