"""Issue 18 items 4 and 5: contact details, and the shared address book of professionals.

Contact details (phone, e-mail, address) of the young person and of team and network
members: checked, stored in one form, shown in `youth show`. The address book: a team member
is a professional who can sit on many cases (`efter person list|show|edit`); `team add`
reuses the same person without asking, asks on a terminal when unsure, and in a script stops
and names the candidates (`--person ID` / `--new-person` settle it); the importer decides the
same way. The private network is never shared.
"""

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Run, casefile_before, snapshot


@pytest.fixture
def two(run: Run, casefile: Path) -> Path:
    """Amalie (A1, id 1) and Jonas (B1, id 2), no team yet."""
    for name, born, ref in (("Amalie Nørgaard", "2009-03-14", "A1"),
                            ("Jonas Berg", "2008-05-02", "B1")):  # fmt: skip
        assert run("youth", "add", name, "--born", born, "--ref", ref).exit_code == 0
    return casefile


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.stderr
    return result


# --- phone numbers, e-mail, address -----------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("12345678", "12 34 56 78"),
        ("12 34 56 78", "12 34 56 78"),
        ("1234 5678", "12 34 56 78"),
        ("+45 12 34 56 78", "12 34 56 78"),
        ("+4512345678", "12 34 56 78"),
        ("0045 12345678", "12 34 56 78"),
        ("12-34-56-78", "12 34 56 78"),
        ("+46 70 123 45 67", "+46 70 123 45 67"),
        ("0046701234567", "+46 70 123 45 67"),
        ("+49 30 901820", "+49 30 901820"),
        ("+1 650 253 0000", "+1 650-253-0000"),
    ],
)
def test_phone_numbers_are_stored_in_one_form(
    run: Run, two: Path, json_of: Any, typed: str, stored: str
) -> None:
    ok(run("youth", "edit", "A1", "--phone", typed))
    assert json_of("youth", "show", "A1")["phone"] == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "1234567",
            "--phone: the phone number '1234567' has 7 digits, and a Danish number has 8",
        ),
        (
            "123456789",
            "--phone: the phone number '123456789' has 9 digits, and a Danish number has 8",
        ),
        (
            "+45 1234 567",
            "--phone: the phone number '+45 1234 567' has 7 digits after +45, and a Danish "
            "number has 8",
        ),
        ("ring til mor", "--phone: the phone number 'ring til mor' holds something other than digits"),
        ("12 34 56 7x", "--phone: the phone number '12 34 56 7x' holds something other than digits"),
        ("+46 1", "--phone: the phone number '+46 1' is not a valid number in the country its code names"),
        ("+999 12345678", "--phone: the phone number '+999 12345678' is not a valid number in the country its code names"),
        ("１２３４５６７８", "--phone: the phone number '１２３４５６７８' holds something other than digits"),
    ],
)  # fmt: skip
def test_a_wrong_phone_number_is_refused_with_the_fix(
    run: Run, two: Path, typed: str, message: str
) -> None:
    before = snapshot(two)
    result = run("youth", "edit", "A1", "--phone", typed)
    assert result.exit_code == 1
    fix = (
        "write a Danish number as eight digits (12 34 56 78, +45 12 34 56 78) or a foreign "
        "one with + and the country code (+46 70 123 45 67)"
    )
    assert result.stderr == f"Error: {message}: {fix}.\n"
    assert result.stdout == ""
    assert snapshot(two) == before


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    digits=st.text(alphabet="0123456789", min_size=8, max_size=8),
    prefix=st.sampled_from(["", "+45", "0045", "+45 ", "0045 "]),
    gaps=st.lists(st.sampled_from(["", " ", "-", "  "]), min_size=8, max_size=8),
)
def test_any_danish_number_however_typed_is_stored_as_eight_digits_in_pairs(
    digits: str, prefix: str, gaps: list[str]
) -> None:
    from efter.core.contacts import phone

    typed = prefix + "".join(d + g for d, g in zip(digits, gaps, strict=True))
    stored = phone(typed)
    assert stored == " ".join(digits[i : i + 2] for i in range(0, 8, 2))
    assert phone(stored) == stored  # the stored form reads back as itself


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Amalie@Example.DK", "Amalie@example.dk"),
        (" a.b+c@mail.example.com ", "a.b+c@mail.example.com"),
    ],
)
def test_email_keeps_its_local_part_and_lowers_its_domain(
    run: Run, two: Path, json_of: Any, typed: str, stored: str
) -> None:
    ok(run("youth", "edit", "A1", "--email", typed))
    assert json_of("youth", "show", "A1")["email"] == stored


@pytest.mark.parametrize("typed", ["amalie", "amalie@", "@example.dk", "a b@example.dk",
                                   "a@example", "a@@example.dk", "a@example..dk"])  # fmt: skip
def test_a_wrong_email_is_refused(run: Run, two: Path, typed: str) -> None:
    before = snapshot(two)
    result = run("youth", "edit", "A1", "--email", typed)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: --email: '{typed.strip()}' is not an e-mail address: write it as "
        "name@example.dk.\n"
    )
    assert snapshot(two) == before


