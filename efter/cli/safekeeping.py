"""efter youth erase, efter retention, efter backup, efter restore and efter doctor."""

from pathlib import Path
from typing import Annotated, Any

import typer

from efter.cli.ask import confirm, interactive
from efter.cli.frame import command_name
from efter.cli.options import DbOption, JsonOption, YouthArg, db_path, db_target, opened
from efter.cli.output import emit_json, say, table, warn
from efter.cli.tree import EfterTyper
from efter.core.i18n import N_, day_text, nt, t

Yes = Annotated[bool, typer.Option("--yes", "-y", help="Do it without asking.")]


def _agreed(question: str, yes: bool, option_hint: str) -> bool:
    """--yes, or a 'y' typed at a terminal. Without a terminal, --yes is required."""
    if yes:
        return True
    if not interactive():
        _refuse_without_yes(option_hint)
    return confirm(question)


def _refuse_without_yes(command: str) -> None:
    from efter.core.errors import InvalidInput

    raise InvalidInput(
        t("{command} asks before it erases anything: add --yes in a script.", command=command)
    )


def _scrubbed_note(result: Any) -> None:
    if result.owner_vacuums:
        say(
            t(
                "The register keeps the erased rows' old bytes in its free space until its "
                "owner runs 'efter register vacuum' (see docs/register.md)."
            )
        )
    elif not result.vacuumed or not result.wal_emptied:
        warn(
            t(
                "another efter command had the case file open, so parts of the file may still hold "
                "the erased data: run 'efter doctor --fix' when no other command runs."
            )
        )
    copies = result.backups
    if copies:
        warn(
            nt(
                "{copies_count} backup copy next to the case file (such as {name}) still holds "
                "what the file held when it was made: delete the copies you no longer need.",
                "{copies_count} backup copies next to the case file (such as {name}) still hold "
                "what the file held when it was made: delete the copies you no longer need.",
                len(copies),
                copies_count=len(copies),
                name=copies[0].name,
            )
        )


# `efter youth erase`, which efter/cli/youth.py registers lazily.
youth_commands = EfterTyper(noun="youth")


@youth_commands.command()
def erase(
    youth: YouthArg,
    yes: Yes = False,
    db: DbOption = None,
) -> None:
    """Erase a young person and everything about them; one audit line (no data) is left."""
    from efter.core import erasure
    from efter.core import youth as core

    with opened(db) as casefile:
        person = core.find(casefile.conn, youth)
        if not _agreed(
            t("Erase {label} and everything about them? This cannot be undone", label=person.label),
            yes,
            "'efter youth erase'",
        ):
            say(t("Nothing was erased."))
            raise typer.Exit(1)
        with casefile.write() as conn:
            person = core.find(conn, youth)  # the same person, now inside the transaction
            erasure.erase(conn, person, command_name(), casefile.erasure_ledger())
        result = casefile.scrub()
        say(t("Erased {label} and everything about them.", label=person.label))
        _scrubbed_note(result)


def _people(count: int) -> str:
    return nt("{n} young person", "{n} young people", count)


