"""Calendar files never carry a CPR number, and carry the young person's name only when
'ics-title name' is configured; the file written with --out is private (0600)."""

import itertools
import os
import stat
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

_COUNTER = itertools.count()

# Name parts start with a marker that efter's own calendar text never holds, so a hit is a
# leak and not a coincidence; the rest is anything a name field may hold.
part = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=20
).filter(lambda s: s.strip() == s and s)
born = st.dates(min_value=date(2004, 1, 1), max_value=date(2011, 11, 28))


def unfolded(data: bytes) -> str:
    """The calendar text with RFC 5545 line folding undone."""
    return data.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "")


def escaped(value: str) -> str:
    """How RFC 5545 writes a text value."""
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def leaks(text: str, secret: str) -> bool:
    return secret in text or escaped(secret) in text


def _case(run: Any, tmp_path: Path, name: str, on: date, serial: int) -> tuple[str, str]:
    db = str(tmp_path / f"case-{next(_COUNTER)}.db")
    assert run("init", "--db", db).exit_code == 0
    cpr = f"{on:%d%m%y}-{serial:04d}"
    added = run(
        "youth", "add", name, "--born", on.isoformat(), "--cpr", cpr, "--ref", "2025-0412",
        "--start", "2025-09-01", "--force", "--db", db,
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    for at, place in (
        ("2026-12-03 14:00", "Ungeindsatsen"),
        ("2027-01-14 09:30", "Rådhuset, 1. sal"),
    ):
        planned = run("meeting", "plan", "1", "--at", at, "--place", place, "--db", db)
        assert planned.exit_code == 0, planned.stderr
    return db, cpr


SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(
    first=part,
    last=part,
    on=born,
    serial=st.integers(min_value=4000, max_value=4999),  # births 2000-2036
    style=st.sampled_from([None, "ref", "initials"]),
)
@example(first="{{ 7*7 }}", last="[Holm]", on=date(2009, 3, 14), serial=4321, style=None)
@example(first="مرحبا", last="👩‍👩‍👧", on=date(2009, 3, 14), serial=4001, style="initials")
@example(first="Ane, B;", last="<b>Ø</b>", on=date(2008, 1, 2), serial=4999, style="ref")
def test_calendar_holds_no_cpr_number_and_no_name(
    run: Any, casefile: Path, tmp_path: Path, first: str, last: str, on: date, serial: int,
    style: str | None,
) -> None:  # fmt: skip
    name = f"Xø{first} Qæ{last}"
    db, cpr = _case(run, tmp_path, name, on, serial)
    if style is not None:
        assert run("config", "set", "ics-title", style, "--db", db).exit_code == 0
    for args in (("1",), ("--all",)):
        out = tmp_path / f"moeder-{next(_COUNTER)}.ics"
        result = run("meeting", "ics", *args, "--out", str(out), "--db", db)
        assert result.exit_code == 0, result.stderr
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
        text = unfolded(out.read_bytes())
        assert text.count("BEGIN:VEVENT") == 2
        for secret in (cpr, cpr.replace("-", ""), name, f"Xø{first}", f"Qæ{last}"):
            assert not leaks(text, secret), secret
        assert on.isoformat() not in text and f"{on:%Y%m%d}" not in text
        assert not leaks(result.stderr, cpr) and not leaks(result.stdout, cpr)


def test_the_name_appears_only_when_configured(run: Any, casefile: Path, tmp_path: Path) -> None:
    name = "Xøamalie Qænørgaard, [Jr]"
    db, cpr = _case(run, tmp_path, name, date(2009, 3, 14), 4321)
    assert not leaks(unfolded(run("meeting", "ics", "1", "--db", db).stdout_bytes), name)
    assert run("config", "set", "ics-title", "name", "--db", db).exit_code == 0
    text = unfolded(run("meeting", "ics", "1", "--db", db).stdout_bytes)
    assert f"SUMMARY:Netværksmøde: {escaped(name)}" in text
    assert not leaks(text, cpr) and not leaks(text, cpr.replace("-", ""))


@pytest.mark.parametrize("umask", [0o022, 0o000])
def test_ics_file_is_private_even_when_it_replaces_one(
    run: Any, casefile: Path, tmp_path: Path, umask: int
) -> None:
    db, _ = _case(run, tmp_path, "Anna Holm", date(2009, 3, 14), 4321)
    out = tmp_path / "moeder.ics"
    out.write_text("old")
    out.chmod(0o644)
    old = os.umask(umask)
    try:
        result = run("meeting", "ics", "--all", "--out", str(out), "--db", db, "--force")
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_bytes().startswith(b"BEGIN:VCALENDAR")


@pytest.mark.parametrize("style", [None, "name", "ref", "initials"])
def test_calendar_holds_no_contact_details(
    run: Any, casefile: Path, tmp_path: Path, style: str | None
) -> None:
    """Issue 18: phone numbers, e-mail addresses and addresses of the young person, the team
    (the shared address book) and the network never reach a calendar file, whatever the
    title shows."""
    db, _ = _case(run, tmp_path, "Anna Holm", date(2009, 3, 14), 4321)
    secrets = {
        "youth": ("21 43 65 87", "anna.secret@example.dk", "Hemmeligvej 17, 6700 Esbjerg"),
        "team": ("31 42 53 64", "raadgiver.secret@example.dk", "Skjultgade 3, 6700 Esbjerg"),
        "network": ("+46 70 123 45 67", "mor.secret@example.se", "Gömdgatan 5, Malmö"),
    }
    phone, email, address = secrets["youth"]
    edited = run("youth", "edit", "1", "--phone", phone, "--email", email, "--address",
                 address, "--db", db)  # fmt: skip
    assert edited.exit_code == 0, edited.stderr
    for side, role in (("team", "jobcenter"), ("network", "mor")):
        phone, email, address = secrets[side]
        added = run(side, "add", "1", "--role", role, "--name", f"{side} person", "--phone",
                    phone, "--email", email, "--address", address, "--db", db)  # fmt: skip
        assert added.exit_code == 0, added.stderr
    if style is not None:
        assert run("config", "set", "ics-title", style, "--db", db).exit_code == 0
    for args in (("1",), ("--all",)):
        text = unfolded(run("meeting", "ics", *args, "--db", db).stdout_bytes)
        assert text.count("BEGIN:VEVENT") == 2
        for values in secrets.values():
            for secret in values:
                for part in (secret, secret.replace(" ", ""), secret.split(",")[0]):
                    assert not leaks(text, part), part
        assert "secret" not in text and "@" not in text.replace("@efter", "")
