"""efter report outcomes|meetings|agreements|deadlines, added onto the `report` app.

Each report is a table on a terminal, `--json` or `--csv` for scripts, `--share` for figures
that leave the case file, and `--format html|md [--out FILE] [--lang en]` for a printable page.
"""

import sys
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice, repeat
from operator import itemgetter
from pathlib import Path
from typing import Annotated, Any, NamedTuple

import typer

from efter.cli.frame import fail
from efter.cli.options import DbOption, JsonOption, LangOption, opened
from efter.cli.outfile import ForceOption
from efter.cli.output import emit_json, one_cell, say, table_columns, terminal
from efter.cli.report import team_leader_figures
from efter.cli.tree import EfterTyper
from efter.core.i18n import N_, danish, day_text, document_language, language, number_text, t
from efter.core.rows import Records, Rows

# Registered lazily on the report app (efter.cli.report).
app = EfterTyper(noun="report")


def _opt(help: str, name: str | None = None) -> Any:
    if name:
        return typer.Option(name, help=help, show_default=False)
    return typer.Option(help=help, show_default=False)


Programme = Annotated[str | None, _opt("Only this programme (indsats).")]
Cohort = Annotated[str | None, _opt("Only this cohort (hold).")]
Municipality = Annotated[str | None, _opt("Only this acting municipality (handlekommune).")]
Coordinator = Annotated[str | None, _opt("Only this coordinator's young people.")]
From = Annotated[str | None, _opt("Start of the period (default: the beginning).", "--from")]
To = Annotated[str | None, _opt("End of the period (default: today).", "--to")]
Csv = Annotated[bool, typer.Option("--csv", help="Print CSV for spreadsheets (one row per line).")]
Share = Annotated[
    bool,
    typer.Option(
        "--share",
        help="Figures fit to leave the case file: no names, counts under 5 withheld ('..').",
    ),
]
Format = Annotated[
    str | None,
    _opt(
        "Print a document instead of a table: html (printable page), pdf or md "
        "(default with --out: from the file's ending).",
        "--format",
    ),
]
Out = Annotated[
    Path | None,
    typer.Option(
        "--out", help="Write the document to this file.", show_default=False, dir_okay=False
    ),
]
EveryPerson = Annotated[
    bool,
    typer.Option(
        "--all",
        help="On a terminal, show every young person in the per-person table (it shows the "
        "first 100 unless --all; a pipe, --csv and --json always have everyone).",
    ),
]

# A report's per-person table on a terminal shows this many young people unless --all, as
# `efter youth list` shows 100: at a municipality's 10,000 the table would scroll 20,000
# lines past. A pipe, a file, --csv, --json and the printable page have everyone.
PEOPLE_SHOWN = 100
_PER_PERSON = frozenset({"cases", "youth"})  # the sections with a row per young person


def _first(rows: list[dict[str, Any]] | Rows, count: int | None) -> list[dict[str, Any]] | Rows:
    """A section's first `count` rows (all when None), taken before any cell is made, so a
    terminal's first 100 of 10,000 format only theirs (3-9 ms less for a report). A Rows
    comes without its alike sets, which only a table in a pipe uses."""
    if count is None:
        return rows
    if isinstance(rows, Rows):
        return Rows({key: values[:count] for key, values in rows.columns.items()})
    return rows[:count]


# A long per-person section comes as core.rows.Rows, column by column: no dict is made per
# row only to be taken apart again for the table or the CSV.
Section = tuple[str, str, list[tuple[str, str]], list[dict[str, Any]] | Rows]


class ReportOptions(NamedTuple):
    """What every report takes from the command line: who (the filters), the period, and how
    the figures leave (table, --json, --csv, a page with --format/--out, --share)."""

    programme: str | None = None
    cohort: str | None = None
    municipality: str | None = None
    coordinator: str | None = None
    start: str | None = None
    end: str | None = None
    share: bool = False
    json: bool = False
    csv: bool = False
    fmt: str | None = None
    out: Path | None = None
    force: bool = False
    lang: str | None = None
    db: str | Path | None = None
    every_person: bool = False


