"""The `nerx` command line: a thin layer over the library."""

from __future__ import annotations

import io
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperCommand, TyperGroup

from nerx.defaults import DEFAULT_GLOBS, SUMMARY_GLOBS
from nerx.errors import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_RUN_ERROR,
    EXIT_USAGE,
    InterruptError,
    NerxError,
    UsageError,
    write_error,
)
from nerx.labels import DEFAULT_LABELS

if TYPE_CHECKING:
    from nerx.records import ArticleRecord


class NerxGroup(TyperGroup):
    """Maps every error to a one-line `Error: ...` on stderr and a documented exit code."""

    def main(  # type: ignore[override]
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> NoReturn:
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, _interrupt)
        try:
            code = super().main(
                args=args,
                prog_name=prog_name or "nerx",
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
        except typer.TyperException as e:  # Typer's public base of its click errors
            if (ctx := getattr(e, "ctx", None)) and type(e).__name__ == "NoArgsIsHelpError":
                sys.stdout.write(ctx.get_help() + "\n")
                sys.exit(EXIT_USAGE)
            _fail(e.format_message(), e.exit_code)
        except NerxError as e:
            _fail(str(e), e.exit_code)
        except (KeyboardInterrupt, typer.Abort):
            _fail("interrupted", EXIT_INTERRUPTED)
        if code == EXIT_INTERRUPTED:
            _fail("interrupted", EXIT_INTERRUPTED)
        sys.exit(code if isinstance(code, int) else EXIT_OK)


class NerxCommand(TyperCommand):
    """A command whose help names each argument by its metavar alone (Typer adds the Python
    type: `PATHS <list[str]>`)."""

    def get_help(self, ctx: Any) -> str:
        return _ARGUMENT_TYPE.sub(lambda m: m.group(1) + " " * len(m.group(2)),
                                  super().get_help(ctx))


_ARGUMENT_TYPE = re.compile(r"^(  [A-Z][\w=.]*)( <[^>\n]+>)", re.MULTILINE)


def _globs(values: list[str] | None, default: tuple[str, ...] = DEFAULT_GLOBS) -> tuple[str, ...]:
    """--glob values, repeated or comma-separated."""
    return tuple(p.strip() for g in (values or default) for p in g.split(",") if p.strip())


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _fail(message: str, code: int) -> NoReturn:
    # Typer's enum check says "Value error, 'xml' is not one of ...": the value is the error.
    message = message.replace("Value error, ", "")
    first_line = " ".join(message.split("\n")[0].split()) or "failed"
    sys.stderr.write(f"Error: {first_line}\n")
    sys.exit(code)


app = typer.Typer(
    cls=NerxGroup,
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    help="Find the people, organisations and places in news articles.",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(value: bool) -> None:
    if value:
        from nerx import __version__

        sys.stdout.write(f"nerx {__version__}\n")
        raise typer.Exit()


@app.callback()
def _nerx(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True,
                     help="Print nerx's version and exit."),
    ] = False,
) -> None:
    """Find the people, organisations and places in news articles."""


class Format(StrEnum):
    auto = "auto"
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


class RecordKind(StrEnum):
    articles = "articles"
    mentions = "mentions"
    entities = "entities"


class EvalFormat(StrEnum):
    table = "table"
    json = "json"


class StdinFormat(StrEnum):
    auto = "auto"
    text = "text"
    jsonl = "jsonl"
    html = "html"


class Keep(StrEnum):
    best = "best"
    last = "last"


ModelOption = Annotated[
    str | None,
    typer.Option(
        "--model",
        "-m",
        metavar="NAME",
        help="Installed package, pipeline folder, or a name `nerx models` lists.",
        show_default="the default model",
    ),
]
FormatOption = Annotated[
    Format,
    typer.Option("--format", "-f", help="auto: a table on a terminal, JSON Lines otherwise."),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE atomically instead of stdout.",
        dir_okay=False,
    ),
]
TextFieldOption = Annotated[str, typer.Option(metavar="FIELD", help="JSON field holding the text.")]
IdFieldOption = Annotated[str, typer.Option(metavar="FIELD", help="JSON field holding the id.")]
DEFAULT_LABELS_VALUE = ",".join(DEFAULT_LABELS)
LabelsOption = Annotated[
    str,
    typer.Option(
        metavar="LABELS",
        help="Labels to output, show or score, comma-separated: nerx's PERSON, ORG, PLACE, or "
        "the model's own (the default model's: PERSON, ORG, GPE, and NORP: CoNLL's MISC, "
        "nationalities, events, works). Gold PER is scored as PERSON, LOC as PLACE.",
    ),
]
MinConfidenceOption = Annotated[
    float,
    typer.Option(
        min=0.0, max=1.0, metavar="X",
        help="Leave out mentions less sure than X (their confidence: the probability that "
        "the mention is right), and entities left with none.",
    ),
]
GlobOption = Annotated[
    list[str] | None,
    typer.Option(
        metavar="PATTERN",
        help="File patterns to read in folders (repeat or comma-separate).",
        show_default=",".join(DEFAULT_GLOBS),
    ),
]


