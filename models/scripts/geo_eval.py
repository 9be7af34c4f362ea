"""How well nerx links places to GeoNames (issue 29), on models/dev/places.jsonl:

    python models/scripts/geo_eval.py [models/dev/places.jsonl] [--model NAME] [--quiet]

Each gold place (`{"start", "end", "text", "geonames", "country"}` in a line's `places`) is
looked up among nerx's mentions: the mention with the same span (or, failing that, one that
overlaps it) and its entity's `geo`. Printed: every wrong or missing link, then

- country accuracy: gold places whose linked country is right, of all gold places;
- id accuracy: gold places linked to the right GeoNames id, of those with an id;
- wrong links: places linked to another country (what a reader would call an error);
- unlinked: places nerx found as a PLACE but did not link; missed: not found as a PLACE.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import orjson

from nerx import Options
from nerx.api import run
from nerx.reader import Article
from nerx.records import ArticleRecord


def _geo_at(record: ArticleRecord, start: int, end: int) -> tuple[bool, dict[str, Any] | None]:
    """Whether a PLACE mention stands at [start, end) (or overlaps it), and its entity's geo."""
    geo_of = {i: entity.get("geo") for entity in record["entities"]
              for i in entity["mentions"]}
    places = [(i, m) for i, m in enumerate(record["mentions"]) if m["label"] == "PLACE"]
    exact = [i for i, m in places if (m["start"], m["end"]) == (start, end)]
    near = exact or [i for i, m in places if m["start"] < end and start < m["end"]]
    if not near:
        return False, None
    return True, geo_of.get(near[0])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", nargs="?", default="models/dev/places.jsonl")
    parser.add_argument("--model")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args()
    lines = [orjson.loads(line) for line in Path(args.gold).read_bytes().splitlines()
             if line.strip()]
    records = (result.record for result in run(
        (Article(id=line["id"], source=args.gold, text=line["text"]) for line in lines),
        Options(model=args.model)))
    total = with_id = right_country = right_id = wrong = unlinked = missed = 0
    for line, record in zip(lines, records, strict=True):
        for place in line["places"]:
            total += 1
            with_id += place["geonames"] is not None
            found, geo = _geo_at(record, place["start"], place["end"])
            if not found:
                missed += 1
                what = "missed"
            elif geo is None:
                unlinked += 1
                what = "unlinked"
            elif geo["country"] != place["country"]:
                wrong += 1
                what = f"wrong: {geo['name']} ({geo['country']}, {geo['id']})"
            else:
                right_country += 1
                right_id += geo["id"] == place["geonames"]
                what = "" if geo["id"] == place["geonames"] or place["geonames"] is None \
                    else f"other place in the country: {geo['name']} ({geo['id']})"
            if what and not args.quiet:
                print(f"{line['id']}: {place['text']!r} ({place['country']}, "
                      f"{place['geonames']}): {what}")
    print(f"{total} places ({with_id} with a GeoNames id): country right "
          f"{right_country / total:.1%}, id right {right_id / max(with_id, 1):.1%} of those "
          f"with one; wrong country {wrong} ({wrong / total:.1%}), unlinked {unlinked}, "
          f"missed by the NER {missed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
