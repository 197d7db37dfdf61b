"""The mutation fuzzer (tests/fuzzing.py) with a fixed seed and a small budget: every broken PDF
and DOCX it makes ends in a documented exit code, none in a bug, a timeout or a memory stop.
`make fuzz` runs 1,000 mutants."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

from fuzzing import corrupt_deflate, make_mutants, members, run, sources, zipped


def test_mutants_end_in_documented_exit_codes_only() -> None:
    verdict = run(count=80, seed=20261201, time_limit=60.0, memory_mb=2048.0)
    assert sum(verdict.exit_codes.values()) == 80
    assert verdict.bad == []
    assert set(verdict.exit_codes) <= {0, 3, 4}
    assert verdict.exit_codes[3] > 0  # the mutants do break files: the fuzzer is not a no-op


def test_mutants_are_reproducible_and_differ_from_their_source(tmp_path: Path) -> None:
    runs = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        runs.append([p.read_bytes() for p in make_mutants(tmp_path / name, 12, seed=7)])
    assert runs[0] == runs[1]
    assert not {s.read_bytes() for s in sources()} & set(runs[0])


def test_a_corrupt_deflate_stream_keeps_the_zip_listable() -> None:
    docx = next(s for s in sources() if s.suffix == ".docx")
    broken = corrupt_deflate(random.Random(3), zipped(members(docx.read_bytes())))
    assert zipfile.ZipFile(io.BytesIO(broken)).namelist() == zipfile.ZipFile(docx).namelist()
