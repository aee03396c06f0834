"""efter due: what needs doing now and soon."""

import sys
from typing import Annotated, Any

import typer

from efter.cli.options import DbOption, JsonOption, opened
from efter.cli.output import say, table, table_batches, table_limit
from efter.cli.tree import EfterTyper, helptext
from efter.core.i18n import N_, danish, day_text, t
from efter.core.rows import Rows


def register(app: EfterTyper) -> None:
    @app.command()
    def due(
        within: Annotated[
            str, typer.Option(help="How far ahead: days, weeks or months (14d, 3w, 2m).")
        ] = "14d",
        check: Annotated[
            bool,
            typer.Option(
                "--check",
                help="For cron: exit 1 when anything is overdue (a missed statutory deadline "
                "included), 0 when nothing is, 2 when it could not look.",
            ),
        ] = False,
        coordinator: Annotated[
            str | None, typer.Option(help="Only the cases of this coordinator.")
        ] = None,
        limit: Annotated[
            int | None,
            typer.Option(
                help=helptext(
                    "Show at most N in each table (the tables show {n} unless --all; --json "
                    "shows all).",
                    n=TABLE_LIMIT,
                ),
                show_default=False,
                min=1,
            ),
        ] = None,
        all_: Annotated[bool, typer.Option("--all", help="Show everything that is due.")] = False,
        json: JsonOption = False,
        db: DbOption = None,
    ) -> None:
        """Meetings and agreements due in the window or overdue, young people with no meeting
        planned in the next six months, statutory dates and deadlines coming up (at least 3
        months ahead) and deadlines missed."""
        from efter.core.errors import EfterError

        try:
            overdue = _look(within, coordinator, limit, all_, json, db)
        except EfterError as error:
            if check:  # cron must tell "could not look" (2) from "act now" (1)
                error.exit_code = 2
            raise
        except BrokenPipeError:
            raise  # the reader went away (`| head`): the frame's, as anywhere
        except Exception as error:
            if check and not type(error).__module__.startswith("typer"):
                from efter.cli.frame import fail

                raise fail(
                    t("Could not look at the case file ({name}).", name=type(error).__name__), 2
                ) from None
            raise
        if check and overdue:
            raise typer.Exit(1)


# Rows of a long list (the agreements, those with no meeting planned) read and written at
# once: what is held stays the same however many there are.
BATCH = 1000
LONG = ("agreements", "no_meeting_planned", "statutory_dates")  # given in batches


def _look(
    within: str, coordinator: str | None, limit: int | None, all_: bool, json: bool, db: Any
) -> int:
    """Everything due, written as it is read from one snapshot, and whoever it showed
    noted as viewed after (stream.shown_then_noted); returns how many items are overdue."""
    from efter.cli.stream import shown_then_noted
    from efter.core import clock
    from efter.core import due as core

    limit = table_limit(limit, all_, json, TABLE_LIMIT)
    today = clock.today()
    until = core.parse_window(within, today)
    concerned: set[int] = set()
    with opened(db) as casefile, shown_then_noted(casefile, lambda: sorted(concerned)) as conn:
        data = core.report(
            conn,
            today,
            until,
            limit=limit,
            coordinator=coordinator,
            judge_contracts=_judge_contracts,
            whole=json,
            batch=BATCH,
        )
        for key in ("meetings", "contracts", "consents"):
            concerned.update(_column(data[key], "youth_id"))

        def seen(rows: Rows) -> Rows:
            concerned.update(rows.columns["youth_id"])
            return rows

        data.update({key: map(seen, data[key]) for key in LONG})
        if json:
            _emit_json(data)
        else:
            _print(data)
    return int(data["overdue"])


def _emit_json(data: dict[str, Any]) -> None:
    """emit_json(data) with the long lists (LONG) given in batches of Rows: the same text,
    each batch written as it comes."""
    import os

    from efter.cli.jsontext import json_members
    from efter.cli.output import json_safe, json_text, utf8_stdout

    stand_in = f"\x00efter-{os.urandom(16).hex()}"  # nowhere in the data (128 random bits)
    shell = {key: stand_in if key in LONG else value for key, value in data.items()}
    pieces = json_text(shell).split(json_text(stand_in))
    out = utf8_stdout()
    utf8 = out is not None
    write = out.write if utf8 else sys.stdout.write
    made: Any = str.encode if utf8 else str
    write(made(pieces[0]))
    for key, piece in zip((key for key in data if key in LONG), pieces[1:], strict=True):
        # json_members writes the rows as members of a list at depth 0; here the list is a
        # member of the object, so each line one level further in (a raw line break only
        # ever stands between tokens)
        deeper, first = (made("\n"), made("\n  ")), True
        for rows in data[key]:
            text = json_members(rows, json_safe, utf8).replace(*deeper)
            write(made("[\n    " if first else ",\n    ") + text)
            first = False
        write(made("[]" if first else "\n  ]") + made(piece))
    write(made("\n"))
    if out is not None:
        out.flush()  # out now, as emit_json has it (before anything on stderr)


def _judge_contracts(conn: Any, people: list[Any]) -> dict[int, Any]:
    # Jinja loads only when someone has a signed contract to check.
    from efter.render.case_documents import stale_many

    return stale_many(conn, people)


TABLE_LIMIT = 25  # a to-do list: the most urgent of each kind (youth list shows 100)
# Why a consent ends (core.consent's `reason`, the same in --json), as the table says it.
CONSENT_REASONS = {"lapses at 18": N_("lapses at 18"), "expires": N_("expires")}

