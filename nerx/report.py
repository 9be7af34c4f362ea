"""`nerx report`: one self-contained HTML file (no network: inline CSS and SVG, no script)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from html import escape
from typing import Any

from nerx.confidence import UNCERTAIN
from nerx.records import ArticleRecord, Entity
from nerx.summary import Summary, summarize

COLOURS = {"PERSON": "#f4c2e8", "ORG": "#bfe3f7", "PLACE": "#c8f0c0"}
OTHER_COLOUR = "#f9e8a8"
_CSS = """
body{font:15px/1.55 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#222}
main{max-width:60rem;margin:0 auto;padding:1rem 1.5rem}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem}h3{font-size:1.05rem}
.charts{display:flex;flex-wrap:wrap;gap:1.5rem}.chart{flex:1 1 17rem}
.chart svg text{font-size:12px}
table{border-collapse:collapse}
td,th{padding:.2rem .6rem;border-bottom:1px solid #ddd;text-align:left}
article{border-top:2px solid #ccc;margin-top:2rem;padding-top:.5rem}
.text{white-space:pre-wrap}
mark.ent{padding:.05em .25em;border-radius:.3em;color:#111}
mark.ent .label{font-size:.65em;font-weight:bold;margin-left:.3em;vertical-align:middle}
mark.ent.uncertain{background:transparent!important;border:2px dashed #888}
.meta,.entities{color:#555;font-size:.9em}
.error{color:#b00020;font-weight:bold}
.map svg{max-width:100%;height:auto;background:#f5f9ff;border:1px solid #ddd}
.legend span{display:inline-block;padding:.1em .5em;margin-right:.5em;border-radius:.3em}
"""


def colour(label: str) -> str:
    """The highlight colour of a label."""
    return COLOURS.get(label, OTHER_COLOUR)


def render(items: Iterable[tuple[ArticleRecord, str]], *, top: int = 10,
           title: str = "nerx report") -> str:
    """The report for (record, article text) pairs, as one XHTML-compatible HTML string."""
    pairs = list(items)
    summary = summarize((record for record, _ in pairs), top=1000)
    anchors = [f"a{index}" for index in range(len(pairs))]  # by position: ids may repeat
    repeated = sum(count - 1 for count in Counter(r["id"] for r, _ in pairs).values())
    note = (f"<p>{repeated} articles share an id with an earlier one; each has its own "
            "section below.</p>") if repeated else ""
    parts = [f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"/>'
             f"<title>{escape(title)}</title><style>{_CSS}</style></head><body><main>",
             f"<h1>{escape(title)}</h1>",
             f"<p>{len(pairs)} articles, {sum(len(r['entities']) for r, _ in pairs)} entities."
             f"</p>", note, _legend(), _world_symbol(),
             _overview(summary, pairs, anchors, top),
             _map([entity for record, _ in pairs for entity in record["entities"]],
                  "Places of the corpus", by_articles=True),
             "<h2>Articles</h2>"]
    parts += [_article(record, text, anchor) for (record, text), anchor in zip(
        pairs, anchors, strict=True)]
    parts.append("</main></body></html>\n")
    return "".join(parts)


def _legend() -> str:
    spans = "".join(f'<span style="background:{c}">{label}</span>'
                    for label, c in COLOURS.items())
    return f'<p class="legend">{spans}</p>'


def _overview(summary: Summary, pairs: list[tuple[ArticleRecord, str]],
              anchors: list[str], top: int) -> str:
    first_article = _first_articles(pairs, anchors)
    charts = []
    for label, heading in (("PERSON", "People"), ("ORG", "Organisations"),
                           ("PLACE", "Places")):
        rows = [row for row in summary.entities if row["label"] == label][:top]
        charts.append(f'<div class="chart"><h3>{heading}</h3>'
                      f"{_bars(rows, label, first_article)}</div>")
    pair_rows = "".join(
        f"<tr><td>{escape(p['name'])}</td><td>{escape(p['other'])}</td>"
        f"<td>{p['articles']}</td></tr>" for p in summary.pairs[:top])
    return (f'<h2>Overview</h2><div class="charts">{"".join(charts)}</div>'
            "<h3>Entities that appear together</h3><table><tr><th>Entity</th><th>With</th>"
            f"<th>Articles</th></tr>{pair_rows}</table>")


def _first_articles(pairs: list[tuple[ArticleRecord, str]],
                    anchors: list[str]) -> dict[tuple[str, str], str]:
    from nerx.entities import normalize

    first: dict[tuple[str, str], str] = {}
    for (record, _), anchor in zip(pairs, anchors, strict=True):
        for entity in record["entities"]:
            label = entity["label"]
            first.setdefault((label, normalize(entity["name"], label)), anchor)
    return first


def _bars(rows: list[dict[str, Any]], label: str,
          first_article: dict[tuple[str, str], str]) -> str:
    from nerx.entities import normalize

    if not rows:
        return "<p>none</p>"
    width, bar_height, name_width = 400, 20, 190
    most = max(row["articles"] for row in rows)
    bars = []
    for index, row in enumerate(rows):
        y = index * (bar_height + 4)
        length = max(2, round((width - name_width - 40) * row["articles"] / most))
        link = first_article.get((label, normalize(row["name"], label)), "")
        bars.append(
            f'<a href="#{link}"><text x="{name_width - 6}" y="{y + 14}" text-anchor="end">'
            f"{escape(_short(row['name']))}</text>"
            f'<rect x="{name_width}" y="{y}" width="{length}" height="{bar_height}" '
            f'fill="{colour(label)}" stroke="#888"/>'
            f'<text x="{name_width + length + 4}" y="{y + 14}">{row["articles"]}</text></a>')
    height = len(rows) * (bar_height + 4)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'role="img">{"".join(bars)}</svg>')


def _short(name: str, size: int = 28) -> str:
    return name if len(name) <= size else name[:size - 1] + "\u2026"


def _article(record: ArticleRecord, text: str, anchor: str) -> str:
    heading = escape(str(record["meta"].get("title") or record["source"]))
    meta = ", ".join(f"{escape(str(k))}: {escape(str(v))}" for k, v in record["meta"].items()
                     if isinstance(v, str | int | float))
    if "error" in record:
        body = f'<p class="error">{escape(record["error"])}</p>'
    else:
        body = f'<div class="text">{highlight(text, record)}</div>'
    entities = "; ".join(f"{escape(e['name'])} ({e['label']}, {e['count']})"
                         for e in record["entities"])
    return (f'<article id="{anchor}"><h3>{heading}</h3>'
            f'<p class="meta">{escape(record["source"])}{" — " + meta if meta else ""}</p>'
            f'{body}<p class="entities">Entities: {entities or "none"}</p>'
            f'{_map(record["entities"], "Places")}</article>')


def _world_symbol() -> str:
    """The world outline (Natural Earth 1:110m land, public domain), defined once and drawn
    by every map of the page."""
    from importlib import resources

    lines = resources.files("nerx").joinpath("world_land.txt").read_text(encoding="utf-8")
    path = next(line for line in lines.splitlines() if not line.startswith("#"))
    return ('<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0" style="position:'
            'absolute"><defs><symbol id="world" viewBox="0 0 360 180">'
            f'<path d="{path}" fill="#e4e4e4" stroke="#bbb" stroke-width="0.2"/>'
            "</symbol></defs></svg>")


def _map(entities: list[Entity], heading: str, *, by_articles: bool = False) -> str:
    """The linked places as points on the world outline, sized by mentions (by articles for
    the corpus), named on hover; nothing when no place is linked."""
    points: dict[int, tuple[dict[str, Any], int]] = {}
    for entity in entities:
        if (geo := entity.get("geo")) is not None:
            _, weight = points.get(geo["id"], (geo, 0))
            points[geo["id"]] = (geo, weight + (1 if by_articles else entity["count"]))
    if not points:
        return ""
    most = max(weight for _, weight in points.values())
    dots = "".join(
        f'<circle cx="{geo["lon"] + 180:.1f}" cy="{90 - geo["lat"]:.1f}" '
        f'r="{1.2 + 3.5 * math.sqrt(weight / most):.1f}" fill="{colour("PLACE")}" '
        f'fill-opacity="0.8" stroke="#1b5e20" stroke-width="0.3"><title>'
        f'{escape(geo["name"])} ({geo["country"]}), {weight}</title></circle>'
        for geo, weight in sorted(points.values(), key=lambda item: -item[1]))
    return (f'<figure class="map"><figcaption>{heading}</figcaption>'
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
            ' viewBox="0 0 360 180" width="720" height="360" role="img">'
            '<use href="#world" xlink:href="#world" width="360" height="180"/>'
            f"{dots}</svg></figure>")


def highlight(text: str, record: ArticleRecord) -> str:
    """The article text, escaped, with each mention in a coloured <mark>."""
    out: list[str] = []
    position = 0
    for mention in record["mentions"]:
        out.append(escape(text[position:mention["start"]]))
        label = mention["label"]
        sure = mention.get("confidence")
        hover = f' title="{label}, confidence {sure:.2f}"' if sure is not None else ""
        kind = "ent uncertain" if sure is not None and sure < UNCERTAIN else "ent"
        out.append(f'<mark class="{kind}" data-label="{label}"{hover} '
                   f'style="background:{colour(label)};border-color:{colour(label)}">'
                   f'{escape(mention["text"])}<span class="label">{label}</span></mark>')
        position = mention["end"]
    out.append(escape(text[position:]))
    return "".join(out)