def _run(
    kind: str,
    compute: Callable[..., Any],
    sections: Callable[[dict[str, Any]], list[Section]],
    options: ReportOptions,
) -> None:
    json, csv, fmt, out, lang = options.json, options.csv, options.fmt, options.out, options.lang
    share = options.share
    from efter.core import audit, clock
    from efter.core.dates import parse_date
    from efter.core.reports import Filters

    chosen = [name for name, on in (("--json", json), ("--csv", csv), ("--format", fmt)) if on]
    if len(chosen) > 1:
        raise fail(
            t(
                "{chosen} cannot be used together: choose one output.",
                chosen=t(" and ").join(chosen),
            ),
            2,
        )
    if out is not None and (json or csv):
        raise fail(
            t("--out writes a printable page; --json and --csv print to stdout (redirect them)."), 2
        )
    if out is not None and not out.parent.is_dir():
        raise fail(
            t(
                "The folder {parent} does not exist: give --out a file in a folder you have.",
                parent=out.parent,
            )
        )
    paper = None
    if fmt is not None or out is not None:  # a printable page, the way every document is made
        from efter.cli.document_output import document_output
        from efter.render.documents import check_lang

        if lang is not None:
            check_lang(lang)
        paper = document_output(fmt, out, options.force)
    filters = Filters(
        programme=options.programme,
        cohort=options.cohort,
        municipality=options.municipality,
        coordinator=options.coordinator,
        start=parse_date(options.start, field="start") if options.start else None,
        end=parse_date(options.end, field="end") if options.end else None,
    )
    today = clock.today()
    with opened(options.db) as casefile, casefile.write() as conn:
        lang = document_language(lang)
        share = team_leader_figures(casefile) or share
        narrow = {"wide": False} if kind in _NARROW and not json and paper is None else {}
        data, ids = compute(conn, filters, today, share=share, **narrow)  # read once
        action = "exported" if (share or csv) else "rendered" if paper else "viewed"
        audit.use(action)
        audit.viewed_from_file(conn, ids)  # the ids of the young people it read
    if json:
        emit_json(data)
        return
    if csv:
        writer = CSV_WRITERS.get(kind)
        if writer is None:
            _write_csv(sections(data))
        else:
            writer(data)
        return
    if paper is not None:
        from efter.render.report_pages import page

        paper.deliver(
            page(data, lang, paper.markup),
            t("Wrote the {kind} report to {out}.", kind=kind, out=out),
        )
        return
    for number, (name, title, columns, rows) in enumerate(sections(data)):
        if number:
            typer.echo("")
        if not rows:
            say(t("{values}: none.", values=title))
            continue
        typer.echo(title)
        shared = data["shared"]
        shown = [(key, label) for key, label in columns if key not in _IN_ANOTHER_COLUMN]
        on_terminal = terminal()
        first = None  # how many rows the table shows, when not all
        if name in _PER_PERSON and not options.every_person and on_terminal:
            first = PEOPLE_SHOWN if len(rows) > PEOPLE_SHOWN else None
        draw = DRAWN.get((kind, name))  # a section with a table of its own making
        if draw is not None:
            draw([label for _, label in shown], rows, first)
        else:
            merged = _alike_columns(shown, rows, shared) if not on_terminal else None
            if merged is not None:  # the alike cells of each row as one, made once a set
                table_columns(*merged)
            else:
                table_columns(
                    [label for _, label in shown],
                    [_column(key, _first(rows, first), shared) for key, _ in shown],
                )
        if first is not None:
            say(
                t(
                    "Showing the first {shown} of {n} young people: add --all to see everyone, "
                    "or use --csv for a spreadsheet.",
                    shown=number_text(first),
                    n=number_text(len(rows)),
                )
            )
        legend = LEGENDS.get((kind, name))
        if legend is not None:
            typer.echo(legend())


# The reports whose table and --csv show less of each young person than --json and the page
# (no ref or programme; outcomes: no programme or day the status now holds from), and read
# only that (`wide=False`).
_NARROW = frozenset({"outcomes", "meetings", "agreements", "deadlines"})


def _alike_columns(
    shown: list[tuple[str, str]], rows: list[dict[str, Any]] | Rows, shared: bool
) -> tuple[list[str], list[list[Any]]] | None:
    """The headings and the columns of a table of `rows` (a Rows whose neighbouring columns
    come in a few sets, core.rows.Alike) with the shown alike columns as one: each set's
    cells written, padded and joined once, as table_columns() would draw them in a pipe
    (each column as wide as its widest cell or heading, three spaces apart), so that no
    Python code runs per cell of theirs. None when the table has no such columns, or their
    cells are not plain one-cell text (then every column is drawn as it is)."""
    alike = rows.alike if isinstance(rows, Rows) else None
    if alike is None:
        return None
    keys = [key for key, _ in shown]
    run = [n for n, key in enumerate(keys) if key in alike.keys]
    if len(run) < 2 or run != list(range(run[0], run[0] + len(run))):
        return None
    used = sorted(set(alike.which))  # the sets some row has
    kinds = [alike.kinds[n] for n in used]
    texts, widths = [], []
    for n in run:
        at = alike.keys.index(keys[n])
        cells = _column(keys[n], Rows({keys[n]: [kind[at] for kind in kinds]}), shared)
        cells = ["" if cell is None else cell for cell in cells]
        heading = t(shown[n][1])
        if not all(type(cell) is str and one_cell(cell) for cell in (*cells, heading)):
            return None
        texts.append(cells)
        widths.append(max(len(heading), *map(len, cells)))
    joined = ["   ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True))
              for cells in zip(*texts, strict=True)]  # fmt: skip
    sets = dict.fromkeys(range(len(alike.kinds)), "")
    sets.update(zip(used, joined, strict=True))
    heading = "   ".join(t(shown[n][1]).ljust(width) for n, width in zip(run, widths, strict=True))
    first, last = run[0], run[-1] + 1
    labels = [label for _, label in shown]  # table_columns() translates them
    cells_ = [_column(key, rows, shared) for key in keys[:first]]
    cells_ += [list(map(sets.__getitem__, alike.which))]
    cells_ += [_column(key, rows, shared) for key in keys[last:]]
    return [*labels[:first], heading, *labels[last:]], cells_


