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
from dataclasses import dataclass, field
from importlib import resources

import numpy as np
import numpy.typing as npt

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
    forest: Forest = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "forest", Forest.of(self.trees))

    def probabilities(self, rows: list[list[float]]) -> list[float]:
        """The calibrated probability of each row (all of an article's mentions at once:
        the trees are walked as arrays, a few microseconds a mention)."""
        z = np.clip(self.baseline + self.forest.sums(rows), -30.0, 30.0)
        raw = 1.0 / (1.0 + np.exp(-z))
        calibrated = np.interp(raw, self.xs, self.ys) if self.xs else raw
        return [float(p) for p in calibrated]

    def probability(self, row: list[float]) -> float:
        return self.probabilities([row])[0]


@dataclass(frozen=True)
class Forest:
    """The trees as arrays, one row per tree, one column per node (leaves point to
    themselves, so walking `depth` steps lands every row on its leaf)."""

    feature: npt.NDArray[np.intp]
    threshold: npt.NDArray[np.float64]
    left: npt.NDArray[np.intp]
    right: npt.NDArray[np.intp]
    value: npt.NDArray[np.float64]
    depth: int

    @classmethod
    def of(cls, trees: tuple[Tree, ...]) -> Forest:
        shape = (len(trees), max((len(tree) for tree in trees), default=1))
        feature = np.zeros(shape, np.intp)
        threshold = np.zeros(shape)
        left = np.tile(np.arange(shape[1], dtype=np.intp), (shape[0], 1))
        right = left.copy()
        value = np.zeros(shape)
        for t, tree in enumerate(trees):
            for n, node in enumerate(tree):
                if len(node) == 4:
                    feature[t, n], left[t, n], right[t, n] = node[0], node[2], node[3]
                    threshold[t, n] = node[1]
                else:
                    value[t, n] = node[0]
        return cls(feature, threshold, left, right, value,
                   max((_depth(tree, 0) for tree in trees), default=0))

    def sums(self, rows: list[list[float]]) -> npt.NDArray[np.float64]:
        """Each row's leaf values summed over the trees, in tree order."""
        if not rows or not len(self.value):
            return np.zeros(len(rows))
        x = np.asarray(rows, dtype=np.float64)
        trees = np.arange(len(self.value))[:, None]
        mentions = np.arange(len(rows))[None, :]
        node = np.zeros((len(self.value), len(rows)), np.intp)
        for _ in range(self.depth):
            go_left = x[mentions, self.feature[trees, node]] <= self.threshold[trees, node]
            node = np.where(go_left, self.left[trees, node], self.right[trees, node])
        leaves = self.value[trees, node]
        total = np.zeros(len(rows))
        for row in leaves:  # tree by tree: the same sum whatever the number of mentions
            total += row
        return total


def _depth(tree: Tree, index: int) -> int:
    node = tree[index]
    if len(node) != 4:
        return 0
    return 1 + max(_depth(tree, int(node[2])), _depth(tree, int(node[3])))


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
    article = {"log_chars": math.log1p(len(text)) / 10,
               "density": len(mentions) / max(1, len(words)) * 10,
               "capitalised_share": sum(word[:1].isupper() for word in words) / max(1, len(words)),
               "lowercase_share": sum(word.islower() for word in words) / max(1, len(words))}
    rows = []
    for index, mention in enumerate(mentions):
        named = {**_row(index, mention, exact, spans, starts, counts, names, labels), **article,
                 "quoted": float(_quoted(text, mention["start"], mention["end"]))}
        rows.append([named[feature] for feature in FEATURES])
    return rows


def _quoted(text: str, start: int, end: int) -> bool:
    """Whether the mention stands in quotes: a title, a nickname, rarely a plain name."""
    return text[start - 1:start] in ("\"", "\u201c", "'", "\u2018") \
        and text[end:end + 1] in ("\"", "\u201d", "'", "\u2019")


def _row(index: int, mention: Mention, exact: set[tuple[int, int, str]],
         spans: list[tuple[int, int]], starts: set[int], counts: dict[int, int],
         names: dict[int, str], labels: dict[str, set[str]]) -> dict[str, float]:
    """The mention's own features, by name (`FEATURES`)."""
    text, label, start, end = mention["text"], mention["label"], mention["start"], mention["end"]
    words = len(text.split())
    count = counts.get(index, 1)
    same = (start, end, label) in exact
    return {
        "bias": 1.0, "person": float(label == PERSON), "org": float(label == ORG),
        "place": float(label == PLACE), "model_span": float(same),
        "model_overlap": float(not same and _overlaps(spans, start, end)),
        "dateline": float(mention["model_label"] == "DATELINE"),
        "log_count": math.log(count), "single_mention": float(count == 1),
        "one_token": float(words == 1), "three_tokens": float(words >= 3),
        "all_caps": float(text.isupper() and len(text) > 1),
        "alias": float(names.get(index, text) != text),
        "other_label": float(len(labels[text]) > 1), "sentence_start": float(start in starts),
        "digit": float(any(ch.isdigit() for ch in text)), "short": float(len(text) <= 3),
        "one_token_single": float(words == 1 and count == 1),
        "lowercase": float(not text[:1].isupper()),
    }


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    index = bisect_right(spans, (end, -1))
    return any(s < end and start < e for s, e in spans[max(0, index - 8):index])


def add(text: str, mentions: list[Mention], entities: list[Entity],
        model_spans: Iterable[tuple[int, int, str]], sentence_starts: Iterable[int]) -> None:
    """Set `confidence` on every mention and entity (three decimals: records stay the same
    bytes on every engine)."""
    rows = features(text, mentions, entities, model_spans, sentence_starts)
    for mention, probability in zip(mentions, calibration().probabilities(rows), strict=True):
        mention["confidence"] = round(probability, 3)
    for entity in entities:
        entity["confidence"] = max(mentions[i]["confidence"] for i in entity["mentions"])
