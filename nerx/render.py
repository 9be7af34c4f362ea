"""Rich tables for the terminal."""

from __future__ import annotations

import re
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from nerx.confidence import UNCERTAIN
from nerx.evaluate import Ablation, Evaluation
from nerx.records import ArticleRecord, rows
from nerx.summary import Summary

LABEL_STYLES = {"PERSON": "bold magenta", "ORG": "bold cyan", "PLACE": "bold green"}
_OTHER_STYLE = "bold yellow"
_CONTEXT = 30
_SPACES = re.compile(r"\s+")


def label_style(label: str) -> str:
    """The colour a label is shown in."""
    return LABEL_STYLES.get(label, _OTHER_STYLE)


def print_article(console: Console, record: ArticleRecord, text: str, kind: str) -> None:
    """One article: its entities (or its mention/entity rows) as a table."""
    title = record["source"] if record["id"] == record["source"] else (
        f"{record['source']} [{record['id']}]")
    if record["meta"].get("title"):
        title += f" — {record['meta']['title']}"
    if "error" in record:
        console.print(Text(f"{title}: {record['error']}", style="bold red"))
        return
    table = _entity_table(record, text) if kind == "articles" else _rows_table(record, kind)
    table.title = title
    console.print(table)


def _entity_table(record: ArticleRecord, text: str) -> Table:
    table = Table(title_justify="left", expand=False)
    table.add_column("Entity")
    table.add_column("Label")
    table.add_column("Count", justify="right")
    table.add_column("Conf.", justify="right")
    table.add_column("Country")
    table.add_column("First mention", overflow="fold")
    for entity in record["entities"]:
        mention = record["mentions"][entity["mentions"][0]]
        style = label_style(entity["label"])
        geo = entity.get("geo")
        table.add_row(Text(entity["name"], style=style), Text(entity["label"], style=style),
                      str(entity["count"]), _confidence(entity.get("confidence")),
                      geo["country"] if geo else "",
                      _snippet(text, mention["start"], mention["end"]))
    if not record["entities"]:
        table.caption = "no entities found"
    return table


def _confidence(value: float | None) -> Text:
    """A confidence to two decimals, dim when it is below UNCERTAIN."""
    if value is None:
        return Text("")
    return Text(f"{value:.2f}", style="dim" if value < UNCERTAIN else "")


def _snippet(text: str, start: int, end: int) -> Text:
    before = _SPACES.sub(" ", text[max(0, start - _CONTEXT):start]).lstrip()
    after = _SPACES.sub(" ", text[end:end + _CONTEXT]).rstrip()
    snippet = Text(("…" if start > _CONTEXT else "") + before)
    snippet.append(text[start:end], style="bold underline")
    snippet.append(after + ("…" if end + _CONTEXT < len(text) else ""))
    return snippet


def _rows_table(record: ArticleRecord, kind: str) -> Table:
    table = Table(title_justify="left")
    data = [row for row in rows(record, kind)]
    columns = [key for key in (data[0] if data else {}) if key not in ("id", "source")]
    for column in columns:
        table.add_column(column)
    for row in data:
        table.add_row(*(_cell(column, row[column]) for column in columns))
    return table


def _cell(column: str, value: Any) -> Text:
    if isinstance(value, list):
        value = "; ".join(str(item) for item in value)
    style = label_style(str(value)) if column == "label" else ""
    return Text("" if value is None else str(value), style=style)


def print_models(console: Console, found: list[dict[str, Any]]) -> None:
    """The pipelines nerx can load, the default marked."""
    table = Table(title="Models", title_justify="left")
    for column in ("name", "kind", "location", "default"):
        table.add_column(column)
    for model in found:
        style = "bold" if model["default"] else ""
        table.add_row(model["name"], model["kind"], model["location"],
                      "yes" if model["default"] else "", style=style)
    console.print(table)


def print_summary(console: Console, summary: Summary) -> None:
    """Corpus entities, then the top co-occurring pairs."""
    table = Table(title="Entities", title_justify="left")
    for column, justify in (("Entity", "left"), ("Label", "left"), ("Articles", "right"),
                            ("Mentions", "right"), ("Aliases", "left")):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for row in summary.entities:
        style = label_style(row["label"])
        table.add_row(Text(row["name"], style=style), Text(row["label"], style=style),
                      str(row["articles"]), str(row["mentions"]), "; ".join(row["aliases"]))
    console.print(table)
    pairs = Table(title="Entities that appear together", title_justify="left")
    for column in ("Entity", "With", "Articles"):
        pairs.add_column(column, justify="right" if column == "Articles" else "left")
    for row in summary.pairs:
        pairs.add_row(Text(row["name"], style=label_style(row["label"])),
                      Text(row["other"], style=label_style(row["other_label"])),
                      str(row["articles"]))
    console.print(pairs)
    if summary.countries:
        countries = Table(title="Places by country", title_justify="left")
        for column in ("Country", "Places", "Articles", "Mentions"):
            countries.add_column(column, justify="left" if column == "Country" else "right")
        for row in summary.countries:
            countries.add_row(row["name"], str(row["places"]), str(row["articles"]),
                              str(row["mentions"]))
        console.print(countries)


