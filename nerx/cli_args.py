"""The command line's shared argument and option types: each defined once, used by every
command that takes it (`nerx.cli`)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from nerx.defaults import DEFAULT_GLOBS, SUMMARY_GLOBS
from nerx.labels import DEFAULT_LABELS
from nerx.reader import StdinFormat


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


def globs(values: list[str] | None, default: tuple[str, ...] = DEFAULT_GLOBS) -> tuple[str, ...]:
    """--glob values, repeated or comma-separated."""
    return tuple(p.strip() for g in (values or default) for p in g.split(",") if p.strip())

# extract
PathsArgument = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="PATHS",
        help="Files, folders (recursive) or - for standard input (the default when it is "
        "piped).",
        show_default=False,
    ),
]
RecordsOption = Annotated[
    RecordKind, typer.Option(help="One line per article, per mention or per entity.")
]
StdinFormatOption = Annotated[
    StdinFormat,
    typer.Option(
        help="What - (standard input) holds; auto: HTML or JSON Lines when it looks like "
        "them, else text."
    ),
]
IncludeTextOption = Annotated[
    bool, typer.Option("--include-text", help="Add each article's text to its record.")
]
BatchSizeOption = Annotated[int, typer.Option(min=1, metavar="N", help="Texts per spaCy batch.")]
WorkersOption = Annotated[int, typer.Option(min=1, metavar="N", help="Worker processes.")]
WorkerTimeoutOption = Annotated[
    float,
    typer.Option(
        min=0, metavar="SECONDS",
        help="With --workers: the seconds a worker may take on an article (and on each "
        "10,000 characters of it) before it is stopped and the article gets an error "
        "record; the rest of its batch is run again. 0: no limit.",
    ),
]
ResumeOption = Annotated[
    bool,
    typer.Option(
        "--resume",
        help="With --output: reuse the records of unchanged articles already "
        "there (or kept by an interrupted run) and process only the rest.",
    ),
]
DaskOption = Annotated[
    str | None,
    typer.Option(
        "--dask",
        metavar="SPEC",
        help="Run on Dask: local, local:N (N worker processes) or "
        "tcp://HOST:PORT (a running scheduler).",
        show_default=False,
    ),
]
OutputDirOption = Annotated[
    str | None,
    typer.Option(
        "--output-dir",
        metavar="DIR",
        help="With --dask: workers write part-NNNNN.jsonl files and a "
        "manifest.json to this folder (path or URL).",
        show_default=False,
    ),
]

# summarize
SummaryPathsArgument = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="PATHS",
        help="nerx JSON Lines files, articles (extracted first), folders of either, or - "
        "for standard input (the default when it is piped).",
        show_default=False,
    ),
]
SummaryLabelsOption = Annotated[
    str | None,
    typer.Option(
        metavar="LABELS", help="Only these labels, comma-separated.", show_default="all"
    ),
]
TopOption = Annotated[int, typer.Option(min=1, metavar="N", help="How many entities and pairs.")]
SummaryGlobOption = Annotated[
    list[str] | None,
    typer.Option(
        metavar="PATTERN",
        help="File patterns to read in folders (repeat or comma-separate).",
        show_default=",".join(SUMMARY_GLOBS),
    ),
]

# evaluate
GoldArgument = Annotated[
    list[str],
    typer.Argument(
        metavar="GOLD",
        help="Gold files: IOB2/CoNLL (.txt, .iob2, ...) or JSONL with text and spans.",
        show_default=False,
    ),
]
EvalFormatOption = Annotated[
    EvalFormat, typer.Option("--format", "-f", help="A table, or the scores as JSON.")
]
AblateOption = Annotated[
    bool,
    typer.Option(
        "--ablate",
        help="Instead of per-label scores: micro-F1 without each mention rule and entity "
        "join in turn, the model run once (--workers is not used).",
    ),
]

# show and report
FileArgument = Annotated[
    str,
    typer.Argument(
        metavar="FILE", help="An article file, a folder of them (each shown in turn), "
        "or - for standard input.", show_default=False
    ),
]
ReportPathsArgument = Annotated[
    list[str],
    typer.Argument(metavar="PATHS", help="Files and folders of articles.", show_default=False),
]
ReportOutputOption = Annotated[
    Path,
    typer.Option(
        "--output", "-o", metavar="FILE", help="The HTML file to write.", dir_okay=False
    ),
]
ReportTopOption = Annotated[
    int, typer.Option(min=1, metavar="N", help="Entities per chart and pairs.")
]
TitleOption = Annotated[str, typer.Option(metavar="TEXT", help="The report's title.")]

# train
TrainArgument = Annotated[
    Path,
    typer.Argument(
        metavar="TRAIN",
        help="Training data: IOB2/CoNLL or JSONL gold file.",
        exists=True,
        dir_okay=False,
    ),
]
DevArgument = Annotated[
    Path,
    typer.Argument(
        metavar="DEV",
        help="Development data, for choosing the best model.",
        exists=True,
        dir_okay=False,
    ),
]
TrainOutputOption = Annotated[
    Path,
    typer.Option(
        "--output",
        "-o",
        metavar="DIR",
        help="Folder for the trained pipeline, e.g. models/NAME.",
    ),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        metavar="FILE",
        help="spaCy training config.",
        show_default="models/nerx-conll-en.cfg",
        exists=True,
        dir_okay=False,
    ),
]
MaxStepsOption = Annotated[
    int | None,
    typer.Option(
        min=1, metavar="N", help="Stop after this many updates.", show_default="the config's"
    ),
]
MapOption = Annotated[
    list[str] | None,
    typer.Option(
        "--map",
        metavar="GOLD=MODEL",
        help="GOLD=MODEL label mapping, repeatable (PER=PERSON is implied); "
        "GOLD= leaves that label unannotated.",
        show_default=False,
    ),
]
ExtraOption = Annotated[
    list[Path] | None,
    typer.Option(
        metavar="FILE",
        help="More training data (e.g. your own domain's), repeatable.",
        exists=True,
        dir_okay=False,
        show_default=False,
    ),
]
ExtraCopiesOption = Annotated[
    int,
    typer.Option(
        min=1,
        metavar="N",
        help="Repeat each --extra file this many times (to weigh a small set).",
    ),
]
KeepOption = Annotated[
    Keep, typer.Option(help="Save the best model on DEV, or the model after the last update.")
]
VersionOption = Annotated[
    str,
    typer.Option(
        metavar="VERSION", help="The pipeline's version, written into records with its name."
    ),
]
VectorsOption = Annotated[
    Path | None,
    typer.Option(
        metavar="DIR",
        help="A spaCy pipeline folder whose word vectors a config with static vectors "
        "reads (e.g. models/nerx-news-en.cfg).",
        exists=True,
        file_okay=False,
        show_default=False,
    ),
]
