"""Files efter writes for the user (--out, backups): new, private and whole, or not at all.

Every such file is written into a temporary file in the same folder (0600, created with
O_EXCL) and moved into place with os.replace, so a reader never sees half a file and a file
that was there keeps its content until the new one is complete. A symlink, a device, a FIFO, a
socket or a folder at the path is refused (as root, `--out /dev/sda` would otherwise be
replaced by a CSV of CPR numbers); an existing regular file is replaced only when the caller
says so (`--force`, or a 'y' on a terminal: the CLI asks, core never does).
"""

import errno
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TypeVar

from efter.core.errors import Conflict, DiskFull, EfterError, InvalidInput, phrase
from efter.core.i18n import t

T = TypeVar("T")

# The disk, not efter: full or over quota.
FULL = (errno.ENOSPC, errno.EDQUOT)


def room_sentence(path: Path, needed: int | None = None) -> str:
    """'The disk holding X is full ...': how much room there is, and how much is needed."""
    folder = path if path.is_dir() else path.parent
    free = None
    try:
        usage = os.statvfs(folder)
        free = usage.f_bavail * usage.f_frsize
    except OSError:
        pass
    have = " " + t("({free} free)", free=human(free)) if free is not None else ""
    need = ": " + t("efter needs about {needed} more", needed=human(needed)) if needed else ""
    return t(
        "The disk holding {folder} is full{have}{need}; free some space (or write somewhere "
        "else) and run the command again. Nothing is damaged.",
        folder=folder,
        have=have,
        need=need,
    )


def human(count: int | None) -> str:
    size = float(count or 0)
    for unit in ("bytes", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{int(size)} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1000
    return f"{size:.1f} GB"  # pragma: no cover


def existing(path: Path) -> bool:
    """Whether a regular file is at `path`; refuses what efter must never write over."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        if not path.parent.is_dir():
            raise InvalidInput(
                t(
                    "The folder {parent} does not exist: create it or give another file.",
                    parent=path.parent,
                )
            ) from None
        return False
    except OSError as error:
        raise InvalidInput(
            t(
                "{path} cannot be used ({strerror}): give another file.",
                path=path,
                strerror=error.strerror,
            )
        ) from None
    if stat.S_ISLNK(info.st_mode):
        raise InvalidInput(
            t(
                "{path} is a symbolic link: efter writes only real files; give the file's own path.",
                path=path,
            )
        )
    if stat.S_ISDIR(info.st_mode):
        raise InvalidInput(t("{path} is a folder: give a file name.", path=path))
    if not stat.S_ISREG(info.st_mode):
        raise InvalidInput(
            t(
                "{path} is a special file (a device, pipe or socket), not a file efter may write: "
                "give the path of a file.",
                path=path,
            )
        )
    return True


def refuse_existing(path: Path) -> None:
    raise Conflict(  # a sentence: a path is never capitalised
        phrase(
            "{path} exists already: add {force} to replace it, or give another file.",
            "force",
            path=path,
        )
    )


@contextmanager
def replacing(path: Path, *, replace: bool, size: int | None = None) -> Iterator[IO[bytes]]:
    """A private temporary file beside `path`, moved over it when the block ends without
    an error (and removed when it does not). `replace`: an existing file may be replaced."""
    import tempfile

    if existing(path) and not replace:
        refuse_existing(path)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".efter-tmp", dir=path.parent)
    except OSError as error:
        raise _sentence(error, path, size) from None
    temporary = Path(name)
    from efter.core.casefile import unrepeatable

    unrepeatable()  # a file written is not written again by a victim's second run (again())
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        # checked again at the last moment: never replace what appeared meanwhile
        if existing(path) and not replace:
            refuse_existing(path)
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise _sentence(error, path, size) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write(path: Path, content: str | bytes, *, replace: bool) -> None:
    """Write `content` (text as UTF-8) to `path`, new, private and whole."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    with replacing(path, replace=replace, size=len(data)) as handle:
        handle.write(data)


def write_with(path: Path, writer: Callable[[IO[bytes]], T], *, replace: bool) -> T:
    """Let `writer` stream into the file; returns what it returns."""
    with replacing(path, replace=replace) as handle:
        return writer(handle)


def _sentence(error: OSError, path: Path, size: int | None) -> EfterError:
    if error.errno in FULL:
        return DiskFull(room_sentence(path, size))
    return EfterError(
        t(
            "Cannot write {path} ({strerror}): check that the folder exists and is yours.",
            path=path,
            strerror=error.strerror,
        )
    )