# Columns a table shows within another: the side of an agreement's owner is in the owner's
# label ('Anden fagperson' on the team, 'Anden relation' in the network); the CSV has both.
_IN_ANOTHER_COLUMN = frozenset({"side"})


def _column(key: str, rows: list[dict[str, Any]] | Rows, shared: bool) -> list[Any]:
    """One column's cells as the terminal shows them (codes become words, numbers get their
    format), built column by column: a whole column of text or whole numbers, nearly every
    column, is taken or formatted in one comprehension with no call per cell."""
    if key in _WORDED or key.startswith("share") or key.endswith("_share"):
        from efter.render import report_pages as words  # a table's words, for these only
    if key == "owner":
        assert not isinstance(rows, Rows)
        every, lang = t("All"), language()
        return [every if row[key] == "all" else words.owner_label(row["_group"], lang)
                for row in rows]  # fmt: skip
    values = _values(key, rows)
    if key == "deadline":  # the summary's rows: each statutory date's short heading
        from efter.core.rules import HEADINGS

        return [t(HEADINGS[code]) for code in values]
    if key == "outcome":
        outcomes = words.OUTCOME_LABELS[language()]
        return list(map(outcomes.__getitem__, values))
    if key in ("education", "work"):
        lang = language()
        return [words.kind_label(key, value, lang) for value in values]
    if key.startswith("share") or key.endswith("_share"):
        return words.pcts(values, language(), shared)
    kinds = set(map(type, values))
    if kinds == {list}:  # e.g. the milestones held: each list's items, comma-separated
        return ["" if not value else ", ".join(map(str, value)) for value in values]
    if not shared or NoneType not in kinds:  # None is empty, unless withheld ('..')
        if kinds == {int} and min(values) >= 0 and max(values) < len(_SMALL):
            return list(map(_SMALL.__getitem__, values))  # counts: each text made once
        if kinds == {int} and -1000 < min(values) <= max(values) < 1000:
            return list(map(str, values))  # no thousands to separate: str() in C
        if kinds == {int}:
            distinct = set(values)
            if len(distinct) * 2 <= len(values):  # each young person's id on every date
                shown = _whole_numbers(distinct)
                return list(map(shown.__getitem__, values))
            mark = "." if danish() else ","  # num(): 29,500 in English, 29.500 in Danish
            if min(values) >= 0 and max(values) < 1_000_000:  # ids: from the tables below
                return [_SMALL[v] if v < 1000 else f"{v // 1000}{mark}{_THREE[v % 1000]}"
                        for v in values]  # fmt: skip
            texts = list(map(format, values, repeat(",")))  # in C
            if danish():  # every comma a thousands separator, replaced at once
                return "\n".join(texts).replace(",", ".").split("\n")
            return texts
        kinds.discard(NoneType)
        if kinds <= {str}:
            return values  # None shows as empty
        if kinds == {int}:  # num() of a whole number: 29,500 in English, 29.500 in Danish
            distinct = set(values)
            if len(distinct) * 2 <= len(values):  # each young person's id on every date
                shown = _whole_numbers(distinct)
                return list(map(shown.__getitem__, values))
            if danish():
                return [None if v is None else f"{v:,}".replace(",", ".") for v in values]
            return [None if value is None else f"{value:,}" for value in values]
    cell = _cell(shared)
    return [cell(value) for value in values]


# The columns whose cells are words or shares made by efter.render.report_pages.
_WORDED = frozenset(("owner", "outcome", "education", "work"))


def _whole_numbers(values: Iterable[int | None]) -> dict[int | None, str | None]:
    """How each whole number shows (as _column() shows a column of them), once each."""
    if danish():
        return {v: None if v is None else f"{v:,}".replace(",", ".") for v in values}
    return {value: None if value is None else f"{value:,}" for value in values}


def _values(key: str, rows: list[dict[str, Any]] | Rows) -> list[Any]:
    """A column's values, top to bottom (None where a row has none)."""
    if isinstance(rows, Rows):
        return rows.columns[key]
    try:
        return list(map(itemgetter(key), rows))  # in C, when every row has the key
    except KeyError:
        return [row.get(key) for row in rows]


NoneType = type(None)
_SMALL = tuple(map(str, range(1000)))  # the text of every count below a thousand
_THREE = tuple(f"{n:03}" for n in range(1000))  # and as the last three digits of a number


def _cell(shared: bool) -> Callable[[Any], str]:
    """How one value of a mixed column shows."""
    from efter.render import report_pages as words

    lang = language()
    num = words.num
    yes, no = t("yes"), t("no")

    def cell(value: Any) -> str:
        if value is None:
            return num(value, lang, shared) if shared else ""
        if isinstance(value, str):
            return value
        if isinstance(value, bool):
            return yes if value else no
        if isinstance(value, int | float):
            return num(value, lang, shared)
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return str(value)

    return cell


