"""The template folders: what is packaged, what the user has copied, and copying one over.

The user's folder is platformdirs' user config dir + templates/<lang>/; a file there with a
packaged name takes precedence over the packaged one, which stays reachable as 'efter:<lang>/NAME'.
"""

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from efter.core.errors import Conflict, EfterError, InvalidInput
from efter.core.i18n import t
from efter.render.documents import LANGS, check_lang, user_template_dir
from efter.resources import packaged_dir

SUFFIXES = (".md", ".txt")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class TemplateFile:
    name: str
    lang: str
    where: str  # 'user' or 'packaged'
    path: Path
    overrides: bool  # a user copy of a packaged template

    def as_dict(self) -> dict[str, object]:
        return {"name": self.name, "lang": self.lang, "where": self.where,
                "path": str(self.path), "overrides": self.overrides}  # fmt: skip


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in SUFFIXES)


def listing(langs: tuple[str, ...] = LANGS) -> list[TemplateFile]:
    out: list[TemplateFile] = []
    for lang in langs:
        packaged = {p.name: p for p in _files(packaged_dir("templates") / lang)}
        user = {p.name: p for p in _files(user_template_dir() / lang)}
        for name in sorted(set(packaged) | set(user)):
            if name in user:
                out.append(TemplateFile(name, lang, "user", user[name], name in packaged))
            if name in packaged:
                out.append(TemplateFile(name, lang, "packaged", packaged[name], False))
    return out


def normalise(name: str, lang: str) -> str:
    """'contract' -> 'contract.md', 'obligations' -> 'obligations.txt'; refuses paths."""
    value = name.strip()
    if value.startswith("efter:"):
        value = value.split("/", 1)[-1]
    if not _NAME.match(value) or ".." in value:
        raise InvalidInput(
            t(
                "'{name}' is not a template name: use a name from 'efter template list', such as "
                "contract.",
                name=name.strip(),
            )
        )
    if Path(value).suffix in SUFFIXES:
        return value
    for suffix in SUFFIXES:
        for folder in (user_template_dir() / lang, packaged_dir("templates") / lang):
            if (folder / (value + suffix)).is_file():
                return value + suffix
    return value + ".md"


def find(name: str, lang: str, *, packaged: bool = False) -> Path:
    """The file efter uses for NAME (the user's copy first unless packaged=True)."""
    lang = check_lang(lang)
    file_name = normalise(name, lang)
    folders = [packaged_dir("templates") / lang]
    if not packaged:
        folders.insert(0, user_template_dir() / lang)
    for folder in folders:
        if (folder / file_name).is_file():
            return folder / file_name
    raise InvalidInput(
        t(
            "There is no template '{name}' in {lang}: see 'efter template list' for the names.",
            name=name.strip(),
            lang=lang,
        )
    )


def copy(name: str, lang: str, *, force: bool) -> Path:
    source = find(name, lang, packaged=True)
    target = user_template_dir() / lang / source.name
    if target.exists() and not force:
        raise Conflict(
            t(
                "You already have your own {name} at {target}: edit it there, or give --force to "
                "replace it with the packaged one.",
                name=source.name,
                target=target,
            )
        )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    except OSError as error:
        raise EfterError(
            t("Cannot copy to {target} ({strerror}).", target=target, strerror=error.strerror)
        ) from None
    return target
