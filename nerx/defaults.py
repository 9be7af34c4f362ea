"""Defaults shared by the library and the CLI (a module light enough for `nerx --help`)."""

DEFAULT_GLOBS: tuple[str, ...] = ("*.txt", "*.md", "*.text", "*.html", "*.htm")
# A folder given to `nerx summarize` is searched for nerx output as well as articles.
SUMMARY_GLOBS: tuple[str, ...] = (*DEFAULT_GLOBS, "*.jsonl", "*.ndjson")
