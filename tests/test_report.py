"""nerx show and nerx report (ruler pipeline); the report rendered in headless Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nerx.cli import app

runner = CliRunner()
ARTICLES = {
    "a.txt": "Merkel trip\n\nAngela Merkel visited Berlin. Merkel met Joe Biden & friends <b>.",
    "b.txt": "The Acme Corp opened in Berlin, by the Rhine.",
}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text)
    return folder


def _report(corpus: Path, model: str, tmp_path: Path) -> Path:
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["report", str(corpus), "-m", model, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    return out


def test_report_is_well_formed_and_holds_every_article_and_entity(
        corpus: Path, ruler_model: str, tmp_path: Path) -> None:
    html = _report(corpus, ruler_model, tmp_path).read_text()
    root = ET.fromstring(html.split("\n", 1)[1])  # XHTML-compatible: parses as XML
    ns = ""
    articles = root.findall(f".//{ns}article")
    assert len(articles) == 2
    marks = [m for m in root.iter("mark")]
    assert [m.text for m in marks] == ["Merkel", "Angela Merkel", "Berlin", "Merkel", "Joe Biden",
                                       "Acme Corp", "Berlin", "Rhine"]
    assert "&amp; friends &lt;b&gt;" in html  # article text is escaped
    for name in ("Angela Merkel", "Joe Biden", "Acme Corp", "Berlin", "Rhine"):
        assert name in html
    links = {a.get("href") for a in root.iter("{http://www.w3.org/2000/svg}a")}
    assert links <= {f"#{a.get('id')}" for a in articles} and links
    assert not re.search(r"(src|href)=\"(https?:)?//", html)  # nothing from the network


def test_show_highlights_with_and_without_colour(corpus: Path, ruler_model: str) -> None:
    plain = runner.invoke(app, ["show", str(corpus / "a.txt"), "-m", ruler_model],
                          env={"NO_COLOR": "1"})
    assert plain.exit_code == 0
    assert "[Angela Merkel]{PERSON} visited [Berlin]{PLACE}" in plain.stdout
    assert "Entity" in plain.stdout and "Count" in plain.stdout
    coloured = runner.invoke(app, ["show", str(corpus / "a.txt"), "-m", ruler_model],
                             env={"FORCE_COLOR": "1", "NO_COLOR": None}, color=True)
    assert "\x1b[" in coloured.stdout and "Legend" in coloured.stdout
    assert "{PERSON}" not in coloured.stdout


CHECK = """<script>
const marks = [...document.querySelectorAll('mark.ent')];
const visible = marks.filter(m => {
  const box = m.getBoundingClientRect(), style = getComputedStyle(m);
  return box.width > 0 && box.height > 0 && style.visibility !== 'hidden'
    && style.backgroundColor !== 'rgba(0, 0, 0, 0)';
});
document.title = 'visible ' + visible.length + ' of ' + marks.length
  + ' bars ' + document.querySelectorAll('svg rect').length;
</script></body>"""


@pytest.mark.slow
def test_report_renders_in_headless_chromium(corpus: Path, ruler_model: str,
                                             tmp_path: Path) -> None:
    browser = shutil.which("chromium")
    if browser is None:
        pytest.skip("chromium is not installed (tests/scripts/install-chromium.sh)")
    page = tmp_path / "check.html"
    page.write_text(_report(corpus, ruler_model, tmp_path).read_text()
                    .replace("</body>", CHECK))
    result = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120)
    title = re.search(r"<title>(.*?)</title>", result.stdout)
    assert title is not None, result.stderr[-2000:]
    assert title.group(1) == "visible 8 of 8 bars 5"
