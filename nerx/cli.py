"""The `nerx` command line: a thin layer over the library."""

from __future__ import annotations

import os
import re
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperCommand, TyperGroup

from nerx.cli_args import (
    DEFAULT_LABELS_VALUE,
    AblateOption,
    BatchSizeOption,
    ConfigOption,
    DaskOption,
    DevArgument,
    EvalFormat,
    EvalFormatOption,
    ExtraCopiesOption,
    ExtraOption,
    FileArgument,
    Format,
    FormatOption,
    GlobOption,
    GoldArgument,
    IdFieldOption,
    IncludeTextOption,
    Keep,
    KeepOption,
    LabelsOption,
    MapOption,
    MaxStepsOption,
    MinConfidenceOption,
    ModelOption,
    OutputDirOption,
    OutputOption,
    PathsArgument,
    RecordKind,
    RecordsOption,
    ReportOutputOption,
    ReportPathsArgument,
    ReportTopOption,
    ResumeOption,
    StdinFormatOption,
    SummaryGlobOption,
    SummaryLabelsOption,
    SummaryPathsArgument,
    TextFieldOption,
    TitleOption,
    TopOption,
    TrainArgument,
    TrainOutputOption,
    VectorsOption,
    VersionOption,
    WorkersOption,
    WorkerTimeoutOption,
    globs,
)
from nerx.cli_io import (
    Progress,
    Report,
    check_output,
    count,
    emit,
    emit_rows,
    input_size,
    paths_or_stdin,
    stdout_console,
    with_text,
    write_records,
)
from nerx.defaults import SUMMARY_GLOBS
from nerx.errors import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_RUN_ERROR,
    EXIT_USAGE,
    InterruptError,
    NerxError,
    UsageError,
    run_errors,
    write_error,
)
from nerx.reader import StdinFormat

if TYPE_CHECKING:
    pass


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
        except BrokenPipeError:
            raise
        except OSError as e:  # a full disk or device under a table or a highlighted article
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            error = write_error(e, e.filename or "standard output")
            _fail(str(error), error.exit_code)
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


@app.command(cls=NerxCommand)
def extract(
    paths: PathsArgument = None,
    model: ModelOption = None,
    labels: LabelsOption = DEFAULT_LABELS_VALUE,
    format_: FormatOption = Format.auto,
    output: OutputOption = None,
    records: RecordsOption = RecordKind.articles,
    glob: GlobOption = None,
    text_field: TextFieldOption = "text",
    id_field: IdFieldOption = "id",
    stdin_format: StdinFormatOption = StdinFormat.auto,
    include_text: IncludeTextOption = False,
    min_confidence: MinConfidenceOption = 0.0,
    batch_size: BatchSizeOption = 64,
    workers: WorkersOption = 1,
    worker_timeout: WorkerTimeoutOption = 10.0,
    resume: ResumeOption = False,
    dask: DaskOption = None,
    output_dir: OutputDirOption = None,
) -> int:
    """Extract people, organisations and places from articles."""
    from nerx.labels import parse_labels
    from nerx.options import Options

    check_output(output, paths)
    paths = paths_or_stdin(paths)
    fmt = _extract_format(format_, output, records, resume)
    progress, report = Progress(total_chars=input_size(paths, globs(glob))), Report()
    options = Options(
        model=model, labels=parse_labels(labels), min_confidence=min_confidence,
        batch_size=batch_size,
        workers=workers, worker_timeout=worker_timeout, dask=dask,
        include_text=include_text or fmt == "table", globs=globs(glob), text_field=text_field,
        id_field=id_field, stdin_format=stdin_format.value, progress=progress.add_chars)
    if output_dir is not None:
        return _extract_parts(output_dir, paths, options)
    _write_extraction(paths, options, fmt, records.value, output, resume, include_text,
                      (progress, report))
    return report.exit_code()


