"""Line breaks inside table cells (issue 20, item 1).

A value typed with a line break (or a spreadsheet cell with Alt+Enter) stays one table cell in
every document: checked by reading efter's Markdown with mistune, a GFM parser that is not the
one efter makes HTML with, and comparing the cells under their headings.
"""

import re
from pathlib import Path
from typing import Any

import mistune
import pytest

WHAT = "Søge SU\nog ringe til skolen"
PLACE = "Rådhuset"  # one-line fields (place, names) refuse a line break at the door
NOTE = "Ser Amalie\nhver anden weekend"


def raw_tables(markdown: str) -> list[list[list[str]]]:
    """Every table as mistune reads it: rows of cell texts, the header first; a `<br>` in a
    cell reads as a line break."""
    parse = mistune.create_markdown(renderer=None, plugins=["table"])

    def text(children: list[dict[str, Any]]) -> str:
        out = []
        for child in children:
            if child["type"] == "inline_html" and child["raw"].lower().startswith("<br"):
                out.append("\n")
            elif "children" in child:
                out.append(text(child["children"]))
            else:
                out.append(child.get("raw", ""))
        return "".join(out)

    found = []
    for node in parse(markdown):  # type: ignore[union-attr]
        if node["type"] != "table":
            continue
        head, *body = node["children"]
        rows = [[text(cell["children"]) for cell in head["children"]]]
        for part in body:
            rows += [[text(c["children"]) for c in row["children"]] for row in part["children"]]
        found.append(rows)
    return found


def tables(markdown: str) -> list[list[dict[str, str]]]:
    """Every table as rows of {heading: cell text}."""
    return [
        [dict(zip(table[0], row, strict=True)) for row in table[1:]]
        for table in raw_tables(markdown)
    ]


def rows(markdown: str) -> list[dict[str, str]]:
    return [row for table in tables(markdown) for row in table]


@pytest.fixture
def case(run: Any, casefile: Path) -> None:
    steps = [
        ("youth", "add", "Amalie Nørgaard", "--ref", "2025-0412", "--born", "2009-03-14",
         "--coordinator", "Mette Holm", "--start", "2025-09-01"),
        ("team", "add", "1", "--role", "ungevejleder", "--name", "Peter Dam",
         "--organisation", "Ungeindsatsen Esbjerg", "--from", "2025-09-01"),
        ("network", "add", "1", "--role", "mor", "--name", "Helle Nørgaard", "--note", NOTE,
         "--from", "2025-09-01"),
        ("consent", "give", "1", "--to", "Peter Dam", "--to", "Helle Nørgaard",
         "--about", "aftaler", "--from", "2025-09-01", "--until", "2027-12-31"),
        ("meeting", "plan", "1", "--at", "2026-10-01 10:00", "--force", "--place", PLACE),
        ("agreement", "add", "1", "--what", WHAT, "--owner", "Peter Dam", "--due", "2026-12-15",
         "--meeting", "1"),
        ("meeting", "held", "1", "--attended", "youth", "--attended", "coordinator"),
        ("meeting", "plan", "1", "--at", "2026-12-03 10:00", "--place", PLACE),
        ("measure", "add", "1", "kontaktperson", "--provider", "Opholdsstedet Vestkysten",
         "--legal-basis", "bl32", "--from", "2025-09-01", "--note", NOTE),
    ]  # fmt: skip
    for step in steps:
        result = run(*step)
        assert result.exit_code == 0, (step, result.stderr)


def one_cell(found: list[dict[str, str]], heading: str, value: str, **beside: str) -> None:
    """A row has `value` whole under `heading`, and the cells beside it where they belong."""
    matching = [row for row in found if row.get(heading) == value]
    assert matching, f"no row with {value!r} under {heading!r}: {found}"
    for name, expected in beside.items():
        assert matching[0][name] == expected, (name, matching[0])


def test_agenda_keeps_a_multiline_agreement_in_its_cell(run: Any, case: None) -> None:
    markdown = run("meeting", "agenda", "2").stdout
    found = rows(markdown)
    one_cell(found, "Aftale", WHAT, Ansvarlig="Peter Dam (ungevejleder)", Frist="15. december 2026")
    english = rows(run("meeting", "agenda", "2", "--lang", "en").stdout)
    assert [row for row in english if WHAT in row.values()]


def test_minutes_and_goals_form_keep_the_agreement_in_one_cell(run: Any, case: None) -> None:
    one_cell(
        rows(run("meeting", "minutes", "1").stdout),
        "Hvad",
        WHAT,
        Hvem="Peter Dam (ungevejleder)",
        Hvornår="15. december 2026",
    )
    form = rows(run("meeting", "form", "2").stdout)
    one_cell(form, "Aftale / handling", WHAT, Ansvarlig="Peter Dam (ungevejleder)")


