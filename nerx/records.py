"""The shape of nerx's output records, and their flat per-mention / per-entity rows."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NotRequired, TypedDict


class Mention(TypedDict):
    """One entity mention: `text == article_text[start:end]`."""

    text: str
    label: str
    model_label: str
    start: int
    end: int
    sentence: int
    # The probability that the mention is right, span and label (nerx.confidence).
    confidence: NotRequired[float]
    # The rule that set a label other than the model's ("surnames", "grouping", ...).
    relabelled_by: NotRequired[str]


class Entity(TypedDict):
    """One entity of an article: the mentions (indices into `mentions`) that name it."""

    name: str
    label: str
    count: int
    aliases: list[str]
    first: int
    salience: float
    mentions: list[int]
    confidence: NotRequired[float]  # its most confident mention's
    # A place's GeoNames entry (nerx.geo): id, name, country, lat, lon, kind; absent when
    # nerx cannot link it.
    geo: NotRequired[dict[str, Any]]


class ArticleRecord(TypedDict):
    """Everything nerx found in one article."""

    id: str
    source: str
    chars: int
    hash: str
    model: str
    meta: dict[str, Any]
    mentions: list[Mention]
    entities: list[Entity]
    warnings: list[str]
    error: NotRequired[str]
    text: NotRequired[str]


def rows(record: ArticleRecord, kind: str) -> Iterator[dict[str, Any]]:
    """The record itself (`articles`), or one flat row per mention or per entity."""
    if kind == "articles":
        yield dict(record)
    elif kind == "mentions":
        yield from mention_rows(record)
    else:
        yield from entity_rows(record)


def mention_rows(record: ArticleRecord) -> Iterator[dict[str, Any]]:
    """One row per mention, with the article's id and source and its entity's name."""
    names = {i: entity["name"] for entity in record["entities"] for i in entity["mentions"]}
    for index, mention in enumerate(record["mentions"]):
        yield {"id": record["id"], "source": record["source"], **mention,
               "entity": names.get(index)}


def entity_rows(record: ArticleRecord) -> Iterator[dict[str, Any]]:
    """One row per entity, with the article's id and source; mention indices left out, a
    linked place's `geo` flattened into `country`, `lat`, `lon` and `geonames_id`."""
    for entity in record["entities"]:
        row: dict[str, Any] = {"id": record["id"], "source": record["source"]}
        row.update((key, value) for key, value in entity.items()
                   if key not in ("mentions", "geo"))
        if geo := entity.get("geo"):  # a flat row: the place's country and coordinates
            row.update(country=geo["country"], lat=geo["lat"], lon=geo["lon"],
                       geonames_id=geo["id"])
        yield row
