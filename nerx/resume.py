"""--resume: reuse the records of articles already in the output, process only the rest.

While `nerx extract --output FILE` runs, each newly processed record is also appended to a
checkpoint, `.FILE.partial`, next to FILE. FILE itself only ever changes by an atomic rename
of a complete run. An interrupted run leaves FILE as it was and keeps the checkpoint; the next
run with --resume takes every record from FILE and the checkpoint whose article (same id and
content hash, same model) is unchanged, processes the others, and writes FILE complete, in
input order, as one uninterrupted run would."""

from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import orjson

from nerx.errors import UsageError
from nerx.options import Options
from nerx.pipeline import text_hash
from nerx.reader import Article
from nerx.records import ArticleRecord


def settings_path(output: Path) -> Path:
    """Where the options that shaped the records of `output` are kept, for --resume."""
    return output.with_name(f".{output.name.lstrip('.')}.options.json")


def record_settings(options: Options, model: str) -> dict[str, Any]:
    """The options that shape a record: a run that differs in one makes other records."""
    return {"model": model, "labels": sorted(options.labels),
            "min_confidence": options.min_confidence, "rules_off": sorted(options.rules_off),
            "include_text": options.include_text, "text_field": options.text_field,
            "id_field": options.id_field}


def check_settings(output: Path, settings: dict[str, Any]) -> None:
    """UsageError, naming the difference, when `output` or its checkpoint was written with
    other options than `settings` (files written before nerx kept its options pass)."""
    for path in (settings_path(output), settings_path(checkpoint_path(output))):
        try:
            earlier = orjson.loads(path.read_bytes())
        except (OSError, orjson.JSONDecodeError):
            continue
        changed = [f"{key} {_shown(earlier.get(key))} -> {_shown(value)}"
                   for key, value in settings.items() if earlier.get(key) != value]
        if changed:
            raise UsageError(f"--resume with other options than the run that wrote {output} "
                             f"({'; '.join(changed)}): rerun without --resume, or with the "
                             "same options")


def save_settings(output: Path, settings: dict[str, Any]) -> None:
    """Keep `settings` beside `output` (a complete output, or a checkpoint) for --resume."""
    settings_path(output).write_bytes(orjson.dumps(settings))


def _shown(value: Any) -> str:
    return ",".join(map(str, value)) if isinstance(value, list) else str(value)


def checkpoint_path(output: Path) -> Path:
    """Where the records of a run writing `output` are kept until it completes."""
    return output.with_name(f".{output.name}.partial")


@dataclass(frozen=True)
class _Entry:
    hash: str
    model: str
    path: Path
    offset: int


class ResumeIndex:
    """Where each earlier record lies, by article id (the latest one wins)."""

    def __init__(self, files: Iterable[Path]) -> None:
        self.entries: dict[str, _Entry] = {}
        self._open: dict[Path, IO[bytes]] = {}
        for path in files:
            if path.is_file():
                self._index(path)

    def _index(self, path: Path) -> None:
        with open(path, "rb") as f:
            offset = 0
            for line in f:
                record = _parse(line)
                if record is not None and "error" not in record and "hash" in record:
                    model = str(record.get("model"))
                    self.entries[str(record["id"])] = _Entry(record["hash"], model, path, offset)
                offset += len(line)

    def find(self, article: Article, model: str) -> _Entry | None:
        """Where the earlier record of this article is, when its text and the model are
        unchanged."""
        entry = self.entries.get(article.id)
        if entry is None or article.error or entry.model != model \
                or entry.hash != text_hash(article.text):
            return None
        return entry

    def record(self, entry: _Entry) -> ArticleRecord:
        """The earlier record at `entry` (read when it is needed: memory stays flat)."""
        stream = self._open.get(entry.path)
        if stream is None:
            stream = self._open[entry.path] = open(entry.path, "rb")  # noqa: SIM115
        stream.seek(entry.offset)
        return orjson.loads(stream.readline())  # type: ignore[no-any-return]

    def close(self) -> None:
        for stream in self._open.values():
            stream.close()


def _parse(line: bytes) -> dict[str, Any] | None:
    try:
        record = orjson.loads(line)
    except orjson.JSONDecodeError:
        return None  # a line cut short by a crash: its article is processed again
    return record if isinstance(record, dict) and "id" in record else None


def reusing(articles: Iterable[Article], index: ResumeIndex, model: str,
            process: Callable[[Iterable[Article]], Iterable[ArticleRecord]],
            ) -> Iterator[tuple[ArticleRecord, bool]]:
    """Each article's record and whether it was reused, in input order: the earlier record
    when the article is unchanged, else the one `process` (any order-keeping engine) makes
    from the articles it is given, which are only those that changed."""
    earlier: deque[_Entry | None] = deque()  # None: the next record `process` yields

    def changed() -> Iterator[Article]:
        for article in articles:
            entry = index.find(article, model)
            earlier.append(entry)
            if entry is None:
                yield article

    try:
        for made in process(changed()):
            while (entry := earlier.popleft()) is not None:
                yield index.record(entry), True
            yield made, False
        for entry in earlier:
            assert entry is not None
            yield index.record(entry), True
    finally:
        index.close()


@contextlib.contextmanager
def checkpoint(output: Path, settings: dict[str, Any], *,
               resume: bool) -> Iterator[IO[bytes]]:
    """The checkpoint log for a run writing `output` with `settings`: removed when the run
    completes, kept (complete lines only, with the settings beside it) when it is interrupted
    or fails. A run that does not resume starts it afresh."""
    path = checkpoint_path(output)
    with open(path, "ab" if resume else "wb") as log:
        save_settings(path, settings)
        if log.tell() and not _ends_with_newline(path):
            log.write(b"\n")  # a line cut short by a crash stays on its own
        yield log
    path.unlink()
    settings_path(path).unlink(missing_ok=True)


def _ends_with_newline(path: Path) -> bool:
    with open(path, "rb") as f:
        f.seek(-1, 2)
        return f.read(1) == b"\n"