def test_youth_contact_details_are_shown_edited_and_cleared(
    run: Run, two: Path, json_of: Any
) -> None:
    added = ok(
        run("youth", "add", "Sofie Holm", "--born", "2009-06-01", "--ref", "C1",
            "--phone", "+45 2233 4455", "--email", "sofie@example.dk",
            "--address", "  Vestergade 12,   6700 Esbjerg ")
    )  # fmt: skip
    assert added.stdout == "3\n"
    shown = ok(run("youth", "show", "C1")).stdout.splitlines()
    assert shown[:6] == [
        "ID                   3",
        "Ref                  C1",
        "Name                 Sofie Holm",
        "Phone                22 33 44 55",
        "Email                sofie@example.dk",
        "Address              Vestergade 12, 6700 Esbjerg",
    ]
    data = json_of("youth", "show", "C1")
    assert (data["phone"], data["email"], data["address"]) == (
        "22 33 44 55", "sofie@example.dk", "Vestergade 12, 6700 Esbjerg",
    )  # fmt: skip
    edited = ok(run("youth", "edit", "C1", "--phone", "", "--address", "Torvet 1, 6700 Esbjerg"))
    assert edited.stderr == "Changed phone, address for Sofie Holm (id 3).\n"
    data = json_of("youth", "show", "C1")
    assert (data["phone"], data["address"]) == (None, "Torvet 1, 6700 Esbjerg")
    # nothing to show: no contact lines at all
    assert "Phone" not in ok(run("youth", "show", "A1")).stdout.split("Team")[0]


def test_network_members_have_contact_details_of_their_own(
    run: Run, two: Path, json_of: Any
) -> None:
    for ref in ("A1", "B1"):  # the same name on two cases: two people, never shared
        ok(run("network", "add", ref, "--role", "mor", "--name", "Helle Nørgaard",
               "--phone", "40 50 60 70", "--address", "Skolegade 3, 6700 Esbjerg"))  # fmt: skip
    ok(run("network", "edit", "1", "--phone", "41 51 61 71"))
    assert [m["phone"] for m in json_of("network", "list", "A1")] == ["41 51 61 71"]
    assert [m["phone"] for m in json_of("network", "list", "B1")] == ["40 50 60 70"]
    assert [m["person_id"] for m in json_of("network", "list", "B1")] == [None]
    assert json_of("person", "list") == []
    listed = ok(run("network", "list", "A1")).stdout.splitlines()
    assert listed[0].split() == ["ID", "Role", "Name", "Organisation", "Phone", "Email",
                                 "Address", "From", "To"]  # fmt: skip
    assert "Skolegade 3, 6700 Esbjerg" in listed[2]
    refused = run("network", "add", "A1", "--role", "far", "--name", "Ib", "--person", "1")
    assert refused.exit_code == 2  # an option that does not belong: a usage mistake
    assert refused.stderr == (
        "Error: --person and --new-person are for the team: the private network is not "
        "shared between cases, so leave them out.\n"
    )
    history = json_of("network", "history", "1")
    assert [(e["field"], e["old"], e["new"]) for e in history] == [
        ("phone", "40 50 60 70", "41 51 61 71")
    ]


# --- the address book ---------------------------------------------------------------------


def _peter(run: Run, ref: str, *extra: str) -> Any:
    return run("team", "add", ref, "--role", "jobcenter", "--name", "Peter Dam", *extra)


def test_the_same_name_and_organisation_is_the_same_person_without_asking(
    run: Run, two: Path, json_of: Any
) -> None:
    first = ok(_peter(run, "A1", "--organisation", "Jobcenter Esbjerg", "--phone", "76161000"))
    assert first.stdout == "1\n"
    assert (
        first.stderr
        == "Added Peter Dam (person 1) to the team of Amalie Nørgaard (id 1) as id 1.\n"
    )
    # another case, other spacing and case, and an e-mail the address book lacks
    second = ok(
        run("team", "add", "B1", "--role", "jobcenter", "--name", "peter  dam",
            "--organisation", "JOBCENTER Esbjerg", "--email", "pd@jobcenter.dk")
    )  # fmt: skip
    assert second.stderr == "Added Peter Dam (person 1) to the team of Jonas Berg (id 2) as id 2.\n"
    people = json_of("person", "list")
    assert people == [
        {"id": 1, "name": "Peter Dam", "organisation": "Jobcenter Esbjerg",
         "phone": "76 16 10 00", "email": "pd@jobcenter.dk", "address": None,
         "cases": 2, "cases_ever": 2},
    ]  # fmt: skip
    for ref in ("A1", "B1"):  # what the second case added reached the first
        member = json_of("team", "list", ref)[0]
        assert (member["name"], member["phone"], member["email"], member["person_id"]) == (
            "Peter Dam", "76 16 10 00", "pd@jobcenter.dk", 1,
        )  # fmt: skip


def test_changing_a_persons_phone_once_changes_it_on_every_case(
    run: Run, two: Path, json_of: Any
) -> None:
    for ref in ("A1", "B1"):
        ok(_peter(run, ref, "--organisation", "Jobcenter Esbjerg", "--phone", "76161000"))
    edited = ok(run("person", "edit", "Peter", "--phone", "+45 7616 2000", "--address",
                    "Torvegade 74, 6700 Esbjerg"))  # fmt: skip
    assert edited.stderr == "Changed phone, address of Peter Dam (person 1) on 2 cases.\n"
    for ref in ("A1", "B1"):
        member = json_of("team", "list", ref)[0]
        assert (member["phone"], member["address"]) == ("76 16 20 00", "Torvegade 74, 6700 Esbjerg")
    # each case's team member history shows the change with the earlier value
    for member in ("1", "2"):
        history = json_of("team", "history", member)
        assert [(e["field"], e["old"], e["new"]) for e in history] == [
            ("phone", "76 16 10 00", "76 16 20 00"),
            ("address", None, "Torvegade 74, 6700 Esbjerg"),
        ]
    # 'team edit' of a shared detail is the same change, everywhere
    ok(run("team", "edit", "2", "--email", "peter.dam@esbjerg.dk", "--role", "ungevejleder"))
    assert [m["email"] for m in (json_of("team", "list", "A1")[0], json_of("team", "list", "B1")[0])] == [
        "peter.dam@esbjerg.dk", "peter.dam@esbjerg.dk",
    ]  # fmt: skip
    assert json_of("team", "list", "A1")[0]["role"] == "jobcenter"  # the role is per case
    assert ok(run("person", "edit", "1", "--phone", "76 16 20 00")).stderr == (
        "Nothing changed for Peter Dam (person 1): the values were already so.\n"
    )


