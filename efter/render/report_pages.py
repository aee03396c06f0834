"""Reports as printable pages (templates/da|en/report-*.md through the document Renderer) and
the words and number formats they share with the terminal tables."""

from collections.abc import Callable
from typing import Any

from efter.core import vocab
from efter.core.i18n import N_, catalog
from efter.core.status import EDUCATION, WORK

WITHHELD = ".."  # Danmarks Statistik's mark for a figure withheld for discretion

OUTCOME_LABELS = {
    "da": {
        "education": "I uddannelse",
        "job": "I job",
        "both": "I uddannelse og job",
        "neither": "Hverken i uddannelse eller job",
        "unknown": "Ukendt",
    },
    "en": {
        "education": "Education",
        "job": "Job",
        "both": "Education and job",
        "neither": "Neither",
        "unknown": "Unknown",
    },
}


def deadline_status_words(lang: str, *, one_person: bool = False) -> dict[str, str]:
    """Each statutory date's status in the words of core.rules.STATUS_WORDS, in `lang`: the
    one set the terminal, the pages and the documents use. For `one_person` (a list or a
    document about one young person, with no legend beside it) a date before enrolment also
    says what to do, as 'efter deadline list' does."""
    from efter.core.rules import STATUS_WORDS

    words = catalog(lang)
    out = {code: words.gettext(word) for code, word in STATUS_WORDS.items()}
    if one_person:
        out["before_enrolment"] = words.gettext(N_("{status}: not recorded, check")).format(
            status=out["before_enrolment"]
        )
    return out


def deadline_labels(lang: str) -> dict[str, str]:
    """Each statutory date's name on a page (core.rules.LABELS), in `lang`."""
    from efter.core.rules import LABELS

    return {code: label[0 if lang == "da" else 1] for code, label in LABELS.items()}


def deadline_headings(lang: str) -> dict[str, str]:
    """Each statutory date's short name, as the terminal's table heads its column."""
    from efter.core.rules import HEADINGS

    words = catalog(lang)
    return {code: words.gettext(heading) for code, heading in HEADINGS.items()}


MILESTONE_LABELS = {"16": "16", "17.5": "17½", "18.5": "18½"}


def owner_label(group: dict[str, Any], lang: str) -> str:
    if group["owner"] == "youth":
        return "Den unge" if lang == "da" else "The young person"
    if group["owner"] == "coordinator":
        return "Koordinatoren" if lang == "da" else "The coordinator"
    terms = vocab.NETWORK_ROLES if group.get("side") == "network" else vocab.TEAM_ROLES
    return vocab.label(terms, group["role"], lang)


def kind_label(kind: str, code: str, lang: str) -> str:
    return vocab.label(EDUCATION if kind == "education" else WORK, code, lang)


def pct(value: float | None, lang: str, shared: bool) -> str:
    if value is None:
        return WITHHELD if shared else "–"
    text = f"{value * 100:.1f}"
    return (text.replace(".", ",") if lang == "da" else text) + " %"


def pcts(values: list[float | None], lang: str, shared: bool) -> list[str]:
    """pct() of each value, in one comprehension (a report's column of 10,000)."""
    empty = WITHHELD if shared else "–"
    if lang == "da":
        return [empty if v is None else f"{v * 100:.1f}".replace(".", ",") + " %" for v in values]
    return [empty if v is None else f"{v * 100:.1f} %" for v in values]


def num(value: float | int | None, lang: str, shared: bool) -> str:
    if value is None:
        return WITHHELD if shared else "–"
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:,.1f}"
    else:
        text = f"{int(value):,}"
    if lang == "da":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def months(days: float | None, lang: str, shared: bool) -> str:
    """Days as months with one decimal (a month is 30.44 days)."""
    if days is None:
        return WITHHELD if shared else "–"
    text = f"{days / 30.4375:.1f}"
    return text.replace(".", ",") if lang == "da" else text


