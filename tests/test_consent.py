"""Consent as a record (issue 13 §2): efter consent give|withdraw|list, a parent's consent
lapsing at 18, efter due's warning, and only covered parties in the contract and the agenda."""

import sqlite3
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import snapshot
from hypothesis import given
from hypothesis import strategies as st


def enrol(run: Any, *, born: str = "2009-03-14", basis: str | None = None) -> str:
    args = ["youth", "add", "Amalie Nørgaard", "--ref", "2025-0412", "--born", born,
            "--coordinator", "Mette Holm", "--start", "2025-09-01"]  # fmt: skip
    if basis:
        args += ["--legal-basis", basis]
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    for step in (
        ("team", "add", "1", "--role", "myndighedsrådgiver", "--name", "Lene Bach",
         "--from", "2025-09-01"),
        ("team", "add", "1", "--role", "ungevejleder", "--name", "Peter Dam",
         "--from", "2025-09-01"),
        ("network", "add", "1", "--role", "mor", "--name", "Helle Nørgaard",
         "--from", "2025-09-01"),
    ):  # fmt: skip
        assert run(*step).exit_code == 0
    return "1"


EXPECTED_LIST = (
    "ID   Given by   To                          About               From         Until        State\n"
    "──────────────────────────────────────────────────────────────────────────────────────────────────\n"
    "1    youth      Lene Bach, Helle Nørgaard   uddannelse, bolig   2026-11-28   2027-11-27   In force\n"
    "2    youth      Peter Dam                   all                 2026-11-28   2027-11-27   In force\n"
)  # fmt: skip


def test_give_and_list(run: Any, casefile: Path, json_of: Any) -> None:
    enrol(run)
    result = run(
        "consent", "give", "2025-0412", "--to", "Lene", "--to", "3", "--about", "uddannelse",
        "--about", "Bolig",
    )  # fmt: skip
    assert (result.exit_code, result.stdout) == (0, "1\n")
    assert result.stderr == (
        "Recorded consent 1 for Amalie Nørgaard (id 1): 2 parties, in force from 2026-11-28 "
        "to 2027-11-27.\n"
    )
    [record] = json_of("consent", "list", "1")
    assert record == {
        "id": 1, "youth_id": 1, "given_by": "youth", "parent_name": None,
        "from": "2026-11-28", "until": "2027-11-27", "last_day": "2027-11-27",
        "ends_because": "until", "withdrawn": None, "state": "in-force",
        "state_label": "In force", "health_to_network": False,
        "parties": [
            {"member_id": 1, "name": "Lene Bach", "side": "team", "role": "myndighedsrådgiver",
             "role_label": "Case worker", "organisation": ""},
            {"member_id": 3, "name": "Helle Nørgaard", "side": "network", "role": "mor",
             "role_label": "Mother", "organisation": ""},
        ],
        "areas": ["uddannelse", "bolig"],
        "area_labels": ["Education and employment", "Housing"],
        "note": "", "recorded": "2026-11-28",
    }  # fmt: skip
    # A role that only one person on the case has names that person.
    assert run("consent", "give", "1", "--to", "ungevejleder", "--about", "all").exit_code == 0
    listed = run("consent", "list")
    assert listed.exit_code == 0
    assert "Peter Dam" in listed.stdout
    assert "all" in listed.stdout
    assert json_of("consent", "list", "1")[1]["areas"] == [
        "uddannelse", "oekonomi", "bolig", "familie", "helbred", "psykisk", "rusmidler",
        "aftaler", "akter",
    ]  # fmt: skip
    one = run("consent", "list", "1")
    assert one.stdout == EXPECTED_LIST
    audit = (
        sqlite3.connect(casefile)
        .execute(
            "SELECT action, youth_id, command FROM audit_event WHERE command LIKE 'consent%' "
            "ORDER BY id"
        )
        .fetchall()
    )
    assert audit == [
        ("changed", 1, "consent give"),
        ("viewed", 1, "consent list"),
        ("changed", 1, "consent give"),
        ("viewed", 1, "consent list"),
        ("viewed", 1, "consent list"),
        ("viewed", 1, "consent list"),
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--to", "Nobody", "--about", "bolig"),
         "Nobody called 'Nobody' is on the case of Amalie Nørgaard (id 1): see 'efter team list 1' "
         "and 'efter network list 1', or use 'youth' or 'coordinator'."),
        (("--to", "coordinator", "--about", "bolig"),
         "--to: 'coordinator' is not a party to share with: give a team or network member (the "
         "young person and the coordinator are not parties to a consent)."),
        (("--to", "Lene", "--about", "astrologi"),
         "--about: 'astrologi' is not a known kind of information: give one of uddannelse, oekonomi, bolig, familie, helbred, psykisk, rusmidler, aftaler, akter."),
        (("--to", "Helle", "--about", "psykisk"),
         "Helle Nørgaard is in the private network, which has no duty of confidentiality, and "
         "'Mental well-being' is health information: record it for professionals only, or add "
         "--health-to-network if the young person wants the network told."),
        (("--to", "Helle", "--about", "helbred", "--health-to-network", "--by", "mor"),
         "--health-to-network: only the young person can agree that health information goes to "
         "the private network: leave it out, or record the young person's own consent."),
        (("--to", "Lene", "--about", "bolig", "--from", "2026-12-01", "--until", "2026-11-30"),
         "--until: 2026-11-30 is before the start date 2026-12-01: give 2026-12-01 or later."),
        (("--to", "Lene", "--about", "bolig", "--until", "2032-01-01"),
         "--until: 2032-01-01 is more than five years after the first day in force: a consent "
         "must have a period the young person can see the end of; give an earlier date."),
        (("--to", "Lene", "--about", "bolig", "--until", "31-02-2027"),
         "--until: '31-02-2027' does not exist (February 2027 has no day 31): write it "
         "as YYYY-MM-DD (2026-03-14) or DD-MM-YYYY (14-03-2026)."),
        (("--to", "Lene", "--about", "bolig", "--note", "a\x1bb"),
         "--note: the value contains the control character U+001B, which efter does not store: remove it and try again."),
    ],
)  # fmt: skip
def test_bad_consent_is_refused_and_changes_nothing(
    run: Any, casefile: Path, args: tuple[str, ...], message: str
) -> None:
    enrol(run)
    before = snapshot(casefile)
    result = run("consent", "give", "1", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"Error: {message}\n")
    assert snapshot(casefile) == before


