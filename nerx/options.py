"""One set of run options: what `nerx.extract`, every command and every engine (serial, worker
processes, Dask) take. Frozen and keyword-only; `dataclasses.replace` makes a variant."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypedDict

from nerx.defaults import DEFAULT_GLOBS
from nerx.labels import DEFAULT_LABELS, parse_labels
from nerx.reader import ReadOptions

PIECE_CHARS = 50_000


@dataclass(frozen=True, kw_only=True)
class Options:
    """How articles are found, read and run through the pipeline.

    `labels` may be given as a comma-separated string or any iterable of labels; it is kept as
    a frozenset of upper-case labels."""

    model: str | None = None
    labels: frozenset[str] = frozenset(DEFAULT_LABELS)
    # Rules (refine.RULES, entities.GROUPING_RULES) to skip: what `--ablate` measures.
    rules_off: frozenset[str] = frozenset()
    # Leave out mentions less sure than this (nerx.confidence), and entities left with none.
    min_confidence: float = 0.0
    batch_size: int = 64
    workers: int = 1
    # With workers: the seconds a worker may take on an article (and on each 10,000
    # characters of it) before it is killed and the article gets an error record; 0: no limit.
    worker_timeout: float = 10.0
    # A Dask cluster to run on: "local", "local:N" or "tcp://HOST:PORT"; None runs here.
    dask: str | None = None
    include_text: bool = False
    globs: tuple[str, ...] = DEFAULT_GLOBS
    text_field: str = "text"
    id_field: str = "id"
    stdin_format: str = "auto"
    piece_chars: int = PIECE_CHARS
    # Called with the number of characters just processed (a piece or a batch): progress for
    # a long article too. It runs in this process only and is not part of what a run is.
    progress: Callable[[int], None] | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "labels", parse_labels(self.labels))
        object.__setattr__(self, "rules_off", frozenset(self.rules_off))
        object.__setattr__(self, "globs", tuple(self.globs))

    @property
    def read(self) -> ReadOptions:
        """How the reader finds and parses inputs."""
        return ReadOptions(globs=self.globs, text_field=self.text_field,
                           id_field=self.id_field, stdin_format=self.stdin_format)


class OptionChanges(TypedDict, total=False):
    """The fields of `Options` as keyword arguments (`nerx.extract(paths, labels="PERSON")`):
    a misspelt one fails type-checking, and `Options` itself rejects it at run time."""

    model: str | None
    labels: frozenset[str] | str
    rules_off: frozenset[str]
    min_confidence: float
    batch_size: int
    workers: int
    worker_timeout: float
    dask: str | None
    include_text: bool
    globs: tuple[str, ...]
    text_field: str
    id_field: str
    stdin_format: str
    piece_chars: int
    progress: Callable[[int], None] | None
