from __future__ import annotations

import codecs
import io
import os
from pathlib import Path

import pytest

from nerx.errors import InputError, UsageError
from nerx.reader import ReadOptions, decode, find_inputs, read_articles


def test_folders_are_walked_recursively_in_sorted_order(tmp_path: Path, write) -> None:
    write("b.txt", "b")
    write("a/z.md", "z")
    write("a/c.text", "c")
    write("a/skip.csv", "x")
    write(".hidden/h.txt", "h")
    folder = str(tmp_path) + "/"
    found = find_inputs([folder])
    assert found == [folder + "a/c.text", folder + "a/z.md", folder + "b.txt"]


def test_glob_chooses_files_and_named_files_are_always_read(tmp_path: Path, write) -> None:
    write("a.txt", "a")
    csv = write("b.csv", "b")
    assert find_inputs([str(tmp_path)], globs=["*.csv"]) == [os.path.join(str(tmp_path), "b.csv")]
    assert find_inputs([csv], globs=["*.txt"]) == [csv]


def test_missing_path_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        find_inputs([str(tmp_path / "nope")])


def test_folder_without_articles_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no articles"):
        read_articles([str(tmp_path)])


def test_bad_stdin_format_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        read_articles(["-"], ReadOptions(stdin_format="pdf"))


def test_jsonl_fields_ids_meta_and_errors(write) -> None:
    path = write("a.jsonl", '{"id": 7, "text": "Hi", "url": "u"}\n\n{oops\n'
                            '{"body": "x"}\n{"text": 5}\n[1]\n{"text": "No id"}\n')
    articles = list(read_articles([path]))
    assert [a.id for a in articles] == ["7", f"{path}:3", f"{path}:4", f"{path}:5",
                                        f"{path}:6", f"{path}:7"]
    assert articles[0].text == "Hi" and articles[0].meta == {"url": "u"}
    assert f"{path}:3: invalid JSON" in (articles[1].error or "")
    assert "no 'text' field" in (articles[2].error or "")
    assert "'text' is not a string" in (articles[3].error or "")
    assert "not a JSON object" in (articles[4].error or "")
    assert articles[5].error is None and articles[5].text == "No id"


def test_text_and_id_fields_can_be_renamed(write) -> None:
    path = write("a.jsonl", '{"key": "k1", "body": "Hello", "text": "ignored"}\n')
    [article] = read_articles([path], ReadOptions(text_field="body", id_field="key"))
    assert (article.id, article.text, article.meta) == ("k1", "Hello", {"text": "ignored"})


def test_json_file_holds_an_object_or_an_array(write) -> None:
    one = write("one.json", '{"text": "A", "id": "x"}')
    many = write("many.json", '[{"text": "A"}, {"text": "B"}]')
    assert [a.id for a in read_articles([one])] == ["x"]
    assert [a.text for a in read_articles([many])] == ["A", "B"]


PAGE = ("<!DOCTYPE html><html lang=\"en\"><head><title>Big day | The Paper</title>"
        "<meta property=\"og:title\" content=\"Merkel meets Biden\">"
        "<meta name=\"author\" content=\"Jane Smith\">"
        "<meta property=\"article:published_time\" content=\"2021-06-15T10:00:00Z\">"
        "<meta property=\"og:site_name\" content=\"The Paper\">"
        "<link rel=\"canonical\" href=\"https://paper.example/merkel-biden\">"
        "<style>p{}</style></head><body><nav><a href=\"/\">Home</a> <a href=\"/about\">About "
        "Us</a></nav><div id=\"cookie\">We use cookies. OK</div><article><h1>Merkel meets "
        "Biden</h1><p>Angela Merkel met <b>Joe Biden</b> in Berlin on Tuesday to discuss "
        "trade, climate and the war, officials from both governments said afterwards.</p>"
        "<p>The two leaders spoke for more than two hours at the chancellery and agreed to "
        "meet again in the autumn, a spokesman for the German government told reporters.</p>"
        "<script>x()</script></article><div class=\"share\">Share on Facebook Share on "
        "Twitter</div><footer>(c) The Paper</footer></body></html>")


