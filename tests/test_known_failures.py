"""Known failures, kept as strict xfails: when one starts to pass, the test run fails until it is
promoted to an ordinary test (and taken off this list).

To add one: `pytest.param(raw, name, marks=pytest.mark.xfail(strict=True, reason=...))` in KNOWN,
with a comment saying why it fails. With the list empty the module collects no test (an empty
parameter set would be reported as a skip, which says nothing).
"""

from __future__ import annotations

from typing import Any

import pytest

from extract.rules.executors import split_executors

# Issue #12's «Сафину Л.Р.» → «Л.Р. Сафина» was promoted: the document's other mentions of the person
# decide it (tests/test_persons_case.py).
KNOWN: list[Any] = []

if KNOWN:

    @pytest.mark.parametrize(("raw", "name"), KNOWN)
    def test_known_failure(raw: str, name: str) -> None:
        assert [e.name for e in split_executors(raw)] == [name]
