"""Builds the demo case file from the example files (Danish spreadsheet CSVs), through the
same importer as 'efter import': each file all or nothing."""

import csv
from pathlib import Path
from typing import Any

from efter.core import youth as core
from efter.core.casefile import CaseFile
from efter.core.errors import InvalidInput
from efter.core.i18n import day_text, language, nt, t
from efter.resources import packaged_dir


def _import(casefile: CaseFile, names: tuple[str, ...]) -> dict[str, tuple[int, int]]:
    """Import examples/NAME.csv for each name in one transaction: {name: (created, people)}."""
    from efter.transfer import importer, readers
    from efter.transfer.kinds import registry

    examples = packaged_dir("examples")
    done: dict[str, tuple[int, int]] = {}
    with casefile.write() as conn:
        for name in names:
            path = examples / f"{name}.csv"
            kind = registry()[name]
            source = readers.open_source(str(path))
            try:
                plan = importer.validate(conn, kind, readers.read(source, "csv", kind))
                if not plan.ok:
                    raise InvalidInput(
                        t(
                            "The example file {name} does not import ({text}): reinstall efter.",
                            name=path.name,
                            text=plan.problems[0].text(),
                        )
                    )
                touched = importer.apply(conn, plan)
            finally:
                source.close()
            done[name] = (plan.count("create"), len(touched))
    return done


def build_demo(casefile: CaseFile) -> str:
    done = _import(casefile, ("youth", "team", "network", "meetings", "agreements"))
    return t(
        "Enrolled {young} young people with {around} people around them, {meetings} meetings "
        "and {agreements} agreements (imported from examples/ as 'efter import' does).",
        young=done["youth"][0],
        around=done["team"][0] + done["network"][0],
        meetings=done["meetings"][0],
        agreements=done["agreements"][0],
    )


def shared_advisers(casefile: CaseFile) -> str:
    """The address book the team import made (issue 18): the professionals on more than one
    case, found by name and organisation as 'efter team add' finds them."""
    from efter.core import addressbook, clock

    with casefile.write() as conn:
        people = addressbook.list_people(conn, clock.today().isoformat())
    shared = [p for p in people if p["cases"] > 1]
    named = t(" and ").join(
        nt("{name} (person {id}, {n} case)", "{name} (person {id}, {n} cases)", p["cases"],
           name=p["name"], id=p["id"])
        for p in shared
    )  # fmt: skip
    return nt(
        "The address book holds {n} professional; {named} sit on more than one case: a phone "
        "number changed once ('efter person edit') changes on every case.",
        "The address book holds {n} professionals; {named} sit on more than one case: a phone "
        "number changed once ('efter person edit') changes on every case.",
        len(people),
        named=named,
    )


def build_consents(casefile: CaseFile) -> str:
    """Consent records (issue 13): Amalie's own consent to her team and part of her network
    (Onkel Bent is not covered, so the contract leaves him out and says so), Mathias's, which
    expires within a month (efter due warns), and the office's details the forms print."""
    from datetime import timedelta

    from efter.core import clock, consent, settings
    from efter.core.dates import add_months

    today = clock.today()
    with casefile.write() as conn:
        for key, value in (
            ("municipality-name", "Esbjerg"),
            ("controller-contact", "Torvegade 74, 6700 Esbjerg, tlf. 76 16 16 16"),
            ("dpo", "Databeskyttelsesrådgiveren, databeskyttelse@esbjerg.dk"),
            ("coordinator-phone", "76 16 20 30"),
            ("coordinator-email", "mette.holm@esbjerg.dk"),
        ):
            settings.set_value(conn, key, value)
        # the colleague who takes over a case (build_handover) has her own phone and e-mail
        settings.set_value(conn, "coordinator-phone", "76 16 20 44", HANDOVER_TO)
        settings.set_value(conn, "coordinator-email", "sanne.vestergaard@esbjerg.dk", HANDOVER_TO)
        amalie = core.find(conn, "2025-0412")
        given = [
            consent.give(
                conn, amalie, ["Lene Bach", "Peter Dam", "Hanne Friis", "Kim Sørensen"],
                ["uddannelse", "oekonomi", "bolig", "psykisk", "aftaler"],
                starts=today - timedelta(days=60),
            ),
            consent.give(
                conn, amalie, ["Helle Nørgaard", "Birgit Mølgaard"],
                ["uddannelse", "bolig", "aftaler"], starts=today - timedelta(days=60),
            ),
        ]  # fmt: skip
        mathias = core.find(conn, "2025-0419")
        given.append(
            consent.give(
                conn, mathias, ["Lene Bach", "Peter Dam"], ["uddannelse", "aftaler"],
                starts=add_months(today, -12) + timedelta(days=20),
            )
        )  # fmt: skip
    return t(
        "Recorded {count} consents: who may be told what (efter consent list); one expires "
        "within a month (efter due).",
        count=len(given),
    )


