"""`nerx evaluate`: score a pipeline against gold files through the `nerx extract` path."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from nerx import api
from nerx.gold import GoldDoc, read_gold
from nerx.labels import DEFAULT_LABELS, nerx_label, parse_labels
from nerx.reader import Article
from nerx.records import ArticleRecord


@dataclass
class Counts:
    """True positives, false positives and false negatives for one label (or all)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "tp": self.tp, "fp": self.fp, "fn": self.fn,
                "support": self.tp + self.fn}


@dataclass
class Evaluation:
    """Scores per label and micro-averaged over them, with the run's size and speed."""

    model: str
    files: list[str]
    labels: dict[str, Counts] = field(default_factory=dict)
    docs: int = 0
    words: int = 0
    seconds: float = 0.0
    # (confidence, right) for every mention output: how well confidence is calibrated.
    scored: list[tuple[float, bool]] = field(default_factory=list)

    @property
    def micro(self) -> Counts:
        return Counts(sum(c.tp for c in self.labels.values()),
                      sum(c.fp for c in self.labels.values()),
                      sum(c.fn for c in self.labels.values()))

    def as_dict(self) -> dict[str, Any]:
        return {"model": self.model, "files": self.files, "docs": self.docs,
                "words": self.words, "seconds": round(self.seconds, 2),
                "words_per_second": round(self.words / self.seconds) if self.seconds else 0,
                "labels": {label: c.as_dict() for label, c in sorted(self.labels.items())},
                "micro": self.micro.as_dict(),
                "calibration": {"ece": round(self.ece, 4),
                                "bins": [b.as_dict() for b in self.reliability]},
                "thresholds": [{"min_confidence": t, **c.as_dict()}
                               for t, c in self.at_thresholds()]}

    @property
    def reliability(self) -> list[Bin]:
        """The output mentions in BINS equal-width confidence bins: how many, how sure on
        average, how many right."""
        bins = [Bin(i / BINS, (i + 1) / BINS) for i in range(BINS)]
        for confidence, right in self.scored:
            chosen = bins[min(int(confidence * BINS), BINS - 1)]
            chosen.mentions += 1
            chosen.confidence += confidence
            chosen.right += right
        return bins

    @property
    def ece(self) -> float:
        """Expected calibration error: |accuracy - mean confidence| over the bins, weighted
        by their share of the mentions."""
        total = len(self.scored)
        return sum(abs(b.right - b.confidence) for b in self.reliability) / total if total \
            else 0.0

    def at_thresholds(self) -> list[tuple[float, Counts]]:
        """Micro precision and recall with only the mentions at or above each threshold."""
        micro = self.micro
        support = micro.tp + micro.fn
        out = []
        for threshold in THRESHOLDS:
            kept = [right for confidence, right in self.scored if confidence >= threshold]
            tp = sum(kept)
            out.append((threshold, Counts(tp, len(kept) - tp, support - tp)))
        return out


BINS = 10
THRESHOLDS = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95)


@dataclass
class Bin:
    """Mentions whose confidence is in [low, high)."""

    low: float
    high: float
    mentions: int = 0
    confidence: float = 0.0  # summed, then averaged in as_dict
    right: int = 0

    def as_dict(self) -> dict[str, Any]:
        n = self.mentions
        return {"from": round(self.low, 2), "to": round(self.high, 2), "mentions": n,
                "mean_confidence": round(self.confidence / n, 4) if n else None,
                "precision": round(self.right / n, 4) if n else None}


def evaluate(gold_paths: Iterable[str], *, model: str | None = None,
             labels: str | Iterable[str] = DEFAULT_LABELS, batch_size: int = 64,
             workers: int = 1) -> Evaluation:
    """Extract from each gold article's text and compare spans exactly: (start, end, label).

    Gold labels are mapped as nerx maps model labels (PER → PERSON, LOC/GPE/FAC → PLACE);
    labels outside `labels` (MISC by default) are not scored."""
    wanted = parse_labels(labels)
    paths = list(gold_paths)
    golds: list[GoldDoc] = []
    articles = gold_articles(paths, golds)
    started = time.perf_counter()
    results = api.run(articles, model=model, labels=wanted, batch_size=batch_size,
                      workers=workers)
    evaluation = _scored(paths, wanted, ((golds[index], result.record)
                                         for index, result in enumerate(results)))
    evaluation.seconds = time.perf_counter() - started
    return evaluation


def _scored(paths: list[str], wanted: frozenset[str],
            pairs: Iterable[tuple[GoldDoc, ArticleRecord]]) -> Evaluation:
    """Each gold article against nerx's record of it, spans compared exactly."""
    evaluation = Evaluation(model="", files=paths,
                            labels={label: Counts() for label in sorted(wanted)})
    for gold_doc, record in pairs:
        evaluation.model = record["model"]
        gold = {(s, e, nerx_label(label)) for s, e, label in gold_doc.spans
                if nerx_label(label) in wanted}
        predicted = {(m["start"], m["end"], m["label"]) for m in record["mentions"]}
        _count(evaluation.labels, gold, predicted)
        evaluation.scored += [(m.get("confidence", 1.0), (m["start"], m["end"], m["label"]) in gold)
                              for m in record["mentions"]]
        evaluation.docs += 1
        evaluation.words += len(gold_doc.text.split())
    return evaluation