@app.command(cls=NerxCommand)
def extract(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="PATHS",
            help="Files, folders (recursive) or - for standard input (the default when it is "
            "piped).",
            show_default=False,
        ),
    ] = None,
    model: ModelOption = None,
    labels: LabelsOption = DEFAULT_LABELS_VALUE,
    format_: FormatOption = Format.auto,
    output: OutputOption = None,
    records: Annotated[
        RecordKind, typer.Option(help="One line per article, per mention or per entity.")
    ] = RecordKind.articles,
    glob: GlobOption = None,
    text_field: TextFieldOption = "text",
    id_field: IdFieldOption = "id",
    stdin_format: Annotated[
        StdinFormat,
        typer.Option(
            help="What - (standard input) holds; auto: HTML or JSON Lines when it looks like "
            "them, else text."
        ),
    ] = StdinFormat.auto,
    include_text: Annotated[
        bool, typer.Option("--include-text", help="Add each article's text to its record.")
    ] = False,
    min_confidence: MinConfidenceOption = 0.0,
    batch_size: Annotated[
        int, typer.Option(min=1, metavar="N", help="Texts per spaCy batch.")
    ] = 64,
    workers: Annotated[int, typer.Option(min=1, metavar="N", help="Worker processes.")] = 1,
    worker_timeout: Annotated[
        float,
        typer.Option(
            min=0, metavar="SECONDS",
            help="With --workers: the seconds a worker may take on an article (and on each "
            "10,000 characters of it) before it is stopped and the article gets an error "
            "record; the rest of its batch is run again. 0: no limit.",
        ),
    ] = 10.0,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume",
            help="With --output: reuse the records of unchanged articles already "
            "there (or kept by an interrupted run) and process only the rest.",
        ),
    ] = False,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            metavar="SPEC",
            help="Run on Dask: local, local:N (N worker processes) or "
            "tcp://HOST:PORT (a running scheduler).",
            show_default=False,
        ),
    ] = None,
    output_dir: Annotated[
        str | None,
        typer.Option(
            "--output-dir",
            metavar="DIR",
            help="With --dask: workers write part-NNNNN.jsonl files and a "
            "manifest.json to this folder (path or URL).",
            show_default=False,
        ),
    ] = None,
) -> int:
    """Extract people, organisations and places from articles."""
    from nerx import api
    from nerx.labels import parse_labels
    from nerx.options import Options
    from nerx.output import choose_format

    _check_output(output)
    paths = _paths_or_stdin(paths)
    fmt = choose_format(format_.value, output, sys.stdout.isatty())
    if resume and (output is None or fmt != "jsonl" or records != RecordKind.articles):
        raise UsageError("--resume needs --output FILE with --format jsonl and --records articles")
    progress = _Progress(total_chars=_input_size(paths, _globs(glob)))
    options = Options(
        model=model, labels=parse_labels(labels), min_confidence=min_confidence,
        batch_size=batch_size, workers=workers, worker_timeout=worker_timeout, dask=dask,
        include_text=include_text or fmt == "table", globs=_globs(glob), text_field=text_field,
        id_field=id_field, stdin_format=stdin_format.value, progress=progress.add_chars)
    report = _Report()
    if output_dir is not None:
        return _extract_parts(output_dir, paths, options)
    try:
        if output is not None and fmt == "jsonl" and records == RecordKind.articles:
            written = api.extract_to(output, paths, options, resume=resume,
                                     each=lambda record: report.note(progress.advance(record)))
            if resume:
                sys.stderr.write(f"Reused {_count(written.reused, 'record')} of "
                                 f"{written.records}, processed "
                                 f"{written.records - written.reused}; wrote {output}\n")
        else:
            stream = progress.watch(report.watch_records(api.extract(paths, options)))
            _emit(lambda out, terminal: _write_to(stream, fmt, records.value, out,
                                                  terminal=terminal, keep_text=include_text),
                  output)
    except KeyboardInterrupt:
        kept = f"; progress kept, rerun with --output {output} --resume" if output else ""
        raise InterruptError(f"interrupted{kept}") from None
    return report.exit_code()


