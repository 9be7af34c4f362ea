"""The Dask engine on a LocalCluster (2 worker processes, loopback only)."""

from __future__ import annotations

import itertools
import logging
import os
import signal
from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from nerx import extract
from nerx.cli import app
from nerx.cluster import plan, stream
from nerx.options import Options
from nerx.reader import ReadOptions

distributed = pytest.importorskip("distributed")
runner = CliRunner()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for i in range(30):
        (folder / f"{i:03}.txt").write_text(f"Angela Merkel {i} met Joe Biden in Berlin.")
    lines = [orjson.dumps({"text": f"Merkel visited the Rhine, day {i}."}) for i in range(200)]
    lines.insert(5, b"{broken")
    (folder / "big.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    (folder / "unreadable.txt").symlink_to(folder / "gone.txt")
    return folder


@pytest.fixture(scope="module")
def client():  # type: ignore[no-untyped-def]
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=":0", silence_logs=logging.ERROR)
    with distributed.Client(cluster) as client:
        yield client
    cluster.close()


def _local(corpus: Path, model: str) -> list[dict]:  # type: ignore[type-arg]
    options = ["*.txt", "*.jsonl"]
    return [dict(r) for r in extract(str(corpus), model=model, globs=options)]


def _config(model: str) -> Options:
    return Options(globs=("*.txt", "*.jsonl"), model=model, batch_size=16)


def test_plan_splits_files_and_big_jsonl_by_lines(corpus: Path) -> None:
    parts = plan([str(corpus)], ReadOptions(globs=("*.txt", "*.jsonl")), part_bytes=2000)
    slices = [piece for part in parts for piece in part.slices]
    jsonl = [piece for piece in slices if piece.source.endswith("big.jsonl")]
    assert len(jsonl) > 2
    assert jsonl[0].first_line == 1 and jsonl[0].start == 0
    assert all(a.end == b.start for a, b in itertools.pairwise(jsonl))
    data = (corpus / "big.jsonl").read_bytes()
    for piece in jsonl:
        assert data[:piece.start].count(b"\n") + 1 == piece.first_line


@pytest.mark.slow
def test_stream_matches_the_local_engine(corpus: Path, ruler_model: str, client) -> None:  # type: ignore[no-untyped-def]
    parts = plan([str(corpus)], ReadOptions(globs=("*.txt", "*.jsonl")), part_bytes=1500)
    assert len(parts) > 4
    records = list(stream(client, parts, _config(ruler_model), window=3))
    assert records == _local(corpus, ruler_model)
    assert sum("error" in r for r in records) == 2


@pytest.mark.slow
def test_a_killed_worker_loses_and_duplicates_nothing(corpus: Path, ruler_model: str,
                                                      client) -> None:  # type: ignore[no-untyped-def]
    parts = plan([str(corpus)], ReadOptions(globs=("*.txt", "*.jsonl")), part_bytes=600)
    config = Options(globs=("*.txt", "*.jsonl"), model=ruler_model, batch_size=4,
                     include_text=True)
    records = stream(client, parts, config, window=6)
    got = [next(records)]
    pids = client.run(os.getpid)
    os.kill(next(iter(pids.values())), signal.SIGKILL)
    got += list(records)
    local = [dict(r) for r in extract(str(corpus), model=ruler_model, globs=["*.txt", "*.jsonl"],
                                      include_text=True)]
    assert got == local


@pytest.mark.slow
def test_cli_dask_local_output_is_identical(corpus: Path, ruler_model: str) -> None:
    args = ["extract", str(corpus), "-m", ruler_model, "-f", "jsonl", "--glob", "*.txt,*.jsonl"]
    local = runner.invoke(app, args)
    dask = runner.invoke(app, [*args, "--dask", "local:2"])
    assert dask.exit_code == local.exit_code == 1
    assert dask.stdout == local.stdout
    assert dask.stderr == local.stderr


@pytest.mark.slow
def test_cli_output_dir_writes_parts_and_manifest(corpus: Path, ruler_model: str,
                                                 tmp_path: Path) -> None:
    args = ["extract", f"file://{corpus}", "-m", ruler_model, "--glob", "*.txt"]
    out = tmp_path / "out"
    result = runner.invoke(app, [*args, "--dask", "local:2", "--output-dir", str(out)])
    assert result.exit_code == 1  # the broken link
    manifest = orjson.loads((out / "manifest.json").read_bytes())
    assert manifest["articles"] == 31 and manifest["errors"] == 1
    parts = b"".join((out / part["file"]).read_bytes() for part in manifest["parts"])
    assert parts == runner.invoke(app, [*args, "-f", "jsonl", "--dask", "local:1"]).stdout_bytes
    first = orjson.loads(parts.splitlines()[0])
    assert first["source"] == f"file://{corpus}/000.txt"


@pytest.mark.slow
def test_unreachable_scheduler_is_a_clear_error(corpus: Path) -> None:
    result = runner.invoke(app, ["extract", str(corpus), "--dask", "tcp://127.0.0.1:9"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot reach the Dask scheduler at tcp://127.0.0.1:9")
    assert len(result.stderr.splitlines()) == 1


def test_dask_option_errors(corpus: Path) -> None:
    for args, message in (
            (["--output-dir", "x"], "Error: --output-dir needs --dask\n"),
            (["--dask", "local:0"], "Error: --dask local:N needs a number of workers, not '0'\n"),
            (["--dask", "local", "--resume", "-o", "a.jsonl"],
             "Error: --resume does not work with --dask\n")):
        result = runner.invoke(app, ["extract", str(corpus), *args])
        assert result.exit_code == 2, args
        assert result.stderr == message
    stdin = runner.invoke(app, ["extract", "-", "--dask", "local:1"], input="x")
    assert stdin.exit_code == 2 and "standard input" in stdin.stderr


@pytest.mark.slow
def test_a_local_cluster_leaves_no_scratch_space_behind(corpus: Path, ruler_model: str,
                                                        tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", None)
    result = runner.invoke(app, ["extract", str(corpus), "-m", ruler_model, "-f", "jsonl",
                                 "--dask", "local:1"])
    assert result.exit_code == 1  # the broken link
    assert list(scratch.iterdir()) == []
