"""Settings kept inside the case file (they travel with it)."""

import sqlite3
from typing import Any, NamedTuple

from efter.core.errors import InvalidInput
from efter.core.i18n import N_, t
from efter.core.rules import DEFAULT_CASELOAD_LIMIT


class Setting(NamedTuple):  # not a dataclass: read by commands that must start fast
    key: str
    default: str
    help: str
    kind: type = str
    choices: tuple[str, ...] = ()


SETTINGS = {
    s.key: s
    for s in (
        Setting(
            "caseload-limit",
            str(DEFAULT_CASELOAD_LIMIT),
            N_("Active cases per coordinator above which efter warns (the model: 3-5)."),
            int,
        ),
        Setting(
            "ics-title",
            "ref",
            N_("What names the young person in calendar files: ref, initials or name."),
            str,
            ("ref", "initials", "name"),
        ),
        # The consent form and the contract (issue 13): empty until set, and then the
        # documents say what is missing.
        Setting(
            "municipality-name",
            "",
            N_("The municipality that is data controller (dataansvarlig), e.g. 'Esbjerg'."),
        ),
        Setting("controller-contact", "", N_("How to reach the data controller (address, phone).")),
        Setting(
            "dpo", "", N_("The municipality's data protection officer (DPO) and how to reach them.")
        ),
        Setting(
            "coordinator-phone", "", N_("The coordinator's phone number, printed in the contract.")
        ),
        Setting("coordinator-email", "", N_("The coordinator's e-mail, printed in the contract.")),
        Setting(
            "language",
            "",
            N_(
                "Language of messages and documents: da or en (EFTER_LANG and a Danish locale "
                "choose messages first; --lang chooses a document's)."
            ),
            str,
            ("da", "en"),
        ),
    )
}
DOCUMENT_KEYS = (
    "municipality-name", "controller-contact", "dpo", "coordinator-phone", "coordinator-email"
)  # fmt: skip
# A register (or a laptop file with covered cases) holds several coordinators' cases: each may
# have their own phone and e-mail, kept as "coordinator-phone:NAME"; the plain key is for the
# coordinators who have none of their own.
COORDINATOR_KEYS = ("coordinator-phone", "coordinator-email")


def _known(key: str) -> Setting:
    if key not in SETTINGS:
        raise InvalidInput(
            t(
                "There is no setting '{key}': known settings are {settings}.",
                key=key,
                settings=", ".join(sorted(SETTINGS)),
            )
        )
    return SETTINGS[key]


def get(conn: sqlite3.Connection, key: str) -> Any:
    setting = _known(key)
    row = conn.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    raw = row["value"] if row else setting.default
    return setting.kind(raw)