def _extract_parts(output_dir: str, paths: list[str], options: Any) -> int:
    from nerx import api

    summaries = api.extract_parts(output_dir, paths, options)
    errors = sum(summary.errors for summary in summaries)
    articles = sum(summary.articles for summary in summaries)
    sys.stderr.write(f"Wrote {_count(articles, 'record')} in {_count(len(summaries), 'part')} "
                     f"to {output_dir}\n")
    if errors:
        sys.stderr.write(f"Error: {_count(errors, 'article')} could not be processed "
                         "(see the records' error field)\n")
    return EXIT_RUN_ERROR if errors else EXIT_OK


@app.command(cls=NerxCommand)
def models(format_: FormatOption = Format.auto, output: OutputOption = None) -> None:
    """List the pipelines nerx can use and which one is the default."""
    from nerx.models import available
    from nerx.output import choose_format

    _check_output(output)
    found = [model.__dict__ for model in available()]
    fmt = choose_format(format_.value, output, sys.stdout.isatty())
    if fmt == "table":
        from nerx.render import print_models

        print_models(_stdout_console(), found)
        return
    _emit_rows(found, list(found[0]), fmt, output)


@app.command(cls=NerxCommand)
def summarize(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="PATHS",
            help="nerx JSON Lines files, articles (extracted first), folders of either, or - "
            "for standard input (the default when it is piped).",
            show_default=False,
        ),
    ] = None,
    model: ModelOption = None,
    labels: Annotated[
        str | None,
        typer.Option(
            metavar="LABELS", help="Only these labels, comma-separated.", show_default="all"
        ),
    ] = None,
    top: Annotated[int, typer.Option(min=1, metavar="N", help="How many entities and pairs.")] = 20,
    glob: Annotated[
        list[str] | None,
        typer.Option(
            metavar="PATTERN",
            help="File patterns to read in folders (repeat or comma-separate).",
            show_default=",".join(SUMMARY_GLOBS),
        ),
    ] = None,
    min_confidence: MinConfidenceOption = 0.0,
    format_: FormatOption = Format.auto,
    output: OutputOption = None,
) -> int:
    """Entities across a corpus and the entities that appear together most often."""
    from nerx.labels import parse_labels
    from nerx.output import choose_format
    from nerx.summary import corpus_records
    from nerx.summary import summarize as summarize_records

    _check_output(output)
    wanted = parse_labels(labels) if labels else None
    records = corpus_records(_paths_or_stdin(paths), globs=_globs(glob, SUMMARY_GLOBS),
                             model=model, min_confidence=min_confidence)
    report = _Report()
    summary = summarize_records(report.watch_records(records), labels=wanted, top=top)
    fmt = choose_format(format_.value, output, sys.stdout.isatty())
    if fmt == "table":
        from nerx.render import print_summary

        print_summary(_stdout_console(), summary)
        return report.exit_code()
    columns = ["type", "name", "label", "articles", "mentions", "aliases", "other", "other_label"]
    _emit_rows(summary.rows(), columns, fmt, output)
    return report.exit_code()


def _emit_rows(rows: Iterable[dict[str, Any]], columns: list[str], fmt: str,
               output: Path | None) -> None:
    """Rows as JSON Lines or CSV, to stdout or atomically to `output`: how every command
    but extract (which streams records) writes data."""
    from nerx.output import csv_rows, jsonl_rows

    lines = jsonl_rows(rows) if fmt == "jsonl" else csv_rows(rows, columns)
    _emit(lambda stream, _: _write_lines(lines, stream), output)


def _paths_or_stdin(paths: list[str] | None) -> list[str]:
    """The paths given; with none, standard input when it is piped (never a terminal, where
    a read would wait for typing)."""
    if paths:
        return paths
    if sys.stdin is None or sys.stdin.isatty():
        raise UsageError("Missing argument 'PATHS...' (files, folders, or - for piped input)")
    return ["-"]


