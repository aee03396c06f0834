"""Today's date and the current time, overridable for scripts and tests with EFTER_TODAY."""

import os
from datetime import date, datetime


def today() -> date:
    fixed = os.environ.get("EFTER_TODAY")
    if fixed:
        return date.fromisoformat(fixed)
    return date.today()


def now() -> datetime:
    """Local wall-clock time, second precision; on EFTER_TODAY's date when that is set."""
    current = datetime.now().replace(microsecond=0)
    fixed = os.environ.get("EFTER_TODAY")
    if fixed:
        day = date.fromisoformat(fixed)
        current = current.replace(year=day.year, month=day.month, day=day.day)
    return current


def timestamp() -> str:
    return now().isoformat(timespec="seconds")


def real_now() -> datetime:
    """The machine's clock, whatever EFTER_TODAY says: the audit log is dated by it, so a
    script or an example that sets EFTER_TODAY cannot back- or forward-date a use of data."""
    return datetime.now().replace(microsecond=0)


def real_today() -> date:
    return date.today()


def real_timestamp() -> str:
    return real_now().isoformat(timespec="seconds")
