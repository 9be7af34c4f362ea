"""Group an article's mentions into entities: one record per entity."""

from __future__ import annotations

import re
from collections import Counter

from nerx.records import Entity, Mention

_SPACES = re.compile(r"\s+")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:['\u2019]s|(?<=s)['\u2019])$", re.IGNORECASE)


def normalize(text: str) -> str:
    """The key mentions of one entity share: case-folded, no leading "the", no possessive."""
    text = _SPACES.sub(" ", text.strip())
    text = _POSSESSIVE.sub("", _LEADING_THE.sub("", text))
    return text.casefold()


def group(mentions: list[Mention], chars: int) -> list[Entity]:
    """Entities in order of first mention; each mention belongs to exactly one entity."""
    groups: dict[str, list[int]] = {}
    for index, mention in enumerate(mentions):
        groups.setdefault(normalize(mention["text"]), []).append(index)
    max_count = max((len(indices) for indices in groups.values()), default=1)
    return [_entity(mentions, indices, chars, max_count) for indices in groups.values()]


def salience(count: int, max_count: int, first: int, chars: int) -> float:
    """0.6 x (mentions / the most-mentioned entity's) + 0.4 x (1 - first offset / length)."""
    position = 1.0 - first / chars if chars else 1.0
    return round(0.6 * count / max_count + 0.4 * position, 3)


def _entity(mentions: list[Mention], indices: list[int], chars: int, max_count: int) -> Entity:
    texts = [mentions[i]["text"] for i in indices]
    label = Counter(mentions[i]["label"] for i in indices).most_common(1)[0][0]
    name = _canonical(texts)
    first = mentions[indices[0]]["start"]
    aliases = sorted({text for text in texts if text != name})
    return Entity(name=name, label=label, count=len(indices), aliases=aliases, first=first,
                  salience=salience(len(indices), max_count, first, chars),
                  mentions=indices)


def _canonical(texts: list[str]) -> str:
    """The longest properly cased form (not all caps), most frequent first."""
    counts = Counter(texts)
    return max(counts, key=lambda text: (not text.isupper(), len(text), counts[text]))
