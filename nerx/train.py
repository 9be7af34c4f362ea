"""`nerx train`: a spaCy NER pipeline from IOB2/JSONL gold files and a config in models/."""

from __future__ import annotations

import contextlib
import re
import shutil
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from nerx.errors import InputError, NerxError, UsageError
from nerx.gold import GoldDoc, read_gold
from nerx.models import own_file

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import DocBin, Span

# Found in the installed `nerx_models` package, so `nerx train` works from a wheel too.
DEFAULT_CONFIG = own_file("nerx-conll-en.cfg")
SCRATCH_CONFIG = own_file("nerx-scratch-en.cfg")
VECTORS_CONFIG = own_file("nerx-news-en.cfg")
# Gold labels as the pipeline learns them; nerx maps them on output (PER→PERSON, LOC→PLACE).
DEFAULT_LABEL_MAP = {"PER": "PERSON"}


def parse_label_map(items: Iterable[str]) -> dict[str, str]:
    """`GOLD=MODEL` pairs; `GOLD=` leaves that label's tokens unannotated (missing)."""
    mapping = dict(DEFAULT_LABEL_MAP)
    for item in items:
        gold, sep, model = item.partition("=")
        if not sep or not gold.strip():
            raise UsageError(f"--map takes GOLD=MODEL (or GOLD= for missing), not {item!r}")
        mapping[gold.strip()] = model.strip()
    return mapping


def to_docbin(docs: Iterable[GoldDoc], nlp: Language,
              label_map: dict[str, str] | None = None) -> DocBin:
    """Gold articles tokenized by `nlp`'s tokenizer, entities aligned to tokens; a label
    mapped to "" is neither entity nor outside (its tokens are missing values)."""
    from spacy.tokens import DocBin

    mapping = DEFAULT_LABEL_MAP if label_map is None else label_map
    docbin = DocBin(store_user_data=False)
    for gold in docs:
        doc = nlp.make_doc(gold.text)
        ents: list[Span] = []
        missing: list[Span] = []
        for start, end, label in gold.spans:
            target = mapping.get(label, label)
            span = doc.char_span(start, end, label=target or label, alignment_mode="expand")
            if span is not None:
                (ents if target else missing).append(span)
        ents = _no_overlaps(ents)
        missing = [span for span in missing
                   if not any(span.start < e.end and e.start < span.end for e in ents)]
        doc.set_ents(ents, missing=_no_overlaps(missing), default="outside")
        docbin.add(doc)
    return docbin


def _no_overlaps(spans: list[Span]) -> list[Span]:
    from spacy.util import filter_spans

    return filter_spans(spans)


def training_docs(train_path: Path, extra: Sequence[Path] = (),
                  extra_copies: int = 1) -> list[GoldDoc]:
    """The training articles: `train_path`'s, then each `extra` file's `extra_copies` times."""
    docs = list(read_gold(train_path))
    for path in extra:
        docs += list(read_gold(path)) * extra_copies
    return docs


