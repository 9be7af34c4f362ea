"""Confidence on every mention and entity; --min-confidence; the calibration figures."""

from __future__ import annotations

import json
import math
from pathlib import Path

import orjson
import pytest
import spacy
from typer.testing import CliRunner

from nerx import extract_text
from nerx.cli import app
from nerx.confidence import FEATURES, UNCERTAIN, Calibration, calibration
from nerx.evaluate import Evaluation

runner = CliRunner()
TEXT = ("Angela Merkel met Joe Biden in Berlin. Merkel said the Acme Corp plant near the Rhine "
        "would stay open, and 3M Co was mentioned in passing.")


@pytest.fixture(scope="module")
def unsure_model(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A ruler pipeline that also tags "3M Co" (a short name with a digit, named once): a
    mention nerx should doubt."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler", name="ner")
    ruler.add_patterns([  # type: ignore[attr-defined]
        {"label": "PERSON", "pattern": "Angela Merkel"}, {"label": "PERSON", "pattern": "Merkel"},
        {"label": "PERSON", "pattern": "Joe Biden"}, {"label": "GPE", "pattern": "Berlin"},
        {"label": "ORG", "pattern": "Acme Corp"}, {"label": "LOC", "pattern": "Rhine"},
        {"label": "ORG", "pattern": "3M Co"}])
    path = tmp_path_factory.mktemp("models") / "unsure"
    nlp.to_disk(path)
    return str(path)


def test_every_mention_and_entity_has_a_confidence_in_0_1(unsure_model: str) -> None:
    record = extract_text(TEXT, model=unsure_model)
    assert record["mentions"] and record["entities"]
    assert all(0.0 < m["confidence"] < 1.0 for m in record["mentions"])
    for entity in record["entities"]:
        assert entity["confidence"] == max(record["mentions"][i]["confidence"]
                                           for i in entity["mentions"])


def test_a_short_name_with_a_digit_is_less_sure_than_a_repeated_name(unsure_model: str) -> None:
    mentions = {m["text"]: m["confidence"] for m in extract_text(TEXT, model=unsure_model)
                ["mentions"]}
    assert mentions["3M Co"] < UNCERTAIN < mentions["Merkel"]


def test_min_confidence_keeps_only_sure_mentions_and_their_entities(unsure_model: str) -> None:
    every = extract_text(TEXT, model=unsure_model)
    sure = extract_text(TEXT, model=unsure_model, min_confidence=UNCERTAIN)
    assert [m for m in every["mentions"] if m["confidence"] >= UNCERTAIN] == sure["mentions"]
    assert "3M Co" not in {e["name"] for e in sure["entities"]}
    for entity in sure["entities"]:
        assert entity["count"] == len(entity["mentions"])
        assert all(sure["mentions"][i]["label"] == entity["label"] for i in entity["mentions"])
    assert extract_text(TEXT, model=unsure_model, min_confidence=0.0) == every


def test_cli_min_confidence_on_extract_summarize_and_report(unsure_model: str,
                                                             tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT)
    base = [str(tmp_path / "a.txt"), "-m", unsure_model]
    result = runner.invoke(app, ["extract", *base, "-f", "jsonl", "--records", "mentions",
                                 "--min-confidence", "0.5"])
    assert result.exit_code == 0, result.stderr
    rows = [orjson.loads(line) for line in result.stdout.splitlines()]
    assert rows and all(row["confidence"] >= 0.5 for row in rows)
    assert "3M Co" not in {row["text"] for row in rows}
    records = tmp_path / "records.jsonl"
    runner.invoke(app, ["extract", *base, "-f", "jsonl", "-o", str(records)])
    summary = runner.invoke(app, ["summarize", str(records), "-f", "jsonl",
                                  "--min-confidence", "0.5"])
    assert "3M Co" not in summary.stdout and "Merkel" in summary.stdout
    every = runner.invoke(app, ["summarize", str(records), "-f", "jsonl"])
    assert "3M Co" in every.stdout
    html = tmp_path / "r.html"
    runner.invoke(app, ["report", *base, "-o", str(html), "--min-confidence", "0.5"])
    assert 'class="ent uncertain"' not in html.read_text()
    bad = runner.invoke(app, ["extract", *base, "--min-confidence", "2"])
    assert bad.exit_code == 2


