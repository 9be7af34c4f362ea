"""nerx's mention rules as a spaCy component: `doc.ents` holds what `nerx extract` writes."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from nerx.api import extract_text
from nerx.options import Options
from nerx.pipeline import process
from nerx.reader import Article

ROOT = Path(__file__).resolve().parents[1]
TEXT = ("BERLIN (Reuters) - Angela Merkel met Joe Biden in Berlin on Monday.\n\n"
        "Merkel said the Acme Corp deal was done. Mr Biden flew home to Washington.")


def _ents(doc: spacy.tokens.Doc) -> list[tuple[int, int, str]]:
    return [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]


def _mentions(record: dict) -> list[tuple[int, int, str]]:  # type: ignore[type-arg]
    return [(m["start"], m["end"], m["label"]) for m in record["mentions"]]


def test_the_component_gives_the_mentions_nerx_writes(ruler_model: str) -> None:
    plain = spacy.load(ruler_model)
    [result] = process([Article(id="a", source="a", text=TEXT)], plain, Options())
    nlp = spacy.load(ruler_model)
    nlp.add_pipe("nerx_mentions")  # found through nerx's spacy_factories entry point
    assert _ents(nlp(TEXT)) == _mentions(dict(result.record)) != _ents(plain(TEXT))
    assert {ent.label_ for ent in nlp(TEXT).ents} <= {"PERSON", "ORG", "PLACE"}


@pytest.mark.slow
def test_spacy_load_of_the_default_pipeline_gives_nerx_mentions() -> None:
    nlp = spacy.load(ROOT / "models" / "nerx-news-en")
    assert nlp.pipe_names == ["sentencizer", "ner", "nerx_mentions"]
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert _ents(nlp(text)) == _mentions(dict(extract_text(text)))
