"""Each entity-grouping rule on short texts of our own, with cases that must not merge."""

from __future__ import annotations

import re

from nerx.entities import canonical, group, initials, normalize, salience, strip_titles
from nerx.records import Mention


def _mentions(text: str, *items: tuple[str, str]) -> list[Mention]:
    """Mentions at the next occurrence of each text in `text`."""
    out: list[Mention] = []
    position = 0
    for surface, label in items:
        start = text.index(surface, position)
        out.append(Mention(text=surface, label=label, model_label=label, start=start,
                           end=start + len(surface), sentence=0))
        position = start + len(surface)
    return out


def _names(text: str, *items: tuple[str, str]) -> list[tuple[str, str, int]]:
    return [(e["name"], e["label"], e["count"])
            for e in group(_mentions(text, *items), len(text), text)]


def test_normalize_sets_aside_case_the_possessive_and_titles() -> None:
    assert normalize("The Express Tribune", "ORG") == normalize("express tribune", "ORG")
    assert normalize("Pakistan's", "PLACE") == normalize("PAKISTAN", "PLACE") == "pakistan"
    assert normalize("Pakistan\u2019s", "PLACE") == "pakistan"
    assert normalize("Ambassador Asad Durrani", "PERSON") == "asad durrani"
    assert normalize("Therapists", "ORG") == "therapists"
    assert normalize("General Motors", "ORG") == "general motors"
    assert strip_titles("President") == "President"
    assert normalize("King , Jr.", "PERSON") == "king , jr."


def test_case_variants_and_titles_merge() -> None:
    text = "ISLAMABAD talks. Islamabad said. Dr Jane Roe met Jane Roe."
    assert _names(text, ("ISLAMABAD", "PLACE"), ("Islamabad", "PLACE"),
                  ("Dr Jane Roe", "PERSON"), ("Jane Roe", "PERSON")) == [
        ("Islamabad", "PLACE", 2), ("Jane Roe", "PERSON", 2)]


def test_surname_links_to_the_one_full_name() -> None:
    text = "Asad Durrani arrived. Durrani said Kabir, or Maulvi Abdul Kabir, agreed."
    assert _names(text, ("Asad Durrani", "PERSON"), ("Durrani", "PERSON"), ("Kabir", "PERSON"),
                  ("Maulvi Abdul Kabir", "PERSON")) == [
        ("Asad Durrani", "PERSON", 2), ("Abdul Kabir", "PERSON", 2)]


def test_an_organisation_named_by_the_last_word_of_one_fuller_name_is_that_one() -> None:
    text = ("The Afghan Taliban came. The Taliban said Manchester United and Newcastle United "
            "drew; United fans sang. The New Democratic Party and the Democratic Party met.")
    assert _names(text, ("Afghan Taliban", "ORG"), ("Taliban", "ORG"),
                  ("Manchester United", "ORG"), ("Newcastle United", "ORG"), ("United", "ORG"),
                  ("New Democratic Party", "ORG"), ("Democratic Party", "ORG")) == [
        ("Afghan Taliban", "ORG", 2), ("Manchester United", "ORG", 1),
        ("Newcastle United", "ORG", 1), ("United", "ORG", 1), ("New Democratic Party", "ORG", 1),
        ("Democratic Party", "ORG", 1)]


def test_surname_comma_first_name_is_the_same_person() -> None:
    text = "From Lenhart , Matthew : Matthew Lenhart and Davis , Jr. and Acme , Inc. met."
    assert _names(text, ("Lenhart , Matthew", "PERSON"), ("Matthew Lenhart", "PERSON"),
                  ("Davis , Jr.", "PERSON"), ("Acme , Inc.", "ORG")) == [
        ("Matthew Lenhart", "PERSON", 2), ("Davis , Jr.", "PERSON", 1),
        ("Acme , Inc.", "ORG", 1)]


def test_shared_surname_stays_apart() -> None:
    text = "John Smith and Jane Smith came. Smith spoke."
    assert _names(text, ("John Smith", "PERSON"), ("Jane Smith", "PERSON"),
                  ("Smith", "PERSON")) == [
        ("John Smith", "PERSON", 1), ("Jane Smith", "PERSON", 1), ("Smith", "PERSON", 1)]