SECTIONS = {
    "meetings": N_("meetings"),
    "agreements": N_("agreements"),
    "no_meeting_planned": N_("young people with no meeting planned"),
    "statutory_dates": N_("statutory dates and deadlines"),
    "contracts": N_("signed contracts"),
}


STATUTORY_STATE = {
    "missed": N_("MISSED: not recorded as met"),
    "coming": "",
    "consider": N_("to consider (no deadline)"),
}


def _who(item: dict[str, Any]) -> str:
    return f"{item['youth_name']} ({item['youth_ref'] or item['youth_id']})"


def _column(items: Any, key: str) -> list[Any]:
    """Every item's value of `key`: a core.rows.Rows' column as it is (the long lists of
    `--all` and `--json` come so, no dict made per item), or from each item's dict."""
    if isinstance(items, Rows):
        return items.columns[key]
    return [item[key] for item in items]


def _whom(items: Any) -> list[str]:
    """_who() of every item, a column at a time."""
    refs, ids = _column(items, "youth_ref"), _column(items, "youth_id")
    return [
        f"{name} ({ref or youth_id})"
        for name, ref, youth_id in zip(_column(items, "youth_name"), refs, ids, strict=True)
    ]


def _print(data: dict[str, Any]) -> None:
    shown: dict[str, int] = {}  # how many of each kind the tables show
    table(
        ["ID", "When", "Young person", "Place", ""],
        [
            [
                m["id"],
                m["starts"].replace("T", " "),
                _who(m),
                m["place"] or "",
                t("OVERDUE: not recorded") if m["overdue"] else "",
            ]
            for m in data["meetings"]
        ],
        title=t("Meetings until {until}", until=day_text(data["until"])),
        empty=t("No meetings until {until}.", until=day_text(data["until"])),
    )
    typer.echo("")
    flags = {True: t("OVERDUE"), False: ""}
    shown["agreements"] = table_batches(
        [N_("ID"), N_("Due"), N_("Young person"), N_("What"), N_("Owner"), ""],
        (
            [
                _column(agreements, "id"),
                _column(agreements, "due"),
                _whom(agreements),
                _column(agreements, "what"),
                _column(agreements, "owner_name"),
                list(map(flags.__getitem__, _column(agreements, "overdue"))),
            ]
            for agreements in data["agreements"]
        ),
        title=t("Agreements due until {until}", until=day_text(data["until"])),
        empty=t("No agreements due until {until}.", until=day_text(data["until"])),
    )
    typer.echo("")
    never = t("never")
    shown["no_meeting_planned"] = table_batches(
        [N_("Young person"), N_("Last meeting held")],  # translated as it prints
        (
            [_whom(listed), [day or never for day in _column(listed, "last_held")]]
            for listed in data["no_meeting_planned"]
        ),
        title=t("No meeting planned in the next six months"),
        empty=t("Every active young person has a meeting planned in the next six months."),
    )
    typer.echo("")
    states = {status: t(state) for status, state in STATUTORY_STATE.items()}
    shown["statutory_dates"] = table_batches(
        [N_("Date"), N_("In days"), N_("Young person"), N_("What"), ""],
        (
            [
                _column(dates, "date"),
                _column(dates, "days"),
                _whom(dates),
                _column(dates, "label_da" if danish() else "label"),
                list(map(states.__getitem__, _column(dates, "status"))),
            ]
            for dates in data["statutory_dates"]
        ),
        title=t(
            "Statutory dates and deadlines until {statutory_until}, and deadlines missed",
            statutory_until=day_text(data["statutory_until"]),
        ),
        empty=t(
            "No statutory dates or deadlines until {statutory_until}, and no deadline missed.",
            statutory_until=day_text(data["statutory_until"]),
        ),
    )
    typer.echo("")
    table(
        ["Contract", "Young person", "Signed", ""],
        [
            [
                t("{id} (version {version})", id=c["id"], version=c["version"]),
                _who(c),
                c["signed"],
                _contract(c),
            ]
            for c in data["contracts"]
        ],
        title=t("Signed contracts that no longer match the case"),
        empty=t("Every signed contract matches the case."),
    )
    if data["consents"]:  # shown only when there is something to act on
        typer.echo("")
        table(
            ["Consent", "Young person", "Last day", "In days", ""],
            [
                [c["id"], _who(c), c["last_day"], c["days"], t(CONSENT_REASONS[c["reason"]])]
                for c in data["consents"]
            ],
            title=t("Consents that expire or lapse within a month"),
        )
    for key in SECTIONS:
        if key not in shown:
            shown[key] = len(data[key])
    for key, what in SECTIONS.items():
        if data["totals"][key] > shown[key]:
            say(
                t(
                    "Showing {data_count} of {totals} {what}.",
                    data_count=shown[key],
                    totals=data["totals"][key],
                    what=t(what),
                )
            )
    if any(data["totals"][key] > shown[key] for key in SECTIONS):
        say(t("See everything with --all, or narrow with --within or --coordinator."))
    if data["overdue"]:
        say(t("{overdue} overdue.", overdue=data["overdue"]))


def _contract(item: dict[str, Any]) -> str:
    if item["state"] == "changed":
        return t("changed: efter contract diff {id}", id=item["id"])
    return t("could not be checked: {reason}", reason=item["reason"])


# `efter due`, which efter/cli/__init__.py registers lazily.
commands = EfterTyper()
register(commands)
