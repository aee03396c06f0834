"""One way out for every document command (issue 20, item 3): md, html or pdf, chosen by
--format or the --out file's ending, refused (exit 2, nothing written) when they disagree."""

from pathlib import Path
from typing import Any

import meeting_case
import pytest

# Each document command, as typed before --out/--format (the case below has what they need).
COMMANDS = {
    "ratings --doc": ("ratings", "1", "--doc"),
    "document consent": ("document", "consent", "1"),
    "document network-map": ("document", "network-map", "1"),
    "document measures": ("document", "measures", "1"),
    "document network-overview": ("document", "network-overview", "1"),
    "document dialogue": ("document", "dialogue", "1"),
    "document meeting-checklist": ("document", "meeting-checklist", "1"),
    "contract render": ("contract", "render", "1"),
    "contract show": ("contract", "show", "1"),
    "meeting agenda": ("meeting", "agenda", "1"),
    "meeting minutes": ("meeting", "minutes", "1"),
    "meeting form": ("meeting", "form", "1"),
    "report outcomes": ("report", "outcomes"),
    "report meetings": ("report", "meetings"),
    "report agreements": ("report", "agreements"),
    "report deadlines": ("report", "deadlines"),
    "youth summary": ("youth", "summary", "1"),
}


@pytest.fixture
def case(run: Any, casefile: Path) -> None:
    meeting_case.build(run)
    for step in (
        ("meeting", "plan", "1", "--at", "2026-12-03 10:00", "--place", "Rådhuset"),
        ("rate", "1", "uddannelse=3", "bolig=2", "--by", "youth", "--phase", "start",
         "--date", "2026-10-01"),
        ("contract", "save", "1"),
    ):  # fmt: skip
        result = run(*step)
        assert result.exit_code == 0, (step, result.stderr)


def kind_of(data: bytes) -> str:
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.lstrip().lower().startswith(b"<!doctype html>"):
        return "html"
    assert data.lstrip().startswith(b"#"), data[:80]  # every document starts with its heading
    return "md"


@pytest.mark.parametrize("name", COMMANDS)
def test_the_ending_chooses_the_format_and_a_contradiction_is_refused(
    run: Any, case: None, tmp_path: Path, name: str
) -> None:
    args = COMMANDS[name]
    for ending, expected in ((".html", "html"), (".md", "md"), (".txt", "md")):
        out = tmp_path / f"doc{ending}"
        result = run(*args, "--out", str(out))
        assert result.exit_code == 0, (name, ending, result.stderr)
        assert result.stdout == ""
        assert kind_of(out.read_bytes()) == expected, (name, ending)
    # --format wins when the ending says nothing (.txt) ...
    out = tmp_path / "page.txt"
    assert run(*args, "--format", "html", "--out", str(out)).exit_code == 0
    assert kind_of(out.read_bytes()) == "html"
    # ... and is refused, before anything is read or written, when the ending says otherwise
    out = tmp_path / "status.pdf"
    result = run(*args, "--format", "html", "--out", str(out))
    assert result.exit_code == 2, (name, result.stderr)
    assert result.stderr == (
        "Error: --format html and the file ending .pdf disagree: drop --format, or name the "
        "file status.html.\n"
    )
    assert not out.exists()
    bad = run(*args, "--format", "docx")
    assert bad.exit_code == 1
    assert (
        bad.stderr == "Error: 'docx' is not a document format: give --format md or html or pdf.\n"
    )


@pytest.mark.parametrize("name", ["ratings --doc", "meeting agenda", "report outcomes",
                                  "contract show", "document consent",
                                  "youth summary"])  # fmt: skip
def test_a_pdf_ending_writes_a_pdf(run: Any, case: None, tmp_path: Path, name: str) -> None:
    out = tmp_path / "status.pdf"
    result = run(*COMMANDS[name], "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert kind_of(out.read_bytes()) == "pdf"
    piped = run(*COMMANDS[name], "--format", "pdf")  # stdout is a pipe here, not a terminal
    assert piped.exit_code == 0 and piped.stdout_bytes.startswith(b"%PDF-")


def test_ratings_doc_html_is_escaped_html_not_markdown(
    run: Any, case: None, tmp_path: Path
) -> None:
    # Issue 20: `--out status.html` wrote Markdown into the .html file, exit 0.
    run("youth", "edit", "1", "--programme", "<script>alert(1)</script>")
    out = tmp_path / "status.html"
    assert run("ratings", "1", "--doc", "--out", str(out)).exit_code == 0
    page = out.read_text().replace("<wbr>", "")  # invisible break points in long words
    assert page.startswith("<!DOCTYPE html>")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<table>" in page


def test_handover_notes_in_every_format(run: Any, case: None, tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    result = run("youth", "handover", "1", "2", "--to", "Jens Holt", "--format", "pdf",
                 "--out", str(folder))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    written = sorted(folder.iterdir())
    assert [p.name for p in written] == [
        "overdragelsesnotat-2025-0412.pdf",
        "overdragelsesnotat-2025-0433.pdf",
    ]
    assert all(kind_of(p.read_bytes()) == "pdf" for p in written)
    html = run("youth", "handover", "1", "--to", "Mette Holm", "--format", "html")
    assert html.exit_code == 0 and kind_of(html.stdout_bytes) == "html"
    bad = run("youth", "handover", "1", "--to", "Jens Holt", "--format", "docx")
    assert bad.exit_code == 1


def test_document_options_without_a_document_are_refused(run: Any, case: None) -> None:
    result = run("ratings", "1", "--format", "html")
    assert result.exit_code == 2
    assert result.stderr == "Error: --out and --format belong to the document: add --doc.\n"


def test_a_pdf_for_the_terminal_is_a_usage_mistake(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from efter.cli.document_output import document_output
    from efter.core.errors import UsageMistake

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdout", Terminal())
    with pytest.raises(UsageMistake) as caught:
        document_output("pdf", None)
    assert caught.value.exit_code == 2
    assert caught.value.message == "A PDF is not for the terminal: give --out FILE.pdf."
    assert document_output("html", None).markup == "html"
    assert document_output(None, Path("x.pdf")).markup == "html"  # printed from the HTML
