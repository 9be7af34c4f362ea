"""Articles in: files, folders, standard input, JSON Lines, JSON and HTML."""

from __future__ import annotations

import codecs
import fnmatch
import itertools
import json
import os
import re
import stat
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

import orjson

from nerx.defaults import DEFAULT_GLOBS
from nerx.errors import ArticleError, InputError, UsageError
from nerx.htmltext import read_page

STDIN = "-"
class StdinFormat(StrEnum):
    """What standard input holds (`--stdin-format`); auto: what it looks like."""

    auto = "auto"
    text = "text"
    jsonl = "jsonl"
    html = "html"


STDIN_FORMATS = tuple(StdinFormat)
# The start of an HTML page, after a BOM, blank space and comments.
_HTML_START = re.compile(rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
                         re.IGNORECASE | re.DOTALL)
_BINARY_SAMPLE = 8192
# Files that no --glob would make readable as articles.
_NOT_TEXT = frozenset({".pdf", ".doc", ".docx", ".odt", ".rtf", ".xls", ".xlsx", ".ppt",
                       ".pptx", ".zip", ".gz", ".tar", ".jpg", ".jpeg", ".png", ".gif",
                       ".mp3", ".mp4", ".epub"})
# Longer articles become several records (spaCy's own limit for one text, `max_length`).
MAX_ARTICLE_CHARS = 1_000_000
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+")
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\x0b\x1b")


@dataclass
class Article:
    """One article: its text and where it came from, or why it could not be read."""

    id: str
    source: str
    text: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass(frozen=True)
class ReadOptions:
    """How inputs are found and parsed."""

    globs: tuple[str, ...] = DEFAULT_GLOBS
    text_field: str = "text"
    id_field: str = "id"
    stdin_format: str = "auto"


def find_inputs(paths: Iterable[str], *, globs: Iterable[str] = DEFAULT_GLOBS) -> list[str]:
    """Expand folders (recursively, sorted) into files; keep files and `-` as given.

    Raises InputError for a path that does not exist."""
    patterns = tuple(globs)
    found: list[str] = []
    for path in paths:
        if path == STDIN:
            found.append(path)
        elif os.path.isdir(path):
            found += _walk(path, patterns)
        elif os.path.lexists(path):
            found.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    return found


def no_articles_message(paths: list[str], globs: Iterable[str]) -> str:
    """Why nothing was read: the patterns, the kinds of file the folders do hold, and the
    --glob that would read them."""
    message = f"no articles in {', '.join(paths) or 'no paths'} (files matching " \
              f"{', '.join(globs)})"
    suffixes: Counter[str] = Counter()
    for path in paths:
        if os.path.isdir(path):
            suffixes.update(Path(name).suffix.lower() or "(none)"
                            for _, _, files in os.walk(path) for name in files
                            if not name.startswith("."))
    if not suffixes:
        return message
    found = ", ".join(f"{count} {suffix}" for suffix, count in suffixes.most_common(5))
    best = next((suffix for suffix, _ in suffixes.most_common()
                 if suffix != "(none)" and suffix not in _NOT_TEXT), None)
    hint = f"; --glob '*{best}' reads them as articles" if best else ""
    return f"{message}; found {found} files{hint}"


def _walk(folder: str, patterns: tuple[str, ...]) -> list[str]:
    matches = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            path = os.path.join(root, name)
            if not name.startswith(".") and any(fnmatch.fnmatch(name, p) for p in patterns) \
                    and _regular_or_broken(path):
                matches.append(os.path.relpath(path, folder))
    return [os.path.join(folder, rel) for rel in sorted(matches, key=_sort_key)]


