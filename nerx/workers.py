"""--workers N: forked processes, each running the whole pipeline on batches of articles;
this process only reads articles and writes records.

The parent loads the model before forking, so workers share its memory and never load it
again. Each worker has a pipe of its own and one batch at a time; at most 2 x N batches are
in flight or waiting to be written (memory stays flat however long the input); results come
back in input order; each worker is replaced after `RECYCLE` batches, which returns the memory
spaCy's vocabulary gains from every new word it sees. A worker that dies (killed, out of
memory) costs its batch an error record each, never the run. When the reader stops early
(`| head`), on an interrupt or an error, the workers are killed at once: nothing waits on
them, so the run cannot hang on its way out."""

from __future__ import annotations

import itertools
import multiprocessing
import signal
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING, Any

from nerx.reader import Article

if TYPE_CHECKING:
    from spacy.language import Language

    from nerx.pipeline import Result, Settings
    from nerx.records import ArticleRecord

RECYCLE = 40
# Worker processes now running, so that an interrupted run can kill them before it exits.
_LIVE: set[Any] = set()


def available() -> bool:
    """Forking is how workers get the loaded model."""
    return "fork" in multiprocessing.get_all_start_methods()


@dataclass
class _Worker:
    process: Any
    conn: Connection
    batches: int = 0
    seq: int | None = None  # the batch it is working on


def run(articles: Iterable[Article], nlp: Language, settings: Settings) -> Iterator[Result]:
    """Results in input order, computed by `settings.workers` processes."""
    single = replace(settings, workers=1, progress=None)
    pool = [_start(nlp, single) for _ in range(settings.workers)]
    try:
        for batch in _in_order(pool, _batches(articles, settings.batch_size), nlp, single):
            if settings.progress is not None:
                settings.progress(sum(len(result.article.text) for result in batch))
            yield from batch
    finally:
        for worker in pool:
            _kill(worker)


def stop() -> None:
    """Kill every running worker (on an interrupt, before the process exits: a worker left
    running would find the parent gone)."""
    for process in list(_LIVE):
        process.kill()
        _LIVE.discard(process)


def _in_order(pool: list[_Worker], batches: Iterator[list[Article]], nlp: Language,
              settings: Settings) -> Iterator[list[Result]]:
    from nerx.pipeline import Result

    window = 2 * len(pool)
    sent: dict[int, list[Article]] = {}
    done: dict[int, list[ArticleRecord]] = {}
    numbered = enumerate(batches)
    next_out = 0
    exhausted = False
    while True:
        for worker in pool:
            if worker.seq is None and not exhausted and len(sent) < window:
                if (item := next(numbered, None)) is None:
                    exhausted = True
                else:
                    worker.seq, sent[item[0]] = item
                    _send(pool, worker, item[1], nlp, settings)
        if next_out in done:
            batch, records = sent.pop(next_out), done.pop(next_out)
            next_out += 1
            yield [Result(article, record, reused=article.previous is not None)
                   for article, record in zip(batch, records, strict=True)]
            continue
        busy = {worker.conn: worker for worker in pool if worker.seq is not None}
        if not busy:
            return
        for conn in wait(list(busy)):
            _collect(pool, busy[conn], sent, done, nlp, settings)  # type: ignore[index]


def _send(pool: list[_Worker], worker: _Worker, batch: list[Article], nlp: Language,
          settings: Settings) -> None:
    """Give a worker its batch; one that died while idle (killed, out of memory) is
    replaced first."""
    try:
        worker.conn.send(batch)
    except OSError:
        seq = worker.seq
        _kill(worker)
        fresh = _start(nlp, settings)
        fresh.seq = seq
        pool[pool.index(worker)] = fresh
        fresh.conn.send(batch)


def _collect(pool: list[_Worker], worker: _Worker, sent: dict[int, list[Article]],
             done: dict[int, list[ArticleRecord]], nlp: Language, settings: Settings) -> None:
    """Take a worker's records, or error records for its batch when it died; replace it
    when it died or has done its share."""
    assert worker.seq is not None
    try:
        records: list[ArticleRecord] = worker.conn.recv()
    except (EOFError, OSError):
        worker.process.join(timeout=1)
        records = _lost(sent[worker.seq], worker.process.exitcode, nlp, settings)
        worker.batches = RECYCLE
    done[worker.seq] = records
    worker.seq = None
    worker.batches += 1
    if worker.batches >= RECYCLE:
        _kill(worker)
        pool[pool.index(worker)] = _start(nlp, settings)


def _lost(batch: list[Article], exitcode: int | None, nlp: Language,
          settings: Settings) -> list[ArticleRecord]:
    from nerx.pipeline import process

    why = f"exit code {exitcode}" if exitcode is not None else "no reply"
    failed = [replace(article, error=article.error or f"{article.source}: the worker process "
                      f"running it died ({why})") for article in batch]
    return [result.record for result in process(failed, nlp, settings)]


def _start(nlp: Language, settings: Settings) -> _Worker:
    context = multiprocessing.get_context("fork")
    parent_end, child_end = context.Pipe()
    process = context.Process(target=_serve, args=(child_end, parent_end, nlp, settings),
                              daemon=True)
    process.start()
    child_end.close()
    _LIVE.add(process)
    return _Worker(process, parent_end)


def _kill(worker: _Worker) -> None:
    worker.conn.close()
    if worker.process.is_alive():
        worker.process.kill()
    worker.process.join()
    _LIVE.discard(worker.process)


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(articles)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _serve(conn: Connection, parent_end: Connection, nlp: Language, settings: Settings) -> None:
    """A worker: batches in, records out, until the pipe closes."""
    from nerx.pipeline import process

    # Ctrl-C reaches the whole process group: the parent stops the workers, they stay quiet.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    parent_end.close()  # else this process keeps its own pipe open and never sees it close
    while True:
        try:
            batch: list[Article] = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send([result.record for result in process(batch, nlp, settings)])
        except (BrokenPipeError, OSError):
            return
