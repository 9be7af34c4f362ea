"""Fixtures: a small real spaCy pipeline (blank English + entity ruler) saved as a folder."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_6e75951bac204442.txt"

PATTERNS = [
    {"label": "PERSON", "pattern": "Angela Merkel"},
    {"label": "PERSON", "pattern": "Merkel"},
    {"label": "PERSON", "pattern": "Joe Biden"},
    {"label": "ORG", "pattern": [{"LOWER": "the"}, {"TEXT": "Acme"}, {"TEXT": "Corp"}]},
    {"label": "ORG", "pattern": "Acme Corp"},
    {"label": "GPE", "pattern": "Berlin"},
    {"label": "GPE", "pattern": "BERLIN"},
    {"label": "LOC", "pattern": "Rhine"},
    {"label": "NORP", "pattern": "German"},
    {"label": "GPE", "pattern": [{"TEXT": "Pakistan"}, {"TEXT": "'s"}]},
    {"label": "GPE", "pattern": "Pakistan"},
]


@pytest.fixture(scope="session")
def ruler_model(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A pipeline folder whose 'ner' is an entity ruler: fast, and no download."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler", name="ner")
    ruler.add_patterns(PATTERNS)  # type: ignore[attr-defined]
    nlp.meta["name"] = "ruler_test"
    nlp.meta["version"] = "0.0.1"
    path = tmp_path_factory.mktemp("models") / "ruler_test"
    nlp.to_disk(path)
    return str(path)


@pytest.fixture
def write(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write a file under tmp_path (str or bytes) and return its path as a string."""

    def _write(name: str, content: str | bytes) -> str:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return str(path)

    return _write
