"""nerx: the people, organisations and places in news articles."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nerx.errors import NerxError

if TYPE_CHECKING:
    from nerx.api import extract, extract_parts, extract_text, extract_to
    from nerx.options import Options
    from nerx.records import ArticleRecord, Entity, Mention

__version__ = "0.9.0"
__all__ = ["ArticleRecord", "Entity", "Mention", "NerxError", "Options", "extract",
           "extract_parts", "extract_text", "extract_to"]


def __getattr__(name: str) -> Any:
    # Imported on first use, so that `nerx --help` does not pay for the library.
    if name in ("extract", "extract_text", "extract_to", "extract_parts"):
        from nerx import api

        return getattr(api, name)
    if name == "Options":
        from nerx.options import Options

        return Options
    if name in ("ArticleRecord", "Entity", "Mention"):
        from nerx import records

        return getattr(records, name)
    raise AttributeError(f"module 'nerx' has no attribute {name!r}")