def set_value(
    conn: sqlite3.Connection, key: str, value: str, coordinator: str | None = None
) -> Any:
    """Store a setting; with `coordinator` (coordinator-phone and -email only) that
    coordinator's own value, and an empty value removes it so the common one applies."""
    setting = _known(key)
    if setting.kind is int:
        if not value.strip().isascii() or not value.strip().isdigit() or int(value) < 1:
            raise InvalidInput(
                t(
                    "The setting {key} takes a whole number of 1 or more, not '{value}'.",
                    key=key,
                    value=value,
                )
            )
        if int(value) > 1_000_000:
            raise InvalidInput(
                t(
                    "The setting {key} takes a whole number from 1 to 1000000, not '{value}'.",
                    key=key,
                    value=value[:20],
                )
            )
        value = str(int(value))
    if setting.choices and value.strip() not in setting.choices:
        raise InvalidInput(
            t(
                "The setting {key} takes one of {choices}, not '{value}'.",
                key=key,
                choices=", ".join(setting.choices),
                value=value,
            )
        )
    value = value.strip() if setting.choices else value
    if key in DOCUMENT_KEYS:
        from efter.core.text import check

        value = check(value.strip(), key)
        if key == "municipality-name" and value:
            from efter.core.municipalities import official

            value = official(value, t("the setting municipality-name"))
    if coordinator is not None:
        if key not in COORDINATOR_KEYS:
            raise InvalidInput(
                field="coordinator",
                problem=t("the setting {key} is the same for every coordinator", key=key),
                fix=t("give a coordinator only with coordinator-phone or coordinator-email"),
            )
        own = f"{key}:{coordinator}"
        # one value per coordinator, whatever case their name was typed in before
        conn.executemany(
            "DELETE FROM setting WHERE key = ?",
            [
                (row[0],)
                for row in conn.execute("SELECT key FROM setting WHERE key LIKE ?", (f"{key}:%",))
                if row[0].casefold() == own.casefold()
            ],
        )
        key = own
        if not value:
            return setting.kind(value)
    conn.execute(
        "INSERT INTO setting (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )
    return setting.kind(value)


def document_settings(conn: sqlite3.Connection) -> dict[str, str]:
    """The settings the consent form and the contract print, in one query."""
    stored = dict(
        conn.execute(
            "SELECT key, value FROM setting WHERE key IN (SELECT value FROM json_each(?))",
            ('["' + '","'.join(DOCUMENT_KEYS) + '"]',),
        ).fetchall()
    )
    office = {key: str(stored.get(key) or "") for key in DOCUMENT_KEYS}
    # a coordinator's own by their name without case (set_value keeps one per name), so that
    # each document finds it in one look-up
    office.update((key.casefold(), value) for key, value in _coordinators_own(conn).items())
    return office


def _coordinators_own(conn: sqlite3.Connection) -> dict[str, str]:
    """Every coordinator's own phone and e-mail ("coordinator-phone:NAME": value), by key."""
    return {
        row[0]: row[1]
        for row in conn.execute(
            "SELECT key, value FROM setting "
            "WHERE key LIKE 'coordinator-phone:%' OR key LIKE 'coordinator-email:%' ORDER BY key"
        )
    }


def for_coordinator(office: dict[str, str], key: str, coordinator: str | None) -> str:
    """`key` (coordinator-phone or -email) for a case of `coordinator`: their own value if
    they have one (the name in any case, as handover finds it), else the common one."""
    own = office.get(f"{key}:{coordinator}".casefold()) if coordinator else None
    return own or office.get(key, "")


def all_settings(conn: sqlite3.Connection) -> dict[str, Any]:
    """Every setting, then each coordinator's own phone and e-mail."""
    values: dict[str, Any] = {key: get(conn, key) for key in sorted(SETTINGS)}
    values.update(_coordinators_own(conn))
    return values


def coordinates_anyone(conn: sqlite3.Connection, coordinator: str) -> bool:
    """Whether a young person on file has this coordinator (the name in any case)."""
    row = conn.execute(
        "SELECT 1 FROM youth WHERE coordinator = ? COLLATE NOCASE LIMIT 1", (coordinator,)
    ).fetchone()
    return row is not None


def help_of(key: str) -> str:
    """The help line of a setting, also of a coordinator's own ("coordinator-phone:NAME")."""
    return SETTINGS[key.split(":", 1)[0]].help


def casefile_uuid(conn: sqlite3.Connection) -> str:
    """The case file's own id (calendar UIDs are made from it); m007 stores it."""
    row = conn.execute("SELECT value FROM setting WHERE key = 'casefile-uuid'").fetchone()
    if row is None:  # pragma: no cover - kept for a hand-edited file
        import uuid

        value = str(uuid.uuid4())
        conn.execute("INSERT INTO setting (key, value) VALUES ('casefile-uuid', ?)", (value,))
        return value
    return str(row["value"])


def secret(conn: sqlite3.Connection, key: str) -> bytes:
    """A random 256-bit key kept in the case file under `key` (never shown by `config
    list`); made and stored on first use, inside the caller's transaction."""
    row = conn.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    if row is None:
        import secrets

        value = secrets.token_hex(32)
        conn.execute("INSERT INTO setting (key, value) VALUES (?, ?)", (key, value))
        return bytes.fromhex(value)
    return bytes.fromhex(row[0])
