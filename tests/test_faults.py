"""Never lose, never mix (issue 27): bad file names, ids, files that are not text, formula
cells, stale part files, repeated ids in the report, control characters."""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from nerx.cli import app
from nerx.header import Header
from nerx.records import Mention
from nerx.refine import refine
from nerx.report import render

runner = CliRunner()


def _jsonl(data: bytes) -> list[dict]:  # type: ignore[type-arg]
    return [orjson.loads(line) for line in data.splitlines()]


@pytest.mark.skipif(os.name != "posix", reason="file names as bytes")
@pytest.mark.parametrize("extra", [[], ["--workers", "2"], ["--format", "csv"],
                                   ["--records", "entities"]])
def test_a_file_name_that_is_not_utf8_costs_no_article(tmp_path: Path, ruler_model: str,
                                                       extra: list[str]) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "a.txt").write_text("Angela Merkel met Joe Biden.")
    (folder / "z.txt").write_text("Angela Merkel met Joe Biden.")
    with open(os.path.join(os.fsencode(folder), b"m\xff.txt"), "wb") as f:
        f.write(b"Boris Johnson in Berlin.")
    args = ["extract", str(folder), "--model", ruler_model, "--format", "jsonl", *extra]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "not valid UTF-8" in result.stderr
    if "csv" in extra:
        assert [row.split(",")[0].rsplit("/", 1)[-1] for row in result.stdout.splitlines()[1:]] \
            == ["a.txt", "m\\xff.txt", "z.txt"]
    else:
        names = [Path(r["id"]).name for r in _jsonl(result.stdout_bytes)]
        assert sorted(set(names)) == ["a.txt", "m\\xff.txt", "z.txt"]


def test_a_non_string_id_is_its_json_text(tmp_path: Path, ruler_model: str) -> None:
    source = tmp_path / "ids.jsonl"
    source.write_bytes(b'{"id": 123456789012345678901234567890, "text": "Berlin"}\n'
                       b'{"id": true, "text": "Berlin"}\n{"id": {"x": 1}, "text": "Berlin"}\n'
                       b'{"id": 7, "text": "Berlin"}\n{"id": 2.50, "text": "Berlin"}\n')
    result = runner.invoke(app, ["extract", str(source), "--model", ruler_model, "-f", "jsonl"])
    assert [r["id"] for r in _jsonl(result.stdout_bytes)] == [
        "123456789012345678901234567890", "true", '{"x":1}', "7", "2.50"]
    array = tmp_path / "ids.json"
    array.write_bytes(b'[{"id": 123456789012345678901234567890, "text": "a"}, '
                      b'{"id": false, "text": "b"}]')
    result = runner.invoke(app, ["extract", str(array), "--model", ruler_model, "-f", "jsonl"])
    assert [r["id"] for r in _jsonl(result.stdout_bytes)] == [
        "123456789012345678901234567890", "false"]


@pytest.mark.parametrize(("data", "kind"), [
    (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "a PDF document"),
    (b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "a ZIP archive or Office document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image")])
def test_a_document_renamed_txt_is_named_not_read(tmp_path: Path, ruler_model: str,
                                                  data: bytes, kind: str) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(data)
    (tmp_path / "ok.txt").write_text("Angela Merkel.")
    result = runner.invoke(app, ["extract", str(tmp_path), "--model", ruler_model, "-f", "jsonl"])
    assert result.exit_code == 1
    records = _jsonl(result.stdout_bytes)
    assert records[1]["error"].startswith(f"{path}: {kind}, not text")
    assert records[1]["mentions"] == [] and records[0]["mentions"]


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(tmp_path: Path,
                                                                ruler_model: str) -> None:
    source = tmp_path / "a.jsonl"
    lines = [{"id": '=HYPERLINK("http://x","y")', "text": "Angela Merkel."},
             {"id": "@SUM(1)", "text": "Berlin."}, {"id": "+cmd|' /C calc'!A0", "text": "x"},
             {"id": "-2", "text": "Berlin."}]
    source.write_bytes(b"".join(orjson.dumps(line) + b"\n" for line in lines))
    for records in ("articles", "mentions", "entities"):
        result = runner.invoke(app, ["extract", str(source), "--model", ruler_model,
                                     "--records", records, "--format", "csv"])
        rows = result.stdout.splitlines()[1:]
        formulas = [row for row in rows if not row.startswith("-2,")]  # a number stays one
        assert formulas and all(row.startswith(("\"'", "'")) for row in formulas), rows
        assert any(row.startswith("-2,") for row in rows) or (records == "mentions" and len(
            [r for r in rows if "Berlin" in r]) >= 1)
    summary = runner.invoke(app, ["summarize", str(source), "--model", ruler_model, "-f", "csv"])
    assert ",5," not in summary.stdout and "'=" not in summary.stdout  # names only


