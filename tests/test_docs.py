"""The docs are true by test.

- Every ```console block in README.md and docs/tutorial.md is run, in order, as one session
  in a fresh home folder (no case file yet, EFTER_TODAY=2026-11-28 until a block exports
  another day), and each command's output must be what the block shows. A `$ ` line is a
  command (a line ending in `\\` continues it, a `<<'EOF'` here-document runs to its EOF
  line); the lines after it, up to the next command, are its stdout and stderr as they
  arrive. In the expected text `…` stands for any text within a line and a line of `...` for
  any number of lines. The home folder shows as `~`, and what changes from run to run is
  written `…` before comparing (VOLATILE: clock times, backup file stamps, keyed pseudonyms),
  so a rewritten block needs no hand editing.
- docs/reference.md is what `python -m tests.docs_reference` makes of the commands' --help.

EFTER_UPDATE_GOLDEN=1 rewrites, in place, the output of every command that no longer matches
(a command that still matches keeps its wildcards): read the diff before committing.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = ["README.md", "docs/tutorial.md"]
TODAY = "2026-11-28"
UPDATE = os.environ.get("EFTER_UPDATE_GOLDEN") == "1"
HEREDOC = re.compile(r"<<-?\s*'?\"?(\w+)'?\"?")
# What differs between two runs of the same commands: the real clock (audit lines, journal
# times), backup file names, and pseudonyms keyed by a secret made per case file.
VOLATILE = [
    (re.compile(r"\b\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\b"), "…"),
    (re.compile(r"\b(casefile-)\d{8}-\d{6}\b"), r"\1…"),
    (re.compile(r"\b([RPC]-)[0-9a-f]{12}\b"), r"\1…"),
]


class Command(NamedTuple):
    start: int  # index of the command's first line in the document's lines
    end: int  # index after its last expected output line
    text: str  # the shell command
    expected: list[str]


def parse(lines: list[str]) -> list[Command]:
    """The commands of every ```console block, in document order."""
    commands: list[Command] = []
    i = 0
    while i < len(lines):
        if lines[i].strip() != "```console":
            i += 1
            continue
        i += 1
        block_end = i
        while lines[block_end].strip() != "```":
            block_end += 1
        while i < block_end:
            if not lines[i].startswith("$ "):
                raise AssertionError(f"line {i + 1}: a console block starts with a '$ ' command")
            start = i
            text = [lines[i][2:]]
            i += 1
            while text[-1].endswith("\\") and i < block_end:
                text.append(lines[i])
                i += 1
            match = HEREDOC.search(text[0])
            if match:
                while i < block_end and lines[i] != match.group(1):
                    text.append(lines[i])
                    i += 1
                text.append(lines[i])
                i += 1
            expected = []
            while i < block_end and not lines[i].startswith("$ "):
                expected.append(lines[i])
                i += 1
            commands.append(Command(start, i, "\n".join(text), expected))
        i = block_end + 1
    return commands


def matches(expected: list[str], actual: list[str]) -> bool:
    parts = []
    for line in expected:
        if line == "...":
            parts.append(r"(?:[^\n]*\n)*?")
        else:
            pieces = [re.escape(piece) for piece in line.split("…")]
            parts.append("[^\n]*?".join(pieces) + r"\n")
    pattern = "".join(parts)
    return re.fullmatch(pattern, "".join(line + "\n" for line in actual)) is not None


WRAPPER = """\
exec 2>&1
(exit "$EFTER_DOCS_RC")
{command}
rc=$?
env -0 > "$EFTER_DOCS_STATE/env"
pwd > "$EFTER_DOCS_STATE/cwd"
exit $rc
"""


