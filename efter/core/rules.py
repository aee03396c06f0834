"""The model's and the law's rules about ages and statutory dates (Barnets lov, LBK nr. 282 of
17/03/2025).

One place decides every statutory date and whether it applies: `statutory_dates` (the dates,
by birth date and, for the ungeplan, the placement's start), `applies` (what a date means for
a legal basis: a deadline, a date to consider, a date to act on, or not applicable) and `judge`
(its status on a day). Everything that shows statutory dates (youth show, due, deadline list,
the deadlines report, the demo) goes through these.

The codes ("ungeplan", "s111", "adult", "ungestotte_end") are stable: other modules and
scripts look dates up by them.
"""

from collections.abc import Iterable, Sequence
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from efter.core.dates import add_months, age_on, birthday
from efter.core.errors import InvalidInput, phrase
from efter.core.i18n import N_, day_text, t

MIN_AGE = 15
MAX_AGE = 23
DEFAULT_CASELOAD_LIMIT = 5

# The repealed law (Serviceloven) ended on 1 January 2024, when Barnets lov took over.
BARNETS_LOV_FROM = date(2024, 1, 1)
# Legal bases under which the young person is placed and the placement ends at 18.
PLACED = ("bl46", "bl47", "sel52")
OLD_BASES = ("sel52", "sel76")

# What a statutory date is for a young person (the `kind` of `applies`).
DEADLINE = "deadline"  # must be met: can be missed
CONSIDER = "consider"  # the municipality takes a stand (tager stilling): never missed
ACT = "date"  # a date to act on: never missed
NOT_APPLICABLE = "not_applicable"

# Statuses `judge` gives, in the order reports show them.
STATUSES = (
    "met", "late", "missed", "coming", "consider", "handled", "passed", "before_enrolment",
    "after_closing", "not_applicable",
)  # fmt: skip

# Each status's word: one set on every face (the terminal's tables and lists, `due`, the
# printable page, the documents), English here and Danish in the catalog. STATUS_WORDS is the
# word in a list, a page and a document; STATUS_HEADINGS is the same word, shortened where a
# terminal table's column must stay narrow (the table's legend says what "before" and
# "closed" stand for). --json and --csv keep the codes.
STATUS_WORDS = {
    "met": N_("met"), "late": N_("met late"), "missed": N_("missed"), "coming": N_("coming"),
    "consider": N_("to consider"), "handled": N_("handled"), "passed": N_("passed"),
    "before_enrolment": N_("before enrolment"), "after_closing": N_("after the case closed"),
    "not_applicable": N_("not applicable"),
}  # fmt: skip
STATUS_HEADINGS = {
    "met": N_("Met"), "late": N_("Late"), "missed": N_("Missed"), "coming": N_("Coming"),
    "consider": N_("Consider"), "handled": N_("Handled"), "passed": N_("Passed"),
    "before_enrolment": N_("Before"), "after_closing": N_("Closed"), "not_applicable": N_("N/A"),
}  # fmt: skip

# The two birthdays are dates to act on for everyone (applies() never makes them deadlines):
# nobody meets or misses them, so no on-time share is given for them. One is "handled" once it
# was acted on (done on: a meeting held in the months before 18, the date recorded, the case
# closed at 23 or after), before the day or after it; until then "coming", and "passed" when
# it went by with nothing done.
DATES_TO_ACT_ON = ("adult", "ungestotte_end")


class StatutoryDate(NamedTuple):
    code: str
    on: date
    label_da: str
    label_en: str


class Applies(NamedTuple):
    kind: str  # DEADLINE, CONSIDER, ACT or NOT_APPLICABLE
    why_en: str
    why_da: str


class Judged(NamedTuple):
    code: str
    on: date
    label_da: str
    label_en: str
    kind: str
    status: str
    done_on: str | None
    how: str | None  # 'recorded', 'meeting' or 'closed'
    why_en: str
    why_da: str

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "date": self.on.isoformat(),
            "label": self.label_en,
            "label_da": self.label_da,
            "kind": self.kind,
            "status": self.status,
            "done_on": self.done_on,
            "how": self.how,
            "why": self.why_en,
            "why_da": self.why_da,
        }


