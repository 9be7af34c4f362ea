"""What the command line writes: data to stdout or a file (atomically), errors and warnings
on stderr, progress on a terminal (`nerx.cli`'s output layer)."""

from __future__ import annotations

import io
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from nerx.errors import EXIT_OK, EXIT_RUN_ERROR, NerxError, UsageError, write_error

if TYPE_CHECKING:
    from nerx.records import ArticleRecord


def check_output(output: Path | None, inputs: list[str] | None = None) -> None:
    """Fail before any work when the output file cannot be written, or is one of the input
    files (writing it would overwrite an article)."""
    from nerx.output import check_destination

    if output is None:
        return
    check_destination(output)
    if output.exists() and any(path != "-" and Path(path).exists()
                               and Path(path).resolve() == output.resolve()
                               for path in inputs or ()):
        raise UsageError(f"--output {output} is one of the input files; write elsewhere")


class Report:
    """Reports each article's errors and warnings on stderr and counts the errors."""

    def __init__(self) -> None:
        self.errors = 0

    def watch_records(self, records: Iterable[ArticleRecord]) -> Iterator[ArticleRecord]:
        for record in records:
            self.note(record)
            yield record

    def note(self, record: ArticleRecord) -> ArticleRecord:
        if "error" in record:
            self.errors += 1
            sys.stderr.write(f"Error: {record['error']}\n")
        for warning in record.get("warnings", []):
            sys.stderr.write(f"Warning: {record.get('source', '-')}: {warning}\n")
        return record

    def exit_code(self) -> int:
        return EXIT_RUN_ERROR if self.errors else EXIT_OK


class Progress:
    """A progress line on stderr (when it is a terminal) once a run takes a moment: articles
    done and characters processed, which move during one long article too; with the input's
    size known (text and JSON files), a bar and the time left."""

    def __init__(self, delay: float = 1.0, total_chars: int | None = None) -> None:
        self.delay = delay
        self.started = time.monotonic()
        self.progress: Any = None
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                Progress,
                ProgressColumn,
                SpinnerColumn,
                TaskProgressColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            columns: list[ProgressColumn] = [
                SpinnerColumn(),
                TextColumn("{task.fields[articles]} articles, {task.fields[chars]} processed"),
                TimeElapsedColumn()]
            if total_chars:
                columns += [BarColumn(), TaskProgressColumn(), TextColumn("left"),
                            TimeRemainingColumn()]
            self.progress = Progress(*columns, console=Console(stderr=True), transient=True)
            self.task = self.progress.add_task("extract", total=total_chars or None,
                                               chars="0 MB", articles=0)
            self.chars = self.articles = 0

    def add_chars(self, count: int) -> None:
        if self.progress is None:
            return
        self.chars += count
        self.progress.update(self.task, chars=f"{self.chars / 1e6:.1f} MB",
                             completed=self.chars)
        self._show()

    def advance(self, record: ArticleRecord) -> ArticleRecord:
        if self.progress is not None:
            self.articles += 1
            self.progress.update(self.task, articles=self.articles)
            self._show()
        return record

    def watch(self, records: Iterable[ArticleRecord]) -> Iterator[ArticleRecord]:
        try:
            for record in records:
                yield self.advance(record)
        finally:
            self.stop()

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()

    def _show(self) -> None:
        if not self.progress.live.is_started and time.monotonic() - self.started > self.delay:
            self.progress.start()


def input_size(paths: list[str], globs: tuple[str, ...]) -> int | None:
    """About how many characters the inputs hold, when stderr shows progress and they are
    text or JSON files (a web page's text is a small, unknown share of its bytes)."""
    if not sys.stderr.isatty() or "-" in paths:
        return None
    from nerx.reader import find_inputs

    try:
        sources = find_inputs(paths, globs=globs)
        if any(Path(source).suffix.lower() in (".html", ".htm") for source in sources):
            return None
        return sum(os.path.getsize(source) for source in sources) or None
    except (OSError, NerxError):
        return None


def emit(write: Callable[[IO[bytes], bool], object], output: Path | None) -> None:
    """The one way every command writes its data: `write(stream, terminal)` to stdout, or
    atomically to `output` (the file changes only when the writing completes)."""
    from nerx.output import atomic_file

    try:
        if output is None:
            write(sys.stdout.buffer, sys.stdout.isatty())
        else:
            with atomic_file(output) as stream:
                write(stream, False)
    except BrokenPipeError:
        raise
    except OSError as e:
        if output is None:  # what stdout still holds would fail again at exit
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise write_error(e, output or "standard output") from None


def write_records(records: Iterable[ArticleRecord], fmt: str, kind: str, stream: IO[bytes], *,
              terminal: bool, keep_text: bool) -> None:
    from nerx.output import record_lines

    if fmt == "table":
        write_tables(with_text(records, keep_text), kind, stream, terminal=terminal)
        return
    write_lines(record_lines(records, fmt, kind), stream)


def with_text(records: Iterable[ArticleRecord],
               keep_text: bool) -> Iterator[tuple[ArticleRecord, str]]:
    """Each record (run with include_text) and its article's text, the text left in the
    record only when the user asked for it."""
    for record in records:
        text = record.get("text", "") if keep_text else record.pop("text", "")
        yield record, text


def write_lines(lines: Iterable[bytes], stream: IO[bytes]) -> None:
    for line in lines:
        stream.write(line)
        stream.flush()


def write_tables(
    items: Iterable[tuple[ArticleRecord, str]], kind: str, stream: IO[bytes], *, terminal: bool
) -> None:
    from nerx.render import print_article

    text_stream = io.TextIOWrapper(stream, encoding="utf-8", write_through=True)
    console = stdout_console() if terminal else file_console(text_stream)
    try:
        for record, text in items:
            print_article(console, record, text, kind)
    finally:
        text_stream.detach()


def count(number: int, noun: str) -> str:
    """ "1 record", "2 records"."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def stdout_console(*, soft_wrap: bool = False) -> Any:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=soft_wrap)


def file_console(stream: IO[str]) -> Any:
    from rich.console import Console

    return Console(file=stream, highlight=False, width=120, no_color=True)


def emit_rows(rows: Iterable[dict[str, Any]], columns: list[str], fmt: str,
               output: Path | None) -> None:
    """Rows as JSON Lines or CSV, to stdout or atomically to `output`: how every command
    but extract (which streams records) writes data."""
    from nerx.output import row_lines

    lines = row_lines(rows, columns, fmt)
    emit(lambda stream, _: write_lines(lines, stream), output)


def paths_or_stdin(paths: list[str] | None) -> list[str]:
    """The paths given; with none, standard input when it is piped (never a terminal, where
    a read would wait for typing)."""
    if paths:
        return paths
    if sys.stdin is None or sys.stdin.isatty():
        raise UsageError("Missing argument 'PATHS...' (files, folders, or - for piped input)")
    return ["-"]
