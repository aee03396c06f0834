"""efter report outcomes against a small hand-computed case file (today 2026-11-28).

Programme V (30.000 kr. per young person), all closed in V:
  Amalie  2025-01-01 - 2026-06-30  545 days  education (proposed from her status)
  Bo      2025-01-01 - 2026-01-01  365 days  job
  Cille   2025-02-01 - 2026-02-01  365 days  both
  Dan     2025-03-01 - 2025-12-01  275 days  neither
  Eva     2025-06-01 - 2026-03-01  273 days  unknown (no status)
Open: Frej (V, upper secondary + internship from 2026-08-15), Gry (E, Kolding, full-time job
from 2026-02-01), Hans (E, Vejen, no status).
"""

import json
from pathlib import Path

import pytest
from _reportkit import enrol, golden, lines
from conftest import snapshot


@pytest.fixture
def cases(run, casefile: Path) -> Path:
    v = {"programme": "V", "cohort": "A", "coordinator": "Mette", "municipality": "Esbjerg"}
    e = {"programme": "E", "cohort": "Hold 3", "coordinator": "Jonas"}
    enrol(run, "Amalie", "2007-03-01", "2025-01-01", **v)
    enrol(run, "Bo", "2007-05-01", "2025-01-01", **v)
    enrol(run, "Cille", "2006-06-01", "2025-02-01", **v)
    enrol(run, "Dan", "2006-07-01", "2025-03-01", **v)
    enrol(run, "Eva", "2008-01-01", "2025-06-01", **v)
    enrol(run, "Frej", "2008-02-02", "2025-09-01", **v)
    enrol(run, "Gry", "2007-09-09", "2026-01-12", municipality="Kolding", **e)
    enrol(run, "Hans", "2007-10-10", "2026-01-12", municipality="Vejen", **e)
    for args in (
        ["1", "--education", "vocational", "--work", "none", "--from", "2025-08-01"],
        ["6", "--education", "stx", "--work", "internship", "--from", "2026-08-15"],
        ["7", "--education", "none", "--work", "full-time", "--from", "2026-02-01"],
    ):
        assert run("status", *args).exit_code == 0
    for args in (
        ["1", "--date", "2026-06-30"],
        ["2", "--date", "2026-01-01", "--outcome", "job"],
        ["3", "--date", "2026-02-01", "--outcome", "both"],
        ["4", "--date", "2025-12-01", "--outcome", "neither"],
        ["5", "--date", "2026-03-01"],
    ):
        assert run("youth", "close", *args).exit_code == 0
    assert run("programme", "price", "v", "30.000").exit_code == 0
    return casefile


def _counts(items, key="outcome"):
    return {item[key]: (item["count"], item["share"]) for item in items}


def test_outcomes_figures(json_of, cases: Path) -> None:
    data = json_of("report", "outcomes")
    assert data["filters"] == {
        "programme": None, "cohort": None, "municipality": None, "coordinator": None,
        "from": None, "to": "2026-11-28",
    }  # fmt: skip
    closed = data["closed"]
    assert closed["total"] == 5
    assert _counts(closed["outcomes"]) == {
        "education": (1, 0.2), "job": (1, 0.2), "both": (1, 0.2), "neither": (1, 0.2),
        "unknown": (1, 0.2),
    }  # fmt: skip
    assert [o["median_days"] for o in closed["outcomes"]] == [545.0, 365.0, 365.0, 275.0, 273.0]
    assert (closed["in_education_or_job"], closed["share_in_education_or_job"]) == (3, 0.6)
    assert (closed["median_days"], closed["mean_days"]) == (365.0, 364.6)
    opened = data["open"]
    assert (opened["total"], opened["with_status"]) == (3, 2)
    assert _counts(opened["statuses"]) == {
        "education": (1, 0.3333), "job": (1, 0.3333), "both": (0, 0.0), "neither": (0, 0.0),
        "unknown": (1, 0.3333),
    }  # fmt: skip
    assert _counts(opened["education"], "kind")["upper-secondary"] == (1, 0.5)
    assert _counts(opened["education"], "kind")["none"] == (1, 0.5)
    assert _counts(opened["work"], "kind")["internship"] == (1, 0.5)
    assert _counts(opened["work"], "kind")["full-time"] == (1, 0.5)
    assert data["cost"] == {
        "programmes": [
            {"programme": "V", "price": 30000, "closed": 5, "in_education_or_job": 3,
             "total_cost": 150000, "cost_per_young_person_in_education_or_job": 50000},
        ],
        "closed_priced": 5, "closed_unpriced": 0, "total_cost": 150000,
        "in_education_or_job": 3, "cost_per_young_person_in_education_or_job": 50000,
    }  # fmt: skip
    assert [(c["name"], c["status"], c["outcome"]) for c in data["cases"]] == [
        ("Amalie", "closed", "education"), ("Bo", "closed", "job"), ("Cille", "closed", "both"),
        ("Dan", "closed", "neither"), ("Eva", "closed", "unknown"), ("Frej", "open", None),
        ("Gry", "open", None), ("Hans", "open", None),
    ]  # fmt: skip
    assert data["cases"][5]["current"] == {
        "from": "2026-08-15", "education": "upper-secondary", "work": "internship",
        "outcome": "education",
    }  # fmt: skip


