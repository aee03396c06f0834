"""Errors that carry one user-facing sentence. The CLI prints them; nothing else does."""


class EfterError(Exception):
    """A failure the user can fix. The message names what was wrong and how to fix it.

    Never put a CPR number or other case data beyond a name or ref the user typed in it.
    """

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(EfterError):
    """A value the user typed, or a file contained, is not acceptable."""


class NotFound(EfterError):
    """A young person, person, meeting or other record does not exist."""


class Conflict(EfterError):
    """The change would break a rule of the case file (a duplicate ref, a closed case)."""


class CaseFileError(EfterError):
    """The case file is missing, unreadable, too new or damaged."""


class DiskFull(EfterError):
    """The disk (or the user's quota) has no room for what efter writes: nothing is damaged,
    so the sentence never advises restoring a backup."""
