"""The --out and --force options every command that writes a file shares, and the question
asked on a terminal before an existing file is replaced."""

from pathlib import Path
from typing import Annotated

import typer

ForceOption = Annotated[bool, typer.Option("--force", help="Replace the --out file if it exists.")]


def may_replace(out: Path | None, force: bool) -> bool:
    """Check --out before any work is done: refuse symlinks, special files and folders; an
    existing file needs --force, or a 'y' typed on a terminal. Returns whether it may be
    replaced (pass that on as `replace`)."""
    if out is None:
        return False
    from efter.cli.ask import confirm, interactive
    from efter.core import outfile

    if not outfile.existing(out) or force:
        return force
    from efter.core.i18n import t

    if interactive() and confirm(t("{out} exists: replace it", out=out)):
        return True
    outfile.refuse_existing(out)
    return False  # pragma: no cover