def _charts(data: dict[str, Any], lang: str) -> dict[str, Callable[[], str]]:
    from efter.render.report_charts import Bar, bar_chart  # a page's charts only

    shared = bool(data.get("shared"))
    da = lang == "da"
    kind = data["report"]
    if kind == "outcomes":
        items = data["closed"]["outcomes"]
        return {
            "outcomes": lambda: bar_chart(
                [
                    Bar(
                        OUTCOME_LABELS[lang][o["outcome"]],
                        o["share"],
                        pct(o["share"], lang, shared),
                    )
                    for o in items
                ],
                title="Afsluttede forløb efter resultat" if da else "Closed cases by outcome",
                maximum=1.0,
            )
        }
    if kind == "meetings":
        totals = data["totals"]
        names = (
            ("held", "Holdt", "Held"),
            ("cancelled", "Aflyst", "Cancelled"),
            ("no_show", "Udeblevet", "No-show"),
            ("not_registered", "Ikke registreret", "Not registered"),
        )
        return {
            "meetings": lambda: bar_chart(
                [
                    Bar(d if da else e, totals[key], num(totals[key], lang, shared))
                    for key, d, e in names
                ],
                title="Møder i perioden" if da else "Meetings in the period",
            )
        }
    if kind == "agreements":
        totals = data["totals"]
        parts = (
            ("kept_on_time", "Gennemført til tiden", "Kept on time"),
            ("kept_late", "Gennemført efter fristen", "Kept late"),
            ("dropped", "Bortfaldet", "Dropped"),
            ("overdue", "Overskredet", "Overdue"),
            ("not_yet_due", "Ikke forfaldne", "Not yet due"),
        )
        return {
            "agreements": lambda: bar_chart(
                [
                    Bar(d if da else e, totals[key], num(totals[key], lang, shared))
                    for key, d, e in parts
                ],
                title="Aftaler efter status" if da else "Agreements by state",
            )
        }
    from efter.core.rules import DATES_TO_ACT_ON

    # The deadlines only: the 18th and 23rd birthdays are dates to act on, which nobody meets
    # or misses (the page says so under the chart; its table counts them passed or coming).
    rows = [row for row in data["summary"] if row["code"] not in DATES_TO_ACT_ON]
    labels = deadline_headings(lang)  # short, as the bars' labels have room for
    return {
        "deadlines": lambda: bar_chart(
            [Bar(labels[row["code"]], _on_time(row), pct(_on_time(row), lang, shared))
             for row in rows],
            title="Frister overholdt til tiden (af de forfaldne)"
            if da
            else "Deadlines met on time (of those fallen due)",
            maximum=1.0,
        )
    }  # fmt: skip


def _on_time(row: dict[str, Any]) -> float | None:
    """Met on time, of the deadlines that have fallen due: met, met late or missed."""
    return ratio_of(row["met"], row["met"], row["late"], row["missed"])


def ratio_of(part: int | None, *whole: int | None) -> float | None:
    if part is None or any(w is None for w in whole):
        return None
    total = sum(w for w in whole if w is not None)
    return round(part / total, 4) if total else None


# Each report's title by language; the deadlines report's in the catalog, as its table's
# heading words it (one wording on the terminal and on paper).
TITLES = {
    "da": {
        "outcomes": "Resultater",
        "meetings": "Netværksmøder",
        "agreements": "Aftaler",
        "deadlines": N_("Statutory dates and deadlines"),
    },
    "en": {
        "outcomes": "Outcomes",
        "meetings": "Network meetings",
        "agreements": "Agreements",
        "deadlines": N_("Statutory dates and deadlines"),
    },
}


def page(data: dict[str, Any], lang: str, fmt: str) -> str:
    """The report as Markdown or one self-contained HTML page."""
    from efter.render.documents import Markdown, Renderer

    renderer = Renderer(lang)
    shared = bool(data.get("shared"))
    renderer.env.filters["pct"] = lambda value: Markdown(pct(value, lang, shared))
    renderer.env.filters["num"] = lambda value: Markdown(num(value, lang, shared))
    renderer.env.filters["months"] = lambda value: Markdown(months(value, lang, shared))
    kind = data["report"]
    title = catalog(lang).gettext(TITLES[lang][kind]) if kind == "deadlines" else TITLES[lang][kind]
    context = {
        "r": data,
        "outcome_label": OUTCOME_LABELS[lang],
        "deadline_label": deadline_labels(lang),
        "deadline_heading": deadline_headings(lang),
        "deadline_status": deadline_status_words(lang),
        "milestone_label": MILESTONE_LABELS,
        "owner_label": lambda group: owner_label(group, lang),
        "kind_label": lambda kind_, code: kind_label(kind_, code, lang),
        "title": title,
    }
    return renderer.document(
        f"report-{kind}.md",
        context,
        fmt=fmt,
        title=title,
        figures=_charts(data, lang),
    )
