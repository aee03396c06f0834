"""The built wheel carries the templates: render a contract from the installed wheel, not from
the checkout (hatchling's force-include is not in editable installs)."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_renders_documents_from_its_own_templates(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir",
         str(tmp_path / "dist"), str(ROOT)],
        check=True, capture_output=True,
    )  # fmt: skip
    [wheel] = (tmp_path / "dist").glob("efter-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for lang in ("da", "en"):
        for name in ("contract.md", "consent.md", "network-map.md", "measures.md",
                     "summary.md", "obligations.txt"):  # fmt: skip
            assert f"efter/templates/{lang}/{name}" in names
    assert "efter/templates/page.html" in names
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target),
         str(wheel)],
        check=True, capture_output=True,
    )  # fmt: skip
    env = {
        **os.environ,
        "PYTHONPATH": str(target),
        "EFTER_DB": str(tmp_path / "c.db"),
        "EFTER_TODAY": "2026-11-28",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }

    def efter(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "efter", *args], env=env, cwd=tmp_path,
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        return done.stdout

    efter("init")
    efter("youth", "add", "Amalie", "--born", "2009-03-14")
    text = efter("contract", "render", "1", "--lang", "en")
    assert text.startswith("# Collaboration contract for Amalie\n")
    located = subprocess.run(
        [sys.executable, "-c", "import efter.resources as r; print(r.packaged_dir('templates'))"],
        env=env, cwd=tmp_path, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    assert located.startswith(str(target))
    assert "Der er ikke registreret et samtykke endnu" in efter("document", "consent", "1")
    assert efter("youth", "summary", "1").startswith("# Sagsoverblik: Amalie\n")
