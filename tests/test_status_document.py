"""The document 'Status på livsområder': golden files in Markdown and HTML, da and en."""

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import Run, snapshot
from tests.golden import assert_golden


@pytest.fixture
def rated(run: Run, casefile: Path) -> Path:
    result = run(
        "youth", "add", "Amalie Nørgaard", "--ref", "2025-0412", "--born", "14-03-2009",
        "--start", "01-09-2025", "--coordinator", "Mette Holm",
        "--programme", "Vejen til uddannelse og beskæftigelse",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    steps = [
        ("bolig=2", "uddannelse=1", "psyk=3", "netv=2", "--phase", "start", "--date", "2025-09-01"),
        ("bolig=3", "uddannelse=2", "psyk=3", "--phase", "start", "--date", "2025-09-01", "--by", "youth"),
        ("bolig=3", "uddannelse=3", "--phase", "meeting", "--date", "2026-03-01"),
        ("bolig=4", "uddannelse=3", "psyk=2", "--phase", "end", "--date", "2026-11-20"),
        ("bolig=4", "uddannelse=4", "psyk=3", "--phase", "end", "--date", "2026-11-20", "--by", "youth"),
    ]  # fmt: skip
    for step in steps:
        result = run("rate", "2025-0412", *step)
        assert result.exit_code == 0, result.stderr
    return casefile


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_golden(run: Run, rated: Path, lang: str, fmt: str) -> None:
    result = run("ratings", "2025-0412", "--doc", "--format", fmt, "--lang", lang)
    assert result.exit_code == 0, result.stderr
    assert_golden(f"status_{lang}.{fmt}", result.stdout)


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)


def test_html_parses_and_is_self_contained(run: Run, rated: Path) -> None:
    html = run("ratings", "2025-0412", "--doc", "--format", "html").stdout
    parser = _Collect()
    parser.feed(html)
    parser.close()
    assert parser.tags.count("svg") == 1
    assert parser.tags.count("table") == 2
    assert "script" not in parser.tags and "img" not in parser.tags and "link" not in parser.tags
    assert not [
        name for name, _ in parser.attrs if name in ("src", "href") or name.startswith("on")
    ]
    for marker in ("http:", "https:", "//", "url(", "@import"):
        assert marker not in html.replace("</", "")
    svg = re.search(r"<svg.*?</svg>", html, re.S)
    assert svg is not None
    root = ET.fromstring(svg.group(0))  # well-formed XML
    assert root.tag == "svg"
    texts = [t.text for t in root.iter("text")]
    assert texts[:3] == ["Første og seneste vurdering pr. livsområde (1–5)", "Første", "Seneste"]
    assert "Sociale netværk og relationer" in texts


def test_values_are_escaped_in_markdown_html_and_svg(run: Run, casefile: Path) -> None:
    assert run("youth", "add", "<b>Ida</b> | *x*", "--born", "2009-01-01").exit_code == 0
    assert run("areas", "add", "venner", "--da", "<i>Venner</i> & {{ 7*7 }}").exit_code == 0
    assert run("rate", "1", "venner=3", "--phase", "start").exit_code == 0
    md = run("ratings", "1", "--doc").stdout
    assert "**\\<b\\>Ida\\</b\\> \\| \\*x\\***" in md
    assert "| \\<i\\>Venner\\</i\\> & \\{\\{ 7\\*7 \\}\\} | 3 (28. november 2026) |" in md
    html = run("ratings", "1", "--doc", "--format", "html").stdout
    assert "<b>Ida" not in html and "<i>Venner" not in html
    assert "&lt;i&gt;Venner&lt;/i&gt; &amp; {{ 7*7 }}</text>" in html
    ET.fromstring(re.search(r"<svg.*?</svg>", html, re.S).group(0))  # type: ignore[union-attr]


def test_no_ratings_yet(run: Run, casefile: Path) -> None:
    assert run("youth", "add", "Bo", "--born", "2009-01-01").exit_code == 0
    md = run("ratings", "1", "--doc", "--lang", "en").stdout
    assert md.endswith("There are no ratings of the life areas yet.\n")
    html = run("ratings", "1", "--doc", "--format", "html").stdout
    assert "<svg" not in html
    assert "Der er endnu ingen vurderinger af livsområderne." in html


def test_out_writes_a_file_and_audits_rendering(run: Run, rated: Path, tmp_path: Path) -> None:
    import sqlite3

    target = tmp_path / "status.html"
    result = run("ratings", "2025-0412", "--doc", "--format", "html", "--out", str(target))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == (
        f"Wrote the status on life areas of Amalie Nørgaard (id 1) to {target}.\n"
    )
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert target.stat().st_mode & 0o077 == 0
    conn = sqlite3.connect(rated)
    last = conn.execute(
        "SELECT action, youth_id, command FROM audit_event ORDER BY id DESC"
    ).fetchone()
    assert last == ("rendered", 1, "ratings")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--doc", "--format", "pdf"], "'pdf' is not a document format: give --format md or html."),
        (["--doc", "--lang", "de"], "'de' is not a document language: give --lang da or --lang en."),
        (["--doc", "--json"], "--doc makes a document: leave out --json and --history."),
        (["--format", "html"], "--out and --format belong to the document: add --doc."),
    ],
)  # fmt: skip
def test_bad_document_options(run: Run, rated: Path, args: list[str], message: str) -> None:
    before = snapshot(rated)
    result = run("ratings", "2025-0412", *args)
    if "--json" in args:  # the error as the JSON a script asked for; options disagree: 2
        error = {"error": message, "field": None, "problem": message, "fix": None}
        assert (result.exit_code, result.stderr) == (2, json.dumps(error) + "\n")
    else:
        assert result.exit_code == (2 if message.startswith("--out and") else 1)
        assert result.stderr == f"Error: {message}\n"
    assert snapshot(rated) == before
