"""Shell completion of what only the case file knows (young people's refs and names); the
commands and options themselves are completed by typer (`efter --install-completion`).

A completion runs on every Tab: it opens the case file (or the register) read-only, never migrates or asks for
a passphrase (an encrypted file completes only with EFTER_PASSPHRASE set), writes no audit
line, and on any trouble offers nothing rather than an error in the middle of the line.
"""

import os
from typing import Any

import typer


def youth(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """The refs (or ids) that begin with what was typed, each with the name beside it (zsh
    and fish show it); or the names that begin with it, each with its ref. A shell offers
    only what begins with the word typed, so a name's inner word ('nør' for Amalie
    Nørgaard) completes nothing here, though `efter youth show nør` finds her."""
    from efter.core import youth as core
    from efter.core.casefile import connect_existing, resolve

    try:
        target = resolve(_db(ctx))
        if isinstance(target, str):  # a register: read only, never migrated
            from efter.core.register import connect_reading

            conn = connect_reading(target)
        elif not target.is_file():
            return []
        else:
            conn, _ = connect_existing(target, "ro")
        try:
            found = core.completions(conn, incomplete)
        finally:
            conn.close()
    except Exception:  # a Tab key must never print an error
        return []
    bash = os.environ.get("_EFTER_COMPLETE", "").endswith("bash")  # bash splits on spaces
    offered = []
    for handle, name in found:
        if handle.startswith(incomplete):
            offered.append((handle, name))
        elif incomplete and name.casefold().startswith(incomplete.casefold()):
            typed = incomplete + name[len(incomplete) :]  # as typed: the shell keeps it
            offered.append((typed.replace(" ", "\\ ") if bash else typed, handle))
    return offered


def _db(ctx: Any) -> Any:
    """--db as typed so far, the command's own or efter's."""
    while ctx is not None:
        given = ctx.params.get("db")
        if given:
            return given
        ctx = ctx.parent
    return None