def build_meetings(casefile: CaseFile) -> tuple[str, int]:
    """Meetings, goals and agreements for the demo, dated around today: one network meeting
    held six weeks ago with its agreements, the next ones planned, and the milestones.
    Returns a summary and the id of the next meeting (whose agenda the demo prints)."""
    from datetime import datetime, time, timedelta

    from efter.core import agreements, clock, goals, meetings

    today = clock.today()
    examples = packaged_dir("examples")
    minutes = (examples / "minutes.txt").read_text(encoding="utf-8")
    with casefile.write() as conn:
        amalie = core.find(conn, "amalie noergaard")  # by name, as a coordinator types it
        held_at, _ = meetings.next_working_day(
            datetime.combine(today - timedelta(days=45), time(14, 0))
        )
        place = "Ungeindsatsen Esbjerg, Torvegade 74"
        slots = meetings.prepare([(held_at, None)], today=today, force=True)
        [first] = meetings.plan(
            conn, amalie, slots, kind="network", duration=90, place=place,
            leader="Mette Holm", minute_taker="Peter Dam", force=True,
        )  # fmt: skip
        school = goals.add(
            conn, amalie, text="Gennemføre 10. klasse og søge ind på en erhvervsuddannelse",
            area="uddannelse", meeting=str(first),
        )  # fmt: skip
        mornings = goals.add(
            conn, amalie, text="Møde til tiden hver dag", area=None, parent=str(school)
        )
        goals.add(conn, amalie, text="Flytte i egen lejlighed med bostøtte", area="bolig")
        plan = [
            ("Søge ind på 10. klasse på Rybners", "youth", -20, school),
            ("Skaffe et vækkeur og en fast sengetid", "Helle Nørgaard", -30, mornings),
            ("Ringe til jobcentret om praktik i en tømrervirksomhed", "Peter Dam", 10, None),
            ("Finde en lektiehjælper via Røde Kors", "Birgit", -5, school),
            ("Undersøge kørekort med Onkel Bent", "coordinator", 60, None),
        ]
        ids = [
            agreements.add(
                conn, amalie, what=what, owner=owner,
                due=(held_at.date() + timedelta(days=45 + days)).isoformat(),
                goal=str(goal) if goal else None, meeting=str(first), today=held_at.date(),
            )
            for what, owner, days, goal in plan
        ]  # fmt: skip
        meeting_row = meetings.get(conn, str(first))
        meetings.held(
            conn, meeting_row, attended=["youth", "coordinator", "Peter Dam", "Kim Sørensen"],
            apologies=["Helle Nørgaard"], guests=[], minutes=minutes,
            follow=meetings.FollowUp(), today=today,
        )  # fmt: skip
        agreements.done(conn, agreements.get(conn, str(ids[1])), today - timedelta(days=20))
        next_at = datetime.combine(today + timedelta(days=10), time(14, 0))
        series = meetings.series(next_at, "4 months", 3, None)
        upcoming = meetings.plan(
            conn, amalie, meetings.prepare([(when, None) for when in series], today=today,
                                           force=False),
            kind="network", duration=90, place=place, leader="Mette Holm",
            minute_taker="Peter Dam", force=False,
        )  # fmt: skip
        meetings.add_apologies(conn, meetings.get(conn, str(upcoming[0])), ["Hanne Friis"])
        from efter.core import journal

        journal.add(conn, amalie, "Ringede til mor (Helle). Hun kommer til næste netværksmøde.")
        called = journal.add(conn, amalie, "Amalie har fået praktik hos tømrer Jensen fra mandag.")
        journal.correct(
            conn,
            journal.get(conn, str(called)),
            "Amalie har fået praktik hos tømrer Jensen fra onsdag (ikke mandag).",
        )
        milestones = 0
        for ref in ("2025-0419", "2025-0457"):
            young = core.find(conn, ref)
            ahead = meetings.milestone_dates(young, today)
            wanted: list[tuple[datetime, str | None]] = [
                (datetime.combine(m.day, time(10, 0)), m.code) for m in ahead
            ]
            bound = {m.code: m.deadline for m in ahead if m.deadline is not None}
            milestones += len(
                meetings.plan(
                    conn, young,
                    meetings.prepare(wanted, today=today, force=False, deadlines=bound),
                    kind="milestone", duration=90, place=None, leader="Mette Holm",
                    minute_taker=None, force=False,
                )
            )  # fmt: skip
    summary = t(
        "Held one network meeting with {agreements} agreements, planned {more} more and "
        "{milestones} milestone meetings; two journal notes, one corrected.",
        agreements=len(ids),
        more=len(upcoming),
        milestones=milestones,
    )
    return summary, upcoming[0]


