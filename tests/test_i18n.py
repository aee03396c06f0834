"""efter in Danish and English: how the language is chosen, the catalog (current, translated,
placeholders that match, plural forms), and no English left where a Danish coordinator reads.

What is not yet translated is named in PENDING lists here, never skipped in silence; each
list only shrinks (a test fails when a name on it has become Danish, so that it is taken off).
"""

import gettext
import re
import string
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog

from efter.core import i18n
from tests import catalog as catalog_tool
from tests.conftest import Run

# ---------------------------------------------------------------------------------------------
# The language choice


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, None),
        ({"LANG": "da_DK.UTF-8"}, "da"),
        ({"LANG": "da"}, "da"),
        ({"LC_MESSAGES": "da_DK.UTF-8", "LANG": "C"}, "da"),
        ({"LC_ALL": "C", "LANG": "da_DK.UTF-8"}, None),  # LC_ALL wins, as for gettext
        ({"LANGUAGE": "da:en", "LANG": "C"}, "da"),
        ({"LANGUAGE": "sv:da", "LANG": "C"}, "da"),
        ({"LANGUAGE": "en:da", "LANG": "da_DK.UTF-8"}, None),
        ({"LANG": "C"}, None),
        ({"LANG": "en_GB.UTF-8"}, None),
        ({"LANG": "de_DE.UTF-8"}, None),
        ({"EFTER_LANG": "en", "LANG": "da_DK.UTF-8"}, "en"),
        ({"EFTER_LANG": "DA", "LANG": "C"}, "da"),
        ({"EFTER_LANG": "", "LANG": "da_DK.UTF-8"}, "da"),
    ],
)
def test_the_language_comes_from_efter_lang_then_the_locale(
    environ: dict[str, str], expected: str | None
) -> None:
    assert i18n.from_environment(environ) == expected


def test_an_unknown_efter_lang_is_a_usage_mistake(run: Run, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("EFTER_LANG", "de")
    result = run("--help")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "Error: EFTER_LANG is 'de': set it to da (Danish) or en (English), or unset it.\n"
    )


@pytest.mark.parametrize(
    ("variable", "value", "language"),
    [
        ("LANG", "da_DK.UTF-8", "da"),
        ("LANG", "C", "en"),
        ("EFTER_LANG", "da", "da"),
        ("LC_ALL", "da_DK.UTF-8", "da"),
    ],
)
def test_efter_help_speaks_the_chosen_language(
    run: Run, monkeypatch: pytest.MonkeyPatch, variable: str, value: str, language: str
):
    monkeypatch.setenv(variable, value)
    result = run("--help")
    assert result.exit_code == 0
    if language == "da":
        assert result.stdout.startswith("Brug: efter [OPTIONS] COMMAND [ARGS]...\n")
        assert "Kommandoer:" in result.stdout or "Kommandoer\n" in result.stdout
    else:
        assert result.stdout.startswith("Usage: efter [OPTIONS] COMMAND [ARGS]...\n")


def test_a_danish_run_leaves_the_process_as_it_was(run: Run, monkeypatch: pytest.MonkeyPatch):
    import os

    monkeypatch.setenv("EFTER_LANG", "da")
    monkeypatch.delenv("LANGUAGE", raising=False)
    domain = gettext.textdomain()
    run("--help")
    assert "LANGUAGE" not in os.environ
    assert gettext.textdomain() == domain
    assert i18n.language() == "en"


def test_the_case_files_setting_chooses_when_the_environment_does_not(
    run: Run, casefile: Path, monkeypatch: pytest.MonkeyPatch
):
    assert run("config", "set", "language", "da").exit_code == 0
    missing = run("youth", "show", "nobody")
    assert missing.exit_code == 1
    assert missing.stderr.startswith("Fejl: ")
    monkeypatch.setenv("EFTER_LANG", "en")
    assert run("youth", "show", "nobody").stderr.startswith("Error: ")
    monkeypatch.delenv("EFTER_LANG")
    monkeypatch.setenv("LANG", "da_DK.UTF-8")
    assert run("config", "set", "language", "en").exit_code == 0
    assert run("youth", "show", "nobody").stderr.startswith("Fejl: ")  # the locale chose


def test_the_language_setting_takes_da_or_en(run: Run, casefile: Path):
    result = run("config", "set", "language", "fr")
    assert result.exit_code == 1
    assert result.stderr == "Error: The setting language takes one of da, en, not 'fr'.\n"


# ---------------------------------------------------------------------------------------------
# The catalog


def _catalog() -> Catalog:
    return catalog_tool.current()


def test_the_catalog_is_current_and_compiled():
    """Every message in the code is in the .po, and the .mo is the .po compiled: after adding
    or changing a message, run `python -m tests.catalog` and translate what it reports."""
    assert catalog_tool.main(["--check"]) == 0


def test_every_message_has_its_danish():
    untranslated = [
        message.id
        for message in _catalog()
        if message.id and not catalog_tool._translated(message.string)
    ]
    assert untranslated == [], f"{len(untranslated)} messages without Danish: {untranslated[:5]}"


def test_no_message_is_fuzzy():
    assert [m.id for m in _catalog() if m.id and m.fuzzy] == []


_FIELDS = string.Formatter()


def _placeholders(text: str) -> list[str]:
    if "{" not in text:
        return sorted(re.findall(r"%\((\w+)\)[sd]", text))
    return sorted(name for _, name, _, _ in _FIELDS.parse(text) if name is not None)