def test_window_and_status_as_of_its_end(json_of, cases: Path) -> None:
    data = json_of("report", "outcomes", "--from", "01-01-2026", "--to", "2026-06-30")
    assert data["closed"]["total"] == 4  # Dan closed before the window
    assert _counts(data["closed"]["outcomes"])["neither"] == (0, 0.0)
    # Frej's status starts after the window, so on 2026-06-30 it is unknown.
    assert _counts(data["open"]["statuses"]) == {
        "education": (0, 0.0), "job": (1, 0.3333), "both": (0, 0.0), "neither": (0, 0.0),
        "unknown": (2, 0.6667),
    }  # fmt: skip


def test_empty_group_and_unpriced_programme(run, json_of, cases: Path) -> None:
    data = json_of("report", "outcomes", "--programme", "e")
    assert data["closed"]["total"] == 0
    assert all(o["count"] == 0 and o["share"] is None for o in data["closed"]["outcomes"])
    assert data["closed"]["median_days"] is None
    assert data["cost"]["programmes"] == []
    assert data["cost"]["total_cost"] is None
    result = run("report", "outcomes", "--programme", "E", "--csv")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:2] == [
        "section,outcome,count,share,median_days,education,work,programme,price,closed_cases,"
        "in_education_or_job,total_cost,cost_per_young_person_in_education_or_job,id,ref,"
        "name,coordinator,start,closed,days",
        "closed,education,0,,,,,,,,,,,,,,,,,",
    ]
    assert "cases,job,,,,,,,,,,,,7,,Gry,Jonas,2026-01-12,,\n" in result.stdout
    assert "open_work,,1,1.0,,,full-time" + "," * 13 + "\n" in result.stdout


def test_status_now_is_the_latest_by_the_end_of_the_window(run, json_of, cases: Path) -> None:
    """Each open case's status now is its latest starting by the window's end, whatever the
    order the statuses were recorded in; for the whole file and for a few young people (the
    programme E: its ids are looked up), on either engine."""
    for args in (
        ["7", "--education", "vocational", "--work", "none", "--from", "2026-09-01"],
        ["7", "--education", "none", "--work", "part-time", "--from", "2026-05-01"],
        ["8", "--education", "none", "--work", "none", "--from", "2026-12-01"],
    ):
        assert run("status", *args).exit_code == 0
    for extra in ([], ["--programme", "e"]):
        expected = {
            (): {"from": "2026-09-01", "education": "vocational", "work": "none",
                 "outcome": "education"},
            ("--to", "2026-08-31"): {"from": "2026-05-01", "education": "none",
                                     "work": "part-time", "outcome": "job"},
            ("--to", "2026-04-30"): {"from": "2026-02-01", "education": "none",
                                     "work": "full-time", "outcome": "job"},
        }  # fmt: skip
        for window, gry in expected.items():
            data = json_of("report", "outcomes", *window, *extra)
            now = {c["name"]: c["current"] for c in data["cases"] if c["status"] == "open"}
            assert now["Gry"] == gry and now["Hans"] is None  # Hans's starts after today
            # On 30 April Amalie is open with her status, and Frej's starts later.
            assert data["open"]["with_status"] == (1 if extra else 2)
            if not extra:
                assert (now["Frej"] is None) == (window == ("--to", "2026-04-30"))
        table = run("report", "outcomes", *extra)
        assert table.exit_code == 0
        assert [line.split()[-1] for line in table.stdout.splitlines() if " Gry " in line] == [
            "Education"
        ]


def test_cost_with_no_price_on_file(run, json_of, casefile: Path) -> None:
    enrol(run, "Amalie", "2007-03-01", "2025-01-01", programme="V")
    enrol(run, "Bo", "2007-05-01", "2025-01-01", programme="V")
    assert run("youth", "close", "1", "--date", "2026-01-01", "--outcome", "job").exit_code == 0
    assert json_of("report", "outcomes")["cost"] == {
        "programmes": [], "closed_priced": 0, "closed_unpriced": 1, "total_cost": None,
        "in_education_or_job": 0, "cost_per_young_person_in_education_or_job": None,
    }  # fmt: skip