class Session:
    """A shell session in a fresh home folder: each command runs in its own bash, with the
    environment, working folder and exit status the one before left."""

    def __init__(self, tmp: Path) -> None:
        self.home = tmp / "home"
        self.home.mkdir()
        self.state = tmp / "state"
        self.state.mkdir()
        # The commands' own examples, as in a checkout.
        (self.home / "examples").symlink_to(ROOT / "examples")
        bindir = str(Path(sys.executable).parent)
        self.env = {
            "PATH": f"{bindir}:/usr/local/bin:/usr/bin:/bin",
            "HOME": str(self.home),
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "TZ": "Europe/Copenhagen",
            "EFTER_TODAY": TODAY,
            "NO_COLOR": "1",
            "COLUMNS": "100",
            "TERM": "dumb",
            "USER": "mette",
            "LOGNAME": "mette",
        }
        self.cwd = str(self.home)
        self.rc = 0

    def run(self, command: str) -> list[str]:
        env = dict(self.env, EFTER_DOCS_RC=str(self.rc), EFTER_DOCS_STATE=str(self.state))
        done = subprocess.run(
            ["bash", "-c", WRAPPER.format(command=command)],
            cwd=self.cwd,
            env=env,
            stdout=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            timeout=300,
        )
        self.rc = done.returncode
        saved = (self.state / "env").read_bytes().decode()
        if saved:
            pairs = (item.partition("=") for item in saved.split("\0") if item)
            self.env = {
                key: value
                for key, _, value in pairs
                if key not in {"PWD", "OLDPWD", "SHLVL", "_"} and not key.startswith("EFTER_DOCS")
            }
            self.cwd = (self.state / "cwd").read_text().strip()
            (self.state / "env").write_bytes(b"")
        text = done.stdout.decode("utf-8", "replace").replace(str(self.home), "~")
        for pattern, replacement in VOLATILE:
            text = pattern.sub(replacement, text)
        return [line.rstrip() for line in text.splitlines()]


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash runs the console blocks")
@pytest.mark.parametrize("name", DOCUMENTS)
def test_console_blocks_run_as_shown(name: str, tmp_path: Path) -> None:
    path = ROOT / name
    lines = path.read_text(encoding="utf-8").split("\n")
    commands = parse(lines)
    assert commands, f"{name} has no console block"
    session = Session(tmp_path)
    wrong: list[tuple[Command, list[str]]] = []
    for command in commands:
        actual = session.run(command.text)
        if not matches([line.rstrip() for line in command.expected], actual):
            wrong.append((command, actual))
    if wrong and UPDATE:
        for command, actual in reversed(wrong):
            lines[command.start + command.text.count("\n") + 1 : command.end] = actual
        path.write_text("\n".join(lines), encoding="utf-8")
        return
    report = []
    for command, actual in wrong[:5]:
        report.append(
            f"{name} line {command.start + 1}: $ {command.text}\n"
            + "--- shown\n"
            + "\n".join(command.expected)
            + "\n+++ now\n"
            + "\n".join(actual)
        )
    assert not wrong, (
        f"{len(wrong)} command(s) in {name} print something else "
        "(EFTER_UPDATE_GOLDEN=1 rewrites them):\n\n" + "\n\n".join(report)
    )


def test_parse_reads_commands_continuations_and_heredocs() -> None:
    lines = [
        "text",
        "```console",
        "$ efter youth add A \\",
        "    --ref 1",
        "Enrolled",
        "1",
        "$ cat > f.csv <<'EOF'",
        "a;b",
        "EOF",
        "$ efter path",
        "```",
    ]
    commands = parse(lines)
    assert [c.text for c in commands] == [
        "efter youth add A \\\n    --ref 1",
        "cat > f.csv <<'EOF'\na;b\nEOF",
        "efter path",
    ]
    assert [c.expected for c in commands] == [["Enrolled", "1"], [], []]


def test_volatile_text_is_written_as_an_ellipsis() -> None:
    text = "2026-12-05 07:48:33   mette   casefile-20261204-074954.db R-f5694d30ee6f 14:00"
    for pattern, replacement in VOLATILE:
        text = pattern.sub(replacement, text)
    assert text == "…   mette   casefile-….db R-… 14:00"


def test_wildcards_match_within_a_line_and_across_lines() -> None:
    assert matches(["Time …  root"], ["Time 09:51:59  root"])
    assert not matches(["Time …  root"], ["Time 09:51:59  other"])
    assert matches(["a", "...", "z"], ["a", "b", "c", "z"])
    assert matches(["a", "...", "z"], ["a", "z"])
    assert not matches(["a"], ["a", "b"])


def test_reference_is_up_to_date() -> None:
    from tests import docs_reference

    made = docs_reference.text()
    current = docs_reference.REFERENCE.read_text(encoding="utf-8")
    assert current == made, (
        "docs/reference.md is out of date: run 'python -m tests.docs_reference' "
        "and commit the result."
    )


def test_readme_is_a_quick_start() -> None:
    size = len((ROOT / "README.md").read_bytes())
    assert size < 15_000, f"README.md is {size:,} bytes: move detail into docs/"


def test_decisions_are_written_for_a_reader_who_never_saw_an_issue() -> None:
    # The decision log says what was decided and why, not which ticket asked for it.
    named = {
        path.name: found
        for path in sorted((ROOT / "docs" / "decisions").glob("*.md"))
        if (
            found := re.findall(r"\bissues?\s+#?\d+|#\d+\b", path.read_text(encoding="utf-8"), re.I)
        )
    }
    assert named == {}, f"say what and why instead of the issue number: {named}"
