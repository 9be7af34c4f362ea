"""`nerx summarize`: entities and co-occurring pairs across a corpus of nerx records."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from nerx.entities import normalize
from nerx.errors import InputError
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

    def rows(self) -> Iterator[dict[str, Any]]:
        """Entity rows then pair rows, each with a `type` field."""
        for entity in self.entities:
            yield {"type": "entity", **entity}
        for pair in self.pairs:
            yield {"type": "pair", **pair}


def summarize(records: Iterable[ArticleRecord], *, labels: frozenset[str] | None = None,
              top: int = 20) -> Summary:
    """Aggregate entities across articles: the same label and name (or alias) is one entity."""
    tallies: dict[Key, _Tally] = {}
    pairs: Counter[tuple[Key, Key]] = Counter()
    for record in records:
        keys = _add_record(record, tallies, labels)
        pairs.update(itertools.combinations(sorted(keys[:PAIR_ENTITIES]), 2))
    entities = sorted(tallies.items(), key=lambda item: (-item[1].articles, -item[1].mentions,
                                                          item[0]))
    rows = [_entity_row(key, tally) for key, tally in entities[:top]]
    names = {key: _name(tally) for key, tally in tallies.items()}
    pair_rows = [{"name": names[a], "label": a[0], "other": names[b], "other_label": b[0],
                  "articles": count}
                 for (a, b), count in sorted(pairs.items(), key=lambda item: (
                     -item[1], -tallies[item[0][0]].mentions - tallies[item[0][1]].mentions,
                     item[0]))[:top]]
    return Summary(rows, pair_rows)


def _add_record(record: ArticleRecord, tallies: dict[Key, _Tally],
                labels: frozenset[str] | None) -> list[Key]:
    keys: list[Key] = []
    ranked = sorted(record.get("entities", []), key=lambda e: -e.get("salience", 0.0))
    for entity in ranked:
        if labels and entity["label"] not in labels:
            continue
        key = (entity["label"], normalize(entity["name"], entity["label"]))
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
    return max(tally.names, key=lambda name: (tally.names[name], len(name)))


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
    """nerx records from JSON Lines; InputError (file:line) for a line that is not one."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = orjson.loads(line)
        except orjson.JSONDecodeError as e:
            raise InputError(f"{source}:{number}: invalid JSON ({e})") from e
        if not isinstance(record, dict) or not isinstance(record.get("entities"), list):
            raise InputError(f"{source}:{number}: not a nerx record (no 'entities' list)")
        yield record  # type: ignore[misc]
