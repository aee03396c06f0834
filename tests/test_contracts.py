"""Contract versions: save, list, show, diff, signed; staleness in youth show; batch render."""

import hashlib
import json
import sqlite3

from conftest import snapshot
from documents_case import make_case


def test_save_list_show_and_sign(run, casefile, json_of):
    youth = make_case(run, casefile)
    rendered = run("contract", "render", youth).stdout
    result = run("contract", "save", youth)
    assert result.exit_code == 0
    assert result.stdout == "1\n"
    digest = hashlib.sha256(rendered.encode()).hexdigest()
    assert result.stderr == (
        "Saved version 1 of the contract for Amalie Nørgaard (id 1) as contract 1 "
        f"(sha256 {digest[:12]}). Record the signing with 'efter contract signed 1 --date DATE'.\n"
    )
    # The same text again is not a new version.
    again = run("contract", "save", youth)
    assert (again.exit_code, again.stdout) == (0, "1\n")
    assert "unchanged since version 1" in again.stderr

    shown = run("contract", "show", "1")
    assert shown.stdout == rendered
    [record] = json_of("contract", "list", youth)
    assert record == {
        "id": 1, "youth_id": 1, "version": 1, "saved": "2026-11-28", "signed": None,
        "template": "contract.md", "source": record["source"], "lang": "da", "sha256": digest,
    }  # fmt: skip
    assert record["source"].endswith("templates/da/contract.md")

    signed = run("contract", "signed", "1", "--date", "28-11-2026")
    assert signed.exit_code == 0
    assert signed.stderr == "Recorded contract 1 (version 1) as signed on 2026-11-28.\n"
    assert json_of("contract", "list", youth)[0]["signed"] == "2026-11-28"
    assert json_of("contract", "show", "1")["text"] == rendered


def test_list_table_and_empty(run, casefile):
    youth = make_case(run, casefile)
    empty = run("contract", "list", youth)
    assert empty.exit_code == 0
    assert empty.stdout == ""
    assert empty.stderr == (
        "No saved contract for Amalie Nørgaard (id 1): save one with 'efter contract save 1'.\n"
    )
    assert run("contract", "list", youth, "--json").stdout == "[]\n"
    run("contract", "save", youth, "--lang", "en")
    table = run("contract", "list", youth).stdout
    assert "contract.md" in table and "not signed" in table and " en " in table


def test_signed_date_before_save_is_refused(run, casefile):
    youth = make_case(run, casefile)
    run("contract", "save", youth)
    before = snapshot(casefile)
    result = run("contract", "signed", "1", "--date", "2026-11-27")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "Error: --date: 2026-11-27 is before the start date 2026-11-28: give 2026-11-28 or later.\n"
    )
    future = run("contract", "signed", "1", "--date", "2026-12-01")
    assert future.exit_code == 1
    assert "is in the future" in future.stderr
    bad = run("contract", "signed", "1", "--date", "31-02-2026")
    assert bad.exit_code == 1
    assert "does not exist" in bad.stderr
    missing = run("contract", "signed", "9")
    assert missing.exit_code == 1
    assert missing.stderr == (
        "Error: No saved contract has the id '9': see 'efter contract list YOUTH' for the ids.\n"
    )
    assert snapshot(casefile) == before
    assert run("contract", "signed", "1").exit_code == 0
    twice = run("contract", "signed", "1")
    assert twice.exit_code == 1
    assert "already signed on 2026-11-28" in twice.stderr


def test_staleness_shows_in_youth_show_and_diff(run, casefile, json_of):
    youth = make_case(run, casefile)
    assert json_of("youth", "show", youth)["contract"] is None
    assert (
        "Contract             none saved (efter contract save 1)"
        in run("youth", "show", youth).stdout
    )
    run("contract", "save", youth)
    assert "version 1 saved 2026-11-28, not signed yet" in run("youth", "show", youth).stdout
    run("contract", "signed", "1")
    state = json_of("youth", "show", youth)["contract"]
    assert state["stale"] is False and state["signed"]["version"] == 1
    assert run("contract", "diff", "1").stderr == "No differences.\n"

    # The case changes: a new person joins the network.
    run("network", "add", youth, "--role", "ven", "--name", "Sofie")
    run("consent", "give", youth, "--to", "Sofie", "--about", "aftaler")
    state = json_of("youth", "show", youth)["contract"]
    assert state["stale"] is True
    shown = run("youth", "show", youth).stdout
    assert "the case has changed since it was signed" in " ".join(shown.split())
    diff = run("contract", "diff", "1")
    assert diff.exit_code == 0
    assert diff.stdout.startswith("--- contract 1 (version 1)\n+++ the case file now\n")
    assert "+| Ven | Sofie |  |\n" in diff.stdout
    assert "+**Sofie**, ven\n" in diff.stdout

    # Saving and signing the new text settles it; diff between versions shows the change.
    assert run("contract", "save", youth).stdout == "2\n"
    assert "+| Ven | Sofie |  |\n" in run("contract", "diff", "1", "2").stdout
    run("contract", "signed", "2")
    assert json_of("youth", "show", youth)["contract"]["stale"] is False


