from __future__ import annotations

import orjson
from typer.testing import CliRunner

from nerx.cli import app
from nerx.records import ArticleRecord
from nerx.summary import summarize

runner = CliRunner()


def _record(article: str, *entities: tuple[str, str, int, list[str]]) -> ArticleRecord:
    return ArticleRecord(
        id=article, source=article, chars=100, model="m", meta={}, mentions=[], warnings=[],
        entities=[{"name": name, "label": label, "count": count, "aliases": aliases, "first": 0,
                   "salience": 0.5, "mentions": []} for name, label, count, aliases in entities])


RECORDS = [
    _record("a", ("Angela Merkel", "PERSON", 3, ["Merkel"]), ("Berlin", "PLACE", 1, [])),
    _record("b", ("angela merkel", "PERSON", 1, []), ("Berlin", "PLACE", 2, ["BERLIN"]),
            ("Acme", "ORG", 1, [])),
    _record("c", ("Angela Merkel", "PERSON", 1, ["Dr Merkel"]), ("Acme", "ORG", 1, [])),
]


def test_entities_across_articles_with_aliases_merged() -> None:
    summary = summarize(RECORDS)
    assert summary.entities[0] == {"name": "Angela Merkel", "label": "PERSON", "articles": 3,
                                   "mentions": 5,
                                   "aliases": ["Dr Merkel", "Merkel", "angela merkel"]}
    assert [(e["name"], e["articles"]) for e in summary.entities[1:]] == [
        ("Berlin", 2), ("Acme", 2)]


def test_a_corpus_name_is_in_capitals_only_where_no_article_writes_it_otherwise() -> None:
    records = [_record(article, (name, "ORG", 1, [])) for article, name in
               [("a", "BALTIMORE"), ("b", "BALTIMORE"), ("c", "Baltimore"), ("d", "NATO"),
                ("e", "NATO"), ("f", "Nato")]]
    assert [e["name"] for e in summarize(records).entities] == ["Baltimore", "NATO"]


def test_pairs_top_and_labels() -> None:
    summary = summarize(RECORDS, top=2)
    assert [(p["name"], p["other"], p["articles"]) for p in summary.pairs] == [
        ("Angela Merkel", "Berlin", 2), ("Acme", "Angela Merkel", 2)]
    assert len(summary.entities) == 2
    people = summarize(RECORDS, labels=frozenset({"PERSON"}))
    assert [e["name"] for e in people.entities] == ["Angela Merkel"] and people.pairs == []


def test_summarize_command_reads_jsonl_from_stdin() -> None:
    lines = b"".join(orjson.dumps(r) + b"\n" for r in RECORDS).decode()
    result = runner.invoke(app, ["summarize", "--format", "jsonl", "--top", "1"], input=lines)
    assert result.exit_code == 0
    rows = [orjson.loads(line) for line in result.stdout.splitlines()]
    assert [(r["type"], r["name"]) for r in rows] == [("entity", "Angela Merkel"),
                                                      ("pair", "Angela Merkel")]


def test_summarize_command_reads_files_and_articles(tmp_path, ruler_model: str) -> None:  # type: ignore[no-untyped-def]
    records = tmp_path / "out.jsonl"
    records.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in RECORDS))
    (tmp_path / "art.txt").write_text("Joe Biden met Angela Merkel in Berlin.")
    result = runner.invoke(app, ["summarize", str(records), str(tmp_path / "art.txt"),
                                 "-m", ruler_model, "--format", "csv", "--labels", "PERSON"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "type,name,label,articles,mentions,aliases,other,other_label,places"
    assert lines[1].startswith("entity,Angela Merkel,PERSON,4,6,")
    table = runner.invoke(app, ["summarize", str(records), "--format", "table"])
    assert "Angela Merkel" in table.stdout and "appear together" in table.stdout


def test_summarize_rejects_lines_that_are_not_records() -> None:
    result = runner.invoke(app, ["summarize"], input='{"text": "hello"}\n')
    assert result.exit_code == 1
    assert result.stderr == "Error: -:1: not a nerx record (no 'entities' list)\n"


def test_summarize_reports_bad_input_like_extract(tmp_path, ruler_model: str) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "bin.txt").write_bytes(bytes(range(256)) * 40)
    good = b"".join(orjson.dumps(r) + b"\n" for r in RECORDS)
    (tmp_path / "bad.jsonl").write_bytes(good + b'{"id": "x", broken\n' + good[:10] + b"\n")
    result = runner.invoke(app, ["summarize", str(tmp_path / "bin.txt"),
                                 str(tmp_path / "bad.jsonl"), "-m", ruler_model,
                                 "--format", "jsonl"])
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert errors[0].startswith(f"Error: {tmp_path / 'bad.jsonl'}:4: invalid JSON")
    assert errors[1].startswith(f"Error: {tmp_path / 'bad.jsonl'}:5: invalid JSON")
    assert errors[2] == f"Error: {tmp_path / 'bin.txt'}: looks like a binary file, not text"
    rows = [orjson.loads(line) for line in result.stdout.splitlines()]
    assert rows[0]["name"] == "Angela Merkel" and rows[0]["articles"] == 3


def test_summarize_reads_a_folder_of_nerx_output_and_takes_glob(tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    out.mkdir()
    for record in RECORDS:
        (out / f"{record['id']}.jsonl").write_bytes(orjson.dumps(record) + b"\n")
    (out / "notes.txt").write_text("not read: --glob says so")
    result = runner.invoke(app, ["summarize", str(out), "--glob", "*.jsonl", "-f", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [orjson.loads(line) for line in result.stdout.splitlines()]
    assert (rows[0]["name"], rows[0]["articles"]) == ("Angela Merkel", 3)
    empty = runner.invoke(app, ["summarize", str(out), "--glob", "*.csv"])
    assert empty.exit_code == 1
    assert empty.stderr.startswith("Error: no articles or records in")
