"""How the model's entity labels map to nerx's labels."""

from __future__ import annotations

from collections.abc import Iterable

PERSON = "PERSON"
ORG = "ORG"
PLACE = "PLACE"
DEFAULT_LABELS: tuple[str, ...] = (PERSON, ORG, PLACE)

_MAP: dict[str, str] = {
    "PERSON": PERSON,
    "PER": PERSON,
    "ORG": ORG,
    "GPE": PLACE,
    "LOC": PLACE,
    "FAC": PLACE,
}


def nerx_label(model_label: str) -> str:
    """The nerx label for a model label: PERSON, ORG, PLACE, or the model's own."""
    return _MAP.get(model_label, model_label)


def parse_labels(value: str | Iterable[str]) -> frozenset[str]:
    """Labels from a comma-separated string or an iterable, upper-cased."""
    items = value.split(",") if isinstance(value, str) else value
    return frozenset(item.strip().upper() for item in items if item.strip())


def known_labels(model_labels: Iterable[str]) -> frozenset[str]:
    """Every label a user may ask for with a pipeline that predicts `model_labels`."""
    labels = set(DEFAULT_LABELS)
    for label in model_labels:
        labels.add(label)
        labels.add(nerx_label(label))
    return frozenset(labels)
