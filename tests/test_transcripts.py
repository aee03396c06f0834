"""Every command in both languages, whole outputs compared (issue 19: "the test suite runs its
command-line tests in both languages where output is compared").

One coordinator's session, run twice on a new case file, once with EFTER_LANG=en and once with
EFTER_LANG=da: every command of efter's tree with valid arguments (its normal output), the
mistakes a day holds (a wrong date, an unknown young person, a usage mistake, a bad import, a
closed case, a meeting in the past, ...), `due` and every report as a table, as CSV and as
JSON. Each run is written down as a transcript (the command line, its exit code, its stdout and
its stderr, line by line) and compared whole with its golden file,
tests/golden/transcripts/session.en.txt and session.da.txt: a change to any sentence, heading,
word in a table, date or number shows in both languages' diffs. `EFTER_UPDATE_GOLDEN=1`
rewrites them; read the diff before committing.

The English asserts of the other test modules stay as they are; this adds the Danish side of
everything they compare, and checks that the two transcripts are the same session: the same
commands with the same exit codes, the same --json (scripts rely on it), and no English in the
Danish one.
"""

import json
import re
import shlex
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.golden import assert_golden
from tests.test_audit_walk import RECIPES, command_paths
from tests.test_i18n import NOT_WORDS, TABLE_ENGLISH

# Documents (contracts, agendas, the sagsoverblik, ...) are written to {tmp} with --out: their
# words are the templates' (tests/golden/*.da.md and *.en.md), their confirmations are talk.
ROOT = Path(__file__).resolve().parent.parent  # the packaged templates, in a checkout
BAD_YOUTH = (
    "ref;navn;fødselsdato\n"
    "2025-0500;Ali Hassan;2009-13-01\n"
    "2025-0501;;2008-01-01\n"
    "R1;Anna Holm;2008-03-14\n"
)
GOOD_TEAM = "ref;rolle;navn;organisation\nR1;ungevejleder;Lars Vang;KUI Vejen\n"
MEASURES = "Sagsnr;Indsats;Udbyder;Fra\nR1;bostøtte;Bostøtten Vejen;01-10-2026\n"
MINUTES = "Anna fortalte om praktikken.\n"