def test_the_case_file_itself_keeps_a_team_members_copy_from_drifting(
    run: Run, two: Path, json_of: Any
) -> None:
    """On either engine (SQLite's triggers, or the register's through efter.core.dialect): a
    team member row that disagrees with its professional is refused, and a change to the
    professional reaches every case, whoever writes the SQL."""
    import sqlite3

    for ref in ("A1", "B1"):
        ok(_peter(run, ref, "--organisation", "Jobcenter Esbjerg", "--phone", "76161000"))
    ok(run("network", "add", "A1", "--role", "mor", "--name", "Helle"))
    conn = sqlite3.connect(two)
    try:
        refused = (
            ("UPDATE member SET phone = '11 11 11 11' WHERE id = 1", ()),
            ("UPDATE member SET professional_id = 1 WHERE side = 'network'", ()),
            (
                "INSERT INTO member (youth_id, side, role, name, organisation, started, "
                "created, professional_id) VALUES (2, 'team', 'mentor', 'Peter Damm', "
                "'Jobcenter Esbjerg', '2026-01-01', '2026-01-01T10:00:00', 1)",
                (),
            ),
        )
        for sql, params in refused:
            with pytest.raises(sqlite3.IntegrityError) as caught:
                conn.execute(sql, params)
            assert str(caught.value) == (
                "a team member's name, organisation and contact details are those of their "
                "professional in the address book: change them there"
            )
            conn.rollback()
        conn.execute("UPDATE professional SET phone = '76 16 20 00' WHERE id = 1")
        conn.execute("UPDATE member SET role = 'mentor' WHERE id = 1")  # its own: allowed
        conn.commit()
    finally:
        conn.close()
    assert [
        (m["phone"], m["role"]) for ref in ("A1", "B1") for m in json_of("team", "list", ref)
    ] == [("76 16 20 00", "mentor"), ("76 16 20 00", "jobcenter")]


def test_person_show_and_list(run: Run, two: Path, json_of: Any) -> None:
    ok(_peter(run, "A1", "--organisation", "Jobcenter Esbjerg", "--from", "2025-09-01"))
    ok(_peter(run, "B1", "--organisation", "Jobcenter Esbjerg", "--from", "2026-01-05"))
    ok(run("team", "end", "1", "--date", "2026-06-30"))
    shown = ok(run("person", "show", "1")).stdout
    assert shown == (
        "ID            1\n"
        "Name          Peter Dam\n"
        "Organisation  Jobcenter Esbjerg\n"
        "Phone\n"
        "Email\n"
        "Address\n"
        "\n"
        "Cases\n"
        "Member   Young person      Ref   Role                From         To\n"
        "────────────────────────────────────────────────────────────────────────────\n"
        "2        Jonas Berg        B1    Jobcenterrådgiver   2026-01-05\n"
        "1        Amalie Nørgaard   A1    Jobcenterrådgiver   2025-09-01   2026-06-30\n"
    )
    data = json_of("person", "show", "peter")
    assert [(c["youth_id"], c["active"]) for c in data["cases"]] == [(2, True), (1, False)]
    assert json_of("person", "list")[0]["cases"] == 1
    assert ok(run("person", "list")).stdout.splitlines()[2].split() == [
        "1", "Peter", "Dam", "Jobcenter", "Esbjerg", "1",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "candidates"),
    [
        # the same name, another organisation
        (["--name", "Peter Dam", "--organisation", "Jobcenter Vejen"],
         "Peter Dam, Jobcenter Esbjerg (person 1)"),
        # the same name, no organisation given
        (["--name", "Peter Dam"], "Peter Dam, Jobcenter Esbjerg (person 1)"),
        # near spellings: a doubled letter, Danish letters spelt out, accents, hyphens
        (["--name", "Peter Damm", "--organisation", "Jobcenter Esbjerg"],
         "Peter Dam, Jobcenter Esbjerg (person 1)"),
        (["--name", "Søren Kjær"], "Soeren Kjaer, no organisation (person 2)"),
        (["--name", "Sören-Kjær"], "Soeren Kjaer, no organisation (person 2)"),
    ],
)  # fmt: skip
def test_in_a_script_an_unsure_match_stops_and_names_the_candidates(
    run: Run, two: Path, json_of: Any, args: list[str], candidates: str
) -> None:
    ok(_peter(run, "A1", "--organisation", "Jobcenter Esbjerg"))
    ok(run("team", "add", "A1", "--role", "mentor", "--name", "Soeren Kjaer"))
    before = snapshot(two)
    result = run("team", "add", "B1", "--role", "jobcenter", *args)
    assert result.exit_code == 1
    name = args[1]
    first = candidates.rsplit("person ", 1)[1].rstrip(")")
    assert result.stderr == (
        f"Error: '{name}' could be someone already in the address book: {candidates}: give "
        f"--person {first} to put that person on the case, or --new-person to add someone "
        "new.\n"
    )
    assert result.stdout == ""
    assert snapshot(two) == before
    # --new-person settles it one way, --person the other
    new = ok(run("team", "add", "B1", "--role", "jobcenter", *args, "--new-person"))
    assert new.stderr.startswith(f"Added {name.strip()} (person 3) ")
    assert len(json_of("person", "list")) == 3


