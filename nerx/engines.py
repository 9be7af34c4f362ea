"""The engines that run articles through the pipeline, behind one protocol: `Local` (this
process, or `options.workers` forked processes) and `Dask` (a cluster). `engine(options)`
chooses one; the API (`nerx.api`) never asks which it has. Every engine gives the records of
a local serial run, in input order."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Protocol

from nerx import workers
from nerx.errors import UsageError
from nerx.options import Options
from nerx.pipeline import Result, load_checked, process
from nerx.reader import STDIN, Article, read_articles
from nerx.records import ArticleRecord

if TYPE_CHECKING:
    from spacy.language import Language

    from nerx.cluster import PartSummary


class Engine(Protocol):
    """Runs articles through the pipeline."""

    @property
    def resumable(self) -> bool:
        """Whether it can run the articles --resume did not reuse (`records_of`)."""
        ...

    def records(self, paths: list[str], options: Options) -> Iterator[ArticleRecord]:
        """Every article's record in the files, folders or `-` of `paths`, in input order."""
        ...

    def records_of(self, articles: Iterable[Article],
                   options: Options) -> Iterator[ArticleRecord]:
        """The records of articles already read (what --resume did not reuse)."""
        ...

    def parts(self, paths: list[str], folder: str, options: Options) -> list[PartSummary]:
        """The records written as part files under `folder` (--output-dir)."""
        ...


def engine(options: Options) -> Engine:
    """The engine `options` asks for: Dask when it names a cluster, else this machine."""
    return Dask(options.dask) if options.dask is not None else Local()


@dataclass(frozen=True)
class Local:
    """This process, or `options.workers` forked worker processes."""

    resumable: bool = True

    def records(self, paths: list[str], options: Options) -> Iterator[ArticleRecord]:
        return self.records_of(read_articles(paths, options.read), options)

    def records_of(self, articles: Iterable[Article],
                   options: Options) -> Iterator[ArticleRecord]:
        return (result.record for result in results(articles, options))

    def parts(self, paths: list[str], folder: str, options: Options) -> list[PartSummary]:
        raise UsageError("--output-dir needs --dask")


@dataclass(frozen=True)
class Dask:
    """A Dask cluster: `local`, `local:N` or a scheduler's address."""

    spec: str
    resumable: bool = False

    def records(self, paths: list[str], options: Options) -> Iterator[ArticleRecord]:
        from nerx import cluster

        _files_only(paths)
        return cluster.records(paths, options)  # type: ignore[return-value]

    def records_of(self, articles: Iterable[Article],
                   options: Options) -> Iterator[ArticleRecord]:
        raise UsageError("--resume does not work with --dask")

    def parts(self, paths: list[str], folder: str, options: Options) -> list[PartSummary]:
        from nerx import cluster

        _files_only(paths)
        return cluster.extract_parts(paths, folder, options)


def _files_only(paths: list[str]) -> None:
    if STDIN in paths:
        raise UsageError("--dask reads files and URLs, not standard input (-)")


def results(articles: Iterable[Article], options: Options) -> Iterator[Result]:
    """Articles in, Results (article and record) out, in input order, in this process or in
    `options.workers` forked processes."""
    nlp = load_checked(options)
    if options.workers > 1 and workers.available():
        return _on_workers(articles, nlp, options)
    return process(articles, nlp, options)


# A --worker-timeout this long (or infinite) is no limit.
_LONGEST_TIMEOUT = 1e6


def _on_workers(articles: Iterable[Article], nlp: Language,
                options: Options) -> Iterator[Result]:
    from nerx import geo

    geo.gazetteer()  # loaded before the fork: the workers share it, as they share the model
    here = replace(options, workers=1, progress=None)

    def work(batch: list[Article]) -> list[ArticleRecord]:
        return [result.record for result in process(batch, nlp, here)]

    def lost(batch: list[Article], why: str) -> list[ArticleRecord]:
        what = why if why.startswith("timed out") else f"died ({why})"
        return work([replace(article, error=article.error or f"{article.source}: the worker "
                             f"process running it {what}") for article in batch])

    def timeout(batch: list[Article]) -> float:
        return options.worker_timeout * (len(batch) + sum(len(a.text) for a in batch) / 10_000)

    limited = 0 < options.worker_timeout < _LONGEST_TIMEOUT
    for batch in workers.run(articles, work, lost, size=options.workers,
                             batch_size=options.batch_size,
                             timeout=timeout if limited else None):
        if options.progress is not None:
            options.progress(sum(len(article.text) for article, _ in batch))
        for article, record in batch:
            yield Result(article, record)
