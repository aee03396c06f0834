"""Packaged folders (templates, examples): inside the wheel, or beside the package in a checkout.

hatchling's force-include puts them under efter/ in the wheel; an editable install does not.
"""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def packaged_dir(name: str) -> Path:
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"efter's {name} folder is missing from this installation")
