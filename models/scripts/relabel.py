"""Make training data follow nerx's label conventions, and split off held-out dev data.

Reads IOB2 files (`token tag` lines, blank lines between sentences, `-DOCSTART-` lines between
documents) and writes them to one output file with these changes, printing what each changed:

- organised groups and movements named in GROUPS (the Taliban, Hamas, Hezbollah, ...) are ORG
  wherever a file tags them otherwise (CoNLL-2003 tags "Taleban" MISC).

With `--hold-out N`, every Nth document (counted per input file, from the second) goes to
`--dev FILE` instead: the held-out dev data scored by `nerx evaluate`. Run by `make models`;
the shared files are never changed."""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

GROUPS = frozenset({
    "Taleban", "Taliban", "Hamas", "Hezbollah", "Hizbollah", "Hizbullah", "Hizballah",
    "al-Qaeda", "Al-Qaeda", "al Qaeda", "Al Qaeda", "al-Qaida", "Al-Qaida", "ISIS", "ISIL",
    "Islamic State", "Boko Haram", "al-Shabaab", "Al-Shabaab", "al-Shabab", "Al-Shabab",
    "Wagner Group", "Houthis", "Houthi", "Hamas movement", "Fatah", "Islamic Jihad",
    "Tehreek-e-Taliban Pakistan", "Muslim Brotherhood", "Khmer Rouge", "Shining Path",
    "Tamil Tigers", "Sendero Luminoso", "Mujahideen", "Mujahadeen"})


def documents(path: Path) -> list[list[list[tuple[str, str]]]]:
    """A file's documents, each a list of sentences of (token, tag)."""
    docs: list[list[list[tuple[str, str]]]] = [[]]
    sentence: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if sentence:
                docs[-1].append(sentence)
                sentence = []
            continue
        token, tag = line.rsplit(" ", 1)
        if token == "-DOCSTART-":
            if sentence:
                docs[-1].append(sentence)
                sentence = []
            docs.append([])
            continue
        sentence.append((token, tag))
    if sentence:
        docs[-1].append(sentence)
    return [doc for doc in docs if doc]


def relabel(sentence: list[tuple[str, str]], changes: Counter[str]) -> list[tuple[str, str]]:
    """The sentence with GROUPS entities tagged ORG."""
    out = list(sentence)
    start = 0
    while start < len(out):
        tag = out[start][1]
        if not tag.startswith("B-"):
            start += 1
            continue
        end = start + 1
        while end < len(out) and out[end][1] == f"I-{tag[2:]}":
            end += 1
        text = " ".join(token for token, _ in out[start:end])
        if tag[2:] != "ORG" and text.replace(" - ", "-") in GROUPS:
            changes[f"{text} {tag[2:]}->ORG"] += 1
            out[start:end] = [(token, ("B-" if i == start else "I-") + "ORG")
                              for i, (token, _) in enumerate(out[start:end], start)]
        start = end
    return out


def write(docs: list[list[list[tuple[str, str]]]], path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        for doc in docs:
            f.write("-DOCSTART- O\n\n")
            for sentence in doc:
                f.write("".join(f"{token} {tag}\n" for token, tag in sentence) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+", type=Path)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--hold-out", type=int, default=0, help="every Nth document to --dev")
    parser.add_argument("--dev", type=Path)
    args = parser.parse_args()
    changes: Counter[str] = Counter()
    train, dev = [], []
    for path in args.inputs:
        for number, doc in enumerate(documents(path)):
            fixed = [relabel(sentence, changes) for sentence in doc]
            held = args.hold_out and number % args.hold_out == 1
            (dev if held else train).append(fixed)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    write(train, args.output)
    if args.dev is not None:
        write(dev, args.dev)
    print(f"{args.output}: {len(train)} documents; {args.dev}: {len(dev)} held out")
    for change, count in sorted(changes.items()):
        print(f"  relabelled {count} x {change}")


if __name__ == "__main__":
    main()