def test_person_puts_someone_from_the_address_book_on_a_case(
    run: Run, two: Path, json_of: Any
) -> None:
    ok(_peter(run, "A1", "--organisation", "Jobcenter Esbjerg", "--phone", "76161000"))
    added = ok(run("team", "add", "B1", "--role", "jobcenter", "--person", "1"))
    assert added.stderr == "Added Peter Dam (person 1) to the team of Jonas Berg (id 2) as id 2.\n"
    assert json_of("team", "list", "B1")[0]["phone"] == "76 16 10 00"
    # the unsure case above, settled with --person
    ok(run("team", "add", "B1", "--role", "mentor", "--name", "Peter Damm", "--person", "1"))


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--person", "9"], 1,
         "--person: nobody in the address book has the id 9: see 'efter person list' for the ids."),
        (["--person", "Peter"], 1,
         "--person: 'Peter' is not an id in the address book: give the id 'efter person list' "
         "shows, or 'new' for someone new."),
        (["--person", "1", "--name", "Ole Hansen"], 1,
         "--name: person 1 in the address book is Peter Dam, not Ole Hansen: leave it out, or "
         "give --person the right id."),
        (["--person", "1", "--new-person"], 2,
         "--person and --new-person disagree: give --person ID to use someone in the address "
         "book, or --new-person to add someone new, not both."),
        (["--person", "1", "--phone", "11 22 33 44"], 1,
         "--phone: Peter Dam (person 1) has the phone number 76 16 10 00 in the address book: "
         "leave it out, or change it on every case with 'efter person edit 1 --phone ...'."),
        (["--person", "1", "--organisation", "Jobcenter Vejen"], 1,
         "--organisation: Peter Dam (person 1) is of Jobcenter Esbjerg in the address book: "
         "leave it out, or change it on every case with 'efter person edit 1 --organisation "
         "...'."),
        ([], 2, "Missing option '--name': give the person's name, or --person ID."),
    ],
)  # fmt: skip
def test_person_mistakes(run: Run, two: Path, args: list[str], code: int, message: str) -> None:
    ok(_peter(run, "A1", "--organisation", "Jobcenter Esbjerg", "--phone", "76161000"))
    before = snapshot(two)
    result = run("team", "add", "B1", "--role", "jobcenter", *args)
    assert result.exit_code == code
    assert result.stderr == f"Error: {message}\n"
    assert snapshot(two) == before


def test_person_edit_and_show_mistakes(run: Run, two: Path) -> None:
    ok(_peter(run, "A1", "--organisation", "Jobcenter Esbjerg"))
    ok(run("team", "add", "A1", "--role", "mentor", "--name", "Peter Holm"))
    before = snapshot(two)
    for args, message in (
        (("show", "7"), "Nobody in the address book has the id 7: see 'efter person list'."),
        (("show", "Ole"), "Nobody in the address book is called 'Ole': see 'efter person list'."),
        (("show", "peter"), "'peter' could be several people: Peter Dam, Jobcenter Esbjerg "
         "(person 1); Peter Holm, no organisation (person 2). Give the id instead."),
        (("edit", "1"), "Nothing to change: give at least one of --name, --organisation, "
         "--phone, --email, --address."),  # exit 2: nothing given
        (("edit", "1", "--name", " "), "--name: the name is empty: give the person's name."),
        (("edit", "1", "--email", "x"), "--email: 'x' is not an e-mail address: write it as "
         "name@example.dk."),
    ):  # fmt: skip
        result = run("person", *args)
        assert result.exit_code == (2 if message.startswith("Nothing") else 1), args
        assert result.stderr == f"Error: {message}\n"
    assert snapshot(two) == before


