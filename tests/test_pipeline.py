from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from nerx import extract, extract_text
from nerx.api import run
from nerx.errors import ModelError, UsageError
from nerx.models import load
from nerx.options import Options
from nerx.pipeline import process, split_text
from nerx.reader import Article


def _check_offsets(text: str, record) -> None:  # type: ignore[no-untyped-def]
    for mention in record["mentions"]:
        assert text[mention["start"]:mention["end"]] == mention["text"]


def test_mentions_labels_offsets_and_sentences(ruler_model: str) -> None:
    text = "Angela Merkel flew to Berlin. The German leader met Joe Biden by the Rhine."
    record = extract_text(text, model=ruler_model)
    got = [(m["text"], m["label"], m["model_label"], m["sentence"]) for m in record["mentions"]]
    assert got == [("Angela Merkel", "PERSON", "PERSON", 0), ("Berlin", "PLACE", "GPE", 0),
                   ("Joe Biden", "PERSON", "PERSON", 1), ("Rhine", "PLACE", "LOC", 1)]
    _check_offsets(text, record)
    assert record["chars"] == len(text)
    assert record["model"] == "en_ruler_test-0.0.1"


def test_raw_model_labels_can_be_asked_for(ruler_model: str) -> None:
    record = extract_text("The German team in Berlin.", model=ruler_model, labels="NORP")
    assert [(m["text"], m["label"]) for m in record["mentions"]] == [("German", "NORP")]


def test_unknown_label_is_a_usage_error(ruler_model: str) -> None:
    with pytest.raises(UsageError, match="WIDGET"):
        extract_text("x", model=ruler_model, labels="PERSON,WIDGET")


def test_unknown_model_is_a_model_error() -> None:
    with pytest.raises(ModelError, match="unknown model"):
        load("no_such_model_anywhere")


def test_leading_the_and_possessive_are_trimmed(ruler_model: str) -> None:
    text = "The Acme Corp said Pakistan's envoy left. Acme Corp agreed."
    record = extract_text(text, model=ruler_model)
    assert [m["text"] for m in record["mentions"]] == ["Acme Corp", "Pakistan", "Acme Corp"]
    _check_offsets(text, record)


def test_pipeline_trained_by_nerx_keeps_its_own_span_boundaries(ruler_model: str,
                                                                  tmp_path: Path) -> None:
    import shutil

    import orjson

    own = tmp_path / "own"
    shutil.copytree(ruler_model, own)
    meta = orjson.loads((own / "meta.json").read_bytes())
    meta["nerx"] = {"trim_spans": False}  # what `nerx train` writes
    (own / "meta.json").write_bytes(orjson.dumps(meta))
    text = "The Acme Corp said Pakistan's envoy left. Acme Corp agreed."
    record = extract_text(text, model=str(own))
    assert [m["text"] for m in record["mentions"]] == ["The Acme Corp", "Pakistan's",
                                                       "Acme Corp"]
    _check_offsets(text, record)
    assert [e["name"] for e in record["entities"]] == ["Acme Corp", "Pakistan"]


def test_split_text_pieces_cover_the_text_at_boundaries() -> None:
    text = ("First paragraph here.\n\nSecond one. It has two sentences. " * 50).strip()
    pieces = split_text(text, 200)
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= 200 for _, piece in pieces)
    assert all(text[offset:offset + len(piece)] == piece for offset, piece in pieces)
    assert all(piece.endswith(("\n\n", " ")) for _, piece in pieces[:-1])


def test_split_text_without_spaces_cuts_hard() -> None:
    text = "x" * 1050
    assert [len(piece) for _, piece in split_text(text, 500)] == [500, 500, 50]


