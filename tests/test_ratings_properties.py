"""Properties checked on many generated cases: the progress arithmetic against a plain model,
and the chart staying well-formed, escaped SVG whatever the labels."""

import re
import sqlite3
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from efter.core import progress, ratings, youth
from efter.core.casefile import create_casefile
from efter.render.charts import start_vs_latest

AREAS = ("bolig", "uddannelse")
# per young person: cohort, and per area a list of (day offset, phase, score)
rating_lists = st.lists(
    st.tuples(st.integers(0, 400), st.sampled_from(["meeting"]), st.integers(1, 5)), max_size=4
)
person = st.tuples(
    st.sampled_from(["H1", "H2"]), st.fixed_dictionaries({a: rating_lists for a in AREAS})
)


@pytest.fixture(scope="module")
def conn(tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    casefile, _ = create_casefile(tmp_path_factory.mktemp("prop") / "casefile.db")
    return casefile.conn


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(people=st.lists(person, min_size=1, max_size=7))
def test_progress_matches_a_plain_model(
    conn: sqlite3.Connection,
    people: list[tuple[str, dict[str, list[tuple[int, str, int]]]]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("EFTER_TODAY", "2026-11-28")
    conn.execute("BEGIN")
    try:
        start = date(2025, 1, 1)
        for number, (cohort, plan) in enumerate(people):
            youth_id = youth.add(
                conn, {"name": f"P{number}", "born": "2008-01-01", "start": "2025-01-01",
                       "cohort": cohort},
            )  # fmt: skip
            person_row = youth.find(conn, str(youth_id))
            for area, points in plan.items():
                for offset, phase, score in points:
                    ratings.record(
                        conn, person_row, [(area, str(score))], phase=phase,
                        on=start + timedelta(days=offset),
                    )  # fmt: skip
        data = progress.progress(conn, group_by="cohort")
        for group in data["groups"]:
            members = [plan for cohort, plan in people if cohort == group["group"]]
            assert group["youth"] == len(members)
            for area in AREAS:
                # The plain model: order by day, then by the order they were recorded.
                paths = [
                    [score for _, _, score in sorted(plan[area], key=lambda p: p[0])]
                    for plan in members
                ]
                changes = [p[-1] - p[0] for p in paths if len(p) >= 2]
                got = next(a for a in group["areas"] if a["area"] == area)
                assert got["followed_up"] == len(changes)
                assert got["no_follow_up_yet"] == sum(1 for p in paths if len(p) == 1)
                assert got["not_rated"] == sum(1 for p in paths if not p)
                assert got["improved"] == sum(1 for c in changes if c > 0)
                assert got["unchanged"] == sum(1 for c in changes if c == 0)
                assert got["worse"] == sum(1 for c in changes if c < 0)
                if changes:
                    assert got["mean_change"] == round(sum(changes) / len(changes), 2)
                    total = got["share_improved"] + got["share_unchanged"] + got["share_worse"]
                    assert abs(total - 1) < 0.002
                else:
                    assert got["mean_change"] is None
    finally:
        conn.execute("ROLLBACK")


def _path(first: int, latest: int) -> dict:  # type: ignore[type-arg]
    return {"first": {"score": first}, "latest": {"score": latest}}


@settings(max_examples=80, deadline=None)
@given(
    labels=st.lists(st.text(min_size=1, max_size=40), min_size=1, max_size=12),
    scores=st.lists(st.integers(1, 5), min_size=48, max_size=48),
    lang=st.sampled_from(["da", "en"]),
)
@example(labels=[" "], scores=[1] * 48, lang="da")  # a blank label shows as nothing
@example(labels=["Bolig  og   økonomi " * 3], scores=[3] * 48, lang="en")
def test_chart_is_well_formed_and_escaped(labels: list[str], scores: list[int], lang: str) -> None:
    labels = ["".join(c for c in label if c.isprintable()) or "x" for label in labels]
    rows = [
        {
            "label_da": label,
            "label_en": label,
            "professional": _path(scores[4 * n], scores[4 * n + 1]),
            "youth": _path(scores[4 * n + 2], scores[4 * n + 3]) if n % 2 else None,
        }
        for n, label in enumerate(labels)
    ]
    svg = start_vs_latest(rows, lang=lang)
    root = ET.fromstring(svg)
    texts = [t.text for t in root.iter("text")]
    for label in labels:
        # On one line (white space runs made one space), cut at 30 with an ellipsis.
        shown = " ".join(label.split())
        shown = shown if len(shown) <= 30 else shown[:29] + "…"
        assert (shown or None) in texts
    assert not re.search(r"<(script|image|use|a|foreignObject)\b", svg)
    for element in root.iter():
        assert not [name for name in element.attrib if "href" in name or name.startswith("on")]