def _write_extraction(paths: list[str], options: Any, fmt: str, kind: str,
                      output: Path | None, resume: bool, keep_text: bool,
                      watchers: tuple[Progress, Report]) -> None:
    """The records to stdout or `output` (checkpointed for articles as JSON Lines), each
    error and warning reported as it comes; `keep_text`: the article's text in its record."""
    progress, report = watchers
    try:
        if output is not None and fmt == "jsonl" and kind == RecordKind.articles.value:
            _extract_to(output, paths, options, resume, lambda r: report.note(progress.advance(r)))
        else:
            stream = progress.watch(report.watch_records(run_errors(_api().extract(paths,
                                                                                   options))))
            emit(lambda out, terminal: write_records(stream, fmt, kind, out, terminal=terminal,
                                                     keep_text=keep_text), output)
    except KeyboardInterrupt:
        kept = f"; progress kept, rerun with --output {output} --resume" if output else ""
        raise InterruptError(f"interrupted{kept}") from None


def _api() -> Any:
    from nerx import api

    return api


def _extract_format(format_: Format, output: Path | None, records: RecordKind,
                    resume: bool) -> str:
    """The output format `auto` resolves to; UsageError for --resume without what it needs."""
    from nerx.output import choose_format

    fmt = choose_format(format_.value, output, sys.stdout.isatty())
    if resume and (output is None or fmt != "jsonl" or records != RecordKind.articles):
        raise UsageError("--resume needs --output FILE with --format jsonl and --records articles")
    return fmt


def _extract_to(output: Path, paths: list[str], options: Any, resume: bool,
                each: Callable[[Any], object]) -> None:
    """Article records to `output`, checkpointed; with --resume, what was reused."""
    written = _api().extract_to(output, paths, options, resume=resume, each=each)
    if resume:
        sys.stderr.write(f"Reused {count(written.reused, 'record')} of {written.records}, "
                         f"processed {written.records - written.reused}; wrote {output}\n")


def _extract_parts(output_dir: str, paths: list[str], options: Any) -> int:
    summaries = _api().extract_parts(output_dir, paths, options)
    errors = sum(summary.errors for summary in summaries)
    articles = sum(summary.articles for summary in summaries)
    sys.stderr.write(f"Wrote {count(articles, 'record')} in {count(len(summaries), 'part')} "
                     f"to {output_dir}\n")
    if errors:
        sys.stderr.write(f"Error: {count(errors, 'article')} could not be processed "
                         "(see the records' error field)\n")
    return EXIT_RUN_ERROR if errors else EXIT_OK


@app.command(cls=NerxCommand)
def models(format_: FormatOption = Format.auto, output: OutputOption = None) -> None:
    """List the pipelines nerx can use and which one is the default."""
    from nerx.models import available
    from nerx.output import choose_format

    check_output(output)
    found = [model.__dict__ for model in available()]
    fmt = choose_format(format_.value, output, sys.stdout.isatty())
    if fmt == "table":
        from nerx.render import print_models

        print_models(stdout_console(), found)
        return
    emit_rows(found, list(found[0]), fmt, output)


@app.command(cls=NerxCommand)
def summarize(
    paths: SummaryPathsArgument = None,
    model: ModelOption = None,
    labels: SummaryLabelsOption = None,
    top: TopOption = 20,
    glob: SummaryGlobOption = None,
    min_confidence: MinConfidenceOption = 0.0,
    format_: FormatOption = Format.auto,
    output: OutputOption = None,
) -> int:
    """Entities across a corpus and the entities that appear together most often."""
    from nerx.labels import parse_labels
    from nerx.output import choose_format
    from nerx.summary import corpus_records
    from nerx.summary import summarize as summarize_records

    check_output(output)
    records = corpus_records(paths_or_stdin(paths), globs=globs(glob, SUMMARY_GLOBS),
                             model=model, min_confidence=min_confidence)
    report = Report()
    summary = summarize_records(report.watch_records(records), top=top,
                                labels=parse_labels(labels) if labels else None)
    fmt = choose_format(format_.value, output, sys.stdout.isatty())
    if fmt == "table":
        from nerx.render import print_summary

        print_summary(stdout_console(), summary)
        return report.exit_code()
    columns = ["type", "name", "label", "articles", "mentions", "aliases", "other", "other_label",
               "places"]
    emit_rows(summary.rows(), columns, fmt, output)
    return report.exit_code()


