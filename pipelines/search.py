"""Measure search and document listings, and the rows they read.

Each document's measures, executors, persons, schools and warnings are written here from its JSON
(with its corrections applied: pipelines/corrections.py), with what search needs beyond the printed
text: each measure's category (pipelines/compare/categories.py) and, on SQLite, the lemmas of its
text in the FTS5 table measure_fts, so «наблюдатели» finds «наблюдателей» (PostgreSQL keeps a
generated tsvector column of the folded text, made by the v5 migration; its Russian stemmer does
the same for the folded query).

Listings page by opaque cursors (urlsafe base64 of JSON). Measures and the date/file listings of
documents continue after the last row's key, so a page never skips or repeats a row while others
are imported; the least-certain-first listing sorts on an aggregate and continues by offset.
"""

from __future__ import annotations

import base64
import json
import re
from datetime import date
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Select,
    Table,
    and_,
    column,
    delete,
    false,
    func,
    insert,
    literal_column,
    or_,
    select,
    table,
    tuple_,
    update,
)
from sqlalchemy.sql.elements import ColumnElement

from extract.semantics import lemma
from pipelines.catalog import (
    CYRILLIC_FROM,
    CYRILLIC_TO,
    TABLES,
    documents,
    executors,
    fold,
    measures,
    persons,
    schools,
    warnings,
)
from pipelines.compare.categories import assign

WORD = re.compile(r"[^\W_]+")  # letters and digits, as FTS5's unicode61 tokenizer splits them too
measure_fts = table("measure_fts", column("sha256"), column("position"), column("lemmas"))
MEASURE_COLUMNS = ("measure_id", "key", "number", "section", "text", "deadline_raw", "deadline_kind", "deadline_start",
                   "deadline_end", "executors_raw", "expected_result", "note", "category", "corrected", "page",
                   "ocr_confidence", "position")
SORTS = ("uncertain", "date", "file")
MAX_MEASURES, MAX_DOCUMENTS = 500, 500


def fts_lemmas(body: str) -> str:
    """The normal form of every word, lowercase, ё → е: «наблюдателей» is kept as «наблюдатель»."""
    return " ".join(lemma(word)[0] for word in WORD.findall(body))


def category_of(body: str | None) -> str | None:
    """The taxonomy's code for a measure text («other» when no category fits); None for no text."""
    return assign(body).category if body and body.strip() else None


def child_rows(sha: str, result: dict[str, Any]) -> dict[Table, list[dict[str, Any]]]:
    plan = result.get("plan") or {}
    rows: dict[Table, list[dict[str, Any]]] = {t: [] for t in TABLES[1:]}
    for i, m in enumerate(plan.get("measures", [])):
        d, p = m.get("deadline") or {}, m["provenance"]
        window = d.get("window") or {}
        rows[measures].append({
            "sha256": sha, "position": i, "number": m["number"], "section": m["section"], "text": m["text"],
            "deadline_raw": d.get("raw"), "deadline_kind": d.get("kind"), "deadline_start": d.get("start"),
            "deadline_end": d.get("end"), "executors_raw": m.get("executors_raw"), "expected_result": m["expected_result"],
            "note": m["note"], "page": p.get("page"), "table_no": p.get("table"), "row_no": p.get("row"),
            "ocr_confidence": m.get("ocr_confidence"), "measure_id": m.get("id"), "key": m.get("key"),
            "section_id": m.get("section_id"), "column_no": p.get("column"), "window_start": window.get("start"),
            "window_end": window.get("end"), "window_inferred": window.get("inferred"),
            "category": category_of(m["text"]), "corrected": bool(m.get("corrected_fields")),
        })
        for j, e in enumerate(m["executors"]):
            rows[executors].append({"sha256": sha, "measure": i, "position": j, "raw": e["raw"], "kind": e["kind"],
                                    "name": e["name"], "person_id": e.get("person_id")})
    for p in result.get("persons", []):
        rows[persons].append({"sha256": sha, "name": p["name"], "roles": "; ".join(p["roles"]), "person_id": p.get("id")})
    for i, s in enumerate(result.get("schools", [])):
        rows[schools].append({"sha256": sha, "position": i, "school_id": s.get("id"),
                              **{k: s[k] for k in ("kind", "number", "legal_form", "name", "director")}})
    for i, w in enumerate(result.get("warnings", [])):
        prov = w.get("provenance") or {}
        rows[warnings].append({"sha256": sha, "position": i, "code": w["code"], "message": w["message"],
                               "page": prov.get("page"), "row_no": prov.get("row")})
    return rows


