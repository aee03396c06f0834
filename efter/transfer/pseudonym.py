"""Stable keyed pseudonyms for statistics that leave the case file.

HMAC-SHA256 with a key kept in the case file's setting table (generated with `secrets` the
first time it is needed), so the same person gets the same pseudonym in every export from
this case file, and nobody without the case file can reverse or recompute it.
"""

import hashlib
import hmac
import sqlite3
from typing import Any

SETTING_KEY = "pseudonym-key"
PREFIX = {"name": "P-", "ref": "R-", "cpr": "C-"}


class Pseudonymiser:
    def __init__(self, key: bytes) -> None:
        self.key = key

    def token(self, what: str, value: str) -> str:
        normalised = " ".join(value.split()).casefold()
        digest = hmac.new(self.key, f"{what}:{normalised}".encode(), hashlib.sha256).hexdigest()
        return PREFIX[what] + digest[:12]

    def record(self, record: dict[str, Any], rules: dict[str, str]) -> dict[str, Any]:
        out = dict(record)
        for name, rule in rules.items():
            value = out.get(name)
            if value is None or value == "":
                continue
            if rule == "drop":
                out[name] = None
            elif rule == "year":
                out[name] = str(value)[:4]
            elif rule == "name" and str(value) in ("youth", "coordinator"):
                continue  # an agreement's owner that is a role, not a name
            else:
                out[name] = self.token(rule, str(value))
        return out


def load_key(conn: sqlite3.Connection) -> bytes:
    """The case file's pseudonym key; made and stored on first use (inside the caller's
    transaction)."""
    from efter.core.settings import secret

    return secret(conn, SETTING_KEY)
