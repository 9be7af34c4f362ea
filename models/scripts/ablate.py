"""What each mention rule adds: micro-F1 on gold files with every rule, then with each one
switched off in turn (the rule's function replaced by one that changes nothing).

Run: `python models/scripts/ablate.py GOLD... [--model M]`, e.g. on CoNLL-2003 dev and the
held-out extra data that `make models` writes (build/extra-dev.iob2). Prints one line per
rule: F1 without it, and the difference it makes (positive: the rule pays)."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from nerx import entities, refine
from nerx.evaluate import evaluate

# name: (module, function, what switching it off does)
RULES: dict[str, tuple[Any, str, Callable[..., Any]]] = {
    "not-a-name filters": (refine, "_not_a_name", lambda *a: False),
    "abbreviated things": (refine, "_an_abbreviated_thing", lambda *a: False),
    "headline first word": (refine, "_headline_word", lambda *a: False),
    "one word after the": (refine, "_a_thing_named", lambda *a: False),
    "inner titles": (refine, "_after_inner_title", lambda text, start, end: start),
    "compound tail (-based)": (refine, "_without_compound_tail", lambda m: m),
    "leading words and titles": (refine, "_without_leading_words", lambda text, m: m),
    "quoted surnames": (refine, "_join_quoted_surnames", lambda text, ms: ms),
    "hyphen extension": (refine, "_extend", lambda text, m: m),
    "hyphen joins": (refine, "_join_hyphenated", lambda text, ms: ms),
    "long forms (acronyms)": (refine, "_complete_long_forms", lambda text, ms, s: ms),
    "label by ending": (refine, "_labelled_by_ending", lambda m: m),
    "surnames are people": (refine, "_surnames_are_people", lambda ms: ms),
    "cue words": (refine, "_labels_by_cue", lambda text, ms: ms),
    "majority labels": (refine, "_majority_labels", lambda ms: ms),
    "propagation": (refine, "_propagate", lambda text, ms, b, s: ms),
    "partial person names (entities)": (entities, "_join_partial_person_names",
                                        lambda ms, g: None),
    "acronym joins (entities)": (entities, "_join_acronyms", lambda ms, g, text: None),
}


@contextmanager
def switched_off(name: str) -> Iterator[None]:
    module, attribute, replacement = RULES[name]
    original = getattr(module, attribute)
    setattr(module, attribute, replacement)
    try:
        yield
    finally:
        setattr(module, attribute, original)


def f1(gold: list[str], model: str | None) -> float:
    return float(evaluate(gold, model=model).micro.f1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="+")
    parser.add_argument("--model")
    args = parser.parse_args()
    for path in args.gold:
        full = f1([path], args.model)
        print(f"{path}: all rules {full:.4f}", flush=True)
        for name in RULES:
            with switched_off(name):
                without = f1([path], args.model)
            print(f"  without {name:34} {without:.4f}  rule adds {full - without:+.4f}",
                  flush=True)


if __name__ == "__main__":
    main()
