"""youth.Checker (what an import checks each row with) gives exactly what clean() and
check_record() give: the same record, or the same error sentence."""

from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from efter.core import youth
from efter.core.errors import InvalidInput

DATES = st.sampled_from(
    ["2009-03-14", "14-03-2009", "14.3.2009", "31-02-2009", "2009-3-4", " 01-09-2025 ",
     "2025-09-01", "01-13-2025", "1-9-2025", "٠١-٠٩-٢٠٢٥", "2009-03-14\x1f", "14-03-2009\x00",
     "in May", "", "  ", "20090314"]
)  # fmt: skip
CPRS = st.sampled_from(
    ["140309-4001", "1403094001", "140309 4001", " 140309-4001 ", "310209-4001", "140309-400",
     "14030940011", "140309-٤٠٠١", "140309-4001\x1f", "abcdef-ghij", "", "010100-1234",
     "140309-9001", "140399-5001"]
)  # fmt: skip
TERMS = st.sampled_from(
    ["bl46", "§ 46", " 46 ", "§46", "sel76", "plejefamilie", "Plejefamilie", "egen bolig",
     "egen-bolig", "Egen bolig", "unknown", "", " ", "bl46\x00", "other"]
)  # fmt: skip
TEXT = st.one_of(
    st.none(),
    st.text(max_size=8),
    st.sampled_from(["Ane", " Ane ", "", " ", "a\tb", "a\nb", "a\x1bb", "\ud800", "x\u00a0",
                     "\x85", "Ærø\x7f", "bo\x9f", "\x1f"]),
)  # fmt: skip


def record_strategy() -> st.SearchStrategy[dict[str, Any]]:
    fields: dict[str, st.SearchStrategy[Any]] = {name: TEXT for name in youth.FIELDS}
    fields.update(
        born=st.one_of(st.none(), DATES),
        start=st.one_of(st.none(), DATES),
        cpr=st.one_of(st.none(), CPRS),
        legal_basis=st.one_of(st.none(), TERMS),
        housing=st.one_of(st.none(), TERMS),
        name=st.one_of(TEXT, st.just("Ane Holm")),
    )
    return st.fixed_dictionaries(fields)


def outcome(call: Any) -> Any:
    try:
        return ("ok", call())
    except InvalidInput as error:
        return ("error", error.message)


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EFTER_TODAY", "2026-11-28")


@settings(max_examples=400, deadline=None)
@given(values=record_strategy(), force=st.booleans())
@example(
    values={**dict.fromkeys(youth.FIELDS), "name": "Ane", "cpr": "140309-4001",
            "start": "01-09-2025"},
    force=False,
)  # fmt: skip
@example(
    values={**dict.fromkeys(youth.FIELDS), "name": "Ane", "born": "14-03-2009",
            "cpr": "150309-4001", "start": "01-09-2025"},
    force=False,
)  # fmt: skip
@example(
    values={**dict.fromkeys(youth.FIELDS), "name": "Ane", "born": "14-03-2000",
            "start": "01-09-2025"},
    force=True,
)  # fmt: skip
def test_the_checker_gives_what_clean_and_check_record_give(
    values: dict[str, Any], force: bool
) -> None:
    expected = outcome(lambda: youth.clean(dict(values)))
    checker = youth.Checker()
    assert outcome(lambda: checker.clean(dict(values))) == expected
    if expected[0] == "ok":
        assert outcome(lambda: youth.check_record(dict(expected[1]), force=force)) == outcome(
            lambda: checker.check(dict(expected[1]), force=force)
        )


def test_the_checker_remembers_dates_and_terms_across_records() -> None:
    checker = youth.Checker()
    base = dict.fromkeys(youth.FIELDS)
    first = checker.clean({**base, "name": "A", "born": "14-03-2009", "housing": "Plejefamilie"})
    second = checker.clean({**base, "name": "B", "born": "14-03-2009", "housing": "Plejefamilie"})
    assert (first["born"], first["housing"]) == (second["born"], second["housing"])
    assert (first["born"], first["housing"]) == ("2009-03-14", "plejefamilie")
    with pytest.raises(InvalidInput, match="not a known housing form"):
        checker.clean({**base, "name": "C", "housing": "slot"})
