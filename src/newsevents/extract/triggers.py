"""Find event triggers in a parsed sentence (verbal and nominal), then merge those of one event.

Finding is separate from deciding (spaCy's ``match``/``set_annotations``): :func:`find_triggers`
returns :class:`Trigger` candidates with the tokens that made them; the event builder decides
participants, status, place and date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newsevents.extract.lexicon import Lexicon, TriggerRule

Token = Any  # spacy.tokens.Token
Span = Any  # spacy.tokens.Span

DEFINITE = {"the", "this", "that", "these", "those"}
GROUP_NOUNS = {"round", "series", "set", "wave", "number", "batch", "string", "spate", "state"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
OBJECT_DEPS = {"dobj", "obj", "attr", "oprd"}
NEGATABLE_REJECTS = {
    "withdraw", "negotiate", "allow", "accept", "bind", "recognize", "recognise", "attend",
    "agree", "permit", "tolerate", "return", "cooperate", "step", "resign", "release",
    "leave", "yield", "give", "talk", "meet", "sign", "reverse", "change", "back", "cancel",
    "lift", "halt", "stop", "end", "abandon", "drop", "suspend", "comply", "hand", "surrender",
    "pull",
}  # fmt: skip
KILL_LEMMAS = {"kill", "wound", "injure"}
NAME_XCOMPS = {"name", "identify", "quote"}


@dataclass(slots=True)
class Trigger:
    """A candidate event: its main token, type and mode, and the tokens merged into it."""

    token: Token
    type: str
    mode: str | None = None
    nominal: bool = False
    negated_reject: bool = False
    tokens: list[Token] = field(default_factory=list)  # all tokens of this event (merged)
    consumed: list[Token] = field(default_factory=list)  # objects/nouns the rule used

    @property
    def text(self) -> str:
        if self.consumed:
            first = min([self.token, *self.consumed], key=lambda t: t.i)
            last = max([self.token, *self.consumed], key=lambda t: t.i)
            return first.doc[first.i : last.i + 1].text
        return self.token.text


def children(token: Token, *deps: str) -> list[Token]:
    return [child for child in token.children if child.dep_ in deps]


def lemma(token: Token) -> str:
    return token.lemma_.lower()


def object_lemmas(token: Token) -> list[Token]:
    """The direct objects of a verb, looking through "a round of talks" and conjunctions."""
    objects = [c for c in token.children if c.dep_ in OBJECT_DEPS]
    if not objects:  # "beat and detained hundreds": the object is shared with the conjunct
        for conj in children(token, "conj"):
            objects.extend(c for c in conj.children if c.dep_ in OBJECT_DEPS)
    if token.dep_ == "compound" and token.tag_ == "VBG":
        objects.append(token.head)  # "began trading fire" misparsed as a compound
    # "held talks" can be parsed with the noun as a prepositional object of a particle
    for prep in children(token, "prep", "prt"):
        if prep.lower_ in {"out"}:
            objects.extend(c for c in token.children if c.dep_ in OBJECT_DEPS)
    expanded: list[Token] = []
    for obj in objects:
        expanded.append(obj)
        if lemma(obj) in GROUP_NOUNS:
            for prep in children(obj, "prep"):
                if prep.lower_ == "of":
                    expanded.extend(children(prep, "pobj"))
        expanded.extend(obj.conjuncts)
    return expanded


def _matches(words: tuple[str, ...], token: Token) -> bool:
    return lemma(token) in words or token.lower_ in words


def rule_holds(rule: TriggerRule, token: Token, lexicon: Lexicon) -> list[Token] | None:
    """The tokens a rule consumed if its conditions hold for this verb, else None."""
    consumed: list[Token] = []
    if rule.particle:
        hits = [c for c in token.children if c.dep_ in {"prt", "prep", "advmod", "acomp", "oprd"}]
        hits = [c for c in hits if c.lower_ in rule.particle]
        if not hits:
            return None
        if rule.object_pobj:
            pobjs = [p for h in hits for p in children(h, "pobj")]
            pobjs += [o for o in object_lemmas(token)]
            if not any(_matches(rule.object_pobj, p) for p in pobjs):
                return None
    if rule.object:
        objects = [o for o in object_lemmas(token) if _matches(rule.object, o)]
        objects += [
            c for c in token.subtree if c.dep_ in {"compound", "amod"} and _matches(rule.object, c)
            and c.head in object_lemmas(token)
        ]  # fmt: skip
        if not objects:
            # passive light verbs: "sanctions were imposed"
            objects = [s for s in children(token, "nsubjpass") if _matches(rule.object, s)]
        if not objects:
            return None
        consumed.extend(objects)
    if rule.subject:
        subjects = children(token, "nsubj", "nsubjpass")
        if not any(_matches(rule.subject, w) for s in subjects for w in s.subtree):
            return None
    if rule.no_object and children(token, "dobj"):
        return None
    if rule.requires_xcomp:
        xcomps = children(token, "xcomp", "ccomp")
        if not xcomps or any(lemma(x) in NAME_XCOMPS for x in xcomps):
            return None
    if rule.type == "REQUEST" and any(lemma(o) == "anonymity" for o in children(token, "dobj")):
        return None  # "an official who requested anonymity"
    if rule.requires_purpose:
        words = {lemma(t) for t in token.subtree}
        if not words & set(rule.requires_purpose):
            return None
    if rule.subject_military:
        subjects = [s for s in token.subtree if s.dep_ in SUBJECT_DEPS and s.head == token]
        if not any(
            lemma(w) in {"troop", "soldier", "force", "convoy", "army", "military"}
            for s in subjects for w in s.subtree
        ):  # fmt: skip
            return None
    return consumed


def is_negated(token: Token) -> bool:
    if children(token, "neg"):
        return True
    return any(d.lower_ == "no" for s in children(token, "nsubj", "nsubjpass") for d in s.children)


def future_modal(token: Token) -> bool:
    return any(c.lower_ in {"will", "would", "'ll", "shall"} for c in children(token, "aux"))


def shot_dead(token: Token) -> bool:
    """ "shot dead two protesters" / "were shot dead": a killing, however "dead" is parsed."""
    if lemma(token) != "shoot":
        return False
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return any(c.lower_ == "dead" for c in token.children) or (
        following is not None and following.lower_ == "dead"
    )


GERUND_PREPS = {"in", "of", "for", "on", "about", "toward", "towards", "with"}
INFINITIVE_HEADS = {
    "agree", "vote", "decide", "order", "move", "begin", "start", "continue", "resume", "try",
    "attempt", "seek", "refuse", "keep", "go", "come", "threaten", "vow", "pledge", "promise",
    "offer", "prepare", "plan", "expect", "schedule", "intend", "aim", "hope", "want", "need",
    "set", "due", "likely", "ready", "able", "fail", "manage", "ask", "urge", "call", "demand",
    "press", "invite", "allow", "help", "warn", "appeal", "request", "force", "push",
}  # fmt: skip
EVENT_SUBJECTS = {
    "meeting", "talk", "talks", "statement", "report", "result", "step", "discussion", "summit",
    "session", "conference", "visit", "call", "agreement", "deal", "plan", "document", "letter",
}  # fmt: skip


def not_an_act(token: Token, lexicon: Lexicon) -> bool:
    """Verbs that describe rather than report an act: "the meeting discussed ...", "steps were
    discussed", "in the field of normalizing relations", "steps taken to normalize ..."."""
    subjects = children(token, "nsubj", "nsubjpass")
    if any(lemma(s) in EVENT_SUBJECTS for s in subjects) and lemma(token) not in KILL_LEMMAS:
        rules = lexicon.verbs.get(lemma(token), [])
        if not any(r.type == "ASSAULT" for r in rules):
            return True
    if token.tag_ == "VBG" and token.dep_ == "pcomp" and token.head.lower_ in GERUND_PREPS:
        return True
    is_infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
    if is_infinitive and token.dep_ in {"xcomp", "advcl", "relcl", "acl"}:
        head = token.head
        if lemma(head) not in INFINITIVE_HEADS and head.lower_ not in INFINITIVE_HEADS:
            if not lexicon.verbs.get(lemma(head)) and lemma(head) not in lexicon.plan_verbs:
                return True
    return False