def _regular_or_broken(path: str) -> bool:
    """Regular files (through links), and broken links so that they get an error record;
    never a FIFO or device found in a folder, whose read could block forever."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return True


def _sort_key(rel: str) -> tuple[str, ...]:
    return tuple(Path(rel).parts)


def read_articles(paths: Iterable[str], options: ReadOptions = ReadOptions()) -> Iterator[Article]:
    """Every article in `paths`, read lazily in a stable order; unreadable ones carry `error`.

    Paths are checked at once: InputError for a missing one, or when there is no article."""
    if options.stdin_format not in STDIN_FORMATS:
        raise UsageError(f"--stdin-format must be one of {', '.join(STDIN_FORMATS)}")
    paths = list(paths)
    sources = find_inputs(paths, globs=options.globs)
    if not sources:
        raise InputError(no_articles_message(paths, options.globs))
    return (article for source in sources for article in _read_source(source, options))


def _read_source(source: str, options: ReadOptions) -> Iterator[Article]:
    try:
        data = _read_bytes(source)
    except ArticleError as e:
        name = text_name(source)
        yield Article(id=name, source=name, error=str(e).replace(source, name, 1),
                      warnings=_name_warnings(source, name))
        return
    yield from parse_articles(source, data, options)


def parse_articles(source: str, data: bytes, options: ReadOptions,
                   first_line: int = 1) -> Iterator[Article]:
    """The articles in one file's bytes, parsed by its kind (JSON Lines numbered from
    `first_line`, for a slice of a file); one longer than `MAX_ARTICLE_CHARS` in parts. A
    file name that is not valid text is written with its bad bytes escaped, and a warning."""
    name = text_name(source)
    warnings = _name_warnings(source, name)
    for article in _parse(name, data, options, first_line):
        if warnings:
            article.warnings[:0] = warnings
        yield from split_article(article)


def text_name(path: str) -> str:
    """`path` as valid text: the bytes of a file name that are not UTF-8 (which Python reads
    as lone surrogates) written as \\xNN."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        try:
            raw = path.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            return path.encode("utf-8", "backslashreplace").decode("utf-8")
        return raw.decode("utf-8", "backslashreplace")


def _name_warnings(source: str, name: str) -> list[str]:
    return [] if name == source else [
        f"file name is not valid UTF-8: its bad bytes are written as \\xNN in {name}"]


def split_article(article: Article, limit: int = MAX_ARTICLE_CHARS) -> Iterator[Article]:
    """`article`, or when its text is longer than `limit` its parts, each an article of its
    own (`ID#1`, `ID#2`, ...) cut at a paragraph, sentence or word boundary, with `part`,
    `parts` and `offset` (where the part starts in the whole text) in its meta: the work
    and memory for one record stay bounded whatever the article's size (blank space at the
    end stays in the last part, which may be longer by that much: it costs no work)."""
    if len(article.text) <= limit:
        yield article
        return
    cuts = list(cut_points(article.text, limit))
    while cuts and not article.text[cuts[-1]:].strip():
        cuts.pop()  # blank space at the end is no part of its own
    if not cuts:
        yield article
        return
    total = len(article.text)
    for number, (start, end) in enumerate(itertools.pairwise([0, *cuts, total]), 1):
        note = (f"a {total:,}-character article, longer than {limit:,}: split into "
                f"{len(cuts) + 1} records, this is part {number} (offsets count from "
                f"character {start}, meta.offset)")
        yield replace(article, id=f"{article.id}#{number}", text=article.text[start:end],
                      meta={**article.meta, "part": number, "parts": len(cuts) + 1,
                            "offset": start},
                      warnings=[*article.warnings, note])


def split_text(text: str, limit: int) -> list[tuple[int, str]]:
    """Cut text into pieces of at most `limit` characters at paragraph, sentence or word
    boundaries; each piece comes with its offset in the text. Blank space at the end of the
    text is no piece."""
    pieces = []
    start = 0
    for cut in cut_points(text, limit):
        pieces.append((start, text[start:cut]))
        start = cut
    if text[start:].strip():
        pieces.append((start, text[start:]))
    return pieces


def cut_points(text: str, limit: int) -> Iterator[int]:
    """Where to cut `text` into pieces of at most `limit` characters: the last paragraph
    break, else sentence end, else space in the second half of each window."""
    start = 0
    while len(text) - start > limit:
        start = _cut_point(text, start, start + limit)
        yield start


def _cut_point(text: str, start: int, end: int) -> int:
    floor = start + (end - start) // 2
    paragraph = text.rfind("\n\n", floor, end)
    if paragraph != -1:
        return paragraph + 2
    ends = [match.end() for match in _SENTENCE_END.finditer(text, floor, end)]
    if ends:
        return ends[-1]
    space = text.rfind(" ", floor, end)
    return space + 1 if space != -1 else end