SCRIPT: list[tuple[str, ...]] = [
    ("--help",),
    ("youth", "add", "--help"),
    ("init",),
    ("path",),
    ("config", "list"),
    ("config", "set", "caseload-limit", "25"),
    ("config", "set", "language", "fr"),
    # young people
    ("youth", "add", "Anna Holm", "--born", "31-02-2008"),
    ("report", "outcomes", "--to", "31-02-2026", "--json"),
    ("youth", "add", "Anna Holm", "--ref", "R1", "--born", "2008-03-14", "--legal-basis", "bl46",
     "--placed-from", "2024-05-01", "--coordinator", "Mette", "--start", "2025-09-01",
     "--municipality", "Vejen", "--phone", "12345678"),
    ("youth", "add", "Bo Berg", "--ref", "R2", "--born", "2007-05-02", "--start", "2025-01-01",
     "--coordinator", "Mette"),
    ("youth", "add", "Cille Dam", "--ref", "R1", "--born", "2009-01-01"),
    ("youth", "add"),
    ("youth", "add", "Dina Lund", "--born", "2010-01-01", "--phone", "123"),
    ("youth", "list"),
    ("youth", "list", "--limit", "x"),
    ("youth", "nope"),
    ("youth", "show", "R1"),
    ("youth", "show", "Kim"),
    ("youth", "show", "Kim", "--json"),
    ("youth", "edit", "R1", "--cohort", "Hold 3"),
    ("youth", "edit", "R1", "--born", "2008-02-30"),
    ("youth", "close", "R2", "--outcome", "job", "--date", "2026-01-31"),
    ("youth", "close", "R2", "--outcome", "job"),
    ("youth", "reopen", "R2"),
    ("youth", "close", "R2", "--outcome", "nowhere"),
    ("youth", "close", "R2", "--outcome", "job", "--date", "2026-01-31"),
    # the team, the network and the address book
    ("team", "add", "R1", "--role", "jobcenter", "--name", "Kim Lund",
     "--organisation", "Jobcenter Vejen", "--phone", "87654321"),
    ("team", "add", "R1", "--role", "rådgiver-ish", "--name", "Lis"),
    ("team", "add", "R1", "--role", "myndighedsrådgiver", "--name", "Peter Dam"),
    ("team", "list", "R1"),
    ("team", "set", "1", "--closeness", "close"),
    ("team", "edit", "1", "--email", "kim@vejen.dk"),
    ("team", "edit", "99", "--email", "kim@vejen.dk"),
    ("team", "history", "1"),
    ("network", "add", "R1", "--role", "mor", "--name", "Mette Holm"),
    ("network", "add", "R1", "--role", "far", "--name", "Ole Holm"),
    ("network", "list", "R1"),
    ("network", "set", "3", "--closeness", "middle"),
    ("network", "edit", "3", "--name", "Mette B. Holm"),
    ("network", "end", "4"),
    ("network", "history", "3"),
    ("person", "list"),
    ("person", "show", "1"),
    ("person", "edit", "Kim Lund", "--phone", "12 34 56 78"),
    ("team", "end", "2"),
    # meetings
    ("meeting", "plan", "R1", "--at", "2026-11-02 14:00", "--force"),
    ("meeting", "plan", "R1", "--at", "2026-11-29 10:00"),
    ("meeting", "plan", "R1", "--at", "2026-11-20 10:00"),
    ("meeting", "plan", "R1", "--at", "2026-12-32 10:00"),
    ("meeting", "plan", "R2", "--at", "2026-12-10 10:00"),
    ("meeting", "plan", "R1", "--at", "2026-11-20 10:00", "--force"),
    ("meeting", "plan", "R1", "--at", "2026-12-14 09:00", "--place", "Rådhuset"),
    ("meeting", "list"),
    ("meeting", "held", "1", "--attended", "youth,coordinator", "--minutes", "{tmp}/minutes.txt"),
    ("meeting", "held", "1", "--attended", "youth"),
    ("meeting", "show", "1"),
    ("meeting", "amend", "1", "--minutes", "{tmp}/minutes.txt"),
    ("meeting", "no-show", "3"),
    ("meeting", "move", "2", "--at", "2026-12-04 10:00"),
    ("meeting", "apologies", "2", "Kim Lund"),
    ("meeting", "edit", "2", "--place", "Jobcentret"),
    ("meeting", "history", "2"),
    ("meeting", "agenda", "2", "--out", "{tmp}/dagsorden.md"),
    ("meeting", "minutes", "1", "--out", "{tmp}/referat.md"),
    ("meeting", "form", "1", "--out", "{tmp}/skema.md"),
    ("meeting", "ics", "R1", "--out", "{tmp}/anna.ics"),
    ("meeting", "cancel", "4", "--reason", "Syg"),
    ("meeting", "show", "99"),
    # notes, goals, agreements
    ("note", "add", "R1", "Ringede til Anna om praktik."),
    ("note", "list", "R1"),
    ("note", "correct", "1", "Ringede til Anna om en praktikplads."),
    ("find", "praktik"),
    ("find", "Zebra"),
    ("goal", "add", "R1", "--text", "Finde en praktikplads", "--area", "uddannelse"),
    ("goal", "add", "R1", "--text", "Egen bolig", "--area", "månen"),
    ("goal", "status", "1", "achieved"),
    ("goal", "edit", "1", "--text", "Finde en læreplads"),
    ("goal", "list", "R1"),
    ("goal", "history", "1"),
    ("agreement", "add", "R1", "--what", "Søge tre praktikpladser", "--owner", "youth",
     "--due", "2026-11-20"),
    ("agreement", "add", "R1", "--what", "Ringe til SU", "--owner", "coordinator",
     "--due", "2026-12-15"),
    ("agreement", "add", "R1", "--what", "Ringe", "--owner", "nobody", "--due", "2026-12-15"),
    ("agreement", "list"),
    ("agreement", "list", "--all"),
    ("agreement", "move", "2", "--due", "2027-01-15"),
    ("agreement", "edit", "2", "--what", "Ringe til SU om lån"),
    ("agreement", "history", "2"),
    ("due",),
    ("due", "--within", "60"),
    ("due", "--json"),
    ("agreement", "done", "2"),
    ("agreement", "done", "2"),
    ("agreement", "add", "R1", "--what", "Købe cykel", "--owner", "youth", "--due", "2026-12-20"),
    ("agreement", "drop", "3", "--reason", "Ikke relevant"),
    ("meeting", "plan", "R1", "--at", "2026-11-25 10:00", "--force"),
    ("meeting", "held", "5", "--attended", "youth", "--moved", "1=2027-02-01"),
    ("meeting", "show", "5"),
    # life areas and ratings
    ("areas", "list"),
    ("areas", "show", "bolig"),
    ("areas", "add", "transport", "--da", "Transport", "--en", "Getting around"),
    ("areas", "rename", "transport", "--da", "Transport og kørekort"),
    ("areas", "scale", "transport", "1", "--da", "Kan ikke komme rundt alene"),
    ("areas", "scale", "transport", "9", "--da", "Flyver"),
    ("areas", "retire", "transport"),
    ("rate", "R1", "uddannelse=2", "bolig=3", "--phase", "start", "--date", "2025-09-15"),
    ("rate", "R1", "uddannelse=4", "bolig=7", "--phase", "end"),
    ("rate", "R1", "uddannelse=3", "--phase", "meeting", "--date", "2026-11-02"),
    ("ratings", "R1"),
    ("status", "R1", "--education", "preparatory", "--work", "none", "--from", "2025-09-01"),
    ("status", "R1"),
    # consent and measures
    ("consent", "give", "R1", "--to", "Kim Lund", "--about", "uddannelse"),
    ("consent", "give", "R1", "--to", "Mette B. Holm", "--about", "helbred"),
    ("consent", "list", "R1"),
    ("consent", "withdraw", "1"),
    ("measure", "add", "R1", "mentor", "--from", "2025-09-01"),
    ("measure", "add", "R1", "rumraket"),
    ("measure", "list", "R1"),
    ("measure", "end", "1"),
    # statutory dates
    ("deadline", "list", "R1"),
    ("deadline", "met", "R1", "ungeplan", "--date", "2026-03-01"),
    ("deadline", "met", "R1", "ungeplan", "--date", "2027-03-01"),
    ("deadline", "clear", "R1", "ungeplan"),
    # contracts and documents
    ("contract", "render", "R1", "--out", "{tmp}/kontrakt.md"),
    ("contract", "save", "R1"),
    ("contract", "save", "R1"),
    ("contract", "list", "R1"),
    ("contract", "show", "1", "--out", "{tmp}/kontrakt-1.md"),
    ("contract", "diff", "1"),
    ("contract", "signed", "1"),
    ("document", "consent", "R1", "--out", "{tmp}/samtykke.md"),
    ("document", "network-map", "R1", "--out", "{tmp}/netvaerkskort.md"),
    ("document", "measures", "R1", "--out", "{tmp}/indsatser.md"),
    ("document", "network-overview", "R1", "--out", "{tmp}/netvaerk.md"),
    ("document", "dialogue", "R1", "--out", "{tmp}/dialog.md"),
    ("document", "meeting-checklist", "R1", "--out", "{tmp}/tjekliste.md"),
    ("document", "consent", "R1", "--out", "{tmp}/samtykke.md"),
    ("template", "list"),
    ("template", "show", "consent"),
    ("template", "copy", "consent"),
    ("template", "copy", "consent"),
    # programmes
    ("programme", "add", "EMPOWER4U", "--kind", "supplement"),
    ("programme", "add", "EMPOWER 4U", "--kind", "supplement"),
    ("programme", "price", "EMPOWER4U", "29500"),
    ("programme", "price", "EMPOWER4U", "tredive"),
    ("programme", "cohort", "EMPOWER4U", "Hold 1", "--start", "2026-01-05", "--end", "2027-06-30"),
    ("programme", "join", "R1", "EMPOWER4U", "--cohort", "Hold 1", "--from", "2026-01-05"),
    ("programme", "edit", "EMPOWER4U", "--weeks", "78"),
    ("programme", "list"),
    ("programme", "show", "EMPOWER4U"),
    ("programme", "cohorts"),
    ("programme", "periods", "R1"),
    ("programme", "leave", "R1", "EMPOWER4U", "--date", "2026-11-01"),
    # files in and out
    ("export", "template", "team", "--out", "{tmp}/team-skabelon.csv"),
    ("import", "youth", "{tmp}/unge.csv"),
    ("import", "team", "{tmp}/team.csv", "--dry-run"),
    ("import", "team", "{tmp}/team.csv"),
    ("import", "team", "{tmp}/findes-ikke.csv"),
    ("import", "measures", "{tmp}/indsatser.csv", "--dry-run"),
    ("export", "youth", "--out", "{tmp}/unge-ud.csv"),
    ("export", "youth", "--out", "{tmp}/unge-ud.csv"),
    ("case", "export", "R1", "--out", "{tmp}/anna.efter"),
    ("case", "import", "{tmp}/anna.efter"),
    ("case", "import", "{tmp}/anna.efter", "--as-ref", "R1-kopi"),
    # the reports, in every way out
    ("report", "caseload"),
    ("report", "caseload", "--json"),
    ("report", "progress"),
    ("report", "outcomes"),
    ("report", "outcomes", "--share"),
    ("report", "meetings"),
    ("report", "meetings", "--from", "2026-12-01", "--to", "2026-01-01"),
    ("report", "agreements"),
    ("report", "agreements", "--csv"),
    ("report", "deadlines"),
    ("report", "deadlines", "--json"),
    ("report", "outcomes", "--format", "md", "--out", "{tmp}/resultater.md"),
    # the case file itself
    ("youth", "handover", "R1", "--to", "Jonas Berg", "--out", "{tmp}/noter"),
    ("youth", "summary", "R1", "--out", "{tmp}/sagsoverblik.md"),
    ("doctor",),
    ("backup", "{tmp}/kopi.db"),
    ("backup", "{tmp}/kopi.db"),
    ("retention", "--closed-before", "2026-06-01", "--dry-run"),
    ("youth", "erase", "R2"),
    ("youth", "erase", "R2", "--yes"),
    ("youth", "show", "R2"),
    ("restore", "{tmp}/kopi.db", "--yes"),
    ("youth", "show", "R2"),
    ("audit", "--youth", "R1", "--since", "2026-11-28"),
    ("audit", "prune", "--before", "2026-01-01"),
    ("youth", "list", "--all"),
    # the demo: a case file of its own, every kind of record, and what it prints
    ("demo", "--dir", "{tmp}/demo"),
]  # fmt: skip

