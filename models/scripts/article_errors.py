"""Errors and misses per whole article, as a reader counts them, on nerx's real-article dev set.

    python models/scripts/article_errors.py models/dev/articles-*.jsonl [--model NAME]
        [--rules-off a,b] [--quiet] [--json]

Each gold line is a whole article with the entity records a careful reader expects:
`{"id", "topic", "text", "entities": [{"name", "label", "forms": [...]}], "not_entities": [...]}`
(`forms`: the other names the text uses for the entity; `not_entities`: works, awards,
products, laws, events and nationalities named in the text). nerx's entities (PERSON, ORG,
PLACE) are matched to the expected ones by any of their names (case, "the", a possessive and
titles aside). The errors a reader sees:

- label: an entity found with the wrong label;
- not-entity: a work, award, product, law, event or nationality output as an entity;
- spurious: anything else output that is no expected entity (a wrong span among them);
- merged: one entity holding two expected ones;
- split: an expected entity output as two or more;
- bad-span: a mention ending in a comma or dash or crossing a dash.

A miss is an expected entity nerx did not output. Also counted: the articles where one name
is output under two labels. Every error is printed, article by article
(`--quiet`: the totals only), then errors and misses per article.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from nerx import Options
from nerx.api import run
from nerx.entities import normalize
from nerx.labels import DEFAULT_LABELS, PERSON
from nerx.reader import Article
from nerx.records import ArticleRecord

KINDS = ("label", "not-entity", "spurious", "merged", "split", "bad-span")
_BAD_SPAN = re.compile(r"(?:[,\-\u2013\u2014]$)|(?: - | \u2013 | \u2014 )")


@dataclass
class Scored:
    """One article's errors and misses, each a line for the reader."""

    id: str
    errors: list[tuple[str, str]] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)


def key(name: str) -> str:
    """How names are compared: case, "the", a possessive and titles aside."""
    return normalize(name, PERSON)


def score(gold: dict[str, Any], record: ArticleRecord) -> Scored:
    """The errors and misses in `record` against the expected entities of `gold`."""
    scored = Scored(gold["id"])
    expected = gold["entities"]
    owner: dict[str, int] = {}
    for index, entity in enumerate(expected):
        for name in [entity["name"], *entity.get("forms", [])]:
            owner.setdefault(key(name), index)
    not_entities = {key(name) for name in gold.get("not_entities", [])}
    found: Counter[int] = Counter()
    for entity in record["entities"]:
        if entity["label"] not in DEFAULT_LABELS:
            continue
        names = [entity["name"], *entity["aliases"]]
        matched = sorted({owner[key(name)] for name in names if key(name) in owner})
        shown = f"{entity['name']} {entity['label']} x{entity['count']}"
        if not matched:
            kind = "not-entity" if any(key(name) in not_entities for name in names) \
                else "spurious"
            scored.errors.append((kind, shown))
            continue
        if len(matched) > 1:
            scored.errors.append(("merged", shown + " = " + " + ".join(
                expected[i]["name"] for i in matched)))
        for index in matched:
            found[index] += 1
        if all(expected[i]["label"] != entity["label"] for i in matched):
            scored.errors.append(("label", f"{shown}, expected {expected[matched[0]]['label']}"))
    for index, entity in enumerate(expected):
        if found[index] == 0:
            scored.misses.append(f"{entity['name']} {entity['label']}")
        elif found[index] > 1:
            scored.errors.append(("split", f"{entity['name']} {entity['label']} "
                                           f"as {found[index]} entities"))
    for mention in record["mentions"]:
        if _BAD_SPAN.search(mention["text"]):
            scored.errors.append(("bad-span", repr(mention["text"])))
    return scored


def _two_labels(record: ArticleRecord) -> bool:
    """Whether the record gives one name (an entity's name or alias) two labels."""
    labels: dict[str, set[str]] = {}
    for entity in record["entities"]:
        for name in [entity["name"], *entity["aliases"]]:
            labels.setdefault(key(name), set()).add(entity["label"])
    return any(len(found) > 1 for found in labels.values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", nargs="+")
    parser.add_argument("--model")
    parser.add_argument("--rules-off", default="")
    parser.add_argument("--quiet", action="store_true")
    parser.add_argument("--json", action="store_true", help="the totals as one JSON object")
    args = parser.parse_args()
    golds = [orjson.loads(line) for path in args.gold
             for line in Path(path).read_bytes().splitlines() if line.strip()]
    off = frozenset(name for name in args.rules_off.split(",") if name)
    options = Options(model=args.model, rules_off=off)
    records = (result.record for result in run(
        (Article(id=gold["id"], source=gold["id"], text=gold["text"]) for gold in golds),
        options))
    totals: Counter[str] = Counter()
    misses = two_labels = 0
    for gold, record in zip(golds, records, strict=True):
        scored = score(gold, record)
        two_labels += _two_labels(record)
        totals.update(kind for kind, _ in scored.errors)
        misses += len(scored.misses)
        if not args.quiet and (scored.errors or scored.misses):
            print(f"{scored.id} ({gold.get('topic', '')}): {len(scored.errors)} errors, "
                  f"{len(scored.misses)} misses")
            for kind, what in scored.errors:
                print(f"  {kind:10} {what}")
            for what in scored.misses:
                print(f"  {'miss':10} {what}")
    articles = len(golds)
    expected = sum(len(gold["entities"]) for gold in golds)
    errors = sum(totals.values())
    summary = {"articles": articles, "expected_entities": expected, "errors": errors,
               "errors_per_article": round(errors / articles, 2), "misses": misses,
               "misses_per_article": round(misses / articles, 2),
               "found_share": round(1 - misses / expected, 3),
               "articles_with_a_name_under_two_labels": two_labels,
               "errors_by_kind": {kind: totals[kind] for kind in KINDS}}
    if args.json:
        sys.stdout.buffer.write(orjson.dumps(summary) + b"\n")
    else:
        print(f"{articles} articles, {expected} expected entities: {errors} errors "
              f"({summary['errors_per_article']} per article; "
              + ", ".join(f"{kind} {totals[kind]}" for kind in KINDS)
              + f"), {misses} misses ({summary['misses_per_article']} per article); "
              f"{two_labels} articles with a name under two labels")
    return 0


if __name__ == "__main__":
    sys.exit(main())