def test_placeholders_match_between_the_languages():
    wrong = []
    for message in _catalog():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        english = set().union(*(_placeholders(text) for text in ids))
        for text in strings:
            # A singular may leave out {n} ("én ung"); nothing may be added or renamed.
            if not set(_placeholders(text)) <= english or (
                len(ids) == 1 and set(_placeholders(text)) != english
            ):
                wrong.append((message.id, text))
    assert wrong == []


def test_the_catalog_passes_babels_checks():
    problems = [(m.id, errors) for m, errors in _catalog().check() if errors]
    assert problems == []


def test_the_compiled_catalog_answers_as_gettext_does():
    """efter reads the .mo in place (i18n.Compiled: a binary search per message asked for)
    where gettext's GNUTranslations decodes it all first: every message and every plural of
    the catalog, and messages it lacks, get the same answer from both."""
    import io

    data = (i18n.LOCALE_DIR / "da" / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo").read_bytes()
    gnu = gettext.GNUTranslations(io.BytesIO(data))
    compiled = i18n.Compiled.of(data)
    assert compiled is not None and i18n.catalog("da").__class__ is i18n.Compiled
    assert compiled.info() == gnu.info()
    plurals = 0
    for message in _catalog():
        if isinstance(message.id, tuple):
            plurals += 1
            singular, plural = message.id[0], message.id[1]
            for n in (0, 1, 2, 5, 1000):
                assert compiled.ngettext(singular, plural, n) == gnu.ngettext(singular, plural, n)
            assert compiled.gettext(singular) == gnu.gettext(singular)
        elif message.id:
            assert compiled.gettext(message.id) == gnu.gettext(message.id), message.id
    assert plurals > 10
    for missing in ("No such message in the catalog", "Zzz", "A", "Showing"):
        assert compiled.gettext(missing) == gnu.gettext(missing) == missing
        assert compiled.ngettext(missing, "many", 1) == gnu.ngettext(missing, "many", 1)
        assert compiled.ngettext(missing, "many", 3) == gnu.ngettext(missing, "many", 3)


def test_the_compiled_catalogs_originals_are_sorted():
    """The binary search needs the .mo's table of originals in byte order, as the format
    has it (Babel's write_mo, through python -m tests.catalog, writes it so)."""
    import struct

    data = (i18n.LOCALE_DIR / "da" / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo").read_bytes()
    count, start = struct.unpack("<2I", data[8:16])
    table = struct.unpack(f"<{2 * count}I", data[start : start + 8 * count])
    originals = [data[at : at + size] for size, at in zip(table[0::2], table[1::2], strict=True)]
    assert count > 1000 and originals == sorted(originals)


def test_a_catalog_in_another_charset_is_read_by_gettext():
    """What i18n.Compiled does not read as gettext would (not UTF-8, not a .mo) is left to
    GNUTranslations, or refused."""
    import io

    from babel.messages.mofile import write_mo

    latin = Catalog(locale="da", charset="latin-1")
    latin.add("Yes", "Ja")
    out = io.BytesIO()
    write_mo(out, latin)
    assert i18n.Compiled.of(out.getvalue()) is None
    assert i18n.Compiled.of(b"not a catalog at all") is None
    utf8 = Catalog(locale="da")
    utf8.add("Yes", "Ja")
    utf8.add(("{n} day", "{n} days"), ("{n} dag", "{n} dage"))
    out = io.BytesIO()
    write_mo(out, utf8)
    compiled = i18n.Compiled.of(out.getvalue())
    assert compiled is not None
    assert (compiled.gettext("Yes"), compiled.gettext("No")) == ("Ja", "No")
    assert [compiled.ngettext("{n} day", "{n} days", n) for n in (1, 2)] == ["{n} dag", "{n} dage"]


def test_the_danish_catalog_has_two_plural_forms():
    danish = i18n.catalog("da")
    assert danish.info()["plural-forms"] == "nplurals=2; plural=(n != 1);"
    from efter.cli.youth import showing

    i18n.use("da")
    try:
        assert showing(0, 1).startswith("Viser 0 af 1 ung: ")
        assert showing(100, 250).startswith("Viser 100 af 250 unge: ")
    finally:
        i18n.use("en")
    assert showing(100, 250).startswith("Showing 100 of 250 young people: ")
    assert showing(0, 1).startswith("Showing 0 of 1 young person: ")


# ---------------------------------------------------------------------------------------------
# No English left: every help text, and a session in Danish

# Commands whose help (their own, their options') is not yet all in the catalog.
PENDING_HELP: set[str] = set()

# English words that are not Danish words too and never a code efter takes (a kind, a
# status): a Danish line holding one is untranslated.
ENGLISH = frozenset(
    [
        "the",
        "of",
        "with",
        "this",
        "that",
        "from",
        "are",
        "was",
        "were",
        "will",
        "has",
        "been",
        "which",
        "when",
        "there",
        "their",
        "your",
        "you",
        "should",
        "would",
        "could",
        "than",
        "into",
        "what",
        "who",
        "how",
        "does",
        "not",
        "only",
        "every",
        "each",
        "given",
        "nothing",
        "yet",
        "must",
    ]
)
# Where English is right in Danish output: option names and metavars (<file>, {youth}),
# command names (the usage line, the first column of a command list), quoted values and codes
# (a quote inside a word is Danish, not a quotation: "id'erne").
NOT_WORDS = re.compile(
    r"--[\w-]+|\b[A-Z][A-Z_]+\b|(?<!\w)'[^']*'(?!\w)|\"[^\"]*\"|`[^`]*`|\[[^\]]*\]|<[^>]*>|\{[^}]*\}"
    r"|^(Brug|Usage):.*|^  [a-z][\w-]*(?=  )|(?<!\w)/[^\s:]+|\b[\w-]+\.(md|csv|json|xlsx)\b"
    r"|\b[a-z]+(-[a-z]+)+\b"  # codes and keys: caseload-limit, no-show
)


def english_in(text: str) -> list[str]:
    """The lines of `text` that hold an English word (outside option names, metavars,
    quoted values and [brackets])."""
    found = []
    for line in text.splitlines():
        words = re.findall(r"[^\W\d_]+", NOT_WORDS.sub(" ", line))
        if any(word.lower() in ENGLISH for word in words):
            found.append(line)
    return found


def _help_texts() -> list[tuple[str, str]]:
    """(command path, English help text) for every command and option, as typer builds them."""
    from efter.cli import app
    from tests.docs_reference import commands

    texts = [("efter", app.info.help or "")]
    for path, ctx in commands():
        command = ctx.command
        for text in (command.help, *(getattr(p, "help", None) for p in command.params)):
            if text and path != "efter":
                texts.append((path, text))
    return texts


def test_every_help_text_has_its_danish():
    from efter.cli.tree import translate_help

    missing: dict[str, list[str]] = {}
    texts = _help_texts()
    i18n.use("da")
    try:
        for path, text in texts:
            if translate_help(text) == text:
                missing.setdefault(path, []).append(text)
    finally:
        i18n.use("en")
    unexpected = {path: texts for path, texts in missing.items() if path not in PENDING_HELP}
    assert unexpected == {}, "help without Danish (run python -m tests.catalog, translate)"
    done = sorted(PENDING_HELP - set(missing))
    assert done == [], f"now translated: take them off PENDING_HELP: {done}"


# click cuts a command's line in a help list at the first word that ends in a full stop
ABBREVIATIONS = {"pr.", "fx.", "nr.", "kr.", "sagsnr.", "ca.", "evt.", "bl.a.", "osv.", "jf."}


def test_no_danish_command_line_stops_at_an_abbreviation():
    """'Aktive sager pr.' is all a help list would show of 'Aktive sager pr. koordinator.'"""
    from efter.cli.tree import translate_help
    from tests.docs_reference import commands

    cut: dict[str, str] = {}
    i18n.use("da")
    try:
        for path, ctx in commands():
            if not ctx.command.help:
                continue
            words = translate_help(ctx.command.help).split("\n\n")[0].split()
            first = next((word for word in words if word.endswith(".")), "")
            if first.lower() in ABBREVIATIONS:
                cut[path] = first
    finally:
        i18n.use("en")
    assert cut == {}


def _all_paths() -> list[list[str]]:
    from tests.docs_reference import commands

    return [path.split()[1:] for path, _ in commands()]


def test_every_help_page_reads_danish(run: Run, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("EFTER_LANG", "da")
    english: dict[str, list[str]] = {}
    for path in _all_paths():
        result = run(*path, "--help")
        assert result.exit_code == 0, (path, result.stderr)
        lines = english_in(result.stdout)
        if lines:
            english[" ".join(["efter", *path])] = lines
    unexpected = {path: lines for path, lines in english.items() if path not in PENDING_HELP}
    assert unexpected == {}


def _danish(run: Run, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("EFTER_LANG", "da")
    return run


# A coordinator's session in Danish, the commands a day holds and the mistakes it has.
BAD_IMPORT = "ref;navn;fødselsdato\n2025-0500;Ali Hassan;2009-13-01\n2025-0501;;2008-01-01\n"
SESSION: list[tuple[str, ...]] = [
    ("init",),
    ("youth", "add", "Sara Nørgaard", "--born", "31-02-2010"),
    ("youth", "add", "Sara Nørgaard", "--born", "2009-03-14", "--ref", "2025-0412",
     "--municipality", "Esbjerg", "--programme", "Vejen til uddannelse", "--coordinator", "Mette"),
    ("youth", "list"),
    ("youth", "show", "2025-0412"),
    ("youth", "show", "Kim"),
    ("team", "add", "2025-0412", "--role", "myndighedsrådgiver", "--name", "Peter Dam"),
    ("team", "list", "2025-0412"),
    ("network", "add", "2025-0412", "--role", "mor", "--name", "Lone Nørgaard"),
    ("meeting", "plan", "2025-0412", "--at", "2026-12-03 14:00"),
    ("meeting", "plan", "2025-0412", "--at", "2026-12-32 14:00"),
    ("meeting", "list"),
    ("agreement", "add", "2025-0412", "--what", "Søge SU", "--owner", "youth", "--due",
     "2026-11-20"),
    ("agreement", "list"),
    ("rate", "2025-0412", "bolig=3", "uddannelse=2", "--phase", "start", "--by", "youth"),
    ("rate", "2025-0412", "bolig=7", "--phase", "end", "--by", "youth"),
    ("ratings", "2025-0412"),
    ("import", "youth", "{bad_import}"),
    ("due",),
    ("report", "caseload"),
    ("report", "outcomes"),
    ("report", "meetings"),
    ("report", "agreements"),
    ("report", "deadlines"),
    ("report", "progress"),
    ("goal", "add", "2025-0412", "--text", "Finde en læreplads", "--area", "uddannelse"),
    ("goal", "list", "2025-0412"),
    ("measure", "add", "2025-0412", "mentor"),
    ("measure", "list", "2025-0412"),
    ("consent", "give", "2025-0412", "--to", "Peter Dam", "--about", "uddannelse"),
    ("consent", "list", "2025-0412"),
    ("status", "2025-0412", "--education", "vocational", "--work", "none"),
    ("status", "2025-0412"),
    ("note", "add", "2025-0412", "Ringede til Sara om SU."),
    ("note", "list", "2025-0412"),
    ("meeting", "held", "1", "--attended", "youth", "--kept", "1"),
    ("meeting", "show", "1"),
    ("agreement", "list", "--all"),
    ("deadline", "list", "2025-0412"),
    ("programme", "list"),
    # (not `areas list`: its English column is the areas' English names, data)
    ("config", "list"),
    ("template", "list"),
    ("find", "Sara"),
    # (not `audit`: its last column is the command, whose name is English by design)
    ("doctor",),
    ("youth", "summary", "2025-0412"),
    ("youth", "close", "2025-0412", "--outcome", "education", "--date", "2026-11-28"),
]  # fmt: skip

# Commands of SESSION whose output still holds English, until their words are translated.
PENDING_SESSION: set[str] = set()

# Words of tables and show pages that are English and not Danish.
TABLE_ENGLISH = ENGLISH | frozenset(
    [
        "name",
        "age",
        "coordinator",
        "programme",
        "active",
        "closed",
        "place",
        "role",
        "phone",
        "email",
        "period",
        "since",
        "meetings",
        "meeting",
        "agreements",
        "agreement",
        "overdue",
        "due",
        "caseload",
        "cases",
        "young",
        "people",
        "nobody",
        "until",
        "born",
        "days",
        "contract",
        "network",
        "when",
        "planned",
        "held",
        "cancelled",
        "owner",
        "cohort",
        "municipality",
        "housing",
        "area",
        "rated",
        "ratings",
        "professional",
    ]
)  # "status", "team", "start" and "plan" are Danish too


def test_a_session_in_danish_has_no_english(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    bad_import = tmp_path / "unge.csv"
    bad_import.write_text(BAD_IMPORT, encoding="utf-8")
    monkeypatch.setenv("EFTER_LANG", "da")
    english: dict[str, list[str]] = {}
    for command in SESSION:
        argv = [part.format(bad_import=bad_import) for part in command]
        result = run(*argv)
        assert result.exit_code in (0, 1), (command, result.stderr)
        assert "EFTER_DEBUG" not in result.stderr, (command, result.stderr)  # no internal error
        lines = [
            line
            for line in (result.stdout + result.stderr).splitlines()
            if any(
                word.lower() in TABLE_ENGLISH
                for word in re.findall(r"[^\W\d_]+", NOT_WORDS.sub(" ", line))
            )
        ]
        if lines:
            english[" ".join(command[:2])] = lines
    unexpected = {name: lines for name, lines in english.items() if name not in PENDING_SESSION}
    assert unexpected == {}, "English in Danish output:\n" + "\n".join(
        f"{name}: {line}" for name, lines in unexpected.items() for line in lines
    )
    done = sorted(PENDING_SESSION - set(english))
    assert done == [], f"now Danish: take them off PENDING_SESSION: {done}"


def test_the_case_files_language_is_the_default_of_documents(run: Run, casefile: Path):
    assert run("youth", "add", "Sara Nørgaard", "--born", "2009-03-14").exit_code == 0
    assert run("document", "consent", "1").stdout.startswith("# Samtykkeerklæring\n")
    assert run("config", "set", "language", "en").exit_code == 0
    assert run("document", "consent", "1").stdout.startswith("# Consent to share information\n")
    danish = run("document", "consent", "1", "--lang", "da")
    assert danish.stdout.startswith("# Samtykkeerklæring\n")  # --lang still chooses
    wrong = run("document", "consent", "1", "--lang", "fr")
    assert wrong.exit_code == 1
    assert wrong.stderr == "Error: 'fr' is not a document language: give --lang da or --lang en.\n"


# ---------------------------------------------------------------------------------------------
# Every sentence in the code goes through the catalog

# Modules whose English is data, not talk: the schema, the closed lists and the statutory dates
# (each with its Danish and English label side by side), the demo's case, and the documents
# (rendered in the language of their --lang from templates/da and templates/en).
DATA_MODULES = (
    "efter/core/migrations.py", "efter/core/vocab.py", "efter/core/rules.py", "efter/demo.py",
    "efter/render/", "efter/resources.py",
)  # fmt: skip
# English (or Danish) that is data, not talk, named one by one with why.
DATA_SENTENCES = {
    # a case bundle's manifest: what each part is, and why a part was left out; stored in the
    # bundle, in English on every machine, and read back by another efter
    "the schema's own record; the manifest carries the list",
    "counts over everyone, rebuilt by triggers from the ratings",
    "figures per young person rebuilt by triggers from the ratings",
    "counts per young person rebuilt by triggers from the agreements",
    "counts per owner rebuilt by triggers from the agreements",
    "the sending case file's own log of uses; the receiver logs its own",
    "the sending file's address book; a team member carries its professional's name and "
    "contact details, and joins the receiver's address book on import",
    "where a case is held (the register's record, or the laptop's of where its cases came "
    "from); a checked-out case's bundle carries the case, not the hold",
    "no consent in force lets ",
    "efter does not know which kind of information it holds",
    "tied to what is left out above",
    # labels kept side by side, Danish and English (the caller picks one)
    "Gælder endnu ikke",
    "Not yet in force",
    "ungevejleder eller jobcenter",
    "youth guidance counsellor or job centre",
    "The municipality that is data controller",
    "den dataansvarliges kontaktoplysninger",
    "the data controller's contact details",
    "the data protection officer",
    "18 år, handlekommunen kan skifte",
    "Age 18, acting municipality may change",
    # what a person may type, and what is stored
    "the young person",  # persons.YOUTH_WORDS: a spelling the owner column accepts
    "social economy job",  # measures.KINDS: an alias a person may type for the kind
    "Aflyst, da sagen blev lukket.",  # a meeting's stored status note, in Danish
    "database or disk is full",  # SQLite's own message, matched
    "permission denied for table ",  # PostgreSQL's own message, matched
    # examples in the import sheets (efter export template KIND)
    "Tidligere nabo, vil gerne hjælpe med kørekort",
    "Vejen til uddannelse og beskæftigelse",
    # command lines and option names quoted in a sentence (English by design)
    "efter agreement history ",
    "efter goal history ",
    "efter meeting history ",
    "'efter youth erase'",
    "youth summary amalie --format pdf --out sagsoverblik.pdf",  # the demo's suggestion
    # for efter's developers, never a user
    "Object of type ",
    ": audit lines noted outside a transaction",
    # said before any language could be chosen (EFTER_LANG itself is wrong)
    ": set it to da (Danish) or en (English), or unset it.\n",
}
# Sentences not yet wrapped in t(), per module: the count may only go down. Run
# `python -m tests.test_i18n` to list them.
PENDING_SOURCES: dict[str, int] = {}

_WRAPPERS = {
    "t",
    "nt",
    "N_",
    "helptext",
    "_opt",
    "phrase",
}  # _opt: a module's help= for its options; phrase: an error's words that name fields
_SENTENCE = re.compile(r"[a-z]{3,} [a-z]{2,} [a-z]{2,}")
_NOT_TALK = re.compile(r"^\^|\b(SELECT|INSERT|UPDATE|DELETE|CREATE|PRAGMA|WHERE)\b")


def english_sentences(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every string in `path` that reads as an English sentence and is not
    looked up in the catalog: not inside t(), nt(), N_() or helptext(), not a help= (those
    are translated as the command is built), not a docstring, not SQL or a pattern."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        if not _SENTENCE.search(node.value) or _NOT_TALK.search(node.value):
            continue
        if node.value in DATA_SENTENCES:
            continue
        child, parent = node, parents.get(node)
        talk = True
        while parent is not None:
            if isinstance(parent, ast.Call):
                func = parent.func
                name = getattr(func, "id", getattr(func, "attr", ""))
                if name in _WRAPPERS:
                    talk = False
                # a table's headings and a show page's labels: translated as they print
                if name in ("table", "fields") and parent.args and child is parent.args[0]:
                    talk = False
            if isinstance(parent, ast.Assert):  # a message for efter's developers
                talk = False
            if isinstance(parent, ast.keyword) and parent.arg == "help":
                talk = False
            if isinstance(parent, ast.Expr) and child is node:  # a docstring or a bare string
                talk = False
            child, parent = parent, parents.get(parent)
        if talk:
            found.append((node.lineno, node.value))
    return found


def _sources() -> dict[str, list[tuple[int, str]]]:
    root = Path(__file__).resolve().parent.parent
    counts = {}
    for path in sorted((root / "efter").rglob("*.py")):
        name = path.relative_to(root).as_posix()
        if name.startswith(DATA_MODULES):
            continue
        found = english_sentences(path)
        if found:
            counts[name] = found
    return counts


def test_every_sentence_in_the_code_goes_through_the_catalog():
    found = _sources()
    grown = {
        name: [text for _, text in hits]
        for name, hits in found.items()
        if len(hits) > PENDING_SOURCES.get(name, 0)
    }
    assert grown == {}, "English sentences outside t(): wrap them and translate them"
    shrunk = {
        name: len(found.get(name, []))
        for name, count in PENDING_SOURCES.items()
        if len(found.get(name, [])) < count
    }
    assert shrunk == {}, f"fewer English sentences now: lower PENDING_SOURCES to {shrunk}"


def test_the_source_scan_sees_a_sentence(tmp_path: Path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def f(x):\n"
        '    """A docstring is not talk at all."""\n'
        '    say(t("This one is looked up in the catalog."))\n'
        '    say(f"This one {x} is not in the catalog at all.")\n'
        '    return "SELECT name FROM youth WHERE id = ?"\n',
        encoding="utf-8",
    )
    assert english_sentences(sample) == [(4, " is not in the catalog at all.")]


# The scan above finds sentences; this one finds the short things a person reads too: a
# heading, a word in a table, a fragment of a sentence put together in an f-string. A string
# that reaches what prints (say, warn, echo, a table's cells, title= and empty=, an error, a
# question) without passing through t(), nt() or N_() is English in Danish output. Codes and
# option names are not words here (NOT_WORDS); a table's and a show page's literal headings are
# translated as they print; keyword field= names a record's field (a code, worded by the face);
# a doctor finding's check and status are codes the doctor translates as it prints them, and an
# import problem's place ('line 4') is worded by efter.transfer.rows.placed.
_SHOWN_BY = {
    "say", "warn", "echo", "fail", "write", "secho", "table", "fields", "table_columns",
    "confirm", "prompt", "EfterError", "InvalidInput", "NotFound", "Conflict", "CaseFileError",
    "UsageMistake", "DiskFull", "Problem", "Finding",
}  # fmt: skip
_TRANSLATED_AS_PRINTED = {"table": 0, "fields": 0, "_table": 0, "table_columns": 0}
_CODES_AT = {"Finding": (0, 1), "Problem": (0,)}  # positional arguments that are codes or places
# Words that read the same in Danish output, or are names (of programs, formats).
SAME_IN_BOTH = frozenset(
    ["id", "efter", "kr", "ok", "sha", "json", "csv", "ics", "pdf", "md", "html", "utf", "cpr",
     "xlsx", "jsonl", "sqlcipher"]
)  # fmt: skip
# Short English that stays English, each with its reason (module, text).
SHOWN_ENGLISH = {
    # the demo's suggestion: a command line to copy
    ("efter/cli/demo.py", "  EFTER_LANG=da efter --db "),
    ("efter/cli/demo.py", " due --within 30d"),
    # said before any language could be chosen (EFTER_LANG itself is wrong)
    ("efter/cli/tree.py", "Error: EFTER_LANG is "),
}
_WORD = re.compile(r"[^\W\d_]{2,}")


def shown_words(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every string in `path` with a word in it that reaches what prints
    without being looked up in the catalog."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        words = [w for w in _WORD.findall(NOT_WORDS.sub(" ", node.value))]
        if not [w for w in words if w.lower() not in SAME_IN_BOTH]:
            continue
        if node.value in DATA_SENTENCES:
            continue
        if _reaches_output(node, parents):
            found.append((node.lineno, node.value))
    return sorted(found)


def _reaches_output(node: Any, parents: dict[Any, Any]) -> bool:
    import ast

    child, parent = node, parents.get(node)
    while parent is not None:
        if isinstance(parent, ast.Subscript) and child is parent.slice:
            return False  # row["name"]: a key
        if isinstance(parent, (ast.Compare, ast.Assert)):
            return False
        if isinstance(parent, ast.Dict) and child in parent.keys:
            return False
        if isinstance(parent, ast.keyword) and parent.arg in ("help", "field"):
            return False
        if isinstance(parent, ast.Tuple) and _is_fields_pairs(parents.get(parent), parents):
            return child is not parent.elts[0]  # (label, value): the label is translated
        if isinstance(parent, ast.Call):
            func = parent.func
            name = getattr(func, "id", getattr(func, "attr", ""))
            if name in _WRAPPERS:
                return False
            if child is func:  # "...".format(...), "...".join(...): the string is printed
                child, parent = parent, parents.get(parent)
                continue
            if name in _TRANSLATED_AS_PRINTED and parent.args and child is parent.args[0]:
                return False
            positions = [n for n, arg in enumerate(parent.args) if arg is child]
            if positions and positions[0] in _CODES_AT.get(name, ()):
                return False
            return name in _SHOWN_BY  # an argument of anything else is not printed as it is
        if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.Module)):
            return False
        child, parent = parent, parents.get(parent)
    return False


def _is_fields_pairs(node: Any, parents: dict[Any, Any]) -> bool:
    """Whether `node` is the literal list of (label, value) pairs given to fields()."""
    import ast

    call = parents.get(node)
    return (
        isinstance(node, ast.List)
        and isinstance(call, ast.Call)
        and getattr(call.func, "id", getattr(call.func, "attr", "")) == "fields"
        and bool(call.args)
        and call.args[0] is node
    )


# A list of headings kept in a variable is not translated as it prints unless marked with N_().
_HEADING = re.compile(r"^[A-Z][a-z]+( [a-z]+)*$")
# Lists of capitalised words that are data: labels side by side, month names, Unicode classes.
HEADING_DATA = {
    "efter/cli/output.py": "Unicode categories (Mn, Me, Cf)",
    "efter/core/consent.py": "a consent's states, Danish and English side by side",
    "efter/core/contracts.py": "the contract's labels, Danish and English side by side",
    "efter/core/dates.py": "English month names, for English dates",
    "efter/core/municipalities.py": "municipalities' names",
}


def heading_lists(path: Path) -> list[tuple[int, list[str]]]:
    """(line, words) of every list or tuple of two or more unmarked headings ("Planned end",
    "Young people") that is not the literal first argument of table() or fields()."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, (ast.List, ast.Tuple)):
            continue
        heads = [
            element.value
            for element in node.elts
            if isinstance(element, ast.Constant)
            and isinstance(element.value, str)
            and _HEADING.match(element.value)
        ]
        parent = parents.get(node)
        if (
            isinstance(parent, ast.Call)
            and getattr(parent.func, "id", getattr(parent.func, "attr", ""))
            in _TRANSLATED_AS_PRINTED
            and parent.args
            and parent.args[0] is node
        ):
            continue
        if len(heads) >= 2:
            found.append((node.lineno, heads))
    return sorted(found)


def _shown_sources() -> dict[str, list[tuple[int, str]]]:
    root = Path(__file__).resolve().parent.parent
    found: dict[str, list[tuple[int, str]]] = {}
    for path in sorted((root / "efter").rglob("*.py")):
        name = path.relative_to(root).as_posix()
        # every module, the data modules too: what reaches the screen from them is talk (the
        # demo's sentences, a template's error); their label pairs are data, not headings
        hits = [
            (line, text) for line, text in shown_words(path) if (name, text) not in SHOWN_ENGLISH
        ]
        if name not in HEADING_DATA and not name.startswith(DATA_MODULES):
            hits += [(line, " | ".join(words)) for line, words in heading_lists(path)]
        if hits:
            found[name] = hits
    return found


def test_every_word_shown_goes_through_the_catalog():
    """Not only sentences: a heading, a single word or a fragment that prints is looked up."""
    found = _shown_sources()
    assert found == {}, "English shown outside t(): wrap it (or mark a heading list with N_())"
    root = Path(__file__).resolve().parent.parent
    stale = sorted(
        (name, text)
        for name, text in SHOWN_ENGLISH
        if not any(hit == text for _, hit in shown_words(root / name))
    )
    assert stale == [], f"no longer in the code: take them off SHOWN_ENGLISH: {stale}"


def test_the_word_scan_sees_a_heading_and_a_word(tmp_path: Path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def f(row, rows):\n"
        '    say(t("Looked up."))\n'
        "    say(f\"  sub-goal of {row['parent']}: \")\n"
        '    table(["ID", "Name"], [[r["id"], "yes" if r["x"] else ""] for r in rows])\n'
        '    raise InvalidInput(field="born", problem=t("wrong"), fix="check it")\n'
        '    head = ["Cohort", "Planned end"]\n'
        '    marked = [N_("Cohort"), N_("Planned end")]\n'
        '    say("--force")\n'
        '    fields([("Retired", row["retired"] or "no")])\n',
        encoding="utf-8",
    )
    assert shown_words(sample) == [
        (3, "  sub-goal of "), (4, "yes"), (5, "check it"), (9, "no")
    ]  # fmt: skip
    assert heading_lists(sample) == [(6, ["Cohort", "Planned end"])]


if __name__ == "__main__":  # python -m tests.test_i18n: the sentences and words still to wrap
    for name, hits in _sources().items():
        for line, text in hits:
            print(f"{name}:{line}: {text!r}")
    for name, shown in _shown_sources().items():
        for line, text in shown:
            print(f"{name}:{line}: {text!r}")


# ---------------------------------------------------------------------------------------------
# The same commands in both languages, whole outputs compared

EXPECTED = {
    "en": {
        "born": "Error: --born: '31-02-2010' does not exist (February 2010 has no day 31): write it "
        "as YYYY-MM-DD (2026-03-14) or DD-MM-YYYY (14-03-2026).\n",
        "usage": "Usage: efter youth add [OPTIONS] {name}\nTry 'efter youth add --help' for help."
        "\n\nError: Missing argument 'name'.\n",
        "import": "line 2, column fødselsdato: '2009-13-01' does not exist (there is no month 13); "
        "write it as YYYY-MM-DD (2026-03-14) or DD-MM-YYYY (14-03-2026)\n"
        "line 3, column navn: the name is empty; give the young person's name\n"
        "Nothing was imported from unge.csv: 2 problems (2 of 2 rows rejected). Correct the "
        "file and import it again.\n",
        "due": "Meetings until 2026-12-12\n"
        "ID   When               Young person                Place\n"
        "────────────────────────────────────────────────────────────\n"
        "1    2026-12-03 14:00   Sara Nørgaard (2025-0412)\n"
        "\n"
        "Agreements due until 2026-12-12\n"
        "ID   Due          Young person                What      Owner\n"
        "───────────────────────────────────────────────────────────────────────────────\n"
        "1    2026-11-20   Sara Nørgaard (2025-0412)   Søge SU   Sara Nørgaard   OVERDUE\n"
        "\n\n\n",
        "due talk": "Every active young person has a meeting planned in the next six months.\n"
        "No statutory dates or deadlines until 2027-02-26, and no deadline missed.\n"
        "Every signed contract matches the case.\n"
        "1 overdue.\n",
    },
    "da": {
        "born": "Fejl i --born: '31-02-2010' findes ikke (februar 2010 har ingen dag 31); skriv den "
        "som ÅÅÅÅ-MM-DD (2026-03-14) eller DD-MM-ÅÅÅÅ (14-03-2026).\n",
        "usage": "Brug: efter youth add [OPTIONS] {name}\nSkriv 'efter youth add --help' for at få "
        "hjælp.\n\nFejl: Argumentet 'name' mangler.\n",
        "import": "linje 2, kolonne fødselsdato: '2009-13-01' findes ikke (der er ingen måned 13); "
        "skriv den som ÅÅÅÅ-MM-DD (2026-03-14) eller DD-MM-ÅÅÅÅ (14-03-2026)\n"
        "linje 3, kolonne navn: navnet er tomt; skriv den unges navn\n"
        "Intet er importeret fra unge.csv: 2 problemer (2 af 2 rækker afvist). Ret filen, og "
        "importér den igen.\n",
        "due": "Møder til og med 12. december 2026\n"
        "ID   Hvornår            Ung                         Sted\n"
        "───────────────────────────────────────────────────────────\n"
        "1    2026-12-03 14:00   Sara Nørgaard (2025-0412)\n"
        "\n"
        "Aftaler med frist til og med 12. december 2026\n"
        "ID   Frist        Ung                         Hvad      Ansvarlig\n"
        "────────────────────────────────────────────────────────────────────────────────────\n"
        "1    2026-11-20   Sara Nørgaard (2025-0412)   Søge SU   Sara Nørgaard   OVER FRISTEN\n"
        "\n\n\n",
        "due talk": "Alle aktive unge har et møde planlagt inden for de næste seks måneder.\n"
        "Ingen lovbestemte datoer eller frister til og med 26. februar 2027 og ingen overskredne frister.\n"
        "Alle underskrevne kontrakter passer med sagen.\n"
        "Over fristen: 1.\n",
    },
}


@pytest.mark.parametrize("language", ["en", "da"])
def test_the_same_commands_in_both_languages(
    run: Run, casefile: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, language: str
):
    expected = EXPECTED[language]
    monkeypatch.setenv("EFTER_LANG", language)
    born = run("youth", "add", "Sara Nørgaard", "--born", "31-02-2010")
    assert (born.exit_code, born.stdout, born.stderr) == (1, "", expected["born"])
    usage = run("youth", "add")
    assert (usage.exit_code, usage.stderr) == (2, expected["usage"])
    added = run(
        "youth", "add", "Sara Nørgaard", "--born", "2009-03-14", "--ref", "2025-0412",
        "--legal-basis", "bl46", "--placed-from", "2025-05-01", "--coordinator", "Mette",
    )  # fmt: skip
    assert added.exit_code == 0
    assert run("meeting", "plan", "2025-0412", "--at", "2026-12-03 14:00").exit_code == 0
    agreed = run(
        "agreement", "add", "2025-0412", "--what", "Søge SU", "--owner", "youth", "--due",
        "2026-11-20",
    )  # fmt: skip
    assert agreed.exit_code == 0
    monkeypatch.chdir(tmp_path)
    Path("unge.csv").write_text(BAD_IMPORT, encoding="utf-8")
    imported = run("import", "youth", "unge.csv")
    assert (imported.exit_code, imported.stdout, imported.stderr) == (1, "", expected["import"])
    due = run("due")
    assert (due.exit_code, due.stdout, due.stderr) == (0, expected["due"], expected["due talk"])


@pytest.mark.parametrize(
    ("argv", "sentence"),
    [
        (("youth", "nope"), "Fejl: Kommandoen 'nope' findes ikke.\n"),
        (
            ("youth", "list", "--limit", "x"),
            "Fejl: Ugyldig værdi for '--limit': 'x' er ikke et helt tal.\n",
        ),
        (("youth", "list", "--nope"), "Fejl: Tilvalget findes ikke: --nope"),
        (("youth", "add", "Sara", "extra"), "Fejl: Uventet ekstra argument (extra)\n"),
    ],
)
def test_usage_errors_in_danish(
    run: Run, monkeypatch: pytest.MonkeyPatch, argv: tuple[str, ...], sentence: str
):
    monkeypatch.setenv("EFTER_LANG", "da")
    result = run(*argv)
    assert result.exit_code == 2
    assert result.stderr.startswith("Brug: efter ")
    assert "Skriv 'efter " in result.stderr and "--help' for at få hjælp.\n" in result.stderr
    assert sentence in result.stderr


def test_words_in_a_danish_table_and_dates_in_a_danish_sentence(
    run: Run, casefile: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("EFTER_LANG", "da")
    added = run("programme", "add", "Vejen", "--kind", "model")
    assert (added.stdout, added.stderr) == (
        "1\n",
        "Programmet Vejen (samarbejdsmodel) er tilføjet.\n",
    )
    assert run("youth", "add", "Sara Nørgaard", "--born", "2009-03-14").exit_code == 0
    caseload = run("report", "caseload").stdout
    assert "(ingen koordinator)" in caseload and "(no coordinator)" not in caseload
    agreed = run(
        "agreement", "add", "1", "--what", "Søge SU", "--owner", "youth", "--due", "2027-01-20"
    )
    assert (
        agreed.stderr
        == "Aftale 1 for Sara Nørgaard (id 1): Sara Nørgaard, frist 20. januar 2027.\n"
    )
    assert agreed.stdout == "1\n"
    planned = run("meeting", "plan", "1", "--at", "2027-01-21 14:00")
    assert planned.stderr == (
        "Møde 1 (netværksmøde) for Sara Nørgaard (id 1) er planlagt den 21. januar 2027 kl. 14:00.\n"
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Error: TEXT: 30,000 characters, more than the 20,000 efter keeps: shorten it and "
         "try again.\n"),
        ("da", "Fejl i TEXT: 30.000 tegn, mere end de 20.000, efter gemmer; gør det kortere, og "
         "prøv igen.\n"),
    ],
)  # fmt: skip
def test_numbers_in_a_message_are_grouped_the_languages_way(
    run: Run, casefile: Path, monkeypatch: pytest.MonkeyPatch, language: str, expected: str
):
    assert run("youth", "add", "Sara Nørgaard", "--born", "2009-03-14").exit_code == 0
    monkeypatch.setenv("EFTER_LANG", language)
    result = run("note", "add", "1", "a" * 30_000)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", expected)


def test_a_count_in_danish_is_grouped_the_danish_way():
    from efter.cli.youth import showing

    i18n.use("da")
    try:
        assert showing(100, 12_345).startswith("Viser 100 af 12.345 unge: ")
    finally:
        i18n.use("en")
    assert showing(100, 12_345).startswith("Showing 100 of 12345 young people: ")
