"""The article in a saved web page, and its metadata, with trafilatura (the field's standard
extractor): the main text without menus, banners, share buttons or comments."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_LANG = re.compile(rb"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.IGNORECASE)
_PARAGRAPH = re.compile(r"\s*\n\s*")
_BLOCKS = ("p", "div", "li", "br", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
           "section", "article")


@dataclass
class Page:
    """What a page holds: its article text (headline first, paragraphs separated by blank
    lines), metadata for the record's `meta`, and warnings."""

    text: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def read_page(html: str) -> Page:
    """The article text and metadata of an HTML page: title (the headline), author, date
    (ISO), site, canonical url, language. A page with no article body gets a warning."""
    from trafilatura import bare_extraction

    try:
        document = bare_extraction(html, with_metadata=True, include_comments=False,
                                   include_tables=True)
    except (ValueError, TypeError, AttributeError, RecursionError) as e:
        return Page(warnings=[f"cannot parse the page ({type(e).__name__})"])
    if document is None:
        return _fragment(html)
    found = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    meta = _metadata(found, html)
    body = _PARAGRAPH.sub("\n\n", (found.get("text") or "").strip())
    warnings = []
    embedded = _embedded_body(html)
    if len(embedded) > 2 * len(body):  # the page's script fills in the article
        body = embedded
    elif len(body) < _THIN_TEXT and len(html) > _BIG_PAGE:
        warnings.append(f"only {len(body)} characters of article text found in a "
                        f"{len(html) // 1024} KB page: the site may load the article with a "
                        "script")
    title = meta.get("title")
    body = _without_furniture(body, title)
    text = f"{title}\n\n{body}" if title and body and not body.startswith(title) else body
    if not body:
        return _fragment(html, meta)
    return Page(text=text, meta=meta, warnings=warnings)


# A page this big with so little article text holds its article somewhere else (a script).
_THIN_TEXT = 500
_BIG_PAGE = 100_000
_LD_JSON = re.compile(r"<script[^<>]{0,200}application/ld\+json[^<>]{0,200}>", re.IGNORECASE)
# Lines that are a site's furniture, not its article: copyright lines, trust principles,
# calls to write in, newsletter boxes.
_FURNITURE = re.compile(
    r"(?:\u00a9|\(c\) |Copyright \d{4}|Our Standards:|Submit your letter to the editor|"
    r"Read more Letters|Sign up (?:for|to) |Get the best .{0,40} delivered|"
    r"Receive email updates|(?:\w+ ){0,3}Newsletter$|Read more:|Read more Letters|"
    r"\(Credit: [^)]{1,80}\)$|Photo: [^.]{1,60}$)", re.IGNORECASE)
# A teaser of another post ("... with other […]"), and a related headline: six words or more
# with no closing punctuation, at the end of the page's text.
_TEASER = re.compile(r".*(?:\[\u2026\]|\[\.\.\.\])$", re.DOTALL)
_CREDITS = re.compile(r"\b(?:[Rr]eporting|[Ee]diting|[Ww]riting|[Cc]ompiled) by\b")
_CLOSED = re.compile(r".*[.!?\"'\u201d\u2019)\]:\u2026]$", re.DOTALL)
# "October 22, 2019 report": a dateline of a line, before the headline said again.
_DATE_LINE = re.compile(r"(?:[A-Z][a-z]+ \d{1,2}, \d{4}|\d{1,2} [A-Z][a-z]+ \d{4})"
                        r"(?: (?:report|feature|by .{0,40}))?")


def _without_furniture(body: str, title: str | None) -> str:
    """The body without the site's furniture: the headline again or a bare date line at its
    start, copyright and "our standards" lines, a call to write in, a newsletter box, other
    posts' teasers ("[…]") and related headlines at its end."""
    paragraphs = body.split("\n\n")
    head = 0
    while head < min(3, len(paragraphs)) and (
            paragraphs[head] == title or _DATE_LINE.fullmatch(paragraphs[head])):
        head += 1
    kept = [p for p in paragraphs[head:] if not _FURNITURE.match(p) and not _TEASER.match(p)]
    while len(kept) > 1 and len(kept[-1].split()) >= 6 and not _CLOSED.match(kept[-1]) \
            and not _CREDITS.search(kept[-1]):
        kept.pop()  # a related article's headline
    return "\n\n".join(kept) if kept else body


