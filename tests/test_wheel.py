"""The built wheel carries the entry point, the templates and the examples, and its demo runs."""

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    return next(out.glob("efter-*.whl"))


@pytest.mark.slow
def test_wheel_contents(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = next(n for n in names if n.endswith("entry_points.txt"))
        assert "efter = efter.start:main" in archive.read(entry_points).decode()
    assert "efter/templates/page.html" in names
    assert "efter/examples/youth.csv" in names
    assert "efter/cli/__init__.py" in names
    # the compiled Danish catalog: efter reads it at run time, without Babel
    assert "efter/locale/da/LC_MESSAGES/efter.mo" in names
    # typer's words alone, for the standard library's gettext (efter.cli.tree.speaking)
    assert "efter/locale/da/LC_MESSAGES/efter-typer.mo" in names


@pytest.mark.slow
def test_demo_runs_from_installed_wheel(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False, system_site_packages=False).create(target)
    python = target / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    # Install the wheel itself with no dependencies; take those from this environment.
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    deps = [p for p in sys.path if p.endswith("site-packages")]
    env = {"PYTHONPATH": ":".join(deps), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run(
        [str(python), "-c", "import efter.cli, sys; sys.argv=['efter','demo','--dir',sys.argv[1]]; efter.cli.main()", str(tmp_path / "demo")],
        capture_output=True, text=True, env=env, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "2025-0412" in result.stdout
    assert (tmp_path / "demo" / "casefile.db").exists()
    imported = subprocess.run(
        [str(python), "-c", "import efter.resources as r; print(r.packaged_dir('templates'))"],
        capture_output=True, text=True, env=env, cwd=tmp_path,
    )  # fmt: skip
    assert imported.stdout.strip().startswith(site)
    danish = subprocess.run(
        [str(python), "-c", "import efter.cli, sys; sys.argv=['efter','--help']; efter.cli.main()"],
        capture_output=True, text=True, env={**env, "EFTER_LANG": "da"}, cwd=tmp_path,
    )  # fmt: skip
    assert danish.stdout.startswith("Brug: efter"), danish.stderr
