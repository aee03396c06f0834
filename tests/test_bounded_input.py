"""Issue 14 item 6: unbounded input. Bytes are counted as they are read (/dev/zero, a FIFO,
stdin), every text has a length limit, ids and numbers out of range get the ordinary sentence,
and a template's arithmetic is bounded by the sandbox."""

import os
import threading
from pathlib import Path

import pytest
from conftest import snapshot

LIMIT = 1024 * 1024  # the import limit, made small for the test (efter's is 256 MB)


@pytest.fixture
def small_limit(monkeypatch):
    from efter.transfer import readers

    monkeypatch.setattr(readers, "MAX_BYTES", LIMIT)


def too_big(name: str) -> str:
    return (
        f"Error: {name} is more than 1.0 MB, above the import limit of 1.0 MB: split it into "
        "smaller files (an import of a few thousand rows is far below the limit), or check "
        "that it is the right file.\n"
    )


def test_dev_zero_stops_at_the_limit(run, casefile, small_limit):
    before = snapshot(casefile)
    result = run("import", "youth", "/dev/zero")
    assert (result.exit_code, result.stderr) == (1, too_big("/dev/zero"))
    assert snapshot(casefile) == before


def test_a_fifo_stops_at_the_limit(run, casefile, small_limit, tmp_path):
    fifo = tmp_path / "endless.csv"
    os.mkfifo(fifo)

    def endless() -> None:
        try:
            with open(fifo, "wb") as handle:
                handle.write(b"ref,name,born\n")
                while True:
                    handle.write(b"R,Anna,2009-01-01\n" * 1000)
        except (BrokenPipeError, OSError):
            pass

    writer = threading.Thread(target=endless, daemon=True)
    writer.start()
    result = run("import", "youth", str(fifo))
    writer.join(timeout=30)
    assert not writer.is_alive()
    assert (result.exit_code, result.stderr) == (1, too_big(str(fifo)))


def test_stdin_stops_at_the_limit(run, casefile, small_limit):
    data = b"ref,name,born\n" + b"R,Anna,2009-01-01\n" * (LIMIT // 10)
    result = run("import", "youth", "-", input=data)
    assert (result.exit_code, result.stderr) == (1, too_big("The input on stdin"))


def test_a_proc_file_is_read_as_far_as_it_goes(run, casefile):
    """/proc files say their size is 0: they are read by counting, not by stat()."""
    result = run("import", "youth", "/proc/self/status")
    assert result.exit_code == 1
    assert "the required column ref (or sagsnr) is missing" in result.stderr


def test_minutes_and_templates_from_dev_zero_stop(run, casefile):
    assert run("youth", "add", "Anna Holm", "--born", "2009-03-14").exit_code == 0
    assert run("meeting", "plan", "1", "--at", "2026-11-20 10:00", "--force").exit_code == 0
    before = snapshot(casefile)
    result = run("meeting", "held", "1", "--minutes", "/dev/zero")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: The minutes file /dev/zero is longer than efter keeps for minutes (500,000 "
        "characters): shorten it, or check that it is the right file.\n"
    )
    result = run("document", "consent", "1", "--template", "/dev/zero")
    assert result.exit_code == 1
    # a device is not a template file: refused before anything is read
    assert result.stderr == (
        "Error: There is no template file at /dev/zero: check the path given to --template.\n"
    )
    assert snapshot(casefile) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["youth", "add", "A" * 201, "--born", "2009-03-14"],
            "NAME: 201 characters, more than the 200 efter keeps",
        ),
        (
            ["youth", "add", "Anna", "--born", "2009-03-14", "--note", "n" * 20_001],
            "--note: 20,001 characters, more than the 20,000 efter keeps",
        ),
        (
            ["youth", "add", "Anna", "--born", "2009-03-14", "--municipality", "K" * 201],
            "--municipality: 201 characters, more than the 200 efter keeps",
        ),
    ],
    ids=["name", "note", "municipality"],
)
def test_text_fields_have_a_length_limit(run, casefile, args, message):
    before = snapshot(casefile)
    result = run(*args)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {message}: shorten it and try again.\n"
    assert snapshot(casefile) == before