def test_a_role_several_people_have_is_refused(run: Any, casefile: Path) -> None:
    enrol(run)
    run("team", "add", "1", "--role", "ungevejleder", "--name", "Sofie Vang")
    result = run("consent", "give", "1", "--to", "ungevejleder", "--about", "bolig")
    assert result.stderr == (
        "Error: --to: 'ungevejleder' is the role of several people on the case of Amalie Nørgaard "
        "(id 1) (ids 2, 4): consent is given per person, so give each one's id or name.\n"
    )
    missing = run("consent", "give", "1", "--about", "bolig")
    assert missing.exit_code == 2  # --to is required: a usage error


def test_parent_consent_lapses_at_18_born_29_february(
    run: Any, casefile: Path, json_of: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EFTER_TODAY", "2026-01-15")
    enrol(run, born="2008-02-29")
    given = run("consent", "give", "1", "--to", "Lene", "--about", "bolig", "--by", "Helle")
    assert given.stderr == (
        "Recorded consent 1 for Amalie Nørgaard (id 1): 1 party, in force from 2026-01-15 to "
        "2026-02-28 (a parent's consent: it lapses at 18).\n"
    )
    [record] = json_of("consent", "list", "1")
    assert (record["given_by"], record["parent_name"], record["last_day"]) == (
        "parent", "Helle Nørgaard", "2026-02-28",
    )  # fmt: skip
    # A month before, efter due warns.
    monkeypatch.setenv("EFTER_TODAY", "2026-02-01")
    assert json_of("due")["consents"] == [
        {"id": 1, "youth_id": 1, "youth_ref": "2025-0412", "youth_name": "Amalie Nørgaard",
         "last_day": "2026-02-28", "reason": "lapses at 18", "days": 27},
    ]  # fmt: skip
    text = run("due")
    assert "Consents that expire or lapse within a month" in text.stdout
    assert "lapses at 18" in text.stdout
    # In Danish the reason is Danish too (the --json value stays the code).
    monkeypatch.setenv("EFTER_LANG", "da")
    assert "bortfalder ved 18 år" in run("due").stdout
    assert json_of("due")["consents"][0]["reason"] == "lapses at 18"
    monkeypatch.delenv("EFTER_LANG")
    # On 28 February (2026 has no 29 February) she is still 17: the consent holds.
    monkeypatch.setenv("EFTER_TODAY", "2026-02-28")
    assert "| Myndighedsrådgiver | Lene Bach |" in run("contract", "render", "1").stdout
    # On 1 March she is 18 and it has lapsed: Lene Bach is no longer named.
    monkeypatch.setenv("EFTER_TODAY", "2026-03-01")
    assert json_of("consent", "list", "1")[0]["state"] == "lapsed"
    assert "Lene Bach" not in run("contract", "render", "1").stdout
    assert json_of("due")["consents"] == []
    # Now only the young person can consent.
    before = snapshot(casefile)
    late = run("consent", "give", "1", "--to", "Lene", "--about", "bolig", "--by", "parent")
    assert late.stderr == (
        "Error: --by: Amalie Nørgaard is 18 or older on 2026-03-01, so only the young person can "
        "give consent now: leave it out, or give youth.\n"
    )
    assert snapshot(casefile) == before


def test_due_warns_a_month_before_a_consent_expires(run: Any, casefile: Path, json_of: Any) -> None:
    enrol(run)
    run("consent", "give", "1", "--to", "Lene", "--about", "bolig", "--until", "2026-12-28")
    run("consent", "give", "1", "--to", "Peter", "--about", "bolig", "--until", "2026-12-29")
    assert [(c["id"], c["last_day"], c["reason"], c["days"]) for c in json_of("due")["consents"]] == [
        (1, "2026-12-28", "expires", 30),
    ]  # fmt: skip


def _two_coordinators_consents(run: Any) -> None:
    """Amalie (Mette Holm's) and Jonas (Ole Dam's), each with a consent ending in December."""
    enrol(run)
    for step in (
        ("youth", "add", "Jonas Berg", "--ref", "2025-0413", "--born", "2008-06-01",
         "--coordinator", "Ole Dam", "--start", "2025-09-01"),
        ("team", "add", "2", "--role", "ungevejleder", "--name", "Sara Lind",
         "--from", "2025-09-01"),
        ("consent", "give", "1", "--to", "Lene", "--about", "bolig", "--until", "2026-12-20"),
        ("consent", "give", "2", "--to", "Sara", "--about", "bolig", "--until", "2026-12-21"),
    ):  # fmt: skip
        result = run(*step)
        assert result.exit_code == 0, (step, result.stderr)


def test_due_for_one_coordinator_warns_of_their_consents_only(
    run: Any, casefile: Path, json_of: Any
) -> None:
    _two_coordinators_consents(run)

    def consents(*args: str) -> list[tuple[str, str, int]]:
        return [(c["youth_ref"], c["last_day"], c["days"])
                for c in json_of("due", *args)["consents"]]  # fmt: skip

    assert consents() == [("2025-0412", "2026-12-20", 22), ("2025-0413", "2026-12-21", 23)]
    # the coordinator's name without case, as everywhere --coordinator is given
    assert consents("--coordinator", "mette HOLM") == [("2025-0412", "2026-12-20", 22)]
    assert consents("--coordinator", "Ole Dam") == [("2025-0413", "2026-12-21", 23)]
    assert consents("--coordinator", "Nobody") == []
    table = run("due", "--coordinator", "Ole Dam").stdout
    assert "Jonas Berg" in table and "Amalie" not in table


@pytest.mark.laptop_only("SQLite's query plans")
def test_one_coordinators_ending_consents_are_read_by_their_young_people(
    run: Any, casefile: Path, statements: list[str]
) -> None:
    """`due --coordinator` reads the coordinator's active young people from the index by
    status and coordinator, then each one's consents through consent_youth, not every
    consent in force with its young person looked up (docs/performance.md)."""
    _two_coordinators_consents(run)
    statements.clear()
    assert run("due", "--coordinator", "Ole Dam").exit_code == 0
    (sql,) = [s for s in statements if s.startswith("SELECT c.*, y.born")]
    conn = sqlite3.connect(casefile)
    plan = [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
    conn.close()
    assert plan[0] == "SEARCH k USING COVERING INDEX youth_status_coordinator (status=?)", plan
    assert plan[1] == "SEARCH y USING INTEGER PRIMARY KEY (rowid=?)", plan
    assert plan[2].startswith("SEARCH c USING INDEX consent_youth (youth_id=?"), plan


def test_withdrawn_consent_is_history_and_leaves_contract_and_agenda(
    run: Any, casefile: Path, json_of: Any
) -> None:
    enrol(run)
    run("consent", "give", "1", "--to", "Lene", "--to", "Peter", "--to", "Helle",
        "--about", "aftaler")  # fmt: skip
    run("meeting", "plan", "1", "--at", "2026-12-14 14:00")
    agenda = run("meeting", "agenda", "1").stdout
    assert "| Helle Nørgaard | Mor |" in agenda
    assert "**Helle Nørgaard**, mor" in run("contract", "render", "1").stdout

    done = run("consent", "withdraw", "1")
    assert (done.exit_code, done.stderr) == (0, "Consent 1 is withdrawn from 2026-11-28.\n")
    [record] = json_of("consent", "list", "1")
    assert (record["state"], record["withdrawn"], record["last_day"]) == (
        "withdrawn", "2026-11-28", "2026-11-27",
    )  # fmt: skip
    contract = run("contract", "render", "1").stdout
    for name in ("Lene Bach", "Peter Dam", "Helle Nørgaard"):
        assert name not in contract
        assert name not in run("meeting", "agenda", "1").stdout
    assert (
        "> **Mangler:** 3 personer på sagen er ikke omfattet af et gældende samtykke og er "
        "derfor ikke nævnt her." in contract
    )
    assert "> **Mangler:** Der er ikke registreret et gældende samtykke." in contract

    before = snapshot(casefile)
    for args, message in (
        (("1",), "Consent 1 was already withdrawn on 2026-11-28: nothing to do."),
        (("7",), "No consent has the id '7': see 'efter consent list' for the ids."),
    ):
        bad = run("consent", "withdraw", *args)
        assert (bad.exit_code, bad.stderr) == (1, f"Error: {message}\n")
    run("consent", "give", "1", "--to", "Lene", "--about", "aftaler")
    after_give = snapshot(casefile)
    future = run("consent", "withdraw", "2", "--date", "2026-12-01")
    assert future.stderr == (
        "Error: The date 2026-12-01 is in the future: record a withdrawal on the day the young "
        "person (or parent) withdrew the consent.\n"
    )
    early = run("consent", "withdraw", "2", "--date", "2026-11-01")
    assert (early.exit_code, early.stderr) == (
        1,
        "Error: --date: 2026-11-01 is before the start date 2026-11-28: give 2026-11-28 or later.\n",
    )
    assert snapshot(casefile) == after_give != before


def test_contract_prints_the_111_duty_only_where_it_applies(run: Any, casefile: Path) -> None:
    # Placed under § 46, born 15-01-2010: the § 111 decision is due 15 July 2027, ahead.
    enrol(run, born="2010-01-15", basis="46")
    text = run("contract", "render", "1").stdout
    assert (
        "**Frist efter § 111:** Senest 15. juli 2027 reviderer kommunen ungeplanen sammen med\n"
        "Amalie Nørgaard og træffer afgørelse om ungestøtte efter §§ 114-116, jf. § 111 i "
        "Barnets lov." in text
    )
    english = run("contract", "render", "1", "--lang", "en").stdout
    assert "**Deadline under § 111:** By 15 July 2027" in english
    # Recorded as met: no longer printed.
    assert run("deadline", "met", "1", "s111", "--date", "2026-11-20").exit_code == 0
    assert "§ 111:" not in run("contract", "render", "1").stdout


@pytest.mark.parametrize(("born", "basis"), [("2010-01-15", "32"), ("2010-01-15", None),
                                             ("2008-05-01", "46")])  # fmt: skip
def test_no_111_duty_for_32_no_basis_or_an_18_year_old(
    run: Any, casefile: Path, born: str, basis: str | None
) -> None:
    enrol(run, born=born, basis=basis)
    text = run("contract", "render", "1").stdout
    assert "§ 111" not in text
    assert "en forpligtende samarbejdsaftale" in text
    assert "Kontrakten er ikke en afgørelse, og den ændrer ikke den unges rettigheder" in text
    if born == "2008-05-01":  # 18 already
        assert "**Efter 18 år:** Handlekommunen kan være skiftet" in text
    else:
        assert "**Når Amalie Nørgaard fylder 18 år** (15. januar 2028)" in text
    if basis == "32":
        assert "Kommunen tager stilling til, om der skal udarbejdes en ungeplan." in text


def test_missing_minimum_team_and_coordinator_details(run: Any, casefile: Path) -> None:
    run("youth", "add", "Jonas", "--born", "2010-01-09")
    run("team", "add", "1", "--role", "jobcenter", "--name", "Hanne Friis")
    text = run("contract", "render", "1").stdout
    assert (
        "> **Mangler:** Teamet er ikke på plads endnu. Der mangler: myndighedsrådgiver, "
        "koordinator." in text
    )
    assert (
        "> **Mangler:** Koordinatorens telefonnummer og e-mail (efter config set "
        "coordinator-phone / coordinator-email)." in text
    )
    run("team", "add", "1", "--role", "myndighedsrådgiver", "--name", "Lene Bach")
    run("youth", "edit", "1", "--coordinator", "Mette Holm")
    run("config", "set", "coordinator-phone", "76 16 20 30")
    text = run("contract", "render", "1").stdout
    assert "Teamet er ikke på plads" not in text
    assert "**Ansvarlig tværgående koordinator:** Mette Holm, tlf. 76 16 20 30" in text
    assert "> **Mangler:** Koordinatorens e-mail (efter config set" in text


def test_each_coordinator_may_have_their_own_phone_and_email(
    run: Any, casefile: Path, json_of: Any
) -> None:
    run("youth", "add", "Jonas", "--born", "2010-01-09", "--coordinator", "Mette Holm")
    run("youth", "add", "Sara", "--born", "2010-03-09", "--coordinator", "Ole Dam")
    run("config", "set", "coordinator-phone", "76 16 20 30")
    own = run("config", "set", "coordinator-phone", "76 16 20 41", "--coordinator", "mette holm")
    assert (own.exit_code, own.stderr) == (0, "coordinator-phone:mette holm = 76 16 20 41\n")
    assert run("config", "set", "coordinator-email", "meho@esbjerg.dk",
               "--coordinator", "Mette Holm").exit_code == 0  # fmt: skip
    assert json_of("config", "list")["coordinator-phone:mette holm"] == "76 16 20 41"
    # a name no young person has is kept, with a warning (the first case may come later)
    typo = run("config", "set", "coordinator-phone", "1", "--coordinator", "Mette Hlom")
    assert (typo.exit_code, typo.stderr) == (
        0,
        "Warning: No young person on file has Mette Hlom as coordinator yet: check the spelling "
        "('efter report caseload' lists the coordinators).\ncoordinator-phone:Mette Hlom = 1\n",
    )
    assert (
        run("config", "set", "coordinator-phone", "", "--coordinator", "Mette Hlom").exit_code == 0
    )
    # the key as 'config list' shows it sets it too
    again = run("config", "set", "coordinator-phone:mette holm", "76 16 20 41")
    assert (again.exit_code, again.stderr) == (0, "coordinator-phone:mette holm = 76 16 20 41\n")
    # her name in other capitals is the same coordinator: one value, replaced
    assert run("config", "set", "coordinator-phone", "76 16 20 42",
               "--coordinator", "METTE HOLM").exit_code == 0  # fmt: skip
    assert run("config", "set", "coordinator-phone", "76 16 20 41",
               "--coordinator", "mette holm").exit_code == 0  # fmt: skip
    assert [k for k in json_of("config", "list") if k.startswith("coordinator-phone:")] == [
        "coordinator-phone:mette holm"
    ]
    mette = run("contract", "render", "1").stdout
    assert "**Ansvarlig tværgående koordinator:** Mette Holm, tlf. 76 16 20 41" in mette
    assert "meho@esbjerg.dk" in mette and "Koordinatorens e-mail" not in mette
    ole = run("contract", "render", "2").stdout  # Ole has none of his own: the common one
    assert "**Ansvarlig tværgående koordinator:** Ole Dam, tlf. 76 16 20 30" in ole
    assert "meho@esbjerg.dk" not in ole and "> **Mangler:** Koordinatorens e-mail" in ole
    gone = run("config", "set", "coordinator-phone", "", "--coordinator", "Mette Holm")
    assert gone.stderr == (
        "Mette Holm has no coordinator-phone of their own now: the common one applies.\n"
    )
    assert not [k for k in json_of("config", "list") if k.startswith("coordinator-phone:")]
    assert "Mette Holm, tlf. 76 16 20 30" in run("contract", "render", "1").stdout
    before = snapshot(casefile)
    wrong = run("config", "set", "dpo", "Lis", "--coordinator", "Mette Holm")
    assert (wrong.exit_code, wrong.stderr) == (
        1,
        "Error: --coordinator: the setting dpo is the same for every coordinator: give a "
        "coordinator only with coordinator-phone or coordinator-email.\n",
    )
    empty = run("config", "set", "coordinator-phone", "1", "--coordinator", " ")
    assert (empty.exit_code, empty.stderr) == (
        1,
        "Error: --coordinator: the coordinator's name is empty: give a name.\n",
    )
    assert snapshot(casefile) == before


def test_consent_form_parent_line_only_under_18(
    run: Any, casefile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    enrol(run, born="2008-12-20")
    run("consent", "give", "1", "--to", "Lene", "--about", "bolig")
    young = run("document", "consent", "1").stdout
    assert "Forældremyndighedsindehaver (den unge er under 18 år)" in young
    assert "| Lene Bach | Myndighedsrådgiver | Bolig |" in young
    assert (
        "> **Mangler:** Den dataansvarlige kommune, den dataansvarliges kontaktoplysninger, "
        "databeskyttelsesrådgiveren skal stå på erklæringen" in young
    )
    monkeypatch.setenv("EFTER_TODAY", "2026-12-20")
    adult = run("document", "consent", "1", "--lang", "en").stdout
    assert "parental responsibility (the young person is under 18)" not in adult
    assert "Datatilsynet" in adult


def test_a_closed_case_gets_no_new_consent(run: Any, casefile: Path) -> None:
    enrol(run)
    assert run("youth", "close", "1", "--outcome", "education").exit_code == 0
    before = snapshot(casefile)
    result = run("consent", "give", "1", "--to", "Lene", "--about", "bolig")
    assert result.stderr == (
        "Error: The case of Amalie Nørgaard (id 1) is closed: reopen it before recording a "
        "consent.\n"
    )
    assert snapshot(casefile) == before


@given(
    born=st.dates(date(1995, 1, 1), date(2012, 12, 31)),
    offset=st.integers(0, 20 * 366),
)
def test_a_parents_consent_never_reaches_the_18th_birthday(born: date, offset: int) -> None:
    from efter.core import consent
    from efter.core.dates import age_on

    eighteen = consent.eighteenth(born)
    assert age_on(born, eighteen) == 18
    assert age_on(born, eighteen - timedelta(days=1)) == 17
    if (born.month, born.day) == (2, 29) and eighteen.year % 4:
        assert (eighteen.month, eighteen.day) == (3, 1)
    starts = born + timedelta(days=offset)
    row = {"given_by": "parent", "starts": starts.isoformat(),
           "until": (starts + timedelta(days=365)).isoformat(), "withdrawn": None}  # fmt: skip
    last, why = consent.last_day(row, born)
    assert last < eighteen
    assert why == ("lapsed" if last == eighteen - timedelta(days=1) and
                   row["until"] > last.isoformat() else "until")  # fmt: skip
    assert consent.state(row, born, eighteen) in ("lapsed", "expired")


def test_contract_agreements_carry_their_status(run: Any, casefile: Path) -> None:
    enrol(run)
    run("consent", "give", "1", "--to", "Peter", "--about", "aftaler")
    for what, due in (("Søge ind på EUD", "2026-11-20"), ("Ringe til SU-kontoret", "2026-12-20")):
        assert run("agreement", "add", "1", "--what", what, "--owner", "Peter",
                   "--due", due).exit_code == 0  # fmt: skip
    assert run("agreement", "done", "1", "--date", "2026-11-25").exit_code == 0
    text = run("contract", "render", "1").stdout
    assert (
        "| 1 | Søge ind på EUD | Peter Dam (ungevejleder) | 20. november 2026 | "
        "Gennemført 25. november 2026 (efter fristen) |" in text
    )
    assert (
        "| 2 | Ringe til SU-kontoret | Peter Dam (ungevejleder) | 20. december 2026 | Åben |"
        in text
    )
    english = run("contract", "render", "1", "--lang", "en").stdout
    assert "| Kept 25 November 2026 (after the deadline) |" in english