def _embedded_body(html: str) -> str:
    """The article body a page embeds as JSON-LD (`articleBody`), for pages whose visible
    text a script fills in."""
    import json

    best = ""
    for script in _LD_JSON.finditer(html):
        end = html.find("</script>", script.end())
        if end == -1:
            break
        try:
            data = json.loads(html[script.end():end])
        except ValueError:
            continue
        items = data if isinstance(data, list) else data.get("@graph", [data]) \
            if isinstance(data, dict) else []
        for item in items:
            if isinstance(item, dict) and isinstance(body := item.get("articleBody"), str) \
                    and len(body) > len(best):
                best = body
    return _PARAGRAPH.sub("\n\n", best.strip())


def _fragment(html: str, meta: dict[str, Any] | None = None) -> Page:
    """A page trafilatura finds no article in (often a fragment, `<p>...</p>` with no
    `<html>`): all its visible text, a warning when there is none."""
    text = _visible_text(html)
    warnings = [] if text else ["no article text found in the page"]
    return Page(text=text, meta=meta or {}, warnings=warnings)


def _visible_text(html: str) -> str:
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.fromstring(html)
    except (etree.ParserError, ValueError):
        return ""
    for element in root.xpath("//script|//style|//noscript|//template|//head"):
        element.drop_tree()
    for element in root.iter(*_BLOCKS):
        element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return "\n\n".join(line for line in lines if line)


def _metadata(found: dict[str, Any], html: str) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    for key, name in (("title", "title"), ("author", "author"), ("date", "date"),
                      ("sitename", "site"), ("url", "url")):
        value = found.get(key)
        if isinstance(value, str) and value.strip():
            meta[name] = " ".join(value.split())
    _page_fields(meta, html)
    if "title" in meta and not any(c.isalnum() for c in meta["title"]):
        del meta["title"]  # "]>": markup, not a headline
    if "title" in meta:
        meta["title"], title_date = _bare_title(meta["title"], meta.get("site", ""))
        if title_date:  # "... | DW | 10.06.2013": the page's own date, not a teaser's
            meta["date"] = title_date
    language = _LANG.search(html[:20_000].encode("utf-8", "replace")) \
        or _LOCALE.search(html[:50_000].encode("utf-8", "replace"))
    if language:
        meta["language"] = language.group(1).decode().lower()
    elif _english(found.get("text") or ""):
        meta["language"] = "en"
    return meta


_LOCALE = re.compile(rb"(?:og:locale\"?\s+content|inLanguage\"\s*:|content-language\"?\s+"
                     rb"content)\s*=?\s*[\"']([A-Za-z]{2})\b", re.IGNORECASE)
# A page's own labelled fields: <strong>Author</strong> Ben Knight, <strong>Date</strong>
# 19.01.2020.
_LABELLED = re.compile(r"<(?:strong|b|dt|span)[^<>]{0,80}>\s*(Author|Date)\s*:?\s*"
                       r"</(?:strong|b|dt|span)>"
                       r"\s*(?:<dd[^>]*>)?\s*([^<]{3,60}?)\s*<", re.IGNORECASE)
_DOTTED_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def _page_fields(meta: dict[str, Any], html: str) -> None:
    """The author and date a page labels itself ("Author Ben Knight"), over what a
    generic reading found (the publisher as author, a related article's date); the first of
    each counts."""
    seen: set[str] = set()
    for label, value in _LABELLED.findall(html):
        label, value = label.lower(), " ".join(value.split())
        if label in seen:
            continue
        if label == "author":
            meta["author"] = value
        elif iso := _iso_date(value):
            meta["date"] = iso
        else:
            continue
        seen.add(label)


def _iso_date(value: str) -> str | None:
    """"19.01.2020" (day, month, year) as "2020-01-19"; None for anything else."""
    day = _DOTTED_DATE.fullmatch(value)
    if day is None or not (1 <= int(day.group(1)) <= 31 and 1 <= int(day.group(2)) <= 12):
        return None
    return f"{day.group(3)}-{int(day.group(2)):02}-{int(day.group(1)):02}"


def _bare_title(title: str, site: str) -> tuple[str, str | None]:
    """The headline without the site's name and a date the page appends ("Berlin confronts
    ... | DW | 19.01.2020"), and that date (ISO) if there is one."""
    parts = title.split(" | ")
    date = None
    site_key = site.lower().split(".")[0]
    while len(parts) > 1:
        last = parts[-1].strip()
        if iso := _iso_date(last):
            date = date or iso
        elif not (site_key and last.lower() in (site.lower(), site_key)):
            break
        parts.pop()
    return " | ".join(parts), date


def _english(text: str) -> bool:
    """Whether an article with no declared language reads as English."""
    from nerx.language import foreign_language

    return len(text) > 200 and foreign_language(text[:2000]) is None