def test_html_gives_the_article_text_and_its_metadata(write) -> None:
    [article] = read_articles([write("a.html", PAGE)])
    assert article.text.startswith("Merkel meets Biden\n\nAngela Merkel met Joe Biden in Berlin")
    assert "\n\nThe two leaders spoke" in article.text
    for clutter in ("Home", "About Us", "cookies", "Share on", "(c)", "x()"):
        assert clutter not in article.text
    assert article.meta == {"title": "Merkel meets Biden", "author": "Jane Smith",
                            "date": "2021-06-15", "site": "The Paper",
                            "url": "https://paper.example/merkel-biden", "language": "en"}


@pytest.mark.parametrize("html", ["", "<html><body></body></html>", "<<<>>>\x00</p>",
                                  "<html><body><nav>Home</nav></body></html>"])
def test_a_page_without_an_article_gets_a_warning_not_a_traceback(write, html: str) -> None:
    [article] = read_articles([write("a.html", html)])
    assert article.error is None
    assert article.text == "" or len(article.text) < 20
    if not article.text:
        assert article.warnings == ["no article text found in the page"]


def test_utf8_bom_is_dropped_and_utf16_decoded() -> None:
    assert decode(codecs.BOM_UTF8 + "Zürich".encode(), "f") == ("Zürich", [])
    assert decode("Zürich".encode("utf-16"), "f") == ("Zürich", [])


def test_latin1_and_cp1252_are_decoded_with_a_warning() -> None:
    assert decode("café \u201cZürich\u201d".encode("cp1252"), "f") == (
        "café \u201cZürich\u201d", ["not UTF-8: decoded as Windows-1252 (Latin-1)"])
    assert decode("naïve".encode("latin-1"), "f")[0] == "naïve"


def test_utf16_without_bom_is_recognised() -> None:
    assert decode("Angela Merkel".encode("utf-16-le"), "f") == (
        "Angela Merkel", ["decoded as UTF-16 (no byte-order mark)"])


def test_undecodable_bytes_are_replaced_with_a_warning() -> None:
    text, warnings = decode(b"caf\x81\x8d au lait", "f")
    assert text == "caf\ufffd\ufffd au lait"
    assert warnings == ["2 undecodable byte(s) replaced with U+FFFD (not UTF-8?)"]


def test_binary_file_gets_an_error_record(write) -> None:
    [article] = read_articles([write("a.txt", bytes(range(256)) * 10)])
    assert article.error and "binary" in article.error


def test_unreadable_file_gets_an_error_record(tmp_path: Path, write) -> None:
    path = write("a.txt", "text")
    link = tmp_path / "broken.txt"
    link.symlink_to(tmp_path / "gone.txt")
    os.chmod(path, 0)
    articles = list(read_articles([path, str(link)]))
    if os.geteuid() != 0:  # root reads anything
        assert "cannot read" in (articles[0].error or "")
    assert "cannot read" in (articles[1].error or "")


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b'{"text": "x"}\n')))
    [article] = read_articles(["-"], ReadOptions(stdin_format="jsonl"))
    assert (article.source, article.text) == ("-", "x")


def test_an_html_fragment_keeps_its_text(write) -> None:
    [article] = read_articles([write("a.html", "<p>Barack Obama met Angela Merkel.</p>")])
    assert article.text == "Barack Obama met Angela Merkel." and article.warnings == []


def test_piped_json_lines_are_recognised_after_a_blank_line_or_a_long_first_line() -> None:
    from nerx.reader import sniff

    assert sniff(b'\n{"text": "a"}\n{"text": "b"}\n') == "jsonl"
    long_line = b'{"text": "' + b"Berlin is big. " * 80_000 + b'"}'
    assert sniff(long_line + b'\n{"text": "b"}\n') == "jsonl"
    assert sniff(b"{not json\nplain text") == "text"
    assert sniff(b"  <!DOCTYPE html><p>x</p>") == "html"
