"""Places on the map: each PLACE entity linked offline to GeoNames, decided by the article.

The gazetteer (`gazetteer.json.gz`, built by models/scripts/build_gazetteer.py from GeoNames,
CC BY 4.0) holds every country, the US states and the cities over 15,000 people. A place's
candidates are those its name or an alias names; the article decides between them: a region
or country written right after it ("Paris, Texas"), the countries its other places settle,
its dateline, then the kind (a country over a state over a city) and the population. A place
nerx cannot decide between two countries gets no link rather than a guess."""

from __future__ import annotations

import functools
import gzip
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from typing import Any

from nerx.labels import PLACE
from nerx.records import Entity, Mention


@dataclass(frozen=True)
class Place:
    """One GeoNames entry: a country, a region (a US state, a UK nation) or a city."""

    id: int
    name: str
    country: str  # ISO 3166-1 alpha-2
    kind: str  # "country", "region" or "city"
    lat: float
    lon: float
    population: int = 0
    region: str = ""  # a city's first-level region code (a US state's "TX")

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "country": self.country, "lat": self.lat,
                "lon": self.lon, "kind": self.kind}


# Names news uses for a country that GeoNames does not give it, and the UK's nations (regions
# of GB in GeoNames, not in the file).
_COUNTRY_ALIASES = {
    "us": "US", "u.s.": "US", "usa": "US", "u.s.a.": "US", "america": "US",
    "united states of america": "US", "uk": "GB", "u.k.": "GB", "britain": "GB",
    "great britain": "GB", "the netherlands": "NL", "holland": "NL", "russia": "RU",
    "south korea": "KR", "north korea": "KP", "iran": "IR", "syria": "SY", "vietnam": "VN",
    "laos": "LA", "taiwan": "TW", "czech republic": "CZ", "czechia": "CZ", "ivory coast": "CI",
    "the gambia": "GM", "palestine": "PS", "vatican": "VA", "bolivia": "BO", "venezuela": "VE",
    "tanzania": "TZ", "moldova": "MD", "macedonia": "MK", "burma": "MM", "east timor": "TL",
    "democratic republic of congo": "CD", "dr congo": "CD", "drc": "CD", "congo": "CG",
    "antigua": "AG", "barbuda": "AG", "trinidad": "TT", "tobago": "TT", "uae": "AE",
    "the uae": "AE", "emirates": "AE", "saudi": "SA", "the philippines": "PH",
}
_NATIONS = (Place(6269131, "England", "GB", "region", 52.5, -1.5, region="ENG"),
            Place(2638360, "Scotland", "GB", "region", 56.5, -4.2, region="SCT"),
            Place(2634895, "Wales", "GB", "region", 52.3, -3.7, region="WLS"),
            Place(2641364, "Northern Ireland", "GB", "region", 54.6, -6.7, region="NIR"))
# Canada's provinces and Australia's states (GeoNames' first-level codes): not linked
# themselves, but they qualify a city ("Kingston, Ontario", "Sydney, Nova Scotia"), settle a
# region, and are never taken for a city of their name (Ontario, California).
_SUBDIVISIONS = {
    "ontario": ("CA", "08"), "british columbia": ("CA", "02"), "b.c.": ("CA", "02"),
    "nova scotia": ("CA", "07"), "quebec": ("CA", "10"), "québec": ("CA", "10"),
    "alberta": ("CA", "01"), "manitoba": ("CA", "03"), "saskatchewan": ("CA", "11"),
    "new brunswick": ("CA", "04"), "new south wales": ("AU", "02"), "nsw": ("AU", "02"),
    "queensland": ("AU", "04"), "western australia": ("AU", "08"),
    "south australia": ("AU", "05"), "tasmania": ("AU", "06"), "northern territory": ("AU", "03")}
# A country over a region; a big city over a region of its name ("Washington", "New York").
_THE = re.compile(r"^the\s+", re.IGNORECASE)
# Continents and oceans, which GeoNames lists as other places' alternate names ("Africa" is a
# name of Mahdia): never linked to a city.
_NOT_LINKED = frozenset({"africa", "europe", "asia", "north america",
                         "south america", "latin america", "oceania", "antarctica", "arctic",
                         "atlantic", "pacific", "indian ocean", "middle east", "caribbean"})
