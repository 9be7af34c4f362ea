"""nerx throughput, start-up and memory against plain spaCy, measured side by side.

Builds a corpus of .txt articles (CoNLL-2003 text from ../shared/data, or sentences from
seeds/ when that is absent), then times each contender as a separate process on the same
files and prints words/s, peak RSS and ratios. Run: `make bench` or
`python benchmarks/bench.py --articles 600 --scale 10`."""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "conll2003"
CORPUS = ROOT / "benchmarks" / "corpus"
BIN = Path(sys.executable).parent

# Plain spaCy: the same model, restricted to what NER needs, same batch size and processes.
PLAIN = """
import sys, pathlib, spacy
from nerx.models import load, resolve
folder, batch_size, workers = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
nlp = load(sys.argv[4] or None)  # only what NER needs, exactly what nerx runs
files = sorted(pathlib.Path(folder).rglob("*.txt"))
texts = (f.read_text(encoding="utf-8") for f in files)
n = sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=batch_size, n_process=workers))
"""
# The naive path: the full pipeline, one nlp(text) call per article.
NAIVE = """
import sys, pathlib, spacy
from nerx.models import resolve
nlp = spacy.load(resolve(sys.argv[2] or None), exclude=["nerx_header", "nerx_mentions"])
files = sorted(pathlib.Path(sys.argv[1]).rglob("*.txt"))
n = sum(len(nlp(f.read_text(encoding="utf-8")).ents) for f in files)
"""
RSS = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def conll_texts() -> list[str]:
    sys.path.insert(0, str(ROOT))
    from nerx.gold import read_gold

    docs = [*read_gold(SHARED / "train.txt"), *read_gold(SHARED / "dev.txt")]
    return [doc.text for doc in docs]


def seed_texts() -> list[str]:
    sentences = [s.strip() + "." for f in sorted((ROOT / "seeds").glob("*.txt"))
                 for s in f.read_text(encoding="utf-8").split(".") if s.strip()]
    rng = random.Random(0)
    return [" ".join(rng.sample(sentences, min(12, len(sentences)))) for _ in range(200)]


def build_corpus(articles: int, name: str) -> tuple[Path, int]:
    """`articles` .txt files (cycling through the source texts), and their word count."""
    folder = CORPUS / name
    texts = conll_texts() if SHARED.is_dir() else seed_texts()
    if not (folder / ".complete").exists():
        shutil.rmtree(folder, ignore_errors=True)
        for i in range(articles):
            sub = folder / f"{i // 1000:03}"
            sub.mkdir(parents=True, exist_ok=True)
            (sub / f"{i:06}.txt").write_text(texts[i % len(texts)], encoding="utf-8")
        (folder / ".complete").touch()
    words = sum(len(texts[i % len(texts)].split()) for i in range(articles))
    return folder, words


def timed(command: list[str], repeat: int = 1) -> float:
    """Median wall time of a command, output discarded."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def peak_rss_mb(command: list[str]) -> float:
    out = subprocess.run([sys.executable, "-c", RSS, *command], check=True, cwd=ROOT,
                         capture_output=True, text=True).stdout
    return int(out.strip()) / 1024


def nerx_command(folder: Path, workers: int, batch_size: int, model: str) -> list[str]:
    return [str(BIN / "nerx"), "extract", str(folder), "--format", "jsonl",
            "--workers", str(workers), "--batch-size", str(batch_size),
            *(["--model", model] if model else [])]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=600)
    parser.add_argument("--scale", type=int, default=10, help="the large corpus is N x bigger")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--skip-slow", action="store_true", help="no naive / spacy apply")
    parser.add_argument("--model", default="", help="a --model value (default: nerx's default)")
    args = parser.parse_args()

    folder, words = build_corpus(args.articles, f"n{args.articles}")
    big, big_words = build_corpus(args.articles * args.scale, f"n{args.articles * args.scale}")
    rows: dict[str, float] = {}
    for workers in (1, 2):
        plain = [sys.executable, "-c", PLAIN, str(folder), str(args.batch_size), str(workers),
                 args.model]
        rows[f"spacy_w{workers}"] = words / timed(plain)
        rows[f"nerx_w{workers}"] = words / timed(nerx_command(folder, workers, args.batch_size,
                                                              args.model))
    if not args.skip_slow:
        rows["naive"] = words / timed([sys.executable, "-c", NAIVE, str(folder), args.model])
        from nerx.models import resolve
        out = CORPUS / "apply.spacy"
        apply = [sys.executable, "-m", "spacy", "apply", resolve(args.model or None),
                 str(folder), str(out),
                 "--force", "--batch-size", str(args.batch_size)]
        rows["spacy_apply"] = words / timed(apply)
    # Peak RSS of the largest process (the parent or a worker), --workers 2.
    rss_small = peak_rss_mb(nerx_command(folder, 2, args.batch_size, args.model))
    rss_big = peak_rss_mb(nerx_command(big, 2, args.batch_size, args.model))
    plain_small = peak_rss_mb([sys.executable, "-c", PLAIN, str(folder), "64", "1", args.model])
    plain_big = peak_rss_mb([sys.executable, "-c", PLAIN, str(big), "64", "1", args.model])
    help_s = timed([str(BIN / "nerx"), "--help"], repeat=5)
    seeds_s = timed([str(BIN / "nerx"), "extract", "seeds/", "--format", "jsonl"], repeat=3)

    report = {
        "model": args.model or "(default)",
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python "
                   f"{platform.python_version()}",
        "articles": args.articles, "words": words, "big_articles": args.articles * args.scale,
        "big_words": big_words, "batch_size": args.batch_size,
        "words_per_second": {k: round(v) for k, v in rows.items()},
        "ratios": {
            "nerx_w1 / spacy_w1": round(rows["nerx_w1"] / rows["spacy_w1"], 3),
            "nerx_w2 / spacy_w2": round(rows["nerx_w2"] / rows["spacy_w2"], 3),
            "nerx_w2 / nerx_w1": round(rows["nerx_w2"] / rows["nerx_w1"], 3),
            **({"nerx_w1 / naive": round(rows["nerx_w1"] / rows["naive"], 3),
                "nerx_w1 / spacy_apply": round(rows["nerx_w1"] / rows["spacy_apply"], 3)}
               if "naive" in rows else {}),
            "rss_big / rss_small": round(rss_big / rss_small, 3),
            "plain spacy rss_big / rss_small": round(plain_big / plain_small, 3),
        },
        "peak_rss_mb": {"small": round(rss_small), "big": round(rss_big),
                        "plain_spacy_small": round(plain_small),
                        "plain_spacy_big": round(plain_big)},
        "nerx_help_s": round(help_s, 3), "nerx_extract_seeds_s": round(seeds_s, 3),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
