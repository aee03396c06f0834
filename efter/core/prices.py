"""A price per young person per programme (indsats), in whole kroner, for the cost figures."""

import re
import sqlite3
from typing import Any

from efter.core import clock
from efter.core.errors import InvalidInput, NotFound

# 30000, 30.000, 30 000, 30.000 kr., 30000,00
_AMOUNT = re.compile(r"^(\d{1,3}(?:[. ]\d{3})+|\d+)(?:,00?)?$")


def parse_amount(text: str) -> int:
    value = text.strip().casefold().removesuffix("kr.").removesuffix("kr").strip()
    match = _AMOUNT.match(value)
    if not match:
        raise InvalidInput(
            f"'{text.strip()[:40]}' is not an amount in whole kroner: write it as 30000 or 30.000."
        )
    return int(match.group(1).replace(".", "").replace(" ", ""))


def set_price(conn: sqlite3.Connection, programme: str, amount: str) -> tuple[str, int, bool]:
    """Store the price; returns (programme as stored, amount, whether any young person is in it)."""
    name = programme.strip()
    if not name or "\x00" in name:
        raise InvalidInput("The programme name is empty: give the name as on the young people.")
    value = parse_amount(amount)
    known = conn.execute(
        "SELECT programme FROM youth WHERE programme = ? COLLATE NOCASE LIMIT 1", (name,)
    ).fetchone()
    if known:
        name = known["programme"]
    conn.execute(
        "INSERT INTO programme_price (programme, amount, updated) VALUES (?, ?, ?) "
        "ON CONFLICT (programme) DO UPDATE SET programme = excluded.programme, "
        "amount = excluded.amount, updated = excluded.updated",
        (name, value, clock.timestamp()),
    )
    return name, value, known is not None


def clear_price(conn: sqlite3.Connection, programme: str) -> None:
    cursor = conn.execute(
        "DELETE FROM programme_price WHERE programme = ? COLLATE NOCASE", (programme.strip(),)
    )
    if not cursor.rowcount:
        raise NotFound(
            f"The programme '{programme.strip()[:60]}' has no price: see 'efter programme list'."
        )


def programmes(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every programme named on a young person or priced, with its cases and price."""
    rows = conn.execute(
        """
        SELECT name, sum(active) AS active, sum(closed) AS closed, max(amount) AS price FROM (
            SELECT programme AS name, status = 'active' AS active, status = 'closed' AS closed,
                   NULL AS amount
            FROM youth WHERE programme IS NOT NULL
            UNION ALL
            SELECT programme, 0, 0, amount FROM programme_price
        ) GROUP BY name COLLATE NOCASE ORDER BY name COLLATE NOCASE
        """
    ).fetchall()
    return [
        {
            "programme": row["name"],
            "active": int(row["active"]),
            "closed": int(row["closed"]),
            "price": row["price"],
        }
        for row in rows
    ]
