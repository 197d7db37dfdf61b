"""The catalog: documents, measures, executors, persons, schools and warnings in SQL.

SQLite by default (a file, no server) or PostgreSQL by URL; one code path (SQLAlchemy 2 Core).
Each document is keyed by the SHA-256 of its bytes and written in one transaction that first
removes the rows of an earlier import, so re-importing is idempotent.

`roadmap serve` adds (v5) its job queue, API tokens and archivists' corrections: documents.raw_json
stays the parser's output, and the rows a reader sees are written from it with the corrections
applied (pipelines/corrections.py builds that JSON, pipelines/search.py writes and searches the rows).
"""

from __future__ import annotations

import json
import resource
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Engine,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from schemas.errors import CatalogError, DiskFull

metadata = MetaData()
DEFAULT_SERVE_CATALOG = "roadmap-data/catalog.sqlite"


def doc_key() -> Column[Any]:
    return Column("sha256", String(64), primary_key=True)


documents = Table(
    "documents", metadata, doc_key(),
    Column("path", Text), Column("file", Text), Column("format", String(16)), Column("pages", Integer),
    Column("status", String(16), nullable=False), Column("error_code", String(32)), Column("error_message", Text),
    Column("doc_type", Text), Column("number", Text), Column("date", String(10)), Column("authority", Text),
    Column("city", Text), Column("title", Text), Column("plan_title", Text),
    Column("period_start", String(10)), Column("period_end", String(10)),
    Column("measures", Integer), Column("warnings", Integer), Column("raw_json", Text),
    Column("ocr", Boolean),  # v2
    Column("path_bytes", Text),  # v3: the path's exact bytes (base64) when they are not valid UTF-8
    Column("producer_version", Text), Column("schema_version", String(8)),  # v4
    Column("corrected", Boolean),  # v5: an archivist's correction is applied to the rows below
)
measures = Table(
    "measures", metadata, doc_key(), Column("position", Integer, primary_key=True),
    Column("number", Text), Column("section", Text), Column("text", Text),
    Column("deadline_raw", Text), Column("deadline_kind", String(16)),
    Column("deadline_start", String(10)), Column("deadline_end", String(10)),
    Column("executors_raw", Text), Column("expected_result", Text), Column("note", Text),
    Column("page", Integer), Column("table_no", Integer), Column("row_no", Integer),
    Column("ocr_confidence", Float),  # v2
    Column("measure_id", Text), Column("key", Text), Column("section_id", Text), Column("column_no", Integer),  # v4
    Column("window_start", String(10)), Column("window_end", String(10)), Column("window_inferred", Boolean),  # v4
    Column("category", Text), Column("corrected", Boolean),  # v5
)
executors = Table(
    "executors", metadata, doc_key(), Column("measure", Integer, primary_key=True),
    Column("position", Integer, primary_key=True), Column("raw", Text), Column("kind", String(16)), Column("name", Text),
    Column("person_id", Text),  # v4
)
persons = Table(
    "persons", metadata, doc_key(), Column("name", String(200), primary_key=True), Column("roles", Text),
    Column("person_id", Text),  # v4
)
schools = Table(
    "schools", metadata, doc_key(), Column("position", Integer, primary_key=True),
    Column("kind", Text), Column("number", Text), Column("legal_form", Text), Column("name", Text), Column("director", Text),
    Column("school_id", Text),  # v4
)
warnings = Table(
    "warnings", metadata, doc_key(), Column("position", Integer, primary_key=True),
    Column("code", String(40)), Column("message", Text), Column("page", Integer), Column("row_no", Integer),
)
schema_version = Table("schema_version", metadata, Column("version", Integer, primary_key=True))
TABLES = [documents, measures, executors, persons, schools, warnings]
# v5, `roadmap serve`: kept across re-imports (store never deletes them)
jobs = Table(
    "jobs", metadata, Column("job_id", String(32), primary_key=True), Column("sha256", String(64)), Column("file", Text),
    Column("source", Text), Column("options", Text), Column("status", String(16), nullable=False),
    Column("error_code", String(32)), Column("error_message", Text),
    Column("created", Text), Column("started", Text), Column("finished", Text),
    Column("attempts", Integer, nullable=False, default=0, server_default="0"), Column("worker", Text),
)
tokens = Table(
    "tokens", metadata, Column("token_id", String(16), primary_key=True), Column("name", Text),
    Column("hash", String(64), nullable=False), Column("created", Text), Column("revoked", Text), Column("last_used", Text),
)
corrections = Table(
    "corrections", metadata, Column("correction_id", Integer, primary_key=True, autoincrement=True),
    Column("sha256", String(64), nullable=False, index=True), Column("target", String(16), nullable=False),
    Column("measure_id", Text), Column("op", String(8), nullable=False), Column("field", Text),
    Column("original", Text), Column("value", Text), Column("author", Text), Column("reason", Text),
    Column("created", Text), Column("status", String(16)), Column("producer_version", Text),
)
SERVE_TABLES = [jobs, tokens, corrections]


