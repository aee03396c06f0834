"""Issue 14 item 8: every --out writes a new private file atomically, refuses symlinks and
special files, and replaces an existing file only with --force (or a 'y' on a terminal)."""

import os
import stat
from pathlib import Path

import pytest
from conftest import snapshot


@pytest.fixture
def case(run, casefile):
    assert run("youth", "add", "Anna Holm", "--born", "2009-03-14", "--ref", "A1").exit_code == 0
    assert run("meeting", "plan", "A1", "--at", "2027-01-14 14:00").exit_code == 0
    assert run("rate", "A1", "bolig=3", "--phase", "start").exit_code == 0
    return casefile


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# (command before --out, a file name it writes)
WRITERS = [
    (["document", "consent", "A1"], "samtykke.md"),
    (["contract", "render", "A1"], "kontrakt.md"),
    (["meeting", "agenda", "1"], "dagsorden.md"),
    (["meeting", "ics", "A1"], "møder.ics"),
    (["report", "outcomes"], "udfald.md"),
    (["ratings", "A1", "--doc"], "status.md"),
    (["export", "youth"], "unge.csv"),
]
IDS = [" ".join(args[:2]) for args, _ in WRITERS]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".efter-tmp"))


@pytest.mark.parametrize(("args", "name"), WRITERS, ids=IDS)
def test_a_new_out_file_is_private(run, case, tmp_path, args, name):
    out = tmp_path / name
    os.umask(0o022)
    result = run(*args, "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert out.stat().st_size > 0
    assert mode(out) == 0o600
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(("args", "name"), WRITERS, ids=IDS)
def test_an_existing_file_needs_force(run, case, tmp_path, args, name):
    out = tmp_path / name
    out.write_text("old content\n")
    os.chmod(out, 0o644)
    before = snapshot(case)
    result = run(*args, "--out", str(out))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {out} exists already: add --force to replace it, or give another file.\n"
    )
    assert out.read_text() == "old content\n"
    assert snapshot(case) == before  # refused before anything was read or recorded
    result = run(*args, "--out", str(out), "--force")
    assert result.exit_code == 0, result.stderr
    assert out.read_text(encoding="utf-8", errors="replace") != "old content\n"
    assert mode(out) == 0o600  # the old 0644 is not kept
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(("args", "name"), WRITERS, ids=IDS)
def test_a_symlink_is_refused(run, case, tmp_path, args, name):
    target = tmp_path / "elsewhere.txt"
    target.write_text("not yours to write\n")
    link = tmp_path / name
    link.symlink_to(target)
    for extra in ([], ["--force"]):
        result = run(*args, "--out", str(link), *extra)
        assert result.exit_code == 1
        assert result.stderr == (
            f"Error: {link} is a symbolic link: efter writes only real files; give the "
            "file's own path.\n"
        )
    assert target.read_text() == "not yours to write\n"
    assert link.is_symlink()


@pytest.mark.parametrize(("args", "name"), WRITERS, ids=IDS)
def test_a_special_file_is_refused(run, case, tmp_path, args, name):
    fifo = tmp_path / name
    os.mkfifo(fifo)
    result = run(*args, "--out", str(fifo), "--force")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {fifo} is a special file (a device, pipe or socket), not a file efter may "
        "write: give the path of a file.\n"
    )
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_character_device_is_never_replaced(run, case):
    """As root, --out /dev/null once replaced the device with a CSV of CPR numbers."""
    result = run("export", "youth", "--out", "/dev/null", "--force")
    assert result.exit_code == 1
    assert "is a special file" in result.stderr
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


def test_a_terminal_is_asked_before_replacing(run, case, tmp_path, monkeypatch):
    from efter.cli import ask

    out = tmp_path / "samtykke.md"
    out.write_text("old\n")
    monkeypatch.setattr(ask, "interactive", lambda: True)
    result = run("document", "consent", "A1", "--out", str(out), input="n\n")
    assert result.exit_code == 1
    assert out.read_text() == "old\n"
    result = run("document", "consent", "A1", "--out", str(out), input="y\n")
    assert result.exit_code == 0, result.stderr
    assert "exists: replace it" in result.stderr
    assert out.read_text() != "old\n"


def test_contract_render_all_checks_every_file_first(run, case, tmp_path):
    folder = tmp_path / "kontrakter"
    assert run("contract", "render", "--all", "--out", str(folder)).exit_code == 0
    written = sorted(folder.iterdir())
    assert written and all(mode(p) == 0o600 for p in written)
    assert mode(folder) == 0o700
    written[0].write_text("signed copy\n")
    result = run("contract", "render", "--all", "--out", str(folder))
    assert result.exit_code == 1
    assert "exist already" in result.stderr and "--force" in result.stderr
    assert written[0].read_text() == "signed copy\n"
    assert run("contract", "render", "--all", "--out", str(folder), "--force").exit_code == 0
    assert written[0].read_text() != "signed copy\n"


def test_export_all_csv_checks_every_file_first(run, case, tmp_path):
    folder = tmp_path / "eksport"
    assert run("export", "all", "--out", str(folder)).exit_code == 0
    youth = folder / "youth.csv"
    youth.write_text("mine\n")
    result = run("export", "all", "--out", str(folder))
    assert result.exit_code == 1
    assert youth.read_text() == "mine\n"
    assert run("export", "all", "--out", str(folder), "--force").exit_code == 0
    assert mode(youth) == 0o600


@pytest.mark.laptop_only("efter backup copies the case file")
def test_backup_refuses_symlinks_and_replaces_only_with_force(run, case, tmp_path):
    target = tmp_path / "somewhere.db"
    target.write_text("x")
    link = tmp_path / "copy.db"
    link.symlink_to(target)
    result = run("backup", str(link))
    assert result.exit_code == 1
    assert "is a symbolic link" in result.stderr
    assert target.read_text() == "x"
    existing = tmp_path / "old.db"
    existing.write_text("an older copy")
    result = run("backup", str(existing))
    assert result.exit_code == 1
    assert "exists already" in result.stderr
    result = run("backup", str(existing), "--force")
    assert result.exit_code == 0, result.stderr
    assert existing.read_bytes().startswith(b"SQLite format 3")
    assert mode(existing) == 0o600
    assert leftovers(tmp_path) == []
