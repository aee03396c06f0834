"""The one progress bar: on stderr while a long command works (a batch render, a large
import), drawn only when a person watches, so stdout stays data and a pipe gets nothing."""

import sys
from typing import Any


def watching() -> bool:
    """Whether a person watches stderr (a terminal), where the bar is drawn."""
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


class Progress:
    """`with Progress("Rendering contracts", 1000) as bar: ... bar.advance()`.

    Drawn by rich (imported only then) when `shown`, by default when a person watches;
    otherwise every call does nothing. It leaves no trace when done (transient)."""

    def __init__(self, what: str, total: int, *, shown: bool | None = None) -> None:
        self.rich: Any = None
        if not (watching() if shown is None else shown):
            return
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

        self.rich = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.percentage:>3.0f}%"),
            TimeRemainingColumn(),
            # drawn only when a person watches: as for a terminal, even if rich doubts it
            console=Console(
                stderr=True, markup=False, emoji=False, highlight=False, force_terminal=True
            ),
            transient=True,
        )
        self.task = self.rich.add_task(what, total=total)

    @property
    def drawn(self) -> bool:
        return self.rich is not None

    def __enter__(self) -> "Progress":
        if self.rich is not None:
            self.rich.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.rich is not None:
            self.rich.stop()

    def advance(self, steps: int = 1) -> None:
        if self.rich is not None:
            self.rich.advance(self.task, steps)

    def update(self, done: int, *, total: int | None = None, what: str | None = None) -> None:
        if self.rich is not None:
            self.rich.update(self.task, completed=done, total=total, description=what)
