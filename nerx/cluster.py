"""The same extraction on a Dask cluster: `nerx extract PATHS --dask local[:N]|tcp://HOST:PORT`.

Work is partitioned by files (several small files per task, about `part_bytes` each) and big
JSON Lines files by line ranges. Each task reads its files (local paths or fsspec URLs), runs
the pipeline (loaded once per worker process) and returns its records, or writes them to
`part-NNNNN.jsonl` under an output folder. Tasks are pure functions of their inputs, so a task
that Dask re-runs after a worker died gives the same records; results come back in input order."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import orjson

from nerx.errors import InputError, NerxError, UsageError, write_error
from nerx.options import Options
from nerx.ordered import in_order
from nerx.reader import (
    STDIN,
    Article,
    ReadOptions,
    find_inputs,
    is_jsonl,
    parse_articles,
    read_error,
)

if TYPE_CHECKING:
    from distributed import Client

PART_BYTES = 1 << 20
MIN_PART_BYTES = 16 << 10
_LOCK = threading.Lock()  # one pipeline run at a time in a worker process


@dataclass(frozen=True)
class Slice:
    """A file, or a line range of a JSON Lines file, as a task reads it."""

    source: str
    url: str
    start: int = 0
    end: int | None = None
    first_line: int = 1


@dataclass(frozen=True)
class Part:
    """One task's input."""

    index: int
    slices: tuple[Slice, ...]


@dataclass
class PartSummary:
    """What a task that wrote its part file reports."""

    index: int
    file: str
    articles: int
    errors: int
    ids: list[str] = field(default_factory=list)


# The scratch folder of each LocalCluster connect() started, by id of its client.
_SCRATCH: dict[int, str] = {}


def is_url(path: str) -> bool:
    return "://" in path


def connect(spec: str) -> Client:
    """A client for `local`, `local:N` (a LocalCluster of N worker processes) or an address."""
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError as e:
        raise NerxError('--dask needs Dask: pip install "nerx[dask]"') from e
    import logging

    if spec == "local" or spec.startswith("local:"):
        count = spec.partition(":")[2] or str(os.cpu_count() or 1)
        if not count.isdigit() or int(count) < 1:
            raise UsageError(f"--dask local:N needs a number of workers, not {count!r}")
        # Workers' scratch space in a folder of this run's own, removed by close().
        scratch = tempfile.mkdtemp(prefix="nerx-dask-")
        dask.config.set({"temporary-directory": scratch})
        # Workers' own logs silenced: nerx reports failures itself, one line each, and a
        # heartbeat that races the shutdown would print a traceback after a good run.
        try:
            cluster = LocalCluster(n_workers=int(count), threads_per_worker=1, processes=True,
                                   dashboard_address=":0", silence_logs=logging.CRITICAL,
                                   local_directory=scratch)
            client = Client(cluster)
        except (RuntimeError, OSError, TimeoutError) as e:  # no loopback, no free port
            shutil.rmtree(scratch, ignore_errors=True)
            raise NerxError(f"cannot start a local Dask cluster ({e}); run without --dask, "
                            "or with --workers N") from None
        _SCRATCH[id(client)] = scratch
        return client
    try:
        return Client(spec, timeout="5s")
    except (OSError, TimeoutError, ValueError) as e:
        raise NerxError(f"cannot reach the Dask scheduler at {spec} ({e})") from e


