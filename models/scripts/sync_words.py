"""Write nerx's word lists (nerx.refine.WORDS) into the `nerx_mentions` component config of
nerx's own pipelines, so that `nerx extract` with them uses the lists the code defines:

    python models/scripts/sync_words.py [PIPELINE ...]   # default: models/nerx-news-en

`make words` runs it; a test checks that the shipped config equals the code's lists."""

from __future__ import annotations

import sys
from pathlib import Path

from spacy.util import load_config

from nerx.refine import WORDS


def sync(pipeline: Path) -> bool:
    """Rewrite `pipeline`'s config.cfg words; True when they changed."""
    path = pipeline / "config.cfg"
    config = load_config(path, interpolate=False)
    component = config["components"]["nerx_mentions"]
    if component.get("words") == WORDS.as_lists():
        return False
    component["words"] = WORDS.as_lists()
    config.to_disk(path, interpolate=False)
    return True


def main() -> int:
    pipelines = [Path(arg) for arg in sys.argv[1:]] or [Path("models/nerx-news-en")]
    for pipeline in pipelines:
        print(f"{pipeline}: {'updated' if sync(pipeline) else 'already up to date'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