LABELS = {
    "ungeplan": ("Ungeplan (§ 108)", "Youth plan (§ 108)"),
    "s111": (
        "§ 111-afgørelse om ungestøtte (6 måneder før 18 år)",
        "§ 111 decision on support after 18 (6 months before 18)",
    ),
    "adult": ("18 år: handlekommunen kan skifte", "Age 18: the acting municipality may change"),
    "ungestotte_end": ("Ungestøtte ophører (23 år)", "Support after 18 ends (age 23)"),
}
CODES = tuple(LABELS)
# Each date's short name where a table heads a column with it (English here, Danish in the
# catalog); --csv and --json keep the codes, which 'efter deadline met' takes.
HEADINGS = {
    "ungeplan": N_("Youth plan"), "s111": N_("§ 111"), "adult": N_("Age 18"),
    "ungestotte_end": N_("Age 23"),
}  # fmt: skip


def statutory_dates(born: date, placed_from: date | None = None) -> list[StatutoryDate]:
    """The four statutory dates, by the rules of Barnets lov:
    - ungeplan: 3 months after the 16th birthday (§ 108, stk. 3), or 3 months after the
      placement's start when the young person was placed after turning 16;
    - s111: 6 months before the 18th birthday (§ 111, the decision on ungestøtte);
    - adult: the 18th birthday (the acting municipality may change, retssikkerhedsloven § 9);
    - ungestotte_end: the 23rd birthday (ungestøtte ends).
    A birthday on 29 February falls on 1 March in other years, for every date."""
    return list(_statutory_dates(born, placed_from))


@lru_cache(maxsize=8192)  # a report judges every young person: many share a birth date
def _statutory_dates(born: date, placed_from: date | None) -> tuple[StatutoryDate, ...]:
    return tuple(
        StatutoryDate(code, date_of(code, born, placed_from), *LABELS[code]) for code in CODES
    )


def date_of(code: str, born: date, placed_from: date | None = None) -> date:
    """One statutory date by its code (statutory_dates() gives all four)."""
    if code == "ungeplan":
        sixteen = birthday(born, 16)
        plan_from = placed_from if placed_from is not None and placed_from > sixteen else sixteen
        return add_months(plan_from, 3)
    if code == "s111":
        return add_months(birthday(born, 18), -6)
    if code == "adult":
        return birthday(born, 18)
    return birthday(born, 23)


# The network-meeting ages (16, 17½, 18½) in months: the milestone meetings' ages.
MILESTONE_MONTHS = (("16", 16 * 12), ("17.5", 17 * 12 + 6), ("18.5", 18 * 12 + 6))

# Each young person's statutory dates and milestone days, stored on the youth row
# (m024_statutory_dates) so that a report reads them instead of computing 70,000 dates: the
# columns, and the stamp they were computed for. The stamp names the rules' version, the birth
# date and the placement's start: a reader uses the stored dates only where the stamp equals
# STORED_STAMP_SQL of the row as it is now, and computes them (stored_dates()) anywhere else,
# so a writer that changes a birth date without storing the dates again, an older bundle, or a
# change of these rules (raise STORED_VERSION) can never make a stored date wrong.
STORED_VERSION = "1"
STORED_DATES = (
    *(f"{code}_on" for code in CODES),
    *(f"milestone_{code.replace('.', '_')}_on" for code, _ in MILESTONE_MONTHS),
)
STORED_STAMP = "statutory_for"
STORED_STAMP_SQL = f"'{STORED_VERSION} ' || {{y}}born || ' ' || coalesce({{y}}placed_from, '')"
STORED_STAMP_UNPLACED_SQL = f"'{STORED_VERSION} ' || {{y}}born || ' '"  # where placed_from IS NULL


def stored_stamp(born: str, placed_from: str | None) -> str:
    """The stamp of stored_dates() for these inputs (STORED_STAMP_SQL in Python)."""
    return f"{STORED_VERSION} {born} {placed_from or ''}"


@lru_cache(maxsize=16384)  # per birth date and placement: many young people share them
def stored_dates(born: str, placed_from: str | None) -> tuple[str, ...]:
    """(the stamp, then every STORED_DATES column's day as ISO text) for a young person born
    on `born` (ISO) placed from `placed_from`: what the youth row stores (m024)."""
    birth = date.fromisoformat(born)
    placed = date.fromisoformat(placed_from) if placed_from else None
    return (
        stored_stamp(born, placed_from),
        *(item.on.isoformat() for item in _statutory_dates(birth, placed)),
        *(age_day(birth, months).isoformat() for _, months in MILESTONE_MONTHS),
    )


