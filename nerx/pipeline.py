"""The core: articles through a spaCy pipeline to nerx records, streamed in input order."""

from __future__ import annotations

import hashlib
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from nerx import confidence, geo
from nerx.entities import group
from nerx.errors import UsageError
from nerx.header import Header, parse_header
from nerx.labels import DEFAULT_LABELS, known_labels, nerx_label
from nerx.language import language_warning
from nerx.models import model_name, rules_of
from nerx.options import Options
from nerx.reader import Article, split_text
from nerx.records import ArticleRecord, Entity, Mention
from nerx.refine import WORDS, Words, check_rules, overlaps_any, refine, sentence_at

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

# At most this many characters in one spaCy batch (besides `batch_size` texts): a batch of
# long articles or of a huge article's pieces costs as much memory as one of short articles.
BATCH_CHARS = 256_000
_DETERMINERS = frozenset({"the"})
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")
# Punctuation that can be part of a name ("AT&T", "Yahoo!" aside, which spaCy keeps whole).
_NAME_PUNCTUATION = frozenset({"&", "-", "'", "\u2019"})
_OPENERS = {")": "(", "]": "[", "\u201d": "\u201c\"", "\"": "\"\u201c", "\u2019": "\u2018'",
            "'": "'\u2018"}
_POSSESSIVES = frozenset({"'s", "\u2019s", "'", "\u2019"})


@dataclass
class Result:
    """An article and its record (the CLI's table needs the text)."""

    article: Article
    record: ArticleRecord


@dataclass
class ModelPass:
    """An article and what the model found in it, before any rule: its pieces (offset,
    text), the model's mentions over all of them, where its sentences start, and how many
    pieces are done. `rerun` finishes it under any options."""

    article: Article
    pieces: list[tuple[int, str]]
    mentions: list[Mention] = field(default_factory=list)
    sentence_starts: list[int] = field(default_factory=list)
    done: int = 0


def load_checked(options: Options) -> Language:
    """The pipeline `options.model` names, loaded once per process; UsageError when it can
    never produce one of `options.labels`."""
    from nerx.models import load

    nlp = load(options.model)
    check_labels(nlp, options.labels)
    return nlp


def check_labels(nlp: Language, labels: frozenset[str]) -> None:
    """Raise UsageError for a label the pipeline can never produce."""
    unknown = labels - known_labels(nlp.get_pipe("ner").labels)  # type: ignore[attr-defined]
    if unknown:
        raise UsageError(f"unknown label(s) {', '.join(sorted(unknown))}; this model has "
                         f"{', '.join(sorted(known_labels(nlp.get_pipe('ner').labels)))}")  # type: ignore[attr-defined]


def process(articles: Iterable[Article], nlp: Language, options: Options) -> Iterator[Result]:
    """Run articles through `nlp` in this process and yield one Result each, in input order."""
    name, lang = model_name(nlp), nlp.lang or ""
    words, options = _pipeline_rules(nlp, options)
    for pending in model_passes(articles, nlp, options):
        yield _result(pending, name, lang, options, words)


def _pipeline_rules(nlp: Language, options: Options) -> tuple[Words, Options]:
    """The rules' word lists saved with `nlp` and `options` with the rules it switches off."""
    words, off = rules_of(nlp)
    check_rules(options.rules_off | off)
    return words, replace(options, rules_off=options.rules_off | off) if off else options