@pytest.mark.slow
def test_a_reused_output_dir_holds_this_runs_parts_only(tmp_path: Path,
                                                        ruler_model: str) -> None:
    out = tmp_path / "parts"
    out.mkdir()
    for name in ("part-00000.jsonl", "part-00007.jsonl", ".part-00003.jsonl.99.tmp",
                 "manifest.json", "notes.txt"):
        (out / name).write_text("old")
    failed = runner.invoke(app, ["extract", "seeds/", "--model", ruler_model, "--dask",
                                 "tcp://127.0.0.1:9", "--output-dir", str(out)])
    assert failed.exit_code == 1
    assert (out / "part-00007.jsonl").read_text() == "old"  # a failed run keeps the last one
    result = runner.invoke(app, ["extract", "seeds/", "--model", ruler_model, "--dask",
                                 "local:1", "--output-dir", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "notes.txt",
                                                     "part-00000.jsonl"]
    assert (out / "part-00000.jsonl").read_text() != "old"


def test_report_anchors_are_unique_when_ids_repeat() -> None:
    record = {"id": "a", "source": "a", "chars": 6, "hash": "", "model": "", "meta": {},
              "mentions": [], "entities": [], "warnings": []}
    html = render([(record, "Berlin"), (dict(record), "Berlin")])  # type: ignore[list-item]
    assert html.count('<article id="a0">') == 1 and html.count('<article id="a1">') == 1
    assert "1 articles share an id" in html


def test_no_control_character_ends_or_stands_inside_a_mention() -> None:
    text = "Angela Merkel\x00 met Joe\x07Biden."
    mentions = [Mention(text="Angela Merkel\x00", label="PERSON", model_label="PERSON",
                        start=0, end=14, sentence=0),
                Mention(text="Joe\x07Biden", label="PERSON", model_label="PERSON", start=19,
                        end=28, sentence=0)]
    assert [m["text"] for m in refine(text, mentions, Header())] == ["Angela Merkel", "Joe"]


def test_resume_with_other_options_is_refused_naming_the_difference(tmp_path: Path,
                                                                   ruler_model: str) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "a.txt").write_text("Angela Merkel met Joe Biden in Berlin.")
    out = tmp_path / "o.jsonl"
    base = ["extract", str(folder), "--model", ruler_model, "--output", str(out)]
    assert runner.invoke(app, base).exit_code == 0
    refused = runner.invoke(app, [*base, "--resume", "--labels", "PERSON"])
    assert refused.exit_code == 2
    assert refused.stderr.startswith("Error: --resume with other options than the run that "
                                     f"wrote {out} (labels ORG,PERSON,PLACE -> PERSON)")
    assert len(refused.stderr.splitlines()) == 1
    same = runner.invoke(app, [*base, "--resume"])
    assert same.exit_code == 0 and "Reused 1 record of 1" in same.stderr
    fresh = runner.invoke(app, [*base, "--labels", "PERSON"])  # no --resume: a new run
    assert fresh.exit_code == 0
    assert {m["label"] for m in _jsonl(out.read_bytes())[0]["mentions"]} == {"PERSON"}
    assert runner.invoke(app, [*base, "--labels", "PERSON", "--resume"]).exit_code == 0


def _small_files() -> None:
    import resource
    import signal

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (3000, 3000))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="resource limits")
@pytest.mark.parametrize("args", [["extract", "--output", "OUT.jsonl"],
                                  ["extract", "--output", "OUT.jsonl", "--workers", "2"],
                                  ["extract", "--format", "csv", "--output", "OUT.csv"],
                                  ["report", "-o", "OUT.html"]])
