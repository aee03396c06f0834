"""The language a person reads efter in: Danish or English, by gettext.

Every sentence a person reads is written in English in the code and looked up in the
catalog of the chosen language (`efter/locale/da/LC_MESSAGES/efter.po`, compiled to `.mo`
and shipped in the wheel; `python -m tests.catalog` extracts, updates and compiles it with
Babel). Option and command names, `--json` keys and values, exit codes and import columns are
never translated: scripts rely on them.

    t("Added meeting {id} for {name}.", id=new_id, name=person.label)
    nt("{n} young person", "{n} young people", count)   # the plural form from the catalog

`t` and `nt` translate, then fill the `{placeholders}` (str.format); the placeholders of a
translation must be those of its English (a test checks). Help texts are not wrapped: they
are extracted from the `help=` of every option and command and from command docstrings, and
the command tree translates them as it builds each command (efter.cli.tree).

Which language (first that says):
1. EFTER_LANG=da or en;
2. the locale: LANGUAGE, LC_ALL, LC_MESSAGES or LANG (the first one set) naming Danish (da…);
3. the case file's `language` setting, once a command has opened the case file;
4. English.

The catalog is read with the standard library's gettext (no Babel at run time): about a
millisecond, and only when Danish is chosen (tests/benchmarks has the line).
"""

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

LANGUAGES = ("da", "en")
DOMAIN = "efter"
# The catalog of typer's own words alone ("Options", "[default: ...]"), which typer looks up
# through the standard library's gettext (efter.cli.tree.speaking); made with DOMAIN's by
# `python -m tests.catalog`.
TYPER_DOMAIN = "efter-typer"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


class _English:
    """The messages as written in the code (gettext's NullTranslations, without importing
    gettext when nobody needs it)."""

    def gettext(self, message: str) -> str:
        return message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural


_ENGLISH = _English()
_current: Any = _ENGLISH
_language = "en"
_decided = False  # by EFTER_LANG or the locale: a case file's setting does not override it
_casefile_language: str | None = None  # the open case file's `language` setting, if set


def t(message: str, /, **values: Any) -> str:
    """`message` in the chosen language, its `{placeholders}` filled from `values`."""
    if not message:  # gettext's "" is the catalog's header
        return message
    text: str = _current.gettext(message)
    return text.format(**values) if values else text


def positional(text: str, *names: str) -> Callable[..., str]:
    """A translated message (`t(message)` without values) as a function of its places' values
    in the order `names` gives them: `positional(t("{ref} from {day}"), "ref", "day")(r, d)`
    is `t("{ref} from {day}", ref=r, day=d)`. For a message filled in once per row of a large
    file: filling places by name costs about a microsecond more each time."""
    for at, name in enumerate(names):
        text = text.replace("{" + name + "}", "{" + str(at) + "}")
    return text.format


def N_(message: str, /) -> str:
    """Marks `message` for the catalog where it is translated later (a help text kept in a
    table, a setting's description): returns it unchanged."""
    return message


def nt(singular: str, plural: str, n: int, /, **values: Any) -> str:
    """The form of `singular`/`plural` for the number `n` in the chosen language (Danish
    and English both have two: 1 ung, 2 unge); `{n}` and `values` filled in (`{n}` as
    12.345 in Danish)."""
    text: str = _current.ngettext(singular, plural, n)
    # a count in Danish is grouped as Danish writes it (12.345 unge); English keeps 12345
    count: Any = number_text(n) if _language == "da" and abs(n) >= 1000 else n
    return text.format(n=count, **values)


def language() -> str:
    """The language messages are in now: 'da' or 'en'."""
    return _language


def danish() -> bool:
    return _language == "da"


class UnknownLanguage(ValueError):
    """EFTER_LANG names a language efter does not speak."""