def model_passes(articles: Iterable[Article], nlp: Language,
                 options: Options) -> Iterator[ModelPass]:
    """Each article with the model's mentions over all its pieces, in input order: the work
    before any rule, which `rerun` can finish under other options."""
    pending: deque[ModelPass] = deque()
    limit = min(options.piece_chars, nlp.max_length)

    def feed() -> Iterator[tuple[str, tuple[int, int]]]:
        for seq, article in enumerate(articles):
            pieces = [] if article.error is not None else split_text(article.text, limit)
            pending.append(ModelPass(article, pieces))
            for number, (_, piece) in enumerate(pieces):
                yield piece, (seq, number)

    docs = _pipe(nlp, feed(), options.batch_size)
    first_seq = 0
    trim = trims_spans(nlp)
    extras = not options.labels <= set(DEFAULT_LABELS)
    for doc, (seq, number) in docs:
        while first_seq < seq:
            yield pending.popleft()
            first_seq += 1
        head = pending[0]
        _add_piece(head, doc, head.pieces[number][0], extras, trim)
        if options.progress is not None:
            options.progress(len(head.pieces[number][1]))
        if head.done == len(head.pieces):
            yield pending.popleft()
            first_seq += 1
    while pending:
        yield pending.popleft()


def rerun(pending: ModelPass, nlp: Language, options: Options) -> Result:
    """The record of an article the model has read (`model_passes`), the rules run afresh
    under `options` (other `rules_off`, say); `pending` itself is left as it was."""
    fresh = replace(pending, mentions=[Mention(**mention) for mention in pending.mentions])
    words, options = _pipeline_rules(nlp, options)
    return _result(fresh, model_name(nlp), nlp.lang or "", options, words)


def _pipe(nlp: Language, items: Iterable[tuple[str, tuple[int, int]]],
          batch_size: int) -> Iterator[tuple[Doc, tuple[int, int]]]:
    """`nlp.pipe` over batches of at most `batch_size` texts and `BATCH_CHARS` characters."""
    batch: list[tuple[str, tuple[int, int]]] = []
    chars = 0
    for item in items:
        if batch and (len(batch) == batch_size or chars + len(item[0]) > BATCH_CHARS):
            yield from nlp.pipe(batch, as_tuples=True, batch_size=len(batch))
            batch, chars = [], 0
        batch.append(item)
        chars += len(item[0])
    if batch:
        yield from nlp.pipe(batch, as_tuples=True, batch_size=len(batch))


def _add_piece(pending: ModelPass, doc: Doc, offset: int, extras: bool, trim: bool) -> None:
    """The piece's mentions: nerx's three labels always (the article-wide rules see every
    one of them, whatever `--labels` selects), the model's other labels when asked for."""
    # A piece's trailing blank line is a "sentence" of its own: not counted.
    pending.sentence_starts += [offset + sent.start_char for sent in doc.sents
                                if not sent.text.isspace()]
    for ent in doc.ents:
        label = nerx_label(ent.label_)
        if label not in DEFAULT_LABELS and not extras:
            continue
        span = clean_span(ent)
        if span is not None and trim:
            span = _trim(span)
        if span is None:
            continue
        start = offset + span.start_char
        pending.mentions.append(Mention(
            text=span.text, label=label, model_label=ent.label_, start=start,
            end=offset + span.end_char, sentence=sentence_at(pending.sentence_starts, start)))
    pending.done += 1


def trims_spans(nlp: Language) -> bool:
    """Whether the pipeline's spans need a leading "the" and a trailing possessive dropped:
    yes for pipelines from elsewhere (OntoNotes-style spans, "the United Nations"); no for
    those `nerx train` made, which learnt their span boundaries from the gold data."""
    return bool(nlp.meta.get("nerx", {}).get("trim_spans", True))


def clean_span(span: Span) -> Span | None:
    """The span without blank space or punctuation at either end ("Agency." → "Agency",
    "Mushtaq Ahmad\n" → "Mushtaq Ahmad"; a closing bracket or quote whose opening one is
    inside stays: "Tehreek-e-Taliban Pakistan (TTP)"), cut at a paragraph break ("Apple\n\nTech"
    → "Apple"); None when nothing is left. For every model: a mention never starts or ends
    with blank space or sentence punctuation and never crosses a paragraph break."""
    doc = span.doc
    start, end = span.start, span.end
    for index in range(start, end):
        if _PARAGRAPH_BREAK.search(doc[index].text + doc[index].whitespace_) and index > start:
            end = index + 1 if not doc[index].is_space else index
            break
    while start < end and _loose(doc[start]) and not _opens_inside(doc, start, end):
        start += 1
    while end > start and _loose(doc[end - 1]) and not _closes_inside(doc, start, end - 1):
        end -= 1
    if end == start:
        return None
    return span if (start, end) == (span.start, span.end) else doc[start:end]


