"""The Python API: `from nerx import extract`. Everything `nerx extract` does is here: worker
processes, Dask, --resume and the checkpointed output; the CLI only validates and emits.

Every function takes one `Options` (or its fields as keywords, or both: the keywords change
the given options)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Unpack

from nerx import engines, models
from nerx.errors import UsageError, run_errors, write_error
from nerx.options import OptionChanges, Options
from nerx.pipeline import Result
from nerx.reader import Article, read_articles
from nerx.records import ArticleRecord

if TYPE_CHECKING:

    from nerx.cluster import PartSummary

PathArg = str | os.PathLike[str]


@dataclass(frozen=True)
class Written:
    """What `extract_to` wrote."""

    records: int
    reused: int
    errors: int


def options_from(options: Options | None, changes: OptionChanges) -> Options:
    """`options` (or the defaults) with `changes` to its fields."""
    return replace(options or Options(), **changes)  # type: ignore[arg-type]


def run(articles: Iterable[Article], options: Options | None = None, /,
        **changes: Unpack[OptionChanges]) -> Iterator[Result]:
    """Articles in, Results (article and record) out, in input order, in this process or in
    `options.workers` forked processes."""
    return engines.results(articles, options_from(options, changes))


def extract(paths: PathArg | Iterable[PathArg], options: Options | None = None, /,
            **changes: Unpack[OptionChanges]) -> Iterator[ArticleRecord]:
    """Records for the articles in files, folders or `-` (stdin), one per article in input
    order, exactly as `nerx extract --format jsonl` writes them; on a Dask cluster when
    `options.dask` names one."""
    options = options_from(options, changes)
    return engines.engine(options).records(_paths(paths), options)


def extract_to(output: PathArg, paths: PathArg | Iterable[PathArg],
               options: Options | None = None, /, *, resume: bool = False,
               each: Callable[[ArticleRecord], object] | None = None,
               **changes: Unpack[OptionChanges]) -> Written:
    """Records written to `output` as JSON Lines, atomically: the file changes only when the
    run completes. New records also go to a checkpoint beside it as they are made, so that
    a run interrupted or failed can be taken up again with `resume=True`, which reuses the
    records of unchanged articles (same id, text and model) and processes only the rest. The
    options that shape records are kept beside `output` (`.FILE.options.json`): a resume with
    others is refused (UsageError) rather than mixing two runs' records.
    `each` is called with every record, in order, as it is written."""
    from nerx.output import atomic_file, is_special
    from nerx.resume import check_settings, checkpoint, record_settings, save_settings

    options = options_from(options, changes)
    target = Path(output)
    if is_special(target):  # /dev/null, a named pipe: nothing to resume, nothing beside it
        if resume:
            raise UsageError(f"--resume needs a regular file, and {target} is a device or pipe")
        return _written_through(target, paths, options, each)
    target = Path(os.path.realpath(target)) if target.is_symlink() else target
    settings = record_settings(options, models.model_name(models.load(options.model)))
    if resume:
        check_settings(target, settings)
    pairs = run_errors(_resumed(target, _paths(paths), options) if resume else
                       ((record, False) for record in extract(paths, options)))
    written = reused = errors = 0
    try:
        with checkpoint(target, settings, resume=resume) as log, atomic_file(target) as stream:
            for record, old in pairs:
                line = _json_line(record)
                stream.write(line)
                if not old:
                    log.write(line)
                    log.flush()
                if each is not None:
                    each(record)
                written, reused, errors = written + 1, reused + old, errors + ("error" in record)
        save_settings(target, settings)
    except BrokenPipeError:
        raise
    except OSError as e:
        raise write_error(e, target) from None
    return Written(written, reused, errors)


def _written_through(target: Path, paths: PathArg | Iterable[PathArg], options: Options,
                     each: Callable[[ArticleRecord], object] | None) -> Written:
    """Records written straight to a device or FIFO, with no checkpoint."""
    written = errors = 0
    try:
        with open(target, "wb") as stream:
            for record in run_errors(extract(paths, options)):
                stream.write(_json_line(record))
                stream.flush()
                if each is not None:
                    each(record)
                written, errors = written + 1, errors + ("error" in record)
    except BrokenPipeError:
        raise
    except OSError as e:
        raise write_error(e, target) from None
    return Written(written, 0, errors)


def extract_parts(folder: str, paths: PathArg | Iterable[PathArg],
                  options: Options | None = None, /,
                  **changes: Unpack[OptionChanges]) -> list[PartSummary]:
    """Records written by the Dask cluster `options.dask` to part-NNNNN.jsonl files and a
    manifest.json under `folder` (a path or URL); what each part holds."""
    options = options_from(options, changes)
    return engines.engine(options).parts(_paths(paths), folder, options)


def extract_text(text: str, options: Options | None = None, /, *,
                 id: str = "text",  # noqa: A002 - the record's field name
                 **changes: Unpack[OptionChanges]) -> ArticleRecord:
    """The record for one text given as a string."""
    article = Article(id=id, source="<string>", text=text)
    return next(iter(run([article], options, **changes))).record


def _resumed(output: Path, paths: list[str],
             options: Options) -> Iterator[tuple[ArticleRecord, bool]]:
    from nerx.resume import ResumeIndex, checkpoint_path, reusing

    chosen = engines.engine(options)
    if not chosen.resumable:
        raise UsageError("--resume does not work with --dask")
    index = ResumeIndex([output, checkpoint_path(output)])
    model = models.model_name(models.load(options.model))
    return reusing(read_articles(paths, options.read), index, model,
                   lambda articles: chosen.records_of(articles, options))


def _paths(paths: PathArg | Iterable[PathArg]) -> list[str]:
    items = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    return [os.fspath(path) for path in items]


def _json_line(record: ArticleRecord) -> bytes:
    import orjson

    return orjson.dumps(record) + b"\n"