def test_on_a_terminal_an_unsure_match_is_asked(
    run: Run, two: Path, json_of: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(_peter(run, "A1", "--organisation", "Jobcenter Esbjerg", "--phone", "76161000"))
    monkeypatch.setattr("efter.cli.ask.interactive", lambda: True)
    chosen = run("team", "add", "B1", "--role", "jobcenter", "--name", "Peter Dam", input="1\n")
    assert chosen.exit_code == 0, chosen.stderr
    assert chosen.stderr == (
        "'Peter Dam' could be someone already in the address book:\n"
        "  1. Peter Dam, Jobcenter Esbjerg; 76 16 10 00 (person 1)\n"
        "  2. someone new\n"
        "Which one [2]:"
        "Added Peter Dam (person 1) to the team of Jonas Berg (id 2) as id 2.\n"
    )
    new = run("team", "add", "B1", "--role", "mentor", "--name", "Peter Damm", input="x\n\n")
    assert new.exit_code == 0, new.stderr
    assert new.stderr.endswith(
        "Added Peter Damm (person 2) to the team of Jonas Berg (id 2) as id 3.\n"
    )
    # the sure case is never asked
    sure = run("team", "add", "B1", "--role", "jobcenter", "--name", "Peter Dam",
               "--organisation", "Jobcenter Esbjerg", input="")  # fmt: skip
    assert sure.exit_code == 0 and "Which one" not in sure.stderr
    assert len(json_of("person", "list")) == 2


# --- import -------------------------------------------------------------------------------


def test_import_matches_people_the_same_way(
    run: Run, two: Path, json_of: Any, tmp_path: Path
) -> None:
    ok(_peter(run, "A1", "--organisation", "Jobcenter Esbjerg", "--phone", "76161000"))
    sheet = tmp_path / "team.csv"
    sheet.write_text(
        "sagsnr;rolle;navn;organisation;telefon;e-mail;adresse;fagperson\n"
        "B1;jobcenter;Peter Dam;Jobcenter Esbjerg;;peter@jobcenter.dk;;\n"
        "A1;ungevejleder;Sara Lind;UU Esbjerg;+45 22334455;;Torvet 1, Esbjerg;\n"
        "B1;ungevejleder;sara lind;uu esbjerg;;;;\n"
        "B1;mentor;Peter Damm;;;;;\n",
        encoding="utf-8",
    )
    before = snapshot(two)
    refused = run("import", "team", str(sheet))
    assert refused.exit_code == 1
    assert refused.stdout == ""
    assert refused.stderr == (
        "line 5, column navn: 'Peter Damm' could be someone already in the address book: "
        "Peter Dam, Jobcenter Esbjerg (person 1); give 1 in the column person to put that "
        "person on the case, or new in the column person to add someone new\n"
        f"Nothing was imported from {sheet}: 1 problem (1 of 4 rows rejected). Correct the "
        "file and import it again.\n"
    )
    assert snapshot(two) == before
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("Peter Damm;;;;;", "Peter Damm;;;;;ny"),
                     encoding="utf-8")  # fmt: skip
    ok(run("import", "team", str(sheet)))
    people = {p["name"]: p for p in json_of("person", "list")}
    assert sorted(people) == ["Peter Dam", "Peter Damm", "Sara Lind"]
    assert (people["Peter Dam"]["email"], people["Peter Dam"]["cases"]) == ("peter@jobcenter.dk", 2)
    assert (people["Sara Lind"]["phone"], people["Sara Lind"]["cases"]) == ("22 33 44 55", 2)
    # importing the same file again changes nothing: empty cells keep the address book's
    again = ok(run("import", "team", str(sheet)))
    assert "0 created, 0 updated, 4 unchanged" in again.stderr
    # an export names people by name; into a fresh case file it makes the same address book
    exported = ok(run("export", "team", "--format", "json")).stdout
    assert {row["person"] for row in json.loads(exported)} == {None}


def test_import_of_youth_contact_columns_with_danish_names(
    run: Run, casefile: Path, json_of: Any, tmp_path: Path
) -> None:
    sheet = tmp_path / "unge.csv"
    sheet.write_text(
        "sagsnr;navn;fødselsdato;telefon;mail;adresse\n"
        "A1;Amalie Nørgaard;14-03-2009;0045 12 34 56 78;amalie@EXAMPLE.dk;Vestergade 12\n"
        "B1;Jonas Berg;02-05-2008;1234;;\n",
        encoding="utf-8",
    )
    result = run("import", "youth", str(sheet))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "line 3, column telefon: the phone number '1234' has 4 digits, and a Danish number "
        "has 8; write a Danish number as eight digits (12 34 56 78, +45 12 34 56 78) or a "
        "foreign one with + and the country code (+46 70 123 45 67)"
    )
    sheet.write_text(sheet.read_text(encoding="utf-8").replace(";1234;", ";;"), encoding="utf-8")
    ok(run("import", "youth", str(sheet)))
    data = json_of("youth", "show", "A1")
    assert (data["phone"], data["email"], data["address"]) == (
        "12 34 56 78", "amalie@example.dk", "Vestergade 12",
    )  # fmt: skip


# --- documents ----------------------------------------------------------------------------


def test_the_handover_note_and_the_agenda_carry_contact_details(run: Run, two: Path) -> None:
    ok(run("youth", "edit", "A1", "--phone", "12345678", "--email", "amalie@example.dk",
           "--address", "Vestergade 12, 6700 Esbjerg"))  # fmt: skip
    ok(_peter(run, "A1", "--organisation", "Jobcenter Esbjerg", "--phone", "76161000",
              "--address", "Torvegade 74, 6700 Esbjerg"))  # fmt: skip
    ok(run("network", "add", "A1", "--role", "mor", "--name", "Helle", "--phone", "40506070"))
    note = ok(run("youth", "handover", "A1", "--to", "Jonas Holm")).stdout
    for line in (
        "| Telefon | 12 34 56 78 |",
        "| E-mail | amalie@example.dk |",
        "| Adresse | Vestergade 12, 6700 Esbjerg |",
        "| Rolle | Navn | Organisation | Telefon | E-mail | Adresse |",
        "| Jobcenterrådgiver | Peter Dam | Jobcenter Esbjerg | 76 16 10 00 |  | Torvegade 74, 6700 Esbjerg |",
        "| Rolle | Navn | Telefon | E-mail |",
        "| Mor | Helle | 40 50 60 70 |  |",
    ):  # fmt: skip
        assert line in note.splitlines(), line
    ok(run("meeting", "plan", "A1", "--at", "2026-12-10 10:00"))
    ok(run("consent", "give", "A1", "--to", "Peter Dam", "--about", "aftaler"))
    agenda = ok(run("meeting", "agenda", "1")).stdout.splitlines()
    assert "| Navn | Rolle | Organisation | Telefon | E-mail |" in agenda
    assert "| Amalie Nørgaard | Den unge |  | 12 34 56 78 | amalie@example.dk |" in agenda
    assert "| Peter Dam | Jobcenterrådgiver | Jobcenter Esbjerg | 76 16 10 00 |  |" in agenda
    english = ok(run("meeting", "agenda", "1", "--lang", "en")).stdout.splitlines()
    assert "| Name | Role | Organisation | Phone | Email |" in english


# --- migration ------------------------------------------------------------------------------


