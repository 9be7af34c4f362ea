"""--workers N: a pool of forked processes, each running the whole pipeline on batches of
articles; this process only reads articles and writes records.

The parent loads the model before forking, so workers share its memory and never load it
again. At most 2 x N batches are in flight (memory stays flat however long the input), results
come back in input order, and each worker is replaced after `RECYCLE` batches, which returns
the memory spaCy's vocabulary gains from every new word it sees."""

from __future__ import annotations

import itertools
import multiprocessing
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from nerx.reader import Article

if TYPE_CHECKING:
    from spacy.language import Language

    from nerx.pipeline import Result, Settings
    from nerx.records import ArticleRecord

RECYCLE = 40
_NLP: Language | None = None
_SETTINGS: Settings | None = None
# Pools now running, so that an interrupted run can stop its workers before it exits.
_POOLS: list[Any] = []


def available() -> bool:
    """Forking is how workers get the loaded model."""
    return "fork" in multiprocessing.get_all_start_methods()


def run(articles: Iterable[Article], nlp: Language, settings: Settings) -> Iterator[Result]:
    """Results in input order, computed by `settings.workers` processes."""
    global _NLP, _SETTINGS
    _NLP, _SETTINGS = nlp, replace(settings, workers=1)
    context = multiprocessing.get_context("fork")
    batches = _batches(articles, settings.batch_size)
    with context.Pool(settings.workers, initializer=_quiet_signals,
                      maxtasksperchild=RECYCLE) as pool:
        _POOLS.append(pool)
        try:
            yield from _in_order(pool, batches, settings.workers)
        finally:
            _POOLS.remove(pool)


def stop() -> None:
    """Kill the running pools' workers (on an interrupt, before the process exits: a worker
    left running would find the parent gone and print a traceback)."""
    for pool in _POOLS:
        pool.terminate()


def _in_order(pool: Any, batches: Iterator[list[Article]], workers: int) -> Iterator[Result]:
    from nerx.pipeline import Result

    in_flight: deque[tuple[list[Article], Any]] = deque()
    for batch in itertools.islice(batches, 2 * workers):
        in_flight.append((batch, pool.apply_async(_work, (batch,))))
    while in_flight:
        batch, pending = in_flight.popleft()
        records: list[ArticleRecord] = pending.get()
        if (following := next(batches, None)) is not None:
            in_flight.append((following, pool.apply_async(_work, (following,))))
        for article, record in zip(batch, records, strict=True):
            yield Result(article, record, reused=article.previous is not None)


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(articles)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _quiet_signals() -> None:
    # Ctrl-C reaches the whole process group: the parent stops the pool, workers stay quiet.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _work(batch: list[Article]) -> list[ArticleRecord]:
    from nerx.pipeline import process

    assert _NLP is not None and _SETTINGS is not None
    return [result.record for result in process(batch, _NLP, _SETTINGS)]