@app.command(cls=NerxCommand)
def evaluate(
    gold: Annotated[
        list[str],
        typer.Argument(
            metavar="GOLD",
            help="Gold files: IOB2/CoNLL (.txt, .iob2, ...) or JSONL with text and spans.",
            show_default=False,
        ),
    ],
    model: ModelOption = None,
    labels: LabelsOption = DEFAULT_LABELS_VALUE,
    format_: Annotated[
        EvalFormat, typer.Option("--format", "-f", help="A table, or the scores as JSON.")
    ] = EvalFormat.table,
    batch_size: Annotated[
        int, typer.Option(min=1, metavar="N", help="Texts per spaCy batch.")
    ] = 64,
    workers: Annotated[int, typer.Option(min=1, metavar="N", help="Worker processes.")] = 1,
    ablate: Annotated[
        bool,
        typer.Option(
            "--ablate",
            help="Instead of per-label scores: micro-F1 without each mention rule and entity "
            "join in turn, the model run once (--workers is not used).",
        ),
    ] = False,
) -> None:
    """Score a pipeline's precision, recall and F1 against gold files."""
    import orjson

    from nerx.evaluate import Ablation
    from nerx.evaluate import ablate as run_ablation
    from nerx.evaluate import evaluate as run_evaluation

    for path in gold:
        if not Path(path).is_file():
            raise NerxError(f"{path}: no such file")
    result = (run_ablation(gold, model=model, labels=labels, batch_size=batch_size) if ablate
              else run_evaluation(gold, model=model, labels=labels, batch_size=batch_size,
                                  workers=workers))
    if format_ == EvalFormat.json:
        data = orjson.dumps(result.as_dict(), option=orjson.OPT_INDENT_2) + b"\n"
        _emit(lambda stream, _: stream.write(data), None)
        return
    from nerx.render import print_ablation, print_evaluation

    if isinstance(result, Ablation):
        print_ablation(_stdout_console(), result)
    else:
        print_evaluation(_stdout_console(), result)


@app.command(cls=NerxCommand)
def train(
    train_file: Annotated[
        Path,
        typer.Argument(
            metavar="TRAIN",
            help="Training data: IOB2/CoNLL or JSONL gold file.",
            exists=True,
            dir_okay=False,
        ),
    ],
    dev_file: Annotated[
        Path,
        typer.Argument(
            metavar="DEV",
            help="Development data, for choosing the best model.",
            exists=True,
            dir_okay=False,
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="DIR",
            help="Folder for the trained pipeline, e.g. models/NAME.",
        ),
    ],
    config: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="spaCy training config.",
            show_default="models/nerx-conll-en.cfg",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
    max_steps: Annotated[
        int | None,
        typer.Option(
            min=1, metavar="N", help="Stop after this many updates.", show_default="the config's"
        ),
    ] = None,
    map_: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            metavar="GOLD=MODEL",
            help="GOLD=MODEL label mapping, repeatable (PER=PERSON is implied); "
            "GOLD= leaves that label unannotated.",
            show_default=False,
        ),
    ] = None,
    extra: Annotated[
        list[Path] | None,
        typer.Option(
            metavar="FILE",
            help="More training data (e.g. your own domain's), repeatable.",
            exists=True,
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    extra_copies: Annotated[
        int,
        typer.Option(
            min=1,
            metavar="N",
            help="Repeat each --extra file this many times (to weigh a small set).",
        ),
    ] = 1,
    keep: Annotated[
        Keep, typer.Option(help="Save the best model on DEV, or the model after the last update.")
    ] = Keep.best,
    version: Annotated[
        str,
        typer.Option(
            metavar="VERSION", help="The pipeline's version, written into records with its name."
        ),
    ] = "0.1.0",
    vectors: Annotated[
        Path | None,
        typer.Option(
            metavar="DIR",
            help="A spaCy pipeline folder whose word vectors a config with static vectors "
            "reads (e.g. models/nerx-news-en.cfg).",
            exists=True,
            file_okay=False,
            show_default=False,
        ),
    ] = None,
) -> None:
    """Train a spaCy NER pipeline on gold files (progress on stderr)."""
    from nerx.train import DEFAULT_CONFIG, parse_label_map
    from nerx.train import train as run_training

    saved = run_training(
        train_file,
        dev_file,
        output=output,
        config=config or DEFAULT_CONFIG,
        max_steps=max_steps,
        label_map=parse_label_map(map_ or []),
        extra=extra or [],
        extra_copies=extra_copies,
        keep=keep.value,
        version=version,
        vectors=vectors,
    )
    sys.stderr.write(f"Saved the trained pipeline to {saved}\n")


@app.command(cls=NerxCommand)
def show(
    file: Annotated[
        str,
        typer.Argument(
            metavar="FILE", help="An article file, a folder of them (each shown in turn), "
            "or - for standard input.", show_default=False
        ),
    ],
    model: ModelOption = None,
    labels: LabelsOption = DEFAULT_LABELS_VALUE,
    text_field: TextFieldOption = "text",
    id_field: IdFieldOption = "id",
) -> int:
    """Print an article (or each article of a folder) with its people, organisations and
    places highlighted."""
    from nerx import api
    from nerx.render import print_highlighted

    # Piped, the text keeps its own lines: no wrapping at 80 columns, no padding.
    console = _stdout_console(soft_wrap=not sys.stdout.isatty())
    errors = 0
    records = api.extract([file], model=model, labels=labels, include_text=True,
                          text_field=text_field, id_field=id_field)
    for record, text in _with_text(records, keep_text=False):
        print_highlighted(console, record, text)
        errors += "error" in record
    return EXIT_RUN_ERROR if errors else EXIT_OK


@app.command(cls=NerxCommand)
def report(
    paths: Annotated[
        list[str],
        typer.Argument(metavar="PATHS", help="Files and folders of articles.", show_default=False),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", metavar="FILE", help="The HTML file to write.", dir_okay=False
        ),
    ],
    model: ModelOption = None,
    labels: LabelsOption = DEFAULT_LABELS_VALUE,
    glob: GlobOption = None,
    top: Annotated[
        int, typer.Option(min=1, metavar="N", help="Entities per chart and pairs.")
    ] = 10,
    title: Annotated[str, typer.Option(metavar="TEXT", help="The report's title.")] = "nerx report",
    min_confidence: MinConfidenceOption = 0.0,
    text_field: TextFieldOption = "text",
    id_field: IdFieldOption = "id",
) -> int:
    """Write a self-contained HTML report: corpus overview and every article highlighted."""
    from nerx import api
    from nerx.report import render

    _check_output(output)
    records = api.extract(paths, model=model, labels=labels, include_text=True,
                          min_confidence=min_confidence, globs=_globs(glob),
                          text_field=text_field, id_field=id_field)
    report_ = _Report()
    items = list(_with_text(report_.watch_records(records), keep_text=False))
    html = render(items, top=top, title=title).encode()
    _emit(lambda stream, _: stream.write(html), output)
    sys.stderr.write(f"Wrote {output} ({_count(len(items), 'article')})\n")
    return EXIT_RUN_ERROR if report_.errors else EXIT_OK


