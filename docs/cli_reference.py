"""Print docs/cli.md, the CLI reference, from the commands' own help:
`python docs/cli_reference.py > docs/cli.md` (tests/test_cli.py checks it is up to date)."""

from __future__ import annotations

import typer

from nerx.cli import app


def reference() -> str:
    group = typer.main.get_command(app)
    root = typer.Context(group, info_name="nerx", terminal_width=100, max_content_width=100)
    parts = ["# CLI reference\n",
             "Generated from `nerx COMMAND --help` by `docs/cli_reference.py`; back to the "
             "[README](../README.md).\n",
             "```text\n" + group.get_help(root) + "\n```\n"]
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        ctx = typer.Context(command, parent=root, info_name=name, terminal_width=100,
                            max_content_width=100)
        parts.append(f"## nerx {name}\n\n```text\n{command.get_help(ctx)}\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    print(reference(), end="")
