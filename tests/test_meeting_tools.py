"""Issue 13 §4-5: meeting kinds and their agendas, minutes as of the meeting, agreements
numbered per young person, the network map's closeness, the new tools (netværksoverblik,
mødetjekliste, dialogskema) and the words."""

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import test_meeting_documents
from conftest import snapshot
from documents_case import check_golden as check_document
from documents_case import make_case
from test_meeting_documents import check_golden, check_html

scene = test_meeting_documents.scene  # the meeting documents' case, as a fixture here too

KINDS = ("start", "16", "17.5", "18.5", "end")


# --- meeting kinds -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kind", "milestone"),
    [
        ("start", "start", None),
        ("16", "milestone", "16"),
        ("17½", "milestone", "17.5"),
        ("17,5", "milestone", "17.5"),
        ("18.5", "milestone", "18.5"),
        ("end", "end", None),
        ("afslutningsmøde", "end", None),
        ("ordinært", "network", None),
        ("network", "network", None),
    ],
)
def test_plan_kind(run: Any, scene: Path, typed: str, kind: str, milestone: str | None) -> None:
    result = run("meeting", "plan", "1", "--at", "2027-05-04 10:00", "--kind", typed)
    assert result.exit_code == 0, result.stderr
    new = int(result.stdout)
    shown = json.loads(run("meeting", "list", "1", "--json").stdout)
    [record] = [m for m in shown if m["id"] == new]
    assert (record["kind"], record["milestone"]) == (kind, milestone)


def test_existing_meetings_are_ordinary(run: Any, scene: Path) -> None:
    shown = json.loads(run("meeting", "list", "1", "--json").stdout)
    assert {(m["kind"], m["milestone"]) for m in shown} == {("network", None)}


def test_bad_kind_is_refused_and_changes_nothing(run: Any, scene: Path) -> None:
    before = snapshot(scene)
    result = run("meeting", "plan", "1", "--at", "2027-05-04 10:00", "--kind", "17")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "Error: --kind: '17' is not a kind of meeting: give start, 16, 17.5, 18.5, end or "
        "network (an ordinary network meeting).\n"
    )
    assert snapshot(scene) == before


def test_a_milestone_kind_is_one_meeting_not_a_series(run: Any, scene: Path) -> None:
    before = snapshot(scene)
    result = run(
        "meeting", "plan", "1", "--at", "2027-05-04 10:00", "--kind", "18½",
        "--every", "4 months", "--count", "2",
    )  # fmt: skip
    assert result.exit_code == 2  # options that disagree: a usage mistake
    assert "leave out --every" in result.stderr
    assert snapshot(scene) == before


def test_the_same_milestone_twice_is_refused(run: Any, scene: Path) -> None:
    assert run("meeting", "plan", "1", "--at", "2027-05-04 10:00", "--kind", "18.5").exit_code == 0
    before = snapshot(scene)
    again = run("meeting", "plan", "1", "--at", "2027-06-04 10:00", "--kind", "18½")
    assert again.exit_code == 1
    assert "already planned" in again.stderr
    assert snapshot(scene) == before


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", ["da", "en"])
def test_agenda_by_kind(run: Any, scene: Path, kind: str, lang: str) -> None:
    new = run("meeting", "plan", "1", "--at", "2027-05-04 10:00", "--kind", kind).stdout.strip()
    result = run("meeting", "agenda", new, "--lang", lang)
    assert result.exit_code == 0, result.stderr
    check_golden(f"agenda-{kind}.{lang}.md", result.stdout)


def test_agenda_items_name_the_kinds_work(run: Any, scene: Path) -> None:
    def agenda(kind: str) -> str:
        new = run("meeting", "plan", "1", "--at", "2027-05-04 10:00", "--kind", kind).stdout
        text = run("meeting", "agenda", new.strip()).stdout
        run("meeting", "cancel", new.strip(), "--reason", "test")
        return text

    start = agenda("start")
    for heading in ("Samtykke", "Netværkskort", "Første vurdering af livsområderne",
                    "Samarbejdskontrakt"):  # fmt: skip
        assert f". {heading}\n" in start
    assert ". Ungeplan\n" in agenda("16")
    text = agenda("17.5")
    assert ". Revision af ungeplanen\n" in text and "Afgørelse om ungestøtte (§ 111)" in text
    text = agenda("18.5")
    assert ". Opfølgning på ungestøtten\n" in text and ". Handlekommune\n" in text
    text = agenda("end")
    assert ". Slutvurdering af livsområderne\n" in text and ". Resultat og afslutning\n" in text
    plain = agenda("network")
    assert "Samtykke" not in plain and "Ungeplan" not in plain