def verb_trigger(token: Token, lexicon: Lexicon) -> Trigger | None:
    """A trigger from a verb (or a verb-like participle), if the lexicon has one that fits."""
    if token.pos_ not in {"VERB", "AUX"} and not token.tag_.startswith("VB"):
        return None
    if token.dep_ == "amod" or (token.dep_ == "compound" and token.tag_ != "VBG"):
        return None  # "the detained protesters", "Iran-backed": not a new event
    if token.dep_ == "relcl" and token.tag_ in {"VBP", "VBZ"}:
        return None  # "militias that target ...", "a base which hosts ...": a description
    if token.dep_ == "acl" and token.tag_ == "VBG":
        return None  # "a school sheltering displaced families": what the thing is doing
    if lemma(token) in {"act", "respond"} and future_modal(token):
        return Trigger(token, "THREATEN", None, tokens=[token])
    if not_an_act(token, lexicon):
        return None
    if lemma(token) == "fire" and _test_fire(token):
        return Trigger(token, "MOBILIZE", None, tokens=[token])
    rules = lexicon.verbs.get(lemma(token))
    if shot_dead(token):
        rules = lexicon.verbs.get("kill", rules)
    if not rules:
        return _negated_reject(token) if is_negated(token) else None
    for rule in rules:
        if rule.requires_threat and not _names_threat(token, lexicon):
            continue
        consumed = rule_holds(rule, token, lexicon)
        if consumed is None:
            continue
        if (lemma(token) in lexicon.light_verbs or lemma(token) in {"join", "carry"}) and any(
            {c.lower_ for c in children(o, "det")} & DEFINITE
            and lemma(o) in lexicon.nouns
            and lexicon.nouns[lemma(o)].type == rule.type
            for o in consumed
        ):
            return None  # "joined the talks", "carried out the strike": already told
        if rule.type == "CONSULT" and _inside_told_consult(token, lexicon):
            return None
        if rule.type == "SUPPORT" and token.dep_ == "acl" and token.tag_ == "VBN":
            return None  # "a region internationally recognised as ...": a description
        if rule.type == "REJECT" and _dismisses_a_charge(token):
            return None  # "a charge Abu Dhabi rejected": a denial, not REJECT (GUIDE.md)
        trigger = Trigger(token, rule.type, rule.mode, tokens=[token], consumed=consumed)
        if is_negated(token):
            return _negated_reject(token)
        if trigger.type == "ASSAULT" and _protesters_did_it(token):
            return Trigger(token, "PROTEST", "riot", tokens=[token], consumed=consumed)
        return trigger
    return None


