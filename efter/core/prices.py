"""A price per young person per programme (indsats), in whole kroner, for the cost figures."""

import re
import sqlite3
from collections.abc import Iterable
from itertools import repeat

from efter.core import clock
from efter.core.errors import InvalidInput, NotFound
from efter.core.i18n import t

# 30000, 30.000, 30 000, 30.000 kr., 30000,00
_AMOUNT = re.compile(r"^(\d{1,3}(?:[. ]\d{3})+|\d+)(?:,00?)?$")


def parse_amount(text: str, field: str | None = "amount") -> int:
    if text.isdigit() and text.isascii():  # most often: 30000 as a file holds it
        amount = int(text)
        if amount <= MAX_AMOUNT:
            return amount
    value = text.strip().casefold().removesuffix("kr.").removesuffix("kr").strip()
    match = _AMOUNT.match(value)
    if not match:
        raise InvalidInput(
            field=field,
            problem=t("'{strip}' is not an amount in whole kroner", strip=text.strip()[:40]),
            fix=t("write it as 30000 or 30.000"),
        )
    amount = int(match.group(1).replace(".", "").replace(" ", ""))
    if amount > MAX_AMOUNT:
        shown, most = (f"{number:,}".replace(",", ".") for number in (amount, MAX_AMOUNT))
        raise InvalidInput(
            field=field,
            problem=t(
                "{amount} kr. is more than efter takes as a price ({most} kr.)",
                amount=shown,
                most=most,
            ),
            fix=t("check the amount"),
        )
    return amount


MAX_AMOUNT = 1_000_000_000  # a price per young person, in whole kroner


def set_price(conn: sqlite3.Connection, programme: str, amount: str) -> tuple[str, int]:
    """Store the price of a programme on file; returns (its name, the amount)."""
    from efter.core import programmes
    from efter.core.text import check as check_text

    name = check_text(programme.strip(), t("the programme name"))
    if not name:
        raise InvalidInput(t("The programme name is empty: give the name as on the young people."))
    value = parse_amount(amount)
    row = programmes.find(conn, name)
    store(conn, row["name"], value)
    return str(row["name"]), value


def store(conn: sqlite3.Connection, name: str, amount: int) -> None:
    _delete(conn, name)
    store_many(conn, [(None, name, amount)])


def rename(conn: sqlite3.Connection, old: str, new: str) -> None:
    """A renamed programme keeps its price."""
    amount = price_of(conn, old)
    if amount is not None:
        _delete(conn, old)
        store(conn, new, amount)


def by_key(conn: sqlite3.Connection) -> dict[str, tuple[str, int]]:
    """Every price by its programme's key (programmes.key: "EMPOWER 4U" is EMPOWER4U's
    price): key -> (the programme as the price names it, the amount)."""
    from efter.core.programmes import key

    return {
        key(row["programme"]): (row["programme"], int(row["amount"]))
        for row in conn.execute("SELECT programme, amount FROM programme_price")
    }


def price_of(conn: sqlite3.Connection, name: str) -> int | None:
    from efter.core.programmes import key

    found = by_key(conn).get(key(name))
    return found[1] if found else None


def store_many(conn: sqlite3.Connection, prices: Iterable[tuple[int | None, str, int]]) -> None:
    """The one way prices are stored (programme price, import): for each (the id of the
    stored price it replaces, or None; the programme as it is to be stored; the amount)."""
    given = list(prices)
    olds, names, amounts = zip(*given, strict=True) if given else ((), (), ())
    if olds.count(None) != len(olds):  # a price replaced
        conn.executemany(
            "DELETE FROM programme_price WHERE rowid = ?",
            [(old,) for old in olds if old is not None],
        )
    stamp = clock.timestamp()
    conn.executemany(
        "INSERT INTO programme_price (programme, amount, updated) VALUES (?, ?, ?)",
        list(zip(names, amounts, repeat(stamp), strict=False)),
    )


def stored(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """Every price as stored (its rowid as `id`), by programme."""
    return conn.execute(
        "SELECT rowid AS id, programme, amount, updated FROM programme_price ORDER BY programme"
    ).fetchall()


def _delete(conn: sqlite3.Connection, name: str) -> int:
    from efter.core.programmes import key

    gone = 0
    for row in conn.execute("SELECT programme FROM programme_price").fetchall():
        if key(row["programme"]) == key(name):
            conn.execute("DELETE FROM programme_price WHERE programme = ?", (row["programme"],))
            gone += 1
    return gone


def clear_price(conn: sqlite3.Connection, programme: str) -> None:
    if not _delete(conn, programme):
        raise NotFound(
            t(
                "The programme '{values}' has no price: see 'efter programme list'.",
                values=programme.strip()[:60],
            )
        )
