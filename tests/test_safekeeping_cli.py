"""The safekeeping commands are listed, have help, and show in the demo."""

import subprocess
import sys
from pathlib import Path


def test_commands_are_listed_with_help(run):
    result = run("--help")
    for noun in ("audit", "backup", "restore", "doctor", "retention"):
        assert noun in result.stdout
    for args in (
        ("audit", "--help"),
        ("audit", "prune", "--help"),
        ("youth", "erase", "--help"),
        ("retention", "--help"),
        ("backup", "--help"),
        ("restore", "--help"),
        ("doctor", "--help"),
    ):
        help_text = run(*args)
        assert help_text.exit_code == 0, args
        assert "Usage:" in help_text.stdout
    assert "--passphrase" not in run("init", "--help").stdout


def test_demo_shows_a_backup_and_the_doctor(run, tmp_path):
    result = run("demo", "--dir", str(tmp_path / "demo"))
    assert result.exit_code == 0, result.stderr
    copies = list((tmp_path / "demo" / "backups").glob("casefile-*.db"))
    assert len(copies) == 1
    assert f"Backup copy: {copies[0]}\n" in result.stderr
    assert (
        "Doctor: the file is sound (encryption: The case file is not encrypted: anyone who gets "
        "the laptop's disk can read it.)\n"
    ) in result.stderr
    assert "audit --youth 2025-0412" in result.stderr


def test_help_does_not_load_the_heavy_modules():
    code = (
        "import sys; from efter.cli import app\n"
        "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('sqlcipher3', 'rich', 'dateutil') "
        "if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).parent
    )
    assert result.stdout.strip().splitlines()[-1] in ("[]", "['rich']"), result.stdout
