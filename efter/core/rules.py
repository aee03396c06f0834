"""The model's and the law's rules about ages and statutory dates."""

from datetime import date
from typing import NamedTuple

from efter.core.dates import add_months, age_on

MIN_AGE = 15
MAX_AGE = 23
DEFAULT_CASELOAD_LIMIT = 5


class StatutoryDate(NamedTuple):
    code: str
    on: date
    label_da: str
    label_en: str


# (code, age in months, Danish label, English label)
STATUTORY_STEPS = (
    ("ungeplan", 16 * 12, "Ungeplan (16 år)", "Youth plan (age 16)"),
    (
        "s111",
        17 * 12 + 6,
        "§ 111-afgørelse om ungestøtte (17½ år)",
        "§ 111 decision on support after 18 (age 17½)",
    ),
    ("adult", 18 * 12, "18 år: handlekommunen skifter", "Age 18: acting municipality changes"),
    ("ungestotte_end", 23 * 12, "Ungestøtte ophører (23 år)", "End of support after 18 (age 23)"),
)


def statutory_dates(born: date) -> list[StatutoryDate]:
    """Ungeplan at 16 (Barnets lov §§ 108-109), § 111 decision by 17½, 18 (handlekommune
    changes), end of ungestøtte at 23 (§§ 113-116)."""
    return [
        StatutoryDate(code, add_months(born, months), label_da, label_en)
        for code, months, label_da, label_en in STATUTORY_STEPS
    ]


def next_statutory_date(born: date, today: date) -> StatutoryDate | None:
    for item in statutory_dates(born):
        if item.on >= today:
            return item
    return None


def age_allowed(born: date, start: date) -> bool:
    return MIN_AGE <= age_on(born, start) <= MAX_AGE
