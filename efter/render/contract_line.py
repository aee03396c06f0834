"""The contract line of `youth show` and the sagsoverblik: the latest saved version of the
collaboration contract, the latest signed one, and whether the case has changed since it was
signed.

Apart from the document modules (efter.render.case_documents, Jinja) on purpose: they load
only when a signed version must be rendered again to compare it with the case now, so a
young person with no contract, or none signed, costs two queries (`youth show` loaded the
document modules for every young person: 3-5 ms).
"""

import sqlite3
from typing import Any

from efter.core.i18n import t
from efter.core.youth import Youth


def contract_status(conn: sqlite3.Connection, youth: Youth) -> dict[str, Any] | None:
    """The contract line of `youth show`: the latest saved version, the latest signed one,
    and whether the case has changed since it was signed. None when nothing was saved."""
    from efter.core import contracts

    rows = contracts.versions(conn, youth)
    if not rows:
        return None
    latest = rows[-1]
    signed = contracts.latest_signed(conn, youth)
    changed = None
    if signed is not None:  # only a signed version is compared with the case now (Jinja)
        from efter.render.case_documents import stale

        changed = stale(conn, youth)
    return {
        "latest": contracts.describe(latest),
        "signed": contracts.describe(signed) if signed is not None else None,
        "stale": changed is not None and changed["state"] == "changed",
        "unchecked": changed["reason"] if changed and changed["state"] == "unchecked" else None,
    }


def contract_line(status: dict[str, Any] | None, youth_id: int) -> str:
    """One line for `youth show` (and `efter due`), in the language of the messages."""
    if status is None:
        return t("none saved (efter contract save {id})", id=youth_id)
    latest, signed = status["latest"], status["signed"]
    unsigned = t(
        "version {version} saved {saved}, not signed yet",
        version=latest["version"],
        saved=latest["saved"],
    )
    if signed is None:
        return unsigned
    text = t(
        "version {version} signed {signed}", version=signed["version"], signed=signed["signed"]
    )
    if latest["version"] > signed["version"]:
        text += "; " + unsigned
    if status["stale"]:
        text += "; " + t(
            "the case has changed since it was signed (see 'efter contract diff {id}')",
            id=signed["id"],
        )
    elif status["unchecked"]:
        text += "; " + t(
            "could not compare with the case now: {reason}", reason=status["unchecked"]
        )
    return text