def _loose(token: Token) -> bool:
    """Blank space or punctuation that is not part of a name: ".", ",", '"', "(", not "&"."""
    return token.is_space or (token.is_punct and token.text not in _NAME_PUNCTUATION)


def _closes_inside(doc: Doc, start: int, index: int) -> bool:
    """Whether doc[index] closes a bracket or quote opened within doc[start:index]."""
    opener = _OPENERS.get(doc[index].text)
    return opener is not None and any(doc[i].text in opener for i in range(start, index))


def _opens_inside(doc: Doc, index: int, end: int) -> bool:
    """Whether doc[index] opens a bracket closed within doc[index + 1:end] ("( Tom ) Seaver")."""
    closers = [closer for closer, openers in _OPENERS.items() if doc[index].text in openers]
    return any(doc[i].text in closers for i in range(index + 1, end))


def _trim(span: Span) -> Span | None:
    """Drop a leading "the" and a trailing possessive; None when nothing is left."""
    start, end = span.start, span.end
    doc = span.doc
    if end - start > 1 and doc[start].lower_ in _DETERMINERS:
        start += 1
    if end - start > 1 and doc[end - 1].text in _POSSESSIVES:
        end -= 1
    return doc[start:end] if end > start else None


def text_hash(text: str) -> str:
    """What identifies an article's content for --resume: 16 hex digits of its SHA-256."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _result(pending: ModelPass, model: str, lang: str, options: Options,
            words: Words = WORDS) -> Result:
    article = pending.article
    warnings = list(article.warnings)
    if not article.error and not pending.pieces:
        warnings.append("empty article: no text to process")
    if pending.pieces and (foreign := language_warning(article.text, lang)):
        warnings.append(foreign)
    text = article.text
    header = parse_header(text)
    mentions, entities = _finished(text, pending, header, options.labels, options.rules_off,
                                   options.min_confidence, words)
    record = ArticleRecord(
        id=article.id, source=article.source, chars=len(text), hash=text_hash(text), model=model,
        meta={**header.meta, **article.meta}, mentions=mentions, entities=entities,
        warnings=warnings)
    if article.error:
        record["error"] = article.error
    if options.include_text:
        record["text"] = article.text
    return Result(article, record)


def _finished(text: str, pending: ModelPass, header: Header, labels: frozenset[str],
              off: frozenset[str] = frozenset(), min_confidence: float = 0.0,
              words: Words = WORDS) -> tuple[list[Mention], list[Entity]]:
    """An article's mentions and entities from the model's mentions: every rule but those
    in `off`, the entities grouped, `labels` selected, the confidence of each added."""
    model_spans = [(m["start"], m["end"], m["label"]) for m in pending.mentions]
    mentions = _refined(text, pending, header, off, words) if pending.pieces else []
    entities = group(mentions, len(text), text, off)
    if entities:
        geo.link(text, mentions, entities, header.meta.get("dateline"))
    _add_confidence(text, mentions, entities, model_spans, pending.sentence_starts)
    return confident(*select(mentions, entities, labels), min_confidence)


def _add_confidence(text: str, mentions: list[Mention], entities: list[Entity],
                    model_spans: list[tuple[int, int, str]], sentence_starts: list[int]) -> None:
    """The confidence of every mention and entity, scored before `--labels` selects: nerx's
    three labels among themselves and the model's other labels among themselves, so that
    neither the labels chosen nor the extra labels asked for change a mention's score."""
    for main in (True, False):
        keep = [i for i, m in enumerate(mentions) if (m["label"] in DEFAULT_LABELS) == main]
        if keep:
            spans = [span for span in model_spans if (span[2] in DEFAULT_LABELS) == main]
            confidence.add(text, *keep_mentions(mentions, entities, keep), spans,
                           sentence_starts)
    for entity in entities:
        entity["confidence"] = max(mentions[i]["confidence"] for i in entity["mentions"])