def test_a_full_disk_is_one_error_line_and_leaves_no_temporary_file(
        tmp_path: Path, ruler_model: str, args: list[str]) -> None:
    import subprocess
    import sys

    folder = tmp_path / "d"
    folder.mkdir()
    for number in range(40):
        (folder / f"{number:02}.txt").write_text(  # English enough to need no language model
            "Angela Merkel said that she would meet Joe Biden in Berlin, and that all of "
            "them were there for the talks. " * 3)
    out = tmp_path / "out"
    out.mkdir()
    command, *rest = args
    rest = [str(out / arg) if arg.startswith("OUT") else arg for arg in rest]
    proc = subprocess.run([sys.executable, "-m", "nerx", command, str(folder), "--model",
                           ruler_model, *rest], capture_output=True, preexec_fn=_small_files,
                          check=False)
    assert proc.returncode == 1, proc.stderr
    lines = proc.stderr.decode().splitlines()
    assert lines[-1].startswith("Error: file too large writing " + str(out)), lines
    assert "Traceback" not in proc.stderr.decode()
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]


def test_standard_output_on_a_full_device_is_one_error_line(ruler_model: str) -> None:
    import subprocess
    import sys

    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    for fmt in ("jsonl", "csv", "table"):
        with open("/dev/full", "wb") as full:
            proc = subprocess.run([sys.executable, "-m", "nerx", "extract", "seeds/", "--model",
                                   ruler_model, "--format", fmt], stdout=full,
                                  stderr=subprocess.PIPE, check=False)
        assert proc.returncode == 1
        assert proc.stderr.decode().splitlines()[-1] == \
            "Error: no space left on device writing standard output"
        assert "Traceback" not in proc.stderr.decode() and "ignored" not in proc.stderr.decode()


def test_output_through_a_named_pipe_and_a_link_keeps_them(tmp_path: Path,
                                                           ruler_model: str) -> None:
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = runner.invoke(app, ["extract", "seeds/", "--model", ruler_model, "--output",
                                 str(fifo)])
    reader.join(timeout=30)
    assert result.exit_code == 0 and fifo.is_fifo()
    assert _jsonl(received[0])[0]["id"].startswith("seeds/")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    target = tmp_path / "elsewhere" / "records.jsonl"
    target.parent.mkdir()
    target.write_text("old\n")
    link = tmp_path / "link.jsonl"
    link.symlink_to(target)
    for extra in ([], ["--format", "csv"]):
        result = runner.invoke(app, ["extract", "seeds/", "--model", ruler_model, "--output",
                                     str(link), *extra])
        assert result.exit_code == 0 and link.is_symlink() and link.resolve() == target
        assert target.read_bytes() != b"old\n"
    resumed = runner.invoke(app, ["extract", "seeds/", "--model", ruler_model, "--output",
                                  str(fifo), "--resume"])
    assert resumed.exit_code == 2 and "needs a regular file" in resumed.stderr


def _slow_on_stuck(batch: list[str]) -> list[str]:
    import time

    if "stuck" in batch:
        time.sleep(60)
    return [item.upper() for item in batch]


def test_a_stuck_worker_costs_only_the_item_it_is_stuck_on() -> None:
    from nerx import workers

    if not workers.available():
        pytest.skip("no fork")
    items = ["a", "b", "stuck", "c", "d", "e", "f"]
    out = [pair for batch in workers.run(
        items, _slow_on_stuck, lambda batch, why: [f"lost: {why}" for _ in batch], size=2,
        batch_size=3, timeout=lambda batch: 0.5 * len(batch)) for pair in batch]
    assert out == [("a", "A"), ("b", "B"), ("stuck", "lost: timed out after 0.5 s"),
                   ("c", "C"), ("d", "D"), ("e", "E"), ("f", "F")]


@pytest.mark.slow
def test_a_stopped_worker_does_not_hang_the_run(tmp_path: Path, ruler_model: str) -> None:
    import signal
    import subprocess
    import sys
    import time

    import psutil

    folder = tmp_path / "big"
    folder.mkdir()
    for number in range(200):
        (folder / f"{number:03}.txt").write_text("Angela Merkel met Joe Biden in Berlin. " * 20)
    out = tmp_path / "o.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "nerx", "extract", str(folder), "--model",
                             ruler_model, "--workers", "2", "--batch-size", "4",
                             "--worker-timeout", "0.5", "--output", str(out)],
                            stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not psutil.Process(proc.pid).children():
        time.sleep(0.05)
    time.sleep(0.5)
    children = psutil.Process(proc.pid).children()
    if not children:
        proc.kill()
        pytest.skip("the run ended before a worker could be stopped")
    children[0].send_signal(signal.SIGSTOP)
    try:
        _, stderr = proc.communicate(timeout=120)
    finally:
        proc.kill()
    records = _jsonl(out.read_bytes())
    assert len(records) == 200
    timed_out = [r for r in records if "timed out" in r.get("error", "")]
    assert proc.returncode in (0, 1) and len(timed_out) <= 1, stderr