def test_an_older_case_file_migrates_with_nothing_lost(
    run: Run,
    casefile: Path,
    json_of: Any,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    pg_admin: str | None,
    request: pytest.FixtureRequest,
) -> None:
    """A case file (or register) made on main, at m021_programmes: opening it runs
    m022_contacts after it, every team member becomes a professional (exact duplicates of
    name and organisation merge only when no detail disagrees), and nothing else changes."""
    import sqlite3

    from efter.core.migrations import MIGRATIONS

    names = [m.__name__ for m in MIGRATIONS]
    before_m022 = names.index("m022_contacts")
    assert names[before_m022 - 1] == "m021_programmes"  # appended after main's last
    old = tmp_path / "old.db"
    target = casefile_before("m022_contacts", run, old, pg_admin, monkeypatch, request)
    conn = sqlite3.connect(old)
    recorded = {r[0] for r in conn.execute("SELECT name FROM migration")}
    assert recorded == set(names[:before_m022])  # main's file: m019, then m021
    stamp = "2026-01-01T10:00:00"
    with conn:
        for ref, name in (("A1", "Amalie"), ("B1", "Bo")):
            conn.execute(
                "INSERT INTO youth (ref, name, born, start, created, updated) "
                "VALUES (?, ?, '2009-03-14', '2025-09-01', ?, ?)",
                (ref, name, stamp, stamp),
            )
        members = [
            # youth, side, role, name, organisation, phone, email
            (1, "team", "jobcenter", "Peter Dam", "Jobcenter Esbjerg", "76 16 10 00", None),
            (2, "team", "jobcenter", "Peter Dam", "Jobcenter Esbjerg ", None, "pd@jc.dk"),
            (1, "team", "myndighedsraadgiver", "Lene Bach", "Børn og Unge", "11 11 11 11", None),
            (2, "team", "myndighedsraadgiver", "Lene Bach", "Børn og Unge", "22 22 22 22", None),
            (1, "team", "mentor", "Kim", None, None, None),
            (2, "team", "mentor", "Kim", None, None, None),
            (2, "team", "mentor", "peter dam", "Jobcenter Esbjerg", None, None),
            (1, "network", "mor", "Helle", None, "40 50 60 70", "helle@example.dk"),
        ]
        conn.executemany(
            "INSERT INTO member (youth_id, side, role, name, organisation, phone, email, "
            "started, created) VALUES (?, ?, ?, ?, ?, ?, ?, '2025-09-01', ?)",
            [(*m, stamp) for m in members],
        )
        # what m021_programmes holds: a programme and Amalie's period in it
        conn.execute(
            "INSERT INTO programme (name, key, kind, weeks, created, updated) "
            "VALUES ('EMPOWER4U', 'empower4u', 'supplement', 78, ?, ?)",
            (stamp, stamp),
        )
        conn.execute(
            "INSERT INTO programme_period (youth_id, programme_id, starts, created, updated) "
            "VALUES (1, 1, '2025-09-01', ?, ?)",
            (stamp, stamp),
        )
    old_rows = [tuple(r) for r in conn.execute("SELECT * FROM member ORDER BY id")]
    old_youth = [tuple(r) for r in conn.execute("SELECT * FROM youth ORDER BY id")]
    old_programmes = [
        [tuple(r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY id")]
        for table in ("programme", "cohort", "programme_period")
    ]
    conn.close()

    ok(run("team", "list", "A1", "--db", target))  # opening migrates
    conn = sqlite3.connect(old)
    conn.row_factory = sqlite3.Row
    professionals = [tuple(r)[1:6] for r in conn.execute("SELECT * FROM professional ORDER BY id")]
    assert professionals == [
        ("Peter Dam", "Jobcenter Esbjerg", "76 16 10 00", "pd@jc.dk", None),  # merged: safe
        ("Lene Bach", "Børn og Unge", "11 11 11 11", None, None),  # two phones: not merged
        ("Lene Bach", "Børn og Unge", "22 22 22 22", None, None),
        ("Kim", None, None, None, None),  # no organisation: never merged
        ("Kim", None, None, None, None),
        ("peter dam", "Jobcenter Esbjerg", None, None, None),  # not exactly the same name
    ]
    rows = conn.execute("SELECT * FROM member ORDER BY id").fetchall()
    assert [r["professional_id"] for r in rows] == [1, 1, 2, 3, 4, 5, 6, None]
    # every old column keeps its value, except what the merge filled in (and nothing else)
    width = len(old_rows[0])
    for old_row, new in zip(old_rows, rows, strict=True):
        kept = tuple(new)[:width]
        if new["id"] in (1, 2):
            assert (new["phone"], new["email"]) == ("76 16 10 00", "pd@jc.dk")
            # id..name as they were; the organisation as typed but for its trailing space
            assert kept[:5] == old_row[:5] and kept[8:] == old_row[8:]
            assert kept[5] == old_row[5].strip()
        else:
            assert kept == old_row
    assert [tuple(r)[: len(old_youth[0])] for r in conn.execute("SELECT * FROM youth")] == old_youth
    assert [
        [tuple(r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY id")]
        for table in ("programme", "cohort", "programme_period")
    ] == old_programmes
    recorded = [r[0] for r in conn.execute("SELECT name FROM migration")]
    assert sorted(recorded) == sorted(names) and len(recorded) == len(names)
    conn.close()
    # and it works as an address book from then on
    ok(run("person", "edit", "1", "--phone", "76 16 20 00", "--db", target))
    assert {m["phone"] for m in json_of("team", "list", "B1", "--db", target)
            if m["person_id"] == 1} == {"76 16 20 00"}  # fmt: skip


def test_a_case_bundle_joins_the_receiving_address_book(
    run: Run, casefile: Path, json_of: Any, tmp_path: Path
) -> None:
    """A bundle carries each team member's name and contact details; the receiving file's
    address book takes them in: the same name and organisation is the person it has."""
    source, target = tmp_path / "source.db", tmp_path / "target.db"
    for db, ref in ((source, "A1"), (target, "B1")):
        ok(run("init", "--db", str(db)))
        ok(run("youth", "add", f"Ung {ref}", "--born", "2009-03-14", "--ref", ref, "--db", str(db)))
    # the source's address book numbers people differently from the target's
    ok(run("team", "add", "A1", "--role", "mentor", "--name", "Kim Lund", "--db", str(source)))
    ok(run("team", "add", "A1", "--role", "jobcenter", "--name", "Peter Dam", "--organisation",
           "Jobcenter Esbjerg", "--email", "pd@jobcenter.dk", "--db", str(source)))  # fmt: skip
    ok(run("team", "add", "B1", "--role", "jobcenter", "--name", "Peter Dam", "--organisation",
           "Jobcenter Esbjerg", "--phone", "76161000", "--db", str(target)))  # fmt: skip
    bundle = tmp_path / "a1.efter"
    ok(run("case", "export", "A1", "--out", str(bundle), "--db", str(source)))
    ok(run("case", "import", str(bundle), "--db", str(target)))
    people = json_of("person", "list", "--db", str(target))
    assert [(p["id"], p["name"], p["phone"], p["email"], p["cases"]) for p in people] == [
        (2, "Kim Lund", None, None, 1),
        (1, "Peter Dam", "76 16 10 00", "pd@jobcenter.dk", 2),  # one person, details joined
    ]
    team = json_of("team", "list", "A1", "--db", str(target))
    assert [(m["name"], m["person_id"], m["phone"]) for m in team] == [
        ("Kim Lund", 2, None), ("Peter Dam", 1, "76 16 10 00"),
    ]  # fmt: skip


# --- who is the same person, as properties ------------------------------------------------

_DANISH = st.sampled_from(["Søren", "Åse", "Ærø", "Bjørn", "Mette", "Aase", "Kjær", "Dam",
                           "Lund", "Østergaard", "Nørgaard", "Holm", "Peter", "Anne-Mette"])  # fmt: skip


def _respelt(name: str, data: Any) -> str:
    """The same name typed another way: case, spaces, Danish letters spelt out, a doubled
    letter or a hyphen for a space."""
    for a, b in (("ø", "oe"), ("å", "aa"), ("æ", "ae"), ("Ø", "Oe"), ("Å", "Aa"), ("Æ", "Ae")):
        if data.draw(st.booleans()):
            name = name.replace(a, b)
    if data.draw(st.booleans()):
        name = name.upper() if data.draw(st.booleans()) else name.lower()
    if data.draw(st.booleans()) and " " in name:
        name = name.replace(" ", "-", 1)
    if data.draw(st.booleans()):
        at = data.draw(st.integers(0, len(name) - 1))
        if name[at].isalpha():
            name = name[: at + 1] + name[at] + name[at + 1 :]
    return name


@settings(max_examples=200, deadline=None)
@given(first=_DANISH, last=_DANISH, org=st.sampled_from(["Jobcenter Esbjerg", "UU Vejen"]),
       data=st.data())  # fmt: skip
def test_a_respelt_name_is_never_silently_someone_else_nor_silently_new(
    first: str, last: str, org: str, data: Any
) -> None:
    """Typed another way, a name in the address book is either that person (the same name
    and organisation: any case or spacing) or a candidate to ask about; never a quiet new
    person, never a quiet match with another organisation."""
    from efter.core import addressbook

    name = f"{first} {last}"
    index = addressbook.Index()
    index.add({"id": 1, "name": name, "organisation": org, "phone": None, "email": None,
               "address": None})  # fmt: skip
    index.add({"id": 2, "name": "Zakarias Quist", "organisation": org, "phone": None,
               "email": None, "address": None})  # fmt: skip
    typed = _respelt(name, data)
    other_org = data.draw(st.sampled_from([None, "Et andet sted", org.upper()]))
    sure, close = addressbook.candidates(index, typed, other_org)
    if sure is not None:
        assert sure["id"] == 1
        assert addressbook.same_key(typed) == addressbook.same_key(name)
        assert addressbook.same_key(other_org) == addressbook.same_key(org)
    else:
        assert [p["id"] for p in close] == [1]


def test_names_that_differ_in_a_digit_are_two_people() -> None:
    from efter.core.addressbook import near_key

    assert near_key("Vejleder 1") != near_key("Vejleder 2")
    assert near_key("Peter Damm") == near_key("peter dam")
    assert near_key("Søren Ø") == near_key("Soeren Oe")


def test_a_case_bundle_joins_people_met_earlier_in_the_same_bundle(
    run: Run, casefile: Path, json_of: Any, tmp_path: Path
) -> None:
    """The bundle's team members join the address book in order, as if added one by one: a
    member named as one met earlier in the same bundle is that person and adds the details
    the book lacks; one whose details disagree is someone new; a person already in the book
    gains details from any of their members."""
    source, target = tmp_path / "source.db", tmp_path / "target.db"
    for db in (source, target):
        ok(run("init", "--db", str(db)))
    for ref in ("A1", "A2", "A3"):
        ok(run("youth", "add", f"Ung {ref}", "--born", "2009-03-14", "--ref", ref,
               "--db", str(source)))  # fmt: skip
    ok(run("youth", "add", "Ung B1", "--born", "2009-03-14", "--ref", "B1", "--db", str(target)))
    ok(run("team", "add", "B1", "--role", "mentor", "--name", "Kim Lund", "--organisation",
           "UU Esbjerg", "--db", str(target)))  # fmt: skip
    added = [
        ("A1", "Kim Lund", "UU Esbjerg", "--email", "kim@uu.dk"),
        ("A1", "Peter Dam", "Jobcenter Esbjerg", "--phone", "76161000"),
        ("A2", "Peter Dam", "Jobcenter Esbjerg", "--email", "pd@jobcenter.dk"),
        ("A3", "peter  dam", "Jobcenter Esbjerg", "--phone", "76162000"),
        ("A3", "Kim Lund", "uu esbjerg", "--phone", "12345678"),
    ]
    for ref, name, organisation, option, value in added:
        ok(run("team", "add", ref, "--role", "mentor", "--name", name, "--organisation",
               organisation, option, value, "--new-person", "--db", str(source)))  # fmt: skip
    bundle = tmp_path / "three.efter"
    ok(run("case", "export", "A1", "A2", "A3", "--out", str(bundle), "--db", str(source)))
    ok(run("case", "import", str(bundle), "--db", str(target)))
    people = json_of("person", "list", "--db", str(target))
    assert [(p["id"], p["name"], p["organisation"], p["phone"], p["email"], p["cases"])
            for p in people] == [
        (1, "Kim Lund", "UU Esbjerg", "12 34 56 78", "kim@uu.dk", 3),  # the book's, details joined
        (3, "peter  dam", "Jobcenter Esbjerg", "76 16 20 00", None, 1),  # another phone: new
        (2, "Peter Dam", "Jobcenter Esbjerg", "76 16 10 00", "pd@jobcenter.dk", 2),
    ]  # fmt: skip
    team = [
        (m["name"], m["organisation"], m["person_id"], m["phone"], m["email"])
        for ref in ("A1", "A2", "A3", "B1")
        for m in json_of("team", "list", ref, "--db", str(target))
    ]
    assert team == [
        ("Kim Lund", "UU Esbjerg", 1, "12 34 56 78", "kim@uu.dk"),
        ("Peter Dam", "Jobcenter Esbjerg", 2, "76 16 10 00", "pd@jobcenter.dk"),
        ("Peter Dam", "Jobcenter Esbjerg", 2, "76 16 10 00", "pd@jobcenter.dk"),
        ("peter  dam", "Jobcenter Esbjerg", 3, "76 16 20 00", None),
        ("Kim Lund", "UU Esbjerg", 1, "12 34 56 78", "kim@uu.dk"),
        ("Kim Lund", "UU Esbjerg", 1, "12 34 56 78", "kim@uu.dk"),
    ]


def test_a_bundle_from_before_the_address_book_joins_it(
    run: Run, casefile: Path, json_of: Any, tmp_path: Path
) -> None:
    """A bundle made before m022_contacts has team members without a professional or contact
    details: each joins the receiving file's address book as a member of a new bundle does."""
    import sqlite3

    from efter.core import bundle

    source, target = tmp_path / "source.db", tmp_path / "target.db"
    for db in (source, target):
        ok(run("init", "--db", str(db)))
    ok(run("youth", "add", "Ung A1", "--born", "2009-03-14", "--ref", "A1", "--db", str(source)))
    ok(run("youth", "add", "Ung B1", "--born", "2009-03-14", "--ref", "B1", "--db", str(target)))
    ok(run("team", "add", "A1", "--role", "jobcenter", "--name", "Peter Dam", "--organisation",
           "Jobcenter Esbjerg", "--db", str(source)))  # fmt: skip
    ok(run("team", "add", "A1", "--role", "mentor", "--name", "Kim Lund", "--db", str(source)))
    ok(run("network", "add", "A1", "--role", "mor", "--name", "Lone", "--db", str(source)))
    ok(run("team", "add", "B1", "--role", "jobcenter", "--name", "Peter Dam", "--organisation",
           "Jobcenter Esbjerg", "--phone", "76161000", "--db", str(target)))  # fmt: skip
    path = tmp_path / "old.efter"
    ok(run("case", "export", "A1", "--out", str(path), "--db", str(source)))
    conn = sqlite3.connect(path)
    gone = ("professional_id", "phone", "email", "address")
    kept = [r[1] for r in conn.execute("PRAGMA table_info(member)") if r[1] not in gone]
    rows = conn.execute(f"SELECT {', '.join(kept)} FROM member ORDER BY id").fetchall()
    conn.execute("DROP TABLE member")
    conn.execute(f"CREATE TABLE member (id INTEGER PRIMARY KEY, {', '.join(kept[1:])})")
    conn.executemany(f"INSERT INTO member VALUES ({', '.join('?' for _ in kept)})", rows)
    conn.execute(
        "UPDATE manifest_part SET sha256 = ? WHERE part = 'member'", (bundle.digest(kept, rows),)
    )
    conn.commit()
    conn.close()
    ok(run("case", "import", str(path), "--db", str(target)))
    people = json_of("person", "list", "--db", str(target))
    assert [(p["id"], p["name"], p["phone"], p["cases"]) for p in people] == [
        (2, "Kim Lund", None, 1), (1, "Peter Dam", "76 16 10 00", 2),
    ]  # fmt: skip
    assert [
        (m["name"], m["person_id"], m["phone"]) for m in json_of("team", "list", "A1", "--db", str(target))
    ] == [("Peter Dam", 1, "76 16 10 00"), ("Kim Lund", 2, None)]  # fmt: skip
    assert [m["name"] for m in json_of("network", "list", "A1", "--db", str(target))] == ["Lone"]