def test_long_article_in_pieces_keeps_offsets_and_sentences(ruler_model: str) -> None:
    paragraph = "Angela Merkel visited Berlin. Joe Biden stayed by the Rhine.\n\n"
    text = paragraph * 400
    nlp = load(ruler_model)
    settings = Options(piece_chars=1000)
    [result] = process([Article(id="a", source="a", text=text)], nlp, settings)
    whole = next(iter(process([Article(id="a", source="a", text=text)], nlp, Options())))
    assert result.record["mentions"] == whole.record["mentions"]
    assert len(result.record["mentions"]) == 1600
    _check_offsets(text, result.record)
    assert result.record["mentions"][-1]["sentence"] == 799


def test_error_and_empty_articles_keep_their_place(ruler_model: str) -> None:
    articles = [Article(id="1", source="s", text="Berlin"),
                Article(id="2", source="s", error="broken"),
                Article(id="3", source="s", text="   "),
                Article(id="4", source="s", text="Merkel"),
                Article(id="5", source="s", error="broken too")]
    records = [result.record for result in run(articles, model=ruler_model)]
    assert [r["id"] for r in records] == ["1", "2", "3", "4", "5"]
    assert records[1]["error"] == "broken" and records[1]["mentions"] == []
    assert records[2]["warnings"] == ["empty article: no text to process"]
    assert [m["text"] for m in records[3]["mentions"]] == ["Merkel"]


def test_workers_and_batch_size_do_not_change_the_output(ruler_model: str, write) -> None:
    paths = [write(f"{i:03}.txt", f"Angela Merkel {i} in Berlin.\n\nThe Acme Corp.")
             for i in range(40)]
    one = list(extract(paths, model=ruler_model, batch_size=64, workers=1))
    two = list(extract(paths, model=ruler_model, batch_size=3, workers=2))
    assert one == two
    assert [r["source"] for r in two] == paths


def test_include_text(ruler_model: str, write) -> None:
    [record] = extract(write("a.txt", "Berlin"), model=ruler_model, include_text=True)
    assert record["text"] == "Berlin"


def test_stop_kills_the_workers_of_a_running_pool(ruler_model: str) -> None:
    from nerx import workers

    articles = (Article(id=str(i), source="-", text="Merkel met Biden.") for i in range(200))
    results = run(articles, model=ruler_model, workers=2, batch_size=2)
    assert next(results).record["id"] == "0"
    processes = list(workers._LIVE)
    assert len(processes) == 2
    workers.stop()
    for worker in processes:
        worker.join(timeout=10)
        assert not worker.is_alive()
    results.close()
    assert set() == workers._LIVE


def test_closing_the_results_early_kills_the_workers_at_once(ruler_model: str) -> None:
    from nerx import workers

    articles = (Article(id=str(i), source="-", text="Merkel met Biden. " * 200)
                for i in range(10_000))
    results = run(articles, model=ruler_model, workers=2, batch_size=4)
    next(results)
    processes = list(workers._LIVE)
    results.close()
    assert set() == workers._LIVE
    assert all(not process.is_alive() for process in processes)


def test_a_worker_that_dies_costs_its_batch_error_records_not_the_run(ruler_model: str) -> None:
    import os
    import signal

    from nerx import workers

    articles = [Article(id=str(i), source=f"a{i}.txt", text="Merkel met Biden in Berlin.")
                for i in range(60)]
    results = run(iter(articles), model=ruler_model, workers=2, batch_size=2)
    first = [next(results) for _ in range(2)]
    for worker in list(workers._LIVE):
        os.kill(worker.pid, signal.SIGKILL)
    rest = list(results)
    records = [result.record for result in [*first, *rest]]
    assert [record["id"] for record in records] == [str(i) for i in range(60)]
    failed = [record for record in records if "error" in record]
    assert failed and all("worker process" in record["error"] for record in failed)
    assert records[-1]["mentions"] and "error" not in records[-1]
    assert len(failed) <= 2 * 2 * 2  # at most the batches in flight when they died


