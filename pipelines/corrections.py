"""Archivists' corrections of an extraction: kept beside the parser's output and applied over it.

The catalog keeps the parser's JSON as it came (documents.raw_json) and each correction as a row;
what readers see (the measures rows, search, export, the review pages) is that JSON with the
corrections applied in order. A re-parse by a newer version therefore keeps them: a correction
whose measure is still there applies again; one whose measure is gone (the new parse changed the
ids) is `needs_review`: listed, not applied, for a person to redo or drop.

A deadline or an executors cell is corrected as the text printed, and normalized here the way the
parser does it (extract.rules.deadlines, pipelines.enrich.executors_of), so the normalized fields
never disagree with what the archivist typed.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from datetime import date
from typing import Any, get_args

from sqlalchemy import Connection, Engine, insert, select, update

from extract.rules.deadlines import Context, normalize_deadline
from pipelines.catalog import (
    corrections,
    documents,
    requisite_columns,
    rewrite_children,
    utc_now,
    write_transaction,
)
from pipelines.enrich import executors_of
from pipelines.identify import ID_PREFIX
from schemas.roadmap import Abbreviation, DocType

MEASURE_FIELDS = ("number", "text", "section", "deadline", "executors_raw", "expected_result", "result_form", "note")
DOCUMENT_FIELDS = ("doc_type", "number", "date", "authority", "city", "place", "title")
ADDED_FIELDS = ("text", "number", "deadline", "executors_raw", "expected_result", "result_form", "note", "section_id",
                "after")
OPS = {"document": ("set",), "measure": ("set", "add", "delete")}
DOC_TYPES = get_args(DocType)
NO_PROVENANCE = {"page": None, "table": None, "row": None, "column": None, "line": None, "bbox": None}
SHOWN = ("target", "measure_id", "op", "field", "original", "value", "author", "reason", "created", "status")


class Stale(Exception):
    """The correction names a measure or section this result does not have."""


def check(correction: Mapping[str, Any]) -> None:
    """ValueError with a one-line message for a correction no result could take."""
    target, op, field, value = (correction.get(k) for k in ("target", "op", "field", "value"))
    if target not in OPS:
        raise ValueError(f"target must be 'document' or 'measure' (got {target!r})")
    if op not in OPS[target]:
        raise ValueError(f"a {target} correction's op is one of {', '.join(OPS[target])} (got {op!r})")
    if op != "set" and field is not None:
        raise ValueError(f"op {op!r} takes no field")
    if target == "document":
        if correction.get("measure_id") is not None:
            raise ValueError("a document correction names no measure")
        check_document_value(field, value)
    elif op == "add":
        check_added(value)
    elif not isinstance(correction.get("measure_id"), str) or not correction["measure_id"]:
        raise ValueError(f"op {op!r} needs the measure_id")
    elif op == "set":
        if field not in MEASURE_FIELDS:
            raise ValueError(f"a measure's editable fields are {', '.join(MEASURE_FIELDS)} (got {field!r})")
        check_text(field, value, required=field == "text")


def check_text(name: str, value: Any, required: bool = False) -> None:
    if value is None and not required:
        return
    if not isinstance(value, str) or (required and not value.strip()):
        raise ValueError(f"{name} must be {'non-empty text' if required else 'text or null'}")


def check_document_value(field: Any, value: Any) -> None:
    if field not in DOCUMENT_FIELDS:
        raise ValueError(f"a document's editable fields are {', '.join(DOCUMENT_FIELDS)} (got {field!r})")
    check_text(field, value)
    if field == "doc_type" and value is not None and value not in DOC_TYPES:
        raise ValueError(f"doc_type must be one of {', '.join(DOC_TYPES)} (got {value!r})")
    if field == "date" and value is not None:
        try:
            valid = len(value) == 10 and date.fromisoformat(value).isoformat() == value
        except ValueError:
            valid = False
        if not valid:
            raise ValueError(f"date must be a date, YYYY-MM-DD (got {value!r})")


def check_added(value: Any) -> None:
    if not isinstance(value, dict):
        raise ValueError("an added measure is an object with at least its text")
    unknown = sorted(set(value) - set(ADDED_FIELDS))
    if unknown:
        raise ValueError(f"an added measure has no field {unknown[0]!r} (it has {', '.join(ADDED_FIELDS)})")
    check_text("text", value.get("text"), required=True)
    for name in ADDED_FIELDS[1:]:
        check_text(name, value.get(name))


def apply_corrections(result: dict[str, Any], corrections: list[dict[str, Any]], *,
                      strict: bool = True) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A deep copy of the roadmap JSON with the corrections applied in the order they were made, and
    the corrections with their status: 'applied', or 'needs_review' when the measure (or the section,
    or the measure to insert after) they name is not in this result. A malformed correction is a
    ValueError, or, with strict=False (the catalog, so one bad row never stops an import), needs_review.

    The copy says what changed: `corrected_fields` on `document` and on every measure ([] when none),
    and `corrections`, every correction as {id, target, measure_id, op, field, original, value,
    author, reason, created, status}."""
    out = copy.deepcopy(result)
    out["document"]["corrected_fields"] = []
    for measure in (out.get("plan") or {}).get("measures", []):
        measure["corrected_fields"] = []
    done = []
    for correction in sorted(corrections, key=lambda c: int(c["correction_id"])):
        try:
            check(correction)
            apply_one(out, correction)
            status = "applied"
        except Stale:
            status = "needs_review"
        except ValueError:
            if strict:
                raise
            status = "needs_review"
        done.append({**correction, "status": status})
    out["corrections"] = [{"id": c["correction_id"], **{k: c.get(k) for k in SHOWN}} for c in done]
    return out, done


