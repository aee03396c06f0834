"""A throwaway PostgreSQL cluster for the tests on the register (issue 17).

    python -m tests.helpers.pgcluster start DIR   # initdb in DIR, start on a Unix socket there;
                                                  # prints the admin URL on stdout
    python -m tests.helpers.pgcluster stop DIR    # stop it (the folder is left to remove)

The server binaries are the operating system's (Debian: /usr/lib/postgresql/NN/bin, found with
pg_config or by looking there). initdb and postgres refuse to run as root: as root the cluster
belongs to the `postgres` user and runs through runuser. It listens on no TCP port, only on a
socket in DIR, with trust for local connections (nothing outside this machine reaches it), C
collation (efter compares text as SQLite does, byte by byte) and no fsync (it is thrown away).
"""

import glob
import os
import shutil
import subprocess
import sys
from pathlib import Path


def bindir() -> Path:
    """The folder of initdb and pg_ctl."""
    found = shutil.which("pg_config")
    if found:
        out = subprocess.run([found, "--bindir"], capture_output=True, text=True, check=False)
        candidate = Path(out.stdout.strip())
        if (candidate / "initdb").exists():
            return candidate
    versions = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parent.parent.name),
    )
    if versions:
        return Path(versions[-1]).parent
    if shutil.which("initdb"):
        return Path(shutil.which("initdb") or "").parent
    raise SystemExit(
        "No PostgreSQL server binaries found: install them (Debian: apt-get install postgresql)."
    )


def _as_owner(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def url(folder: Path) -> str:
    user = "postgres" if os.geteuid() == 0 else os.environ.get("USER", "postgres")
    return f"postgresql://{user}@/postgres?host={folder}"


def start(folder: Path) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    data = folder / "data"
    user = "postgres" if os.geteuid() == 0 else os.environ.get("USER", "postgres")
    if not data.exists():
        subprocess.run(
            _as_owner([str(bindir() / "initdb"), "-D", str(data), "-A", "trust", "-U", user,
                       "--locale=C.UTF-8", "--encoding=UTF8"]),
            check=True,
            stdout=subprocess.DEVNULL,
            cwd=folder,  # the owner may not enter the caller's (private) folder
        )  # fmt: skip
    options = (
        f"-k {folder} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
        "-c full_page_writes=off -c max_connections=200"
    )
    subprocess.run(
        _as_owner([str(bindir() / "pg_ctl"), "-D", str(data), "-o", options,
                   "-l", str(folder / "server.log"), "-w", "start"]),
        check=True,
        stdout=subprocess.DEVNULL,
        cwd=folder,
    )  # fmt: skip
    return url(folder)


def stop(folder: Path) -> None:
    data = folder / "data"
    if (data / "postmaster.pid").exists():
        subprocess.run(
            _as_owner([str(bindir() / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
            check=False,
            stdout=subprocess.DEVNULL,
            cwd=folder,
        )


def pg_database(admin: str, name: str, template: str = "template0") -> str:
    """Make a database `name` on the admin URL's server as a copy of `template` (C
    collation, UTF-8), dropping one of that name first when made from template0; its URL."""
    import psycopg

    with psycopg.connect(admin, autocommit=True) as conn:
        if template == "template0":
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(
            f'CREATE DATABASE "{name}" TEMPLATE "{template}" ENCODING \'UTF8\' '
            "LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'"
        )
    return with_database(admin, name)


def drop_database(admin: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def with_database(url: str, name: str) -> str:
    """The URL with another database in it."""
    from urllib.parse import urlsplit, urlunsplit

    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def with_user(url: str, user: str) -> str:
    """The URL with another user (no password: the throwaway cluster trusts local users)."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{user}@{host}"))


def main() -> None:
    command, folder = sys.argv[1], Path(sys.argv[2]).absolute()
    if command == "start":
        print(start(folder))
    elif command == "stop":
        stop(folder)
    else:
        raise SystemExit(f"unknown command {command}: start or stop")


if __name__ == "__main__":
    main()
