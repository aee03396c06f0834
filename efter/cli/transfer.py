"""efter import KIND FILE and efter export KIND: the face of efter.transfer."""

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from efter.cli.frame import scrub
from efter.cli.options import DbOption, JsonOption, opened
from efter.cli.output import emit_json, say
from efter.cli.progress import Progress, watching
from efter.cli.tree import EfterTyper, helptext
from efter.core.i18n import N_, nt, t

# The kinds, as every message lists them (the last one joined by the language's "or").
KINDS_LISTED = N_(
    "youth, team, network, meetings, agreements, ratings, status, measures, programmes "
    "(forløb: periods in programmes), closed (afsluttede)"
)
LAST_KIND = "prices (priser)"


def import_kinds() -> str:
    """youth, team, ... or prices (priser), in the language of the messages."""
    return t("{kinds} or {last}", kinds=t(KINDS_LISTED), last=LAST_KIND)


PROGRESS_FROM_BYTES = 256 * 1024  # smaller files finish before a bar is worth drawing


class _Rollback(Exception):
    """Leave the transaction without writing (a dry run, or problems in the file)."""


def _kind(value: str, allowed: tuple[str, ...], what: str) -> str:
    from efter.transfer.kinds import kind_name

    name = kind_name(value) or value.strip().lower()
    if name not in allowed:
        raise typer.BadParameter(
            t("'{value}' is not a kind: give {what}.", value=value, what=what), param_hint="KIND"
        )
    return name


def _value(value: Any) -> str:
    if value is None or value == "":
        return "(empty)"
    return str(value) if isinstance(value, int) else f"'{value}'"


def _changes(plan: Any, item: Any) -> str:
    from efter.transfer.importer import column_of, shown

    parts = [
        f"{column_of(plan.kind, item, name)} {_value(shown(plan.kind, name, old))} -> "
        f"{_value(shown(plan.kind, name, new))}"
        for name, (old, new) in item.changes.items()
        if name in plan.kind.columns
    ]
    return "; ".join(parts)


class _Bar:
    """The import's progress bar (efter.cli.progress), drawn only on a terminal and for
    larger files: bytes read while checking, rows while writing."""

    def __init__(self, source: Any) -> None:
        self.source = source
        self.calls = 0
        watched = watching() and source.size >= PROGRESS_FROM_BYTES
        self.progress = Progress(t("Checking {name}", name=source.name), source.size, shown=watched)

    def __enter__(self) -> "_Bar":
        self.progress.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.__exit__(*exc)

    def tick(self) -> None:
        self.calls += 1
        if self.calls % 100 == 0:
            self.progress.update(self.source.done)

    def writing(self, done: int, total: int) -> None:
        if done % 100 == 0 or done == total:
            self.progress.update(done, total=total, what=t("Writing {name}", name=self.source.name))

    @property
    def callback(self) -> Any:
        return self.tick if self.progress.drawn else None

    @property
    def write_callback(self) -> Any:
        return self.writing if self.progress.drawn else None