# Every command that takes a young person or a record, given one that does not exist: the
# not-found sentence of each, in both languages (the recipes of tests/test_audit_walk.py).
UNKNOWN: list[tuple[str, ...]] = [
    (*path.split(), "R9" if args[0] == "R1" else "99", *args[1:])
    for path, (args, _) in RECIPES.items()
    if args and (args[0] == "R1" or args[0].isdigit())
]
SCRIPT += UNKNOWN

# Commands that are not in the session, each with the reason (a new command fails
# test_every_command_is_in_the_session until it is given a line above or a reason here).
NOT_IN_SESSION = {
    "register init": "PostgreSQL only (tests/test_register.py)",
    "register coordinator add": "PostgreSQL only (tests/test_register.py)",
    "register coordinator list": "PostgreSQL only (tests/test_register.py)",
    "youth share": "PostgreSQL only (tests/test_register.py)",
    "register vacuum": "PostgreSQL only (tests/test_register_erasure.py)",
    "register ledger": "PostgreSQL only (tests/test_register_erasure.py)",
    "register erase-again": "PostgreSQL only (tests/test_register_erasure.py)",
    "register push": "PostgreSQL only (tests/test_checkout.py)",
    "register checkout": "PostgreSQL only (tests/test_checkout.py)",
    "register checkin": "PostgreSQL only (tests/test_checkout.py)",
    "register checkouts": "PostgreSQL only (tests/test_checkout.py)",
    "register release": "PostgreSQL only (tests/test_checkout.py)",
}