def apply_one(result: dict[str, Any], correction: Mapping[str, Any]) -> None:
    field, value = correction.get("field"), correction.get("value")
    if correction["target"] == "document":
        result["document"][field] = value
        mark(result["document"], str(field))
    elif correction["op"] == "add":
        add_measure(result, correction)
    elif correction["op"] == "delete":
        plan_measures(result).pop(index_of(result, correction["measure_id"]))
    else:
        measure = plan_measures(result)[index_of(result, correction["measure_id"])]
        set_field(result, measure, str(field), value)


def set_field(result: dict[str, Any], measure: dict[str, Any], field: str, value: str | None) -> None:
    """A printed cell and what is normalized from it: a deadline is read anew, executors split anew."""
    if field == "deadline":
        measure["deadline"] = deadline_of(result, value)
    elif field == "executors_raw":
        measure["executors_raw"], measure["executors"] = value, executors_from(result, value)
    else:
        measure[field] = value
    mark(measure, field)


def add_measure(result: dict[str, Any], correction: Mapping[str, Any]) -> None:
    """A measure the parser missed: after `after` (in its section unless `section_id` says another)
    or at the end; its id and key name the correction («…:c7», «II/c7»); it has no provenance."""
    value, number = correction["value"], correction["correction_id"]
    measures = plan_measures(result)
    index = index_of(result, value["after"]) + 1 if value.get("after") else len(measures)
    anchor = measures[index - 1] if value.get("after") else {}
    section_id = value.get("section_id") or anchor.get("section_id")
    section, prefix = anchor.get("section"), None
    if section_id:
        found = [s for s in (result.get("plan") or {}).get("sections", []) if s.get("id") == section_id]
        if not found:
            raise Stale(section_id)
        section, prefix = found[0].get("number") or found[0]["title"], found[0].get("number") or section_id
    measures.insert(index, {
        "id": f"{result['source']['sha256'][:ID_PREFIX]}:c{number}", "key": "/".join(filter(None, [prefix, f"c{number}"])),
        "number": value.get("number"), "number_raw": None, "section": section, "section_id": section_id,
        "text": value["text"], "deadline": deadline_of(result, value.get("deadline")),
        "executors": executors_from(result, value.get("executors_raw")), "executors_raw": value.get("executors_raw"),
        **{k: value.get(k) for k in ("expected_result", "result_form", "note")},
        "schools": [], "school_ids": [], "ocr_confidence": None, "provenance": dict(NO_PROVENANCE),
        "corrected_fields": [k for k in ADDED_FIELDS[:-2] if value.get(k) is not None],
    })


def plan_measures(result: dict[str, Any]) -> list[dict[str, Any]]:
    plan = result.get("plan")
    if plan is None:
        raise Stale("no plan")
    measures: list[dict[str, Any]] = plan["measures"]
    return measures


def index_of(result: dict[str, Any], measure_id: str) -> int:
    for i, measure in enumerate(plan_measures(result)):
        if measure.get("id") == measure_id:
            return i
    raise Stale(measure_id)


def mark(item: dict[str, Any], field: str) -> None:
    if field not in item["corrected_fields"]:
        item["corrected_fields"].append(field)


def context(result: dict[str, Any]) -> Context:
    """What a deadline is read against, as pipelines.enrich.context_of builds it from the parse: the
    plan period, then the document date (both as corrected so far)."""
    period = (result.get("plan") or {}).get("period")
    printed = result["document"].get("date")
    doc_date = date.fromisoformat(printed) if printed else None
    if period:
        return Context(date.fromisoformat(period["start"]), date.fromisoformat(period["end"]), doc_date)
    return Context(doc_date=doc_date)


def deadline_of(result: dict[str, Any], raw: str | None) -> dict[str, Any] | None:
    if raw is None or not raw.strip():
        return None
    return normalize_deadline(raw, context(result)).model_dump(mode="json")


