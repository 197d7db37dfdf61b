"""Legacy formats through LibreOffice: the same JSON as the DOCX, parallel-safe, a clear error without it."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES, file_independent, parsed

from extract.readers.legacy import convert_to_docx

SEED = "003_428be283de85d631"


@pytest.mark.parametrize("fmt", ["doc", "rtf", "odt"])
def test_same_json_as_the_docx(fmt: str) -> None:
    legacy = parsed(SAMPLES / f"{SEED}.{fmt}").model_dump(mode="json")
    docx = parsed(SAMPLES / f"{SEED}.docx").model_dump(mode="json")
    assert legacy["source"]["format"] == fmt
    assert file_independent(legacy, keep_provenance=True) == file_independent(docx, keep_provenance=True)


def test_parallel_conversions_do_not_collide() -> None:
    jobs = [(SAMPLES / f"{SEED}.{fmt}", fmt) for fmt in ("doc", "rtf", "odt", "doc")]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda job: convert_to_docx(job[0].read_bytes(), job[1], str(job[0])), jobs))
    assert all(data.startswith(b"PK") for data in results)


def test_without_libreoffice_the_error_names_the_package(tmp_path: Path) -> None:
    env = dict(os.environ, PATH=str(Path(sys.executable).parent))
    proc = subprocess.run([sys.executable, "-m", "pipelines", "parse", str(SAMPLES / f"{SEED}.rtf")],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert proc.returncode == 3
    assert proc.stderr.strip() == (f"roadmap: error[E_FORMAT] {SAMPLES / f'{SEED}.rtf'}: an RTF file: reading it "
                                   "needs LibreOffice (Debian: apt-get install libreoffice-writer-nogui)")