def _parse(source: str, data: bytes, options: ReadOptions,
           first_line: int) -> Iterator[Article]:
    kind = _kind(source, options, data)
    if kind in ("jsonl", "json"):
        found = False
        parse = _jsonl_articles(source, data, options, first_line) if kind == "jsonl" \
            else _json_articles(source, data, options)
        for article in parse:
            found = True
            yield article
        if not found and first_line == 1:  # an empty file still gets a record
            yield Article(id=source, source=source, warnings=["no JSON records in this file"])
    else:
        yield _text_article(source, data, html=kind == "html")


def is_jsonl(source: str) -> bool:
    """Whether a file is read as JSON Lines (one article per line)."""
    return KINDS_BY_SUFFIX.get(Path(source).suffix.lower()) == "jsonl"


# How a file is read, by its suffix (anything else: text). A new input kind is an entry here
# and a branch of `_parse`.
KINDS_BY_SUFFIX = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".html": "html",
                   ".htm": "html"}


def _kind(source: str, options: ReadOptions, data: bytes) -> str:
    if source == STDIN:
        return sniff(data, options.text_field) if options.stdin_format == "auto" \
            else options.stdin_format
    return KINDS_BY_SUFFIX.get(Path(source).suffix.lower(), "text")


def sniff(data: bytes, text_field: str = "text") -> str:
    """What piped input holds: "html" for a page, "jsonl" when its first line is a JSON
    object with `text_field`, else "text"."""
    sample = data[:4096].removeprefix(codecs.BOM_UTF8)
    if _HTML_START.match(sample):
        return "html"
    first = data.removeprefix(codecs.BOM_UTF8).lstrip().split(b"\n", 1)[0]
    if first.startswith(b"{"):
        try:
            obj = orjson.loads(first)
        except orjson.JSONDecodeError:
            return "text"
        if isinstance(obj, dict) and text_field in obj:
            return "jsonl"
    return "text"


def _read_bytes(source: str) -> bytes:
    if source == STDIN:
        return sys.stdin.buffer.read()
    try:
        with open(source, "rb") as f:
            return f.read()
    except OSError as e:
        raise ArticleError(read_error(source, e)) from e


def read_error(source: str, error: OSError) -> str:
    """The error record's message for a file that cannot be read."""
    if isinstance(error, FileNotFoundError):
        return f"{source}: cannot read (broken link or file gone)"
    if isinstance(error, IsADirectoryError):
        return f"{source}: is a folder, not a file"
    return f"{source}: cannot read ({error.strerror or error})"


