from __future__ import annotations

from nerx.entities import group, normalize, salience
from nerx.records import Mention


def _mentions(*items: tuple[str, str]) -> list[Mention]:
    out, start = [], 0
    for text, label in items:
        out.append(Mention(text=text, label=label, model_label=label, start=start,
                           end=start + len(text), sentence=0))
        start += len(text) + 1
    return out


def test_normalize_sets_aside_case_the_and_possessive() -> None:
    assert normalize("The Express Tribune") == normalize("express tribune")
    assert normalize("Pakistan's") == normalize("PAKISTAN") == "pakistan"
    assert normalize("Pakistan\u2019s") == "pakistan"
    assert normalize("Therapists") == "therapists"


def test_group_counts_labels_aliases_and_mention_indices() -> None:
    mentions = _mentions(("ISLAMABAD", "PLACE"), ("Islamabad", "PLACE"), ("Kabul", "PLACE"),
                         ("Islamabad", "ORG"))
    entities = group(mentions, chars=100)
    assert [(e["name"], e["label"], e["count"], e["mentions"]) for e in entities] == [
        ("Islamabad", "PLACE", 3, [0, 1, 3]), ("Kabul", "PLACE", 1, [2])]
    assert entities[0]["aliases"] == ["ISLAMABAD"]
    assert entities[0]["first"] == 0


def test_salience_is_in_range_and_rewards_count_and_position() -> None:
    assert salience(5, 5, 0, 100) == 1.0
    assert 0.0 <= salience(1, 5, 99, 100) < salience(1, 5, 0, 100)
    assert salience(1, 1, 0, 0) == 1.0