CHARGE_NOUNS = {
    "charge", "accusation", "allegation", "claim", "report", "assertion", "account", "suggestion",
    "criticism", "accusations", "characterization", "characterisation",
}  # fmt: skip
PROTESTER_NOUNS = {"protester", "demonstrator", "rioter", "crowd", "mob"}


def _dismisses_a_charge(token: Token) -> bool:
    objects = children(token, "dobj")
    if token.dep_ == "relcl":
        objects.append(token.head)
    return any(lemma(o) in CHARGE_NOUNS for o in objects)


def _protesters_did_it(token: Token) -> bool:
    """ "protesters set fire to a police station": rioting is PROTEST (riot), not ASSAULT."""
    return any(lemma(w) in PROTESTER_NOUNS for s in children(token, "nsubj") for w in s.subtree)


def _inside_told_consult(token: Token, lexicon: Lexicon) -> bool:
    """ "In the call with Katz, Austin also discussed ...": part of a meeting already told."""
    for prep in children(token, "prep"):
        if prep.lower_ in {"in", "during", "at"}:
            for pobj in children(prep, "pobj"):
                rule = lexicon.nouns.get(lemma(pobj))
                dets = {c.lower_ for c in children(pobj, "det", "poss")}
                if rule and rule.type == "CONSULT" and dets & (DEFINITE | {"his", "her", "their"}):
                    return True
    return False