def register(app: EfterTyper) -> None:
    @app.command("import")
    def import_(
        kind: Annotated[
            str,
            typer.Argument(
                help=helptext(
                    "What the file holds: {kinds} or {last}.", kinds=KINDS_LISTED, last=LAST_KIND
                ),
                metavar="KIND",
            ),
        ],
        file: Annotated[
            str,
            typer.Argument(
                help="CSV, Excel .xlsx, JSON or JSON Lines file; - reads stdin.", metavar="FILE"
            ),
        ],
        dry_run: Annotated[
            bool, typer.Option("--dry-run", help="Check the file and show what would happen.")
        ] = False,
        update: Annotated[
            bool,
            typer.Option("--update", help="Change records whose values differ from the file."),
        ] = False,
        fmt: Annotated[
            str,
            typer.Option("--format", help="auto, csv, xlsx, json or jsonl.", show_default=True),
        ] = "auto",
        sheet: Annotated[
            str | None,
            typer.Option(help="Excel sheet to read (default: the kind's sheet, else the first)."),
        ] = None,
        force: Annotated[
            bool,
            typer.Option(
                "--force",
                help="Enrol young people outside ages 15-23, with a CPR number another young "
                "person has, or keep a Serviceloven basis from 2024 on (the record says so).",
            ),
        ] = False,
        json: JsonOption = False,
        db: DbOption = None,
    ) -> None:
        """Import a file, all or nothing: every row is checked before anything is written.

        Columns by their names or Danish aliases (sagsnr, navn, fødselsdato, ...), any case.
        A record already in the case file (same ref) is left alone, or changed with --update.
        """
        from efter.core import audit
        from efter.transfer import importer, kinds, readers
        from efter.transfer.kinds import KIND_NAMES

        name = _kind(kind, KIND_NAMES, import_kinds())
        spec = kinds.kind(name)
        with opened(db) as casefile:
            source = readers.open_source(file)
            try:
                fmt_used = readers.detect_format(source, fmt)
                rows = readers.read(source, fmt_used, spec, sheet)
                written = False
                caseload: list[str] = []
                try:
                    with _Bar(source) as bar, casefile.write() as conn:
                        # Checked rows are written as they come where the kind allows it, and
                        # let go of unless --json lists them: memory stays flat.
                        plan = importer.validate(
                            conn, spec, rows, update=update, force=force, progress=bar.callback,
                            write=not dry_run, keep=json or dry_run,
                        )  # fmt: skip
                        if not plan.ok or dry_run:
                            raise _Rollback
                        touched = importer.apply(conn, plan, bar.write_callback)
                        audit.changed(touched)
                        written = True
                        if name == "youth":
                            caseload = _caseload_warnings(conn, plan)
                except _Rollback:
                    pass
            finally:
                source.close()
        for note in source.notes:
            say(t("Note: {note}", note=note))
        for message in caseload:  # printed once the import has committed, never before
            say(t("Warning: {message}", message=message))
        _report(plan, source.name, fmt_used, dry_run=dry_run, written=written, json=json)
        if not plan.ok:
            raise typer.Exit(1)

    @app.command(audit="exported")
    def export(
        kind: Annotated[
            str,
            typer.Argument(
                help=helptext(
                    "What to export: {kinds} or {last}, or all; 'template KIND' writes an empty "
                    "import sheet with Danish headers and one example row.",
                    kinds=KINDS_LISTED,
                    last=LAST_KIND,
                ),
                metavar="KIND",
            ),
        ],
        template_of: Annotated[
            str | None,
            typer.Argument(help="After 'template': the kind of sheet.", metavar="[KIND]"),
        ] = None,
        fmt: Annotated[
            str | None,
            typer.Option(
                "--format",
                help="csv, xlsx, json or jsonl (JSON Lines) (default: from --out's extension, "
                "else csv).",
                show_default=False,
            ),
        ] = None,
        out: Annotated[
            Path | None,
            typer.Option(
                "--out",
                help="File to write, private to you (default: stdout). A folder for all as "
                "CSV or JSON Lines.",
                show_default=False,
            ),
        ] = None,
        pseudonymise: Annotated[
            bool,
            typer.Option(
                "--pseudonymise",
                help="Replace names, CPR numbers and refs with stable keyed pseudonyms, birth "
                "dates with the year, and leave out notes and contact details.",
            ),
        ] = False,
        separator: Annotated[
            str,
            typer.Option(
                "--separator", help="CSV separator: ; (Danish spreadsheets) or , (elsewhere)."
            ),
        ] = ";",
        lang: Annotated[
            str,
            typer.Option(
                "--lang",
                help="Column names of CSV and XLSX: da (the Danish ones) or en; JSON and "
                "JSON Lines keep the English ones.",
            ),
        ] = "da",
        force: Annotated[
            bool, typer.Option("--force", help="Replace the --out file(s) if they exist.")
        ] = False,
        db: DbOption = None,
    ) -> None:
        """Export records in the columns 'efter import' reads back, safe to open in a
        spreadsheet: CSV with ; and a BOM for Danish Excel and LibreOffice (cells that would
        run as formulas start with '), XLSX with text and date cells."""
        from efter.core import audit
        from efter.core.errors import InvalidInput
        from efter.transfer import exporter
        from efter.transfer.kinds import KIND_NAMES

        if kind.strip().lower() in ("template", "skabelon"):
            _template(template_of, fmt, out, separator, force)
            return
        if template_of is not None:
            raise typer.BadParameter(
                t(
                    "'{kind}' is one argument too many: give one KIND (or 'template KIND' for an "
                    "empty import sheet).",
                    kind=template_of,
                ),
                param_hint="KIND",
            )
        name = _kind(kind, (*KIND_NAMES, "all"), t("{kinds}, or all", kinds=import_kinds()))
        fmt_used = exporter.format_for(fmt, out)
        if separator not in (",", ";", "\t"):
            raise InvalidInput(
                t("'{separator}' is not a separator: give --separator , or ;.", separator=separator)
            )
        if lang not in ("da", "en"):
            raise InvalidInput(t("'{lang}' is not a language: give --lang da or en.", lang=lang))
        per_kind_files = name == "all" and fmt_used in exporter.PER_KIND
        if per_kind_files and out is None:
            raise InvalidInput(
                t(
                    "'export all' as {fmt_used} writes one file per kind: give --out FOLDER, or "
                    "use "
                    "--format xlsx or json for a single file.",
                    fmt_used=fmt_used.upper(),
                )
            )
        if out is None and fmt_used == "xlsx" and sys.stdout.isatty():
            raise InvalidInput(
                t("An Excel workbook cannot be shown in the terminal: give --out FILE.")
            )
        if out is not None and out.is_dir() and not per_kind_files:
            raise InvalidInput(t("{out} is a folder: give --out a file name.", out=out))
        from efter.cli.outfile import may_replace

        if per_kind_files:
            assert out is not None
            force = _may_replace_folder(out, force, fmt_used)
        else:
            force = may_replace(out, force)
        # The records stream from the case file into the output; the young people met on the
        # way are noted for the audit once they are all out, before any file is moved into
        # place; the audit line is written with the commit.
        with opened(db) as casefile, casefile.write() as conn:
            data = exporter.collect(conn, name, pseudonymise=pseudonymise)

            def audited() -> None:  # written with the commit (audit.Trail)
                audit.viewed(sorted(data.youth_ids))

            if out is None:
                stream = sys.stdout.buffer
                dropped = exporter.write(
                    data.tables, fmt_used, stream, separator=separator, lang=lang
                )
                stream.flush()
                audited()
                target = "stdout"
            else:
                files = [(out, data.tables)]
                target = str(out)
                if per_kind_files:
                    out.mkdir(mode=0o700, parents=True, exist_ok=True)
                    files = [(out / f"{t[0].name}.{fmt_used}", [t]) for t in data.tables]
                    target = f"{out}/ ({', '.join(path.name for path, _ in files)})"
                dropped = _write_files(files, fmt_used, separator, force, lang, audited)
        what = name if name != "all" else t("all kinds")
        say(
            nt(
                "Exported {n} record ({what}) to {target}.",
                "Exported {n} records ({what}) to {target}.",
                data.count,
                what=what,
                target=target,
            )
        )
        if pseudonymise:
            say(
                t(
                    "Pseudonymised: names, CPR numbers and refs are keyed pseudonyms, birth dates "
                    "only the year; notes, places and contact details are left out. This file is "
                    "for statistics and does not import back."
                )
            )
        elif data.without_ref:
            say(
                t(
                    "Warning: {without_ref} records belong to young people without a ref; 'efter "
                    "import' needs one: set it with 'efter youth edit ID --ref REF'.",
                    without_ref=data.without_ref,
                )
            )
        if dropped:
            say(
                t(
                    "Warning: {dropped} characters that Excel cannot hold were changed (control "
                    "characters left out, carriage returns made line breaks); CSV and JSON keep "
                    "them.",
                    dropped=dropped,
                )
            )