def statutory_date(born: date, code: str, placed_from: date | None = None) -> StatutoryDate:
    """One of statutory_dates() by its code."""
    return next(item for item in statutory_dates(born, placed_from) if item.code == code)


def age_day(born: date, months: int) -> date:
    """The day a person is `months` months old, counted from the whole-year birthday (so a
    29 February birthday is 1 March in other years, for 17½ and 18½ too)."""
    years, rest = divmod(months, 12)
    return add_months(birthday(born, years), rest)


def placed_after_16(born: date, placed_from: date | None) -> bool:
    return placed_from is not None and placed_from > birthday(born, 16)


@lru_cache(maxsize=128)  # a few dozen combinations; youth list asks for every row
def applies(code: str, legal_basis: str | None, *, placed_late: bool = False) -> Applies:
    """What a statutory date means for a young person with this legal basis on file, and why
    (short, for a table cell)."""
    if code == "adult":
        return Applies(
            ACT,
            "the acting municipality may change (retssikkerhedsloven § 9): act on it",
            "handlekommunen kan skifte (retssikkerhedsloven § 9): en dato, der skal handles på",
        )
    if code == "ungestotte_end":
        return Applies(
            ACT,
            "ungestøtte can last until 23: a date, not a deadline",
            "ungestøtte kan vare til 23 år: en dato, ikke en frist",
        )
    if legal_basis is None:
        return Applies(
            NOT_APPLICABLE,
            "no legal basis on file (efter youth edit --legal-basis)",
            "intet lovgrundlag registreret (efter youth edit --legal-basis)",
        )
    if legal_basis in PLACED:
        if code == "ungeplan" and placed_late:
            return Applies(
                DEADLINE,
                "placed after 16: due 3 months after the placement began (§ 108)",
                "anbragt efter 16 år: senest 3 måneder efter anbringelsens start (§ 108)",
            )
        if code == "ungeplan":
            return Applies(
                DEADLINE,
                "placed: due 3 months after turning 16 (§ 108, stk. 3)",
                "anbragt: senest 3 måneder efter 16-årsdagen (§ 108, stk. 3)",
            )
        return Applies(
            DEADLINE,
            "placed until 18: only a recorded decision meets it (§ 111)",
            "anbragt til 18 år: kun en registreret afgørelse tæller (§ 111)",
        )
    if legal_basis == "bl32" and code == "ungeplan":
        return Applies(
            CONSIDER,
            "§ 32 contact person: consider a plan, no deadline (§ 108)",
            "fast kontaktperson (§ 32): kommunen tager stilling til, om der skal laves en ungeplan; "
            "ingen frist",
        )
    if legal_basis == "bl32":
        return Applies(
            NOT_APPLICABLE,
            "only for a placement ending at 18 (§ 46/§ 47)",
            "kun ved en anbringelse, der ophører ved 18 år (§ 46/§ 47)",
        )
    return Applies(
        NOT_APPLICABLE,
        "support after 18: the date belongs to a placement",
        "ungestøtte efter 18 år: datoen hører til en anbringelse",
    )


def applies_to(code: str, legal_basis: str | None) -> bool:
    """Does this statutory date apply at all (as a deadline, a date to consider or act on)?"""
    return applies(code, legal_basis).kind != NOT_APPLICABLE


def judge(
    item: StatutoryDate,
    legal_basis: str | None,
    *,
    start: str,
    closed: str | None,
    done: list[tuple[str, str]],
    as_of: date,
    placed_late: bool = False,
) -> Judged:
    """A statutory date's status on `as_of`. `done`: (day, how) that count as meeting it
    (see core.deadlines.evidence): met on time, late (deadlines only), or not done:
    before enrolment (not recorded, check), after the case closed, coming, missed (deadlines
    only), to consider (§ 32 ungeplan), passed (dates to act on)."""
    rule = applies(item.code, legal_basis, placed_late=placed_late)
    return judged(item, item.on.isoformat(), rule, start, closed, done, as_of.isoformat())


def judged(
    item: StatutoryDate,
    day: str,
    rule: Applies,
    start: str,
    closed: str | None,
    done: Sequence[tuple[str, str]],
    as_of: str,
) -> Judged:
    """judge() with the date (`day`), the day judged on (`as_of`) as ISO text and the rule
    already found: what core.deadlines calls for 40,000 dates in a report."""
    status, done_on, how = standing(rule.kind, day, start, closed, done, as_of)
    return Judged(
        item.code, item.on, item.label_da, item.label_en, rule.kind, status, done_on, how,
        rule.why_en, rule.why_da,
    )  # fmt: skip