def _negated_reject(token: Token) -> Trigger | None:
    """ "would not withdraw", "will not negotiate": a refusal, coded REJECT."""
    if lemma(token) in NEGATABLE_REJECTS and (future_modal(token) or lemma(token) == "refuse"):
        return Trigger(token, "REJECT", None, tokens=[token], negated_reject=True)
    if lemma(token) == "hesitate" and future_modal(token):
        return Trigger(token, "THREATEN", None, tokens=[token])
    return None


def _names_threat(token: Token, lexicon: Lexicon) -> bool:
    """ "warned that X would ...", "vowed to keep attacking": the complement names a hostile act."""
    for comp in children(token, "ccomp", "xcomp"):
        for word in comp.subtree:
            rules = lexicon.verbs.get(lemma(word), [])
            if any(
                r.type in {"ASSAULT", "COERCE", "SANCTION", "ACCUSE", "MOBILIZE"} for r in rules
            ):
                return True
            if lemma(word) in {"push", "act", "retaliate", "respond", "force", "action"}:
                subjects = [s for s in word.children if s.dep_ in SUBJECT_DEPS]
                if comp.dep_ == "xcomp" or subjects:
                    return True
    return False


TOPIC_OF = {"over", "about", "against", "despite", "regarding"}
WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


def _time_prep(prep: Token) -> bool:
    """ "a call on Sunday": a preposition of time, not "a call on Israel to ..."."""
    return any(p.ent_type_ in {"DATE", "TIME"} or p.lower_ in WEEKDAYS for p in prep.children)


LABOUR_WORDS = {
    "hunger", "general", "labor", "labour", "worker", "union", "teacher", "doctor", "nurse",
    "driver", "trucker", "miner", "employee", "staff", "wage", "pay", "pension", "salary",
}  # fmt: skip
LABOUR_VERBS = {"end", "call", "go", "stage", "hold", "begin", "start", "join", "suspend"}


def _labour_strike(token: Token) -> bool:
    """ "ending a strike that lasted nine days", "teachers went on strike": a labour strike
    (PROTEST) rather than an attack: its words, or its verb, say so."""
    words = {lemma(w) for w in token.sent}
    if any(lemma(c) in LABOUR_WORDS for c in token.children):
        return True
    verb = token.head.head if token.dep_ == "pobj" else token.head
    return lemma(verb) in LABOUR_VERBS and bool(words & LABOUR_WORDS) and not words & {
        "air", "drone", "missile", "killed", "kill",
    }  # fmt: skip


def noun_trigger(token: Token, lexicon: Lexicon) -> Trigger | None:
    """A nominal event that stands on its own: "an attack on a base", "Hamas's attack"."""
    if token.pos_ not in {"NOUN", "PROPN"}:
        return None
    rule = lexicon.nouns.get(lemma(token)) or lexicon.nouns.get(token.lower_)
    if rule is None:
        return None
    dets = {c.lower_ for c in children(token, "det")}
    if dets & DEFINITE or dets & {"no", "any", "every", "each"}:
        return None
    if token.dep_ in {"compound", "amod", "poss"}:
        return None
    mode = rule.mode
    for child in token.children:
        if child.dep_ in {"compound", "amod"} and lemma(child) in lexicon.assault_modes:
            mode = mode or lexicon.assault_modes[lemma(child)]
    has_owner = (
        bool(children(token, "poss"))
        or (token.dep_ == "appos" and bool(children(token.head, "poss")))
        or any(
            c.dep_ in {"amod", "compound"} and (c.ent_type_ in {"NORP", "GPE", "ORG"})
            for c in token.children
        )
    )
    preps = {c.lower_ for c in children(token, "prep") if not _time_prep(c)}
    if rule.type == "ASSAULT" and token.dep_ == "pobj" and token.head.lower_ in TOPIC_OF:
        return None  # "sanctions over air strikes on civilians": what it is about
    if rule.type == "ASSAULT":
        if lemma(token) == "strike" and _labour_strike(token):
            return Trigger(token, "PROTEST", "strike", nominal=True, tokens=[token])
        if "a" in dets or "an" in dets or has_owner or preps & {"on", "against", "by"}:
            return Trigger(token, rule.type, mode, nominal=True, tokens=[token])
        return None
    if rule.type == "CONSULT":
        if children(token, "poss") and not (lemma(token) == "call" and preps & {"on", "for"}):
            return None  # "in his call with Katz": the call already told
        if lemma(token) == "call" and preps & {"on", "for"}:
            return Trigger(token, "REQUEST", None, nominal=True, tokens=[token])
        standalone = (
            dets & {"a", "an"}
            or token.dep_ in SUBJECT_DEPS
            or lemma(token) in {"contact", "meeting", "call"}
        )
        if preps & {"with", "between"} and standalone:
            return Trigger(token, rule.type, mode, nominal=True, tokens=[token])
        if token.dep_ == "pobj" and token.head.lower_ == "for" and token.head.head.pos_ == "VERB":
            return Trigger(token, rule.type, mode, nominal=True, tokens=[token])
        return None
    if rule.type == "AGREE" and dets & {"a", "an"}:
        if any(c.dep_ == "acl" and lemma(c) in {"reach", "broker", "strike", "conclude"}
               for c in token.children):  # fmt: skip
            return Trigger(token, rule.type, mode, nominal=True, tokens=[token])
        return None
    if rule.type == "PROTEST" and token.dep_ in SUBJECT_DEPS:
        return Trigger(token, rule.type, mode, nominal=True, tokens=[token])
    if rule.type == "REQUEST" or (lemma(token) == "call" and preps & {"on", "for"}):
        return Trigger(token, "REQUEST", None, nominal=True, tokens=[token])
    return None


