"""The Python API: `from nerx import extract`."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator

from nerx import models
from nerx.defaults import DEFAULT_GLOBS
from nerx.labels import DEFAULT_LABELS, parse_labels
from nerx.pipeline import Result, Settings, check_labels, process
from nerx.reader import Article, ReadOptions, read_articles
from nerx.records import ArticleRecord

PathArg = str | os.PathLike[str]


def run(
    articles: Iterable[Article],
    *,
    model: str | None = None,
    labels: str | Iterable[str] = DEFAULT_LABELS,
    batch_size: int = 64,
    workers: int = 1,
    include_text: bool = False,
    progress: Callable[[int], None] | None = None,
) -> Iterator[Result]:
    """Articles in, Results (article and record) out, in input order. `progress`, if given,
    is called with the number of characters processed as the work goes on (a long article
    reports in pieces)."""
    nlp = models.load(model)
    settings = Settings(labels=parse_labels(labels), batch_size=batch_size, workers=workers,
                        include_text=include_text, progress=progress)
    check_labels(nlp, settings.labels)
    return process(articles, nlp, settings)


def extract(
    paths: PathArg | Iterable[PathArg],
    *,
    model: str | None = None,
    labels: str | Iterable[str] = DEFAULT_LABELS,
    batch_size: int = 64,
    workers: int = 1,
    include_text: bool = False,
    globs: Iterable[str] = DEFAULT_GLOBS,
    text_field: str = "text",
    id_field: str = "id",
) -> Iterator[ArticleRecord]:
    """Records for the articles in files, folders or `-` (stdin), one per article in input
    order, exactly as `nerx extract --format jsonl` writes them."""
    items = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    options = ReadOptions(globs=tuple(globs), text_field=text_field, id_field=id_field)
    articles = read_articles([os.fspath(path) for path in items], options)
    results = run(articles, model=model, labels=labels, batch_size=batch_size,
                  workers=workers, include_text=include_text)
    return (result.record for result in results)


def extract_text(
    text: str,
    *,
    id: str = "text",  # noqa: A002 - the record's field name
    model: str | None = None,
    labels: str | Iterable[str] = DEFAULT_LABELS,
) -> ArticleRecord:
    """The record for one text given as a string."""
    article = Article(id=id, source="<string>", text=text)
    return next(iter(run([article], model=model, labels=labels))).record