def _refined(text: str, pending: ModelPass, header: Header, off: frozenset[str] = frozenset(),
             words: Words = WORDS) -> list[Mention]:
    """The article-wide rules over nerx's three labels; the model's other labels (NORP,
    EVENT), when asked for, repaired on their own and kept where they overlap none of those."""
    main = [m for m in pending.mentions if m["label"] in DEFAULT_LABELS]
    mentions = refine(text, main, header, pending.sentence_starts, off, words)
    if len(main) == len(pending.mentions):
        return mentions
    other = refine(text, [m for m in pending.mentions if m["label"] not in DEFAULT_LABELS],
                   replace(header, dateline=None), pending.sentence_starts, off, words)
    starts = [mention["start"] for mention in mentions]
    return sorted(mentions + [m for m in other
                              if not overlaps_any(mentions, starts, m["start"], m["end"])],
                  key=lambda mention: mention["start"])


def doc_mentions(doc: Doc, labels: frozenset[str], trim: bool, off: frozenset[str] = frozenset(),
                 words: Words = WORDS, header: Header | None = None) -> list[Mention]:
    """The mentions `nerx extract` writes for one processed doc (the `nerx_mentions`
    component's work): the NER's spans cleaned, every rule but those in `off` (with `words`),
    entity labels, `labels` kept."""
    extras = not labels <= set(DEFAULT_LABELS)
    pending = ModelPass(Article(id="doc", source="doc", text=doc.text), [(0, doc.text)])
    _add_piece(pending, doc, 0, extras, trim)
    header = header or parse_header(doc.text)
    return _finished(doc.text, pending, header, labels, off, 0.0, words)[0]


def select(mentions: list[Mention], entities: list[Entity],
           labels: frozenset[str]) -> tuple[list[Mention], list[Entity]]:
    """The mentions whose label (or model label) is in `labels`, and the entities they belong
    to, with mention indices renumbered: what `--labels` writes, chosen after every rule ran."""
    return keep_mentions(mentions, entities, [
        i for i, m in enumerate(mentions) if m["label"] in labels
        or (m["model_label"] in labels and nerx_label(m["model_label"]) == m["label"])])


def confident(mentions: list[Mention], entities: list[Entity],
              threshold: float) -> tuple[list[Mention], list[Entity]]:
    """The mentions with a confidence of at least `threshold` and their entities, an
    entity's confidence, count and first mention taken over the mentions kept:
    what `--min-confidence` writes."""
    if threshold <= 0:
        return mentions, entities
    return keep_mentions(mentions, entities, [
        i for i, m in enumerate(mentions) if m.get("confidence", 1.0) >= threshold])


def keep_mentions(mentions: list[Mention], entities: list[Entity],
                  keep: list[int]) -> tuple[list[Mention], list[Entity]]:
    """The mentions at indices `keep` and the entities left with any, renumbered."""
    if len(keep) == len(mentions):
        return mentions, entities
    renumbered = {old: new for new, old in enumerate(keep)}
    selected = []
    for entity in entities:
        indices = [renumbered[i] for i in entity["mentions"] if i in renumbered]
        if indices:
            first = mentions[keep[indices[0]]]["start"]
            changed = Entity(**{**entity, "mentions": indices, "count": len(indices),
                                "first": first})
            if "confidence" in entity:
                changed["confidence"] = max(mentions[keep[i]]["confidence"] for i in indices)
            selected.append(changed)
    return [mentions[i] for i in keep], selected