def test_single_case(run, json_of, cases: Path) -> None:
    data = json_of("report", "outcomes", "--municipality", "kolding")
    assert data["open"]["total"] == 1
    assert _counts(data["open"]["statuses"])["job"] == (1, 1.0)
    result = run("report", "outcomes", "--municipality", "Kolding", "--share")
    shared = json_of("report", "outcomes", "--municipality", "Kolding", "--share")
    assert shared["open"]["total"] is None
    assert all(s["count"] is None for s in shared["open"]["statuses"])
    assert "Gry" not in result.stdout and "cases" not in shared


def test_share_withholds_small_counts(run, json_of, cases: Path) -> None:
    data = json_of("report", "outcomes", "--share")
    assert data["shared"] is True
    assert "cases" not in data
    closed = data["closed"]
    assert closed["total"] == 5
    assert [o["count"] for o in closed["outcomes"]] == [None] * 5
    assert closed["in_education_or_job"] is None and closed["share_in_education_or_job"] is None
    assert (closed["median_days"], closed["mean_days"]) == (365.0, 364.6)
    assert data["open"]["total"] is None
    assert data["cost"]["programmes"] == [
        {"programme": "V", "price": 30000, "closed": 5, "in_education_or_job": None,
         "total_cost": 150000, "cost_per_young_person_in_education_or_job": None},
    ]  # fmt: skip
    table = run("report", "outcomes", "--share")
    assert "Amalie" not in table.stdout and "Mette" not in table.stdout
    golden("report-outcomes.share.txt", lines(table.stdout))


def test_terminal_table(run, cases: Path) -> None:
    result = run("report", "outcomes", "--programme", "V", "--to", "2026-01-31")
    assert result.exit_code == 0
    golden("report-outcomes.v-to-january.txt", lines(result.stdout))


def test_printable_pages(run, cases: Path, tmp_path: Path) -> None:
    da = run("report", "outcomes", "--format", "html")
    assert da.exit_code == 0
    golden("report-outcomes.da.html", da.stdout)
    out = tmp_path / "outcomes.html"
    en = run("report", "outcomes", "--format", "html", "--lang", "en", "--share", "--out", str(out))
    assert (en.exit_code, en.stdout) == (0, "")
    assert en.stderr == f"Wrote the outcomes report to {out}.\n"
    page = out.read_text(encoding="utf-8")
    golden("report-outcomes.en.share.html", page)
    assert (
        "Amalie" not in page
        and "<script" not in page
        and "http" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    )
    md = run("report", "outcomes", "--format", "md", "--lang", "en", "--programme", "E")
    golden("report-outcomes.en.programme-e.md", md.stdout)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--from", "2026-02-01", "--to", "2026-01-01"], 1,
         "Error: --from: 2026-02-01 is after the end of the period, 2026-01-01: give a date on or "
         "before it.\n"),
        (["--to", "yesterday"], 1,
         "Error: --to: 'yesterday' is not a date: write it as YYYY-MM-DD (2026-03-14) or "
         "DD-MM-YYYY (14-03-2026).\n"),
        (["--json", "--csv"], 2, "Error: --json and --csv cannot be used together: choose one output.\n"),
        (["--json", "--out", "x.html"], 2,
         "Error: --out writes a printable page; --json and --csv print to stdout (redirect them).\n"),
        (["--format", "docx"], 1,
         "Error: 'docx' is not a document format: give --format md or html or pdf.\n"),
        (["--format", "html", "--lang", "sv"], 1,
         "Error: 'sv' is not a document language: give --lang da or --lang en.\n"),
    ],
)  # fmt: skip
def test_bad_input(run, cases: Path, args, code, message) -> None:
    before = snapshot(cases)
    result = run("report", "outcomes", *args)
    if "--json" in args:  # a script asked for JSON: the error is JSON too
        sentence = message.removeprefix("Error: ").removesuffix("\n")
        error = {"error": sentence, "field": None, "problem": sentence, "fix": None}
        assert (result.exit_code, result.stdout, result.stderr) == (
            code, "", json.dumps(error) + "\n"
        )  # fmt: skip
    else:
        assert (result.exit_code, result.stdout, result.stderr) == (code, "", message)
    assert snapshot(cases) == before


@pytest.mark.laptop_only("a case file that does not exist")
def test_missing_case_file(run, env: Path) -> None:
    result = run("report", "outcomes")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: There is no case file at {env}: create one with")
    assert not env.exists()


def test_audit_lines(run, cases: Path) -> None:
    import sqlite3

    run("report", "outcomes", "--share")
    conn = sqlite3.connect(cases)
    rows = conn.execute(
        "SELECT action, count(*) FROM audit_event WHERE command = 'report outcomes' GROUP BY 1"
    ).fetchall()
    conn.close()
    assert rows == [("exported", 8)]
    assert json.loads(run("report", "outcomes", "--json").stdout)["report"] == "outcomes"


