"""How well nerx reads saved news pages: the article text it extracts against hand-written
expectations, and pages per second.

For each page of ../shared/webpages/ described in tests/fixtures/webpages.json: recall = the
share of the article's sentences listed under `include` found in the extracted text;
clutter = the share of the page's furniture listed under `exclude` (menus, cookie banners,
share buttons, related links) found in it. Speed: every .html page read `--repeat` times
through `nerx.reader` (extraction only, no NER). Run: `python benchmarks/html_extraction.py`."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from nerx.reader import read_articles

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT.parent / "shared" / "webpages"
EXPECTED = ROOT / "tests" / "fixtures" / "webpages.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    expected = {name: want for name, want in json.loads(EXPECTED.read_text()).items()
                if not name.startswith("_")}
    found = kept = clutter = total_clutter = 0
    print(f"{'page':40} {'recall':>7} {'clutter':>8}")
    for name, want in expected.items():
        [article] = read_articles([str(PAGES / name)])
        hits = sum(snippet in article.text for snippet in want["include"])
        junk = sum(snippet in article.text for snippet in want["exclude"])
        found, kept = found + len(want["include"]), kept + hits
        clutter, total_clutter = clutter + junk, total_clutter + len(want["exclude"])
        print(f"{name:40} {hits}/{len(want['include']):<5} {junk}/{len(want['exclude'])}")
    pages = sorted(str(path) for path in PAGES.glob("*.html"))
    started = time.monotonic()
    for _ in range(args.repeat):
        for _article in read_articles(pages):
            pass
    seconds = time.monotonic() - started
    print(f"article sentences found: {kept}/{found} ({kept / found:.2f}); clutter kept: "
          f"{clutter}/{total_clutter} ({clutter / total_clutter:.2f}); "
          f"{len(pages) * args.repeat / seconds:.1f} pages/s")


if __name__ == "__main__":
    main()
