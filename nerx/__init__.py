"""nerx: the people, organisations and places in news articles."""

from nerx.api import extract, extract_text
from nerx.errors import NerxError
from nerx.records import ArticleRecord, Entity, Mention

__version__ = "0.1.0"
__all__ = ["ArticleRecord", "Entity", "Mention", "NerxError", "extract", "extract_text"]