def test_one_line_cells_stay_one_line(run: Any, case: None) -> None:
    # The contract, the handover note and the measures overview put such values on one line
    # (a signed contract's text must not change with this fix).
    contract = rows(run("contract", "render", "1").stdout)
    one_cell(contract, "Aftale", "Søge SU og ringe til skolen", Frist="15. december 2026")
    measures = rows(run("document", "measures", "1").stdout)
    assert [row for row in measures if "Ser Amalie hver anden weekend" in row.values()], measures


def test_html_has_a_line_break_in_the_cell(run: Any, case: None) -> None:
    found = rows(run("meeting", "agenda", "2").stdout)
    assert all("\n" not in key for row in found for key in row)  # no header split either
    html = run("meeting", "agenda", "2", "--format", "html").stdout
    assert "<td>Søge SU<br />\nog ringe til skolen</td>\n<td>Peter Dam (ungevejleder)</td>" in html


def test_a_typed_br_is_text_not_a_line_break(run: Any, case: None) -> None:
    assert run("agreement", "add", "1", "--what", "a<br>b", "--owner", "Peter Dam",
               "--due", "2026-12-20", "--meeting", "1").exit_code == 0  # fmt: skip
    markdown = run("meeting", "agenda", "2").stdout
    assert "| a\\<br\\>b |" in markdown
    one_cell(rows(markdown), "Aftale", "a<br>b")
    html = run("meeting", "agenda", "2", "--format", "html").stdout
    assert "<td>a&lt;br&gt;b</td>" in html


def test_running_text_and_headings_keep_their_breaks(run: Any, case: None) -> None:
    from efter.render.documents import Renderer

    renderer = Renderer("da")
    template = renderer.env.from_string("# {{ v }}\n\n{{ v }}\n\n| a |\n|---|\n| {{ v }} |\n")
    text, _ = renderer.render_template(template, "t", {"v": "x\ny"})
    assert text == "# x y\n\nx  \ny\n\n| a |\n|---|\n| x<br>y |\n"


def efter_tables(markdown: str) -> list[list[list[str]]]:
    """The tables as efter's own HTML reads them (markdown-it with efter's rules)."""
    from efter.render.documents import Renderer

    renderer = Renderer("da")
    renderer.html_page("", title="", figures={})  # builds the parser efter uses
    found: list[list[list[str]]] = []
    cell: list[str] | None = None
    for token in renderer._markdown_it.parse(markdown):
        if token.type == "table_open":
            found.append([])
        elif token.type == "tr_open":
            found[-1].append([])
        elif token.type in ("th_open", "td_open"):
            cell = []
        elif token.type == "inline" and cell is not None:
            cell += ["\n" if c.type == "hardbreak" else c.content for c in token.children or []]
        elif token.type in ("th_close", "td_close"):
            assert cell is not None
            found[-1][-1].append("".join(cell))
            cell = None
    return found


DELIMITER = re.compile(r"^\|(\s*:?-+:?\s*\|)+\s*$")
ALL_DOCUMENTS = [
    ("meeting", "agenda", "2"), ("meeting", "minutes", "1"), ("meeting", "form", "2"),
    ("contract", "render", "1"), ("document", "consent", "1"), ("document", "measures", "1"),
    ("document", "network-overview", "1"), ("document", "dialogue", "1"),
    ("document", "meeting-checklist", "1"), ("ratings", "1", "--doc"),
    ("report", "agreements"), ("report", "meetings"), ("report", "deadlines"),
    ("report", "outcomes"), ("youth", "summary", "1"),
]  # fmt: skip


@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_document_table_reads_the_same_in_gfm_and_in_efter(
    run: Any, case: None, lang: str
) -> None:
    for args in ALL_DOCUMENTS:
        result = run(*args, "--lang", lang, "--format", "md")
        assert result.exit_code == 0, (args, result.stderr)
        gfm, ours = raw_tables(result.stdout), efter_tables(result.stdout)
        assert gfm == ours, args  # the same cells, row by row, header first
        # every row GFM sees is one line of the template's "| ... |" rows: none is the tail
        # of a row that a line break cut in two
        lines = result.stdout.splitlines()
        piped = [ln for ln in lines if ln.startswith("|") and not DELIMITER.match(ln)]
        assert sum(len(table) for table in gfm) == len(piped), args
        for table in ours:
            assert all(len(row) == len(table[0]) for row in table), args  # no row split
