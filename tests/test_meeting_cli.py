"""Every meeting, goal, agreement and due command has help, and start-up stays light."""

import subprocess
import sys
from typing import Any

import pytest

COMMANDS = [
    ("meeting", "plan"), ("meeting", "list"), ("meeting", "show"), ("meeting", "held"),
    ("meeting", "amend"), ("meeting", "cancel"),
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


def test_example_script_runs(tmp_path: Any) -> None:
    """examples/meetings.sh: the README's year of meetings, end to end, with the installed efter."""
    import os
    import shutil
    from pathlib import Path

    script = Path(__file__).parent.parent / "examples" / "meetings.sh"
    efter = Path(sys.executable).parent / "efter"
    if shutil.which("bash") is None or not efter.exists():
        pytest.fail("bash and the installed efter command are needed to run examples/meetings.sh")
    env = {
        **os.environ,
        "PATH": f"{efter.parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "TMPDIR": str(tmp_path),
        "NO_COLOR": "1",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    env.pop("EFTER_DB", None)
    result = subprocess.run(
        ["bash", str(script)], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout + result.stderr
    assert "(efter due --check exited 1: something is overdue)" in out
    assert "Wrote 3 meetings to moeder.ics" in out
    folder = Path(result.stdout.strip().splitlines()[-1].removeprefix("Everything is in "))
    assert sorted(p.name for p in folder.iterdir() if p.suffix in (".html", ".ics")) == [
        "aftaleskema.html", "dagsorden.html", "moedenotat.html", "moeder.ics",
    ]  # fmt: skip