def from_environment(environ: Mapping[str, str] | None = None) -> str | None:
    """The language EFTER_LANG or the locale asks for, or None when neither says (then the
    case file's setting, then English). Raises UnknownLanguage for an EFTER_LANG other than
    da or en."""
    environ = os.environ if environ is None else environ
    chosen = environ.get("EFTER_LANG", "").strip()
    if chosen:
        code = chosen.lower()
        if code not in LANGUAGES:
            raise UnknownLanguage(chosen)
        return code
    for variable in LOCALE_VARIABLES:
        value = environ.get(variable, "")
        if not value:
            continue
        # LANGUAGE is a list (da:en); the others one locale (da_DK.UTF-8). The first one set
        # decides, as it does for gettext; only Danish is taken from it: a C or English
        # locale is what most machines have, not a choice against the case file's setting.
        entries = value.split(":") if variable == "LANGUAGE" else [value]
        for entry in entries:
            code = entry.split("_")[0].split(".")[0].split("@")[0].lower()
            if code == "da":
                return "da"
            if code == "en":
                return None
        return None
    return None


def choose(environ: Mapping[str, str] | None = None) -> str:
    """Decide the language from EFTER_LANG and the locale (English when they do not say) and
    use it from now on. Returns it."""
    global _decided, _casefile_language
    chosen = from_environment(environ)
    _decided = chosen is not None
    _casefile_language = None
    use(chosen or "en")
    return _language


def document_language(lang: str | None) -> str:
    """A document's language: its --lang, else the open case file's `language` setting,
    else Danish (the documents' own language)."""
    return lang or _casefile_language or "da"


def casefile_setting(value: str | None) -> None:
    """The open case file's `language` setting: the default of documents, and of messages
    when neither EFTER_LANG nor the locale chose."""
    global _casefile_language
    _casefile_language = value if value in LANGUAGES else None
    adopt_casefile_setting(value)


def open_to_setting() -> bool:
    """Whether a case file's `language` setting would be followed (neither EFTER_LANG nor
    the locale chose)."""
    return not _decided


def adopt_casefile_setting(value: str | None) -> None:
    """A case file's `language` setting, once it is open: used unless EFTER_LANG or the
    locale chose."""
    if not _decided and value in LANGUAGES:
        use(value)


def use(code: str) -> None:
    """Messages in `code` ('da' or 'en') from now on."""
    global _current, _language
    if code == _language and (_current is not _ENGLISH or code == "en"):
        return
    _current = catalog(code)
    _language = code


_LOADED: dict[str, Any] = {}


