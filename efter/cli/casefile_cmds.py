"""init, path and config: the case file itself."""

from typing import Annotated

import typer

from efter.cli.options import DbOption, JsonOption, db_target, opened
from efter.cli.output import emit_json, say, warn
from efter.cli.tree import EfterTyper
from efter.core.i18n import t


def register(app: EfterTyper) -> None:
    @app.command()
    def init(
        encrypt: Annotated[
            bool,
            typer.Option(
                "--encrypt",
                help="Keep the case file encrypted (SQLCipher; needs efter[encrypt]). The "
                "passphrase is asked for, or read from EFTER_PASSPHRASE.",
            ),
        ] = False,
        db: DbOption = None,
    ) -> None:
        """Create the case file (private to you), or bring an existing one up to date."""
        from efter.cli.ask import ask_passphrase
        from efter.core.casefile import create_casefile, encrypt_existing, is_encrypted

        path = db_target(db)
        if isinstance(path, str):
            from efter.core.dialect import redacted
            from efter.core.errors import UsageMistake
            from efter.core.register import create_register

            if encrypt:
                raise UsageMistake(
                    t(
                        "--encrypt is for a laptop case file: a register is kept safe by its server (TLS, disk encryption; see docs/register.md)."
                    )
                )
            register, created = create_register(path)
            register.close()
            place = redacted(path)
            say(
                t("Created the register at {place}", place=place)
                if created
                else t("Register {place} is ready.", place=place)
            )
            return
        if encrypt and path.is_file() and not is_encrypted(path):
            encrypt_existing(path, ask=ask_passphrase)
            say(
                t(
                    "Encrypted the case file {path}; keep the passphrase safe, it cannot be "
                    "recovered.",
                    path=path,
                )
            )
            say(t("Backups made before now are not encrypted: delete those you no longer need."))
            return
        casefile, created = create_casefile(path, encrypt=encrypt, ask=ask_passphrase)
        encrypted = casefile.encrypted
        casefile.close()
        if not created:
            say(t("Case file {path} is ready.", path=path))
        elif encrypted:
            say(t("Created encrypted case file {path}", path=path))
        else:
            say(t("Created case file {path}", path=path))

    @app.command()
    def path(db: DbOption = None) -> None:
        """Print which case file efter uses (whether or not it exists yet)."""
        from efter.core.dialect import redacted

        target = db_target(db)
        typer.echo(redacted(target) if isinstance(target, str) else str(target))

    config_app = EfterTyper(noun="config", help="Settings kept in the case file.")
    app.add_typer(config_app, name="config")

    @config_app.command("list")
    def config_list(db: DbOption = None, json: JsonOption = False) -> None:
        """Show every setting and its value."""
        from efter.core import settings

        with opened(db) as casefile:
            values = settings.all_settings(casefile.conn)
        if json:
            emit_json(values)
            return
        for key, value in values.items():
            typer.echo(f"{key} = {value}  # {t(settings.help_of(key))}")

    @config_app.command("set")
    def config_set(
        key: Annotated[str, typer.Argument(help="The setting, e.g. caseload-limit.")],
        value: Annotated[str, typer.Argument(help="Its new value.")],
        coordinator: Annotated[
            str | None,
            typer.Option(
                "--coordinator",
                help="This coordinator's own coordinator-phone or coordinator-email (where "
                "one file or register holds several coordinators' cases); an empty value "
                "removes it, and the common one applies again.",
                show_default=False,
            ),
        ] = None,
        db: DbOption = None,
    ) -> None:
        """Change a setting, e.g. 'efter config set caseload-limit 4'."""
        from efter.core import settings
        from efter.core.handover import coordinator_name

        if coordinator is None and ":" in key:  # as 'config list' shows a coordinator's own
            key, coordinator = key.split(":", 1)
        name = coordinator_name(coordinator, "--coordinator") if coordinator is not None else None
        with opened(db) as casefile, casefile.write() as conn:
            stored = settings.set_value(conn, key, value, name)
            unknown = bool(name and stored) and not settings.coordinates_anyone(conn, str(name))
        if unknown:  # kept all the same: the coordinator's first case may come later
            warn(
                t(
                    "No young person on file has {name} as coordinator yet: check the spelling "
                    "('efter report caseload' lists the coordinators).",
                    name=name,
                )
            )
        if name and not stored:
            say(t("{name} has no {key} of their own now: the common one applies.", name=name,
                  key=key))  # fmt: skip
            return
        say(f"{key}:{name} = {stored}" if name else f"{key} = {stored}")


# `efter init`, `efter path` and `efter config`, which efter/cli/__init__.py registers lazily.
commands = EfterTyper()
register(commands)