def rewrite_rows(conn: Connection, sha: str, result: dict[str, Any] | None) -> None:
    """The one writer of the rows a reader sees (catalog.rewrite_children): the document's old rows
    out, those of `result` in, in the caller's transaction."""
    fts = conn.dialect.name == "sqlite"
    had = conn.execute(select(measures.c.position).where(measures.c.sha256 == sha).limit(1)).first() is not None
    for child in reversed(TABLES[1:]):
        conn.execute(delete(child).where(child.c.sha256 == sha))
    if fts and had:  # FTS5 does not index sha256: a scan, so only when there is something to remove
        conn.execute(delete(measure_fts).where(measure_fts.c.sha256 == sha))
    rows = child_rows(sha, result) if result else {}
    for child, child_list in rows.items():
        if child_list:
            conn.execute(insert(child), child_list)
    if fts and rows.get(measures):
        conn.execute(insert(measure_fts), [{"sha256": sha, "position": m["position"], "lemmas": fts_lemmas(m["text"] or "")}
                                           for m in rows[measures]])


def index_old_measures(conn: Connection) -> None:
    """Migration v5: the category and search lemmas of the measures an older version wrote (theirs is
    the only null `corrected`: every row written since says true or false)."""
    query = select(measures.c.sha256, measures.c.position, measures.c.text).where(measures.c.corrected.is_(None))
    for sha, position, body in conn.execute(query).all():
        where = (measures.c.sha256 == sha) & (measures.c.position == position)
        conn.execute(update(measures).where(where).values(category=category_of(body), corrected=False))
        if conn.dialect.name == "sqlite":
            conn.execute(insert(measure_fts).values(sha256=sha, position=position, lemmas=fts_lemmas(body or "")))


def folded(dialect: str, expr: ColumnElement[Any]) -> ColumnElement[Any]:
    """A column with case and ё folded in SQL as catalog.fold folds a value in Python."""
    if dialect == "sqlite":
        return func.fold(expr)  # registered on every SQLite connection by catalog.sqlite_connect
    return func.translate(func.lower(expr), CYRILLIC_FROM, CYRILLIC_TO)


def text_match(dialect: str, q: str) -> ColumnElement[bool]:
    """Measures whose text holds every word of `q`, in any form. On SQLite each lemma is one quoted
    FTS5 string, so quotes, NEAR( or AND in the input are words to find, never query syntax."""
    if dialect != "sqlite":
        return literal_column("measures.tsv").op("@@")(func.plainto_tsquery(literal_column("'russian'"), fold(q)))
    words = list(dict.fromkeys(lemma(word)[0] for word in WORD.findall(q)))
    if not words:
        return false()
    found = select(measure_fts.c.sha256, measure_fts.c.position).where(
        measure_fts.c.lemmas.match(" ".join(f'"{w}"' for w in words)))
    return tuple_(measures.c.sha256, measures.c.position).in_(found)


def iso_date(value: str, name: str) -> str:
    """A date bound as compared with the catalog's ISO text, or ValueError (20240301 is not one)."""
    try:
        date.fromisoformat(value)
    except ValueError:
        pass
    else:
        if len(value) == 10:
            return value
    raise ValueError(f"{name} must be a date, YYYY-MM-DD (got {value!r})")


def given(value: str | None) -> str | None:
    """A filter left empty (a blank form field) is no filter."""
    return value if value is not None and value.strip() else None