@dataclass
class RuleEffect:
    """What one rule does to the output mentions, against gold: its F1 without it, and the
    errors (false positives and misses; a wrong label is one of each) it removes (fixed)
    and adds (broken)."""

    name: str
    does: str
    f1_without: float
    fixed: int = 0
    broken: int = 0


@dataclass
class Ablation:
    """Micro-F1 with every rule, without each rule in turn, and with none (the model's
    mentions, cleaned); the labels the rules changed, against gold."""

    model: str
    files: list[str]
    f1: float
    rules: list[RuleEffect]
    none: RuleEffect
    relabelled: Counts = field(default_factory=Counts)  # tp: fixed, fp: broken, fn: neither

    def as_dict(self) -> dict[str, Any]:
        return {"model": self.model, "files": self.files, "f1": round(self.f1, 4),
                "f1_model_only": round(self.none.f1_without, 4),
                "fixed": self.none.fixed, "broken": self.none.broken,
                "labels_changed": {"fixed": self.relabelled.tp, "broken": self.relabelled.fp,
                                   "neither": self.relabelled.fn},
                "rules": [{"rule": rule.name, "does": rule.does,
                           "f1_without": round(rule.f1_without, 4),
                           "gain": round(self.f1 - rule.f1_without, 4),
                           "fixed": rule.fixed, "broken": rule.broken}
                          for rule in self.rules]}


# One output mention, or one gold span, of the article at an index: (article, start, end, label).
_Span = tuple[int, int, int, str]


def ablate(gold_paths: Iterable[str], *, model: str | None = None,
           labels: str | Iterable[str] = DEFAULT_LABELS, batch_size: int = 64) -> Ablation:
    """What each rule (refine.RULES, entities.GROUPING_RULES) adds: the model reads each gold
    article once, then the rules run with all of them, without each one in turn and with
    none; each rule's fixed and broken are the errors it removes and adds."""
    from nerx import models
    from nerx.entities import GROUPING_RULES
    from nerx.options import Options
    from nerx.pipeline import check_labels, model_passes, rerun
    from nerx.refine import RULES

    wanted = parse_labels(labels)
    paths = list(gold_paths)
    nlp = models.load(model)
    settings = Options(labels=wanted, batch_size=batch_size)
    check_labels(nlp, wanted)
    golds: list[GoldDoc] = []
    passes = list(model_passes(gold_articles(paths, golds), nlp, settings))
    gold = {(index, s, e, nerx_label(label)) for index, gold_doc in enumerate(golds)
            for s, e, label in gold_doc.spans if nerx_label(label) in wanted}

    def records(off: frozenset[str]) -> list[ArticleRecord]:
        rules = replace(settings, rules_off=off)
        return [rerun(pending, nlp, rules).record for pending in passes]

    def effect(name: str, does: str, off: frozenset[str], best: set[_Span]) -> RuleEffect:
        output = _spans(records(off))
        return RuleEffect(name, does, _micro(output, gold).f1,
                          fixed=len(_errors(output, gold) - _errors(best, gold)),
                          broken=len(_errors(best, gold) - _errors(output, gold)))

    every = {**RULES, **GROUPING_RULES}
    output = _spans(best := records(frozenset()))
    return Ablation(model=models.model_name(nlp), files=paths, f1=_micro(output, gold).f1,
                    rules=[effect(name, does, frozenset({name}), output)
                           for name, does in every.items()],
                    none=effect("none", "the model's mentions, cleaned", frozenset(every),
                                output),
                    relabelled=_relabelled(best, gold))


def _spans(records: list[ArticleRecord]) -> set[_Span]:
    return {(index, m["start"], m["end"], m["label"]) for index, record in enumerate(records)
            for m in record["mentions"]}


def _errors(output: set[_Span], gold: set[_Span]) -> set[tuple[str, _Span]]:
    """The false positives and the misses of `output`: a wrong label is one of each."""
    return {("fp", span) for span in output - gold} | {("fn", span) for span in gold - output}


def _micro(output: set[_Span], gold: set[_Span]) -> Counts:
    return Counts(len(output & gold), len(output - gold), len(gold - output))


def _relabelled(records: list[ArticleRecord], gold: set[_Span]) -> Counts:
    """The output mentions whose label is not the model's: fixed (the label is gold's),
    broken (the model's label was) or neither, as a Counts' tp, fp and fn."""
    counts = Counts()
    for index, record in enumerate(records):
        for m in record["mentions"]:
            model = nerx_label(m["model_label"])
            if model == m["label"] or model not in DEFAULT_LABELS:
                continue
            if (index, m["start"], m["end"], m["label"]) in gold:
                counts.tp += 1
            elif (index, m["start"], m["end"], model) in gold:
                counts.fp += 1
            else:
                counts.fn += 1
    return counts


def gold_articles(paths: list[str], golds: list[GoldDoc]) -> Iterator[Article]:
    """The articles of gold files, each gold document appended to `golds` as it is read."""
    for path in paths:
        for gold in read_gold(path):
            golds.append(gold)
            yield Article(id=gold.id, source=path, text=gold.text)


def _count(counts: dict[str, Counts], gold: set[tuple[int, int, str]],
           predicted: set[tuple[int, int, str]]) -> None:
    for _, _, label in gold & predicted:
        counts[label].tp += 1
    for _, _, label in predicted - gold:
        counts.setdefault(label, Counts()).fp += 1
    for _, _, label in gold - predicted:
        counts[label].fn += 1