def test_surname_does_not_link_across_labels() -> None:
    text = "George Washington slept. Washington is a city."
    assert _names(text, ("George Washington", "PERSON"), ("Washington", "PLACE")) == [
        ("George Washington", "PERSON", 1), ("Washington", "PLACE", 1)]


def test_acronym_defined_in_text_links_and_full_form_is_canonical() -> None:
    text = "the Pakistan Peoples Party (PPP) won; later the PPP lost."
    entities = group(_mentions(text, ("Pakistan Peoples Party", "ORG"), ("PPP", "ORG"),
                               ("PPP", "ORG")), len(text), text)
    assert [(e["name"], e["count"], e["aliases"]) for e in entities] == [
        ("Pakistan Peoples Party", 3, ["PPP"])]


def test_acronym_defined_with_different_initials_still_links() -> None:
    text = "Doctors Without Borders (MSF) said. MSF added."
    assert _names(text, ("Doctors Without Borders", "ORG"), ("MSF", "ORG"), ("MSF", "ORG")) == [
        ("Doctors Without Borders", "ORG", 3)]


def test_acronym_after_part_of_its_name_is_not_linked_to_that_part() -> None:
    text = "the banned Tehreek-e-Taliban Pakistan (TTP) said. The TTP and Pakistan."
    assert _names(text, ("Pakistan", "PLACE"), ("TTP", "ORG"), ("TTP", "ORG"),
                  ("Pakistan", "PLACE")) == [("Pakistan", "PLACE", 2), ("TTP", "ORG", 2)]


def test_acronym_links_by_initials_only_to_the_one_name_of_its_label() -> None:
    text = "The United Nations met. The UN said. The UK and United Kingdom and Ulster Kings."
    assert _names(text, ("United Nations", "ORG"), ("UN", "ORG"), ("UK", "PLACE"),
                  ("United Kingdom", "PLACE"), ("Ulster Kings", "ORG")) == [
        ("United Nations", "ORG", 2), ("United Kingdom", "PLACE", 2), ("Ulster Kings", "ORG", 1)]
    text = "The EC, the European Commission and the Economic Council."
    assert _names(text, ("EC", "ORG"), ("European Commission", "ORG"),
                  ("Economic Council", "ORG")) == [
        ("EC", "ORG", 1), ("European Commission", "ORG", 1), ("Economic Council", "ORG", 1)]
    text = "The UK, the United Kingdom and Upper Kent."  # "UK" is the United Kingdom's alias
    assert _names(text, ("UK", "PLACE"), ("United Kingdom", "PLACE"), ("Upper Kent", "PLACE")) == [
        ("United Kingdom", "PLACE", 2), ("Upper Kent", "PLACE", 1)]


def test_an_aside_in_brackets_is_no_acronym_of_the_name_before_it() -> None:
    text = ("The shortlist includes Doris Lessing (UK) and Philip Roth (US). The UK and the US "
            "dominate, as does Time Warner (US).")
    assert _names(text, ("Doris Lessing", "PERSON"), ("UK", "PLACE"), ("Philip Roth", "PERSON"),
                  ("US", "PLACE"), ("UK", "PLACE"), ("US", "PLACE"), ("Time Warner", "ORG"),
                  ("US", "PLACE")) == [
        ("Doris Lessing", "PERSON", 1), ("UK", "PLACE", 2), ("Philip Roth", "PERSON", 1),
        ("US", "PLACE", 3), ("Time Warner", "ORG", 1)]


def test_acronyms_whose_letters_fit_join_their_names() -> None:
    text = ("The National Oceanic and Atmospheric Administration (NOAA) warned. NOAA said. "
            "Alternative for Germany (AfD) won; the AfD gained.")
    assert _names(text, ("National Oceanic and Atmospheric Administration", "ORG"),
                  ("NOAA", "ORG"), ("NOAA", "ORG"), ("Alternative for Germany", "ORG"),
                  ("AfD", "ORG"), ("AfD", "ORG")) == [
        ("National Oceanic and Atmospheric Administration", "ORG", 3),
        ("Alternative for Germany", "ORG", 3)]


