"""Known failures, kept as strict xfails: when one starts to pass, the test run fails until it is
promoted to an ordinary test (and taken off this list)."""

from __future__ import annotations

import pytest

from extract.rules.executors import split_executors

KNOWN = [
    # Issue #12's example: «Сафину» is Сафин's dative or Сафина's accusative, 50/50 for pymorphy3; the
    # document's other mentions of the person (or its verbs) would decide, and we do not look yet.
    pytest.param("Сафину Л.Р.", "Л.Р. Сафина", marks=pytest.mark.xfail(strict=True, reason="ambiguous case")),
]


@pytest.mark.parametrize(("raw", "name"), KNOWN)
def test_known_failure(raw: str, name: str) -> None:
    assert [e.name for e in split_executors(raw)] == [name]