def write_agenda(casefile: CaseFile, meeting_id: int, folder: Path) -> tuple[Path, Path]:
    """The next meeting's agenda as Markdown and as a print-ready HTML page, in Danish."""
    from efter.core import audit, meetings, outfile
    from efter.render.meetings import render

    paths = (folder / f"dagsorden-{meeting_id}.md", folder / f"dagsorden-{meeting_id}.html")
    with casefile.write() as conn:
        row = meetings.get(conn, str(meeting_id))
        for path, fmt in zip(paths, ("md", "html"), strict=True):
            outfile.write(path, render(conn, row, "agenda", lang="da", fmt=fmt), replace=True)
        audit.note("rendered", [row["youth_id"]])
    return paths


RATING_COLUMNS = {
    "sagsnr": "ref", "livsområde": "area", "score": "score", "fase": "phase", "dato": "date",
    "vurderet_af": "rated_by",
}  # fmt: skip


def build_demo_ratings(casefile: CaseFile) -> str:
    """Start, meeting and end ratings from examples/ratings.csv."""
    created, people = _import(casefile, ("ratings",))["ratings"]
    return t(
        "Recorded {created} ratings of life areas for {people} of them.",
        created=created,
        people=people,
    )


# --- documents (issue 5): measures, and a contract to print --------------------------------

MEASURE_COLUMNS = {
    "sagsnr": "ref", "indsats": "kind", "udbyder": "provider", "lovgrundlag": "legal_basis",
    "fra": "started", "til": "ended", "note": "note",
}  # fmt: skip
DEMO_CONTRACT_REF = "2025-0412"


