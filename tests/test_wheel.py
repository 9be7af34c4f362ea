"""A built wheel carries nerx's own pipelines: installed without the checkout, nerx still
defaults to nerx-news-en."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


@pytest.mark.slow
def test_wheel_installs_the_default_pipeline(tmp_path: Path) -> None:
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w",
         str(tmp_path / "dist")], capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    wheel = next((tmp_path / "dist").glob("nerx-*.whl"))
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    assert (site / "nerx_models" / "nerx-news-en" / "meta.json").is_file()
    assert not (site / "nerx_models" / "scripts").exists()
    # Run from elsewhere, with the unpacked wheel ahead of the checkout on the path.
    code = ("import nerx, nerx.models as m, nerx.api as a, nerx.train as t; "
            "print(nerx.__file__); print(m.default_model()); "
            "print(a.extract_text('Angela Merkel visited Paris.')['entities'][0]['name']); "
            "print(t.DEFAULT_CONFIG, t.DEFAULT_CONFIG.is_file())")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=tmp_path, env={"PYTHONPATH": str(site), "PATH": ""})
    assert run.returncode == 0, run.stderr
    where, default, name, config = run.stdout.splitlines()
    assert where.startswith(str(site))
    # `nerx train` finds its default config in the wheel, not in a checkout.
    assert config == f"{site / 'nerx_models' / 'nerx-conll-en.cfg'} True"
    assert default == str(site / "nerx_models" / "nerx-news-en")
    assert name == "Angela Merkel"