def like_escaped(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def measure_filters(dialect: str, city: str | None, due_from: str | None, due_to: str | None, category: str | None,
                    executor: str | None, q: str | None) -> list[ColumnElement[bool]]:
    out: list[ColumnElement[bool]] = []
    if given(city):
        out.append(folded(dialect, documents.c.city) == fold(city))
    if given(due_from):
        out.append(measures.c.deadline_end >= iso_date(str(due_from), "due_from"))
    if given(due_to):
        out.append(measures.c.deadline_end <= iso_date(str(due_to), "due_to"))
    if given(category):
        out.append(measures.c.category == category)
    if given(executor):
        pattern = f"%{like_escaped(str(fold(executor)))}%"
        out.append(folded(dialect, measures.c.executors_raw).like(pattern, escape="\\"))
    if given(q):
        out.append(text_match(dialect, str(q)))
    return out


def search_measures(engine: Engine, *, city: str | None = None, due_from: str | None = None, due_to: str | None = None,
                    category: str | None = None, executor: str | None = None, q: str | None = None,
                    cursor: str | None = None, limit: int = 50) -> tuple[list[dict[str, Any]], str | None]:
    """Measures with their document's file, city, type, number and date, by (sha256, position); the
    cursor of the next page, or None after the last. due_from/due_to bound the deadline the text
    fixes (deadline_end); city is exact and executor a substring, both ignoring case and ё."""
    m, d = measures, documents
    query = select(*(m.c[name] for name in MEASURE_COLUMNS), m.c.sha256, d.c.file, d.c.city, d.c.doc_type,
                   d.c.number.label("doc_number"), d.c.date.label("doc_date")).join_from(m, d, m.c.sha256 == d.c.sha256)
    query = query.where(*measure_filters(engine.dialect.name, city, due_from, due_to, category, executor, q))
    if cursor:
        sha, position = after_measure(decode(cursor))
        query = query.where(or_(m.c.sha256 > sha, and_(m.c.sha256 == sha, m.c.position > position)))
    limit = clamp(limit, MAX_MEASURES)
    rows = fetch(engine, query.order_by(m.c.sha256, m.c.position).limit(limit + 1))
    if len(rows) <= limit:
        return rows, None
    last = rows[limit - 1]
    return rows[:limit], encode({"after": [last["sha256"], last["position"]]})


def list_documents(engine: Engine, *, city: str | None = None, doc_type: str | None = None, date_from: str | None = None,
                   date_to: str | None = None, sort: str = "uncertain", cursor: str | None = None,
                   limit: int = 100) -> tuple[list[dict[str, Any]], str | None]:
    """Documents for review, filtered, and the next page's cursor. sort: «uncertain» (the lowest OCR
    confidence of their measures first, unread ones last, then most warnings), «date» (undated
    first) or «file»; each ends on sha256 so the order is total."""
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {', '.join(SORTS)} (got {sort!r})")
    d = documents
    lowest = (select(func.min(measures.c.ocr_confidence)).where(measures.c.sha256 == d.c.sha256)
              .scalar_subquery().label("min_ocr_confidence"))
    query = select(d.c.sha256, d.c.file, d.c.format, d.c.city, d.c.doc_type, d.c.number, d.c.date, d.c.status,
                   d.c.error_code, d.c.measures, d.c.warnings, d.c.ocr, lowest, d.c.corrected, d.c.producer_version)
    query = query.where(*document_filters(engine.dialect.name, city, doc_type, date_from, date_to))
    page = decode(cursor) if cursor else {"sort": sort}
    if page.get("sort") != sort:
        raise ValueError("this cursor belongs to another sort of the listing")
    limit = clamp(limit, MAX_DOCUMENTS)
    if sort == "uncertain":
        offset = page.get("offset", 0)
        if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
            raise ValueError("not a cursor of this listing")
        order = (lowest.asc().nulls_last(), func.coalesce(d.c.warnings, 0).desc(), d.c.sha256)
        rows = fetch(engine, query.order_by(*order).offset(offset).limit(limit + 1))
        return rows[:limit], encode({"sort": sort, "offset": offset + limit}) if len(rows) > limit else None
    return keyset_page(engine, query, sort, page, limit)


def keyset_page(engine: Engine, query: Select[Any], sort: str, page: dict[str, Any],
                limit: int) -> tuple[list[dict[str, Any]], str | None]:
    """The «date» or «file» listing after the cursor's (key, sha256); a missing key sorts as ''."""
    key = func.coalesce(documents.c.date if sort == "date" else documents.c.file, "")
    if "after" in page:
        value, sha = after_document(page)
        query = query.where(or_(key > value, and_(key == value, documents.c.sha256 > sha)))
    rows = fetch(engine, query.order_by(key, documents.c.sha256).limit(limit + 1))
    if len(rows) <= limit:
        return rows, None
    last = rows[limit - 1]
    return rows[:limit], encode({"sort": sort, "after": [last[sort] or "", last["sha256"]]})


def document_filters(dialect: str, city: str | None, doc_type: str | None, date_from: str | None,
                     date_to: str | None) -> list[ColumnElement[bool]]:
    out: list[ColumnElement[bool]] = []
    if given(city):
        out.append(folded(dialect, documents.c.city) == fold(city))
    if given(doc_type):
        out.append(documents.c.doc_type == doc_type)
    if given(date_from):
        out.append(documents.c.date >= iso_date(str(date_from), "date_from"))
    if given(date_to):
        out.append(documents.c.date <= iso_date(str(date_to), "date_to"))
    return out


def fetch(engine: Engine, query: Select[Any]) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [dict(row) for row in conn.execute(query).mappings()]


def clamp(limit: int, most: int) -> int:
    return max(1, min(int(limit), most))


def encode(payload: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode()).decode().rstrip("=")


def decode(cursor: str) -> dict[str, Any]:
    """A cursor this module made, or ValueError (a cursor is opaque: a changed one is not ours)."""
    try:
        payload = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except ValueError:  # not base64, not UTF-8, not JSON
        raise ValueError("not a cursor of this listing") from None
    if not isinstance(payload, dict):
        raise ValueError("not a cursor of this listing")
    return payload


def after_measure(page: dict[str, Any]) -> tuple[str, int]:
    after = page.get("after")
    if (not isinstance(after, list) or len(after) != 2 or not isinstance(after[0], str)
            or not isinstance(after[1], int) or isinstance(after[1], bool)):
        raise ValueError("not a cursor of this listing")
    return after[0], after[1]


def after_document(page: dict[str, Any]) -> tuple[str, str]:
    after = page.get("after")
    if not isinstance(after, list) or len(after) != 2 or not all(isinstance(v, str) for v in after):
        raise ValueError("not a cursor of this listing")
    return after[0], after[1]