# A PostgreSQL under the C locale folds only ASCII in lower() and to_tsvector(): Cyrillic capitals and
# ё are mapped to lowercase and е by translate(), as fold() maps them in Python and on SQLite.
CYRILLIC_FROM = "".join(chr(c) for c in range(0x410, 0x430)) + "Ёё"
CYRILLIC_TO = CYRILLIC_FROM[:32].lower() + "ее"


def fold(value: str | None) -> str | None:
    """Case and ё folded for comparing names («Орёл» = «ОРЕЛ»): SQLite's lower() folds ASCII only."""
    return value.lower().replace("ё", "е") if value is not None else None


def utc_now(seconds_ago: float = 0) -> str:
    """ISO 8601 in UTC with «Z», to the microsecond (rows created in one second keep their order);
    strings of this one form compare as the times they name."""
    moment = datetime.now(UTC) - timedelta(seconds=seconds_ago)
    return moment.isoformat(timespec="microseconds").replace("+00:00", "Z")


def create_v1(conn: Connection) -> None:
    metadata.create_all(conn, tables=[*TABLES])


def add_columns(conn: Connection, columns: list[Column[Any]]) -> None:
    """ALTER TABLE … ADD COLUMN for the columns a catalog made by an older version lacks (a new
    catalog has them already: create_v1 builds the current tables)."""
    for column in columns:
        table = column.table.name
        if column.name not in {c["name"] for c in inspect(conn).get_columns(table)}:
            conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {column.name} {column.type.compile(dialect=conn.dialect)}"))


def add_ocr_v2(conn: Connection) -> None:
    add_columns(conn, [documents.c.ocr, measures.c.ocr_confidence])


def add_path_bytes_v3(conn: Connection) -> None:
    add_columns(conn, [documents.c.path_bytes])


def add_ids_v4(conn: Connection) -> None:
    """Schema 1.1: measure ids and keys, references by id, the deadline window, who wrote the row."""
    add_columns(conn, [documents.c.producer_version, documents.c.schema_version, measures.c.measure_id, measures.c.key,
                       measures.c.section_id, measures.c.column_no, measures.c.window_start, measures.c.window_end,
                       measures.c.window_inferred, executors.c.person_id, persons.c.person_id, schools.c.school_id])


def add_serve_v5(conn: Connection) -> None:
    """`roadmap serve`: jobs, tokens, corrections, measure categories, and full-text search of measure
    texts (SQLite: an FTS5 table of lemmas; PostgreSQL: a generated tsvector column under a GIN index).
    The measures an older catalog holds get their category and search text here."""
    from pipelines.search import index_old_measures  # search imports this module for its tables

    for table in SERVE_TABLES:
        table.create(conn, checkfirst=True)
    add_columns(conn, [documents.c.corrected, measures.c.category, measures.c.corrected])
    if conn.dialect.name == "sqlite":
        conn.execute(text("CREATE VIRTUAL TABLE IF NOT EXISTS measure_fts "
                          "USING fts5(sha256 UNINDEXED, position UNINDEXED, lemmas)"))
    elif "tsv" not in {c["name"] for c in inspect(conn).get_columns("measures")}:  # folded: see CYRILLIC_FROM
        folded = f"translate(lower(coalesce(text, '')), '{CYRILLIC_FROM}', '{CYRILLIC_TO}')"
        conn.execute(text("ALTER TABLE measures ADD COLUMN tsv tsvector "
                          f"GENERATED ALWAYS AS (to_tsvector('russian', {folded})) STORED"))
        conn.execute(text("CREATE INDEX IF NOT EXISTS measures_tsv ON measures USING gin (tsv)"))
    index_old_measures(conn)