def catalog(code: str) -> Any:
    """The translations of `code`: the compiled catalog, read once per process."""
    if code == "en":
        return _ENGLISH
    if code not in _LOADED:
        data = (LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.mo").read_bytes()
        _LOADED[code] = Compiled.of(data) or _gnu(data)
    return _LOADED[code]


def _gnu(data: bytes) -> Any:
    import gettext
    import io

    return gettext.GNUTranslations(io.BytesIO(data))


class Compiled:
    """A compiled catalog (`.mo`) that answers as gettext's GNUTranslations does, looked up
    in place: a message is found by binary search in the file's table of original strings,
    which the .mo format keeps sorted for exactly that (GNU gettext's own reader searches it
    so), and decoded only when a command first asks for it. GNUTranslations decodes every
    message of the file into a dictionary before the first one is asked for: 1,900 messages,
    3.5 ms of every command run in Danish, for the few it prints. tests/test_i18n.py holds
    every message and plural of the catalog to GNUTranslations' answer, and the table to its
    order."""

    MAGIC = 0x950412DE

    def __init__(self, data: bytes, originals: Any, translations: Any) -> None:
        self._data = data
        self._originals = originals  # (length, offset) of each original, as one array
        self._translations = translations
        self._count = len(originals) // 2
        self._found: dict[str, str] = {}
        self._info: dict[str, str] = {}
        self.plural: Callable[[int], int] = lambda n: int(n != 1)  # gettext's default

    @classmethod
    def of(cls, data: bytes) -> "Compiled | None":
        """The catalog in `data`; None for a file it does not read as gettext would (another
        charset than UTF-8, an unknown format): GNUTranslations reads that one."""
        import sys
        from array import array

        if len(data) < 20:
            return None
        for order in ("little", "big"):
            if int.from_bytes(data[:4], order) == cls.MAGIC:
                break
        else:
            return None
        revision, count, originals, translations = (
            int.from_bytes(data[at : at + 4], order) for at in (4, 8, 12, 16)
        )
        if revision >> 16 not in (0, 1):
            return None
        tables = []
        for start in (originals, translations):
            table = array("I")
            table.frombytes(data[start : start + 8 * count])
            if order != sys.byteorder:
                table.byteswap()
            tables.append(table)
        compiled = cls(data, *tables)
        header = compiled._translation(b"")
        if header is None:
            return None
        if not compiled._read_header(header):
            return None
        return compiled

    def _read_header(self, header: bytes) -> bool:
        """The catalog's description, read as GNUTranslations reads it; False unless its
        text is UTF-8."""
        import gettext

        charset = None
        last = None
        for line in header.decode().split("\n"):
            item = line.strip()
            if not item or (item.startswith("#-#-#-#-#") and item.endswith("#-#-#-#-#")):
                continue
            if ":" in item:
                key, value = (part.strip() for part in item.split(":", 1))
                key = key.lower()
                self._info[key] = value
                last = key
                if key == "content-type":
                    charset = value.split("charset=")[1]
                elif key == "plural-forms":
                    self.plural = gettext.c2py(value.split(";")[1].split("plural=")[1])
            elif last:
                self._info[last] += "\n" + item
        return charset is not None and charset.lower().replace("-", "") == "utf8"

    def _first_from(self, key: bytes) -> int:
        """The index of the first original not below `key` (bytes order: the table's)."""
        originals, data = self._originals, self._data
        low, high = 0, self._count
        while low < high:
            middle = (low + high) // 2
            start = originals[2 * middle + 1]
            if data[start : start + originals[2 * middle]] < key:
                low = middle + 1
            else:
                high = middle
        return low

    def _original(self, index: int) -> bytes:
        start = self._originals[2 * index + 1]
        return self._data[start : start + self._originals[2 * index]]

    def _translated(self, index: int) -> bytes:
        start = self._translations[2 * index + 1]
        return self._data[start : start + self._translations[2 * index]]

    def _translation(self, key: bytes) -> bytes | None:
        index = self._first_from(key)
        if index < self._count and self._original(index) == key:
            return self._translated(index)
        return None

    def _forms(self, singular: str) -> list[str] | None:
        """The translated forms of the plural whose first original is `singular`."""
        key = singular.encode() + b"\x00"
        index = self._first_from(key)
        if index < self._count and self._original(index).startswith(key):
            return self._translated(index).decode().split("\x00")
        return None

    def gettext(self, message: str) -> str:
        found = self._found.get(message)
        if found is None:
            text = self._translation(message.encode())
            if text is not None:
                found = text.decode()
            else:  # GNUTranslations: a plural's first original gives its singular form
                forms = self._forms(message)
                at = self.plural(1)
                found = forms[at] if forms is not None and at < len(forms) else message
            self._found[message] = found
        return found

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        forms = self._forms(singular)
        at = self.plural(n)
        if forms is None or at >= len(forms):
            return singular if n == 1 else plural
        return forms[at]

    def info(self) -> dict[str, str]:
        return self._info


def day_text(day: Any) -> str:
    """A date in a sentence: Danish form in Danish (14. marts 2026, as the documents write
    it), ISO in English (2026-03-14). Takes a date or an ISO string; anything else as is."""
    if _language != "da" or not day:
        return str(day) if day is not None else ""
    from datetime import date

    from efter.core.dates import danish_date

    if isinstance(day, str):
        try:
            day = date.fromisoformat(day[:10])
        except ValueError:
            return day
    return danish_date(day)


def time_text(moment: Any) -> str:
    """A date and time in a sentence: 3. december 2026 kl. 14:00 in Danish, 2026-12-03 14:00
    in English (as tables show it)."""
    if _language != "da":
        return f"{moment:%Y-%m-%d %H:%M}"
    return f"{day_text(moment.date())} kl. {moment:%H:%M}"


def number_text(number: float, decimals: int = 0) -> str:
    """A number in a sentence or table: 29.500 (and 12,5) in Danish, 29,500 (12.5) in English."""
    text = f"{number:,.{decimals}f}"
    if _language == "da":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text
