"""Places linked offline to GeoNames, decided by the article (issue 29)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nerx.cli import app
from nerx.entities import group
from nerx.geo import gazetteer, link
from nerx.records import Mention

runner = CliRunner()


def _places(text: str, *names: str) -> dict[str, str | None]:
    """Each name (a PLACE mention where it first stands) and the country nerx links it to."""
    mentions = []
    for name in names:
        start = text.index(name)
        mentions.append(Mention(text=name, label="PLACE", model_label="GPE", start=start,
                                end=start + len(name), sentence=0))
    mentions.sort(key=lambda m: m["start"])
    entities = group(mentions, len(text), text)
    link(text, mentions, entities)
    return {e["name"]: (e["geo"]["country"] + "/" + e["geo"]["kind"]) if "geo" in e else None
            for e in entities}


def test_the_article_decides_which_place_a_name_is() -> None:
    assert _places("The mayor of Paris, Texas, spoke in Dallas.", "Paris", "Texas",
                   "Dallas")["Paris"] == "US/city"
    assert _places("Crowds filled Paris as France struck.", "Paris", "France")["Paris"] \
        == "FR/city"
    assert _places("Georgia's governor spoke in Atlanta.", "Georgia", "Atlanta")["Georgia"] \
        == "US/region"
    assert _places("Georgia's president flew from Tbilisi.", "Georgia", "Tbilisi")["Georgia"] \
        == "GE/country"
    assert _places("Alexandria, Virginia, is near Arlington.", "Alexandria", "Virginia",
                   "Arlington")["Alexandria"] == "US/city"
    assert _places("Ships docked at Alexandria as Cairo watched.", "Alexandria",
                   "Cairo")["Alexandria"] == "EG/city"
    assert _places("Fans went from Birmingham to London.", "Birmingham", "London") == {
        "Birmingham": "GB/city", "London": "GB/city"}


def test_short_forms_link_to_their_countries_and_unknowns_stay_unlinked() -> None:
    # (the US and America are one entity, so are the UK and Britain)
    assert _places("The US, the UK, Britain and America met.", "US", "UK", "Britain",
                   "America") == {"Britain": "GB/country", "America": "US/country"}
    assert _places("The U.S. said so.", "U.S.") == {"U.S.": "US/country"}
    assert _places("Across Africa and Narnia.", "Africa", "Narnia") == {
        "Africa": None, "Narnia": None}


def test_the_seed_links_its_cities_and_countries(ruler_model: str) -> None:
    result = runner.invoke(app, ["extract", "seeds/", "--records", "entities", "-f", "csv"])
    rows = {row["name"]: row for row in csv.DictReader(io.StringIO(result.stdout))}
    assert {name: (rows[name]["country"], rows[name]["geonames_id"]) for name in
            ("Islamabad", "Kabul", "Pakistan", "Afghanistan")} == {
        "Islamabad": ("PK", "1176615"), "Kabul": ("AF", "1138958"),
        "Pakistan": ("PK", "1168579"), "Afghanistan": ("AF", "1149361")}
    assert rows["Afghan Taliban"]["country"] == ""  # an organisation is not linked


def test_the_report_draws_a_map_of_each_article_with_a_place(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    assert runner.invoke(app, ["report", "seeds/", "-o", str(out)]).exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert html.count('<symbol id="world"') == 1 and html.count('<use href="#world"') == 2
    assert "<title>Islamabad (PK), 2</title>" in html
    assert "cdn" not in html.lower() and "<script" not in html


def test_summarize_counts_places_by_country() -> None:
    result = runner.invoke(app, ["summarize", "seeds/", "--format", "jsonl"])
    import orjson

    rows = [orjson.loads(line) for line in result.stdout.splitlines()]
    countries = {row["name"]: row for row in rows if row["type"] == "country"}
    assert countries["PK"]["places"] == 2 and countries["AF"]["places"] == 2


@pytest.mark.parametrize("name", ["paris", "georgia", "us", "britain", "kabul"])
def test_the_gazetteer_knows_common_names(name: str) -> None:
    assert gazetteer().by_name[name]
