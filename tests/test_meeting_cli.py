"""Every meeting, goal, agreement and due command has help, and start-up stays light."""

import subprocess
import sys
from typing import Any

import pytest

COMMANDS = [
    ("meeting", "plan"), ("meeting", "list"), ("meeting", "held"), ("meeting", "cancel"),
    ("meeting", "no-show"), ("meeting", "move"), ("meeting", "apologies"),
    ("meeting", "agenda"), ("meeting", "minutes"), ("meeting", "form"), ("meeting", "ics"),
    ("goal", "add"), ("goal", "list"), ("goal", "status"),
    ("agreement", "add"), ("agreement", "list"), ("agreement", "done"), ("agreement", "move"),
    ("agreement", "drop"), ("due",),
]  # fmt: skip


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help(run: Any, command: tuple[str, ...]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0
    summary = result.stdout.split("\n\n")[1].strip()
    assert len(summary) > 20, summary


def test_help_does_not_load_scheduling_or_calendar_libraries() -> None:
    code = (
        "import sys\n"
        "from efter.cli import app\n"
        "try:\n"
        "    app(['meeting', '--help'], prog_name='efter')\n"
        "except SystemExit:\n"
        "    pass\n"
        "loaded = [m for m in ('holidays', 'icalendar', 'jinja2', 'dateutil', 'markdown_it')"
        " if m in sys.modules]\n"
        "print(loaded, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stderr.strip() == "[]"