def test_share_never_gives_away_a_withheld_count_through_cost(run, json_of, cases: Path) -> None:
    assert run("programme", "price", "E", "20000").exit_code == 0
    assert run("youth", "close", "7", "--date", "2026-11-01").exit_code == 0  # job
    assert run("youth", "close", "8", "--date", "2026-11-01").exit_code == 0  # unknown
    full = json_of("report", "outcomes")["cost"]
    assert (full["closed_priced"], full["total_cost"], full["in_education_or_job"]) == (
        7,
        190000,
        4,
    )
    assert full["cost_per_young_person_in_education_or_job"] == 47500
    cost = json_of("report", "outcomes", "--share")["cost"]
    assert cost["programmes"][0] == {
        "programme": "E", "price": 20000, "closed": None, "in_education_or_job": None,
        "total_cost": None, "cost_per_young_person_in_education_or_job": None,
    }  # fmt: skip
    assert cost["programmes"][1]["total_cost"] == 150000
    # 7 closed at 190.000 kr. would tell that 2 were in E: the totals are withheld.
    assert (cost["closed_priced"], cost["total_cost"]) == (None, None)
    assert cost["in_education_or_job"] is None
    assert cost["cost_per_young_person_in_education_or_job"] is None


def _synthetic(closed_counts: list[int], open_statuses: list[int], with_status: int) -> dict:
    from efter.core.report_outcomes import OUTCOME_CODES

    return {
        "closed": {
            "total": sum(closed_counts),
            "outcomes": [
                {"outcome": code, "count": n, "share": 0.0, "median_days": 1.0}
                for code, n in zip(OUTCOME_CODES, closed_counts, strict=True)
            ],
            "in_education_or_job": sum(closed_counts[:3]),
            "share_in_education_or_job": 0.0,
            "median_days": 1.0,
            "mean_days": 1.0,
        },
        "open": {
            "total": sum(open_statuses),
            "with_status": with_status,
            "statuses": [
                {"outcome": code, "count": n, "share": 0.0}
                for code, n in zip(OUTCOME_CODES, open_statuses, strict=True)
            ],
            "education": [{"kind": "none", "count": with_status, "share": 1.0}],
            "work": [{"kind": "none", "count": with_status, "share": 1.0}],
        },
        "cost": {"programmes": [], "closed_priced": 0, "closed_unpriced": 0,
                 "total_cost": None, "in_education_or_job": 0,
                 "cost_per_young_person_in_education_or_job": None},
    }  # fmt: skip


def test_share_hides_sums_that_would_give_a_withheld_count_away() -> None:
    from efter.core.report_outcomes import share_outcomes

    # education 3 is withheld (and neither 6 with it); "in education or a job" = 13 with job
    # 10 and both 0 shown would give the 3 back, so it is withheld too.
    report = _synthetic([3, 10, 0, 6, 0], [0, 0, 0, 8, 3], with_status=8)
    share_outcomes(report)
    assert [o["count"] for o in report["closed"]["outcomes"]] == [None, 10, 0, None, 0]
    assert report["closed"]["in_education_or_job"] is None
    # 3 open without a status: "with a status" (8 of 11) would give them back.
    assert [o["count"] for o in report["open"]["statuses"]] == [0, 0, 0, None, None]
    assert report["open"]["with_status"] is None
    assert report["open"]["education"][0]["count"] is None


def test_out_picks_the_format_from_its_ending(run, cases: Path, tmp_path: Path) -> None:
    page = tmp_path / "resultater.html"
    result = run("report", "outcomes", "--out", str(page))
    assert (result.exit_code, result.stdout) == (0, "")
    assert page.read_text(encoding="utf-8") == run("report", "outcomes", "--format", "html").stdout
    text = tmp_path / "resultater.txt"
    assert run("report", "outcomes", "--out", str(text)).exit_code == 0
    assert text.read_text(encoding="utf-8").startswith("# Resultater\n")


def test_pdf(run, cases: Path, tmp_path: Path) -> None:
    from efter.render import pdf

    out = tmp_path / "resultater.pdf"
    result = run("report", "outcomes", "--out", str(out))
    if not pdf.available():
        assert (result.exit_code, result.stderr) == (1, f"Error: {pdf.INSTALL}\n")
        assert not out.exists()
        return
    assert result.exit_code == 0
    assert out.read_bytes().startswith(b"%PDF")


def test_out_in_a_missing_folder_changes_nothing(run, cases: Path, tmp_path: Path) -> None:
    before = snapshot(cases)
    missing = tmp_path / "nowhere" / "r.html"
    result = run("report", "outcomes", "--out", str(missing))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"Error: The folder {missing.parent} does not exist: give --out a file in a folder you have.\n"
    )
    assert snapshot(cases) == before
