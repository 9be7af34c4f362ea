"""nerx's mention rules as a spaCy component: `doc.ents` holds what `nerx extract` writes."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.tokens import DocBin

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
    assert nlp.pipe_names == ["sentencizer", "ner", "nerx_header", "nerx_mentions"]
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert _ents(nlp(text)) == _mentions(dict(extract_text(text)))


def test_word_lists_and_rules_live_in_the_component_config(ruler_model: str,
                                                           tmp_path: Path) -> None:
    nlp = spacy.load(ruler_model)
    default = nlp.add_pipe("nerx_mentions")
    assert default.words.never_names and "Co" in default.words.org_endings
    nlp.remove_pipe("nerx_mentions")
    nlp.add_pipe("nerx_mentions", config={"words": {"never_names": ["berlin"]},
                                          "rules_off": ["dateline"]})
    assert "Berlin" not in {ent.text for ent in nlp(TEXT).ents}
    assert nlp.get_pipe("nerx_mentions").words.org_endings == default.words.org_endings
    path = tmp_path / "custom"
    nlp.to_disk(path)  # the lists are saved with the pipeline ...
    again = spacy.load(path)
    assert "Berlin" not in {ent.text for ent in again(TEXT).ents}
    # ... and `nerx extract` with that pipeline uses them too
    record = extract_text(TEXT, model=str(path))
    assert "Berlin" not in {m["text"] for m in record["mentions"]}
    assert "Berlin" in {m["text"] for m in extract_text(TEXT, model=ruler_model)["mentions"]}


def test_rules_switched_off_in_a_saved_pipeline_are_off_in_nerx_extract(ruler_model: str,
                                                                       tmp_path: Path) -> None:
    nlp = spacy.load(ruler_model)
    nlp.add_pipe("nerx_mentions", config={"rules_off": ["dateline"]})
    path = tmp_path / "no-dateline"
    nlp.to_disk(path)
    text = TEXT.replace("BERLIN", "HAMBURG")  # a place only the dateline rule finds
    dateline = (0, 7, "PLACE")
    assert dateline not in _mentions(dict(extract_text(text, model=str(path))))
    assert dateline not in _ents(spacy.load(path)(text))
    assert dateline in _mentions(dict(extract_text(text, model=ruler_model)))


def test_the_header_component_reads_the_dateline_for_the_mention_rules(ruler_model: str) -> None:
    nlp = spacy.load(ruler_model)
    nlp.add_pipe("nerx_header")
    nlp.add_pipe("nerx_mentions")
    doc = nlp("date: 2023-07-22\n" + TEXT)
    header = doc._.nerx_header
    assert header["meta"] == {"date": "2023-07-22", "dateline": "Berlin"}
    assert doc.text[slice(*header["dateline"])] == "BERLIN"
    assert (header["dateline"][0], header["dateline"][1], "PLACE") in _ents(doc)


def test_a_docbin_saves_the_docs_of_nerx_pipeline(ruler_model: str) -> None:
    # What `python -m spacy apply` does with every doc: the header must be plain values.
    nlp = spacy.load(ruler_model)
    nlp.add_pipe("nerx_header")
    nlp.add_pipe("nerx_mentions")
    doc = nlp("date: 2023-07-22\n" + TEXT)
    docbin = DocBin(store_user_data=True)
    docbin.add(doc)
    (saved,) = DocBin().from_bytes(docbin.to_bytes()).get_docs(nlp.vocab)
    assert saved._.nerx_header == doc._.nerx_header
    assert _ents(saved) == _ents(doc)


def test_the_default_pipeline_config_holds_the_word_lists_the_code_defines() -> None:
    from spacy.util import load_config

    from nerx.refine import WORDS

    config = load_config(ROOT / "models" / "nerx-news-en" / "config.cfg", interpolate=False)
    assert config["components"]["nerx_mentions"]["words"] == WORDS.as_lists(), \
        "run `make words` to write nerx.refine.WORDS into models/nerx-news-en/config.cfg"