def _write_csv(sections: list[Section]) -> None:
    """One CSV for every section: a `section` column, then every section's columns. The csv
    module is loaded only for a line that needs it (text it quotes)."""
    keys: list[str] = []
    for _, _, columns, _ in sections:
        for key, _ in columns:
            if key not in keys:
                keys.append(key)
    heading = ["section", *keys]
    if any(map("".join(heading).__contains__, _CSV_SPECIAL)):  # text the module quotes
        _csv_writer().writerow(heading)
    else:
        sys.stdout.write(",".join(heading) + "\n")
    for name, _, columns, rows in sections:
        count = len(rows)
        own = {key for key, _ in columns}
        cells: list[list[Any] | None] = [None if key not in own else _values(key, rows)
                                         for key in keys]  # fmt: skip
        lines = _csv_lines(name, cells, count)
        if lines is not None:
            sys.stdout.writelines(lines)
            continue
        columns_: list[Iterable[Any]] = [repeat(name, count)]  # each row by the csv module
        for values in cells:  # column by column; None: not this section's
            if values is None:
                columns_.append(repeat(None, count))
            elif list in set(map(type, values)):
                columns_.append([_csv_value(value) for value in values])
            else:
                columns_.append(values)
        _csv_writer().writerows(zip(*columns_, strict=True))


def _csv_writer() -> Any:
    """csv.writer on stdout, as every report's --csv writes (lines ending in a newline)."""
    import csv

    return csv.writer(sys.stdout, lineterminator="\n")


# What the csv module quotes (with its default dialect and lineterminator "\n"), and NUL,
# which it refuses: a cell with any of them is written by the module itself.
_CSV_SPECIAL = (",", '"', "\r", "\n", "\x00")


def _csv_lines(name: str, cells: list[list[Any] | None], count: int) -> Iterator[str] | None:
    """A section's rows as csv.writer writes them, made column by column: each column's
    cells as text at once (a column of whole numbers by the line's own %d), then every line
    by one %-format applied by map(), with no Python code per row, CSV_AT_ONCE lines to a
    piece. None when a cell needs the csv module (text it quotes, a type but text, numbers
    and None)."""
    if not count:
        return iter(())
    parts, texts = [name.replace("%", "%%")], []
    if any(map(name.__contains__, _CSV_SPECIAL)):
        return None
    for values in cells:
        if values is None:
            parts.append("")
            continue
        kinds = set(map(type, values))
        if kinds == _INT:
            parts.append("%d")
            texts.append(values)
            continue
        if list in kinds:  # the milestones held: nearly all none
            values = [("" if not value else ", ".join(map(str, value)))
                      if type(value) is list else value for value in values]  # fmt: skip
            kinds = set(map(type, values))
        if kinds <= _STR_NONE:
            joined = "".join(filter(None, values))  # in C: None (and "") left out
            if any(map(joined.__contains__, _CSV_SPECIAL)):
                return None
            # None as "", in C: dict.get with each value as its own default
            text = values if NoneType not in kinds else list(map(_EMPTY.get, values, values))
        elif kinds <= _NUMBER_NONE:
            text = ["" if value is None else repr(value) for value in values]
        else:
            return None
        parts.append("%s")
        texts.append(text)
    line = ",".join(parts)
    if not texts:
        return iter([(line.replace("%%", "%") + "\n") * count])
    made = map(line.__mod__, zip(*texts, strict=True))
    return ("\n".join(islice(made, CSV_AT_ONCE)) + "\n" for _ in range(0, count, CSV_AT_ONCE))


CSV_AT_ONCE = 4096  # lines written in one piece (a section of 40,000 rows is never all held)


_INT, _STR_NONE, _NUMBER_NONE = {int}, {str, type(None)}, {int, float, type(None)}
_EMPTY: dict[Any, str] = {None: ""}


def _csv_value(value: Any) -> Any:
    return ", ".join(map(str, value)) if isinstance(value, list) else value


def _period(data: dict[str, Any]) -> str:
    f = data["filters"]
    if f["from"]:
        return t("{start} to {end}", start=day_text(f["from"]), end=day_text(f["to"]))
    return t("up to {end}", end=day_text(f["to"]))


# --- outcomes ----------------------------------------------------------------------------


