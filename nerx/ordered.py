"""The one scheduling rule every engine shares: work submitted ahead, at most `window` items
submitted and not yet handed back, results handed back in input order."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

Item = TypeVar("Item")
Handle = TypeVar("Handle")
Out = TypeVar("Out")


def in_order(items: Iterable[Item], submit: Callable[[Item], Handle],
             result: Callable[[Handle], Out], window: int) -> Iterator[Out]:
    """`result(submit(item))` for each item, in input order, with at most `window` items
    submitted whose result has not been taken (memory stays flat however long the input);
    the next item is submitted as soon as the oldest result is taken, before it is handed
    on, so the work goes on while the consumer uses it."""
    pending: deque[Handle] = deque()
    iterator = iter(items)
    for item in iterator:
        pending.append(submit(item))
        if len(pending) >= window:
            break
    while pending:
        out = result(pending.popleft())
        for item in iterator:
            pending.append(submit(item))
            break
        yield out