def test_import_meeting_kind_by_age(run: Any, scene: Path, tmp_path: Path) -> None:
    path = tmp_path / "meetings.csv"
    path.write_text(
        "sagsnr;tidspunkt;mødetype\n2025-0412;2027-09-14 10:00;17½\n"
        "2025-0412;2027-10-14 10:00;startmøde\n",
        encoding="utf-8",
    )
    result = run("import", "meetings", str(path))
    assert result.exit_code == 0, result.stderr
    shown = json.loads(run("meeting", "list", "1", "--json").stdout)
    kinds = {m["starts"][:10]: (m["kind"], m["milestone"]) for m in shown}
    assert kinds["2027-09-14"] == ("milestone", "17.5")
    assert kinds["2027-10-14"] == ("start", None)
    exported = run("export", "meetings", "--format", "csv").stdout
    assert "2025-0412;2027-09-14 10:00;17.5;" in exported
    again = run("import", "meetings", str(path))
    assert again.exit_code == 0, again.stderr


# --- minutes as of the meeting, the words for kept and dropped ----------------------------


def test_minutes_show_agreements_as_they_stood_at_the_meeting(run: Any, scene: Path) -> None:
    # Agreement 3 was kept on 9 November and agreement 4 moved, both after meeting 1.
    text = run("meeting", "minutes", "1").stdout
    assert "| 3 | Skaffe et vækkeur | Helle Nørgaard (mor) | 10. november 2026 | Åben |" in text
    assert "| 4 | Finde lektiehjælp | Mette Holm (koordinator) | 1. december 2026 | Åben |" in text
    assert "Gennemført" not in text and "flyttet" not in text


def test_a_late_keep_says_so_in_both_languages(
    run: Any, scene: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EFTER_TODAY", "2026-12-03")
    held = run(
        "meeting", "held", "2", "--attended", "youth,coordinator", "--kept", "1", "--kept", "2"
    )
    assert held.exit_code == 0, held.stderr
    da = run("meeting", "minutes", "2").stdout
    assert "| Gennemført 3. december 2026 (efter fristen) |" in da
    en = run("meeting", "minutes", "2", "--lang", "en").stdout
    assert "| Kept 3 December 2026 (after the deadline) |" in en
    # A keep on time carries no remark.
    assert "| Gennemført 3. december 2026 |" in da


def test_a_dropped_agreement_has_one_word(
    run: Any, scene: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EFTER_TODAY", "2026-12-03")
    held = run(
        "meeting", "held", "2", "--attended", "youth,coordinator",
        "--dropped", "4=Ikke længere nødvendigt",
    )  # fmt: skip
    assert held.exit_code == 0, held.stderr
    assert "| Bortfaldet (Ikke længere nødvendigt) |" in run("meeting", "minutes", "2").stdout
    assert "| Bortfaldet |" in run("meeting", "form", "2").stdout
    report = run("report", "agreements", "--format", "md").stdout
    assert "Bortfaldet" in report and "Droppet" not in report


# --- agreement numbers ---------------------------------------------------------------------


def test_agreements_are_numbered_per_young_person(run: Any, scene: Path) -> None:
    added = run("agreement", "add", "2", "--what", "Søge praktik", "--owner", "youth",
                "--due", "2026-12-20")  # fmt: skip
    assert added.exit_code == 0, added.stderr
    records = json.loads(run("agreement", "list", "--all", "--json").stdout)
    numbers = {(r["youth_id"], r["id"]): r["number"] for r in records}
    assert numbers[(2, 5)] == 1
    assert [numbers[(1, n)] for n in (1, 2, 3, 4)] == [1, 2, 3, 4]
    planned = run("meeting", "plan", "2", "--at", "2027-01-05 10:00").stdout.strip()
    agenda = run("meeting", "agenda", planned).stdout
    assert "| 1 | Søge praktik |" in agenda
    assert "| 5 |" not in agenda


# --- network map: closeness and what each can help with -----------------------------------


def test_closeness_and_help_are_recorded(run: Any, scene: Path) -> None:
    added = run(
        "network", "add", "1", "--role", "bedstemor", "--name", "Ruth", "--closeness", "tæt",
        "--can-help", "Aftensmad om søndagen",
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    member = added.stdout.strip()
    changed = run("network", "set", member, "--closeness", "fjern")
    assert changed.exit_code == 0, changed.stderr
    assert changed.stderr == "Ruth (id 4): closeness distant.\n"
    cleared = run("network", "set", "2", "--can-help", "Kørsel til skolen", "--closeness", "mellem")
    assert cleared.exit_code == 0, cleared.stderr
    records = {r["name"]: r for r in json.loads(run("network", "list", "1", "--json").stdout)}
    ruth = records["Ruth"]
    assert (ruth["role"], ruth["closeness"], ruth["can_help"]) == (
        "bedsteforælder", "distant", "Aftensmad om søndagen",
    )  # fmt: skip
    assert records["Helle Nørgaard"]["closeness"] == "middle"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("network", "set", "2", "--closeness", "nær"),
         "Error: --closeness: 'nær' is not a known closeness: give one of close, middle, distant.\n"),
        (("network", "set", "2"), "Error: Nothing to change: give at least one of --closeness, "
         "--can-help.\n"),
        (("network", "set", "99", "--closeness", "tæt"),
         "Error: No network member has the id '99': see 'efter network list YOUTH' for the "
         "ids.\n"),
        (("network", "set", "2", "--can-help", "a\x1b[31mb"),
         "Error: --can-help: the value contains the control character U+001B, which efter does not store: remove it and try again.\n"),
        (("network", "add", "1", "--role", "ven", "--name", "X", "--closeness", "langt væk"),
         "Error: --closeness: 'langt væk' is not a known closeness: give one of close, middle, distant.\n"),
    ],
)  # fmt: skip
def test_bad_closeness_input(run: Any, scene: Path, args: tuple[str, ...], message: str) -> None:
    before = snapshot(scene)
    result = run(*args)
    assert result.exit_code == (2 if "Nothing to change" in message else 1)  # none given: 2
    assert result.stderr == message
    assert snapshot(scene) == before


