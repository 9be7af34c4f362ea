"""nerx: the people, organisations and places in news articles."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nerx.errors import NerxError

if TYPE_CHECKING:
    from nerx.api import Written, extract, extract_parts, extract_text, extract_to
    from nerx.cluster import PartSummary
    from nerx.options import Options
    from nerx.pipeline import Result
    from nerx.records import ArticleRecord, Entity, Mention

__version__ = "0.9.0"
__all__ = ["ArticleRecord", "Entity", "Mention", "NerxError", "Options", "PartSummary",
           "Result", "Written", "extract", "extract_parts", "extract_text", "extract_to"]
# Where each name of the API lives (imported on first use).
_HOMES = {"extract": "api", "extract_text": "api", "extract_to": "api", "extract_parts": "api",
          "Written": "api", "Options": "options", "Result": "pipeline", "PartSummary": "cluster",
          "ArticleRecord": "records", "Entity": "records", "Mention": "records"}


def __getattr__(name: str) -> Any:
    # Imported on first use, so that `nerx --help` does not pay for the library.
    if name in _HOMES:
        import importlib

        return getattr(importlib.import_module(f"nerx.{_HOMES[name]}"), name)
    raise AttributeError(f"module 'nerx' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