_KIND_PRIOR = {"country": 4.0, "region": 2.5, "city": 0.0}
# A city's weight by size: log10(population) / this (a city of 10 million: 3.5).
_POPULATION_SCALE = 2.0
# What the article's other places and dateline add for a candidate in the countries they
# settle, and a region or country written right after the name ("Paris, Texas").
_COUNTRY_EVIDENCE = 3.5
_QUALIFIED = 6.0
# Two candidates in different countries closer than this: no link.
_MARGIN = 0.3
# What the article's other places add for a candidate in their region ("Washington" the state
# beside Seattle).
_REGION_EVIDENCE = 1.5
# The AP's abbreviations of the US states ("Ga.", "Calif."), written with or without the stop.
_STATE_ABBREVIATIONS = {
    "ala": "AL", "ariz": "AZ", "ark": "AR", "calif": "CA", "colo": "CO", "conn": "CT",
    "del": "DE", "fla": "FL", "ga": "GA", "ill": "IL", "ind": "IN", "kan": "KS", "ky": "KY",
    "la": "LA", "md": "MD", "mass": "MA", "mich": "MI", "minn": "MN", "miss": "MS", "mo": "MO",
    "mont": "MT", "neb": "NE", "nev": "NV", "n.h": "NH", "n.j": "NJ", "n.m": "NM", "n.y": "NY",
    "n.c": "NC", "n.d": "ND", "okla": "OK", "ore": "OR", "pa": "PA", "r.i": "RI", "s.c": "SC",
    "s.d": "SD", "tenn": "TN", "tex": "TX", "vt": "VT", "va": "VA", "wash": "WA", "w.va": "WV",
    "wis": "WI", "wyo": "WY"}
_AFTER = re.compile(r",\s*([A-Z][\w.]*(?:\s[A-Z][\w.]*){0,2})")


class Gazetteer:
    """Places by their names, lower case."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.by_name: dict[str, list[Place]] = {}
        self.primary: set[tuple[str, int]] = set()  # (name, id): a place's own name
        self.countries: dict[str, Place] = {}
        for gid, name, iso, lat, lon, population in data["countries"]:
            place = Place(gid, name, iso, "country", lat, lon, population)
            self.countries[iso] = place
            self._add(name, place)
        for alias, iso in _COUNTRY_ALIASES.items():
            if iso in self.countries:
                self._add(alias, self.countries[iso])
        for gid, name, iso, code, lat, lon in data["states"]:
            state = Place(gid, name, iso, "region", lat, lon, region=code)
            self._add(name, state)
            for abbreviation, state_code in _STATE_ABBREVIATIONS.items():
                if state_code == code:
                    self._add(abbreviation, state)
                    self._add(abbreviation + ".", state)
        for nation in _NATIONS:
            self._add(nation.name, nation)
        for gid, name, iso, region, lat, lon, population, alternates in data["cities"]:
            place = Place(gid, name, iso, "city", lat, lon, population, region)
            for spelling in {name, _folded(name), *alternates}:
                self._add(spelling, place, primary=spelling in (name, _folded(name)))
        self.states = {p.region: p for places in self.by_name.values() for p in places
                       if p.kind == "region" and p.country == "US"}

    def _add(self, name: str, place: Place, *, primary: bool = True) -> None:
        key = _THE.sub("", name).casefold()
        if key in _NOT_LINKED:
            return
        found = self.by_name.setdefault(key, [])
        if place not in found:
            found.append(place)
        if primary:
            self.primary.add((key, place.id))

    def candidates(self, names: list[str]) -> list[Place]:
        """Every place one of `names` names (without a leading "the"): those whose own name it
        is, else those that have it as an alternate name ("Kingston" is Kingston, not West
        Lafayette, once called so)."""
        found: dict[int, Place] = {}
        own: set[int] = set()
        for name in names:
            key = _THE.sub("", name.strip()).casefold()
            for place in self.by_name.get(key, []):
                found.setdefault(place.id, place)
                if (key, place.id) in self.primary:
                    own.add(place.id)
        return [place for place in found.values() if place.id in own] if own \
            else list(found.values())


def _folded(name: str) -> str:
    """`name` without accents ("Montréal" → "Montreal")."""
    return "".join(c for c in unicodedata.normalize("NFKD", name)
                   if not unicodedata.combining(c))


@functools.lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer shipped with nerx, loaded once per process."""
    import orjson

    data = resources.files("nerx").joinpath("gazetteer.json.gz").read_bytes()
    return Gazetteer(orjson.loads(gzip.decompress(data)))


