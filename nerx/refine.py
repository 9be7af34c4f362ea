"""Mention repair before grouping: names the model split, header lines, the dateline."""

from __future__ import annotations

import re
from collections import Counter

from nerx.entities import ACRONYM, initials
from nerx.header import Header
from nerx.labels import ORG, PLACE
from nerx.records import Mention

# Text between two mentions that makes them one hyphenated name: "Tehreek" -e- "Taliban",
# or a hyphenated tail the model left out: "Tehreek" -e-Taliban " Pakistan".
_HYPHEN_GAP = re.compile(r"-(?:[A-Za-z]{1,3}-)*(?:[A-Z][\w']*(?:-(?:[A-Za-z]{1,3}-)*"
                         r"[A-Z][\w']*)*)? ?")
# A hyphenated tail or head of capitalised words glued to a mention: Hewlett[-Packard].
_TAIL = re.compile(r"(?:-(?:[a-z]{1,3}-)*[A-Z][\w']*)+")
_HEAD = re.compile(r"(?:[A-Z][\w']*(?:-[a-z]{1,3})*-)+$")
# "-e-", "-ul-", "-al-": a particle that only occurs inside one name.
_PARTICLE = re.compile(r"-[a-z]{1,3}-")
# An acronym defined right after a mention: "... Pakistan (TTP)".
_DEFINITION = re.compile(rf" ?\(({ACRONYM.pattern})\)")
_WORD_BEFORE = re.compile(r"(\S+) $")
# Web and e-mail addresses and file names are not names, whatever the model says.
_ADDRESS = re.compile(r"\S*(?:://|www\.)\S*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|"
                      r"\S+\.(?:pdf|docx?|xlsx?|pptx?|txt|csv|html?|xml|jpe?g|png|gif|zip)",
                      re.IGNORECASE)


def _may_join(label: str, hyphens: str) -> bool:
    """Places joined by a bare hyphen are two places (the Pakistan-Afghanistan border)."""
    return label != PLACE or _PARTICLE.search(hyphens) is not None


def refine(text: str, mentions: list[Mention], header: Header) -> list[Mention]:
    """Repaired mentions in text order: hyphenated names joined, nothing inside the header
    fields, no web or e-mail address or file name, the dateline place added."""
    kept = [mention for mention in mentions if mention["start"] >= header.body_start
            and not _ADDRESS.fullmatch(mention["text"])]
    kept = _join_hyphenated(text, [_extend(text, mention) for mention in kept])
    kept = _complete_long_forms(text, kept)
    if header.dateline and not any(_overlaps(m, header.dateline) for m in kept):
        start, end = header.dateline
        kept.append(Mention(text=text[start:end], label=PLACE, model_label="DATELINE",
                            start=start, end=end, sentence=0))
    return sorted(kept, key=lambda mention: mention["start"])


def _overlaps(mention: Mention, span: tuple[int, int]) -> bool:
    return mention["start"] < span[1] and span[0] < mention["end"]


def _extend(text: str, mention: Mention) -> Mention:
    start, end = mention["start"], mention["end"]
    label = mention["label"]
    if (tail := _TAIL.match(text, end)) and _may_join(label, tail.group()):
        end = tail.end()
    if (head := _HEAD.search(text, max(0, start - 60), start)) and _may_join(label, head.group()):
        start = head.start()
    if (start, end) == (mention["start"], mention["end"]):
        return mention
    return Mention(text=text[start:end], label=mention["label"],
                   model_label=mention["model_label"], start=start, end=end,
                   sentence=mention["sentence"])


def _join_hyphenated(text: str, mentions: list[Mention]) -> list[Mention]:
    joined: list[Mention] = []
    hyphenated = False
    for mention in mentions:
        if joined and joined[-1]["end"] > mention["start"]:
            continue  # swallowed by an extension of the previous one
        previous = joined[-1] if joined else None
        gap = text[previous["end"]:mention["start"]] if previous else ""
        link = _HYPHEN_GAP.fullmatch(gap) is not None and gap != " "
        if previous and ((link and _may_join(previous["label"], gap))
                         or (hyphenated and gap == " ")):
            joined[-1] = _merge(text, previous, mention)
            hyphenated = True
            continue
        hyphenated = "-" in mention["text"] and mention["label"] != PLACE
        joined.append(mention)
    return joined


def _merge(text: str, first: Mention, second: Mention) -> Mention:
    label = ORG if ORG in (first["label"], second["label"]) else first["label"]
    model_label = first["model_label"] if label == first["label"] else second["model_label"]
    return Mention(text=text[first["start"]:second["end"]], label=label,
                   model_label=model_label, start=first["start"], end=second["end"],
                   sentence=first["sentence"])


def _complete_long_forms(text: str, mentions: list[Mention]) -> list[Mention]:
    """A mention the model cut short before the acronym it defines is given its whole name:
    in "the Tehreek-e-Taliban Pakistan (TTP)", "Pakistan" becomes "Tehreek-e-Taliban Pakistan",
    with the acronym's label, and so do the other occurrences of that name in the article."""
    for mention in list(mentions):
        definition = _DEFINITION.match(text, mention["end"])
        if definition is None or mention not in mentions \
                or initials(mention["text"]) == definition.group(1):
            continue
        start = _long_form_start(text, mention, definition.group(1))
        if start is not None:
            label, model_label = _acronym_label(mentions, definition.group(1)) or (
                mention["label"], mention["model_label"])
            mentions = _cover(text, mentions, text[start:mention["end"]], label, model_label)
    return mentions


def _long_form_start(text: str, mention: Mention, acronym: str) -> int | None:
    """Where the capitalised words before `mention` that spell `acronym` with it begin."""
    start = mention["start"]
    for _ in range(len(acronym)):
        word = _WORD_BEFORE.search(text, max(0, start - 60), start)
        if word is None or not word.group(1)[0].isupper():
            return None
        start = word.start(1)
        if initials(text[start:mention["end"]]) == acronym:
            return start
    return None


def _acronym_label(mentions: list[Mention], acronym: str) -> tuple[str, str] | None:
    """The label (and model label) the model gives the acronym most often, if any."""
    labels = Counter((m["label"], m["model_label"]) for m in mentions if m["text"] == acronym)
    return labels.most_common(1)[0][0] if labels else None


def _cover(text: str, mentions: list[Mention], name: str, label: str,
           model_label: str) -> list[Mention]:
    """Every occurrence of `name` that holds mentions (and cuts none) becomes one mention."""
    for found in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
        start, end = found.span()
        inside = [m for m in mentions if start <= m["start"] and m["end"] <= end]
        crossing = [m for m in mentions if m["start"] < end and start < m["end"]
                    and m not in inside]
        if not inside or crossing:
            continue
        first = inside[0]
        mentions = [m for m in mentions if m not in inside]
        mentions.append(Mention(text=name, label=label, model_label=model_label,
                                start=start, end=end, sentence=first["sentence"]))
    return sorted(mentions, key=lambda mention: mention["start"])
