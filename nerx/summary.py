"""`nerx summarize`: entities and co-occurring pairs across a corpus of nerx records."""

from __future__ import annotations

import itertools
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from nerx.defaults import SUMMARY_GLOBS
from nerx.entities import ALIASES, normalize, shouted
from nerx.errors import InputError
from nerx.labels import PERSON, PLACE
from nerx.records import ArticleRecord

# Pairs grow with the square of an article's entities: only its most salient ones pair up.
PAIR_ENTITIES = 30
Key = tuple[str, str]


@dataclass
class _Tally:
    names: Counter[str] = field(default_factory=Counter)
    aliases: set[str] = field(default_factory=set)
    articles: int = 0
    mentions: int = 0


@dataclass
class Summary:
    """Corpus-wide entities (by articles mentioning them) and top co-occurring pairs."""

    entities: list[dict[str, Any]]
    pairs: list[dict[str, Any]]
    # Linked places by country (ISO code): how many places, articles and mentions.
    countries: list[dict[str, Any]] = field(default_factory=list)

    def rows(self) -> Iterator[dict[str, Any]]:
        """Entity rows, pair rows, then country rows, each with a `type` field."""
        for entity in self.entities:
            yield {"type": "entity", **entity}
        for pair in self.pairs:
            yield {"type": "pair", **pair}
        for country in self.countries:
            yield {"type": "country", **country}


def summarize(records: Iterable[ArticleRecord], *, labels: frozenset[str] | None = None,
              top: int = 20) -> Summary:
    """Aggregate entities across articles: the same label and name (or alias) is one entity,
    and so is a person's surname alone with the one full name of the corpus that ends in it
    ("Blair" and "Tony Blair"; two Smiths keep "Smith" apart)."""
    tallies: dict[Key, _Tally] = {}
    pairs: Counter[tuple[Key, Key]] = Counter()
    both: Counter[tuple[Key, Key]] = Counter()  # articles naming a surname and a full name
    countries: dict[str, _Country] = {}
    # (surname, full name, other): articles pairing both the surname and the full name with
    # another entity, counted twice once the two are joined
    twice: Counter[tuple[Key, Key, Key]] = Counter()
    for record in records:
        _add_countries(record, countries, labels)
        keys = _add_record(record, tallies, labels)
        paired = keys[:PAIR_ENTITIES]
        pairs.update(itertools.combinations(sorted(paired), 2))
        both.update(surname_pairs := list(_surname_pairs(keys)))
        twice.update((single, full, other) for single, full in surname_pairs
                     if single in paired and full in paired
                     for other in paired if other not in (single, full))
    into = _surnames_joined(tallies, both)
    for key, target in into.items():
        tallies[target] = _joined(tallies[target], tallies.pop(key), both[(key, target)])
    joined: Counter[tuple[Key, Key]] = Counter()
    for (a, b), count in pairs.items():
        a, b = into.get(a, a), into.get(b, b)
        if a != b:
            joined[(min(a, b), max(a, b))] += count
    for (single, full, other), count in twice.items():
        if into.get(single) == full and (other := into.get(other, other)) != full:
            joined[(min(full, other), max(full, other))] -= count
    entities = sorted(tallies.items(), key=lambda item: (-item[1].articles, -item[1].mentions,
                                                          item[0]))
    rows = [_entity_row(key, tally) for key, tally in entities[:top]]
    names = {key: _name(tally) for key, tally in tallies.items()}
    pair_rows = [{"name": names[a], "label": a[0], "other": names[b], "other_label": b[0],
                  "articles": count}
                 for (a, b), count in sorted(joined.items(), key=lambda item: (
                     -item[1], -tallies[item[0][0]].mentions - tallies[item[0][1]].mentions,
                     item[0]))[:top]]
    country_rows = [{"name": code, "label": PLACE, "articles": tally.articles,
                     "mentions": tally.mentions, "places": len(tally.places)}
                    for code, tally in sorted(countries.items(), key=lambda item: (
                        -item[1].articles, -item[1].mentions, item[0]))[:top]]
    return Summary(rows, pair_rows, country_rows)


@dataclass
class _Country:
    places: set[int] = field(default_factory=set)
    articles: int = 0
    mentions: int = 0


def _add_countries(record: ArticleRecord, countries: dict[str, _Country],
                   labels: frozenset[str] | None) -> None:
    """Count the article's linked places by their country."""
    if labels and PLACE not in labels:
        return
    seen: set[str] = set()
    for entity in record.get("entities", []):
        if (geo := entity.get("geo")) is None:
            continue
        tally = countries.setdefault(geo["country"], _Country())
        tally.places.add(geo["id"])
        tally.mentions += entity["count"]
        if geo["country"] not in seen:
            tally.articles += 1
            seen.add(geo["country"])


def _surname_pairs(keys: list[Key]) -> Iterator[tuple[Key, Key]]:
    """The (surname, full name) pairs among one article's people: what joining them must
    not count twice."""
    people = [key for key in keys if key[0] == PERSON]
    for single in (key for key in people if " " not in key[1]):
        for full in people:
            if full[1].endswith(" " + single[1]):
                yield single, full