def _check_output(output: Path | None) -> None:
    """Fail before any work when the output file cannot be written."""
    from nerx.output import check_destination

    if output is not None:
        check_destination(output)


class _Report:
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


class _Progress:
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


def _input_size(paths: list[str], globs: tuple[str, ...]) -> int | None:
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


def _emit(write: Callable[[IO[bytes], bool], object], output: Path | None) -> None:
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


def _write_to(records: Iterable[ArticleRecord], fmt: str, kind: str, stream: IO[bytes], *,
              terminal: bool, keep_text: bool) -> None:
    from nerx.output import csv_lines, jsonl_lines

    if fmt == "table":
        _write_tables(_with_text(records, keep_text), kind, stream, terminal=terminal)
        return
    lines = jsonl_lines(records, kind) if fmt == "jsonl" else csv_lines(records, kind)
    _write_lines(lines, stream)


def _with_text(records: Iterable[ArticleRecord],
               keep_text: bool) -> Iterator[tuple[ArticleRecord, str]]:
    """Each record (run with include_text) and its article's text, the text left in the
    record only when the user asked for it."""
    for record in records:
        text = record.get("text", "") if keep_text else record.pop("text", "")
        yield record, text


def _write_lines(lines: Iterable[bytes], stream: IO[bytes]) -> None:
    for line in lines:
        stream.write(line)
        stream.flush()


def _write_tables(
    items: Iterable[tuple[ArticleRecord, str]], kind: str, stream: IO[bytes], *, terminal: bool
) -> None:
    from nerx.render import print_article

    text_stream = io.TextIOWrapper(stream, encoding="utf-8", write_through=True)
    console = _stdout_console() if terminal else _file_console(text_stream)
    try:
        for record, text in items:
            print_article(console, record, text, kind)
    finally:
        text_stream.detach()


def _count(number: int, noun: str) -> str:
    """ "1 record", "2 records"."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _stdout_console(*, soft_wrap: bool = False) -> Any:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=soft_wrap)


def _file_console(stream: IO[str]) -> Any:
    from rich.console import Console

    return Console(file=stream, highlight=False, width=120, no_color=True)


def main() -> None:
    """The console script."""
    try:
        app()
    except SystemExit as e:
        if e.code == EXIT_INTERRUPTED:
            from nerx import workers

            workers.stop()
            if "nerx.cluster" in sys.modules:  # a --dask run: leave no scratch folder behind
                sys.modules["nerx.cluster"].abandon()
            # Worker queues' feeder threads can block interpreter exit after an interrupt.
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(EXIT_INTERRUPTED)
        raise