@app.command(cls=NerxCommand)
def evaluate(
    gold: GoldArgument,
    model: ModelOption = None,
    labels: LabelsOption = DEFAULT_LABELS_VALUE,
    format_: EvalFormatOption = EvalFormat.table,
    batch_size: BatchSizeOption = 64,
    workers: WorkersOption = 1,
    ablate: AblateOption = False,
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
        emit(lambda stream, _: stream.write(data), None)
        return
    from nerx.render import print_ablation, print_evaluation

    if isinstance(result, Ablation):
        print_ablation(stdout_console(), result)
    else:
        print_evaluation(stdout_console(), result)


@app.command(cls=NerxCommand)
def train(
    train_file: TrainArgument,
    dev_file: DevArgument,
    output: TrainOutputOption,
    config: ConfigOption = None,
    max_steps: MaxStepsOption = None,
    map_: MapOption = None,
    extra: ExtraOption = None,
    extra_copies: ExtraCopiesOption = 1,
    keep: KeepOption = Keep.best,
    version: VersionOption = "0.1.0",
    vectors: VectorsOption = None,
) -> None:
    """Train a spaCy NER pipeline on gold files (progress on stderr)."""
    from nerx.train import DEFAULT_CONFIG, parse_label_map
    from nerx.train import train as run_training

    saved = run_training(
        train_file, dev_file, output=output, config=config or DEFAULT_CONFIG,
        max_steps=max_steps, label_map=parse_label_map(map_ or []), extra=extra or [],
        extra_copies=extra_copies, keep=keep.value, version=version, vectors=vectors)
    sys.stderr.write(f"Saved the trained pipeline to {saved}\n")


@app.command(cls=NerxCommand)
def show(
    file: FileArgument,
    model: ModelOption = None,
    labels: LabelsOption = DEFAULT_LABELS_VALUE,
    text_field: TextFieldOption = "text",
    id_field: IdFieldOption = "id",
) -> int:
    """Print an article (or each article of a folder) with its people, organisations and
    places highlighted."""
    from nerx.render import print_highlighted

    # Piped, the text keeps its own lines: no wrapping at 80 columns, no padding.
    console = stdout_console(soft_wrap=not sys.stdout.isatty())
    errors = 0
    records = _api().extract([file], model=model, labels=labels, include_text=True,
                             text_field=text_field, id_field=id_field)
    for record, text in with_text(records, keep_text=False):
        print_highlighted(console, record, text)
        errors += "error" in record
    return EXIT_RUN_ERROR if errors else EXIT_OK


@app.command(cls=NerxCommand)
def report(
    paths: ReportPathsArgument,
    output: ReportOutputOption,
    model: ModelOption = None,
    labels: LabelsOption = DEFAULT_LABELS_VALUE,
    glob: GlobOption = None,
    top: ReportTopOption = 10,
    title: TitleOption = "nerx report",
    min_confidence: MinConfidenceOption = 0.0,
    text_field: TextFieldOption = "text",
    id_field: IdFieldOption = "id",
) -> int:
    """Write a self-contained HTML report: corpus overview and every article highlighted."""
    from nerx.report import render

    check_output(output)
    records = _api().extract(paths, model=model, labels=labels, include_text=True,
                             min_confidence=min_confidence, globs=globs(glob),
                             text_field=text_field, id_field=id_field)
    report_ = Report()
    items = list(with_text(report_.watch_records(records), keep_text=False))
    html = render(items, top=top, title=title).encode()
    emit(lambda stream, _: stream.write(html), output)
    sys.stderr.write(f"Wrote {output} ({count(len(items), 'article')})\n")
    return EXIT_RUN_ERROR if report_.errors else EXIT_OK


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
