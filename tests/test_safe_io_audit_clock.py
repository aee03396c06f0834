"""Issue 14 item 9: the audit log is dated by the machine's clock, never by EFTER_TODAY, and
`audit prune` keeps six months of real time unless --force."""

from datetime import date, datetime

from conftest import snapshot


def test_efter_today_does_not_date_audit_lines(run, casefile, json_of, monkeypatch):
    monkeypatch.setenv("EFTER_TODAY", "2031-05-01")
    assert run("youth", "add", "Anna Holm", "--born", "2014-03-14").exit_code == 0
    monkeypatch.setenv("EFTER_TODAY", "2019-05-01")
    run("youth", "show", "1")
    stamps = [line["at"] for line in json_of("audit")]
    assert len(stamps) == 2
    for stamp in stamps:
        at = datetime.fromisoformat(stamp)
        assert abs((at - datetime.now()).total_seconds()) < 3600, stamp


def test_prune_never_removes_young_lines_with_a_future_efter_today(
    run, casefile, json_of, monkeypatch
):
    run("youth", "add", "Anna Holm", "--born", "2009-03-14")
    run("youth", "show", "1")
    before = snapshot(casefile)
    monkeypatch.setenv("EFTER_TODAY", "2040-01-01")
    result = run("audit", "prune", "--before", "2039-01-01")
    assert result.exit_code == 1
    assert "would keep less than 6 months of the audit log" in result.stderr
    assert snapshot(casefile) == before
    assert len(json_of("audit")) == 2
    assert date.today().isoformat() in json_of("audit")[0]["at"]
