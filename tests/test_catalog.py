"""Catalog migrations: a catalog made by an older version gains the new columns in place."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import SAMPLES, parsed
from sqlalchemy import inspect, text

from pipelines.catalog import MIGRATIONS, engine_for, migrate, open_catalog, store


def record_of(path: Path, sha: str) -> dict[str, object]:
    return {"sha256": sha, "path": str(path), "status": "ok", "pages": 3, "measures": 14}


def test_a_version_1_catalog_is_migrated_and_keeps_its_rows(tmp_path: Path) -> None:
    engine = engine_for(str(tmp_path / "old.sqlite"))
    try:
        assert migrate(engine) == MIGRATIONS[-1][0] == 5
        born = parsed(SAMPLES / "003_428be283de85d631.docx").model_dump(mode="json")
        store(engine, record_of(Path("a.docx"), "a" * 64), born)
        with engine.begin() as conn:  # what version 1 left behind: no OCR columns, no path bytes
            conn.execute(text("ALTER TABLE documents DROP COLUMN ocr"))
            conn.execute(text("ALTER TABLE documents DROP COLUMN path_bytes"))
            conn.execute(text("ALTER TABLE measures DROP COLUMN ocr_confidence"))
            conn.execute(text("DELETE FROM schema_version WHERE version > 1"))
        assert migrate(engine) == 5
        with engine.connect() as conn:
            assert {"ocr", "path_bytes"} <= {c["name"] for c in inspect(conn).get_columns("documents")}
            assert conn.execute(text("SELECT count(*) FROM measures WHERE sha256 = :s"), {"s": "a" * 64}).scalar() == 14
        scan = parsed(SAMPLES / "003_428be283de85d631.scan.pdf").model_dump(mode="json")
        store(engine, record_of(Path("b.pdf"), "b" * 64), scan)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT ocr FROM documents WHERE sha256 = :s"), {"s": "b" * 64}).scalar() == 1
            low = conn.execute(text("SELECT min(ocr_confidence) FROM measures WHERE sha256 = :s"), {"s": "b" * 64}).scalar()
            assert 0 < low <= 1
        assert migrate(engine) == 5  # idempotent
    finally:
        engine.dispose()


def test_a_version_2_catalog_file_written_by_roadmap_0_x_is_migrated_in_place(tmp_path: Path) -> None:
    """tests/fixtures/catalog-v2.sqlite was written by the import of commit 54dd73f (catalog v2) from two
    text samples; it is migrated to the current version without losing a row, and takes 1.1 rows."""
    path = tmp_path / "catalog.sqlite"
    shutil.copyfile(Path(__file__).parent / "fixtures" / "catalog-v2.sqlite", path)
    engine = open_catalog(str(path), create=True)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT max(version) FROM schema_version")).scalar() == MIGRATIONS[-1][0]
            assert conn.execute(text("SELECT count(*) FROM measures")).scalar() == 32
            assert conn.execute(text("SELECT count(*) FROM measures WHERE measure_id IS NULL")).scalar() == 32
        result = parsed(SAMPLES / "003_428be283de85d631.docx").model_dump(mode="json")
        store(engine, record_of(Path("new.docx"), result["source"]["sha256"]), result)
        with engine.connect() as conn:
            ids = conn.execute(text("SELECT measure_id FROM measures WHERE sha256 = :s ORDER BY position"),
                               {"s": result["source"]["sha256"]}).scalars().all()
            assert ids == [m["id"] for m in result["plan"]["measures"]] and all(ids)
            version = conn.execute(text("SELECT producer_version FROM documents WHERE sha256 = :s"),
                                   {"s": result["source"]["sha256"]}).scalar()
            assert version == result["producer"]["version"]
    finally:
        engine.dispose()