def _template(
    kind: str | None, fmt: str | None, out: Path | None, separator: str, force: bool
) -> None:
    """efter export template KIND: an empty import sheet (no case file is opened)."""
    import io

    from efter.cli.outfile import may_replace
    from efter.core import outfile
    from efter.core.errors import InvalidInput
    from efter.transfer import exporter
    from efter.transfer.kinds import KIND_NAMES, registry

    if kind is None:
        raise typer.BadParameter(
            t("give the kind of sheet after 'template': {kinds}.", kinds=import_kinds()),
            param_hint="KIND",
        )
    name = _kind(kind, KIND_NAMES, import_kinds())
    if fmt is None:
        suffix = out.suffix.lower().lstrip(".") if out else ""
        fmt = suffix if suffix in ("csv", "xlsx") else "csv"
    if fmt not in ("csv", "xlsx"):
        raise InvalidInput(
            t("'{fmt}' is not a template format: give --format xlsx or csv.", fmt=fmt)
        )
    if separator == ",":  # the export's default: a sheet to fill in is for Danish spreadsheets
        separator = ";"
    if separator not in (";", "\t"):
        raise InvalidInput(
            t("'{separator}' is not a separator: give --separator ; or a tab.", separator=separator)
        )
    if out is None and fmt == "xlsx" and sys.stdout.isatty():
        raise InvalidInput(t("An Excel workbook cannot be shown in the terminal: give --out FILE."))
    force = may_replace(out, force)
    buffer = io.BytesIO()
    exporter.template(registry()[name], fmt, buffer, separator=separator)
    if out is None:
        sys.stdout.buffer.write(buffer.getvalue())
        sys.stdout.buffer.flush()
        return
    outfile.write(out, buffer.getvalue(), replace=force)
    say(
        t(
            "Wrote an import sheet for {name} (Danish headers, one example row) to {out}.",
            name=name,
            out=out,
        )
    )


