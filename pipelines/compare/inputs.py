"""What `roadmap compare` reads: roadmap JSON files, source documents (parsed now) or a catalog."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from pipelines.parse import Options, parse
from schemas.errors import CorruptInput, MissingInput
from schemas.roadmap import Roadmap


@dataclass(frozen=True)
class Loaded:
    roadmap: Roadmap
    document: Path | None  # the source document on disk, when known (for links to its pages)


def read_json(path: Path) -> Loaded:
    try:
        roadmap = Roadmap.model_validate_json(path.read_bytes())
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "document"
        raise CorruptInput(f"not a roadmap JSON of schema 1.x ({where}: {first['msg']})", str(path)) from None
    beside = path.parent / roadmap.source.file
    return Loaded(roadmap, beside if beside.is_file() else None)


def load(path: Path, options: Options) -> Loaded:
    """A .json file is read as a roadmap; anything else is parsed as a source document."""
    if not path.is_file():
        raise MissingInput("no such file" if not path.exists() else "not a regular file", str(path))
    if path.suffix.lower() == ".json":
        return read_json(path)
    return Loaded(parse(path, options), path)


def expand(paths: list[Path]) -> list[Path]:
    """Files as given; folders give the files in them (hidden ones left out), sorted."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")))
        else:
            out.append(path)
    return out


def from_catalog(url: str) -> Iterator[Loaded]:
    from pipelines.catalog import catalog_errors, open_catalog, roadmaps

    engine = open_catalog(url, create=False)
    try:
        with catalog_errors(url):
            rows = list(roadmaps(engine))
        for path, raw in rows:
            document = Path(path) if path else None
            yield Loaded(Roadmap.model_validate_json(raw), document if document and document.is_file() else None)
    finally:
        engine.dispose()