def _surnames_joined(tallies: dict[Key, _Tally],
                     both: Counter[tuple[Key, Key]]) -> dict[Key, Key]:
    """Each person's surname alone and the one full name of the corpus ending in it."""
    fuller: dict[str, list[Key]] = {}
    for key in tallies:
        if key[0] == PERSON and " " in key[1]:
            fuller.setdefault(key[1].rsplit(" ", 1)[1], []).append(key)
    return {key: found[0] for key in tallies
            if key[0] == PERSON and " " not in key[1]
            and len(found := fuller.get(key[1], [])) == 1}


def _joined(full: _Tally, surname: _Tally, overlap: int) -> _Tally:
    """One tally of a full name and its surname; `overlap` articles named both."""
    return _Tally(names=full.names + surname.names, aliases=full.aliases | surname.aliases,
                  articles=full.articles + surname.articles - overlap,
                  mentions=full.mentions + surname.mentions)


def _add_record(record: ArticleRecord, tallies: dict[Key, _Tally],
                labels: frozenset[str] | None) -> list[Key]:
    keys: list[Key] = []
    ranked = sorted(record.get("entities", []), key=lambda e: -e.get("salience", 0.0))
    for entity in ranked:
        if labels and entity["label"] not in labels:
            continue
        name = normalize(entity["name"], entity["label"])
        key = (entity["label"], ALIASES.get(name, name))
        if key in keys:
            continue
        keys.append(key)
        tally = tallies.setdefault(key, _Tally())
        tally.names[entity["name"]] += 1
        tally.aliases.update(entity.get("aliases", []))
        tally.articles += 1
        tally.mentions += entity["count"]
    return keys


def _name(tally: _Tally) -> str:
    """The name most articles give, the longest among equals ("Tony Blair" over "Blair"), and
    a name in capitals only where no article writes it otherwise ("Baltimore" over a sports
    table's "BALTIMORE"; "NATO" stays)."""
    return max(tally.names, key=lambda name: (len(name.split()) > 1, not shouted(name),
                                              tally.names[name], len(name)))


def _entity_row(key: Key, tally: _Tally) -> dict[str, Any]:
    name = _name(tally)
    aliases = sorted((tally.aliases | set(tally.names)) - {name})
    return {"name": name, "label": key[0], "articles": tally.articles,
            "mentions": tally.mentions, "aliases": aliases}


def is_records_file(path: str) -> bool:
    """True for a JSON Lines file of nerx records (its first line has mentions and entities)."""
    if not path.endswith((".jsonl", ".ndjson")) or not Path(path).is_file():
        return False
    with open(path, "rb") as f:
        for line in f:
            if line.strip():
                try:
                    first = orjson.loads(line)
                except orjson.JSONDecodeError:
                    return False
                return isinstance(first, dict) and "entities" in first and "mentions" in first
    return False


def read_records(lines: Iterable[bytes], source: str) -> Iterator[ArticleRecord]:
    """nerx records from JSON Lines; a line that is not one becomes an error record naming
    the file and line, and the others are read on."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = orjson.loads(line)
        except orjson.JSONDecodeError as e:
            yield _error_record(source, number, f"invalid JSON ({e})")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("entities"), list):
            yield _error_record(source, number, "not a nerx record (no 'entities' list)")
            continue
        yield record  # type: ignore[misc]


def _error_record(source: str, number: int, message: str) -> ArticleRecord:
    where = f"{source}:{number}"
    return ArticleRecord(id=where, source=source, chars=0, hash="", model="", meta={},
                         mentions=[], entities=[], warnings=[], error=f"{where}: {message}")


def corpus_records(paths: Iterable[str], *, globs: Iterable[str] = SUMMARY_GLOBS,
                   model: str | None = None,
                   min_confidence: float = 0.0) -> Iterator[ArticleRecord]:
    """The records `nerx summarize` aggregates: nerx JSON Lines files (or `-`, standard input)
    read as they are, article files extracted with `model`; folders are searched with
    `globs`; the mentions less sure than `min_confidence` left out of both. InputError (at
    once) for a missing path or when nothing matches."""
    from nerx.reader import find_inputs

    patterns = tuple(globs)
    paths = list(paths)
    sources = find_inputs(paths, globs=patterns)
    if not sources:
        raise InputError(f"no articles or records in {', '.join(paths)} "
                         f"(files matching {', '.join(patterns)})")
    records = _records(sources, patterns, model)
    return (_confident(record, min_confidence) for record in records) if min_confidence > 0 \
        else records


def _confident(record: ArticleRecord, threshold: float) -> ArticleRecord:
    from nerx.pipeline import confident

    mentions, entities = confident(record.get("mentions", []), record.get("entities", []),
                                   threshold)
    return ArticleRecord(**{**record, "mentions": mentions, "entities": entities})


def _records(sources: list[str], globs: tuple[str, ...],
             model: str | None) -> Iterator[ArticleRecord]:
    from nerx.api import extract

    articles = []
    for source in sources:
        if source == "-":
            yield from read_records(sys.stdin.buffer, "-")
        elif is_records_file(source):
            with open(source, "rb") as f:
                yield from read_records(f, source)
        else:
            articles.append(source)
    if articles:
        yield from extract(articles, model=model, globs=globs)