def train(train_path: Path, dev_path: Path, *, output: Path, config: Path = DEFAULT_CONFIG,
          max_steps: int | None = None, label_map: dict[str, str] | None = None,
          extra: Sequence[Path] = (), extra_copies: int = 1, keep: str = "best",
          version: str = "0.1.0", vectors: Path | None = None) -> Path:
    """Train on `train_path` (plus `extra` files, each repeated `extra_copies` times), save
    to `output` the best model on `dev_path` (`keep="best"`) or the last one (`"last"`).
    `vectors` is the pipeline folder a config with static vectors takes its vectors from.

    spaCy's progress goes to stderr."""
    import spacy
    from spacy.cli.train import train as spacy_train

    if not config.is_file():
        raise InputError(f"{config}: no such config file")
    if vectors is None and _reads_vectors(config):
        raise UsageError(f"{config} reads static word vectors: give --vectors FOLDER "
                         "(a spaCy pipeline folder with vectors)")
    nlp = spacy.blank("en")
    with tempfile.TemporaryDirectory(prefix="nerx-train-") as temp:
        work = Path(temp)
        to_docbin(training_docs(train_path, extra, extra_copies), nlp, label_map).to_disk(
            work / "train.spacy")
        to_docbin(read_gold(dev_path), nlp, label_map).to_disk(work / "dev.spacy")
        overrides: dict[str, str | int] = {"paths.train": str(work / "train.spacy"),
                                           "paths.dev": str(work / "dev.spacy")}
        if vectors is not None:
            overrides["paths.vectors"] = str(vectors)
        if max_steps is not None:
            overrides["training.max_steps"] = max_steps
            overrides["training.eval_frequency"] = min(max_steps, 500)
        with contextlib.redirect_stdout(sys.stderr):
            try:
                spacy_train(config, work / "out", overrides=overrides)
            except SystemExit as e:  # spaCy's CLI helpers exit on bad configs
                raise NerxError(f"training failed (spaCy exited with {e.code})") from e
        best = work / "out" / "model-best"
        last = work / "out" / "model-last"
        _replace_pipeline(best if keep == "best" and best.is_dir() else last, output)
    _name_pipeline(output, version)
    return output


def _replace_pipeline(trained: Path, output: Path) -> None:
    """Put the trained pipeline at `output`, keeping the folder's Markdown files (a model
    card written beside the weights survives a retraining)."""
    cards = {path.name: path.read_bytes() for path in output.glob("*.md")} \
        if output.is_dir() else {}
    if output.exists():
        shutil.rmtree(output)
    shutil.copytree(trained, output)
    for name, content in cards.items():
        (output / name).write_bytes(content)


def _reads_vectors(config: Path) -> bool:
    """Whether the config's NER reads static vectors that its [paths] do not name: a layer
    of its own, or a sourced pipeline that has vectors."""
    from confection import Config

    cfg = Config().from_disk(config, interpolate=False)
    if cfg.get("paths", {}).get("vectors") is not None:
        return False
    sources = [part["source"] for part in cfg.get("components", {}).values()
               if isinstance(part, dict) and isinstance(part.get("source"), str)]
    return _has_static_vectors(cfg) or any(_has_vectors(source) for source in sources)


def _has_vectors(pipeline: str) -> bool:
    """From the pipeline's meta.json (what spaCy wrote on saving it), without loading it."""
    from spacy.util import get_model_meta, get_package_path

    try:
        path = Path(pipeline) if Path(pipeline).is_dir() else get_package_path(pipeline)
        meta = get_model_meta(path)
    except (OSError, ValueError, ImportError):  # spaCy reports a missing source in training
        return False
    return bool(meta.get("vectors", {}).get("vectors"))


def _has_static_vectors(section: object) -> bool:
    if not isinstance(section, dict):
        return False
    return section.get("include_static_vectors") is True or any(
        _has_static_vectors(value) for value in section.values())


def _name_pipeline(path: Path, version: str) -> None:
    """Name the pipeline after its folder (models/my-domain → en_my_domain-VERSION)."""
    import orjson

    meta_path = path / "meta.json"
    meta = orjson.loads(meta_path.read_bytes())
    name = path.name.replace("-", "_")
    meta["name"] = name[3:] if name.startswith("en_") else name
    meta["version"] = version
    meta["nerx"] = {"trim_spans": False}  # spans as the gold data taught them
    meta_path.write_bytes(orjson.dumps(meta, option=orjson.OPT_INDENT_2))
    _forget_paths(path / "config.cfg")


def _forget_paths(config_path: Path) -> None:
    """The saved config names the temporary training files and the vectors' source folder;
    they are not part of the pipeline (it carries its vectors), so say null."""
    text = config_path.read_text(encoding="utf-8")
    text = re.sub(r'^(train|dev|vectors) = "[^"\n]*"$', r"\1 = null", text, count=3,
                  flags=re.MULTILINE)
    config_path.write_text(text, encoding="utf-8")