def outcome_sections(data: dict[str, Any]) -> list[Section]:
    closed, opened_, cost = data["closed"], data["open"], data["cost"]
    shared = data["shared"]
    from efter.render.report_pages import num, pct

    out: list[Section] = [
        (
            "closed",
            t(
                "Closed cases {period}: {total}, in education or a job {in_education_or_job} "
                "({share})",
                period=_period(data),
                total=num(closed["total"], language(), shared),
                in_education_or_job=num(closed["in_education_or_job"], language(), shared),
                share=pct(closed["share_in_education_or_job"], language(), shared),
            ),
            [("outcome", N_("Outcome")), ("count", N_("Count")), ("share", N_("Share")),
             ("median_days", N_("Median days"))],
            closed["outcomes"],
        ),
        (
            "open",
            t(
                "Open cases on {day}: {total} (status recorded for {with_status})",
                day=day_text(data["filters"]["to"]),
                total=num(opened_["total"], language(), shared),
                with_status=num(opened_["with_status"], language(), shared),
            ),
            [("outcome", N_("Status now")), ("count", N_("Count")), ("share", N_("Share"))],
            opened_["statuses"],
        ),
        (
            "open_education",
            t("Open cases by education now"),
            [("education", N_("Education")), ("count", N_("Count")), ("share", N_("Share"))],
            [{**o, "education": o["kind"]} for o in opened_["education"]],
        ),
        (
            "open_work",
            t("Open cases by work now"),
            [("work", N_("Work")), ("count", N_("Count")), ("share", N_("Share"))],
            [{**o, "work": o["kind"]} for o in opened_["work"]],
        ),
        (
            "cost",
            t("Cost of closed cases (kr.)")
            + (
                "; "
                + t(
                    "{count} closed without a programme price",
                    count=num(cost["closed_unpriced"], language(), shared),
                )
                if cost["closed_unpriced"] != 0
                else ""
            ),
            [("programme", N_("Programme")), ("price", N_("Price each")), ("closed_cases", N_("Closed")),
             ("in_education_or_job", N_("In education or job")), ("total_cost", N_("Total")),
             ("cost_per_young_person_in_education_or_job", N_("Per one in education or job"))],
            [*({**p, "closed_cases": p["closed"]} for p in cost["programmes"]),
             *([{"programme": t("All priced"), "closed_cases": cost["closed_priced"],
                 "in_education_or_job": cost["in_education_or_job"],
                 "total_cost": cost["total_cost"],
                 "cost_per_young_person_in_education_or_job":
                     cost["cost_per_young_person_in_education_or_job"]}]
               if len(cost["programmes"]) > 1 else [])],
        ),
    ]  # fmt: skip
    if "cases" in data:
        out.append(
            (
                "cases",
                t("Young people"),
                [("id", N_("ID")), ("ref", N_("Ref")), ("name", N_("Name")),
                 ("coordinator", N_("Coordinator")), ("start", N_("Start")),
                 ("closed", N_("Closed")), ("days", N_("Days")),
                 ("outcome", N_("Outcome / status now"))],
                _cases(data["cases"]),
            )
        )  # fmt: skip
    return out


def _cases(cases: Rows) -> Rows:
    """The outcomes report's young people, column by column: the outcome of a closed case, or
    an open case's status now (its outcome read from core.rows.Records' kinds, no record
    made)."""
    columns = cases.columns
    current: Records = columns["current"]  # type: ignore[assignment]  # as the core makes it
    nows = current.column("outcome", "unknown")
    return Rows(
        {
            **{key: columns[key]
               for key in ("id", "ref", "name", "coordinator", "start", "closed", "days")},
            "outcome": [outcome or shown
                        for outcome, shown in zip(columns["outcome"], nows, strict=True)],
        }
    )  # fmt: skip


# --- meetings ----------------------------------------------------------------------------

_MEETING_COLUMNS = [
    ("planned", N_("Planned")), ("held", N_("Held")), ("cancelled", N_("Cancelled")), ("no_show", N_("No-show")),
    ("not_registered", N_("Unreg.")), ("youth_attended", N_("Youth came")),
    ("youth_attendance_share", N_("Came %")),
]  # fmt: skip


def meeting_sections(data: dict[str, Any]) -> list[Section]:
    from efter.render.report_pages import MILESTONE_LABELS

    last = data["last_12_months"]
    two = data["two_held_last_12_months"]
    out: list[Section] = [
        (
            "totals",
            t("Meetings {period}", period=_period(data)),
            [("young_people", N_("Young people")), *_MEETING_COLUMNS],
            [data["totals"]],
        ),
        (
            "discipline",
            t("Meetings held as planned (young people)"),
            [("measure", N_("Measure")), ("count", N_("Count")), ("of", N_("Of")), ("share", N_("Share"))],
            [
                {"measure": t("Two or more held {start} to {end}", start=last["from"],
                              end=last["to"]),
                 "count": two["count"], "of": two["eligible"], "share": two["share"]},
                *[{"measure": t("Milestone {milestone} held",
                                milestone=MILESTONE_LABELS[m["milestone"]]),
                   "count": m["held"], "of": m["due"], "share": m["share"]}
                  for m in data["milestones"]],
            ],
        ),
    ]  # fmt: skip
    if "by_coordinator" in data:
        out.append(
            (
                "coordinator",
                t("Per coordinator"),
                [("coordinator", N_("Coordinator")), ("young_people", N_("Cases")),
                 *_MEETING_COLUMNS],
                _named(data["by_coordinator"]),
            )
        )  # fmt: skip
        out.append(
            (
                "youth",
                t("Per young person"),
                [("id", N_("ID")), ("name", N_("Name")), ("coordinator", N_("Coordinator")),
                 ("planned", N_("Plan")), ("held", N_("Held")), ("cancelled", N_("Canc.")),
                 ("no_show", N_("No-show")), ("not_registered", N_("Unreg.")),
                 ("youth_attended", N_("Came")), ("held_last_12_months", N_("12 mo.")),
                 ("milestones_held", N_("Milestones"))],
                data["by_youth"],
            )
        )  # fmt: skip
    return out