def _with_rings(run: Any, casefile: Path) -> str:
    youth = make_case(run, casefile)
    for args in (
        ("team", "set", "1", "--closeness", "mellem", "--can-help", "Afgørelser og økonomi"),
        ("team", "set", "2", "--closeness", "tæt", "--can-help", "Valg af uddannelse"),
        ("network", "set", "3", "--closeness", "tæt", "--can-help", "Weekender og tøjvask"),
        ("network", "set", "4", "--closeness", "fjern", "--can-help", "Kørekort"),
        ("rate", youth, "uddannelse=2", "bolig=3", "--phase", "start", "--by", "youth",
         "--date", "2026-10-01"),
        ("rate", youth, "uddannelse=3", "--phase", "start", "--date", "2026-10-01"),
    ):  # fmt: skip
        result = run(*args)
        assert result.exit_code == 0, (args, result.stderr)
    return youth


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("kind", ["network-overview", "dialogue", "network-map"])
def test_new_tools_golden(run: Any, casefile: Path, kind: str, lang: str, fmt: str) -> None:
    youth = _with_rings(run, casefile)
    result = run("document", kind, youth, "--lang", lang, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    name = "network-map-rings" if kind == "network-map" else kind
    check_document(f"{name}.{lang}.{fmt}", result.stdout)
    if fmt == "html" and kind != "network-map":  # the map's SVG names its namespace
        check_html(result.stdout)


@pytest.mark.parametrize("kind", [*KINDS, "network"])
@pytest.mark.parametrize("lang", ["da", "en"])
def test_meeting_checklist_golden(run: Any, casefile: Path, kind: str, lang: str) -> None:
    youth = make_case(run, casefile)
    result = run("document", "meeting-checklist", youth, "--kind", kind, "--lang", lang)
    assert result.exit_code == 0, result.stderr
    check_document(f"meeting-checklist-{kind}.{lang}.md", result.stdout)


def test_checklist_follows_the_next_planned_meeting(run: Any, casefile: Path) -> None:
    youth = make_case(run, casefile)
    text = run("document", "meeting-checklist", youth).stdout
    assert text.startswith("# Mødetjekliste: netværksmøde for Amalie Nørgaard\n")
    assert "Mødet er planlagt til den 14. januar 2027 kl. 14.00." in text
    bad = run("document", "meeting-checklist", youth, "--kind", "19")
    assert bad.exit_code == 1
    assert "is not a kind of meeting" in bad.stderr


def test_rings_are_drawn(run: Any, casefile: Path) -> None:
    youth = _with_rings(run, casefile)
    page = run("document", "network-map", youth, "--format", "html").stdout
    assert page.count('stroke-dasharray="4 4"') == 3
    for word in ("Tæt", "Mellem", "Fjern"):
        assert f">{word}</text>" in page


# --- words -----------------------------------------------------------------------------------


def test_old_role_codes_keep_working_with_the_new_words(run: Any, casefile: Path) -> None:
    youth = run("youth", "add", "Jonas", "--born", "2010-01-09").stdout.strip()
    for side, role in (
        ("network", "perifer-voksen"), ("network", "perifer voksen"),
        ("network", "moster"), ("network", "tidligere plejefamilie"), ("network", "kæreste"),
        ("network", "anden relation"), ("team", "jobcenter"), ("team", "behandlingstilbud"),
        ("team", "bostøtte"), ("team", "anbringelsessted"), ("team", "kontaktperson"),
        ("team", "plejefamilie"), ("team", "uddannelsessted"),
    ):  # fmt: skip
        result = run(side, "add", youth, "--role", role, "--name", f"N {role}")
        assert result.exit_code == 0, (role, result.stderr)
    labels = [r["role_label"] for r in json.loads(run("network", "list", youth, "--json").stdout)]
    assert labels == [
        "Voksen fra netværket", "Voksen fra netværket", "Onkel, moster eller faster",
        "Tidligere plejefamilie", "Kæreste", "Anden relation",
    ]  # fmt: skip
    labels = [r["role_label"] for r in json.loads(run("team", "list", youth, "--json").stdout)]
    assert labels == [
        "Jobcenterrådgiver", "Behandler", "Bostøttemedarbejder",
        "Kontaktperson på anbringelsesstedet", "Fast kontaktperson (§ 32 / § 114)",
        "Plejefamilie (anbringelsessted)", "Vejleder på uddannelsesstedet",
    ]  # fmt: skip


def test_scale_wording_is_updated_only_where_unchanged(run: Any, casefile: Path) -> None:
    conn = sqlite3.connect(casefile)
    with conn:
        rows = dict(
            conn.execute("SELECT step, label_da FROM scale_step WHERE area IS NULL").fetchall()
        )
        assert rows[4] == "Klarer det meste selv med lidt støtte"
        # As a file made before m015: one wording as efter wrote it, one the user changed.
        conn.execute(
            "UPDATE scale_step SET label_da = 'Klarer det meste selv, lidt støtte' "
            "WHERE area IS NULL AND step = 4"
        )
        conn.execute(
            "UPDATE scale_step SET label_da = 'Klarer lidt, med meget hjælp' "
            "WHERE area IS NULL AND step = 2"
        )
        # Rewound to before m015: it and every later migration run again on open.
        later = conn.execute("DELETE FROM migration WHERE name >= 'm015_meeting_kinds'").rowcount
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute(f"PRAGMA user_version = {version - later}")
    conn.close()
    assert run("youth", "list").exit_code == 0
    conn = sqlite3.connect(casefile)
    rows = dict(conn.execute("SELECT step, label_da FROM scale_step WHERE area IS NULL"))
    conn.close()
    assert rows[4] == "Klarer det meste selv med lidt støtte"
    assert rows[2] == "Klarer lidt, med meget hjælp"


def test_primary_school_is_an_education_status(run: Any, casefile: Path) -> None:
    youth = run("youth", "add", "Jonas", "--born", "2011-01-09").stdout.strip()
    result = run("status", youth, "--education", "grundskole", "--work", "fritidsjob")
    assert result.exit_code == 0, result.stderr
    [period] = json.loads(run("status", youth, "--json").stdout)
    assert period["education"] == "primary"
    assert period["outcome"] == "education"


def test_closeness_and_help_travel_through_import_and_export(
    run: Any, scene: Path, tmp_path: Path
) -> None:
    path = tmp_path / "network.csv"
    path.write_text(
        "sagsnr;rolle;navn;nærhed;kan_hjælpe_med\n"
        "2025-0412;bedstemor;Ruth;tæt;Aftensmad om søndagen\n",
        encoding="utf-8",
    )
    result = run("import", "network", str(path))
    assert result.exit_code == 0, result.stderr
    [ruth] = [
        r for r in json.loads(run("network", "list", "1", "--json").stdout) if r["name"] == "Ruth"
    ]
    assert (ruth["closeness"], ruth["can_help"]) == ("close", "Aftensmad om søndagen")
    exported = tmp_path / "out.csv"
    assert run("export", "network", "--out", str(exported)).exit_code == 0
    text = exported.read_text(encoding="utf-8-sig")
    assert "Nærhed;Kan hjælpe med" in text.splitlines()[0]
    assert "close;Aftensmad om søndagen" in text
    again = run("import", "network", str(exported))
    assert again.exit_code == 0, again.stderr
    bad = tmp_path / "bad.csv"
    bad.write_text("sagsnr;rolle;navn;nærhed\n2025-0412;ven;Ib;langt væk\n", encoding="utf-8")
    before = snapshot(scene)
    refused = run("import", "network", str(bad))
    assert refused.exit_code == 1
    assert "line 2, column nærhed: 'langt væk' is not a known closeness" in refused.stderr
    assert snapshot(scene) == before
