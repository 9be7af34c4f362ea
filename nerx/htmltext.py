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
    title = meta.get("title")
    text = f"{title}\n\n{body}" if title and body and not body.startswith(title) else body
    if not body:
        return _fragment(html, meta)
    return Page(text=text, meta=meta)


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
    if language := _LANG.search(html[:20_000].encode("utf-8", "replace")):
        meta["language"] = language.group(1).decode().lower()
    return meta