def test_initials_skip_particles_and_follow_hyphens() -> None:
    assert initials("Tehreek-e-Taliban Pakistan") == "TTP"
    assert initials("Bank of England") == "BE"


def test_same_name_with_another_label_is_another_entity() -> None:
    text = "Jordan scored. Jordan agreed. Jordan again."
    mentions = _mentions(text, ("Jordan", "PERSON"), ("Jordan", "PLACE"), ("Jordan", "PERSON"))
    entities = group(mentions, len(text), text)
    assert [(e["name"], e["label"], e["mentions"]) for e in entities] == [
        ("Jordan", "PERSON", [0, 2]), ("Jordan", "PLACE", [1])]


def test_majority_label_is_applied_to_every_mention_of_a_defined_acronym() -> None:
    text = "World Health Organization (WHO) said. WHO added. The WHO too."
    mentions = _mentions(text, ("World Health Organization", "ORG"), ("WHO", "ORG"),
                         ("WHO", "PERSON"), ("WHO", "ORG"))
    [entity] = group(mentions, len(text), text)
    assert entity["label"] == "ORG" and entity["name"] == "World Health Organization"
    assert {m["label"] for m in mentions} == {"ORG"}
    assert mentions[2]["model_label"] == "PERSON"


def test_an_acronym_undefined_in_the_text_joins_no_name_of_another_label() -> None:
    text = "World Health Organization said. WHO added."
    mentions = _mentions(text, ("World Health Organization", "ORG"), ("WHO", "PERSON"))
    assert [e["label"] for e in group(mentions, len(text), text)] == ["ORG", "PERSON"]


def test_canonical_name_is_complete_and_properly_cased() -> None:
    assert canonical(["ISLAMABAD", "Islamabad"], "PLACE") == "Islamabad"
    assert canonical(["NATO"], "ORG") == "NATO"
    assert canonical(["ISLAMABAD"], "PLACE", dateline=True) == "Islamabad"
    assert canonical(["Mr. Brown", "Gordon Brown"], "PERSON") == "Gordon Brown"
    assert canonical(["the Guardian's"], "ORG") == "Guardian"
    # titles are stripped from people's names only
    assert canonical(["St. Louis"], "PLACE") == "St. Louis"
    assert canonical(["Lord 's"], "PLACE") == "Lord"
    assert canonical(["General Motors"], "ORG") == "General Motors"
    assert canonical(["Prince Edward Island"], "PLACE") == "Prince Edward Island"
    assert canonical(["Prince Charles"], "PERSON") == "Charles"


def test_entities_hold_count_first_aliases_and_mention_indices() -> None:
    text = "Berlin. BERLIN. Paris. Berlin."
    entities = group(_mentions(text, ("Berlin", "PLACE"), ("BERLIN", "PLACE"), ("Paris", "PLACE"),
                               ("Berlin", "PLACE")), len(text), text)
    assert [(e["name"], e["count"], e["mentions"], e["first"], e["aliases"]) for e in entities] == [
        ("Berlin", 3, [0, 1, 3], 0, ["BERLIN"]), ("Paris", 1, [2], 16, [])]


def test_salience_is_in_range_and_rewards_count_and_position() -> None:
    assert salience(5, 5, 0, 100) == 1.0
    assert 0.0 <= salience(1, 5, 99, 100) < salience(1, 5, 0, 100)
    assert salience(1, 1, 0, 0) == 1.0
    assert re.fullmatch(r"0\.\d{1,3}", str(salience(2, 7, 30, 100)))


def test_salience_without_people_organisations_or_places_is_relative_to_the_others() -> None:
    mentions = [Mention(text=t, label="NORP", model_label="NORP", start=i * 10,
                        end=i * 10 + len(t), sentence=0)
                for i, t in enumerate(["German", "German", "German", "French"])]
    entities = group(mentions, 100)
    assert [e["salience"] for e in entities] == [1.0, round(0.6 / 3 + 0.4 * 0.7, 3)]
