"""--workers N: forked processes, each running a function (the whole pipeline, as `api`
gives it) on batches of articles; this process only reads articles and writes records.

The parent loads the model before forking, so workers share its memory and never load it
again. Each worker has a pipe of its own and one batch at a time; at most 2 x N batches are
in flight or waiting to be written, and results come back in input order (`ordered.in_order`,
the rule the Dask engine follows too); each worker is replaced after `RECYCLE` batches, which
returns the memory spaCy's vocabulary gains from every new word it sees. A worker that dies
(killed, out of memory) costs its batch an error record each, never the run. A worker that
takes longer than `timeout(batch)` seconds on a batch (stopped, stuck on a pathological
article) is killed: its batch's items are tried again one by one, so that only the item that
times out alone gets an error record. When the reader stops early (`| head`), on an
interrupt or an error, the workers are killed at once: nothing waits on them, so the run
cannot hang on its way out."""

from __future__ import annotations

import itertools
import multiprocessing
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

from nerx.ordered import in_order

Item = TypeVar("Item")
Out = TypeVar("Out")

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
    deadline: float = 0.0  # when it is given up on (time.monotonic)


def run(items: Iterable[Item], work: Callable[[list[Item]], list[Out]],
        lost: Callable[[list[Item], str], list[Out]], *, size: int,
        batch_size: int, timeout: Callable[[list[Item]], float] | None = None,
        ) -> Iterator[list[tuple[Item, Out]]]:
    """Each batch of `batch_size` items with `work(batch)` computed by one of `size` forked
    processes, in input order; `lost(batch, why)` stands in for a batch whose process died,
    or an item whose process took more than `timeout([item])` seconds on it (None: no
    limit)."""
    pool = _Pool(work, lost, size, timeout)
    try:
        for batch, outs in in_order(_batches(items, batch_size), pool.submit, pool.result,
                                    2 * size):
            yield list(zip(batch, outs, strict=True))
    finally:
        pool.close()


def stop() -> None:
    """Kill every running worker (on an interrupt, before the process exits: a worker left
    running would find the parent gone)."""
    for process in list(_LIVE):
        process.kill()
        _LIVE.discard(process)


class _Pool(Generic[Item, Out]):
    """Worker processes, a queue of numbered batches, and the outputs that came back."""

    def __init__(self, work: Callable[[list[Item]], list[Out]],
                 lost: Callable[[list[Item], str], list[Out]], size: int,
                 timeout: Callable[[list[Item]], float] | None = None) -> None:
        self.work, self.lost, self.timeout = work, lost, timeout
        self.workers = [_start(work) for _ in range(size)]
        self.numbers = itertools.count()
        self.queue: deque[int] = deque()
        self.sent: dict[int, list[Item]] = {}
        self.done: dict[int, list[Out]] = {}
        # A batch a worker timed out on, tried again an item at a time: each item's number
        # and the batch it belongs to; the outputs gathered so far.
        self.parts: dict[int, tuple[int, int]] = {}
        self.gathered: dict[int, list[Out | None]] = {}

    def submit(self, batch: list[Item]) -> int:
        number = next(self.numbers)
        self.sent[number] = batch
        self.queue.append(number)
        self._dispatch()
        return number

    def result(self, number: int) -> tuple[list[Item], list[Out]]:
        """The batch and its outputs, once a worker has sent them (or died on it)."""
        while number not in self.done:
            self._dispatch()
            busy = {worker.conn: worker for worker in self.workers if worker.seq is not None}
            limit = min(w.deadline for w in busy.values()) - time.monotonic() \
                if self.timeout and busy else None
            for conn in wait(list(busy), timeout=None if limit is None else max(0.0, limit)):
                self._collect(busy[conn])  # type: ignore[index]
            if self.timeout:
                self._give_up_on_late_workers()
        return self.sent.pop(number), self.done.pop(number)

    def _give_up_on_late_workers(self) -> None:
        """Kill each worker past its deadline: a batch of several items is tried again an
        item at a time, a single item gets `lost`'s output."""
        now = time.monotonic()
        for worker in list(self.workers):
            if worker.seq is None or worker.deadline > now:
                continue
            seq, batch = worker.seq, self.sent[worker.seq]
            worker.seq = None
            self._replace(worker)
            if len(batch) == 1:
                limit = self.timeout(batch) if self.timeout else 0.0
                self._finish(seq, self.lost(batch, f"timed out after {limit:g} s"))
                continue
            self.gathered[seq] = [None] * len(batch)
            for index in reversed(range(len(batch))):
                part = next(self.numbers)
                self.sent[part] = [batch[index]]
                self.parts[part] = (seq, index)
                self.queue.appendleft(part)

    def _finish(self, seq: int, outs: list[Out]) -> None:
        """Outputs for batch (or item) `seq`; the last item of a batch tried again an item at
        a time completes that batch."""
        if seq not in self.parts:
            self.done[seq] = outs
            return
        batch, index = self.parts.pop(seq)
        del self.sent[seq]
        self.gathered[batch][index] = outs[0]
        if all(out is not None for out in self.gathered[batch]):
            self.done[batch] = [out for out in self.gathered.pop(batch) if out is not None]
    def close(self) -> None:
        for worker in self.workers:
            _kill(worker)

    def _dispatch(self) -> None:
        for worker in self.workers:
            if worker.seq is None and self.queue:
                worker.seq = self.queue.popleft()
                batch = self.sent[worker.seq]
                worker.deadline = time.monotonic() + (self.timeout(batch) if self.timeout
                                                      else 0.0)
                self._send(worker, batch)

    def _send(self, worker: _Worker, batch: list[Item]) -> None:
        """Give a worker its batch; one that died while idle (killed, out of memory) is
        replaced first."""
        try:
            worker.conn.send(batch)
        except OSError:
            fresh = self._replace(worker)
            fresh.seq, fresh.deadline = worker.seq, worker.deadline
            fresh.conn.send(batch)

    def _collect(self, worker: _Worker) -> None:
        """Take a worker's outputs, or `lost`'s for its batch when it died; replace it when it
        died or has done its share."""
        assert worker.seq is not None
        try:
            outs: list[Out] = worker.conn.recv()
        except (EOFError, OSError):
            worker.process.join(timeout=1)
            code = worker.process.exitcode
            why = f"exit code {code}" if code is not None else "no reply"
            outs = self.lost(self.sent[worker.seq], why)
            worker.batches = RECYCLE
        self._finish(worker.seq, outs)
        worker.seq = None
        worker.batches += 1
        if worker.batches >= RECYCLE:
            self._replace(worker)

    def _replace(self, worker: _Worker) -> _Worker:
        _kill(worker)
        fresh = _start(self.work)
        self.workers[self.workers.index(worker)] = fresh
        return fresh


def _start(work: Callable[[list[Any]], list[Any]]) -> _Worker:
    context = multiprocessing.get_context("fork")
    parent_end, child_end = context.Pipe()
    process = context.Process(target=_serve, args=(child_end, parent_end, work),
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


def _batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _serve(conn: Connection, parent_end: Connection,
           work: Callable[[list[Any]], list[Any]]) -> None:
    """A worker: batches in, outputs out, until the pipe closes."""
    # Ctrl-C reaches the whole process group: the parent stops the workers, they stay quiet.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    parent_end.close()  # else this process keeps its own pipe open and never sees it close
    while True:
        try:
            batch: list[Any] = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(work(batch))
        except (BrokenPipeError, OSError):
            return