DRILL_NOUNS = {"drill", "exercise", "manoeuvre", "maneuver"}


def _joint(noun: Token, verb: Token) -> bool:
    """ "held joint drills with X": exercises of partners are COOPERATE (GUIDE.md)."""
    words = {lemma(c) for c in noun.children} | {c.lower_ for c in verb.children}
    return bool(words & {"joint", "with", "combined"})


def _test_fire(token: Token) -> bool:
    """ "test-fired two missiles": a weapons test is MOBILIZE, not an attack."""
    doc = token.doc
    return token.i >= 2 and doc[token.i - 1].text == "-" and doc[token.i - 2].lower_ == "test"


def light_verb_trigger(token: Token, lexicon: Lexicon, taken: set[int]) -> Trigger | None:
    """ "held talks", "carried out strikes": a light verb whose object is a nominal event."""
    if lemma(token) not in lexicon.light_verbs or token.i in taken:
        return None
    for obj in object_lemmas(token):
        rule = lexicon.nouns.get(lemma(obj)) or lexicon.nouns.get(obj.lower_)
        if rule and {c.lower_ for c in children(obj, "det")} & DEFINITE:
            return None  # "carried out the strike": an event already told
        if rule and lemma(obj) == "call" and {p.lower_ for p in children(obj, "prep")} & {
            "on", "for",
        }:  # fmt: skip
            return Trigger(token, "REQUEST", None, tokens=[token], consumed=[obj])
        if rule and lemma(obj) in DRILL_NOUNS and _joint(obj, token):
            return Trigger(token, "COOPERATE", None, tokens=[token], consumed=[obj])
        if rule and rule.type not in {"SUPPORT"}:
            mode = rule.mode
            for child in obj.children:
                if lemma(child) in lexicon.assault_modes and rule.type == "ASSAULT":
                    mode = mode or lexicon.assault_modes[lemma(child)]
            return Trigger(token, rule.type, mode, tokens=[token], consumed=[obj])
    return None


def find_triggers(sentence: Span, lexicon: Lexicon) -> list[Trigger]:
    """Every candidate trigger of a sentence, in text order, before merging."""
    triggers: list[Trigger] = []
    consumed: set[int] = set()
    for token in sentence:
        trigger = verb_trigger(token, lexicon)
        if trigger is None:
            trigger = light_verb_trigger(token, lexicon, consumed)
        if trigger is not None:
            triggers.append(trigger)
            consumed.update(t.i for t in trigger.consumed)
    for token in sentence:
        if token.i in consumed:
            continue
        trigger = noun_trigger(token, lexicon)
        if trigger is not None:
            triggers.append(trigger)
    triggers.sort(key=lambda t: t.token.i)
    return triggers