def _caseload_warnings(conn: Any, plan: Any) -> list[str]:
    """As 'efter youth add' does: a coordinator the import took above the caseload limit."""
    from efter.cli.youth import caseload_warnings

    return caseload_warnings(
        conn,
        (
            item.record.get("coordinator")
            for item in plan.items
            if item.action == "create" or "coordinator" in item.changes
        ),
    )


def _write_files(
    files: list[tuple[Path, list[Any]]],
    fmt: str,
    separator: str,
    force: bool,
    lang: str,
    written: Any,
) -> int:
    """Write each file beside its target, private (0600), streaming; `written()` runs when
    all are written, then they are moved into place: never half a file, nor half the
    folder."""
    from contextlib import ExitStack

    from efter.core import outfile
    from efter.core.errors import DiskFull
    from efter.transfer import exporter

    dropped = 0
    path = files[0][0]
    try:
        with ExitStack() as stack:
            for path, tables in files:
                handle = stack.enter_context(outfile.replacing(path, replace=force))
                dropped += exporter.write(tables, fmt, handle, separator=separator, lang=lang)
            written()
    except DiskFull:
        # Say how much room the file needs: the records are written again into nothing.
        needed = sum(
            exporter.size(tables, fmt, separator=separator, lang=lang) for _, tables in files
        )
        raise DiskFull(outfile.room_sentence(path, needed)) from None
    return dropped


def _may_replace_folder(folder: Path, force: bool, fmt: str) -> bool:
    """`export all --out FOLDER` as CSV or JSON Lines: every file it will write is checked
    first."""
    from efter.cli.outfile import may_replace
    from efter.core.errors import InvalidInput
    from efter.transfer.kinds import KIND_NAMES

    if folder.is_symlink():
        raise InvalidInput(
            t("{folder} is a symbolic link: give --out the folder's own path.", folder=folder)
        )
    if folder.exists() and not folder.is_dir():
        raise InvalidInput(
            t(
                "{folder} is not a folder: 'export all' as {fmt} needs --out FOLDER.",
                folder=folder,
                fmt=fmt.upper(),
            )
        )
    if not folder.is_dir():
        return force
    answers = [may_replace(folder / f"{kind}.{fmt}", force) for kind in KIND_NAMES]
    return force or any(answers)


def _report(plan: Any, name: str, fmt: str, *, dry_run: bool, written: bool, json: bool) -> None:
    from efter.transfer import importer

    counts = plan.summary()
    if json:
        emit_json(
            {
                "kind": plan.kind.name,
                "file": name,
                "format": fmt,
                "dry_run": dry_run,
                "written": written,
                **counts,
                "problems": [p.as_json() for p in plan.problems],
                "records": importer.describe(plan),
            }
        )
    for problem in plan.problems[: importer.MAX_SHOWN]:
        say(scrub(problem.text()))
    if len(plan.problems) > importer.MAX_SHOWN:
        say(
            t(
                "... and {value} more problems (--json lists them all).",
                value=len(plan.problems) - importer.MAX_SHOWN,
            )
        )
    if not plan.ok:
        problems = len(plan.problems)
        rejected = (
            " "
            + nt(
                "({rejected} of {n} row rejected)",
                "({rejected} of {n} rows rejected)",
                counts["rows"],
                rejected=counts["rejected"],
            )
            if counts["rejected"]
            else ""
        )
        say(
            nt(
                "Nothing was imported from {name}: {n} problem{rejected}. Correct the file and "
                "import it again.",
                "Nothing was imported from {name}: {n} problems{rejected}. Correct the file and "
                "import it again.",
                problems,
                name=name,
                rejected=rejected,
            )
        )
        return
    from efter.transfer.rows import placed

    verbs = {"create": t("create"), "update": t("update"), "unchanged": t("unchanged")}
    for item in plan.items:
        if dry_run or item.action == "update":
            line = f"{placed(item.where)}: {verbs[item.action]} {item.label}"
            if item.changes:
                line += f": {_changes(plan, item)}"
            say(line)
    if dry_run:
        say(
            t(
                "Dry run of {name}: {created} to create, {updated} to update, {unchanged} "
                "unchanged, {rejected} rejected. Nothing was written.",
                name=name,
                created=counts["created"],
                updated=counts["updated"],
                unchanged=counts["unchanged"],
                rejected=counts["rejected"],
            )
        )
    else:
        say(
            t(
                "Imported {name}: {created} created, {updated} updated, {unchanged} unchanged, "
                "{rejected} rejected.",
                name=name,
                created=counts["created"],
                updated=counts["updated"],
                unchanged=counts["unchanged"],
                rejected=counts["rejected"],
            )
        )


# `efter import` and `efter export`, which efter/cli/__init__.py registers lazily.
commands = EfterTyper()
register(commands)
