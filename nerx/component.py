"""nerx's rules as spaCy components after the NER: `nerx_header` reads an article's header
(fields, headline, dateline) into `doc._.nerx_header`, and `nerx_mentions` runs the mention
rules: a pipeline that has them (nerx-news-en does) gives in `doc.ents` the mentions
`nerx extract` writes, with nerx's labels (PERSON, ORG, PLACE), to any spaCy user:

    nlp = spacy.load("models/nerx-news-en")   # nerx installed: the factory is an entry point
    doc = nlp(text)                           # doc.ents: nerx's mentions

nerx itself leaves the components out when it loads a pipeline (its article-wide rules run
over every piece of a long article at once); the components run the same code on one doc
(`nerx_mentions` reads the header itself where no `nerx_header` ran before it).
Its config holds the rules' word lists (`words`, refine.Words) and the rules to skip
(`rules_off`, names from refine.RULES and entities.GROUPING_RULES), saved with the pipeline;
`nerx extract` reads the same lists from the pipeline's config.cfg."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc

from nerx.header import Header, parse_header
from nerx.labels import DEFAULT_LABELS
from nerx.refine import WORDS, Words, check_rules

NAME = "nerx_mentions"
HEADER = "nerx_header"

if not Doc.has_extension(HEADER):
    Doc.set_extension(HEADER, default=None)


class HeaderReader:
    """Sets `doc._.nerx_header`, a dict of plain values (a DocBin saves it): the article's
    header fields (`meta`: title, date, dateline place...), where its body starts
    (`body_start`), the dateline's place (`dateline`, (start, end) character offsets, which
    the mention rules label PLACE) and the headline line (`headline`)."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.set(HEADER, parse_header(doc.text).as_dict())
        return doc


@Language.factory(HEADER)
def make_header(nlp: Language, name: str) -> HeaderReader:
    """The factory spaCy calls (found through nerx's `spacy_factories` entry point)."""
    return HeaderReader()


class Mentions:
    """Replaces the NER's `doc.ents` with nerx's mentions of `labels`."""

    def __init__(self, nlp: Language, labels: Iterable[str], rules_off: Iterable[str] = (),
                 words: Words = WORDS) -> None:
        from nerx.pipeline import trims_spans

        self.labels = tuple(sorted(set(labels)))  # saved in meta.json: a stable order
        self.wanted = frozenset(self.labels)
        self.off = check_rules(rules_off)
        self.words = words
        self.trim = trims_spans(nlp)

    def __call__(self, doc: Doc) -> Doc:
        from nerx.pipeline import doc_mentions

        saved = doc._.get(HEADER)
        header = Header.from_dict(saved) if saved else parse_header(doc.text)
        spans = []
        for mention in doc_mentions(doc, self.wanted, self.trim, self.off, self.words, header):
            span = doc.char_span(mention["start"], mention["end"], label=mention["label"])
            if span is not None:  # a mention inside one token ("York" of "York-based")
                spans.append(span)
        doc.ents = spans
        return doc


@Language.factory(NAME, default_config={"labels": list(DEFAULT_LABELS), "rules_off": [],
                                         "words": WORDS.as_lists()})
def make_mentions(nlp: Language, name: str, labels: list[str], rules_off: list[str],
                  words: dict[str, list[str]]) -> Mentions:
    """The factory spaCy calls (found through nerx's `spacy_factories` entry point)."""
    return Mentions(nlp, labels, rules_off, Words.from_lists(words))
