"""docs/reference.md, made from the commands' own --help.

    python -m tests.docs_reference          # rewrite docs/reference.md
    python -m tests.docs_reference --check  # exit 1 when docs/reference.md is stale

The command tree is walked through click's public API (a group's list_commands and
get_command, a command's context_class and get_help; duck-typed, since typer may carry its
own copy of click), so a command added anywhere appears here without a list to keep.
tests/test_docs.py fails when the file on disk differs from what this makes.
"""

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REFERENCE = Path(__file__).resolve().parent.parent / "docs" / "reference.md"
WIDTH = 80  # click's own default; fixed so the file does not depend on the terminal

HEADER = """\
# efter command reference

Every command's `--help`, made by `python -m tests.docs_reference` from the commands
themselves; `tests/test_docs.py` fails when this file is out of date, so do not edit it by
hand: change the command's help and run the script. For what the commands are for, read the
[README](../README.md) and the [tutorial](tutorial.md).

"""


def commands() -> Iterator[tuple[str, Any]]:
    """(path, context) for the root and every group and command under it, depth first, in
    the order `--help` lists them. A group's help is taken before its children are loaded."""
    import typer.main

    from efter.cli import app

    root = typer.main.get_command(app)
    top = root.context_class(root, info_name="efter", terminal_width=WIDTH, max_content_width=WIDTH)

    def walk(ctx: Any, path: str) -> Iterator[tuple[str, Any]]:
        yield path, ctx
        command = ctx.command
        if hasattr(command, "list_commands"):
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                if sub is None or sub.hidden:
                    continue
                child = sub.context_class(sub, info_name=name, parent=ctx)
                yield from walk(child, f"{path} {name}")

    yield from walk(top, "efter")


def text() -> str:
    parts = [HEADER]
    index: list[str] = []
    sections: list[str] = []
    for path, ctx in commands():
        anchor = path.replace(" ", "-")
        depth = path.count(" ")
        index.append(f"{'  ' * depth}- [`{path}`](#{anchor})")
        help_text = ctx.command.get_help(ctx).rstrip()
        sections.append(f'<a id="{anchor}"></a>\n\n## `{path}`\n\n```text\n{help_text}\n```\n')
    parts.append("\n".join(index) + "\n\n")
    parts.append("\n".join(sections))
    return "".join(parts)


def main(argv: list[str]) -> int:
    made = text()
    if "--check" in argv:
        current = REFERENCE.read_text(encoding="utf-8") if REFERENCE.exists() else ""
        if current != made:
            sys.stderr.write(
                "docs/reference.md is out of date: run 'python -m tests.docs_reference'.\n"
            )
            return 1
        return 0
    REFERENCE.write_text(made, encoding="utf-8")
    sys.stderr.write(f"Wrote {REFERENCE}.\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
