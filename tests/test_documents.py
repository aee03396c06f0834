"""Rendered documents against golden files, in both languages, as Markdown and HTML; the gaps
of an empty case; escaping of names; PDF when the extra is installed."""

import re
import sys
from pathlib import Path

import pytest
from conftest import snapshot
from documents_case import check_golden, make_case

DOCUMENTS = ("contract", "consent", "network-map", "measures")


def _command(kind: str) -> tuple[str, ...]:
    return ("contract", "render") if kind == "contract" else ("document", kind)


@pytest.mark.parametrize("kind", DOCUMENTS)
@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_golden(run, casefile, kind, lang, fmt):
    youth = make_case(run, casefile)
    result = run(*_command(kind), youth, "--lang", lang, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    check_golden(f"{kind}.{lang}.{fmt}", result.stdout)


def test_danish_dates_and_sections(run, casefile):
    youth = make_case(run, casefile)
    text = run("contract", "render", youth).stdout
    assert "Født 14. marts 2009" in text
    assert "| 14. januar 2027 kl. 14.00 | Netværksmøde | Ungeindsatsen, Esbjerg |" in text
    headings = re.findall(r"(?m)^## (.*)$", text)
    assert headings == [
        "1. Parterne", "2. Hvad kontrakten er", "3. Mål og delmål", "4. Aftaler og ansvar",
        "5. Handleforpligtelser", "6. Den unges egne aftaler", "7. Netværkets bidrag",
        "8. Periode og opfølgning", "9. Uenighed, samtykke og tavshedspligt",
        "10. Underskrifter",
    ]  # fmt: skip
    # Handleforpligtelser only for the roles on the team (and the coordinator).
    assert "### Ungevejleder (Peter Dam)" in text
    assert "### Jobcenter" not in text
    # A signature line for every party the consent covers, and none for Onkel Bent.
    for name in ("Amalie Nørgaard", "Mette Holm", "Lene Bach", "Peter Dam", "Helle Nørgaard"):
        assert f"**{name}**, " in text
    assert "Bent" not in text


def test_case_with_no_team_renders_and_marks_the_gaps(run, casefile):
    youth = run("youth", "add", "Jonas", "--born", "2010-01-09").stdout.strip()
    result = run("contract", "render", youth)
    assert result.exit_code == 0, result.stderr
    for gap in (
        "> **Mangler:** Ingen i teamet er omfattet af den unges samtykke.",
        "Ingen fra det private netværk er omfattet af den unges samtykke.",
        "> **Mangler:** Teamet er ikke på plads endnu. Der mangler: myndighedsrådgiver, "
        "ungevejleder eller jobcenter, koordinator.",
        "> **Mangler:** Der er ikke sat mål endnu.",
        "> **Mangler:** Der er ikke planlagt et møde, hvor kontrakten revideres.",
        "> **Mangler:** Der er ikke registreret et gældende samtykke.",
    ):
        assert gap in result.stdout
    assert "**(mangler)**, koordinator" in result.stdout
    english = run("contract", "render", youth, "--lang", "en", "--format", "html")
    assert english.exit_code == 0
    assert "<blockquote>\n<p><strong>Missing:</strong> Nobody on the team whom" in (english.stdout)
    consent = run("document", "consent", youth)
    assert "> **Mangler:** Der er ikke registreret et samtykke endnu." in consent.stdout


def test_values_are_data_never_template_code(run, casefile):
    name = "{{ 7*7 }} <script>alert(1)</script>"
    youth = make_case(run, casefile, name=name)
    md = run("contract", "render", youth).stdout
    assert "# Samarbejdskontrakt for \\{\\{ 7\\*7 \\}\\} \\<script\\>alert(1)\\</script\\>" in md
    assert "49" not in md
    for kind in DOCUMENTS:
        html = run(*_command(kind), youth, "--format", "html").stdout
        assert "<script" not in html
        assert "{{ 7*7 }} &lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "49 &lt;script" not in html and ">49" not in html


def test_html_is_one_self_contained_print_page(run, casefile):
    youth = make_case(run, casefile)
    html = run("document", "network-map", youth, "--format", "html").stdout
    assert "@page { size: A4" in html and "counter(page)" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "@import" not in html and "url(" not in html
    svg = html[html.index("<svg") : html.index("</svg>")]
    for text in ("Lene Bach", "Peter Dam", "Helle Nørgaard", "Onkel Bent [genfundet]"):
        assert f">{text}</text>" in svg
    assert ">Fagpersoner</text>" in svg and ">Familie</text>" in svg


def test_format_from_out_suffix_and_file_written(run, casefile, tmp_path):
    youth = make_case(run, casefile)
    out = tmp_path / "kontrakt.html"
    result = run("contract", "render", youth, "--out", str(out))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == f"Wrote {out}.\n"
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_bad_format_and_language(run, casefile):
    youth = make_case(run, casefile)
    before = snapshot(casefile)
    result = run("contract", "render", youth, "--format", "docx")
    assert (result.exit_code, result.stdout) == (1, "")
    assert (
        result.stderr
        == "Error: 'docx' is not a document format: give --format md or html or pdf.\n"
    )
    result = run("document", "consent", youth, "--lang", "de")
    assert result.exit_code == 1
    assert result.stderr == "Error: 'de' is not a document language: give --lang da or --lang en.\n"
    assert snapshot(casefile) == before


def test_pdf_without_the_extra_says_how_to_install(run, casefile, tmp_path, monkeypatch):
    youth = make_case(run, casefile)
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import weasyprint -> ImportError
    out = tmp_path / "k.pdf"
    result = run("contract", "render", youth, "--out", str(out))
    assert result.exit_code == 1
    assert result.stderr == (
        'Error: PDF needs the optional extra: install it with pip install "efter[pdf]" '
        "(or pipx inject efter weasyprint), or use --format html and print from a browser.\n"
    )
    assert not out.exists()


def test_pdf_with_the_extra(run, casefile, tmp_path):
    pytest.importorskip("weasyprint", reason="the PDF extra is not installed (CI installs it)")
    youth = make_case(run, casefile)
    for kind in DOCUMENTS:
        out = tmp_path / f"{kind}.pdf"
        result = run(*_command(kind), youth, "--format", "pdf", "--out", str(out))
        assert result.exit_code == 0, result.stderr
        data = out.read_bytes()
        assert data.startswith(b"%PDF-")
        assert data.rstrip().endswith(b"%%EOF")
    # A saved version prints to PDF from its stored text.
    saved = run("contract", "save", youth).stdout.strip()
    out = tmp_path / "saved.pdf"
    assert run("contract", "show", saved, "--out", str(out)).exit_code == 0
    assert out.read_bytes().startswith(b"%PDF-")


def test_document_help_lists_the_documents(run):
    result = run("document", "--help")
    assert result.exit_code == 0
    for kind in ("consent", "network-map", "measures"):
        assert kind in result.stdout


@pytest.mark.laptop_only("the file is still there")
def test_unknown_young_person(run, casefile):
    result = run("document", "measures", "nobody")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert Path(casefile).exists()


def test_demo_saves_and_renders_a_contract(run, env, tmp_path, json_of):
    folder = tmp_path / "demo"
    result = run("demo", "--dir", str(folder))
    assert result.exit_code == 0, result.stderr
    page = folder / "samarbejdskontrakt-2025-0412.html"
    assert f"A contract to print: {page}\n" in result.stderr
    assert "Recorded 6 measures and saved a contract for Amalie Nørgaard." in result.stderr
    text = page.read_text(encoding="utf-8")
    assert "<h1>Samarbejdskontrakt for Amalie Nørgaard</h1>" in text
    assert "Søge ind på 10. klasse på Rybners" in text  # made at the demo's network meeting
    db = str(folder / "casefile.db")
    [saved] = json_of("--db", db, "contract", "list", "2025-0412")
    assert (saved["version"], saved["signed"]) == (1, None)


def test_example_template_renders(run, casefile):
    from efter.resources import packaged_dir

    youth = make_case(run, casefile)
    example = packaged_dir("examples") / "kontrakt-kort.md"
    result = run("contract", "render", youth, "--template", str(example))
    assert result.exit_code == 0, result.stderr
    check_golden("kontrakt-kort.da.md", result.stdout)


def test_people_who_left_drop_out_but_their_agreements_stay(run, casefile):
    youth = make_case(run, casefile)
    peter = next(m for m in json_of_team(run, youth) if m["name"] == "Peter Dam")
    assert run("team", "end", str(peter["id"]), "--date", "2026-11-28").exit_code == 0
    text = run("contract", "render", youth).stdout
    assert "| Ungevejleder | Peter Dam |" not in text
    assert "### Ungevejleder" not in text
    assert "**Peter Dam**, ungevejleder" not in text
    assert "| 1 | Søger optagelse på EUD | Peter Dam (ungevejleder) | 15. december 2026 |" in text


def json_of_team(run, youth):
    import json

    return json.loads(run("team", "list", youth, "--json").stdout)


def test_a_planned_end_keeps_the_person_until_that_day(run, casefile):
    youth = make_case(run, casefile)
    peter = next(m for m in json_of_team(run, youth) if m["name"] == "Peter Dam")
    assert run("team", "end", str(peter["id"]), "--date", "2026-12-31").exit_code == 0
    assert "### Ungevejleder (Peter Dam)" in run("contract", "render", youth).stdout
