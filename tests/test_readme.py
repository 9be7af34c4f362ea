"""Every command the README shows runs as written (slow: the real model)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
# The README and the reference under docs/: every command either shows is run.
DOCS = ["README.md", *sorted(f"docs/{p.name}" for p in (ROOT / "docs").glob("*.md"))]
ALL_TEXT = "\n".join((ROOT / doc).read_text(encoding="utf-8") for doc in DOCS)


def _console_commands() -> list[str]:
    blocks = re.findall(r"```console\n(.*?)```", ALL_TEXT, flags=re.DOTALL)
    lines = [line.split("  #")[0].strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if line.startswith(("nerx ", "python -m nerx"))]


def _python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", ALL_TEXT, flags=re.DOTALL)


def test_readme_shows_make_run_and_make_test() -> None:
    assert "make run" in README and "make test" in README
    assert len(_console_commands()) >= 8
    assert len(README.encode()) <= 10_240, "the README is an introduction; reference goes to docs/"


def test_every_doc_the_readme_links_exists() -> None:
    for doc in DOCS:
        text = (ROOT / doc).read_text(encoding="utf-8")
        for link in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", text):
            assert ((ROOT / doc).parent / link).exists(), f"{doc}: {link}"


@pytest.mark.parametrize("command", _console_commands())
def test_readme_command_works(command: str, tmp_path: Path) -> None:
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    if "| jq" in command and shutil.which("jq") is None:
        command = command.split("|")[0]
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    result = subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    made = [p for p in tmp_path.rglob("*") if p.is_file() and "seeds" not in p.parts]
    assert result.stdout or made, "the command wrote nothing"


@pytest.mark.parametrize("code", _python_blocks())
def test_readme_python_works(code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    exec(compile(code, "README.md", "exec"), {})


def _shown_commands(text: str) -> list[str]:
    """`nerx ...` lines of every shell code block, continuation lines joined."""
    blocks = re.findall(r"```(?:sh|console)\n(.*?)```", text, flags=re.DOTALL)
    lines = [line.strip() for block in blocks for line in block.replace("\\\n", " ").splitlines()]
    return [line for line in lines if line.startswith("nerx ")]


@pytest.mark.parametrize("doc", [*DOCS, "models/README.md"])
def test_every_flag_shown_is_an_option_of_its_command(doc: str) -> None:
    import typer

    from nerx.cli import app

    group = typer.main.get_command(app)
    commands = _shown_commands((ROOT / doc).read_text(encoding="utf-8"))
    assert commands or doc.startswith("docs/")
    parts = [part.strip() for line in commands for part in line.split(" | ")]
    for part in [part for part in parts if part.startswith("nerx ")]:
        command = group.commands[part.split()[1]]  # type: ignore[attr-defined]
        options = {opt for param in command.params for opt in [*param.opts, *param.secondary_opts]}
        shown = set(re.findall(r"(?<![\w-])--?[a-z][a-z-]*", part))
        assert shown <= options, f"{doc}: {part}: {sorted(shown - options)}"


def test_every_make_target_the_readme_names_exists() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([\w-]+):", makefile, flags=re.MULTILINE))
    named = set(re.findall(r"`make (\w+)`", ALL_TEXT)) | {"run", "test"}
    assert named <= targets, named - targets