def test_stale_helper_for_due(run, casefile):
    """The helper `efter due` calls: None, or the signed version and why it is flagged."""
    from efter.core import youth as core
    from efter.core.casefile import open_any, resolve
    from efter.render.case_documents import stale

    youth = make_case(run, casefile)
    run("contract", "save", youth)
    run("contract", "signed", "1")
    casefile_ = open_any(resolve())
    try:
        person = core.find(casefile_.conn, youth)
        assert stale(casefile_.conn, person) is None
    finally:
        casefile_.close()
    conn = sqlite3.connect(casefile)
    conn.execute("UPDATE agreement SET due = '2026-12-24' WHERE owner = 'youth'")
    conn.commit()
    conn.close()
    casefile_ = open_any(resolve())
    try:
        person = core.find(casefile_.conn, youth)
        assert stale(casefile_.conn, person) == {
            "id": 1, "version": 1, "signed": "2026-11-28", "state": "changed", "reason": "",
        }  # fmt: skip
    finally:
        casefile_.close()


def test_tampered_text_is_detected(run, casefile):
    youth = make_case(run, casefile)
    run("contract", "save", youth)
    conn = sqlite3.connect(casefile)
    conn.execute("UPDATE contract SET text = text || 'x'")
    conn.commit()
    conn.close()
    result = run("contract", "show", "1")
    assert result.exit_code == 1
    assert "does not match its stored sha256" in result.stderr


def test_saved_with_a_file_template_that_is_gone(run, casefile, tmp_path):
    youth = make_case(run, casefile)
    mine = tmp_path / "mine.md"
    mine.write_text("# Kontrakt for {{ youth.name }}\n", encoding="utf-8")
    assert run("contract", "save", youth, "--template", str(mine)).exit_code == 0
    assert run("contract", "signed", "1").exit_code == 0
    assert run("contract", "show", "1").stdout == "# Kontrakt for Amalie Nørgaard\n"
    mine.unlink()
    shown = " ".join(run("youth", "show", youth).stdout.split())
    assert "could not compare with the case now" in shown
    assert "is gone: put it back to compare" in shown


def test_render_all(run, casefile, tmp_path):
    make_case(run, casefile)
    run("youth", "add", "Sara Ali", "--born", "2007-06-27", "--programme", "EMPOWER4U")
    out = tmp_path / "kontrakter"
    result = run("contract", "render", "--all", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        f"{out}/samarbejdskontrakt-2025-0412.md\n{out}/samarbejdskontrakt-id-2.md\n"
    )
    assert result.stderr == f"Rendered 2 contracts into {out}.\n"  # no progress bar off a terminal
    only = run(
        "contract", "render", "--all", "--programme", "empower4u", "--out", str(out),
        "--format", "html", "--lang", "en",
    )  # fmt: skip
    assert only.stdout == f"{out}/contract-id-2.html\n"
    none = run("contract", "render", "--all", "--programme", "nothing", "--out", str(out))
    assert none.exit_code == 1
    assert none.stderr == (
        "Error: No active young people in the programme 'nothing': nothing to render.\n"
    )


def test_render_usage_errors(run, casefile):
    youth = make_case(run, casefile)
    cases = [
        (("contract", "render"), "Error: Name the young person (id or ref), or give --all --out DIR.\n"),
        (("contract", "render", "--all"), "Error: --all writes one file per young person: give --out DIR.\n"),
        (("contract", "render", youth, "--all", "--out", "x"), "Error: Give either a young person or --all, not both.\n"),
        (("contract", "render", youth, "--programme", "x"), "Error: --programme goes with --all: drop it or add --all --out DIR.\n"),
    ]  # fmt: skip
    for args, message in cases:
        result = run(*args)  # options that disagree, or one missing: a usage mistake
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


def test_audit_records_rendering(run, casefile):
    youth = make_case(run, casefile)
    run("contract", "render", youth)
    conn = sqlite3.connect(casefile)
    rows = conn.execute(
        "SELECT action, youth_id, command FROM audit_event WHERE command LIKE 'contract%'"
    ).fetchall()
    conn.close()
    assert rows == [("rendered", 1, "contract render")]


def test_json_show_has_text_and_hash(run, casefile):
    youth = make_case(run, casefile)
    run("contract", "save", youth)
    data = json.loads(run("contract", "show", "1", "--json").stdout)
    assert hashlib.sha256(data["text"].encode()).hexdigest() == data["sha256"]


def test_render_all_shows_a_progress_bar_on_a_terminal(run, casefile, tmp_path, monkeypatch):
    from efter.cli import contract

    make_case(run, casefile)
    monkeypatch.setattr(contract, "on_terminal", lambda: True)
    monkeypatch.setenv("TERM", "xterm")
    out = tmp_path / "k"
    result = run("contract", "render", "--all", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{out}/samarbejdskontrakt-2025-0412.md\n"  # stdout stays data
    assert "Rendering contracts" in result.stderr
    assert result.stderr.endswith(f"Rendered 1 contract into {out}.\n")
