"""Fit nerx's mention confidence (nerx/confidence.py) and write nerx/confidence.json.

The default model reads every dev set once; each finished mention gets its feature row and
whether it is right (exact span and label in the gold). Documents are split by position:
even ones fit the gradient-boosted trees (100 trees of depth 3) and the isotonic map over the
trees' probabilities for them, taken by 5-fold cross validation with whole documents,
shuffled, in each fold (folds by position would each be mostly one dev set, and the map
would learn the gap between dev sets instead of the trees' error); odd ones are never fitted
on, and the calibration figures reported (and stored with the trees) are measured on them. The
confidence stays within [0.01, 0.99]: no dev set is big enough to justify certainty.
UNER EWT dev is left out: the default model is trained on it.

Run: `python models/scripts/fit_confidence.py` (needs scikit-learn, `pip install
scikit-learn`, and build/extra-dev.iob2 from `make models`; about 2 minutes)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import orjson
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.isotonic import IsotonicRegression
from sklearn.model_selection import GroupKFold, cross_val_predict

from nerx import confidence, models
from nerx.confidence import FEATURES, Calibration, Tree, features
from nerx.evaluate import gold_articles
from nerx.gold import GoldDoc
from nerx.labels import DEFAULT_LABELS, nerx_label
from nerx.options import Options
from nerx.pipeline import model_passes, rerun

ROOT = Path(__file__).resolve().parents[2]
DEV_SETS = {
    "conll-dev": ROOT.parent / "shared/data/conll2003/dev.txt",
    "extra-dev": ROOT / "build/extra-dev.iob2",
    "present-day": ROOT / "models/dev/present-day.jsonl",
}
OUT = ROOT / "nerx/confidence.json"
THRESHOLDS = (0.5, 0.7, 0.9)


def rows(path: Path) -> tuple[list[list[float]], list[int], list[int]]:
    """Feature rows, right (1) or not (0), and the document index of every mention."""
    nlp = models.load(None)
    options = Options()
    golds: list[GoldDoc] = []
    passes = list(model_passes(gold_articles([str(path)], golds), nlp, options))
    xs: list[list[float]] = []
    ys: list[int] = []
    docs: list[int] = []
    for index, (gold, pending) in enumerate(zip(golds, passes, strict=True)):
        model_spans = [(m["start"], m["end"], m["label"]) for m in pending.mentions]
        record = rerun(pending, nlp, options).record
        right = {(s, e, nerx_label(label)) for s, e, label in gold.spans
                 if nerx_label(label) in DEFAULT_LABELS}
        feature_rows = features(gold.text, record["mentions"], record["entities"], model_spans,
                                pending.sentence_starts)
        for mention, row in zip(record["mentions"], feature_rows, strict=True):
            xs.append(row)
            ys.append(int((mention["start"], mention["end"], mention["label"]) in right))
            docs.append(index)
    return xs, ys, docs


def ece(probabilities: np.ndarray, right: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error over equal-width bins."""
    which = np.minimum((probabilities * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        inside = which == b
        if inside.any():
            total += inside.sum() * abs(probabilities[inside].mean() - right[inside].mean())
    return total / len(right)


def report(name: str, probabilities: np.ndarray, right: np.ndarray) -> dict[str, float]:
    figures: dict[str, float] = {"mentions": len(right), "precision": float(right.mean()),
                                 "ece": float(ece(probabilities, right))}
    for threshold in THRESHOLDS:
        kept = probabilities >= threshold
        figures[f"precision_at_{threshold}"] = float(right[kept].mean()) if kept.any() else 0.0
        figures[f"share_at_{threshold}"] = float(kept.mean())
    print(name, " ".join(f"{key}={value:.3f}" if isinstance(value, float) else
                         f"{key}={value}" for key, value in figures.items()), file=sys.stderr)
    return figures


def trees_of(model: HistGradientBoostingClassifier) -> list[Tree]:
    """The fitted trees as nerx.confidence reads them (leaf values already shrunk)."""
    trees = []
    for (predictor,) in model._predictors:
        trees.append([[round(float(node["value"]), 9)] if node["is_leaf"] else
                      [int(node["feature_idx"]), float(node["num_threshold"]),
                       int(node["left"]), int(node["right"])] for node in predictor.nodes])
    return trees


def main() -> None:
    # The pipeline scores every mention as it finishes; the fit does not need those scores,
    # and the shipped confidence.json may be for other features: score with no trees.
    confidence.calibration = lambda: Calibration(0.0, (), (), ())
    data = {name: rows(path) for name, path in DEV_SETS.items()}
    fit_x, fit_y, fit_docs = [], [], []
    for name, (xs, ys, docs) in data.items():
        fit_x += [x for x, d in zip(xs, docs, strict=True) if d % 2 == 0]
        fit_y += [y for y, d in zip(ys, docs, strict=True) if d % 2 == 0]
        fit_docs += [f"{name}#{d}" for d in docs if d % 2 == 0]
    x, y = np.array(fit_x), np.array(fit_y)
    model = HistGradientBoostingClassifier(max_iter=100, learning_rate=0.05, max_depth=3,
                                           min_samples_leaf=40, random_state=0)
    folds = GroupKFold(5, shuffle=True, random_state=0)
    raw = cross_val_predict(model, x, y, cv=folds, groups=fit_docs,
                            method="predict_proba")[:, 1]
    model.fit(x, y)
    isotonic = IsotonicRegression(y_min=0.01, y_max=0.99, out_of_bounds="clip").fit(raw, y)
    baseline = float(model._baseline_prediction.ravel()[0])
    fitted = Calibration(baseline, tuple(trees_of(model)),
                         tuple(float(v) for v in isotonic.X_thresholds_),
                         tuple(float(v) for v in isotonic.y_thresholds_))
    held: dict[str, dict[str, float]] = {}
    all_p, all_y = [], []
    for name, (xs, ys, docs) in data.items():
        keep = np.array([d % 2 == 1 for d in docs])
        p = np.array(fitted.probabilities(xs))
        assert np.allclose(p, isotonic.predict(model.predict_proba(np.array(xs))[:, 1]))
        p = np.round(p[keep], 3)
        right = np.array(ys)[keep]
        held[name] = report(name, p, right)
        all_p.append(p)
        all_y.append(right)
    held["all"] = report("all", np.concatenate(all_p), np.concatenate(all_y))
    result = {
        "model": models.model_name(models.load(None)),
        "fitted_on": "even-numbered documents of " + ", ".join(DEV_SETS),
        "held_out": held,
        "features": FEATURES,
        "baseline": baseline,
        "isotonic": {"x": fitted.xs, "y": fitted.ys},
        "trees": fitted.trees,
    }
    # Indented down to the tree, each tree on one line: readable, and a fit's diff stays small.
    lines = orjson.dumps(result, option=orjson.OPT_INDENT_2).decode().split("\n")
    text = "\n".join(lines[:lines.index('  "trees": [') + 1]) + "\n"
    text += ",\n".join("    " + orjson.dumps(tree).decode() for tree in fitted.trees)
    OUT.write_text(text + "\n  ]\n}\n")


if __name__ == "__main__":
    main()
