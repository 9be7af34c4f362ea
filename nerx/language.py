"""Whether an article is written in the language its model reads: a cheap test on spaCy's
stop words first, a language identifier (py3langid) only for the texts that fail it."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

SAMPLE_CHARS = 5000
MIN_LETTERS = 20
# English prose is 40-50 % stop words; tables and lists of names less. Below this share the
# identifier decides.
MIN_STOP_SHARE = 0.25
MIN_PROBABILITY = 0.9
_WORDS = re.compile(r"[^\W\d_]+")
_NAMES = {
    "ar": "Arabic", "bg": "Bulgarian", "bn": "Bengali", "ca": "Catalan", "cs": "Czech",
    "da": "Danish", "de": "German", "el": "Greek", "en": "English", "es": "Spanish",
    "et": "Estonian", "fa": "Persian", "fi": "Finnish", "fr": "French", "he": "Hebrew",
    "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian", "id": "Indonesian", "it": "Italian",
    "ja": "Japanese", "ko": "Korean", "lt": "Lithuanian", "lv": "Latvian", "ms": "Malay",
    "nl": "Dutch", "no": "Norwegian", "pl": "Polish", "pt": "Portuguese", "ro": "Romanian",
    "ru": "Russian", "sk": "Slovak", "sl": "Slovenian", "sr": "Serbian", "sv": "Swedish",
    "sw": "Swahili", "ta": "Tamil", "th": "Thai", "tl": "Tagalog", "tr": "Turkish",
    "uk": "Ukrainian", "ur": "Urdu", "vi": "Vietnamese", "zh": "Chinese"}


def language_warning(text: str, lang: str) -> str | None:
    """A warning when `text` is clearly not in `lang` (the model's language), naming the
    language it is in; None when it is, or when there is too little text to tell. Only
    English models are checked."""
    if lang != "en":
        return None
    found = foreign_language(text[:SAMPLE_CHARS])
    if found is None:
        return None
    name = _NAMES.get(found, found)
    return (f"the text looks like {name} ({found}), not English: the model reads English, "
            "so its names here are unreliable")


def foreign_language(sample: str) -> str | None:
    """The language code of `sample` when it is clearly not English, else None."""
    words = _WORDS.findall(sample.lower())
    letters = sum(len(word) for word in words)
    if letters < MIN_LETTERS:
        return None
    # Per-character script check only for text that is not plain ASCII (most English is).
    latin = letters if sample.isascii() else sum(
        1 for word in words for char in word if _is_latin(char))
    if latin > letters / 2:
        if sum(word in _stop_words() for word in words) >= MIN_STOP_SHARE * len(words):
            return None
        code, probability = _identifier().classify(sample)
        return code if code != "en" and probability >= MIN_PROBABILITY else None
    code, _ = _identifier().classify(sample)  # mostly another script: not English
    return str(code) if code != "en" else None


def _is_latin(char: str) -> bool:
    return char.isascii() or unicodedata.name(char, "").startswith("LATIN")


@cache
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
