from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pipelines.parse import parse
from schemas.roadmap import Roadmap

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
EXPECTED = SAMPLES / "expected"
GOLD = Path(__file__).resolve().parent / "gold"
SEEDS = sorted(p.stem for p in GOLD.glob("*.json"))
FORMATS = ("txt", "docx", "pdf")
SAMPLE_FILES = sorted(p for p in SAMPLES.iterdir() if p.suffix in {".txt", ".docx", ".pdf", ".doc", ".rtf", ".odt"})


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite samples/expected/*.json and skip")


_cache: dict[Path, Roadmap] = {}


_outcomes: dict[Path, tuple[Roadmap, int]] = {}


def outcome(path: Path) -> tuple[Roadmap, int]:
    """The result and exit code of `roadmap parse` (4: read, no plan; the requisites still come),
    once per test session."""
    from pipelines.parse import NoRoadmapFound

    if path not in _outcomes:
        try:
            _outcomes[path] = (parse(path), 0)
        except NoRoadmapFound as exc:
            _outcomes[path] = (exc.result, exc.exit_code)
    return _outcomes[path]


def parsed(path: Path) -> Roadmap:
    """Each sample is parsed once per test session."""
    if path not in _cache:
        _cache[path] = parse(path)
    return _cache[path]


def file_independent(value: Any, keep_provenance: bool = False) -> Any:
    """An output without what depends on the file's bytes: `source`, a measure's `id` (the SHA-256
    prefix of the file) and, unless kept, provenance (pages, boxes)."""
    dropped = {"source"} | (set() if keep_provenance else {"provenance"})
    if isinstance(value, dict):
        is_measure = "key" in value and "text" in value
        return {k: file_independent(v, keep_provenance) for k, v in value.items()
                if k not in dropped and not (is_measure and k == "id")}
    if isinstance(value, list):
        return [file_independent(v, keep_provenance) for v in value]
    return value
