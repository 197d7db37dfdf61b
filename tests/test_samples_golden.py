"""Whole outputs of every bundled sample against committed expected JSON (review with git diff).

`make golden` runs this with --update-golden: the files are rewritten and the tests skip, so a
regenerating run is never green. A missing expected file fails.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import EXPECTED, SAMPLE_FILES, parsed


def expected_path(sample: Path) -> Path:
    return EXPECTED / f"{sample.name}.json"


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=[p.name for p in SAMPLE_FILES])
def test_sample_matches_expected(sample: Path, request: pytest.FixtureRequest) -> None:
    result = parsed(sample).model_dump(mode="json")
    target = expected_path(sample)
    if request.config.getoption("--update-golden"):
        target.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        pytest.skip(f"rewrote {target.name}")
    assert target.exists(), f"missing golden file {target}: run `make golden` and review the diff"
    assert result == json.loads(target.read_text(encoding="utf-8"))


def test_every_expected_file_has_a_sample() -> None:
    names = {f"{p.name}.json" for p in SAMPLE_FILES}
    stale = [p.name for p in EXPECTED.glob("*.json") if p.name not in names]
    assert not stale
