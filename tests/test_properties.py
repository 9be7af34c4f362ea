"""Property tests: offsets, overlaps and entity indices for any text; no traceback for any file."""

from __future__ import annotations

import itertools
import re
import tempfile
from pathlib import Path

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc, Span
from typer.testing import CliRunner

from nerx.cli import app
from nerx.header import parse_header
from nerx.models import load
from nerx.options import Options
from nerx.pipeline import process
from nerx.reader import Article
from nerx.records import Mention
from nerx.refine import refine

NAMES = ["Angela Merkel", "Merkel", "Joe Biden", "Acme Corp", "the Acme Corp", "Berlin",
         "BERLIN", "Rhine", "Pakistan's", "Pakistan", "German", "Tehreek-e-Berlin Rhine"]
pieces = st.one_of(st.sampled_from(NAMES), st.text(max_size=12),
                   st.sampled_from([" ", "\n\n", "-", "'s", " (", ") ", ". ", "\u2019s", "e-"]))
texts = st.lists(pieces, max_size=40).map("".join)
runner = CliRunner()
LABELS = ["PERSON", "ORG", "PLACE", "DATE"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, piece_chars=st.integers(min_value=20, max_value=400))
def test_mentions_and_entities_are_consistent(ruler_model: str, text: str,
                                              piece_chars: int) -> None:
    nlp = load(ruler_model)
    [result] = process([Article(id="a", source="a", text=text)], nlp,
                       Options(piece_chars=piece_chars, labels=frozenset(
                           {"PERSON", "ORG", "PLACE", "NORP"})))
    record = result.record
    mentions = record["mentions"]
    for mention in mentions:
        assert text[mention["start"]:mention["end"]] == mention["text"]
        assert mention["text"].strip()
    for before, after in itertools.pairwise(mentions):
        assert before["end"] <= after["start"]
    indices = sorted(i for entity in record["entities"] for i in entity["mentions"])
    assert indices == list(range(len(mentions)))
    for entity in record["entities"]:
        assert entity["count"] == len(entity["mentions"])
        assert 0.0 <= entity["salience"] <= 1.0
        assert {mentions[i]["label"] for i in entity["mentions"]} == {entity["label"]}


SUFFIXES = [".txt", ".jsonl", ".json", ".html", ".md"]


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(files=st.lists(st.tuples(st.sampled_from(SUFFIXES),
                                st.one_of(st.binary(max_size=300),
                                          st.text(max_size=200).map(str.encode))),
                      min_size=1, max_size=4))
def test_garbage_files_never_give_a_traceback(ruler_model: str,
                                             files: list[tuple[str, bytes]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for number, (suffix, data) in enumerate(files):
            (Path(folder) / f"{number}{suffix}").write_bytes(data)
        result = runner.invoke(app, ["extract", folder, "-m", ruler_model, "-f", "jsonl",
                                     "--glob", "*"])
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert all(line.startswith(("Error: ", "Warning: ")) for line in result.stderr.splitlines())
    assert len(result.stdout.splitlines()) >= 1


@settings(max_examples=200, deadline=None)
@given(text=texts, data=st.data())
def test_mention_rules_keep_mentions_exact_and_apart(text: str, data: st.DataObject) -> None:
    # The model found any subset of the names, with any labels: the document-level rules
    # (propagation, surnames, acronyms, ...) must still give exact, ordered, disjoint mentions.
    pattern = re.compile("|".join(re.escape(name) for name in sorted(NAMES, key=len,
                                                                       reverse=True)))
    found = [match for match in pattern.finditer(text)
             if data.draw(st.booleans(), label=f"keep {match.span()}")]
    mentions = [Mention(text=match.group(), label=data.draw(st.sampled_from(LABELS)),
                        model_label="X", start=match.start(), end=match.end(), sentence=0)
                for match in found]
    starts = sorted({0, *(match.end() for match in re.finditer(r"\. ", text))})
    out = refine(text, mentions, parse_header(text), sentence_starts=starts)
    for mention in out:
        assert text[mention["start"]:mention["end"]] == mention["text"]
        assert 0 <= mention["sentence"] < len(starts)
    for before, after in itertools.pairwise(out):
        assert before["end"] <= after["start"]


def _selected(record: dict, labels: set[str]) -> tuple[list, list]:  # type: ignore[type-arg]
    """A record's mentions and entities whose label is in `labels`, mention indices
    renumbered as nerx renumbers them."""
    keep = [i for i, m in enumerate(record["mentions"]) if m["label"] in labels]
    new = {old: i for i, old in enumerate(keep)}
    entities = [{**e, "mentions": [new[i] for i in e["mentions"]]}
                for e in record["entities"] if e["label"] in labels]
    return [record["mentions"][i] for i in keep], entities


@pytest.mark.slow
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, labels=st.sets(st.sampled_from(["PERSON", "ORG", "PLACE", "NORP"]),
                                  min_size=1))
def test_labels_only_select_what_is_written(ruler_model: str, text: str,
                                            labels: set[str]) -> None:
    """For any label set L, the output is exactly the mentions and entities with a label in L
    of the run with every label: the article-wide rules see every mention whatever L is."""
    nlp = load(ruler_model)
    article = Article(id="a", source="a", text="BERLIN - " + text)
    every = frozenset({"PERSON", "ORG", "PLACE", "NORP"})
    [full] = process([article], nlp, Options(labels=every))
    [chosen] = process([article], nlp, Options(labels=frozenset(labels)))
    mentions, entities = _selected(dict(full.record), labels)
    assert chosen.record["mentions"] == mentions
    assert chosen.record["entities"] == entities
    if labels <= {"PERSON", "ORG", "PLACE"}:
        [default] = process([article], nlp, Options())
        assert (chosen.record["mentions"], chosen.record["entities"]) == _selected(
            dict(default.record), labels)


@Language.component("nerx_test_sloppy_ner")
def _sloppy_ner(doc: Doc) -> Doc:
    """A careless NER: from each capitalised word or punctuation mark, a span of one to three
    tokens, whatever they are (blank lines, full stops, quotes)."""
    spans = []
    index = 0
    while index < len(doc):
        token = doc[index]
        if token.text[:1].isupper() or token.is_punct or token.is_space:
            end = min(len(doc), index + 1 + index % 3)
            spans.append(Span(doc, index, end, label="ORG"))
            index = end
        else:
            index += 1
    doc.ents = spans
    return doc


SLOPPY = ["Berlin", "Merkel", "Acme", "visited", "the", "and", " ", " ", ". ", ", ", "\n",
          "\n\n", " \n \n", '"', "\u201c", "\u201d", "(", ")", "!", "? ", ": ", "; ", "Berlin's"]


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(st.sampled_from(SLOPPY), max_size=40))
def test_mentions_are_clean_whatever_the_model_says(pieces: list[str]) -> None:
    """A mention never starts or ends with blank space or sentence punctuation and never
    crosses a paragraph break, for any model (here one that tags spans carelessly)."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("nerx_test_sloppy_ner")
    text = "".join(pieces)
    [result] = process([Article(id="a", source="a", text=text)], nlp, Options())
    for mention in result.record["mentions"]:
        name = mention["text"]
        assert name == text[mention["start"]:mention["end"]]
        assert name == name.strip() and name
        assert name[0] not in ".,;:!?" and name[-1] not in ".,;:!?"
        assert re.search(r"\n\s*\n", name) is None
        if name[-1] in ")\u201d\"":
            assert any(opener in name[:-1] for opener in "(\u201c\"")
