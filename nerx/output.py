"""Writing records: JSON Lines, CSV and terminal tables, to stdout or atomically to a file."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import orjson

from nerx.errors import InputError
from nerx.records import ArticleRecord, rows

_CSV_COLUMNS = {
    "articles": ["id", "source", "chars", "model", "mentions", "entities", "meta",
                 "warnings", "error"],
    "mentions": ["id", "source", "text", "label", "model_label", "start", "end", "sentence",
                 "confidence", "entity", "relabelled_by"],
    "entities": ["id", "source", "name", "label", "count", "aliases", "first", "salience",
                 "confidence", "country", "lat", "lon", "geonames_id"],
}


def choose_format(format_: str, output: Path | None, is_terminal: bool) -> str:
    """Resolve `auto`: CSV for a .csv file, a table on a terminal, JSON Lines otherwise."""
    if format_ != "auto":
        return format_
    if output is not None:
        return "csv" if output.suffix.lower() == ".csv" else "jsonl"
    return "table" if is_terminal else "jsonl"


def check_destination(path: Path) -> None:
    """Raise InputError, before any work, when `path` cannot be written: a missing or
    unwritable folder, or a folder where the file should be."""
    folder = path.parent if str(path.parent) else Path(".")
    if is_special(path):  # /dev/null, a named pipe: written through, whatever its folder
        if not os.access(path, os.W_OK):
            raise InputError(f"cannot write {path}: not writable")
        return
    if path.is_dir():
        raise InputError(f"cannot write {path}: it is a folder")
    if not folder.is_dir():
        raise InputError(f"cannot write {path}: no such folder {folder}")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(f"cannot write {path}: folder {folder} is not writable")


def is_special(path: Path) -> bool:
    """Whether `path` is a device, FIFO or socket (through links): written straight through,
    never replaced by a file."""
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


@contextlib.contextmanager
def atomic_file(path: Path) -> Iterator[IO[bytes]]:
    """A file that appears at `path` complete, or not at all: a temporary file in the same
    folder, renamed over `path` only when the block finishes without an exception. A link is
    kept and its target written so; a device or FIFO (`/dev/null`, a named pipe) is written
    straight through."""
    if is_special(path):
        with open(path, "wb") as stream:
            yield stream
        return
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    folder = path.parent if str(path.parent) else Path(".")
    _remove_orphans(folder, path.name)
    fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.{os.getpid()}.",
                                suffix=".tmp")
    os.chmod(temp, _file_mode(path))  # mkstemp makes 0600; an output file gets the usual mode
    try:
        with os.fdopen(fd, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _remove_orphans(folder: Path, name: str) -> None:
    """Remove the temporary files a run killed outright (SIGKILL, a power cut) left beside
    `name`: those whose process is gone."""
    pattern = re.compile(rf"\.{re.escape(name)}\.(\d+)\.\w+\.tmp")
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            found = pattern.fullmatch(entry.name)
            if found and not _alive(int(found.group(1))):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _file_mode(path: Path) -> int:
    try:
        return os.stat(path).st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def jsonl_lines(records: Iterable[ArticleRecord], kind: str) -> Iterator[bytes]:
    """One JSON line per record, mention or entity."""
    return jsonl_rows(row for record in records for row in rows(record, kind))


def csv_lines(records: Iterable[ArticleRecord], kind: str) -> Iterator[bytes]:
    """A CSV header, then one line per record, mention or entity."""
    flat = (row for record in records for row in rows(record, kind))
    return csv_rows(flat, _CSV_COLUMNS[kind])


def jsonl_rows(data: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    """One JSON line per row."""
    for row in data:
        yield orjson.dumps(row) + b"\n"


# Each data format by name: the lines its records and its rows are written as (a new format
# is one entry here and one in cli_args.Format; "table" is the terminal's, in nerx.render).
RECORD_WRITERS: dict[str, Callable[[Iterable[ArticleRecord], str], Iterator[bytes]]] = {}
ROW_WRITERS: dict[str, Callable[[Iterable[dict[str, Any]], list[str]], Iterator[bytes]]] = {}


def record_lines(records: Iterable[ArticleRecord], fmt: str, kind: str) -> Iterator[bytes]:
    """The lines of `records` (as `kind` rows) in data format `fmt`."""
    return RECORD_WRITERS[fmt](records, kind)


def row_lines(data: Iterable[dict[str, Any]], columns: list[str], fmt: str) -> Iterator[bytes]:
    """The lines of flat rows (summaries, model lists) in data format `fmt`."""
    return ROW_WRITERS[fmt](data, columns)


def csv_rows(data: Iterable[dict[str, Any]], columns: list[str]) -> Iterator[bytes]:
    """A CSV header, then one line per row; lists joined with "; ", meta as JSON."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    yield _drain(buffer)
    for row in data:
        writer.writerow({key: _csv_value(key, row.get(key)) for key in columns})
        yield _drain(buffer)


def _drain(buffer: io.StringIO) -> bytes:
    data = buffer.getvalue().encode()
    buffer.seek(0)
    buffer.truncate()
    return data


def _csv_value(key: str, value: Any) -> Any:
    if key == "mentions" and isinstance(value, list):
        return len(value)
    if key == "entities" and isinstance(value, list):
        return safe_cell("; ".join(f"{entity['name']} ({entity['label']})" for entity in value))
    if key == "meta":
        return safe_cell(orjson.dumps(value).decode()) if value else ""
    if isinstance(value, list):
        return safe_cell("; ".join(str(item) for item in value))
    return "" if value is None else safe_cell(value)


# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula (`=HYPERLINK(...)`, `@SUM(1)`,
    `+cmd|...`) with a leading apostrophe, as OWASP advises; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS) \
            and not _PLAIN.fullmatch(value):
        return "'" + value
    return value


# Text no spreadsheet runs: a number ("-1", "+3.5") or standard input's name ("-").
_PLAIN = re.compile(r"[-+]?\d+(?:\.\d+)?|-")


RECORD_WRITERS.update(jsonl=jsonl_lines, csv=csv_lines)
ROW_WRITERS.update(jsonl=lambda data, _columns: jsonl_rows(data), csv=csv_rows)