def _named(coordinators: Rows) -> Rows:
    """The coordinators' rows with "(none)" for the young people with no coordinator."""
    none, columns = t("(none)"), coordinators.columns
    return Rows({**columns, "coordinator": [name or none for name in columns["coordinator"]]})


# --- agreements --------------------------------------------------------------------------

_AGREEMENT_COLUMNS = [
    ("made", N_("Made")), ("kept_on_time", N_("On time")), ("kept_late", N_("Late")), ("moved", N_("Moved")),
    ("dropped", N_("Dropped")), ("overdue", N_("Overdue")), ("not_yet_due", N_("Not due")),
    ("share_kept_on_time", N_("On time %")),
]  # fmt: skip


def agreement_sections(data: dict[str, Any]) -> list[Section]:
    out: list[Section] = [
        (
            "owner",
            t(
                "Agreements made {period}, as they stand on {day}",
                period=_period(data),
                day=day_text(data["as_of"]),
            ),
            [("owner", N_("Owner")), ("side", N_("Team or network")), *_AGREEMENT_COLUMNS],
            [{**data["totals"], "owner": "all"},
             *[{**o, "owner": o["role"] if o["owner"] == "member" else o["owner"], "_group": o}
               for o in data["by_owner"]]],
        )
    ]  # fmt: skip
    if "by_youth" in data:
        out.append(
            (
                "youth",
                t("Per young person"),
                [("id", N_("ID")), ("name", N_("Name")), ("coordinator", N_("Coordinator")),
                 *_AGREEMENT_COLUMNS],
                data["by_youth"],
            )
        )  # fmt: skip
    return out


# --- deadlines ---------------------------------------------------------------------------


def deadline_sections(data: dict[str, Any]) -> list[Section]:
    """The summary, then (unless shared) one row per young person with a column per
    statutory date: each cell the date and its status in the summary's word for it."""
    from efter.core.rules import HEADINGS

    out = [_deadline_summary(data)]
    if "young_people" in data:
        out.append(
            (
                "youth",
                t("Per young person"),
                [("id", N_("ID")), ("name", N_("Name")), ("coordinator", N_("Coordinator")),
                 *((code, HEADINGS[code]) for code in _CODES)],
                data["young_people"],  # its table drawn by _draw_people()
            )
        )  # fmt: skip
    return out


def deadline_csv_sections(data: dict[str, Any]) -> list[Section]:
    """deadline_sections() for --csv: one line per young person, each statutory date's
    date, status, done_on and how in columns of their own (`ungeplan_date`, ...)."""
    out = [_deadline_summary(data)]
    if "young_people" in data:
        columns = data["young_people"].columns
        dates: Any = columns["deadlines"]  # a core.deadlines.DatesByCode
        keys = list(_DATE_KEYS)
        out.append(
            (
                "youth",
                t("Per young person"),
                [(key, key) for key in ("id", "name", "coordinator", *keys)],
                Rows(
                    {
                        **{key: columns[key] for key in ("id", "name", "coordinator")},
                        **{f"{code}_{key}": dates.of(code, key)
                           for code in _CODES for key in _DATE_FIELDS},
                    }
                ),
            )
        )  # fmt: skip
    return out


def write_deadline_csv(data: dict[str, Any]) -> None:
    """--csv of the deadlines report: deadline_csv_sections() as _write_csv() writes them,
    the young people's lines joined from their pieces (_deadline_csv_lines()) when no cell
    needs quoting."""
    sections = [_deadline_summary(data)]
    people = data.get("young_people")
    lines = None if people is None else _deadline_csv_lines(people, sections[0])
    if lines is None:
        _write_csv(deadline_csv_sections(data))
        return
    keys = ("id", "name", "coordinator", *_DATE_KEYS)
    title = t("Per young person")
    _write_csv([*sections, ("youth", title, [(key, key) for key in keys], [])])  # the heading
    sys.stdout.writelines(lines)


def _deadline_csv_lines(people: Rows, summary: Section) -> Iterator[str] | None:
    """The young people's lines of deadline_csv_sections() as _write_csv() writes them, each
    joined from pieces made a column at a time: the section's name and the summary's empty
    cells, the id, name and coordinator, and for each statutory date its day and the rest
    of its record (",status,done_on,how", the same for every date of the same standing,
    made once). None when a cell needs the csv module (text it quotes, a type but text)."""
    columns = people.columns
    ids = columns["id"]
    dates: Any = columns["deadlines"]  # a core.deadlines.DatesByCode
    if not len(ids):
        return iter(())
    if set(map(type, ids)) != _INT:
        return None
    texts: list[list[str]] = [list(map(int.__repr__, ids))]
    for key in ("name", "coordinator"):
        values = columns[key]
        kinds = set(map(type, values))
        if not kinds <= _STR_NONE or _quoted("".join(filter(None, values))):
            return None
        texts.append(values if NoneType not in kinds else list(map(_EMPTY.get, values, values)))
    days, numbers, width = dates.days, dates.numbers, dates.width
    if set(map(type, days)) != {str} or _quoted("".join(days)):
        return None
    rest: dict[int, str] = {}
    for number in set(numbers):
        record = dates.record(number, "")
        fields = [record[key] for key in _DATE_FIELDS[1:]]
        if not set(map(type, fields)) <= _STR_NONE or _quoted("".join(filter(None, fields))):
            return None
        rest[number] = "".join("," + (field or "") for field in fields)
    between = {number: text + "," for number, text in rest.items()}
    last = {number: text + "\n" for number, text in rest.items()}
    pieces: list[Iterable[str]] = [repeat("youth" + "," * (1 + len(summary[2])))]
    for text in texts:
        pieces += [text, repeat(",")]
    for n in range(width):
        ends = last if n == width - 1 else between
        pieces += [days[n::width], list(map(ends.__getitem__, numbers[n::width]))]
    made = chain.from_iterable(zip(*pieces, strict=False))  # row after row (repeat() is endless)
    count, each = len(ids), len(pieces)
    return ("".join(islice(made, each * min(CSV_AT_ONCE, count - first)))
            for first in range(0, count, CSV_AT_ONCE))  # fmt: skip