def test_the_limits_are_enough_for_real_text(run, casefile):
    result = run("youth", "add", "A" * 200, "--born", "2009-03-14", "--note", "n" * 20_000)
    assert result.exit_code == 0, result.stderr


def test_an_import_cell_above_the_limit_is_a_problem(run, casefile):
    before = snapshot(casefile)
    data = f"ref,name,born\nR-1,{'x' * 120_000},2009-01-01\n"
    result = run("import", "youth", "-", input=data)
    assert result.exit_code == 1
    assert (
        "line 2, column name: the text is 120,000 characters long; efter keeps at most 200; "
        "shorten it"
    ) in result.stderr
    assert snapshot(casefile) == before


HUGE = "9" * 30


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["youth", "show", HUGE], f"No young person has the id or ref '{HUGE}'"),
        (["youth", "show", f"id:{HUGE}"], f"No young person has the id or ref 'id:{HUGE}'"),
        (["meeting", "show", HUGE], f"No meeting has the id '{HUGE}'"),
        (["agreement", "done", HUGE], f"No agreement has the id '{HUGE}'"),
        (["contract", "show", HUGE], f"No saved contract has the id '{HUGE}'"),
        (["audit", "--youth", HUGE], f"No young person has the id or ref '{HUGE}'"),
        (["youth", "show", "²"], "No young person has the id or ref '²'"),
        (["youth", "list", "--limit", HUGE], "--limit takes a number from 1 to 1000000"),
        (["config", "set", "caseload-limit", HUGE], "takes a whole number from 1 to 1000000"),
        (["programme", "price", "Vejen", HUGE], "is more than efter takes as a price"),
    ],
    ids=lambda value: value[1] if isinstance(value, list) else None,
)
def test_numbers_out_of_range_get_the_ordinary_sentence(run, casefile, args, message):
    run("youth", "add", "Anna Holm", "--born", "2009-03-14")
    before = snapshot(casefile)
    result = run(*args)
    assert result.exit_code == 1, result.stderr
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert "internal error" not in result.stderr and "Overflow" not in result.stderr
    assert snapshot(casefile) == before


@pytest.mark.parametrize(
    ("expression", "operator"),
    [("9**999999999", "**"), ('"x" * 1000000000', "*"), ("[0] * 10**8", "*")],
)
def test_template_arithmetic_is_bounded_by_the_sandbox(
    run, casefile, tmp_path, expression, operator
):
    run("youth", "add", "Anna Holm", "--born", "2009-03-14")
    template = tmp_path / "bomb.md"
    template.write_text("{{ " + expression + " }}\n")
    result = run("document", "consent", "1", "--template", str(template))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: The template {template} on line 1 tried something unsafe and was stopped "
        f"(the result of '{operator}' would be too large).\n"
    )


def test_ordinary_template_arithmetic_still_works(run, casefile, tmp_path):
    run("youth", "add", "Anna Holm", "--born", "2009-03-14")
    template = tmp_path / "ok.md"
    template.write_text('{{ 2**10 }} {{ 3 * 4 }} {{ "ab" * 3 }}\n')
    result = run("document", "consent", "1", "--template", str(template))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "1024 12 ababab\n"


def test_the_limits_live_in_one_place():
    from efter.core import text

    assert text.max_chars("name") == text.max_chars("--name") == 200
    assert text.max_chars("note") == 20_000
    assert text.max_chars("minutes") == 500_000
    assert text.max_chars("placement-site") == 200
    assert text.max_chars("place") == 2_000
    assert not text.is_id("1" * 19) and text.is_id("1" * 18) and not text.is_id("٣")


def test_readers_limit_a_file_that_grows(tmp_path: Path, small_limit):
    """A regular file is counted as it is read too, not only by its size at the start."""
    from efter.core.errors import InvalidInput
    from efter.transfer import readers

    path = tmp_path / "growing.csv"
    path.write_bytes(b"ref,name,born\n")
    source = readers.open_source(str(path))
    with open(path, "ab") as handle:
        handle.write(b"x" * (2 * LIMIT))
    with pytest.raises(InvalidInput):
        while source.handle.read(65536):
            pass
    source.close()
