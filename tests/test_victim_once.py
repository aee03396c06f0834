"""A register's deadlock victim is run again only when nothing it took can be missed the second
time (casefile.again): a CPR number read from stdin or asked for, an import read from a FIFO, a
file already written. Simulated on either engine: the command's own step raises Victim once."""

import os
import threading
from pathlib import Path
from typing import Any

import pytest

from efter.core import casefile, outfile, youth
from tests.conftest import Run


@pytest.fixture
def chosen_once(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Make `module.name` raise Victim on its first call; returns the list of calls."""
    monkeypatch.setattr(casefile, "VICTIM_PAUSE_S", 0.0)

    def patch(module: Any, name: str) -> list[int]:
        real, calls = getattr(module, name), []

        def flaky(*args: Any, **kwargs: Any) -> Any:
            calls.append(1)
            if len(calls) == 1:
                raise casefile.Victim("Chosen as a deadlock's victim.")
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, flaky)
        return calls

    return patch


def test_a_victim_that_read_a_cpr_number_from_stdin_is_not_run_again(
    run: Run, casefile: Path, chosen_once: Any
) -> None:
    calls = chosen_once(youth, "add")
    result = run("youth", "add", "Åse Ø", "--born", "2008-03-01", "--cpr", "-",
                 input="010308-1234\n")  # fmt: skip
    assert (result.exit_code, result.stderr) == (1, "Error: Chosen as a deadlock's victim.\n")
    assert len(calls) == 1
    assert run("youth", "list", "--all", "--json").stdout.strip() == "[]"


def test_a_victim_whose_import_came_from_a_fifo_is_not_run_again(
    run: Run, casefile: Path, chosen_once: Any, tmp_path: Path
) -> None:
    from efter.transfer import importer

    calls = chosen_once(importer, "apply")
    fifo = tmp_path / "youth.csv"
    os.mkfifo(fifo)

    stop = threading.Event()

    def feed() -> None:
        with open(fifo, "w", encoding="utf-8") as handle:
            handle.write("ref,name,born\nR1,Åse Ø,2008-03-01\n")
        # A second run would open the FIFO again and wait for ever: give it ends to read
        # instead, so that the test fails rather than hangs.
        while not stop.is_set():
            with open(fifo, "w", encoding="utf-8"):
                pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    result = run("import", "youth", str(fifo))
    stop.set()
    os.close(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))  # lets the last open() return
    writer.join(timeout=10)
    assert (result.exit_code, result.stderr) == (1, "Error: Chosen as a deadlock's victim.\n")
    assert len(calls) == 1


def test_a_victim_that_wrote_a_file_is_not_run_again(tmp_path: Path) -> None:
    runs: list[int] = []

    def writes_then_chosen() -> None:
        runs.append(1)
        outfile.write(tmp_path / "agenda.md", "Dagsorden\n", replace=False)
        raise casefile.Victim("chosen")

    with pytest.raises(casefile.Victim):
        casefile.again(writes_then_chosen)
    assert len(runs) == 1
    assert (tmp_path / "agenda.md").read_text(encoding="utf-8") == "Dagsorden\n"