def _quoted(text: str) -> bool:
    """Whether text holds a character the csv module quotes (or refuses)."""
    return any(map(text.__contains__, _CSV_SPECIAL))


_CODES = ("ungeplan", "s111", "adult", "ungestotte_end")  # core.rules.CODES, in its order
_DATE_FIELDS = ("date", "status", "done_on", "how")  # a statutory date's record
_DATE_KEYS = tuple(f"{code}_{key}" for code in _CODES for key in _DATE_FIELDS)  # --csv's


def _deadline_summary(data: dict[str, Any]) -> Section:
    from efter.core.rules import STATUS_HEADINGS

    return (
        "summary",
        t("Statutory dates and deadlines as of {day}", day=day_text(data["as_of"])),
        # Short headings so the table fits 100 columns: Before = before enrolment (not
        # recorded, check), Closed = after the case closed, N/A = not applicable.
        [("deadline", N_("Date or deadline")), ("young_people", N_("People")),
         *((status, label) for status, label in STATUS_HEADINGS.items())],
        [{**s, "deadline": s["code"]} for s in data["summary"]],
    )  # fmt: skip


# Each statutory date's short heading (core.rules.HEADINGS) and each status's word
# (core.rules.STATUS_HEADINGS: the summary's heading, and a young person's cell) are the
# core's, one set with the pages and documents.


def _per_person(people: Rows) -> Rows:
    """One row per young person, column by column (10,000 rows at 10,000 young people: no
    dict is made for any of them): ID, name, coordinator, then each statutory date's cell,
    "2026-09-01 met", made from the core's columns (core.deadlines.DatesByCode) with each
    status's word made once."""
    from operator import add

    from efter.core.rules import STATUS_HEADINGS

    columns = people.columns
    dates: Any = columns["deadlines"]  # a core.deadlines.DatesByCode
    words = {status: " " + t(label).lower() for status, label in STATUS_HEADINGS.items()}
    cells = {code: list(map(add, dates.of(code, "date"), dates.of(code, "status", words)))
             for code in _CODES}  # fmt: skip
    return Rows({**{key: columns[key] for key in ("id", "name", "coordinator")}, **cells})


def _draw_people(labels: list[str], people: Rows, first: int | None = None) -> None:
    """The deadlines report's per-person table (its `first` rows, or all): anywhere but a
    terminal its lines joined from pieces (_people_lines()), else (or when a cell is not
    plain text) the table of _per_person()'s cells as every report's table is drawn."""
    from efter.cli.output import terminal

    lines = None if terminal() else _people_lines(labels, people)
    if lines is None:
        # The first rows taken before their cells are made: a terminal's first 100 of
        # 50,000 made 200,000 cells (14 MiB of its peak)
        cells = _per_person(_first_people(people, first))
        table_columns(labels, [_column(key, cells, False) for key in cells.columns])
        return
    sys.stdout.writelines(lines)


def _first_people(people: Rows, count: int | None) -> Rows:
    """_first() of the deadlines report's young people: their first `count` (all when None),
    each one's dates with them (core.deadlines.DatesByCode, `width` a young person)."""
    if count is None:
        return people
    dates: Any = people.columns["deadlines"]
    kept = count * dates.width
    first: Any = type(dates)(dates.numbers[:kept], dates.days[:kept])
    return Rows(
        {
            key: first if key == "deadlines" else values[:count]
            for key, values in people.columns.items()
        }
    )