# Ordered migrations: (version, step). A new column or table is a new entry, never an edit.
MIGRATIONS: list[tuple[int, Callable[[Connection], None]]] = [
    (1, create_v1), (2, add_ocr_v2), (3, add_path_bytes_v3), (4, add_ids_v4), (5, add_serve_v5),
]
MIGRATION_LOCK = 7_270_461_836  # a PostgreSQL advisory lock key: one migrating run at a time
BUSY_MS = 60_000  # how long an SQLite writer waits for another run's transaction


def sqlalchemy_url(url: str) -> str:
    """«postgresql://…» (psycopg 3), «sqlite:///file» or a plain path of an SQLite file."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    if "://" not in url:
        return f"sqlite:///{Path(url).resolve()}"
    return url


def shown(url: str) -> str:
    """The URL as it may be printed: without its password."""
    try:
        return make_url(sqlalchemy_url(url)).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def engine_for(url: str) -> Engine:
    """An engine for a catalog URL; an unknown scheme or a missing driver is a CatalogError."""
    try:
        engine = create_engine(sqlalchemy_url(url), future=True)
    except (ArgumentError, NoSuchModuleError) as exc:
        raise CatalogError(f"not a catalog URL we know ({exc})", shown(url)) from None
    except ImportError as exc:
        raise CatalogError(f"the database driver is not installed ({exc.name})", shown(url)) from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", sqlite_connect)
        event.listen(engine, "begin", sqlite_begin)
    return engine


def open_catalog(url: str, create: bool) -> Engine:
    """The catalog at `url`, migrated to the current version when `create` (an import), or only
    opened when reading (an export): a mistyped SQLite path is then an error, not a new empty file."""
    if not create and not sqlite_file_exists(url):
        raise CatalogError("no catalog here (no such file)", url)
    engine = engine_for(url)
    with catalog_errors(url):
        if create:
            migrate(engine)
        else:
            with engine.connect() as conn:
                conn.execute(select(1))
    return engine


def sqlite_file_exists(url: str) -> bool:
    """False only for an SQLite catalog (a path or a sqlite:/// URL) whose file is not there."""
    try:
        parsed = make_url(sqlalchemy_url(url))
    except ArgumentError:
        return True  # engine_for says what is wrong with it
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return True
    return Path(parsed.database).is_file()


@contextmanager
def catalog_errors(url: str) -> Iterator[None]:
    """Database failures as one line: a full disk is DiskFull, the rest (no server, no folder,
    no permission) a CatalogError naming the catalog."""
    try:
        yield
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        if "disk is full" in reason or "No space left" in reason or ("disk I/O error" in reason and writes_capped()):
            raise DiskFull(f"no space left to write the catalog ({reason})", shown(url)) from None
        raise CatalogError(f"the catalog cannot be used ({reason})", shown(url)) from None


def writes_capped() -> bool:
    """SQLite reports a write over the file size limit (`ulimit -f`) as a bare I/O error."""
    return resource.getrlimit(resource.RLIMIT_FSIZE)[0] != resource.RLIM_INFINITY


def sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    """Write-ahead log: one fsync per committed document instead of a journal's several, and
    readers (an export) never block the importer. Commits stay durable (synchronous FULL).
    Transactions are begun by sqlite_begin, not by the driver, so a writer can take the lock first."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()
    dbapi_connection.create_function("fold", 1, fold, deterministic=True)


def sqlite_begin(conn: Connection) -> None:
    """BEGIN IMMEDIATE for writers (the write lock before the first read, so two runs migrating or
    storing at once queue instead of failing), a plain BEGIN for readers."""
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("writer") else "BEGIN")


@contextmanager
def write_transaction(engine: Engine, lock: str | int) -> Iterator[Connection]:
    """A write transaction serialized against other runs: SQLite's write lock taken at BEGIN, or a
    PostgreSQL advisory lock on `lock` (held to the commit)."""
    with engine.connect().execution_options(writer=True) as conn, conn.begin():
        if conn.dialect.name == "postgresql":
            key = lock if isinstance(lock, int) else conn.execute(select(func.hashtextextended(lock, 0))).scalar()
            conn.execute(select(func.pg_advisory_xact_lock(key)))
        yield conn


def migrate(engine: Engine) -> int:
    """Bring the catalog to the current version; safe when several runs start at once."""
    with write_transaction(engine, MIGRATION_LOCK) as conn:
        schema_version.create(conn, checkfirst=True)
        current = conn.execute(select(schema_version.c.version).order_by(schema_version.c.version.desc())).scalar() or 0
        for version, step in MIGRATIONS:
            if version > current:
                step(conn)
                conn.execute(insert(schema_version).values(version=version))
                current = version
    return current


def document_row(record: dict[str, Any], result: dict[str, Any] | None,
                 corrected: dict[str, Any] | None = None) -> dict[str, Any]:
    """raw_json is the parser's output as it was; the columns a reader sees come from `corrected`."""
    row = {
        "sha256": record["sha256"], "path": record["path"], "path_bytes": record.get("path_bytes"),
        "file": Path(record["path"]).name,
        "status": record["status"], "error_code": record.get("error_code"), "error_message": record.get("error_message"),
        "pages": record.get("pages"), "measures": record.get("measures"),
    }
    if result:
        row |= {
            "format": result["source"]["format"], "raw_json": json.dumps(result, ensure_ascii=False, sort_keys=True),
            "ocr": result["source"]["ocr"], "producer_version": (result.get("producer") or {}).get("version"),
            "schema_version": result.get("schema_version"), "corrected": corrected is not None,
        } | requisite_columns(corrected or result)
    return row


def requisite_columns(result: dict[str, Any]) -> dict[str, Any]:
    doc, plan = result["document"], result.get("plan") or {}
    period = plan.get("period") or {}
    return {
        "doc_type": doc["doc_type"], "number": doc["number"], "date": doc["date"], "authority": doc["authority"],
        "city": doc["city"], "title": doc["title"], "plan_title": plan.get("title"), "period_start": period.get("start"),
        "period_end": period.get("end"), "warnings": len(result["warnings"]),
    } | ({"measures": len(plan.get("measures", []))} if plan else {})


def store(engine: Engine, record: dict[str, Any], result: dict[str, Any] | None) -> None:
    """Replace everything known about one document in a single transaction, serialized per
    document against other runs: an idempotent upsert, however imports overlap. The document's
    corrections (kept across re-imports) are applied to the new result, and its rows written from that."""
    from pipelines.corrections import corrected_result  # it imports this module for its tables

    sha = record["sha256"]
    with write_transaction(engine, sha) as conn:
        corrected = corrected_result(conn, sha, result) if result else None
        conn.execute(delete(documents).where(documents.c.sha256 == sha))
        conn.execute(insert(documents).values(**document_row(record, result, corrected)))
        rewrite_children(conn, sha, corrected or result)


def rewrite_children(conn: Connection, sha: str, result: dict[str, Any] | None) -> None:
    """Replace one document's measures, executors, persons, schools, warnings and search lemmas with
    those of `result` (its corrected JSON), in the caller's transaction: see pipelines.search."""
    from pipelines.search import rewrite_rows  # it imports this module for its tables

    rewrite_rows(conn, sha, result)


EXPORTS: dict[str, Table] = {"documents": documents, "measures": measures, "schools": schools, "persons": persons,
                             "executors": executors, "warnings": warnings}


def stream(engine: Engine, what: str, batch: int = 1000) -> Iterator[dict[str, Any]]:
    """Rows of one table in a stable order, fetched in batches (no full load into memory)."""
    table = EXPORTS[what]
    columns = [c for c in table.c if c.name != "raw_json"]
    query = select(*columns).order_by(*table.primary_key.columns)
    with engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=batch).execute(query)
        for row in result.mappings():
            yield dict(row)


def dump(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    """Everything in the catalog, for comparing two catalogs."""
    out = {name: list(stream(engine, name)) for name in EXPORTS}
    with engine.connect() as conn:
        out["raw_json"] = [dict(r) for r in conn.execute(select(documents.c.sha256, documents.c.raw_json).order_by(documents.c.sha256)).mappings()]
    return out


def roadmaps(engine: Engine) -> Iterator[tuple[str, str]]:
    """(path, roadmap JSON) of every document the catalog holds a result for, by path."""
    query = select(documents.c.path, documents.c.raw_json).where(documents.c.raw_json.is_not(None)).order_by(documents.c.path)
    with engine.connect() as conn:
        for path, raw in conn.execute(query):
            yield str(path), str(raw)
