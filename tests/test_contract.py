"""The output contract 1.1: a version policy that consumers can rely on, enums and date formats,
ids stable across runs and machines, references by id, an honest status."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from conftest import EXPECTED, ROOT, SAMPLES

from schemas.roadmap import SCHEMA_VERSION, json_schema

PUBLISHED = json.loads((ROOT / "schemas" / "roadmap.schema.json").read_text(encoding="utf-8"))
STRICT = json.loads((ROOT / "schemas" / "roadmap.strict.schema.json").read_text(encoding="utf-8"))
GOLDEN = sorted(EXPECTED.glob("*.json"))


def validator(schema: dict) -> jsonschema.Draft202012Validator:  # type: ignore[type-arg]
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.name)
def test_every_sample_output_validates_against_the_strict_schema(path: Path) -> None:
    validator(STRICT).validate(json.loads(path.read_text(encoding="utf-8")))


def test_a_later_minor_version_with_a_field_we_do_not_know_validates_against_the_published_schema() -> None:
    output = json.loads(GOLDEN[0].read_text(encoding="utf-8"))
    output["schema_version"] = "1.7"
    output["field_from_the_future"] = {"x": 1}
    output["plan"]["measures"][0]["budget"] = 1000
    validator(PUBLISHED).validate(output)
    assert list(validator(STRICT).iter_errors(output))  # ours are held to the strict one


def test_closed_vocabularies_are_enums_and_dates_have_a_format() -> None:
    defs = json_schema()["$defs"]
    kind = defs["Deadline"]["properties"]["kind"]["anyOf"][0]
    assert "on_event" in kind["enum"] and "quarter" in kind["enum"]
    assert "pdf" in defs["Source"]["properties"]["format"]["enum"]
    assert "W_NOT_A_PLAN" in defs["Warning"]["properties"]["code"]["enum"]
    assert "monthly" in defs["Deadline"]["properties"]["recurrence"]["anyOf"][0]["enum"]
    assert "приказ" in defs["Requisites"]["properties"]["doc_type"]["anyOf"][0]["enum"]
    assert defs["Period"]["properties"]["start"]["format"] == "date"
    assert json_schema()["properties"]["status"]["enum"] == ["ok", "partial", "no_plan"]


def test_the_act_kinds_we_read_are_all_in_the_doc_type_enum() -> None:
    from extract.rules.requisites import ACT_KINDS, DOC_TYPES

    allowed = set(json_schema()["$defs"]["Requisites"]["properties"]["doc_type"]["anyOf"][0]["enum"])
    assert set(DOC_TYPES) | set(ACT_KINDS.values()) | {"план"} <= allowed


def test_every_warning_code_the_code_emits_is_in_the_enum() -> None:
    emitted = set()
    for path in [*(ROOT / "extract").rglob("*.py"), *(ROOT / "pipelines").rglob("*.py")]:
        emitted |= set(re.findall(r'code="(W_[A-Z_]+)"', path.read_text(encoding="utf-8")))
    allowed = set(json_schema()["$defs"]["Warning"]["properties"]["code"]["enum"])
    assert emitted and emitted <= allowed, emitted - allowed


def parse_json(path: Path, cwd: Path) -> dict:  # type: ignore[type-arg]
    out = subprocess.run([sys.executable, "-m", "pipelines", "parse", str(path)], capture_output=True, text=True,
                         cwd=cwd, check=True, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "LANG": "C.UTF-8",
                                                   "PYTHONHASHSEED": "random"})
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def test_measure_ids_are_stable_across_runs_and_places(tmp_path: Path) -> None:
    copy = tmp_path / "elsewhere" / "renamed.docx"
    copy.parent.mkdir()
    copy.write_bytes((SAMPLES / "003_428be283de85d631.docx").read_bytes())
    first = parse_json(SAMPLES / "003_428be283de85d631.docx", ROOT)
    second = parse_json(copy, tmp_path)
    ids = [m["id"] for m in first["plan"]["measures"]]
    assert ids == [m["id"] for m in second["plan"]["measures"]]
    assert len(set(ids)) == len(ids) and all(i.startswith(first["source"]["sha256"][:16]) for i in ids)
    assert first["schema_version"] == SCHEMA_VERSION and first["producer"]["name"] == "roadmap"


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.name)
def test_references_point_at_ids_that_exist(path: Path) -> None:
    output = json.loads(path.read_text(encoding="utf-8"))
    plan = output["plan"] or {"measures": [], "sections": []}
    sections = {s["id"] for s in plan["sections"]}
    schools = {s["id"] for s in output["schools"]}
    persons = {p["id"] for p in output["persons"]}
    keys = [m["key"] for m in plan["measures"]]
    assert len(set(keys)) == len(keys)
    for measure in plan["measures"]:
        assert measure["section_id"] is None or measure["section_id"] in sections
        assert set(measure["school_ids"]) <= schools
        assert len(measure["school_ids"]) <= len(measure["schools"]) or not measure["schools"]
        for executor in measure["executors"]:
            assert (executor["person_id"] in persons) == (executor["kind"] == "person"), executor


def test_a_document_with_no_plan_says_no_plan(tmp_path: Path) -> None:
    letter = tmp_path / "letter.txt"
    letter.write_text("ПРИКАЗ\n12.03.2024 № 15\nг. Томск\nО проведении совещания\n"
                      "В целях организации работы ПРИКАЗЫВАЮ:\n1. Провести совещание руководителей 20.03.2024.\n"
                      "2. Контроль за исполнением приказа оставляю за собой.\nНачальник управления И.И. Иванов\n",
                      encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "pipelines", "parse", str(letter)], capture_output=True, text=True,
                          cwd=ROOT)
    assert proc.returncode == 4
    output = json.loads(proc.stdout)
    assert output["status"] == "no_plan" and output["plan"] is None
    validator(STRICT).validate(output)


def readme_queries() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sql\n(.*?)```", readme, re.S)
    return [q.strip() for block in blocks for q in block.split(";") if q.strip()]


@pytest.fixture(scope="module")
def sample_catalog(tmp_path_factory: pytest.TempPathFactory) -> str:
    from pipelines.catalog import open_catalog, store
    from pipelines.parse import NoRoadmapFound, parse

    url = str(tmp_path_factory.mktemp("catalog") / "catalog.sqlite")
    engine = open_catalog(url, create=True)
    for path in sorted(SAMPLES.glob("*.txt")):
        try:
            result = parse(path).model_dump(mode="json")
        except NoRoadmapFound as exc:
            result = exc.result.model_dump(mode="json")
        store(engine, {"sha256": result["source"]["sha256"], "path": str(path), "status": result["status"]}, result)
    engine.dispose()
    return url


def test_the_readme_queries_run_on_a_catalog_of_the_samples(sample_catalog: str) -> None:
    import sqlite3

    queries = readme_queries()
    assert len(queries) >= 5
    with sqlite3.connect(sample_catalog) as conn:
        for query in queries:
            conn.execute(query).fetchall()  # each one runs (SQLite: GROUP_CONCAT)


def test_the_march_query_returns_only_measures_due_in_march(sample_catalog: str) -> None:
    import sqlite3

    march = next(q for q in readme_queries() if "due in March" in q)
    with sqlite3.connect(sample_catalog) as conn:
        rows = conn.execute(march).fetchall()
        assert rows, "the samples have measures due in March 2024"
        kinds = {k for (k,) in conn.execute(
            "SELECT deadline_kind FROM measures WHERE deadline_end BETWEEN '2024-03-01' AND '2024-03-31'")}
        undated = conn.execute("SELECT count(*) FROM measures WHERE deadline_kind IN "
                               "('continuous', 'per_schedule', 'on_event', 'recurring', 'unspecified') "
                               "AND deadline_end IS NOT NULL AND deadline_raw NOT GLOB '*[0-9]*'").fetchone()[0]
        windows = conn.execute("SELECT count(*) FROM measures WHERE deadline_kind = 'continuous' "
                               "AND window_inferred AND window_start IS NOT NULL").fetchone()[0]
    assert kinds and not kinds & {"continuous", "on_event", "recurring", "unspecified"}, kinds
    assert undated == 0  # a deadline with no date printed is due at no date: the old query took them all
    assert windows > 0  # … but a timeline still draws them over the plan period


def test_a_1_0_output_still_reads_for_compare(tmp_path: Path) -> None:
    from pipelines.compare.inputs import read_json

    output = json.loads(GOLDEN[0].read_text(encoding="utf-8"))
    output["schema_version"] = "1.0"
    del output["producer"]
    for measure in output["plan"]["measures"]:
        for field in ("id", "key", "section_id", "school_ids"):
            del measure[field]
        if measure["deadline"]:
            measure["deadline"].pop("window")
    old = tmp_path / "old.json"
    old.write_text(json.dumps(output, ensure_ascii=False), encoding="utf-8")
    loaded = read_json(old).roadmap
    assert loaded.schema_version == "1.0" and loaded.plan and loaded.plan.measures[0].id is None


@pytest.mark.parametrize("path", [p for p in GOLDEN if p.name.endswith((".pdf.json", ".docx.json"))], ids=lambda p: p.name)
def test_persons_named_in_rows_or_clauses_say_where(path: Path) -> None:
    output = json.loads(path.read_text(encoding="utf-8"))
    measures = (output["plan"] or {}).get("measures", [])
    named = {e["person_id"] for item in measures + output["document"]["clauses"] for e in item["executors"]
             if e.get("person_id")}
    for person in output["persons"]:
        prov = person["provenance"]
        assert (prov is not None) == (person["id"] in named), person
        if prov:
            assert any(prov[k] is not None for k in ("page", "table", "row", "line", "bbox")), prov