def decode(data: bytes, source: str) -> tuple[str, list[str]]:
    """Decode article bytes: UTF-8 (BOM dropped) or UTF-16 with a BOM; bad bytes replaced
    and reported. Raises ArticleError for what looks like a binary file."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), []
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    if (utf16 := _utf16_without_bom(data)) is not None:
        return utf16, ["decoded as UTF-16 (no byte-order mark)"]
    if kind := _file_kind(data):
        raise ArticleError(f"{source}: {kind}, not text: nerx reads text, HTML and JSON "
                           "(extract the document's text first)")
    if _looks_binary(data[:_BINARY_SAMPLE]):
        raise ArticleError(f"{source}: looks like a binary file, not text")
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        return _legacy_decode(data)


def _legacy_decode(data: bytes) -> tuple[str, list[str]]:
    """Not UTF-8: Windows-1252 (a superset of Latin-1's printable range) when every byte maps,
    else UTF-8 with the bad bytes replaced."""
    try:
        return data.decode("cp1252"), ["not UTF-8: decoded as Windows-1252 (Latin-1)"]
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")
        bad = text.count("\ufffd") - data.count("\ufffd".encode())
        return text, [f"{bad} undecodable byte(s) replaced with U+FFFD (not UTF-8?)"]


# UTF-16 text without a byte-order mark: this share of its ASCII characters' other byte is 0.
_UTF16_ZEROS = 0.6


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM: NUL in most high bytes of ASCII-range characters."""
    sample = data[:_BINARY_SAMPLE]
    if len(sample) < 4 or len(data) % 2:
        return None
    for offset, codec in ((1, "utf-16-le"), (0, "utf-16-be")):
        zeros = sample[offset::2].count(0)
        if zeros > _UTF16_ZEROS * (len(sample) // 2) and sample[1 - offset::2].count(0) == 0:
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                return None
    return None


# What a file is by its first bytes, whatever its name says.
_MAGIC = ((b"%PDF-", "a PDF document"), (b"PK\x03\x04", "a ZIP archive or Office document"),
          (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document"),
          (b"{\\rtf", "an RTF document"), (b"\x1f\x8b", "a gzip archive"),
          (b"BZh", "a bzip2 archive"), (b"\xfd7zXZ\x00", "an xz archive"),
          (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"), (b"Rar!", "a RAR archive"),
          (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
          (b"GIF8", "a GIF image"), (b"%!PS", "a PostScript document"))


def _file_kind(data: bytes) -> str | None:
    """"a PDF document", "a PNG image", ...: what the file's first bytes say it is."""
    return next((kind for magic, kind in _MAGIC if data.startswith(magic)), None)


def _looks_binary(sample: bytes) -> bool:
    if not sample:
        return False
    controls = sum(1 for byte in sample if byte < 32 and byte not in _TEXT_CONTROLS)
    return controls / len(sample) > 0.1


def _text_article(source: str, data: bytes, *, html: bool) -> Article:
    try:
        text, warnings = decode(data, source)
    except ArticleError as e:
        return Article(id=source, source=source, error=str(e))
    meta: dict[str, Any] = {}
    if html:
        page = read_page(text)
        text, meta, warnings = page.text, page.meta, [*warnings, *page.warnings]
    return Article(id=source, source=source, text=text, meta=meta, warnings=warnings)


def _jsonl_articles(source: str, data: bytes, options: ReadOptions,
                    first_line: int = 1) -> Iterator[Article]:
    for number, line in enumerate(data.split(b"\n"), first_line):
        if line.strip():
            yield _json_article(source, number, line, options)


def _json_article(source: str, number: int, line: bytes, options: ReadOptions) -> Article:
    where = f"{source}:{number}"
    try:
        obj = orjson.loads(line)
    except orjson.JSONDecodeError as e:
        return Article(id=where, source=source, error=f"{where}: invalid JSON ({e})")
    if isinstance(obj, dict) and _a_number(obj.get(options.id_field)):
        obj[options.id_field] = _number_text(line, options.id_field)
    return _object_article(obj, where, source, options)


def _a_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _number_text(line: bytes, field: str) -> str:
    """The JSON text of a number field as written ("123456789012345678901234567890", not
    the float it reads as)."""
    exact = json.loads(line, parse_int=str, parse_float=str)
    return str(exact[field])


def _json_articles(source: str, data: bytes, options: ReadOptions) -> Iterator[Article]:
    try:
        obj = orjson.loads(data)
    except orjson.JSONDecodeError as e:
        yield Article(id=source, source=source, error=f"{source}: invalid JSON ({e})")
        return
    items = obj if isinstance(obj, list) else [obj]
    if any(isinstance(item, dict) and _a_number(item.get(options.id_field))
           for item in items):  # numbers' ids as written
        exact = json.loads(data, parse_int=str, parse_float=str)
        for item, same in zip(items, exact if isinstance(exact, list) else [exact], strict=True):
            if isinstance(item, dict) and _a_number(item.get(options.id_field)):
                item[options.id_field] = str(same[options.id_field])
    if isinstance(obj, list):
        for number, item in enumerate(items, 1):
            yield _object_article(item, f"{source}:{number}", source, options)
    else:
        yield _object_article(obj, source, source, options)


def _object_article(obj: Any, where: str, source: str, options: ReadOptions) -> Article:
    if not isinstance(obj, dict):
        return Article(id=where, source=source, error=f"{where}: not a JSON object")
    raw_id = obj.get(options.id_field)
    article_id = where if raw_id is None else raw_id if isinstance(raw_id, str) \
        else orjson.dumps(raw_id).decode("utf-8")
    text = obj.get(options.text_field)
    if text is None:
        error = f"{where}: no {options.text_field!r} field"
        return Article(id=article_id, source=source, error=error)
    if not isinstance(text, str):
        error = f"{where}: {options.text_field!r} is not a string"
        return Article(id=article_id, source=source, error=error)
    skip = (options.text_field, options.id_field)
    meta = {key: value for key, value in obj.items() if key not in skip}
    return Article(id=article_id, source=source, text=text, meta=meta)
