"""Long text on paper (issue 20, item 2), printed by the two printers people use: WeasyPrint
(efter's --format pdf) and headless Chromium (a browser printing efter's HTML).

The case has a Teams link as the meeting place, an agreement on two lines and a three-year
series of meetings. Each printed PDF is read back with poppler's pdftotext (words and their
boxes) and checked: nothing runs off the page, Chromium does not shrink the page to fit, the
link is all there, a date is never split over lines, no heading is left at the foot of a page
without its table or text, and a chart is never alone on a page.
"""

import html
import re
import statistics
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import meeting_case
import pytest
from clients import chromium_pdf, pdftotext

TEAMS = (
    "https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjQ5ZTQ4YjktYjQ0Ni00ZGE0LWI0ODEtZjA5"
    "OTM4N2U0ZGZm%40thread.v2/0?context=%7b%22Tid%22%3a%2272f988bf-86f1-41af-91ab-2d7cd011db47"
    "%22%7d"
)
MM = 72 / 25.4  # points per millimetre
RIGHT_MARGIN, BOTTOM_MARGIN = 16 * MM, 20 * MM  # templates/page.html's @page


@dataclass(frozen=True)
class Word:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


@dataclass(frozen=True)
class Printed:
    width: float
    height: float
    pages: int
    words: list[Word]
    text: str  # pdftotext's reading order, non-breaking spaces as spaces


def read_pdf(pdf: Path) -> Printed:
    tool = pdftotext()
    boxes = subprocess.run([tool, "-bbox", str(pdf), "-"], capture_output=True, text=True)
    assert boxes.returncode == 0, boxes.stderr
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', boxes.stdout, re.S)
    words = [
        Word(number, float(a), float(b), float(c), float(d), html.unescape(t))
        for number, (_, _, body) in enumerate(pages)
        for a, b, c, d, t in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
            body,
        )
    ]
    text = subprocess.run([tool, str(pdf), "-"], capture_output=True, text=True).stdout
    width, height = float(pages[0][0]), float(pages[0][1])
    return Printed(width, height, len(pages), words, text.replace("\u00a0", " "))


def lines(printed: Printed, page: int) -> list[str]:
    """The page's text lines top to bottom (words on one baseline), footer left out."""
    rows: dict[int, list[Word]] = {}
    for word in printed.words:
        if word.page == page and word.y1 < printed.height - BOTTOM_MARGIN + 2:
            rows.setdefault(round(word.y1), []).append(word)
    return [" ".join(w.text for w in sorted(rows[y], key=lambda w: w.x0)) for y in sorted(rows)]


@pytest.fixture
def case(run: Any, casefile: Path) -> None:
    meeting_case.build(run)
    steps = [
        ("meeting", "plan", "1", "--at", "2026-10-01 10:00", "--force", "--place", "Rådhuset"),
        ("agreement", "add", "1", "--what", "Søge SU\nog ringe til skolen om optagelse",
         "--owner", "Peter Dam", "--due", "2026-12-15", "--meeting", "1"),
        # three years of meetings every four months, all on Teams
        ("meeting", "plan", "1", "--at", "2026-12-03 10:00", "--every", "4 months",
         "--count", "10", "--place", TEAMS),
        ("rate", "1", "uddannelse=2", "bolig=3", "økonomi=2", "--by", "youth",
         "--phase", "start", "--date", "2026-10-01"),
        ("rate", "1", "uddannelse=3", "bolig=2", "økonomi=2", "--by", "professional",
         "--phase", "start", "--date", "2026-10-01"),
        ("rate", "1", "uddannelse=4", "bolig=4", "økonomi=3", "--by", "youth",
         "--phase", "meeting", "--date", "2026-11-20"),
    ]  # fmt: skip
    for step in steps:
        result = run(*step)
        assert result.exit_code == 0, (step, result.stderr)