def _people_lines(labels: list[str], people: Rows) -> Iterator[str] | None:
    """The per-person table's lines (heading, rule, a line per young person) exactly as
    table_columns() draws _per_person()'s cells in a pipe, each line joined from pieces
    made a column at a time: the ID, name and coordinator padded, and for each statutory
    date its day and then its status's word padded, made once per standing. None when a
    cell would be escaped or is not one terminal cell a character, or a column's days are
    not all as long (table_columns() measures those)."""
    from efter.cli.output import head_lines, one_cell, width_of
    from efter.core.rules import STATUS_HEADINGS
    from efter.core.text import shown

    columns = people.columns
    dates: Any = columns["deadlines"]  # a core.deadlines.DatesByCode
    head = [shown(t(label)) for label in labels]
    texts: list[list[str]] = []
    for key in ("id", "name", "coordinator"):
        values = _column(key, people, False)
        if NoneType in set(map(type, values)):
            values = list(map(_EMPTY.get, values, values))
        if set(map(type, values)) != {str} or not one_cell("".join(values)):
            return None
        texts.append(values)
    widths = [max(width_of(heading), max(map(len, values)))
              for heading, values in zip(head, texts, strict=False)]  # fmt: skip
    words = {status: " " + t(label).lower() for status, label in STATUS_HEADINGS.items()}
    width, numbers, every = dates.width, dates.numbers, dates.days
    lengths = set(map(type, every)) == {str} and set(map(len, every))
    if not lengths or len(lengths) != 1 or not one_cell("".join(every)):
        return None  # days of another length than ISO's: measured cell by cell
    (day,) = lengths
    pieces: list[Any] = [map(str.ljust, values, repeat(w + 3))
                         for values, w in zip(texts, widths, strict=True)]  # fmt: skip
    for n in range(width):
        days, standings = every[n::width], numbers[n::width]
        word = {number: words[dates.record(number, "")["status"]] for number in set(standings)}
        widths.append(max(width_of(head[3 + n]), day + max(map(len, word.values()))))
        if n < width - 1:  # the word padded to the column's width, then the columns' space
            after = {number: text.ljust(widths[-1] - day + 3) for number, text in word.items()}
        else:  # the last: the line's end (its padding is what table_columns takes off)
            after = {number: text + "\n" for number, text in word.items()}
        if not one_cell("".join(word.values())) or any(w != w.rstrip() for w in word.values()):
            return None
        pieces += [days, map(after.__getitem__, standings)]
    made = chain.from_iterable(zip(*pieces, strict=False))  # row after row (repeat() is endless)
    count, each = len(texts[0]), len(pieces)
    return chain(
        head_lines(head, widths),
        ("".join(islice(made, each * min(CSV_AT_ONCE, count - first)))
         for first in range(0, count, CSV_AT_ONCE)),
    )  # fmt: skip


def deadline_legend() -> str:
    """The line under the per-person table that says what its two shortest words mean."""
    return t(
        "{before}: the date fell before enrolment and is not recorded (check); {closed}: the "
        "date falls after the case closed.",
        before=t("Before").lower(),
        closed=t("Closed").lower(),
    )


# --- the commands: one set of options, one runner -----------------------------------------

REPORTS: dict[str, tuple[str, Callable[[dict[str, Any]], list[Section]], str]] = {
    "outcomes": (
        "efter.core.report_outcomes",
        outcome_sections,
        N_("Closed cases by outcome with time in the programme and cost; open cases' status now."),
    ),
    "meetings": (
        "efter.core.report_meetings",
        meeting_sections,
        N_("Meetings planned, held, cancelled and no-show; two a year; milestones; attendance."),
    ),
    "agreements": (
        "efter.core.report_agreements",
        agreement_sections,
        N_("Agreements made, kept on time, kept late, moved, dropped and overdue, by owner role."),
    ),
    "deadlines": (
        "efter.core.report_deadlines",
        deadline_sections,
        N_(
            "The youth plan (§ 108) and the § 111 decision, met or not; the 18th and 23rd "
            "birthdays, passed or coming."
        ),
    ),
}


# A report whose --csv has a shape (and a writer) of its own, and a line under a section's
# table.
CSV_WRITERS: dict[str, Callable[[dict[str, Any]], None]] = {"deadlines": write_deadline_csv}
LEGENDS: dict[tuple[str, str], Callable[[], str]] = {("deadlines", "youth"): deadline_legend}
DRAWN: dict[tuple[str, str], Callable[[list[str], Any, int | None], None]] = {
    ("deadlines", "youth"): _draw_people
}


def _report_command(kind: str) -> Callable[..., None]:
    module, sections, help_line = REPORTS[kind]

    def command(
        programme: Programme = None,
        cohort: Cohort = None,
        municipality: Municipality = None,
        coordinator: Coordinator = None,
        start: From = None,
        end: To = None,
        share: Share = False,
        json: JsonOption = False,
        csv: Csv = False,
        fmt: Format = None,
        out: Out = None,
        force: ForceOption = False,
        lang: LangOption = None,
        db: DbOption = None,
        every_person: EveryPerson = False,
    ) -> None:
        from importlib import import_module

        from efter.core.casefile import collector_paused

        options = ReportOptions(
            programme, cohort, municipality, coordinator, start, end, share, json, csv, fmt,
            out, force, lang, db, every_person,
        )  # fmt: skip
        # The report's modules, its rows and its output made with the collector paused: tens
        # of thousands of objects at 10,000 young people, none in a cycle
        with collector_paused():
            compute = getattr(import_module(module), kind)
            _run(kind, compute, sections, options)

    command.__name__ = command.__qualname__ = kind
    command.__doc__ = help_line
    return app.command(kind)(command)


outcomes = _report_command("outcomes")
meetings = _report_command("meetings")
agreements = _report_command("agreements")
deadlines = _report_command("deadlines")
