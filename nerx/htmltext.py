"""Visible article text from an HTML page, with the standard library's parser."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Never visible, or page furniture rather than the article.
_SKIP = frozenset({
    "script", "style", "noscript", "template", "svg", "head", "nav", "header", "footer",
    "aside", "form", "button", "select", "iframe", "object", "canvas", "menu",
})
_BLOCK = frozenset({
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section",
    "article", "main", "blockquote", "pre", "table", "tr", "td", "th", "figcaption",
    "figure", "dd", "dt", "dl", "hr", "address", "body",
})
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "area", "base", "col",
                   "embed", "source", "track", "wbr"})
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_depth = 0
        self.article_depth = 0
        self.title: list[str] = []
        self.in_title = False
        self.page: list[str] = []
        self.article: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        if tag in _VOID:
            self._newline(tag)
            return
        if tag in _SKIP or self.skip_depth:
            self.skip_depth += tag not in _VOID
            return
        if tag in ("article", "main"):
            self.article_depth += 1
        self._newline(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _VOID:
            return
        if self.skip_depth:
            self.skip_depth -= 1
            return
        self._newline(tag)
        if tag in ("article", "main") and self.article_depth:
            self.article_depth -= 1

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        if self.skip_depth:
            return
        self.page.append(data)
        if self.article_depth:
            self.article.append(data)

    def _newline(self, tag: str) -> None:
        if tag in _BLOCK and not self.skip_depth:
            self.page.append("\n\n")
            if self.article_depth:
                self.article.append("\n\n")


def _tidy(parts: list[str]) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def html_to_text(html: str) -> tuple[str, str | None]:
    """The visible article text of a page (the <article>/<main> part when there is one),
    paragraphs separated by blank lines, and the page <title> or None."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    article = _tidy(parser.article)
    title = _SPACES.sub(" ", "".join(parser.title)).strip() or None
    return (article or _tidy(parser.page)), title