def test_an_article_over_the_limit_becomes_parts_that_cover_it() -> None:
    from nerx.reader import split_article

    text = "Angela Merkel visited Berlin.\n\nJoe Biden stayed. " * 100
    article = Article(id="big.txt", source="big.txt", text=text, meta={"url": "u"})
    parts = list(split_article(article, limit=1000))
    assert len(parts) == 5 and all(len(part.text) <= 1000 for part in parts)
    assert "".join(part.text for part in parts) == text
    for number, part in enumerate(parts, 1):
        assert part.id == f"big.txt#{number}" and part.source == "big.txt"
        assert part.meta["url"] == "u" and part.meta["part"] == number
        assert part.meta["parts"] == len(parts)
        start = part.meta["offset"]
        assert text[start:start + len(part.text)] == part.text
        assert f"this is part {number}" in part.warnings[0]
    assert list(split_article(Article(id="s", source="s", text="short"))) == [
        Article(id="s", source="s", text="short")]
    # Blank space at the end is kept in the last part, never a part of its own.
    padded = list(split_article(replace(article, text=text + " " * 900 + "\n" * 300),
                                limit=1000))
    assert all(part.text.strip() for part in padded) and len(padded[-1].text) > 1000
    assert "".join(part.text for part in padded) == text + " " * 900 + "\n" * 300


@pytest.mark.slow
def test_a_huge_file_is_read_as_records_of_bounded_size(write, ruler_model: str) -> None:
    from nerx.reader import MAX_ARTICLE_CHARS

    text = "Angela Merkel visited Berlin. " * (MAX_ARTICLE_CHARS // 30 + 2000)
    records = list(extract(write("huge.txt", text), model=ruler_model))
    assert [r["id"] for r in records] == [f"{records[0]['source']}#1",
                                          f"{records[0]['source']}#2"]
    assert sum(r["chars"] for r in records) == len(text)
    for record in records:
        start = record["meta"]["offset"]
        part = text[start:start + record["chars"]]
        assert all(part[m["start"]:m["end"]] == m["text"] for m in record["mentions"])
    assert len(records[0]["mentions"]) + len(records[1]["mentions"]) == text.count(" Berlin") * 2


@pytest.mark.parametrize("workers", [1, 2])
def test_progress_counts_characters_within_a_long_article(ruler_model: str,
                                                          workers: int) -> None:
    seen: list[int] = []
    text = "Angela Merkel visited Berlin.\n\n" * 300
    articles = [Article(id=str(i), source="s", text=text) for i in range(3)]
    options = Options(model=ruler_model, piece_chars=1000, workers=workers, batch_size=1,
                      progress=seen.append)
    records = [result.record for result in run(articles, options)]
    assert len(records) == 3
    assert sum(seen) == 3 * len(text)
    assert len(seen) == (3 * len(split_text(text, 1000)) if workers == 1 else 3)


def test_select_keeps_a_model_label_only_where_nerx_kept_its_meaning() -> None:
    from nerx.pipeline import select
    from nerx.records import Entity, Mention

    mentions = [Mention(text="John Smith", label="PERSON", model_label="PERSON", start=0,
                        end=10, sentence=0),
                Mention(text="Smith", label="PERSON", model_label="ORG", start=20, end=25,
                        sentence=0),
                Mention(text="Paris", label="PLACE", model_label="GPE", start=30, end=35,
                        sentence=0),
                Mention(text="Alps", label="PLACE", model_label="LOC", start=40, end=44,
                        sentence=0)]
    entities = [Entity(name="John Smith", label="PERSON", count=2, aliases=["Smith"], first=0,
                       salience=1.0, mentions=[0, 1]),
                Entity(name="Paris", label="PLACE", count=2, aliases=["Alps"], first=30,
                       salience=0.5, mentions=[2, 3])]
    assert select(mentions, entities, frozenset({"ORG"})) == ([], [])
    kept, found = select(mentions, entities, frozenset({"LOC"}))
    assert [m["text"] for m in kept] == ["Alps"]
    assert [(e["name"], e["count"], e["first"], e["mentions"]) for e in found] == [
        ("Paris", 1, 40, [0])]