def standing(
    kind: str,
    day: str,
    start: str,
    closed: str | None,
    done: Sequence[tuple[str, str]],
    as_of: str,
) -> tuple[str, str | None, str | None]:
    """(status, done on, how) of a statutory date on `day` (ISO) of `kind` (applies().kind)
    judged on `as_of` (ISO), as judged() records it: judge()'s rules, without the record."""
    if kind == NOT_APPLICABLE:
        return "not_applicable", None, None
    counted = sorted(d for d in done if d[0] <= as_of) if done else None
    if counted:
        return standing_met(kind, day, counted, as_of)
    if day < start:
        return "before_enrolment", None, None
    if closed and day > closed:
        return "after_closing", None, None
    if kind == CONSIDER:
        return "consider", None, None
    if day >= as_of:  # "no later than": on the day itself it is still coming
        return "coming", None, None
    return ("missed" if kind == DEADLINE else "passed"), None, None


def standing_met(
    kind: str, day: str, counted: Sequence[tuple[str, str]], as_of: str
) -> tuple[str, str, str]:
    """(status, done on, how) of a statutory date on `day` (ISO) of `kind` that applies
    (applies().kind, not NOT_APPLICABLE) and that something counts as meeting: `counted`,
    the (day, how) done by the day judged on (`as_of`, ISO), in order, at least one. Met on
    the first done by the date (or the first of all for a date that is not a deadline), else
    late; a birthday (ACT) is not met but handled, before its day or after it (the first
    day it was acted on kept). What standing() gives then, whatever the case's start and
    close: a report judges such a date with this alone."""
    if kind == ACT:  # acted on: early or late alike, the first counts
        done_on, how = counted[0]
        return "handled", done_on, how
    for done_on, how in counted:
        if done_on <= day:
            return "met", done_on, how
    done_on, how = counted[0]
    return ("met" if kind != DEADLINE else "late"), done_on, how


def next_statutory_date(born: date, today: date) -> StatutoryDate | None:
    for item in statutory_dates(born):
        if item.on >= today:
            return item
    return None


def age_allowed(born: date, start: date) -> bool:
    return MIN_AGE <= age_on(born, start) <= MAX_AGE


# The repealed law's legal bases, and the Barnets lov paragraph to use instead.
REPLACEMENT = {
    "sel52": (
        "Barnets lov § 46 (or § 47 without consent) for a placement, bl46 or bl47, "
        "or § 32 for a contact person, bl32"
    ),
    "sel76": "Barnets lov §§ 113-116 (ungestøtte), bl113",
}


def old_basis(legal_basis: str | None, starts: date | None) -> bool:
    """Whether a legal basis under the repealed Serviceloven is given for something that
    starts on 1 January 2024 or later (what old_basis_problem refuses unless forced)."""
    return legal_basis in OLD_BASES and starts is not None and starts >= BARNETS_LOV_FROM


def any_old_basis(bases: Iterable[str | None]) -> bool:
    """Whether any of these legal bases is one under the repealed Serviceloven: when none is,
    old_basis() is False for each whatever it starts on (an import's column at once)."""
    return not _OLD_BASES.isdisjoint(bases)


_OLD_BASES = frozenset(OLD_BASES)


def old_basis_problem(
    legal_basis: str | None, starts: date | None, what: str, field: str = "legal_basis"
) -> InvalidInput | None:
    """The error refusing a legal basis under the repealed Serviceloven for something that
    starts on 1 January 2024 or later (None when it is fine: old_basis). `what` names the
    thing, `field` the record's field holding the basis."""
    if legal_basis is None or starts is None or not old_basis(legal_basis, starts):
        return None
    paragraph = legal_basis[3:]
    return InvalidInput(
        field=field,
        problem=t(
            "Serviceloven § {paragraph} was repealed on 1 January 2024, and {what} starts on "
            "{starts}",
            paragraph=paragraph,
            what=t(what),
            starts=day_text(starts),
        ),
        fix=phrase(
            "use {replacement}, or add {force} to keep the old basis (recorded as forced)",
            "force",
            replacement=REPLACEMENT[legal_basis],
        ),
    )