def print_evaluation(console: Console, result: Evaluation) -> None:
    """Precision, recall and F1 per label and micro-averaged."""
    table = Table(title=f"{result.model} on {', '.join(result.files)}", title_justify="left",
                  caption=f"{result.docs} articles, {result.words} words, "
                          f"{result.words / max(result.seconds, 1e-9):,.0f} words/s")
    for column in ("Label", "Precision", "Recall", "F1", "Support"):
        table.add_column(column, justify="left" if column == "Label" else "right")
    rows_ = [(label, counts) for label, counts in sorted(result.labels.items())]
    for label, counts in [*rows_, ("micro", result.micro)]:
        table.add_row(Text(label, style=label_style(label) if label != "micro" else "bold"),
                      f"{counts.precision:.4f}", f"{counts.recall:.4f}", f"{counts.f1:.4f}",
                      str(counts.tp + counts.fn))
    console.print(table)
    if result.scored:
        _print_calibration(console, result)


def _print_calibration(console: Console, result: Evaluation) -> None:
    """The reliability table (is a mention of confidence 0.8 right 80 % of the time?) and
    precision and recall at a few --min-confidence values."""
    bins = Table(title=f"Confidence: expected calibration error {result.ece:.4f}",
                 title_justify="left")
    for column in ("Confidence", "Mentions", "Mean confidence", "Precision"):
        bins.add_column(column, justify="right")
    for b in result.reliability:
        row = b.as_dict()
        if row["mentions"]:
            bins.add_row(f"{b.low:.1f}-{b.high:.1f}", str(row["mentions"]),
                         f"{row['mean_confidence']:.3f}", f"{row['precision']:.3f}")
    console.print(bins)
    table = Table(title="With --min-confidence", title_justify="left")
    for column in ("Min confidence", "Precision", "Recall", "F1", "Mentions kept"):
        table.add_column(column, justify="right")
    for threshold, counts in result.at_thresholds():
        table.add_row(f"{threshold:.2f}", f"{counts.precision:.4f}", f"{counts.recall:.4f}",
                      f"{counts.f1:.4f}", str(counts.tp + counts.fp))
    console.print(table)


def print_ablation(console: Console, result: Ablation) -> None:
    """Micro-F1 with every rule, and what each rule adds (F1 with it minus F1 without, the
    mentions it makes right and those it makes wrong)."""
    changed = result.relabelled
    table = Table(title=f"{result.model} on {', '.join(result.files)}: F1 {result.f1:.4f} "
                        f"with every rule, {result.none.f1_without:.4f} with none "
                        f"({result.none.fixed} fixed, {result.none.broken} broken); labels "
                        f"changed: {changed.tp} fixed, {changed.fp} broken, {changed.fn} "
                        "neither", title_justify="left")
    for column in ("Rule", "F1 without", "Gain", "Fixed", "Broken", "What it does"):
        table.add_column(column, justify="left" if column in ("Rule", "What it does")
                         else "right")
    for rule in result.rules:
        table.add_row(rule.name, f"{rule.f1_without:.4f}", f"{result.f1 - rule.f1_without:+.4f}",
                      str(rule.fixed), str(rule.broken), rule.does)
    console.print(table)


def print_highlighted(console: Console, record: ArticleRecord, text: str) -> None:
    """The article with each mention in its label's colour (labels inline without colour),
    a legend, then its entities."""
    plain = console.no_color or console.color_system is None
    legend = Text("Legend: ")
    for label in (*LABEL_STYLES, "OTHER"):
        legend.append(f" {label} ", style="reverse " + label_style(label))
        legend.append(" ")
    legend.append(f"uncertain (confidence below {UNCERTAIN})", style="underline")
    if not plain:
        console.print(legend)
    console.print(Text(record["source"], style="bold"))
    if "error" in record:
        console.print(Text(record["error"], style="bold red"))
        return
    body = Text()
    position = 0
    for mention in record["mentions"]:
        body.append(text[position:mention["start"]])
        unsure = mention.get("confidence", 1.0) < UNCERTAIN
        if plain:
            mark = "?" if unsure else ""
            body.append(f"[{mention['text']}]{{{mention['label']}{mark}}}")
        else:
            style = ("underline " if unsure else "reverse ") + label_style(mention["label"])
            body.append(mention["text"], style=style)
        position = mention["end"]
    body.append(text[position:])
    console.print(body)
    console.print(_entity_table(record, text))