def _rows(path: Path, columns: dict[str, str]) -> list[dict[str, Any]]:
    """A Danish-spreadsheet CSV (semicolon, Danish headers) as rows of efter field names."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [
            {columns[key]: value for key, value in row.items() if key in columns}
            for row in csv.DictReader(handle, delimiter=";")
        ]


def _demo_plan(conn: Any, youth: Any) -> None:
    """Goals, agreements and a planned meeting for the demo contract, unless the case has some
    already (the goal, agreement and meeting commands fill them in a real case)."""
    if conn.execute("SELECT 1 FROM goal WHERE youth_id = ?", (youth.id,)).fetchone():
        return
    from efter.core import agreements, goals, meetings

    member = {
        row["role"]: row["id"]
        for row in conn.execute("SELECT id, role FROM member WHERE youth_id = ?", (youth.id,))
    }

    def goal(area: str, text: str, parent: int | None = None) -> int:
        return goals.add(
            conn, youth, text=text, area=area, parent=None if parent is None else str(parent)
        )

    school = goal("uddannelse", "Amalie gennemfører 10. klasse og starter på en erhvervsuddannelse")
    goal("uddannelse", "Møder op mindst fire dage om ugen", school)
    home = goal("bolig", "Flytter i egen bolig, når hun fylder 18")
    goal("bolig", "Kan lave et månedsbudget selv", home)
    for what, owner, owner_id, due, goal_id in (
        ("Søger optagelse på EUD inden fristen", "member", member.get("ungevejleder"),
         "2027-03-01", school),
        ("Tjekker skemaet hver søndag aften", "youth", None, "2026-12-31", school),
        ("Indkalder til netværksmøde om bolig", "coordinator", None, "2027-01-15", home),
        ("Øvekørsel med Amalie to gange om måneden", "member", member.get("perifer-voksen"),
         "2027-02-01", None),
    ):  # fmt: skip
        if owner == "member" and owner_id is None:
            continue
        if conn.execute(
            "SELECT 1 FROM agreement WHERE youth_id = ? AND what = ?", (youth.id, what)
        ).fetchone():
            continue
        agreements.insert_many(
            conn,
            [(youth.id, {"what": what, "owner": owner, "owner_member_id": owner_id, "due": due,
                         "goal_id": goal_id})],
        )  # fmt: skip
    if not conn.execute(
        "SELECT 1 FROM meeting WHERE youth_id = ? AND status = 'planned'", (youth.id,)
    ).fetchone():
        meetings.insert_many(
            conn,
            [(youth.id, {"kind": "milestone", "milestone": "18.5", "starts": "2027-03-04T14:00",
                         "duration": 90, "place": "Ungeindsatsen, Esbjerg", "leader": None,
                         "minute_taker": None})],
        )  # fmt: skip


def build_documents_demo(casefile: CaseFile, folder: Path) -> tuple[str, Path]:
    """Measures from examples/measures.csv, and the contract of one young person saved as
    version 1 and rendered to HTML in the demo folder."""
    from efter.core import clock, contracts, measures
    from efter.render.case_documents import render

    with casefile.write() as conn:
        rows = _rows(packaged_dir("examples") / "measures.csv", MEASURE_COLUMNS)
        for row in rows:
            measures.add(conn, core.find(conn, row["ref"]), row)
        person = core.find(conn, DEMO_CONTRACT_REF)
        _demo_plan(conn, person)
        saved = render(conn, person, "contract")
        contracts.save(
            conn, person, saved.markdown, template=saved.template, source=saved.source,
            lang="da", on=clock.today(),
        )  # fmt: skip
        page = render(conn, person, "contract", fmt="html")
    path = folder / f"samarbejdskontrakt-{DEMO_CONTRACT_REF}.html"
    from efter.core import outfile

    outfile.write(path, str(page.content), replace=True)
    said = t(
        "Recorded {count} measures and saved a contract for {name}.",
        count=len(rows),
        name=person.name,
    )
    return said, path


def safekeeping_demo(path: Path) -> list[str]:
    """A backup of the demo file and the doctor's verdict on it (issue 7)."""
    from efter.core import safekeeping
    from efter.core.casefile import open_casefile

    with open_casefile(path) as casefile:
        copy = safekeeping.backup(casefile, None)
    findings = safekeeping.doctor(path)
    notes = [f"{t(f.check)}: {f.message}" for f in findings if f.status != "ok"]
    sound = safekeeping.exit_code(findings) == 0
    verdict = t("Doctor: the file is sound") if sound else t("Doctor: the file is NOT sound")
    return [
        t("Backup copy: {copy}", copy=copy),
        verdict + (f" ({'; '.join(notes)})" if notes else "."),
    ]