def link(text: str, mentions: list[Mention], entities: list[Entity],
         dateline: str | None = None) -> None:
    """Set `geo` on each PLACE entity nerx can link (and leave it absent on the others)."""
    places = [entity for entity in entities if entity["label"] == PLACE]
    if not places:
        return
    found = gazetteer()
    candidates = {id(entity): _options(text, entity, mentions, found) for entity in places}
    votes = _country_votes(candidates.values(), found.candidates([dateline] if dateline else []))
    named_regions = {_SUBDIVISIONS[e["name"].casefold()] for e in places
                     if e["name"].casefold() in _SUBDIVISIONS}
    votes.update(country for country, _ in named_regions)
    decided: dict[int, Place] = {}
    for _ in range(2):  # then again, with the places the first pass linked
        for entity in places:
            qualifiers = _qualifiers(text, [mentions[i] for i in entity["mentions"]])
            linked = [p for key, p in decided.items() if key != id(entity)]
            evidence = _Evidence(
                votes + Counter(p.country for key, p in decided.items() if key != id(entity)
                                and len({q.country for q in candidates[key]}) > 1),
                {(p.country, p.region) for p in linked if p.region} | named_regions, qualifiers)
            if candidates[id(entity)] and (best := _decide(candidates[id(entity)], evidence,
                                                          found)):
                decided[id(entity)] = best
    for entity in places:
        if id(entity) in decided:
            entity["geo"] = decided[id(entity)].as_dict()


@dataclass(frozen=True)
class _Evidence:
    """What the article says about where its places are: the countries and regions its other
    places settle, and what it writes right after this place ("Paris, Texas")."""

    countries: Counter[str]
    regions: set[tuple[str, str]]
    qualifiers: set[str]


def _options(text: str, entity: Entity, mentions: list[Mention],
             found: Gazetteer) -> list[Place]:
    """The entity's candidates; a place written only as another's qualifier ("Kingston,
    Ontario") is a region or country, never a city."""
    names = [entity["name"], *entity["aliases"]]
    options = found.candidates(names)
    if any(name.casefold() in _SUBDIVISIONS for name in names) or all(
            _QUALIFIER_BEFORE.search(text, max(0, mentions[i]["start"] - 40),
                                     mentions[i]["start"]) for i in entity["mentions"]):
        options = [place for place in options if place.kind != "city"]
    return options


# "Kingston, " right before a place: the place qualifies the one before it.
_QUALIFIER_BEFORE = re.compile(r"[A-Z][\w.'\u2019-]*, $")


def _country_votes(candidate_lists: Any, dateline: list[Place]) -> Counter[str]:
    """The countries the article's places settle: a place with candidates in one country
    only votes for it (a country's own name too), and so does the dateline."""
    votes: Counter[str] = Counter()
    for options in [*candidate_lists, dateline]:
        countries = {place.country for place in options}
        if len(countries) == 1:
            votes[countries.pop()] += 1
    return votes


def _qualifiers(text: str, mentions: list[Mention]) -> set[str]:
    """What the text writes right after the place's mentions ("Paris, Texas": "texas")."""
    return {match.group(1).casefold().rstrip(".") for mention in mentions
            if (match := _AFTER.match(text, mention["end"])) is not None}


def _score(place: Place, evidence: _Evidence, found: Gazetteer) -> float:
    score = _KIND_PRIOR[place.kind]
    if place.kind == "city":
        score += math.log10(max(place.population, 10)) / _POPULATION_SCALE
    own = 1 if place.kind == "country" else 0  # a country's own name is not evidence for it
    if evidence.countries[place.country] > own:
        score += _COUNTRY_EVIDENCE
    if place.region and (place.country, place.region) in evidence.regions:
        score += _REGION_EVIDENCE
    if any(_qualifies(qualifier, place, found) for qualifier in evidence.qualifiers):
        score += _QUALIFIED
    return score


def _qualifies(qualifier: str, place: Place, found: Gazetteer) -> bool:
    """Whether `qualifier` ("texas", "tx", "jamaica") names the place's region or country."""
    state = found.states.get(qualifier.upper())
    return qualifier in (place.country.casefold(), place.region.casefold()) \
        or _SUBDIVISIONS.get(qualifier) == (place.country, place.region) \
        or (state is not None and state.region == place.region and place.country == "US") \
        or any(q.country == place.country and q.kind != "city"
               and (q.kind == "country" or q.region == place.region)
               for q in found.by_name.get(qualifier, []))


def _decide(options: list[Place], evidence: _Evidence, found: Gazetteer) -> Place | None:
    """The best candidate, unless another country's comes within `_MARGIN` of it; a city
    never wins over a country of its name ("Jamaica" the country, not Jamaica, New York)
    unless the text qualifies it."""
    if any(p.kind == "country" for p in options) and not any(
            _qualifies(q, p, found) for q in evidence.qualifiers for p in options
            if p.kind == "city"):
        options = [p for p in options if p.kind != "city"]
    ranked = sorted(options, key=lambda p: -_score(p, evidence, found))
    best = ranked[0]
    rival = next((p for p in ranked[1:] if p.country != best.country), None)
    if rival is not None and _score(best, evidence, found) \
            - _score(rival, evidence, found) < _MARGIN:
        return None
    return best