# What differs between two runs and is not efter's words: the folder the test runs in, the
# audit log's real clock and a backup's time, the machine's user, and this checkout's folder.
_CLOCK = re.compile(r"\b20\d\d-\d\d-\d\d \d\d:\d\d:\d\d\b|\b20\d{6}-\d{6}\b")


def transcript(run: Run, tmp: Path) -> str:
    """The session run once, written down: each command line, its stdout (indented), its
    stderr (after '! ') and its exit code."""
    import getpass

    (tmp / "minutes.txt").write_text(MINUTES, encoding="utf-8")
    (tmp / "unge.csv").write_text(BAD_YOUTH, encoding="utf-8")
    (tmp / "team.csv").write_text(GOOD_TEAM, encoding="utf-8")
    (tmp / "indsatser.csv").write_text(MEASURES, encoding="utf-8")
    user = getpass.getuser()

    def normal(text: str) -> str:
        text = text.replace(str(tmp), "{tmp}").replace(str(ROOT), "<efter>")
        if "<efter>" in text:  # a table of paths is as wide as this checkout's folder
            text = re.sub(r"─{10,}", "─" * 10, text)
        text = _CLOCK.sub("<time>", text)
        return re.sub(rf"(?<=[ (]){re.escape(user)}(?=[ )\n])", "<user>", text)

    lines: list[str] = []
    for step in SCRIPT:
        argv = [part.replace("{tmp}", str(tmp)) for part in step]
        result = run(*argv)
        command = "efter " + shlex.join(step)
        lines.append(f"$ {command}")
        lines.extend(f"  {line}".rstrip() for line in normal(result.stdout).splitlines())
        lines.extend(f"! {line}".rstrip() for line in normal(result.stderr).splitlines())
        lines.append(f"[exit {result.exit_code}]")
        lines.append("")
    return "\n".join(lines)


