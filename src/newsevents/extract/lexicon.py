"""The event lexicon (``data/triggers.yaml``), loaded and validated once per process."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from newsevents.records import EVENT_TYPES, SECTORS

LEXICON_FILE = Path(__file__).resolve().parent.parent / "data" / "triggers.yaml"


class LexiconError(ValueError):
    """The trigger lexicon file is malformed (names the entry at fault)."""


@dataclass(frozen=True, slots=True)
class TriggerRule:
    """One lexicon entry: a lemma plus the conditions under which it signals an event type."""

    lemma: str
    type: str
    mode: str | None = None
    particle: tuple[str, ...] = ()
    object: tuple[str, ...] = ()
    object_pobj: tuple[str, ...] = ()
    subject: tuple[str, ...] = ()
    requires_xcomp: bool = False
    requires_threat: bool = False
    requires_purpose: tuple[str, ...] = ()
    subject_military: bool = False
    no_object: bool = False  # "protesters marched", not "marched them into the forest"


@dataclass(frozen=True, slots=True)
class NounRule:
    type: str
    mode: str | None = None


@dataclass(slots=True)
class Lexicon:
    verbs: dict[str, list[TriggerRule]] = field(default_factory=dict)
    nouns: dict[str, NounRule] = field(default_factory=dict)
    light_verbs: frozenset[str] = frozenset()
    assault_modes: dict[str, str] = field(default_factory=dict)  # word -> mode
    speech_verbs: frozenset[str] = frozenset()
    plan_verbs: frozenset[str] = frozenset()
    denial_verbs: frozenset[str] = frozenset()
    participant_nouns: dict[str, str] = field(default_factory=dict)  # lemma -> sector
    cameo_roots: dict[str, str] = field(default_factory=dict)

    def cameo(self, event_type: str, mode: str | None) -> str | None:
        return self.cameo_roots.get(f"{event_type}/{mode}") or self.cameo_roots.get(event_type)


def _tuple(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    words = tuple(value)  # type: ignore[arg-type]
    if not all(isinstance(v, str) for v in words):
        # YAML 1.1 reads bare on/off/yes/no as booleans: such words must be quoted
        raise LexiconError(f"non-string word in {words!r}: quote it in the YAML file")
    return words


def _rule(entry: dict) -> TriggerRule:
    if entry.get("type") not in EVENT_TYPES:
        raise LexiconError(f"unknown event type in trigger entry {entry!r}")
    return TriggerRule(
        lemma=str(entry["lemma"]),
        type=entry["type"],
        mode=entry.get("mode"),
        particle=_tuple(entry.get("particle")),
        object=_tuple(entry.get("object")),
        object_pobj=_tuple(entry.get("object_pobj")),
        subject=_tuple(entry.get("subject")),
        requires_xcomp=bool(entry.get("requires_xcomp", False)),
        requires_threat=bool(entry.get("requires_threat", False)),
        requires_purpose=_tuple(entry.get("requires_purpose")),
        subject_military=bool(entry.get("subject_military", False)),
        no_object=bool(entry.get("no_object", False)),
    )


@functools.lru_cache(maxsize=1)
def load_lexicon(path: Path = LEXICON_FILE) -> Lexicon:
    """Read and check the lexicon; cached, so every document shares one copy."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    lexicon = Lexicon()
    for entry in raw["verbs"]:
        rule = _rule(entry)
        lexicon.verbs.setdefault(rule.lemma, []).append(rule)
    for lemma, entry in raw["nouns"].items():
        if entry["type"] not in EVENT_TYPES:
            raise LexiconError(f"unknown event type for noun {lemma!r}")
        lexicon.nouns[lemma] = NounRule(entry["type"], entry.get("mode"))
    lexicon.light_verbs = frozenset(raw["light_verbs"])
    lexicon.assault_modes = {w: mode for mode, words in raw["assault_modes"].items() for w in words}
    lexicon.speech_verbs = frozenset(raw["speech_verbs"])
    lexicon.plan_verbs = frozenset(raw["plan_verbs"])
    lexicon.denial_verbs = frozenset(raw["denial_verbs"])
    for sector, words in raw["participant_nouns"].items():
        if sector not in SECTORS:
            raise LexiconError(f"unknown sector {sector!r} in participant_nouns")
        for word in words:
            lexicon.participant_nouns.setdefault(word, sector)
    lexicon.cameo_roots = {str(k): str(v) for k, v in raw["cameo_roots"].items()}
    return lexicon