def test_a_run_removes_the_temporary_file_a_killed_run_left(tmp_path: Path,
                                                           ruler_model: str) -> None:
    import subprocess
    import sys

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    orphan = tmp_path / f".o.jsonl.{dead.pid}.x1y2z3.tmp"
    orphan.write_text("half a line")
    live = tmp_path / f".o.jsonl.{os.getpid()}.a1b2c3.tmp"  # a run still going: kept
    live.write_text("")
    out = tmp_path / "o.jsonl"
    result = runner.invoke(app, ["extract", "seeds/", "--model", ruler_model, "--output",
                                 str(out)])
    assert result.exit_code == 0 and out.is_file()
    assert not orphan.exists() and live.exists()


def test_show_on_a_full_device_and_output_onto_an_input_are_one_error_line(
        ruler_model: str, tmp_path: Path) -> None:
    import subprocess
    import sys

    if os.path.exists("/dev/full"):
        with open("/dev/full", "wb") as full:
            proc = subprocess.run([sys.executable, "-m", "nerx", "show", "seeds/", "--model",
                                   ruler_model], stdout=full, stderr=subprocess.PIPE, check=False)
        assert proc.returncode == 1
        assert proc.stderr.decode().splitlines() == [
            "Error: no space left on device writing standard output"]
    article = tmp_path / "a.txt"
    article.write_text("Angela Merkel met Joe Biden.")
    result = runner.invoke(app, ["extract", str(article), "--model", ruler_model, "-o",
                                 str(article)])
    assert result.exit_code == 2 and "is one of the input files" in result.stderr
    assert article.read_text() == "Angela Merkel met Joe Biden."


def test_version_short_help_and_models_that_say_what_they_are() -> None:
    from nerx import __version__

    assert runner.invoke(app, ["--version"]).stdout == f"nerx {__version__}\n"
    assert runner.invoke(app, ["-h"]).stdout.startswith("Usage: ")
    assert "Usage: " in runner.invoke(app, ["extract", "-h"]).stdout
    models = _jsonl(runner.invoke(app, ["models", "--format", "jsonl"]).stdout_bytes)
    assert all(model["about"] for model in models)
    assert "folder" in runner.invoke(app, ["show", "--help"]).stdout


def test_a_page_with_little_article_text_for_its_size_is_warned(tmp_path: Path) -> None:
    from nerx.reader import read_articles

    page = tmp_path / "thin.html"
    page.write_text('<html lang="en"><head><title>Thin page</title></head><body><article>'
                    "<h1>Thin page</h1><p>Photo: AP. A caption about Berlin.</p></article>"
                    f'<script>var state = "{"x" * 150_000}";</script></body></html>')
    [article] = read_articles([str(page)])
    assert any(w.startswith("only ") and "146 KB page" in w for w in article.warnings)
    markdown = tmp_path / "a.md"
    markdown.write_text("# My headline here\n\nAngela Merkel met Joe Biden in Berlin.\n")
    result = runner.invoke(app, ["extract", str(markdown), "--format", "jsonl", "--model",
                                 "nerx-conll-en"])
    assert _jsonl(result.stdout_bytes)[0]["meta"]["title"] == "My headline here"


def test_an_unknown_rule_name_is_refused(ruler_model: str) -> None:
    import spacy

    from nerx.api import extract_text
    from nerx.errors import UsageError

    with pytest.raises(UsageError, match=r"unknown rule.*not-a-nam"):
        extract_text("Angela Merkel.", model=ruler_model, rules_off={"not-a-nam"})
    nlp = spacy.load(ruler_model)
    with pytest.raises(UsageError, match="unknown rule"):
        nlp.add_pipe("nerx_mentions", config={"rules_off": ["surname"]})
    assert extract_text("Angela Merkel.", model=ruler_model, rules_off={"surnames"})["mentions"]