@pytest.fixture
def session(
    run: Run, casefile: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> tuple[Run, Path]:
    monkeypatch.chdir(tmp_path)
    return run, tmp_path


@pytest.mark.laptop_only(
    "one transcript per language; the register's own outputs are tested in "
    "test_register.py and the session's commands run there in test_i18n.py"
)
@pytest.mark.parametrize("language", ["en", "da"])
def test_the_session_in_each_language(
    session: tuple[Run, Path], monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    run, tmp = session
    monkeypatch.setenv("EFTER_LANG", language)
    assert_golden(f"transcripts/session.{language}.txt", transcript(run, tmp))


def _golden(language: str) -> str:
    return (Path(__file__).parent / "golden" / "transcripts" / f"session.{language}.txt").read_text(
        encoding="utf-8"
    )


def _steps(text: str) -> list[tuple[str, str, list[str]]]:
    """(command line, exit line, stdout lines) of each step of a transcript."""
    steps: list[tuple[str, str, list[str]]] = []
    command, out = "", []
    for line in text.splitlines():
        if line.startswith("$ "):
            command, out = line, []
        elif line.startswith("  ") or line == "":
            out.append(line[2:])
        elif line.startswith("[exit "):
            steps.append((command, line, out))
    return steps


def test_both_transcripts_are_the_same_session() -> None:
    """The same commands with the same exit codes, and --json and CSV the same bytes: only
    what a person reads is translated (the goldens are compared with the runs above)."""
    english, danish = _steps(_golden("en")), _steps(_golden("da"))
    assert [(c, code) for c, code, _ in danish] == [(c, code) for c, code, _ in english]
    for (command, _, out_en), (_, _, out_da) in zip(english, danish, strict=True):
        if "--json" in command and any(out_en):  # (a failure's JSON is on stderr, in words)
            assert json.loads("\n".join(out_da)) == json.loads("\n".join(out_en)), command


# Steps of the session whose output holds English by design, each with the reason.
ENGLISH_BY_DESIGN = {
    "$ efter areas list": "the areas' English names are data (the column 'Engelsk')",
    "$ efter areas show bolig": "the area's English name and scale are data",
    "$ efter audit --youth R1 --since 2026-11-28": "the last column is the command, by name",
    "$ efter report agreements --csv": "CSV for scripts: keys and codes, as --json",
}


def _command_lines() -> re.Pattern[str]:
    """An efter command line quoted in a sentence ("(efter consent list)", "  efter --db F due"):
    its command and option names are English by design (it is copied, not read)."""
    nouns = sorted({path.split()[0] for path in command_paths()}, key=len, reverse=True)
    return re.compile(rf"\befter (--db \S+ )?({'|'.join(map(re.escape, nouns))})\b[^)]*")


def test_the_danish_transcript_has_no_english() -> None:
    found = []
    command = ""
    commands = _command_lines()
    for line in _golden("da").splitlines():
        if line.startswith("$ "):
            command = line  # command and option names are English by design
            continue
        if command in ENGLISH_BY_DESIGN:
            continue
        text = line[2:]  # the output as printed, without the transcript's "  " or "! "
        words = re.findall(r"[^\W\d_]+", NOT_WORDS.sub(" ", commands.sub(" ", text)))
        if any(word.lower() in TABLE_ENGLISH for word in words):
            found.append(f"{command}: {line}")
    assert found == []


def test_every_command_is_in_the_session() -> None:
    """A new command fails here until it has a line in SCRIPT (its output in both
    languages) or a reason in NOT_IN_SESSION."""
    ran = {
        path
        for path in command_paths()
        for step in SCRIPT
        if " ".join(step[: len(path.split())]) == path
    }
    missing = sorted(set(command_paths()) - ran - set(NOT_IN_SESSION))
    assert missing == []
    assert sorted(set(NOT_IN_SESSION) - set(command_paths())) == []


def test_the_session_has_its_mistakes_and_every_report() -> None:
    english = _steps(_golden("en"))
    unknown = {"$ efter " + shlex.join(step) for step in UNKNOWN}
    assert len(unknown) > 50
    assert {code for command, code, _ in english if command in unknown} == {"[exit 1]"}
    codes = [code for _, code, _ in english]
    assert codes.count("[exit 1]") >= 25 and codes.count("[exit 2]") >= 2
    reports = {c.split()[3] for c, code, _ in english if c.startswith("$ efter report ")}
    assert reports == {"caseload", "progress", "outcomes", "meetings", "agreements", "deadlines"}