def plan(paths: list[str], options: ReadOptions, part_bytes: int = PART_BYTES,
         min_parts: int = 1) -> list[Part]:
    """Partitions of the inputs, in input order: about `part_bytes` each, smaller when that
    is needed to make `min_parts` (enough tasks to keep every worker busy)."""
    if STDIN in paths:
        raise UsageError("--dask reads files and URLs, not standard input (-)")
    listed = [item for path in paths for item in _list(path, options)]
    total = sum(size for _, _, size in listed)
    part_bytes = min(part_bytes, max(MIN_PART_BYTES, total // max(1, min_parts)))
    slices: list[tuple[Slice, int]] = []
    for source, url, size in listed:
        if is_jsonl(source) and size > part_bytes:
            slices += list(_line_ranges(source, url, part_bytes))
        else:
            slices.append((Slice(source, url), size))
    if not slices:
        raise InputError(f"no articles in {', '.join(paths)}")
    return _group(slices, part_bytes)


def _list(path: str, options: ReadOptions) -> Iterator[tuple[str, str, int]]:
    if not is_url(path):
        for source in find_inputs([path], globs=options.globs):
            url = os.path.abspath(source)
            yield source, url, _size(url)
        return
    import fnmatch

    from fsspec.core import url_to_fs

    fs, root = url_to_fs(path)
    if not fs.exists(root):
        raise InputError(f"{path}: no such file or folder")
    if not fs.isdir(root):
        yield path, path, fs.size(root)
        return
    protocol = path.split("://")[0]
    for found in sorted(fs.find(root)):
        relative = found[len(root):].lstrip("/")
        name = relative.rsplit("/", 1)[-1]
        if any(fnmatch.fnmatch(name, pattern) for pattern in options.globs):
            yield f"{path.rstrip('/')}/{relative}", f"{protocol}://{found}", _url_size(fs, found)


def _url_size(fs: Any, path: str) -> int:
    try:
        return int(fs.size(path))
    except OSError:
        return 0  # its task makes the error record


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0  # unreadable or broken: its task makes the error record


def _line_ranges(source: str, url: str, part_bytes: int) -> Iterator[tuple[Slice, int]]:
    """Line-aligned byte ranges of about `part_bytes`, each knowing its first line number."""
    import fsspec

    start, line, offset, lines_before = 0, 1, 0, 0
    with fsspec.open(url, "rb") as f:
        while chunk := f.read(1 << 20):
            position = 0
            while (newline := chunk.find(b"\n", position)) != -1:
                lines_before += 1
                position = newline + 1
                end = offset + position
                if end - start >= part_bytes:
                    yield Slice(source, url, start, end, line), end - start
                    start, line = end, lines_before + 1
            offset += len(chunk)
    if offset > start:
        yield Slice(source, url, start, None, line), offset - start


def _group(slices: list[tuple[Slice, int]], part_bytes: int) -> list[Part]:
    parts: list[Part] = []
    current: list[Slice] = []
    size = 0
    for piece, piece_size in slices:
        current.append(piece)
        size += piece_size
        if size >= part_bytes:
            parts.append(Part(len(parts), tuple(current)))
            current, size = [], 0
    if current:
        parts.append(Part(len(parts), tuple(current)))
    return parts


def _read_slice(piece: Slice, options: ReadOptions) -> Iterator[Article]:
    import fsspec

    try:
        with fsspec.open(piece.url, "rb") as f:
            f.seek(piece.start)
            data = f.read() if piece.end is None else f.read(piece.end - piece.start)
    except OSError as e:
        yield Article(id=piece.source, source=piece.source, error=read_error(piece.source, e))
        return
    yield from parse_articles(piece.source, data, options, piece.first_line)


def run_part(part: Part, options: Options) -> list[dict[str, Any]]:
    """A task: the records of one partition, exactly as a local run makes them."""
    from nerx.pipeline import load_checked, process

    articles = (article for piece in part.slices for article in _read_slice(piece, options.read))
    here = replace(options, workers=1, dask=None)
    with _LOCK:
        return [dict(result.record) for result in process(articles, load_checked(here), here)]


def write_part(part: Part, options: Options, folder: str) -> PartSummary:
    """A task: one partition's records written to FOLDER/part-NNNNN.jsonl (temporary name,
    then renamed, so a re-run task replaces its file whole)."""
    import fsspec

    records = run_part(part, options)
    name = f"part-{part.index:05d}.jsonl"
    fs, root = fsspec.core.url_to_fs(folder)
    temp = f"{root}/.{name}.{os.getpid()}.tmp"
    try:
        with fs.open(temp, "wb") as f:
            for record in records:
                f.write(orjson.dumps(record) + b"\n")
        fs.mv(temp, f"{root}/{name}")
    except OSError as e:
        with contextlib.suppress(OSError):
            fs.rm(temp)
        raise write_error(e, f"{folder}/{name}") from None
    return PartSummary(part.index, name, len(records), sum("error" in r for r in records),
                       [str(r["id"]) for r in records[:1]])


def records(paths: list[str], options: Options) -> Iterator[dict[str, Any]]:
    """Every article's record, in input order, computed on the cluster `options.dask`."""
    client = connect(options.dask or "local")
    try:
        parts = plan(paths, options.read, min_parts=4 * worker_count(client))
        yield from stream(client, parts, replace(options, progress=None))
    finally:
        close(client)


def extract_parts(paths: list[str], folder: str, options: Options) -> list[PartSummary]:
    """Every article's record written by the cluster `options.dask` to part files under
    `folder` (a path or URL), with a manifest.json; what each part holds."""
    prepare_folder(folder)
    client = connect(options.dask or "local")
    try:
        parts = plan(paths, options.read, min_parts=4 * worker_count(client))
        return write_parts(client, parts, replace(options, progress=None), folder)
    finally:
        close(client)


def stream(client: Client, parts: list[Part], options: Options,
           window: int | None = None) -> Iterator[dict[str, Any]]:
    """Records of every part, in input order, with at most `window` parts in flight."""
    ahead = window or max(4, 2 * len(client.scheduler_info().get("workers", {})))
    for records in in_order(parts, lambda part: _submit(client, part, options), _taken, ahead):
        yield from records


def _taken(future: Any) -> list[dict[str, Any]]:
    """A part's records, its future released so the cluster forgets them."""
    records: list[dict[str, Any]] = future.result()
    future.release()
    return records


def worker_count(client: Client) -> int:
    """How many workers the scheduler has now."""
    return max(1, len(client.scheduler_info().get("workers", {})))


def _submit(client: Client, part: Part, options: Options) -> Any:
    return client.submit(run_part, part, options, key=_key("part", part, options), retries=2)


def close(client: Client) -> None:
    """Close the client, and the LocalCluster it started, if any."""
    local = client.cluster
    client.close()
    if local is not None:
        local.close()
    if (scratch := _SCRATCH.pop(id(client), None)) is not None:
        shutil.rmtree(scratch, ignore_errors=True)


# What an earlier run wrote in an --output-dir: its parts, their temporary files, its manifest.
_OWN_FILE = re.compile(r"part-\d{5}\.jsonl|\.part-\d{5}\.jsonl\.\d+\.tmp|manifest\.json")


def abandon() -> None:
    """On an interrupt, before the process exits at once: remove every local cluster's
    scratch folder (its worker processes die with this one)."""
    for scratch in list(_SCRATCH.values()):
        shutil.rmtree(scratch, ignore_errors=True)
    _SCRATCH.clear()


def prepare_folder(folder: str) -> None:
    """Create the --output-dir folder (path or URL) before any work; InputError when it
    cannot be created. (The parts an earlier run left there are removed once this run's are
    written: `write_parts`.)"""
    import fsspec

    try:
        fs, root = fsspec.core.url_to_fs(folder)
        fs.makedirs(root, exist_ok=True)
    except (OSError, ValueError) as e:
        reason = getattr(e, "strerror", None) or str(e)
        raise InputError(f"cannot create --output-dir {folder}: {reason}") from e


def write_parts(client: Client, parts: list[Part], options: Options,
                folder: str) -> list[PartSummary]:
    """Every part written by the workers under `folder`, and a manifest.json beside them."""
    import fsspec

    fs, root = fsspec.core.url_to_fs(folder)
    fs.makedirs(root, exist_ok=True)
    futures = [client.submit(write_part, part, options, folder, key=_key("write", part, options),
                             retries=2) for part in parts]
    summaries: list[PartSummary] = client.gather(futures)
    manifest = {"parts": [summary.__dict__ for summary in summaries],
                "articles": sum(s.articles for s in summaries),
                "errors": sum(s.errors for s in summaries)}
    with fs.open(f"{root}/manifest.json", "wb") as f:
        f.write(orjson.dumps(manifest, option=orjson.OPT_INDENT_2))
    _remove_stale_parts(fs, root, {summary.file for summary in summaries})
    return summaries


def _remove_stale_parts(fs: Any, root: str, kept: set[str]) -> None:
    """Remove the parts (and their temporary files) an earlier run left in the folder, once
    this run's are all written: the folder then holds this run's parts only, and a run that
    fails leaves the earlier one whole. Other files stay."""
    for path in fs.ls(root, detail=False):
        name = path.rstrip("/").rsplit("/", 1)[-1]
        if _OWN_FILE.fullmatch(name) and name not in kept and name != "manifest.json":
            fs.rm(path)


def _key(kind: str, part: Part, options: Options) -> str:
    """The same part with the same settings is the same task, whoever runs it."""
    from dask.base import tokenize

    return f"nerx-{kind}-{part.index:05d}-{tokenize(part, options)}"