DEMO_MODEL = "Vejen til uddannelse og beskæftigelse"
DEMO_SUPPLEMENT = "EMPOWER4U->DRØMMEJOB"


def add_demo_programmes(casefile: CaseFile) -> None:
    """Issue 18: the two programmes of the example files, before anyone joins them: the
    collaboration model, and EMPOWER4U->DRØMMEJOB, a supplement of about 1½ years (78 weeks)
    whose cohorts start with a camp (the planned end follows from the weeks)."""
    from efter.core import programmes

    with casefile.write() as conn:
        programmes.add(conn, DEMO_MODEL, "model")
        programmes.add(conn, DEMO_SUPPLEMENT, "supplement", weeks="78")
        supplement = programmes.find(conn, DEMO_SUPPLEMENT)
        for cohort, starts in (("Hold 2", "2024-04-08"), ("Hold 3", "2026-01-12")):
            programmes.set_cohort(
                conn, supplement, cohort, starts=starts, place="Lejrskolen på Rømø"
            )


def build_programmes_demo(casefile: CaseFile) -> str:
    """One young person in both programmes: Amalie, in the model since her case began, joins
    EMPOWER4U's Hold 3 at its camp (examples/programmes.csv, imported as 'efter import
    programmes' does)."""
    from efter.core import programmes

    _import(casefile, ("programmes",))
    with casefile.write() as conn:
        person = core.find(conn, DEMO_CONTRACT_REF)
        both = [p["programme"] for p in programmes.periods(conn, person.id)]
    return t(
        "{name} is in {programmes} (efter programme periods {ref}).",
        name=person.name,
        programmes=t(" and ").join(both),
        ref=person.ref,
    )


def build_reports_demo(casefile: CaseFile) -> str:
    """Issue 9: a closed cohort from 2024, what everyone is doing, and a programme price, so
    the outcomes report has something to say. Closing proposes the outcome from the status."""
    from efter.core import prices, status
    from efter.core.dates import parse_date

    examples = packaged_dir("examples")
    closed_columns = {
        "sagsnr": "ref", "navn": "name", "fødselsdato": "born", "kommune": "municipality",
        "opvækstkommune": "home_municipality", "anbringelsessted": "placement_site",
        "indsats": "programme", "hold": "cohort", "koordinator": "coordinator",
        "startdato": "start", "afsluttet": "closed",
    }  # fmt: skip
    with casefile.write() as conn:
        closing = []
        for row in _rows(examples / "afsluttede.csv", closed_columns):
            closed = row.pop("closed")
            closing.append((core.add(conn, row), parse_date(closed, "closing date")))
        periods = 0
        for row in _rows(
            examples / "status.csv",
            {"sagsnr": "ref", "uddannelse": "education", "beskæftigelse": "work",
             "fra": "starts", "note": "note"},
        ):  # fmt: skip
            status.record(
                conn,
                core.find(conn, row["ref"]),
                education=row["education"],
                work=row["work"],
                starts=parse_date(row["starts"], "status date"),
                note=row["note"],
            )
            periods += 1
        for youth_id, day in closing:
            outcome, _ = status.proposed_outcome(conn, youth_id, day)
            core.close(conn, core.find(conn, str(youth_id)), day, outcome)
        for row in _rows(
            examples / "priser.csv", {"indsats": "programme", "pris pr. ung": "price"}
        ):
            prices.set_price(conn, row["programme"], row["price"])
    return t(
        "Closed {count} cases from 2024 and recorded {periods} status periods.",
        count=len(closing),
        periods=periods,
    )


HANDOVER_REF = "2026-0038"
HANDOVER_TO = "Sanne Vestergaard"


