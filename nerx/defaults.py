"""Defaults shared by the library and the CLI (a module light enough for `nerx --help`)."""

DEFAULT_GLOBS: tuple[str, ...] = ("*.txt", "*.md", "*.text")
