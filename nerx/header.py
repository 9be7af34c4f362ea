"""Article metadata at the top of the text: header fields, a headline, a dateline."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

_FIELD = re.compile(
    r"[ \t]*(?P<key>date|published|title|headline|author|byline|source|url)[ \t]*[:=]?[ \t]+",
    re.IGNORECASE)
_ISO_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2})?"
                       r"(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?")
_WORD_DATE = re.compile(r"(?:[A-Z][a-z]+,?\s+)?(?:(\d{1,2})\s+([A-Z][a-z]+)\.?|([A-Z][a-z]+)\.?"
                        r"\s+(\d{1,2})(?:st|nd|rd|th)?,?)\s+(\d{4})")
_MONTHS = {name: number for number, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
     ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
     ("oct", "october"), ("nov", "november"), ("dec", "december")], 1) for name in names}
# "ISLAMABAD:", "LONDON (Reuters) -", "NEW YORK, July 4 —": an upper-case place, then a dash
# or colon, at the start of the body.
_DATELINE = re.compile(
    r"[ \t]*(?P<place>[A-Z][A-Z'.]+(?:[ -][A-Z][A-Z'.]+){0,3})"
    r"(?:,[ \t]*[A-Za-z][\w .]{0,25}?)?(?:[ \t]*\([^)\n]{1,30}\))?"
    r"(?:[ \t]*(?::|[-\u2013\u2014]+)[ \t]+(?=[\"'\u201c]?[A-Z]?[a-z\d])"
    r"|[ \t]+\d{4}-\d\d-\d\d[ \t]*\n)")
_HEADLINE_MAX = 160
# "PRESS DIGEST - Indonesian newspapers - August 30 .": a first line ending in a month and
# day is a Reuters topic headline, not a dateline.
_DATED_HEADLINE = re.compile(r"[^\n]{0,160} - (?P<month>[A-Z][a-z]+)\.? \d{1,2}[ \t.]*(?:\n|$)")


@dataclass
class Header:
    """What the top of an article says about it."""

    meta: dict[str, Any] = field(default_factory=dict)
    body_start: int = 0
    dateline: tuple[int, int] | None = None
    # Where the headline line is, when the text starts with one.
    headline: tuple[int, int] | None = None

    def as_dict(self) -> dict[str, Any]:
        """Plain values (what `doc._.nerx_header` holds, so a DocBin can save the doc)."""
        return {"meta": dict(self.meta), "body_start": self.body_start,
                "dateline": self.dateline, "headline": self.headline}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Header:
        """The inverse of `as_dict` (a DocBin gives the offsets back as tuples, JSON as lists)."""
        dateline, headline = data["dateline"], data["headline"]
        return cls(dict(data["meta"]), data["body_start"], dateline and tuple(dateline),
                   headline and tuple(headline))


def parse_header(text: str) -> Header:
    """Header fields (`date 2023-07-22`, `title ...`), then a headline line, then a dateline.

    `body_start` is where the header fields end: nothing before it is an entity."""
    header = Header()
    position = _read_fields(text, header)
    header.body_start = position
    match = _DATELINE.match(text, position)
    if match is None:
        position = _read_headline(text, position, header)
        match = _DATELINE.match(text, position)
    elif dated := _dated_line_after(text, position):
        # "CRICKET - 1997 ASHES ITINERARY .\nLONDON 1996-08-30\n": the first line is a
        # Reuters topic headline, the dated line under it the dateline.
        header.meta["title"] = text[position:dated.start()].strip()
        match = dated
    elif (headline := _DATED_HEADLINE.match(text, position)) \
            and headline.group("month").lower() in _MONTHS:
        header.meta["title"] = headline.group().strip()
        match = _DATELINE.match(text, headline.end())
    if match and match.group("place").strip(" .'-"):
        start, end = match.span("place")
        place = text[start:end].rstrip(".'")
        header.dateline = (start, start + len(place))
        header.meta["dateline"] = _title_case(place)
    return header


def _dated_line_after(text: str, position: int) -> re.Match[str] | None:
    """The dateline of the form "LONDON 1996-08-30" on the line after `position`'s, if any."""
    newline = text.find("\n", position)
    if newline == -1 or newline - position > _HEADLINE_MAX:
        return None
    match = _DATELINE.match(text, newline + 1)
    return match if match and _ISO_DATE.search(match.group()) else None


def _read_fields(text: str, header: Header) -> int:
    position = 0
    while match := _FIELD.match(text, position):
        key = match.group("key").lower()
        if key in ("date", "published"):
            found = _read_date(text, match.end())
            if found is None:
                break
            header.meta.setdefault("date", found[0])
            position = found[1]
        else:
            end = text.find("\n", match.end())
            end = len(text) if end == -1 else end
            value = text[match.end():end].strip()
            if not value:
                break
            header.meta.setdefault("title" if key == "headline" else key, value)
            position = end
        position = _skip_spaces(text, position)
    return position


def _read_date(text: str, position: int) -> tuple[str, int] | None:
    if match := _ISO_DATE.match(text, position):
        day = _make_date(int(match[1]), int(match[2]), int(match[3]))
        return (day, match.end()) if day else None
    if match := _WORD_DATE.match(text, position):
        month = _MONTHS.get((match[2] or match[3]).lower())
        day_number = int(match[1] or match[4])
        day = _make_date(int(match[5]), month, day_number) if month else None
        return (day, match.end()) if day else None
    return None


def _make_date(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _skip_spaces(text: str, position: int) -> int:
    while position < len(text) and text[position].isspace():
        position += 1
    return position


# A Markdown heading's marks: "# Title" is titled "Title".
_MARKDOWN_HEADING = re.compile(r"^#{1,6}[ \t]+")


def _read_headline(text: str, position: int, header: Header) -> int:
    """A short first line with no closing full stop, followed by more text, is a headline."""
    end = text.find("\n", position)
    if end == -1 or "title" in header.meta:
        return position
    line = text[position:end].strip()
    rest = text[end:].strip()
    if 0 < len(line) <= _HEADLINE_MAX and rest and not line.endswith((".", ":", ",", ";")) \
            and not _DATELINE.match(line + " "):
        header.meta["title"] = _MARKDOWN_HEADING.sub("", line)
        start = _skip_spaces(text, position)
        header.headline = (start, start + len(line))
        return _skip_spaces(text, end)
    return position


def _title_case(place: str) -> str:
    return " ".join(word.capitalize() if word.isupper() else word for word in place.split())