def build_handover(casefile: CaseFile, folder: Path) -> tuple[str, Path]:
    """Issue 16: one case handed over to a new coordinator two weeks ago, with the
    overdragelsesnotat written to the demo folder (as 'efter youth handover --out' does)."""
    from datetime import timedelta

    from efter.core import audit, clock, handover, outfile
    from efter.render import handover as notes

    today = clock.today()
    day = today - timedelta(days=14)
    with casefile.write() as conn:
        person = core.find(conn, HANDOVER_REF)
        previous = person.coordinator
        handover.check(conn, person, HANDOVER_TO, day)
        handover.record(conn, person, HANDOVER_TO, day)
        person = core.find(conn, f"id:{person.id}")
        note = notes.render(
            conn, person, previous=previous, to=HANDOVER_TO, on=day, today=today, lang="da"
        )
        audit.note("changed", [person.id])
    path = folder / f"overdragelsesnotat-{HANDOVER_REF}.md"
    outfile.write(path, note, replace=True)
    said = t(
        "Handed the case of {name} over from {previous} to {new} on {day}, with a handover note.",
        name=person.name,
        previous=previous,
        new=HANDOVER_TO,
        day=day_text(day),
    )
    return said, path


def build_statutory_demo(casefile: CaseFile) -> str:
    """Issue 13: the statutory dates by the legal basis on file. The § 111 decision for Amalie
    and the ungeplan for Jonas (placed after 16) are recorded as met, and Mathias' 18th
    birthday as handled (the acting municipality settled before it), as a coordinator would
    with `efter deadline met`; then every active young person's dates are judged by the rules."""
    from datetime import date

    from efter.core import clock, deadlines, rules

    today = clock.today()
    with casefile.write() as conn:
        for ref, code, day, note in (
            ("2025-0412", "s111", date(2026, 9, 10), "Afgørelse om ungestøtte (§ 114)"),
            ("2025-0457", "ungeplan", date(2026, 4, 20), "Ungeplan lavet med Jonas"),
            ("2025-0419", "adult", date(2026, 10, 20), "Handlekommunen afklaret før 18 år"),
        ):
            if day <= today:
                deadlines.record(conn, core.find(conn, ref), code, day, note)
        people = [p.row for p in core.list_youth(conn, status="active")]
        judged = deadlines.judged_many(conn, people, today)
    counts: dict[str, int] = {}
    for items in judged.values():
        for item in items:
            counts[item.status] = counts.get(item.status, 0) + 1
    words = {code: t(word) for code, word in rules.STATUS_WORDS.items()}  # the one set
    words["before_enrolment"] = t("{status} (check)", status=words["before_enrolment"])
    said = ", ".join(f"{counts[k]} {words[k]}" for k in rules.STATUSES if counts.get(k))
    return t(
        "Statutory dates and deadlines by the legal basis on file: {said} (efter deadline list).",
        said=said,
    )


def bundle_demo(path: Path, ref: str = DEMO_CONTRACT_REF) -> list[str]:
    """Issue 16: one young person's case as a case bundle, and a second case file built from
    it, as a colleague taking over the case (or the new municipality) receives it."""
    from efter.core import audit, bundle
    from efter.core.casefile import create_casefile, open_casefile

    folder = path.parent
    out = folder / f"sag-{ref}.bundle"
    with open_casefile(path) as casefile, casefile.write() as conn:
        person = core.find(conn, ref)
        bundle.write(bundle.gather(conn, [person.id]), out, passphrase=None, replace=True)
        audit.note("exported", [person.id])
    second = folder / "modtager.db"
    for suffix in ("", "-wal", "-shm"):
        second.with_name(second.name + suffix).unlink(missing_ok=True)
    received = bundle.read(out)
    target, _ = create_casefile(second)
    with target, target.write() as conn:
        plan = bundle.plan_and_apply(conn, received, as_ref=None, write=True)
        audit.note("changed", [new for *_, new in plan.received])
    rows = sum(plan.counts.values())
    return [
        t(
            "Case bundle of {name}: {out} ({rows} rows, a SHA-256 for each part)",
            name=person.name,
            out=out,
            rows=rows,
        ),
        t("A second case file built from it: {second}", second=second),
    ]


# --- the model's tools (issue 13 §4): closeness, kinds of meetings, overview, checklist ------

