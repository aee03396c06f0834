"""The real clients efter's files are read by: ical.js under node, LibreOffice headless,
headless Chromium (printing to PDF) and poppler's pdftotext (reading a PDF's words and boxes).

On a machine without the program a test skips and says why; in CI (CI=true) it fails instead,
because .ci/run installs them (apt-get nodejs npm libreoffice-calc-nogui chromium
poppler-utils, npm ical.js).
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).parent
NODE_DIR = HERE / ".node"  # npm installs ical.js here (git ignores it); nothing is vendored
ICALJS = "ical.js@2"


def missing(what: str, how: str) -> None:
    """Skip locally, fail in CI."""
    message = f"{what} is not installed ({how})"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{message}: CI must run this test")
    pytest.skip(message)


def program(name: str, how: str) -> str:
    found = shutil.which(name)
    if found is None:
        missing(name, how)
    assert found is not None
    return found


def icaljs() -> Path:
    """node_modules holding ical.js, installed from the npm registry at first use."""
    program("node", "apt-get install -y nodejs npm")
    modules = NODE_DIR / "node_modules"
    if not (modules / "ical.js" / "package.json").exists():
        npm = program("npm", "apt-get install -y nodejs npm")
        done = subprocess.run(
            [npm, "install", "--no-save", "--no-audit", "--no-fund", "--prefix", str(NODE_DIR),
             ICALJS],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            missing("ical.js", f"npm install {ICALJS} failed: {done.stderr.strip()[-300:]}")
    return modules


def soffice() -> str:
    return shutil.which("soffice") or program(
        "libreoffice", "apt-get install -y libreoffice-calc-nogui"
    )


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return name
    return program("chromium", "apt-get install -y chromium")


def chromium_pdf(html: Path, pdf: Path, profile: Path) -> None:
    """Print `html` to `pdf` as a person would from Chromium: A4 from the page's @page rule,
    no header or footer of the browser's own."""
    done = subprocess.run(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         f"--user-data-dir={profile}", "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
         html.resolve().as_uri()],
        capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0 and pdf.exists(), done.stderr[-500:]


def pdftotext() -> str:
    return program("pdftotext", "apt-get install -y poppler-utils")
