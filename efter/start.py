"""The `efter` command's entry point (pyproject's [project.scripts]).

It pauses the cyclic collector before efter.cli loads typer and the command tree: tens of
thousands of objects are made while they load and none is garbage, and the collector walked
them 35 times (3-6 ms of every command's start, docs/performance.md). efter.cli.main keeps it
paused until the command begins (the command frame turns it on again, with those objects
frozen out of its way). EFTER_GC_PAUSE=0 turns both off. Imported as a library, efter.cli
changes nothing; only this entry point pauses.

It also defers a few standard-library modules that typer imports at its top and a command
rarely uses, and on a register those that psycopg's import brings (efter.deferred);
EFTER_DEFER=0 turns that off. Both happen in main(), so that importing this module changes
nothing.
"""

import gc
import os


def main() -> None:
    if os.environ.get("EFTER_GC_PAUSE") != "0":
        gc.disable()
    if os.environ.get("EFTER_DEFER") != "0":
        from efter import deferred

        deferred.start()
    from efter.cli import main as run

    run()
