"""A small case for the meeting, goal, agreement and due tests: one young person (id 1, ref
2025-0412, born 2009-03-14, so 18½ on 2027-09-14) with a team member (id 1) and a network
member (id 2), and a second young person (id 2) with her own team member (id 3)."""

from typing import Any


def build(run: Any) -> None:
    steps = [
        ("youth", "add", "Amalie Nørgaard", "--ref", "2025-0412", "--born", "2009-03-14",
         "--coordinator", "Mette Holm", "--start", "2025-09-01"),
        ("team", "add", "1", "--role", "ungevejleder", "--name", "Peter Dam",
         "--organisation", "Ungeindsatsen Esbjerg", "--from", "2025-09-01"),
        ("network", "add", "1", "--role", "mor", "--name", "Helle Nørgaard",
         "--from", "2025-09-01"),
        ("youth", "add", "Sara Ali", "--ref", "2025-0433", "--born", "2010-06-27",
         "--coordinator", "Mette Holm", "--start", "2025-09-15"),
        ("team", "add", "2", "--role", "jobcenter", "--name", "Hanne Friis",
         "--from", "2025-09-15"),
        # Agendas name only the parties a consent covers (issue 13): these cover everyone.
        ("consent", "give", "1", "--to", "Peter Dam", "--to", "Helle Nørgaard",
         "--about", "aftaler", "--from", "2025-09-01", "--until", "2027-12-31"),
        ("consent", "give", "2", "--to", "Hanne Friis", "--about", "aftaler",
         "--from", "2025-09-15", "--until", "2027-12-31"),
    ]  # fmt: skip
    for step in steps:
        result = run(*step)
        assert result.exit_code == 0, result.stderr