def test_report_and_show_mark_uncertain_mentions(unsure_model: str, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT)
    html = tmp_path / "r.html"
    runner.invoke(app, ["report", str(tmp_path / "a.txt"), "-m", unsure_model, "-o", str(html)])
    page = html.read_text()
    uncertain = page[page.index('<mark class="ent uncertain"'):]
    assert uncertain[:uncertain.index("</mark>")].count("3M Co") == 1
    assert 'title="ORG, confidence 0.' in uncertain[:200]
    shown = runner.invoke(app, ["show", str(tmp_path / "a.txt"), "-m", unsure_model]).stdout
    assert "[3M Co]{ORG?}" in shown and "[Merkel]{PERSON}" in shown


def test_csv_and_table_carry_the_confidence(unsure_model: str, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT)
    base = ["extract", str(tmp_path / "a.txt"), "-m", unsure_model]
    for records in ("mentions", "entities"):
        csv = runner.invoke(app, [*base, "-f", "csv", "--records", records]).stdout
        assert "confidence" in csv.splitlines()[0].split(",")
    table = runner.invoke(app, [*base, "-f", "table"]).stdout
    assert "Conf." in table


def test_expected_calibration_error_and_thresholds() -> None:
    evaluation = Evaluation(model="m", files=[])
    evaluation.scored = [(0.95, True), (0.95, False), (0.25, False), (0.25, False)]
    # Two bins: 0.95 said, half right (0.45 off); 0.25 said, none right (0.25 off).
    assert evaluation.ece == pytest.approx((2 * 0.45 + 2 * 0.25) / 4)
    bins = {b.low: b.as_dict() for b in evaluation.reliability}
    assert bins[0.9]["mentions"] == 2 and bins[0.9]["precision"] == 0.5
    at = dict(evaluation.at_thresholds())
    assert at[0.9].tp == 1 and at[0.9].fp == 1
    assert at[0.0].tp + at[0.0].fp == 4


def test_evaluate_json_reports_the_calibration(unsure_model: str, tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    start = TEXT.index("Berlin")
    gold.write_text(json.dumps({"id": "g", "text": TEXT, "spans": [
        {"start": 0, "end": 13, "label": "PER"}, {"start": start, "end": start + 6,
                                                  "label": "LOC"}]}) + "\n")
    result = runner.invoke(app, ["evaluate", str(gold), "-m", unsure_model, "-f", "json"])
    data = orjson.loads(result.stdout)
    assert 0 <= data["calibration"]["ece"] <= 1
    assert sum(b["mentions"] for b in data["calibration"]["bins"]) == data["micro"]["tp"] + \
        data["micro"]["fp"]
    assert [t["min_confidence"] for t in data["thresholds"]][:2] == [0.0, 0.5]
    table = runner.invoke(app, ["evaluate", str(gold), "-m", unsure_model]).stdout
    assert "expected calibration error" in table


def test_the_shipped_calibration_is_monotone() -> None:
    fitted = calibration()
    assert list(fitted.ys) == sorted(fitted.ys)
    assert fitted.ys[0] > 0 and fitted.ys[-1] < 1


def test_the_trees_add_the_leaf_each_row_reaches() -> None:
    # One tree splitting on the second feature at 0.5: left leaf -2, right leaf +2 (log-odds).
    fitted = Calibration(0.5, ([[1, 0.5, 1, 2], [-2.0], [2.0]],), (), ())
    assert fitted.probability([1.0, 0.5]) == pytest.approx(1 / (1 + math.exp(1.5)))
    assert fitted.probability([1.0, 0.9]) == pytest.approx(1 / (1 + math.exp(-2.5)))


def test_the_shipped_trees_read_nerx_features() -> None:
    fitted = calibration()
    splits = [node for tree in fitted.trees for node in tree if len(node) == 4]
    assert splits and all(0 <= node[0] < len(FEATURES) for node in splits)
    assert all(0.01 <= fitted.probability(row) <= 0.99
               for row in ([0.0] * len(FEATURES), [1.0] * len(FEATURES)))
