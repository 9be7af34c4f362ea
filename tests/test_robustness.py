"""Never lose an article: bad input, interruption and resume (on the small ruler pipeline)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from nerx.cli import app
from nerx.resume import checkpoint_path

runner = CliRunner()
NERX = [sys.executable, "-m", "nerx"]


def _jsonl(data: str | bytes) -> list[dict]:  # type: ignore[type-arg]
    return [orjson.loads(line) for line in data.splitlines()]


def test_every_bad_input_gets_a_record_or_warning(tmp_path: Path, ruler_model: str) -> None:
    files: dict[str, bytes] = {
        "binary.txt": bytes(range(256)) * 40,
        "latin1.txt": "Berlin, café".encode("latin-1"),
        "cp1252.txt": "\u201cBerlin\u201d".encode("cp1252"),
        "utf16.txt": "Berlin".encode("utf-16"),
        "empty.txt": b"",
        "blank.txt": b" \n\t\n ",
        "controls.txt": b"A\x00B\x07 Berlin \x1b[31m Merkel",
        "rtl.txt": "\u0645\u0631\u062d\u0628\u0627 Berlin \U0001f600\U0001f1e9\U0001f1ea "
                   "Merkel".encode(),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "broken.txt").symlink_to(tmp_path / "gone.txt")
    os.mkfifo(tmp_path / "fifo.txt")  # would block forever if read: skipped in folders
    result = runner.invoke(app, ["extract", str(tmp_path), "-m", ruler_model, "-f", "jsonl"])
    assert result.exit_code == 1
    records = {Path(r["source"]).name: r for r in _jsonl(result.stdout)}
    assert sorted(records) == sorted([*files, "broken.txt"])
    assert "binary" in records["binary.txt"]["error"]
    assert "cannot read" in records["broken.txt"]["error"]
    assert records["empty.txt"]["warnings"] == ["empty article: no text to process"]
    assert records["blank.txt"]["warnings"] == ["empty article: no text to process"]
    for name in ("latin1.txt", "cp1252.txt", "utf16.txt", "controls.txt", "rtl.txt"):
        assert "error" not in records[name]
        assert "Berlin" in [m["text"] for m in records[name]["mentions"]], name
    assert "Windows-1252" in records["latin1.txt"]["warnings"][0]
    errors = result.stderr.splitlines()
    assert [line.split(":")[0] for line in errors].count("Error") == 2
    assert all(line.startswith(("Error: ", "Warning: ")) for line in errors)


def test_offsets_stay_exact_with_emoji_rtl_and_controls(ruler_model: str) -> None:
    from nerx import extract_text

    text = "\U0001f600 \u05e9\u05dc\u05d5\u05dd Merkel \x00 in Berlin \U0001f1e9\U0001f1ea, Rhine."
    record = extract_text(text, model=ruler_model)
    assert [m["text"] for m in record["mentions"]] == ["Merkel", "Berlin", "Rhine"]
    for mention in record["mentions"]:
        assert text[mention["start"]:mention["end"]] == mention["text"]


@pytest.mark.slow
def test_json_problems_and_an_enormous_line(tmp_path: Path, ruler_model: str) -> None:
    big = "Berlin is big. " * 150_000  # 2.2 MB on one line: three records, cut into pieces
    lines = [orjson.dumps({"id": "big", "text": big}), b'{"id": "x", "text": 7}',
             b'{"id": "y"}', b"{not json", orjson.dumps({"id": "ok", "text": "Merkel"})]
    path = tmp_path / "a.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    result = runner.invoke(app, ["extract", str(path), "-m", ruler_model, "-f", "jsonl"])
    records = _jsonl(result.stdout)
    assert [r["id"] for r in records] == ["big#1", "big#2", "big#3", "x", "y", f"{path}:4",
                                          "ok"]
    parts = records[:3]
    assert sum(len(r["mentions"]) for r in parts) == 150_000
    assert [r["meta"]["offset"] for r in parts] == [0, parts[0]["chars"],
                                                   parts[0]["chars"] + parts[1]["chars"]]
    assert parts[2]["meta"]["offset"] + parts[2]["mentions"][-1]["start"] == big.rindex("Berlin")
    assert [("error" in r) for r in records] == [False] * 3 + [True, True, True, False]
    errors = [line for line in result.stderr.splitlines() if not line.startswith("Warning:")]
    assert errors[:2] == [f"Error: {path}:2: 'text' is not a string",
                          f"Error: {path}:3: no 'text' field"]
    assert errors[2].startswith(f"Error: {path}:4: invalid JSON (") and len(errors) == 3


@pytest.mark.slow
def test_unreadable_file(tmp_path: Path, ruler_model: str) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("Berlin")
    secret.chmod(0)
    (tmp_path / "open.txt").write_text("Merkel")
    command = [*NERX, "extract", str(tmp_path), "-m", ruler_model, "-f", "jsonl"]
    if os.geteuid() == 0:  # root reads anything: drop the capabilities that let it
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv to drop CAP_DAC_OVERRIDE")
        command = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", *command]
    result = subprocess.run(command, capture_output=True, cwd=Path(__file__).parents[1])
    assert result.returncode == 1, result.stderr
    records = _jsonl(result.stdout)
    assert "Permission denied" in records[1]["error"]
    assert [m["text"] for m in records[0]["mentions"]] == ["Merkel"]
    assert result.stderr.decode() == f"Error: {secret}: cannot read (Permission denied)\n"


def _corpus(folder: Path, count: int) -> Path:
    folder.mkdir(exist_ok=True)
    for i in range(count):
        (folder / f"{i:05}.txt").write_text(f"Angela Merkel {i} met Joe Biden in Berlin. " * 20)
    return folder


def _start(args: list[str], cwd: Path, bufsize: int = -1) -> subprocess.Popen[bytes]:
    return subprocess.Popen([*NERX, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=cwd, bufsize=bufsize)


def _wait_for(path: Path, lines: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if path.exists() and path.read_bytes().count(b"\n") >= lines:
            return
        time.sleep(0.05)
    pytest.fail("the run never got going")


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
@pytest.mark.parametrize("workers", ["1", "2"])
def test_interrupt_keeps_output_whole_and_resume_completes_it(
        tmp_path: Path, ruler_model: str, signum: int, workers: str) -> None:
    corpus = _corpus(tmp_path / "corpus", 3000)
    output = tmp_path / "out.jsonl"
    output.write_bytes(b"old\n")
    args = ["extract", str(corpus), "-m", ruler_model, "-o", str(output), "--batch-size", "8",
            "--workers", workers]
    process = _start(args, tmp_path)
    _wait_for(checkpoint_path(output), 20, process)
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert stderr.decode().startswith("Error: interrupted; progress kept")
    assert len(stderr.splitlines()) == 1
    assert output.read_bytes() == b"old\n"  # as it was before
    kept = _jsonl(checkpoint_path(output).read_bytes())
    assert 20 <= len(kept) < 3000

    resumed = subprocess.run([*NERX, *args, "--resume"], capture_output=True, cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    fresh = subprocess.run([*NERX, "extract", str(corpus), "-m", ruler_model, "-f", "jsonl"],
                           capture_output=True, cwd=tmp_path)
    assert output.read_bytes() == fresh.stdout
    assert not checkpoint_path(output).exists()


@pytest.mark.slow
def test_interrupted_stdout_holds_only_complete_lines(tmp_path: Path, ruler_model: str) -> None:
    corpus = _corpus(tmp_path / "corpus", 3000)
    # Unbuffered: communicate() reads the pipe itself, so bytes a buffered readline() had
    # read past the first line would be lost to the test (not to nerx).
    process = _start(["extract", str(corpus), "-m", ruler_model, "-f", "jsonl"], tmp_path,
                     bufsize=0)
    assert process.stdout is not None
    first = process.stdout.readline()
    process.send_signal(signal.SIGINT)
    rest, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert stderr.decode() == "Error: interrupted\n"
    data = first + rest
    assert data.endswith(b"\n")
    assert len(_jsonl(data)) >= 1


def test_resume_reuses_unchanged_records_and_redoes_changed_ones(
        tmp_path: Path, ruler_model: str) -> None:
    corpus = _corpus(tmp_path / "corpus", 4)
    output = tmp_path / "out.jsonl"
    args = ["extract", str(corpus), "-m", ruler_model, "--output", str(output)]
    assert runner.invoke(app, args).exit_code == 0
    # Mark every record, so that a reused one can be told from a new one.
    marked = [{**r, "meta": {"marker": 1}} for r in _jsonl(output.read_bytes())]
    output.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in marked))
    (corpus / "00001.txt").write_text("Joe Biden changed his mind in Berlin.")
    (corpus / "00000a.txt").write_text("A new article about Merkel.")
    result = runner.invoke(app, [*args, "--resume"])
    assert result.exit_code == 0, result.output
    records = {Path(r["source"]).name: r for r in _jsonl(output.read_bytes())}
    assert [Path(r["source"]).name for r in _jsonl(output.read_bytes())] == [
        "00000.txt", "00000a.txt", "00001.txt", "00002.txt", "00003.txt"]
    assert records["00000.txt"]["meta"] == {"marker": 1}  # reused
    assert records["00002.txt"]["meta"] == {"marker": 1}
    assert records["00001.txt"]["meta"] == {}  # changed: processed again
    assert records["00000a.txt"]["meta"] == {}  # new
    assert [m["text"] for m in records["00001.txt"]["mentions"]] == ["Joe Biden", "Berlin"]
    assert result.stderr == f"Reused 3 records of 5, processed 2; wrote {output}\n"


def test_resume_needs_jsonl_output(tmp_path: Path, ruler_model: str) -> None:
    corpus = _corpus(tmp_path / "corpus", 1)
    for extra in ([], ["--output", str(tmp_path / "a.csv")],
                  ["--output", str(tmp_path / "a.jsonl"), "--records", "entities"]):
        result = runner.invoke(app, ["extract", str(corpus), "-m", ruler_model, "--resume",
                                     *extra])
        assert result.exit_code == 2
        assert result.stderr.startswith("Error: --resume needs --output FILE")


def test_resume_after_a_crash_mid_line(tmp_path: Path, ruler_model: str) -> None:
    corpus = _corpus(tmp_path / "corpus", 3)
    output = tmp_path / "out.jsonl"
    fresh = runner.invoke(app, ["extract", str(corpus), "-m", ruler_model, "-f", "jsonl"])
    first, second = fresh.stdout_bytes.splitlines(keepends=True)[:2]
    checkpoint_path(output).write_bytes(first + second[:40])  # killed mid-write
    result = runner.invoke(app, ["extract", str(corpus), "-m", ruler_model, "-o", str(output),
                                 "--resume"])
    assert result.exit_code == 0
    assert output.read_bytes() == fresh.stdout_bytes


@pytest.mark.slow
@pytest.mark.parametrize(("workers", "runs"), [("1", 2), ("2", 6)])
def test_a_reader_that_stops_early_ends_the_run_at_once(tmp_path: Path, ruler_model: str,
                                                        workers: str, runs: int) -> None:
    """`nerx extract ... --workers 2 | head -1`, many times under load: every run exits soon
    after the reader closes the pipe, silently (exit 1, as documented), and SIGTERM after that
    would find nothing left to interrupt."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(300):  # records of ~100 KB: a worker's reply fills the pipe
        (corpus / f"{i:05}.txt").write_text(f"Merkel {i} met Biden in Berlin. " * 300)
    for _ in range(runs):
        process = _start(["extract", str(corpus), "-m", ruler_model, "--records", "mentions",
                          "--workers", workers, "--batch-size", "2"], tmp_path, bufsize=0)
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.readline().startswith(b"{")
        process.stdout.close()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            pytest.fail("the run hung after its reader closed the pipe")
        assert process.returncode == 1
        assert process.stderr.read() == b""
