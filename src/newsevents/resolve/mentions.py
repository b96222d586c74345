"""Typed mentions the resolvers produce and the extractors read (character offsets into the body)."""

from __future__ import annotations

from dataclasses import dataclass, field

from newsevents.records import Actor, DateValue, Location


@dataclass(slots=True)
class ActorMention:
    """A span of the body that names (or refers back to) an actor."""

    start: int
    end: int
    text: str
    actor: Actor
    kind: str = "name"  # person|organization|country|metonym|group|pronoun|anonymous|role|name


@dataclass(slots=True)
class PlaceMention:
    start: int
    end: int
    text: str
    location: Location


@dataclass(slots=True)
class DateMention:
    start: int
    end: int
    text: str
    date: DateValue


@dataclass(slots=True)
class Resolution:
    """Everything resolved in one document, sorted by start offset."""

    actors: list[ActorMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)

    def actors_within(self, start: int, end: int) -> list[ActorMention]:
        return [m for m in self.actors if m.start >= start and m.end <= end]

    def actor_at(self, char: int) -> ActorMention | None:
        """The innermost actor mention covering a character offset."""
        hits = [m for m in self.actors if m.start <= char < m.end]
        return min(hits, key=lambda m: m.end - m.start) if hits else None

    def places_within(self, start: int, end: int) -> list[PlaceMention]:
        return [m for m in self.places if m.start >= start and m.end <= end]

    def dates_within(self, start: int, end: int) -> list[DateMention]:
        return [m for m in self.dates if m.start >= start and m.end <= end]