def register(app: EfterTyper) -> None:
    @app.command()
    def retention(
        closed_before: Annotated[
            str,
            typer.Option(
                "--closed-before", help="Erase cases closed before this date.", show_default=False
            ),
        ],
        dry_run: Annotated[
            bool, typer.Option("--dry-run", help="Only list who would be erased.")
        ] = False,
        yes: Yes = False,
        json: JsonOption = False,
        db: DbOption = None,
    ) -> None:
        """Erase every case closed before a date, as 'efter youth erase' does one by one."""
        from efter.core import audit, clock, erasure
        from efter.core.dates import parse_date

        day = parse_date(closed_before, field="closed_before")
        today = clock.today()
        if not (dry_run or yes or interactive()):
            _refuse_without_yes("'efter retention'")  # before anything is listed or read
        with opened(db) as casefile:
            with casefile.write() as conn:
                people = erasure.closed_before(conn, day)
                if dry_run and people:
                    audit.viewed(p.id for p in people)
            records = [
                {"id": p.id, "ref": p.ref, "name": p.name, "closed": p.closed} for p in people
            ]
            verb = t("that would be erased") if dry_run else t("to erase")
            if json:
                emit_json(records)
            elif people:
                say(t("Cases closed before {day} {verb}:", day=day_text(day), verb=verb))
                table(
                    ["ID", "Ref", "Name", "Closed"],
                    [[r["id"], r["ref"], r["name"], r["closed"]] for r in records],
                )
            if not people:
                say(t("No case was closed before {day}: nothing to erase.", day=day_text(day)))
                return
            if dry_run:
                say(
                    nt(
                        "{n} case would be erased. Nothing was changed (--dry-run).",
                        "{n} cases would be erased. Nothing was changed (--dry-run).",
                        len(people),
                    )
                )
                return
            if day > today:
                warn(t("--closed-before {day} lies in the future.", day=day.isoformat()))
            if not _agreed(
                nt(
                    "Erase this {n} case and everything about it? This cannot be undone",
                    "Erase these {n} cases and everything about them? This cannot be undone",
                    len(people),
                ),
                yes,
                "'efter retention'",
            ):
                say(t("Nothing was erased."))
                raise typer.Exit(1)
            with casefile.write() as conn:
                erased = erasure.closed_before(conn, day)
                ledger = casefile.erasure_ledger()
                for person in erased:
                    erasure.erase(conn, person, command_name(), ledger)
            result = casefile.scrub()
            say(
                nt(
                    "Erased {n} case closed before {day}.",
                    "Erased {n} cases closed before {day}.",
                    len(erased),
                    day=day_text(day),
                )
            )
            _scrubbed_note(result)

    @app.command()
    def backup(
        dest: Annotated[
            Path | None,
            typer.Argument(
                help="File or folder for the copy (default: backups/ next to the case file).",
                show_default=False,
            ),
        ] = None,
        force: Annotated[
            bool, typer.Option("--force", help="Replace DEST if it is an existing file.")
        ] = False,
        db: DbOption = None,
    ) -> None:
        """Copy the case file safely, even while another command uses it. Prints the copy's path."""
        from efter.core import audit, safekeeping
        from efter.core.youth import all_ids

        with opened(db) as casefile:
            target = safekeeping.backup(casefile, dest, replace=force)
            with casefile.write() as conn:
                ids = all_ids(conn)
                audit.note("exported", ids or [None])
        say(t("Backed up {path} to {target} (private to you).", path=casefile.path, target=target))
        typer.echo(str(target))

    @app.command()
    def restore(
        file: Annotated[Path, typer.Argument(help="The backup copy to restore.", dir_okay=False)],
        yes: Yes = False,
        db: DbOption = None,
    ) -> None:
        """Replace the case file with a backup after checking it; the current file is kept aside."""
        from efter.cli.ask import ask_passphrase
        from efter.core import safekeeping
        from efter.core.casefile import OtherHistory, Unreadable
        from efter.core.erasure import Ledger

        path = db_path(db)
        Ledger.beside(path).entries()  # an unreadable ledger stops it before any change
        if not path.exists():
            info, erased_again = safekeeping.restore_missing(
                path, file, command_name(), ask=ask_passphrase
            )
            _restored_as_new(file, info, path, erased_again)
            return
        conn, info = safekeeping.check_copy(file, ask=ask_passphrase)
        conn.close()
        if not yes:
            if not interactive():
                from efter.core.errors import InvalidInput

                raise InvalidInput(
                    t(
                        "'efter restore' asks before it replaces the case file: add --yes in a "
                        "script."
                    )
                )
            if not confirm(
                t(
                    "Replace the content of {path} with {file} ({people})? The current file is "
                    "kept aside",
                    path=path,
                    file=file,
                    people=_people(info.youth),
                )
            ):
                say(t("Nothing was restored."))
                raise typer.Exit(1)
        try:
            with opened(db) as casefile:
                result = safekeeping.restore(casefile, file, command_name(), ask=ask_passphrase)
        except (Unreadable, safekeeping.Damaged, OtherHistory):
            # The case file itself cannot be read (or not by this efter): move it aside whole
            # and start from the copy.
            aside = safekeeping.set_aside(path)
            try:
                info, erased_again = safekeeping.restore_missing(
                    path, file, command_name(), ask=ask_passphrase
                )
            except BaseException:
                safekeeping.put_back(aside, path)
                raise
            say(t("The case file could not be read; it is kept as {aside}.", aside=aside))
            _restored_as_new(file, info, path, erased_again)
            return
        say(
            t(
                "Restored {file} ({people}) into {path}.",
                file=file,
                people=_people(info.youth),
                path=casefile.path,
            )
        )
        say(t("The file as it was is kept in {aside}.", aside=result.aside))
        if result.carried:
            say(
                nt(
                    "Carried over {n} audit line written since the copy was made.",
                    "Carried over {n} audit lines written since the copy was made.",
                    result.carried,
                )
            )
        _erased_again(result.erased_again)

    @app.command()
    def doctor(
        fix: Annotated[
            bool,
            typer.Option(
                "--fix",
                help="Repair file modes and the journal mode, clear free pages, and store "
                "statutory dates and deadlines that are missing.",
            ),
        ] = False,
        thorough: Annotated[
            bool,
            typer.Option(
                "--thorough",
                help="Also compare every index with its table (SQLite's full integrity check; "
                "a few seconds on a large case file).",
            ),
        ] = False,
        json: JsonOption = False,
        db: DbOption = None,
    ) -> None:
        """Check the case file (integrity, references, privacy, schema, stored statutory dates and deadlines, journal, encryption) or the register (schema, references, roles and security, connection)."""
        from efter.cli.ask import ask_passphrase
        from efter.core import safekeeping

        target = db_target(db)
        if isinstance(target, str):  # a register: it only looks (--fix repairs nothing there)
            from efter.core.dialect import redacted
            from efter.core.register import doctor as check_register

            place, findings = redacted(target), check_register(target)
            heading = t("Register {place}", place=place)
        else:
            place = str(target)
            findings = safekeeping.doctor(target, fix=fix, ask=ask_passphrase, thorough=thorough)
            heading = t("Case file {path}", path=place)
        code = safekeeping.exit_code(findings)
        register_ = isinstance(target, str)
        if json:
            emit_json(
                {
                    "path": place,
                    "ok": code == 0,
                    "checks": [finding.as_json() for finding in findings],
                }
            )
        else:
            typer.echo(heading)
            for f in findings:
                typer.echo(f"{t(f.status):<8} {t(f.check):<13} {f.message}")
                if f.fix and f.status != "ok":
                    typer.echo(f"{'':<22} {t('fix:')} {f.fix}")
            problems = sum(1 for f in findings if f.status == "error")
            warnings = sum(1 for f in findings if f.status == "warning")
            if problems:
                say(
                    nt(
                        "{n} problem needs fixing; the 'fix:' line says how.",
                        "{n} problems need fixing; each 'fix:' line says how.",
                        problems,
                    )
                )
            elif warnings and register_:
                say(
                    nt(
                        "The register is sound, with {n} warning.",
                        "The register is sound, with {n} warnings.",
                        warnings,
                    )
                )
            elif warnings:
                say(
                    nt(
                        "The case file is sound, with {n} warning.",
                        "The case file is sound, with {n} warnings.",
                        warnings,
                    )
                )
            elif register_:
                say(t("The register is sound."))
            else:
                say(t("The case file is sound."))
        if code:
            raise typer.Exit(code)


def _restored_as_new(file: Path, info: Any, path: Path, erased_again: list[int]) -> None:
    say(
        t(
            "Restored {file} ({people}) as the case file {path}.",
            file=file,
            people=_people(info.youth),
            path=path,
        )
    )
    _erased_again(erased_again)


def _erased_again(ids: list[int]) -> None:
    if ids:
        say(
            t(
                "Erased again the young people erased since the copy was made (id {ids}).",
                ids=", ".join(str(i) for i in ids),
            )
        )


# `efter retention|backup|restore|doctor`, which efter/cli/__init__.py registers lazily.
commands = EfterTyper()
register(commands)


# The words `efter doctor` prints for its checks and their states (efter.core.safekeeping).
DOCTOR_WORDS = (
    N_("ok"), N_("warning"), N_("error"), N_("case file"), N_("disk"), N_("encryption"),
    N_("file"), N_("folder"), N_("foreign keys"), N_("free space"), N_("integrity"),
    N_("journal"), N_("open"), N_("schema"), N_("fix:"), N_("security"), N_("connection"),
    N_("deadlines"),
)  # fmt: skip