def executors_from(result: dict[str, Any], raw: str | None) -> list[dict[str, Any]]:
    """The executors of a corrected cell, split as the parser splits them, abbreviations expanded by
    the document's own list (no NER here, and no person ids: the persons registry is the parser's)."""
    abbreviations = {a["abbr"]: Abbreviation.model_validate(a) for a in result.get("abbreviations", [])}
    return [e.model_dump(mode="json") for e in executors_of(raw or "", set(), abbreviations)]


# The catalog: corrections are rows of `corrections`, applied whenever the document's rows are written.


def decoded(row: Mapping[Any, Any]) -> dict[str, Any]:
    return {**row, "original": json.loads(row["original"]) if row["original"] is not None else None,
            "value": json.loads(row["value"]) if row["value"] is not None else None}


def stored(conn: Connection, sha: str) -> list[dict[str, Any]]:
    query = select(corrections).where(corrections.c.sha256 == sha).order_by(corrections.c.correction_id)
    return [decoded(row) for row in conn.execute(query).mappings()]


def apply_stored(conn: Connection, sha: str, result: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The document's corrections applied to `result`, their changed statuses saved."""
    earlier = stored(conn, sha)
    corrected, done = apply_corrections(result, earlier, strict=False)
    for before, after in zip(earlier, done):
        if before["status"] != after["status"]:
            conn.execute(update(corrections).where(corrections.c.correction_id == after["correction_id"])
                         .values(status=after["status"]))
    return corrected, done


def corrected_result(conn: Connection, sha: str, result: dict[str, Any]) -> dict[str, Any] | None:
    """For catalog.store: the new result with the document's corrections applied (their statuses
    updated), or None when none applies (the rows are then the result's own)."""
    corrected, done = apply_stored(conn, sha, result)
    return corrected if any(c["status"] == "applied" for c in done) else None


def add_correction(engine: Engine, sha256: str, *, target: str, op: str, field: str | None, measure_id: str | None,
                   value: Any, author: str | None, reason: str | None,
                   producer_version: str | None = None) -> dict[str, Any]:
    """Record and apply one correction to the document as corrected so far, in one transaction: the
    correction is checked by applying it (ValueError, nothing kept, if it cannot be), `original` is
    the value it replaces (the whole measure for a delete), the document's rows are rewritten.
    KeyError for a document the catalog does not have. producer_version: the parse it was made on."""
    draft = {"target": target, "op": op, "field": field, "measure_id": measure_id, "value": value}
    check(draft)
    with write_transaction(engine, sha256) as conn:
        found = conn.execute(select(documents.c.raw_json, documents.c.producer_version)
                             .where(documents.c.sha256 == sha256)).first()
        if found is None:
            raise KeyError(sha256)
        if found.raw_json is None:
            raise ValueError("this document has no extraction to correct (it could not be read)")
        raw = json.loads(found.raw_json)
        current, _ = apply_stored(conn, sha256, raw)
        row = {**draft, "sha256": sha256, "original": json.dumps(original_of(current, draft), ensure_ascii=False),
               "value": json.dumps(value, ensure_ascii=False), "author": author, "reason": reason,
               "created": utc_now(), "status": "applied", "producer_version": producer_version or found.producer_version}
        inserted = conn.execute(insert(corrections).values(**row)).inserted_primary_key
        new_id = inserted[0] if inserted else None
        corrected, done = apply_stored(conn, sha256, raw)
        made = next(c for c in done if c["correction_id"] == new_id)
        if made["status"] != "applied":
            raise ValueError("the measure or section this correction names is not in this document")
        applied = any(c["status"] == "applied" for c in done)
        conn.execute(update(documents).where(documents.c.sha256 == sha256)
                     .values(**requisite_columns(corrected), corrected=applied))
        rewrite_children(conn, sha256, corrected)
    return made


def original_of(current: dict[str, Any], correction: Mapping[str, Any]) -> Any:
    """What the correction replaces in the document as corrected so far."""
    field = correction["field"]
    if correction["target"] == "document":
        return current["document"].get(field)
    if correction["op"] == "add":
        return None
    try:
        measure = plan_measures(current)[index_of(current, correction["measure_id"])]
    except Stale:
        raise ValueError(f"no measure {correction['measure_id']!r} in this document") from None
    if correction["op"] == "delete":
        return measure
    return (measure.get("deadline") or {}).get("raw") if field == "deadline" else measure.get(field)


def list_corrections(engine: Engine, sha256: str) -> list[dict[str, Any]]:
    """The document's corrections in the order made, `original` and `value` decoded ([] if unknown)."""
    with engine.connect() as conn:
        return stored(conn, sha256)


def corrected_document(engine: Engine, sha256: str) -> dict[str, Any] | None:
    """The parser's JSON with the document's corrections applied; None if unknown or not parsed."""
    with engine.connect() as conn:
        raw = conn.execute(select(documents.c.raw_json).where(documents.c.sha256 == sha256)).scalar()
        if raw is None:
            return None
        return apply_corrections(json.loads(raw), stored(conn, sha256), strict=False)[0]
