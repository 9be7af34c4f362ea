"""Real saved news pages (../shared/webpages, skipped when absent): the article's text, none of
the page's clutter, and no entity found in the clutter."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nerx import extract
from nerx.reader import read_articles
from tests.conftest import SHARED

PAGES = SHARED / "webpages"
EXPECTED = {name: want for name, want in json.loads(
    (Path(__file__).parent / "fixtures" / "webpages.json").read_text(encoding="utf-8")).items()
    if not name.startswith("_")}
pytestmark = pytest.mark.skipif(not PAGES.is_dir(), reason="../shared/webpages is absent")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_saved_page_gives_its_article_and_not_its_clutter(name: str) -> None:
    [article] = read_articles([str(PAGES / name)])
    for sentence in EXPECTED[name]["include"]:
        assert sentence in article.text
    for clutter in EXPECTED[name]["exclude"]:
        assert clutter not in article.text
    assert article.meta["title"] and article.meta["url"].startswith("http")
    assert article.meta["date"][:2] in ("19", "20")
    for key, value in EXPECTED[name].get("meta", {}).items():
        assert article.meta.get(key) == value, key
    assert not any("characters of article text" in w for w in article.warnings)


@pytest.mark.slow
def test_no_entity_comes_from_page_clutter() -> None:
    records = list(extract([str(PAGES / name) for name in sorted(EXPECTED)]))
    for record in records:
        clutter = " ".join(EXPECTED[Path(record["source"]).name]["exclude"])
        names = {mention["text"] for mention in record["mentions"]}
        assert not {name for name in names if name in clutter.split()}, record["source"]
        assert record["meta"]["title"] in record.get("text", record["meta"]["title"])