DEMO_MAP = {
    # name: (closeness, what the person can help with)
    "Helle Nørgaard": ("tæt", "Weekender, tøjvask og en snak om alt"),
    "Onkel Bent [genfundet]": ("fjern", "Øvekørsel til kørekortet"),
    "Birgit Mølgaard": ("mellem", "Lektiehjælp to gange om ugen"),
    "Peter Dam": ("tæt", "Valg af uddannelse og ansøgninger"),
}


def build_tools_demo(casefile: CaseFile, folder: Path) -> tuple[str, list[Path]]:
    """Closeness and help on the network map of one young person, a start meeting, and the
    model's other tools written to the demo folder: network map (rings), netværksoverblik,
    mødetjekliste for the next milestone meeting, dialogskema."""
    from efter.core import audit, clock, meetings, members
    from efter.render.case_documents import render

    today = clock.today()
    with casefile.write() as conn:
        person = core.find(conn, DEMO_CONTRACT_REF)
        for row in conn.execute(
            "SELECT * FROM member WHERE youth_id = ? AND ended IS NULL", (person.id,)
        ).fetchall():
            if row["name"] in DEMO_MAP:
                closeness, can_help = DEMO_MAP[row["name"]]
                members.set_map(conn, row, closeness, can_help)
        # A young person enrolled today gets a start meeting in a week's time.
        newest = conn.execute(
            "SELECT * FROM youth WHERE status = 'active' AND id NOT IN "
            "(SELECT youth_id FROM meeting WHERE kind = 'start') ORDER BY start DESC, id LIMIT 1"
        ).fetchone()
        if newest is not None:
            young = core.Youth(newest)
            from datetime import datetime, time, timedelta

            when = datetime.combine(today + timedelta(days=7), time(10, 0))
            meetings.plan(
                conn, young, meetings.prepare([(when, None)], today=today, force=False),
                kind="start", duration=90, place=None, leader="Mette Holm", minute_taker=None,
                force=False,
            )  # fmt: skip
        kinds = conn.execute(
            "SELECT kind, milestone, count(*) FROM meeting GROUP BY kind, milestone"
        ).fetchall()
        milestone = conn.execute(
            "SELECT milestone FROM meeting WHERE youth_id = ? AND status = 'planned' "
            "AND milestone IS NOT NULL ORDER BY starts LIMIT 1",
            (person.id,),
        ).fetchone()
        paths = []
        for kind, stem in (
            ("network-map", "netvaerkskort"),
            ("network-overview", "netvaerksoverblik"),
            ("meeting-checklist", "moedetjekliste"),
            ("dialogue", "dialogskema"),
        ):
            page = render(
                conn, person, kind, fmt="html",
                meeting_kind=milestone[0] if kind == "meeting-checklist" and milestone else None,
            )  # fmt: skip
            path = folder / f"{stem}-{DEMO_CONTRACT_REF}.html"
            path.write_text(str(page.content), encoding="utf-8")
            paths.append(path)
        audit.note("rendered", [person.id])
    counted = "; ".join(
        f"{meetings.kind_label(kind, language(), milestone)}: {n}" for kind, milestone, n in kinds
    )
    return t("Meetings by kind: {counted}.", counted=counted), paths


def build_summary(casefile: CaseFile, folder: Path) -> Path:
    """Issue 18 item 7: Amalie's sagsoverblik, the whole case on one printable page, written
    to the demo folder as 'efter youth summary --out sagsoverblik.html' does."""
    from efter.core import audit, clock, outfile
    from efter.core import summary as gathered
    from efter.render import summary as document
    from efter.render.contract_line import contract_status

    today = clock.today()
    with casefile.write() as conn:
        person = core.find(conn, DEMO_CONTRACT_REF)
        data = gathered.gather(conn, person, today)
        data["contract"] = contract_status(conn, person)
        page = document.render(conn, data, today=today, lang="da", fmt="html")
        audit.note("rendered", [person.id])
    path = folder / f"{document.FILE_STEMS['da']}-{DEMO_CONTRACT_REF}.html"
    outfile.write(path, page, replace=True)
    return path
