"""The register's translation passes over a word rule whose word is not in the text (issue
17: a register command's start-up): it must give exactly what applying every rule in order
gives, whatever the text."""

import re

from hypothesis import given
from hypothesis import strategies as st

from efter.core import dialect


def every_rule(text: str) -> str:
    """The rules applied as they were before: each one, in order, on every piece."""
    for _, pattern, replacement in dialect._WORD_REWRITES:
        text = re.sub(pattern, replacement, text, flags=re.IGNORECASE)
    return text


# The rules' words and what surrounds them, in both cases, and letters a case-insensitive
# pattern folds onto ASCII ones (the Kelvin sign, the long s, the dotless and dotted i).
PIECES = [
    "INTEGER", "integer", "PRIMARY", "KEY", "REAL", "real", "BLOB", "WITHOUT", "ROWID",
    "rowid", "date", "datetime", "DATE", "typeof", "NOT", "not", "INDEXED", "CROSS", "JOIN",
    "cross join", "ON", "AS", "WHERE", "AND", "OR", "ORDER", "GROUP", "LIMIT", "+", "+x",
    "group_concat", "IS", "is", "NULL", "TRUE", "FALSE", "DISTINCT", "1", "0", "BEGIN",
    "IMMEDIATE", "LIKE", "like", "ILIKE", "REFERENCES", "youth", "(id)", "DELETE", "CASCADE",
    "SET", "TEXT", "COLLATE", "NOCASE", "nocase", "m.starts", "y", "(", ")", ",", ".", "=",
    "\u212aEY", "\u017fET", "\u0131S", "\u0130S", "LI\u212aE", "é",
]  # fmt: skip
SPACES = [" ", "  ", "\n", "\t", ""]


@given(st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(SPACES)), max_size=14))
def test_passing_over_a_rule_without_its_word_changes_nothing(parts: list[tuple[str, str]]) -> None:
    text = "".join(piece + space for piece, space in parts)
    assert dialect._rewrite_words(text) == every_rule(text)


def test_each_rule_has_its_word_in_its_pattern() -> None:
    """A rule's word is written in its pattern outside any choice, so a piece without the
    word cannot match it (the rule is passed over safely)."""
    for word, pattern, _ in dialect._WORD_REWRITES:
        assert word in pattern.upper().replace("\\", ""), (word, pattern)
        assert word == word.upper() and word.isascii()


def test_a_statement_translates_as_before() -> None:
    sql = (
        "SELECT count(*) FROM youth y CROSS JOIN agreement a ON a.youth_id = y.id "
        "WHERE date(a.due) IS NOT date(?) AND y.name LIKE ? AND a.note IS 1"
    )
    assert dialect.translate(sql).sql == (
        "SELECT count(*) FROM youth y JOIN agreement a ON a.youth_id = y.id "
        "WHERE sqlite_date(a.due) IS DISTINCT FROM sqlite_date(%s) AND y.name ILIKE %s "
        "AND a.note IS TRUE"
    )
