"""How sure nerx is of each mention: `confidence`, the probability that the mention is right
(exact span and label), and of each entity.

spaCy's greedy NER gives no score, and a beam over it costs several times the model; so the
score comes from what the finished record shows about each mention: whether the model found
that exact span and label or a rule made or changed it, how often the article names its
entity, its length, casing and place in the sentence, whether the same words get another
label elsewhere in the article, how name-dense, capitalised and lowercase the article is.
Small gradient-boosted trees over these features, then isotonic calibration, both fitted on
dev data (half of each dev set's documents; the other half is what the reported calibration
is measured on): `models/scripts/fit_confidence.py` writes `confidence.json`. An entity's
confidence is its most confident mention's.

The numbers are fitted for the default model; with another pipeline they are the same
function of the same features, not calibrated for it."""

from __future__ import annotations

import functools
import json
import math
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

from nerx.labels import ORG, PERSON, PLACE
from nerx.records import Entity, Mention

FEATURES = (
    "bias", "person", "org", "place", "model_span", "model_overlap", "dateline",
    "log_count", "single_mention", "one_token", "three_tokens", "all_caps", "alias",
    "other_label", "sentence_start", "digit", "short", "one_token_single", "lowercase",
    "log_chars", "density", "capitalised_share", "lowercase_share", "quoted",
)
UNCERTAIN = 0.5  # below this, `show` and the report draw a mention as uncertain


# A tree is a list of nodes, the root first: a split is [feature, threshold, left, right]
# (go left when the feature's value is at most the threshold), a leaf is [value].
Tree = list[list[float]]


@dataclass(frozen=True)
class Calibration:
    """Boosted trees (their values summed with `baseline` give the log-odds that the mention
    is right), then an isotonic map from that probability to the calibrated one (piecewise
    linear through `xs`, `ys`)."""

    baseline: float
    trees: tuple[Tree, ...]
    xs: tuple[float, ...]
    ys: tuple[float, ...]

    def probability(self, row: list[float]) -> float:
        z = self.baseline + sum(_leaf(tree, row) for tree in self.trees)
        raw = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
        return _interpolate(raw, self.xs, self.ys)


def _leaf(tree: Tree, row: list[float]) -> float:
    node = tree[0]
    while len(node) == 4:
        node = tree[int(node[2] if row[int(node[0])] <= node[1] else node[3])]
    return node[0]


@functools.cache
def calibration() -> Calibration:
    """The fitted calibration shipped with nerx."""
    data = json.loads(resources.files("nerx").joinpath("confidence.json").read_text())
    if tuple(data["features"]) != FEATURES:
        raise ValueError("nerx/confidence.json was fitted on other features: rerun "
                         "models/scripts/fit_confidence.py")
    return Calibration(data["baseline"], tuple(data["trees"]), tuple(data["isotonic"]["x"]),
                       tuple(data["isotonic"]["y"]))


def features(text: str, mentions: list[Mention], entities: list[Entity],
             model_spans: Iterable[tuple[int, int, str]],
             sentence_starts: Iterable[int]) -> list[list[float]]:
    """One row of FEATURES per mention of the article `text`."""
    exact = set(model_spans)
    starts = set(sentence_starts)
    spans = sorted((start, end) for start, end, _ in exact)
    counts = {i: len(entity["mentions"]) for entity in entities for i in entity["mentions"]}
    names = {i: entity["name"] for entity in entities for i in entity["mentions"]}
    labels: dict[str, set[str]] = defaultdict(set)
    for mention in mentions:
        labels[mention["text"]].add(mention["label"])
    words = text.split()
    article = [math.log1p(len(text)) / 10, len(mentions) / max(1, len(words)) * 10,
               sum(word[:1].isupper() for word in words) / max(1, len(words)),
               sum(word.islower() for word in words) / max(1, len(words))]
    return [[*_row(index, mention, exact, spans, starts, counts, names, labels),
             *article, float(_quoted(text, mention["start"], mention["end"]))]
            for index, mention in enumerate(mentions)]


def _quoted(text: str, start: int, end: int) -> bool:
    """Whether the mention stands in quotes: a title, a nickname, rarely a plain name."""
    return text[start - 1:start] in ("\"", "\u201c", "'", "\u2018") \
        and text[end:end + 1] in ("\"", "\u201d", "'", "\u2019")


def _row(index: int, mention: Mention, exact: set[tuple[int, int, str]],
         spans: list[tuple[int, int]], starts: set[int], counts: dict[int, int],
         names: dict[int, str], labels: dict[str, set[str]]) -> list[float]:
    text, label, start, end = mention["text"], mention["label"], mention["start"], mention["end"]
    words = len(text.split())
    count = counts.get(index, 1)
    same = (start, end, label) in exact
    return [
        1.0, float(label == PERSON), float(label == ORG), float(label == PLACE),
        float(same), float(not same and _overlaps(spans, start, end)),
        float(mention["model_label"] == "DATELINE"),
        math.log(count), float(count == 1), float(words == 1), float(words >= 3),
        float(text.isupper() and len(text) > 1), float(names.get(index, text) != text),
        float(len(labels[text]) > 1), float(start in starts),
        float(any(ch.isdigit() for ch in text)), float(len(text) <= 3),
        float(words == 1 and count == 1), float(not text[:1].isupper()),
    ]


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    index = bisect_right(spans, (end, -1))
    return any(s < end and start < e for s, e in spans[max(0, index - 8):index])


def add(text: str, mentions: list[Mention], entities: list[Entity],
        model_spans: Iterable[tuple[int, int, str]], sentence_starts: Iterable[int]) -> None:
    """Set `confidence` on every mention and entity (three decimals: records stay the same
    bytes on every engine)."""
    fitted = calibration()
    rows = features(text, mentions, entities, model_spans, sentence_starts)
    for mention, row in zip(mentions, rows, strict=True):
        mention["confidence"] = round(fitted.probability(row), 3)
    for entity in entities:
        entity["confidence"] = max(mentions[i]["confidence"] for i in entity["mentions"])


def _interpolate(x: float, xs: tuple[float, ...], ys: tuple[float, ...]) -> float:
    if not xs:
        return x
    if x <= xs[0]:
        return ys[0]
    if x >= xs[-1]:
        return ys[-1]
    index = bisect_right(xs, x)
    x0, x1, y0, y1 = xs[index - 1], xs[index], ys[index - 1], ys[index]
    return y0 if x1 == x0 else y0 + (y1 - y0) * (x - x0) / (x1 - x0)
