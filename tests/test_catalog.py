"""Catalog migrations: a catalog made by an older version gains the new columns in place."""

from __future__ import annotations

from pathlib import Path

from conftest import SAMPLES, parsed
from sqlalchemy import inspect, text

from pipelines.catalog import MIGRATIONS, engine_for, migrate, store


def record_of(path: Path, sha: str) -> dict[str, object]:
    return {"sha256": sha, "path": str(path), "status": "ok", "pages": 3, "measures": 14}


def test_a_version_1_catalog_is_migrated_and_keeps_its_rows(tmp_path: Path) -> None:
    engine = engine_for(str(tmp_path / "old.sqlite"))
    try:
        assert migrate(engine) == MIGRATIONS[-1][0] == 3
        born = parsed(SAMPLES / "003_428be283de85d631.docx").model_dump(mode="json")
        store(engine, record_of(Path("a.docx"), "a" * 64), born)
        with engine.begin() as conn:  # what version 1 left behind: no OCR columns, no path bytes
            conn.execute(text("ALTER TABLE documents DROP COLUMN ocr"))
            conn.execute(text("ALTER TABLE documents DROP COLUMN path_bytes"))
            conn.execute(text("ALTER TABLE measures DROP COLUMN ocr_confidence"))
            conn.execute(text("DELETE FROM schema_version WHERE version > 1"))
        assert migrate(engine) == 3
        with engine.connect() as conn:
            assert {"ocr", "path_bytes"} <= {c["name"] for c in inspect(conn).get_columns("documents")}
            assert conn.execute(text("SELECT count(*) FROM measures WHERE sha256 = :s"), {"s": "a" * 64}).scalar() == 14
        scan = parsed(SAMPLES / "003_428be283de85d631.scan.pdf").model_dump(mode="json")
        store(engine, record_of(Path("b.pdf"), "b" * 64), scan)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT ocr FROM documents WHERE sha256 = :s"), {"s": "b" * 64}).scalar() == 1
            low = conn.execute(text("SELECT min(ocr_confidence) FROM measures WHERE sha256 = :s"), {"s": "b" * 64}).scalar()
            assert 0 < low <= 1
        assert migrate(engine) == 3  # idempotent
    finally:
        engine.dispose()