DOCUMENTS = {
    "agenda": ("meeting", "agenda", "2"),
    "handover note": ("youth", "handover", "1", "--to", "Jens Holt"),
    "status on life areas": ("ratings", "1", "--doc"),
    "case summary": ("youth", "summary", "1"),
}


def printed_both(run: Any, args: tuple[str, ...], folder: Path) -> tuple[str, dict[str, Printed]]:
    """The document's HTML, printed by WeasyPrint as `--format pdf` does and by Chromium."""
    from efter.render.pdf import html_to_pdf

    page = folder / "page.html"
    made = run(*args, "--format", "html")
    assert made.exit_code == 0, made.stderr
    page.write_text(made.stdout)
    (folder / "weasyprint.pdf").write_bytes(html_to_pdf(made.stdout))
    chromium_pdf(page, folder / "chromium.pdf", folder / "profile")
    return made.stdout, {
        "WeasyPrint": read_pdf(folder / "weasyprint.pdf"),
        "Chromium": read_pdf(folder / "chromium.pdf"),
    }


@pytest.mark.parametrize("name", DOCUMENTS)
def test_long_text_stays_on_the_page_in_both_printers(
    run: Any, case: None, tmp_path: Path, name: str
) -> None:
    page, printers = printed_both(run, DOCUMENTS[name], tmp_path)
    headings = {html.unescape(h) for h in re.findall(r"<h[1-3]>(.*?)</h[1-3]>", page)}
    chart_words = {
        w for t in re.findall(r"<text[^>]*>(.*?)</text>", page) for w in html.unescape(t).split()
    }
    dates = set(re.findall(r"\d{1,2}\.\u00a0\w+\u00a0\d{4}(?:\u00a0kl\.\u00a0\d\d\.\d\d)?", page))
    assert dates, "the document shows dates"
    heights = {}
    for printer, printed in printers.items():
        where = f"{name} in {printer}"
        assert round(printed.width) == 595 and round(printed.height) == 842, where  # A4
        edge = printed.width - RIGHT_MARGIN + 1
        off = [w.text for w in printed.words if w.x1 > edge]
        assert not off, f"{where}: runs off the page: {off[:3]}"
        heights[printer] = statistics.median(w.y1 - w.y0 for w in printed.words)
        for number in range(printed.pages - 1):
            shown = lines(printed, number)
            assert shown[-1] not in headings, f"{where}: '{shown[-1]}' alone at the foot"
        if chart_words:
            pages = {w.page for w in printed.words if w.text in chart_words}
            for number in pages:
                other = [ln for ln in lines(printed, number) if not set(ln.split()) <= chart_words]
                assert other, f"{where}: the chart is alone on page {number + 1}"
        text_lines = printed.text.splitlines()
        split = [d for d in dates if not any(d.replace("\u00a0", " ") in ln for ln in text_lines)]
        assert not split, f"{where}: dates split over lines: {split[:3]}"
        if name in ("handover note", "case summary"):  # ten meetings with the link: pages
            assert printed.pages >= 2, where
        if "teams.microsoft" in page:
            # the words as printed (pdftotext's plain text drops a hyphen that ends a line)
            squeezed = "".join(w.text for w in printed.words).replace("\u200b", "")
            assert TEAMS in squeezed, f"{where}: the link is cut"
    # Chromium prints at the size WeasyPrint does: it did not shrink the page to fit a link.
    assert heights["Chromium"] / heights["WeasyPrint"] > 0.97, heights


def test_break_points_go_into_links_and_codes_only() -> None:
    from efter.render.documents import _breakable

    assert _breakable("<p>Forældremyndighedsindehaver og databeskyttelsesforordningen</p>") == (
        "<p>Forældremyndighedsindehaver og databeskyttelsesforordningen</p>"
    )
    assert _breakable("<p>Underskrift: ____________________________________</p>") == (
        "<p>Underskrift: ____________________________________</p>"
    )
    assert _breakable(
        '<td title="https://x.example/aaaaaaaaaaaaaaaaaaaaaaaa">https://x.example/a?b=1&amp;c=2</td>'
    ) == (
        '<td title="https://x.example/aaaaaaaaaaaaaaaaaaaaaaaa">https:/<wbr>/<wbr>x.example/<wbr>a?<wbr>b=<wbr>1&amp;<wbr>c=<wbr>2</td>'
    )


