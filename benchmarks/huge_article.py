"""Peak memory and time of `nerx extract` on one huge article, against plain spaCy on the same
text in the same run.

Builds one .txt file of `--mb` megabytes (CoNLL-2003 article texts from ../shared/data, cycled,
or sentences of seeds/ when that is absent) under benchmarks/corpus/huge-N/, then runs, each as
its own process with its peak RSS read from the kernel:

- `nerx extract DIR --format jsonl > /dev/null` (default options);
- plain spaCy: the same pipeline nerx loads, `nlp.pipe` over the text cut into 50,000-character
  pieces (a single `nlp(text)` refuses more than 1,000,000 characters), entities touched.

Run: `python benchmarks/huge_article.py --mb 50` (`--skip-plain` for nerx alone)."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "conll2003"
BIN = Path(sys.executable).parent

PLAIN = """
import sys, pathlib
from nerx.models import load
from nerx.reader import split_text
nlp = load(None)
text = pathlib.Path(sys.argv[1]).read_text(encoding="utf-8")
pieces = (piece for _, piece in split_text(text, 50_000))
n = sum(len(doc.ents) for doc in nlp.pipe(pieces, batch_size=4))
"""
RSS = """
import resource, subprocess, sys
with open(sys.argv[1], "wb") as out:
    subprocess.run(sys.argv[2:], check=True, stdout=out)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def source_text() -> str:
    if SHARED.exists():
        sys.path.insert(0, str(ROOT))
        from nerx.gold import read_gold

        docs = [*read_gold(SHARED / "train.txt"), *read_gold(SHARED / "dev.txt")]
        return "\n\n".join(doc.text for doc in docs)
    return (ROOT / "seeds" / "000_6e75951bac204442.txt").read_text(encoding="utf-8")


def build(megabytes: float) -> Path:
    folder = ROOT / "benchmarks" / "corpus" / f"huge-{megabytes:g}"
    path = folder / "article.txt"
    size = int(megabytes * 1_000_000)
    if not path.exists() or path.stat().st_size != size:
        text = source_text()
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(((text + "\n\n") * (size // len(text) + 1))[:size], encoding="utf-8")
    return path


def measure(command: list[str], out: Path) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of `command`, its stdout to `out`."""
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-c", RSS, str(out), *command], check=True,
                            capture_output=True, text=True)
    return time.monotonic() - started, int(result.stdout.split()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50)
    parser.add_argument("--skip-plain", action="store_true")
    args = parser.parse_args()
    path = build(args.mb)
    out = path.parent / "out.jsonl"
    figures: dict[str, object] = {"megabytes": args.mb, "chars": path.stat().st_size}
    seconds, rss = measure([str(BIN / "nerx"), "extract", str(path.parent), "-f", "jsonl"],
                           out)
    records = out.read_bytes().count(b"\n")
    figures["nerx"] = {"seconds": round(seconds, 1), "peak_rss_mb": round(rss),
                       "records": records}
    print(f"nerx extract: {seconds:.1f} s, peak RSS {rss:.0f} MB, {records} records",
          flush=True)
    if not args.skip_plain:
        seconds, rss = measure([sys.executable, "-c", PLAIN, str(path)], Path("/dev/null"))
        figures["plain_spacy"] = {"seconds": round(seconds, 1), "peak_rss_mb": round(rss)}
        nerx = figures["nerx"]
        assert isinstance(nerx, dict)
        print(f"plain spaCy:  {seconds:.1f} s, peak RSS {rss:.0f} MB")
        print(f"ratios nerx / plain: time {nerx['seconds'] / seconds:.2f}, "
              f"peak RSS {nerx['peak_rss_mb'] / rss:.2f}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
