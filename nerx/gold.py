"""Gold-standard NER data: IOB2/CoNLL files and JSONL span files, as article texts."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from nerx.errors import InputError

Span = tuple[int, int, str]


@dataclass
class GoldDoc:
    """One article: its text and gold entity spans (start, end, label) over that text."""

    id: str
    text: str
    spans: list[Span] = field(default_factory=list)


def read_gold(path: str | Path) -> Iterator[GoldDoc]:
    """Gold articles from an IOB2/CoNLL file or a JSONL file of {"text", "spans"}."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror or e})") from e
    if path.suffix.lower() in (".jsonl", ".json", ".ndjson"):
        return _jsonl_docs(path, data)
    return _iob_docs(path, data.decode("utf-8", errors="replace"))


def _jsonl_docs(path: Path, data: bytes) -> Iterator[GoldDoc]:
    for number, line in enumerate(data.split(b"\n"), 1):
        if not line.strip():
            continue
        try:
            obj = orjson.loads(line)
            spans = [(s["start"], s["end"], s["label"]) for s in obj.get("spans", [])]
            yield GoldDoc(str(obj.get("id", f"{path}:{number}")), obj["text"], spans)
        except (orjson.JSONDecodeError, KeyError, TypeError, AttributeError) as e:
            raise InputError(f"{path}:{number}: not a gold JSONL record ({e})") from e


def _iob_docs(path: Path, text: str) -> Iterator[GoldDoc]:
    """Tokens joined by single spaces, sentences by newlines; an article per -DOCSTART- or
    `# newdoc` line (the whole file when there is none)."""
    builder = _DocBuilder(path)
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("-DOCSTART-") or stripped.startswith("# newdoc"):
            yield from builder.finish()
        elif not stripped:
            builder.end_sentence()
        elif not stripped.startswith("#"):
            token, tag = _token_and_tag(line, path, number)
            builder.add(token, tag)
    yield from builder.finish()


def _token_and_tag(line: str, path: Path, number: int) -> tuple[str, str]:
    columns = line.rstrip("\n").split("\t") if "\t" in line else line.split()
    if len(columns) >= 3 and "\t" in line:  # UNER: id, token, tag, annotators...
        return columns[1], columns[2]
    if len(columns) < 2:
        raise InputError(f"{path}:{number}: expected 'token tag', got {line.strip()!r}")
    return columns[0], columns[-1]


class _DocBuilder:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        self._reset()

    def _reset(self) -> None:
        self.parts: list[str] = []
        self.spans: list[Span] = []
        self.length = 0
        self.sentence_open = False
        self.open: tuple[int, str] | None = None
        self.last_end = 0

    def add(self, token: str, tag: str) -> None:
        if self.sentence_open:
            self._append(" ")
        elif self.length:
            self._append("\n")
        self.sentence_open = True
        start = self.length
        self._append(token)
        prefix, _, label = tag.partition("-")
        if prefix == "I" and self.open and self.open[1] == label:
            pass
        else:
            self._close()
            if prefix in ("B", "I"):
                self.open = (start, label)
        self.last_end = self.length

    def _append(self, piece: str) -> None:
        self.parts.append(piece)
        self.length += len(piece)

    def _close(self) -> None:
        if self.open:
            self.spans.append((self.open[0], self.last_end, self.open[1]))
            self.open = None

    def end_sentence(self) -> None:
        self._close()
        self.sentence_open = False

    def finish(self) -> Iterator[GoldDoc]:
        self._close()
        if self.parts:
            self.count += 1
            yield GoldDoc(f"{self.path.name}#{self.count}", "".join(self.parts), self.spans)
        self._reset()
