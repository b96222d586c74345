"""Typed mentions the resolvers produce and the extractors read (offsets into the body)."""

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
        """The outermost (longest) actor mention covering a character offset.

        "Lebanon's health ministry" covers the inner "Lebanon's"; an extractor that maps the head
        token "ministry" (or any token of the phrase) gets the whole ministry.
        """
        hits = [m for m in self.actors if m.start <= char < m.end]
        return max(hits, key=lambda m: (m.end - m.start, -m.start)) if hits else None

    def innermost_actor_at(self, char: int) -> ActorMention | None:
        """The shortest actor mention covering a character offset ("Lebanon's" in the above)."""
        hits = [m for m in self.actors if m.start <= char < m.end]
        return min(hits, key=lambda m: m.end - m.start) if hits else None

    def actor_for_span(self, start: int, end: int) -> ActorMention | None:
        """The best mention for a span: the outermost one covering it, else the outermost inside."""
        covering = [m for m in self.actors if m.start <= start and m.end >= end]
        if covering:
            return max(covering, key=lambda m: m.end - m.start)
        inside = self.actors_within(start, end)
        return max(inside, key=lambda m: (m.end - m.start, -m.start)) if inside else None

    def actor_for_token(self, token) -> ActorMention | None:  # noqa: ANN001 (a spaCy Token)
        """The actor a dependency head token stands for.

        The outermost mention covering the token; a relative pronoun ("who", "which") stands for
        the noun it modifies; otherwise None (the token names no actor).
        """
        mention = self.actor_at(token.idx)
        if mention is not None:
            return mention
        if token.lower_ in ("who", "which", "that", "whom") and token.head.dep_ == "relcl":
            return self.actor_at(token.head.head.idx)
        return None

    def actors_for_token(self, token) -> list[ActorMention]:  # noqa: ANN001 (a spaCy Token)
        """The actors of a token and of the tokens coordinated with it ("A, B and C met")."""
        out: list[ActorMention] = []
        for tok in [token, *token.conjuncts]:
            mention = self.actor_for_token(tok)
            if mention is None:
                # "Russia, Syria and Iran's ministers": look inside the phrase's left modifiers
                inner = [
                    m for m in self.actors_within(tok.left_edge.idx, tok.idx + len(tok.text))
                    if m.kind == "country"
                ]  # fmt: skip
                out.extend(m for m in inner if m not in out)
            elif mention not in out:
                out.append(mention)
        return out

    def outermost_actors_at(self, char: int) -> list[ActorMention]:
        """Every outermost mention covering an offset, in resolver order.

        A phrase with coordinated states or bodies as modifiers has one mention per modifier
        over the same span ("American and British warships": USA MIL, then GBR MIL), so this
        returns all of them where :meth:`actor_at` returns the first; otherwise one mention.
        """
        hits = [m for m in self.actors if m.start <= char < m.end]
        if not hits:
            return []
        widest = max(m.end - m.start for m in hits)
        start = min(m.start for m in hits if m.end - m.start == widest)
        return [m for m in hits if m.end - m.start == widest and m.start == start]

    def all_actors_for_token(self, token) -> list[ActorMention]:  # noqa: ANN001 (a spaCy Token)
        """Like :meth:`actor_for_token`, with every coordinated actor of the phrase."""
        mentions = self.outermost_actors_at(token.idx)
        if mentions:
            return mentions
        if token.lower_ in ("who", "which", "that", "whom") and token.head.dep_ == "relcl":
            return self.outermost_actors_at(token.head.head.idx)
        return []

    def places_within(self, start: int, end: int) -> list[PlaceMention]:
        return [m for m in self.places if m.start >= start and m.end <= end]

    def place_at(self, char: int) -> PlaceMention | None:
        """The outermost place mention covering a character offset."""
        hits = [m for m in self.places if m.start <= char < m.end]
        return max(hits, key=lambda m: m.end - m.start) if hits else None

    def dates_within(self, start: int, end: int) -> list[DateMention]:
        return [m for m in self.dates if m.start >= start and m.end <= end]

    def date_at(self, char: int) -> DateMention | None:
        """The date mention covering a character offset."""
        return next((m for m in self.dates if m.start <= char < m.end), None)