def test_no_heading_is_left_at_the_foot_of_a_page(tmp_path: Path) -> None:
    """Thirty sections of a heading, a line and a table, with text of growing length between
    them: across ten pages some heading falls near a foot; it moves over with its table."""
    from efter.render.documents import Renderer
    from efter.render.pdf import html_to_pdf

    sections = []
    for number in range(30):
        filler = " ".join(["Teksten fylder en linje eller to på siden."] * (number % 7 * 3 + 1))
        rows = "".join(f"| {number}.{row} | aftale | 15. december 2026 |\n" for row in range(4))
        sections.append(
            f"{filler}\n\n## Afsnit {number}\n\nÅbne aftaler, der skal følges op:\n\n"
            f"| Nr. | Aftale | Frist |\n|---|---|---|\n{rows}"
        )
    page = Renderer("da").html_page("\n\n".join(sections), title="Afsnit", figures={})
    (tmp_path / "page.html").write_text(page)
    (tmp_path / "weasyprint.pdf").write_bytes(html_to_pdf(page))
    chromium_pdf(tmp_path / "page.html", tmp_path / "chromium.pdf", tmp_path / "profile")
    for printer in ("weasyprint", "chromium"):
        printed = read_pdf(tmp_path / f"{printer}.pdf")
        assert printed.pages >= 5, printer
        for number in range(printed.pages - 1):
            last = lines(printed, number)[-1]
            assert not last.startswith(("Afsnit ", "Åbne aftaler")), (
                f"{printer}: '{last}' at the foot"
            )


def test_a_chart_stays_with_its_heading(tmp_path: Path) -> None:
    """Sections of a heading, a line and a chart after text of growing length: a chart that
    does not fit at the foot of a page takes its heading along to the next one."""
    from efter.render.documents import Renderer
    from efter.render.pdf import html_to_pdf

    renderer = Renderer("da")
    source = (
        "{% for n in range(12) %}{{ filler * (n % 5 * 4 + 1) }}\n\n## Diagram {{ n }}\n\n"
        "Fordelingen i perioden:\n{{ figure('chart' ~ n) }}\n{% endfor %}"
    )
    text, _ = renderer.render_template(
        renderer.env.from_string(source),
        "charts",
        {"filler": "Teksten fylder en linje eller to på siden. "},
        html=True,
    )

    def chart(n: int) -> str:
        return (
            '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="300" viewBox="0 0 600 300">'
            f'<rect x="0" y="20" width="500" height="260" fill="#9ab"/>'
            f'<text x="10" y="14" font-size="12">Søjler{n}</text></svg>'
        )

    figures = {f"chart{n}": (lambda n=n: chart(n)) for n in range(12)}
    page = renderer.html_page(text, title="Diagrammer", figures=figures)
    (tmp_path / "page.html").write_text(page)
    (tmp_path / "weasyprint.pdf").write_bytes(html_to_pdf(page))
    chromium_pdf(tmp_path / "page.html", tmp_path / "chromium.pdf", tmp_path / "profile")
    for printer in ("weasyprint", "chromium"):
        printed = read_pdf(tmp_path / f"{printer}.pdf")
        assert printed.pages >= 4, printer
        for n in range(12):
            chart_page = {w.page for w in printed.words if w.text == f"Søjler{n}"}
            heading_page = {
                w.page
                for w in printed.words
                if w.text == str(n)
                and any(v.text == "Diagram" and v.page == w.page and abs(v.y1 - w.y1) < 1
                        for v in printed.words)
            }  # fmt: skip
            assert chart_page and chart_page == heading_page, (printer, n)
