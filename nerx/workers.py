"""--workers N: forked processes, each running the whole pipeline on batches of articles;
this process only reads articles and writes records.

The parent loads the model before forking, so workers share its memory and never load it
again. Each worker has a pipe of its own and one batch at a time; at most 2 x N batches are
in flight or waiting to be written, and results come back in input order (`ordered.in_order`,
the rule the Dask engine follows too); each worker is replaced after `RECYCLE` batches, which
returns the memory spaCy's vocabulary gains from every new word it sees. A worker that dies
(killed, out of memory) costs its batch an error record each, never the run. When the reader
stops early (`| head`), on an interrupt or an error, the workers are killed at once: nothing
waits on them, so the run cannot hang on its way out."""

from __future__ import annotations

import itertools
import multiprocessing
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING, Any

from nerx.ordered import in_order
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
    pool = _Pool(nlp, replace(settings, workers=1, progress=None), settings.workers)
    try:
        for batch in in_order(_batches(articles, settings.batch_size), pool.submit,
                              pool.result, 2 * settings.workers):
            if settings.progress is not None:
                settings.progress(sum(len(result.article.text) for result in batch))
            yield from batch
    finally:
        pool.close()


def stop() -> None:
    """Kill every running worker (on an interrupt, before the process exits: a worker left
    running would find the parent gone)."""
    for process in list(_LIVE):
        process.kill()
        _LIVE.discard(process)


class _Pool:
    """Worker processes, a queue of numbered batches, and the records that came back."""

    def __init__(self, nlp: Language, settings: Settings, size: int) -> None:
        self.nlp, self.settings = nlp, settings
        self.workers = [_start(nlp, settings) for _ in range(size)]
        self.numbers = itertools.count()
        self.queue: deque[int] = deque()
        self.sent: dict[int, list[Article]] = {}
        self.done: dict[int, list[ArticleRecord]] = {}

    def submit(self, batch: list[Article]) -> int:
        number = next(self.numbers)
        self.sent[number] = batch
        self.queue.append(number)
        self._dispatch()
        return number

    def result(self, number: int) -> list[Result]:
        """The batch's results, once a worker has sent its records (or died on it)."""
        from nerx.pipeline import Result

        while number not in self.done:
            self._dispatch()
            busy = {worker.conn: worker for worker in self.workers if worker.seq is not None}
            for conn in wait(list(busy)):
                self._collect(busy[conn])  # type: ignore[index]
        batch, records = self.sent.pop(number), self.done.pop(number)
        return [Result(article, record, reused=article.previous is not None)
                for article, record in zip(batch, records, strict=True)]

    def close(self) -> None:
        for worker in self.workers:
            _kill(worker)

    def _dispatch(self) -> None:
        for worker in self.workers:
            if worker.seq is None and self.queue:
                worker.seq = self.queue.popleft()
                self._send(worker, self.sent[worker.seq])

    def _send(self, worker: _Worker, batch: list[Article]) -> None:
        """Give a worker its batch; one that died while idle (killed, out of memory) is
        replaced first."""
        try:
            worker.conn.send(batch)
        except OSError:
            fresh = self._replace(worker)
            fresh.seq = worker.seq
            fresh.conn.send(batch)

    def _collect(self, worker: _Worker) -> None:
        """Take a worker's records, or error records for its batch when it died; replace it
        when it died or has done its share."""
        assert worker.seq is not None
        try:
            records: list[ArticleRecord] = worker.conn.recv()
        except (EOFError, OSError):
            worker.process.join(timeout=1)
            records = _lost(self.sent[worker.seq], worker.process.exitcode, self.nlp,
                            self.settings)
            worker.batches = RECYCLE
        self.done[worker.seq] = records
        worker.seq = None
        worker.batches += 1
        if worker.batches >= RECYCLE:
            self._replace(worker)

    def _replace(self, worker: _Worker) -> _Worker:
        _kill(worker)
        fresh = _start(self.nlp, self.settings)
        self.workers[self.workers.index(worker)] = fresh
        return fresh


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
