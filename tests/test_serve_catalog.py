"""The catalog under `roadmap serve`: migration v5, the job queue, API tokens, corrections, search and
the xlsx export, on SQLite and on a real PostgreSQL server.

Inputs are parses of the text samples (the parser's output is this layer's input) or dicts changed
by hand; expected values come from those inputs or from the tests' own reading of the texts, never
from the code under test.
"""

from __future__ import annotations

import copy
import hashlib
import io
import json
import os
import pty
import re
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, SAMPLES, parsed
from openpyxl import load_workbook
from pgserver import postgres_server
from sqlalchemy import Engine, text

from pipelines.catalog import MIGRATIONS, engine_for, migrate, open_catalog, store, stream
from pipelines.corrections import add_correction, apply_corrections, corrected_document, list_corrections
from pipelines.jobs import claim_job, create_job, finish_job, get_job, recover_jobs
from pipelines.search import list_documents, search_measures
from pipelines.tokens import create_token, list_tokens, revoke_token, verify_token
from pipelines.xlsx import write_xlsx

KALUGA, KOSTROMA, RASSKAZOVO = "order-kaluga-2024.txt", "order-kostroma-2023.txt", "003_428be283de85d631.txt"
JOB_COLUMNS = {"job_id", "sha256", "file", "source", "options", "status", "error_code", "error_message", "created",
               "started", "finished", "attempts", "worker"}


def result_of(name: str) -> dict[str, Any]:
    return copy.deepcopy(parsed(SAMPLES / name).model_dump(mode="json"))


def put(engine: Engine, result: dict[str, Any]) -> str:
    sha = result["source"]["sha256"]
    store(engine, {"sha256": sha, "path": f"/archive/{result['source']['file']}", "status": result["status"]}, result)
    return sha


def measure_rows(engine: Engine, sha: str) -> list[dict[str, Any]]:
    return [r for r in stream(engine, "measures") if r["sha256"] == sha]


def roadmap(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "pipelines", *args], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=300)


@pytest.fixture(scope="module")
def pg_server() -> Iterator[str]:
    with postgres_server() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def catalog_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty catalog: an SQLite file, or a new database on the module's PostgreSQL server."""
    if request.param == "sqlite":
        return str(tmp_path / "catalog.sqlite")
    server: str = request.getfixturevalue("pg_server")
    name = f"t{uuid.uuid4().hex[:12]}"
    admin = engine_for(server)
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return server.replace("/postgres?", f"/{name}?", 1)


@pytest.fixture
def engine(catalog_url: str) -> Iterator[Engine]:
    engine = open_catalog(catalog_url, create=True)
    yield engine
    engine.dispose()


@pytest.fixture
def three(engine: Engine) -> dict[str, dict[str, Any]]:
    """The three text orders stored: {sha256: result}."""
    results = [result_of(name) for name in (KALUGA, KOSTROMA, RASSKAZOVO)]
    return {put(engine, r): r for r in results}


# Migration v5


def test_a_version_2_catalog_reaches_v5_with_its_documents_categorized_and_searchable(tmp_path: Path) -> None:
    path = tmp_path / "catalog.sqlite"
    shutil.copyfile(Path(__file__).parent / "fixtures" / "catalog-v2.sqlite", path)
    engine = open_catalog(str(path), create=True)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT max(version) FROM schema_version")).scalar() == MIGRATIONS[-1][0] == 5
            assert conn.execute(text("SELECT count(*) FROM documents")).scalar() == 2
            texts = conn.execute(text("SELECT text FROM measures")).scalars().all()
            assert len(texts) == 32
            assert conn.execute(text("SELECT count(*) FROM measures WHERE category IS NULL")).scalar() == 0
        expected = sum(1 for t in texts if "мониторингов" in t.lower() and "исследовани" in t.lower())  # both words
        found, _ = search_measures(engine, q="мониторинговое исследование", limit=500)
        assert expected > 0 and len(found) == expected
        assert {d["city"] for d in list_documents(engine)[0]} == {"Томск", "Омск"}
    finally:
        engine.dispose()


def test_a_version_4_catalog_with_rows_gains_categories_and_search_once(engine: Engine) -> None:
    """Step 5 on a v4 catalog (as v4 left it: no serve tables, no category, no search index), then
    again: the FTS table and the tsvector column are made once, each measure indexed once."""
    result = result_of(KALUGA)
    sha = put(engine, result)
    sqlite = engine.dialect.name == "sqlite"
    with engine.begin() as conn:
        for table in ("jobs", "tokens", "corrections", *(["measure_fts"] if sqlite else [])):
            conn.execute(text(f"DROP TABLE {table}"))
        for column in ("measures.category", "measures.corrected", "documents.corrected", *([] if sqlite else ["measures.tsv"])):
            table, name = column.split(".")
            conn.execute(text(f"ALTER TABLE {table} DROP COLUMN {name}"))
        conn.execute(text("DELETE FROM schema_version WHERE version = 5"))
    expected = {m["id"] for m in result["plan"]["measures"] if "ВПР" in m["text"]}
    for _ in range(2):
        assert migrate(engine) == 5
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM measures WHERE category IS NULL")).scalar() == 0
            if sqlite:
                assert conn.execute(text("SELECT count(*) FROM measure_fts")).scalar() == len(result["plan"]["measures"])
        assert {r["measure_id"] for r in search_measures(engine, q="впр")[0]} == expected
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM schema_version WHERE version = 5"))
    assert migrate(engine) == 5 and create_token(engine, "after the migration")
    assert [d["sha256"] for d in list_documents(engine)[0]] == [sha]


# Jobs


def test_jobs_are_claimed_oldest_first_and_finished(engine: Engine) -> None:
    made = [create_job(engine, f"{i}" * 64, f"order{i}.pdf", f"/data/originals/{i}.pdf", {"ocr": "auto"})
            for i in range(3)]
    assert all(set(job) == JOB_COLUMNS and job["status"] == "queued" and job["attempts"] == 0 for job in made)
    first = claim_job(engine, "server-a")
    assert first is not None and first["job_id"] == made[0]["job_id"] and set(first) == JOB_COLUMNS
    assert first["status"] == "running" and first["attempts"] == 1 and first["worker"] == "server-a"
    assert first["started"].endswith("Z") and json.loads(first["options"]) == {"ocr": "auto"}
    assert get_job(engine, first["job_id"]) == first
    finish_job(engine, first["job_id"], "failed", "E_CORRUPT", "not a PDF")
    closed = get_job(engine, first["job_id"])
    assert closed is not None and closed["status"] == "failed" and closed["error_code"] == "E_CORRUPT"
    assert closed["finished"] and closed["finished"] >= closed["started"]
    second, third = claim_job(engine, "server-a"), claim_job(engine, "server-b")
    assert second is not None and third is not None
    assert [second["job_id"], third["job_id"]] == [made[1]["job_id"], made[2]["job_id"]]
    assert claim_job(engine, "server-a") is None
    assert get_job(engine, "no-such-job") is None
    with pytest.raises(ValueError):
        finish_job(engine, second["job_id"], "finished")


def test_a_document_has_one_active_job(engine: Engine) -> None:
    first = create_job(engine, "b" * 64, "x.pdf", "/data/x.pdf", {})
    assert create_job(engine, "b" * 64, "y.pdf", "/data/y.pdf", {})["job_id"] == first["job_id"]
    claim_job(engine, "w")
    finish_job(engine, first["job_id"], "done")
    assert create_job(engine, "b" * 64, "x.pdf", "/data/x.pdf", {})["job_id"] != first["job_id"]


CLAIMER = """
import json, sys, time
from pipelines.catalog import engine_for
from pipelines.jobs import claim_job
engine = engine_for(sys.argv[1])
while time.time() < float(sys.argv[2]):
    time.sleep(0.005)
claimed = []
while (job := claim_job(engine, sys.argv[3])) is not None:
    claimed.append(job["job_id"])
    time.sleep(0.02)
print(json.dumps(claimed))
"""


def test_two_processes_never_claim_the_same_job(engine: Engine, catalog_url: str) -> None:
    ids = {create_job(engine, f"{i:064x}", f"{i}.pdf", f"/data/{i}.pdf", {})["job_id"] for i in range(40)}
    start = str(time.time() + 4)  # both start claiming at once, imports done
    procs = [subprocess.Popen([sys.executable, "-c", CLAIMER, catalog_url, start, worker], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True) for worker in ("w1", "w2")]
    claimed = [json.loads(proc.communicate(timeout=120)[0]) for proc in procs]
    assert all(proc.returncode == 0 for proc in procs)
    assert claimed[0] and claimed[1], "both processes took part"
    assert not set(claimed[0]) & set(claimed[1])
    assert sorted(claimed[0] + claimed[1]) == sorted(ids)
    for worker, own in zip(("w1", "w2"), claimed):
        assert all((job := get_job(engine, i)) and job["worker"] == worker and job["attempts"] == 1 for i in own)


def test_jobs_of_a_stopped_server_are_queued_again_then_failed(engine: Engine) -> None:
    job = create_job(engine, "b" * 64, "order.pdf", "/data/order.pdf", {})
    done = create_job(engine, "c" * 64, "done.pdf", "/data/done.pdf", {})
    claimed = claim_job(engine, "w")
    assert claimed is not None and claimed["job_id"] == job["job_id"]
    assert claim_job(engine, "w") is not None
    finish_job(engine, done["job_id"], "done")
    waiting = create_job(engine, "d" * 64, "later.pdf", "/data/later.pdf", {})
    assert recover_jobs(engine) == (1, 0)  # the server died while `job` ran
    again = get_job(engine, job["job_id"])
    assert again is not None and again["status"] == "queued" and again["attempts"] == 1
    retried = claim_job(engine, "w2")
    assert retried is not None and retried["job_id"] == job["job_id"] and retried["attempts"] == 2
    assert recover_jobs(engine, max_attempts=2) == (0, 1)  # it died during it twice: not tried again
    failed = get_job(engine, job["job_id"])
    assert failed is not None and failed["status"] == "failed" and failed["error_code"] == "E_INTERRUPTED"
    assert "2 times" in failed["error_message"] and failed["finished"]
    assert [(get_job(engine, j["job_id"]) or {}).get("status") for j in (done, waiting)] == ["done", "queued"]
    assert recover_jobs(engine) == (0, 0)


# Tokens


def test_tokens_are_kept_hashed_verified_and_revoked(engine: Engine) -> None:
    token_id, secret = create_token(engine, "archive scanner")
    assert re.fullmatch(r"rm_[0-9a-f]{16}_[A-Za-z0-9_-]{43}", secret) and secret[3:19] == token_id
    with engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(text("SELECT * FROM tokens")).mappings()]
    assert rows[0]["hash"] == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in json.dumps(rows) and secret.split("_", 2)[2] not in json.dumps(rows)
    listed = list_tokens(engine)
    assert [t["token_id"] for t in listed] == [token_id] and "hash" not in listed[0] and listed[0]["last_used"] is None
    token = verify_token(engine, secret)
    assert token is not None and token["token_id"] == token_id and token["name"] == "archive scanner"
    assert "hash" not in token and list_tokens(engine)[0]["last_used"] == token["last_used"]
    forged = secret[:-1] + ("A" if secret[-1] != "A" else "B")
    for wrong in (forged, "rm_" + "0" * 16 + secret[19:], "", "Bearer " + secret, secret + "x", token_id):
        assert verify_token(engine, wrong) is None
    other_id, other = create_token(engine, "second")
    assert revoke_token(engine, token_id) is True and revoke_token(engine, "f" * 16) is False
    assert verify_token(engine, secret) is None and verify_token(engine, other) is not None
    revoked = {t["token_id"]: t["revoked"] for t in list_tokens(engine)}
    assert revoked[token_id] and revoked[other_id] is None


def test_token_commands(tmp_path: Path) -> None:
    made = roadmap("token", "create", "review desk", cwd=tmp_path)  # the default catalog, folder and all
    assert made.returncode == 0, made.stderr
    secret = made.stdout.strip()
    assert re.fullmatch(r"rm_[0-9a-f]{16}_[\w-]{43}", secret) and "only once" in made.stderr
    catalog = tmp_path / "roadmap-data" / "catalog.sqlite"
    assert catalog.is_file()
    listed = roadmap("token", "list", "--catalog", str(catalog))
    assert listed.returncode == 0 and secret[3:19] in listed.stdout and "review desk" in listed.stdout
    assert secret not in listed.stdout
    as_json = json.loads(roadmap("token", "list", "--json", "--catalog", str(catalog)).stdout)
    assert [t["token_id"] for t in as_json] == [secret[3:19]] and "hash" not in as_json[0]
    unknown = roadmap("token", "revoke", "0" * 16, "--catalog", str(catalog))
    assert unknown.returncode == 2 and len(unknown.stderr.strip().splitlines()) == 1
    assert roadmap("token", "revoke", secret[3:19], "--catalog", str(catalog)).returncode == 0
    engine = open_catalog(str(catalog), create=False)
    try:
        assert verify_token(engine, secret) is None
    finally:
        engine.dispose()
    missing = roadmap("token", "list", "--catalog", str(tmp_path / "nowhere.sqlite"))
    assert missing.returncode == 6 and not (tmp_path / "nowhere.sqlite").exists()


# Corrections


def test_apply_corrections_marks_what_changed_and_leaves_its_input_alone() -> None:
    result = result_of(KALUGA)
    before = copy.deepcopy(result)
    plain, none = apply_corrections(result, [])
    assert none == [] and plain["corrections"] == [] and plain["document"]["corrected_fields"] == []
    assert all(m["corrected_fields"] == [] for m in plain["plan"]["measures"])
    fix = {"correction_id": 3, "target": "measure", "op": "set", "field": "note", "measure_id": "b09b3ce00716cc99:m2",
           "value": "ОО № 5", "original": None, "author": "Н.", "reason": "скан", "created": "2025-01-01T00:00:00Z",
           "status": "applied"}
    gone = {**fix, "correction_id": 4, "measure_id": "b09b3ce00716cc99:m99"}
    fixed, statuses = apply_corrections(result, [gone, fix])
    assert result == before
    assert [(c["correction_id"], c["status"]) for c in statuses] == [(3, "applied"), (4, "needs_review")]
    assert fixed["plan"]["measures"][1]["note"] == "ОО № 5" and fixed["plan"]["measures"][1]["corrected_fields"] == ["note"]
    assert [c["id"] for c in fixed["corrections"]] == [3, 4] and fixed["corrections"][1]["status"] == "needs_review"
    assert set(fixed["corrections"][0]) == {"id", "target", "measure_id", "op", "field", "original", "value", "author",
                                            "reason", "created", "status"}
    for bad in ({"field": "schools"}, {"op": "move"}, {"target": "plan"}, {"field": "text", "value": " "},
                {"field": "note", "value": 5}, {"target": "document", "field": "date", "value": "2024-02-30",
                                                  "measure_id": None}):
        with pytest.raises(ValueError):
            apply_corrections(result, [{**fix, **bad}])
    assert apply_corrections(result, [{**fix, "field": "schools"}], strict=False)[1][0]["status"] == "needs_review"


def test_corrections_are_applied_to_the_rows_and_kept_beside_the_parse(engine: Engine) -> None:
    result = result_of(KALUGA)
    sha = put(engine, result)
    m1, m2, m4 = (f"{sha[:16]}:m{i}" for i in (1, 2, 4))
    text_fix = add_correction(engine, sha, target="measure", op="set", field="text", measure_id=m1,
                              value="Анализ результатов ВПР 2023 года", author="Иванова", reason="опечатка")
    assert text_fix["status"] == "applied" and text_fix["original"] == result["plan"]["measures"][0]["text"]
    deadline = add_correction(engine, sha, target="measure", op="set", field="deadline", measure_id=m1,
                              value="до 15.03.2025", author="Иванова", reason="срок перенесён")
    assert deadline["original"] == "до 15.04.2024"
    date_fix = add_correction(engine, sha, target="document", op="set", field="date", measure_id=None,
                              value="2024-03-12", author="Петров", reason="дата по журналу")
    assert date_fix["original"] == "2024-03-11"
    added = add_correction(engine, sha, target="measure", op="add", field=None, measure_id=None,
                           value={"text": "Инструктаж общественных наблюдателей", "after": m2, "deadline": "до 01.04.2024",
                                  "executors_raw": "ЦОКО"}, author="Петров", reason="пропущена строка")
    deleted = add_correction(engine, sha, target="measure", op="delete", field=None, measure_id=m4, value=None,
                             author="Петров", reason="дубль")
    as_parsed = {k: v for k, v in result["plan"]["measures"][3].items() if k != "corrected_fields"}
    assert {k: v for k, v in deleted["original"].items() if k != "corrected_fields"} == as_parsed

    rows = measure_rows(engine, sha)
    assert len(rows) == 10 and m4 not in {r["measure_id"] for r in rows}
    first = rows[0]
    assert first["text"] == "Анализ результатов ВПР 2023 года" and first["corrected"] is True
    assert (first["deadline_raw"], first["deadline_kind"], first["deadline_end"]) == ("до 15.03.2025", "by_date", "2025-03-15")
    assert rows[1]["corrected"] is False
    new = rows[2]
    assert new["measure_id"] == f"{sha[:16]}:c{added['correction_id']}" and new["deadline_end"] == "2024-04-01"
    assert new["text"] == "Инструктаж общественных наблюдателей" and new["section_id"] == "s1" and new["page"] is None
    executors = [e for e in stream(engine, "executors") if e["sha256"] == sha and e["measure"] == 2]
    assert [e["name"] for e in executors] == ["ЦОКО"]
    document = next(d for d in list(stream(engine, "documents")) if d["sha256"] == sha)
    assert document["date"] == "2024-03-12" and document["corrected"] is True and document["measures"] == 10

    with engine.connect() as conn:  # the parse itself is kept as it came
        raw = conn.execute(text("SELECT raw_json FROM documents WHERE sha256 = :s"), {"s": sha}).scalar()
    assert json.loads(raw) == result
    shown = corrected_document(engine, sha)
    assert shown is not None and shown["document"]["date"] == "2024-03-12"
    assert shown["document"]["corrected_fields"] == ["date"]
    assert shown["plan"]["measures"][0]["corrected_fields"] == ["text", "deadline"]
    assert shown["plan"]["measures"][2]["provenance"] == dict.fromkeys(("page", "table", "row", "column", "line", "bbox"))
    assert [c["op"] for c in shown["corrections"]] == ["set", "set", "set", "add", "delete"]
    assert all(c["status"] == "applied" for c in list_corrections(engine, sha))
    assert list_corrections(engine, sha)[3]["value"]["after"] == m2
    hits, _ = search_measures(engine, q="наблюдатель инструктаж")
    assert [h["measure_id"] for h in hits] == [new["measure_id"]]


def test_a_correction_that_cannot_apply_is_refused_and_nothing_is_kept(engine: Engine) -> None:
    sha = put(engine, result_of(KALUGA))
    m1 = f"{sha[:16]}:m1"
    tries: list[dict[str, Any]] = [
        {"target": "measure", "op": "set", "field": "provenance", "measure_id": m1, "value": "x"},
        {"target": "measure", "op": "set", "field": "text", "measure_id": f"{sha[:16]}:m77", "value": "x"},
        {"target": "measure", "op": "rename", "field": "text", "measure_id": m1, "value": "x"},
        {"target": "document", "op": "set", "field": "doc_type", "measure_id": None, "value": "меморандум"},
        {"target": "document", "op": "set", "field": "date", "measure_id": None, "value": "12.03.2024"},
        {"target": "measure", "op": "add", "field": None, "measure_id": None, "value": {"number": "9"}},
        {"target": "measure", "op": "add", "field": None, "measure_id": None, "value": {"text": "x", "after": "m0"}},
        {"target": "measure", "op": "add", "field": None, "measure_id": None, "value": {"text": "x", "section_id": "s9"}},
        {"target": "schools", "op": "set", "field": "name", "measure_id": None, "value": "x"},
    ]
    for attempt in tries:
        with pytest.raises(ValueError):
            add_correction(engine, sha, author="a", reason="r", **attempt)
    with pytest.raises(KeyError):
        add_correction(engine, "0" * 64, target="measure", op="set", field="text", measure_id=m1, value="x",
                       author="a", reason="r")
    assert list_corrections(engine, sha) == [] and corrected_document(engine, "0" * 64) is None
    assert not any(r["corrected"] for r in measure_rows(engine, sha))
    fixed = add_correction(engine, sha, target="document", op="set", field="doc_type", measure_id=None, value="приказ",
                           author="a", reason="r")
    assert fixed["original"] == "распоряжение"
    assert next(d for d in list(stream(engine, "documents")) if d["sha256"] == sha)["doc_type"] == "приказ"


def test_a_reparse_keeps_the_corrections_whose_measure_is_still_there(engine: Engine) -> None:
    result = result_of(KALUGA)
    sha = put(engine, result)
    m1, m3 = f"{sha[:16]}:m1", f"{sha[:16]}:m3"
    kept = add_correction(engine, sha, target="measure", op="set", field="text", measure_id=m1, value="Исправлено",
                          author="a", reason="r")
    lost = add_correction(engine, sha, target="measure", op="set", field="executors_raw", measure_id=m3,
                          value="Управление образования", author="a", reason="r")
    put(engine, result)  # the same parse again: nothing changes
    assert [c["status"] for c in list_corrections(engine, sha)] == ["applied", "applied"]
    newer = copy.deepcopy(result)  # a newer parse that no longer has measure m3
    newer["plan"]["measures"] = [m for m in newer["plan"]["measures"] if m["id"] != m3]
    newer["producer"]["version"] = "0.3.0"
    put(engine, newer)
    statuses = {c["correction_id"]: c["status"] for c in list_corrections(engine, sha)}
    assert statuses == {kept["correction_id"]: "applied", lost["correction_id"]: "needs_review"}
    rows = measure_rows(engine, sha)
    assert len(rows) == 9 and rows[0]["text"] == "Исправлено" and m3 not in {r["measure_id"] for r in rows}
    shown = corrected_document(engine, sha)
    assert shown is not None and [c["status"] for c in shown["corrections"]] == ["applied", "needs_review"]
    put(engine, result)  # and back: the measure is there again, so is its correction
    assert [c["status"] for c in list_corrections(engine, sha)] == ["applied", "applied"]
    third = next(r for r in measure_rows(engine, sha) if r["measure_id"] == m3)
    assert third["executors_raw"] == "Управление образования" and third["corrected"] is True


# Search


def measures_of(results: dict[str, dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    return [(sha, m) for sha, r in results.items() for m in r["plan"]["measures"]]


def test_search_finds_every_form_of_a_word(engine: Engine, three: dict[str, dict[str, Any]]) -> None:
    expected = {m["id"] for _, m in measures_of(three) if "наблюдателей" in m["text"]}
    assert len(expected) >= 3
    for q in ("наблюдатели", "НАБЛЮДАТЕЛЬ", "наблюдателям"):
        assert {r["measure_id"] for r in search_measures(engine, q=q)[0]} == expected
    both = {m["id"] for _, m in measures_of(three) if "наблюдателей" in m["text"] and "независимых" in m["text"]}
    assert {r["measure_id"] for r in search_measures(engine, q="независимый наблюдатель")[0]} == both != expected
    for hostile in ('"', 'наблюдатели"', "NEAR(", "NEAR(наблюдатели", "* OR -", "lemmas:наблюдатели", "'; DROP TABLE"):
        rows, _ = search_measures(engine, q=hostile)
        assert isinstance(rows, list)


def test_search_filters_by_due_date_executor_city_and_category(engine: Engine, three: dict[str, dict[str, Any]]) -> None:
    march = {m["id"] for _, m in measures_of(three) if "2024-03-01" <= ((m["deadline"] or {}).get("end") or "") <= "2024-03-31"}
    assert march and {r["measure_id"] for r in search_measures(engine, due_from="2024-03-01", due_to="2024-03-31")[0]} == march
    later = {m["id"] for _, m in measures_of(three) if ((m["deadline"] or {}).get("end") or "") >= "2024-10-01"}
    assert {r["measure_id"] for r in search_measures(engine, due_from="2024-10-01", limit=500)[0]} == later
    coko = {m["id"] for _, m in measures_of(three) if "ЦОКО" in (m["executors_raw"] or "")}
    assert coko and {r["measure_id"] for r in search_measures(engine, executor="цоко")[0]} == coko
    assert search_measures(engine, executor="%")[0] == [] and search_measures(engine, executor="_")[0] == []
    kaluga = {m["id"] for sha, m in measures_of(three) if three[sha]["document"]["city"] == "Калуга"}
    rows, _ = search_measures(engine, city="КАЛУГА", limit=500)
    assert {r["measure_id"] for r in rows} == kaluga and {r["city"] for r in rows} == {"Калуга"}
    assert {r["doc_number"] for r in rows} == {"45"} and {r["doc_date"] for r in rows} == {"2024-03-11"}
    monitoring = search_measures(engine, category="monitoring", limit=500)[0]
    assert monitoring and all(r["category"] == "monitoring" for r in monitoring)
    assert any("Мониторинг" in r["text"] for r in monitoring)
    with pytest.raises(ValueError):
        search_measures(engine, due_from="1 марта 2024")


def test_search_pages_cover_every_measure_once(engine: Engine, three: dict[str, dict[str, Any]]) -> None:
    total = {(sha, i) for sha, r in three.items() for i in range(len(r["plan"]["measures"]))}
    seen: list[tuple[str, int]] = []
    cursor: str | None = None
    while True:
        rows, cursor = search_measures(engine, cursor=cursor, limit=7)
        assert 0 < len(rows) <= 7
        seen += [(r["sha256"], r["position"]) for r in rows]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == len(total) and set(seen) == total and seen == sorted(seen)
    assert len(search_measures(engine, limit=0)[0]) == 1 and len(search_measures(engine, limit=10_000)[0]) == len(total)
    filtered, cursor = search_measures(engine, executor="ЦОКО", limit=2)
    while cursor:
        more, cursor = search_measures(engine, executor="ЦОКО", limit=2, cursor=cursor)
        filtered += more
    assert [r["measure_id"] for r in filtered] == [r["measure_id"] for r in search_measures(engine, executor="ЦОКО")[0]]
    for bad in ("garbage!", "eyJ4IjoxfQ", "W10", "bm90IGpzb24"):  # not base64; {"x":1}; []; not JSON
        with pytest.raises(ValueError):
            search_measures(engine, cursor=bad)


def test_documents_are_listed_least_certain_first(engine: Engine) -> None:
    results = [result_of(name) for name in (KALUGA, KOSTROMA, RASSKAZOVO)]
    for result, confidence in zip(results, (0.9, None, 0.42)):  # as if OCR read two of them
        for m in result["plan"]["measures"]:
            m["ocr_confidence"] = confidence
    results[0]["plan"]["measures"][4]["ocr_confidence"] = 0.61
    shas = [put(engine, r) for r in results]
    rows, cursor = list_documents(engine)
    assert cursor is None and [r["sha256"] for r in rows] == [shas[2], shas[0], shas[1]]
    assert [r["min_ocr_confidence"] for r in rows] == [0.42, 0.61, None]
    assert rows[0]["measures"] == 14 and rows[0]["warnings"] == len(results[2]["warnings"]) and rows[0]["corrected"] is False
    by_date = [r["date"] for r in list_documents(engine, sort="date")[0]]
    assert by_date == sorted(r["document"]["date"] for r in results)
    for sort in ("uncertain", "date", "file"):
        everything = [r["sha256"] for r in list_documents(engine, sort=sort)[0]]
        paged, cursor = [], None
        while True:
            page, cursor = list_documents(engine, sort=sort, cursor=cursor, limit=1)
            paged += [r["sha256"] for r in page]
            if cursor is None:
                break
        assert paged == everything and sorted(paged) == sorted(shas)
    assert [r["city"] for r in list_documents(engine, city="кострома")[0]] == ["Кострома"]
    assert {r["doc_type"] for r in list_documents(engine, doc_type="распоряжение")[0]} == {"распоряжение"}
    assert [r["date"] for r in list_documents(engine, date_from="2024-01-01", sort="date")[0]] == ["2024-03-11"] * 2
    with pytest.raises(ValueError):
        list_documents(engine, sort="size")
    _, date_cursor = list_documents(engine, sort="date", limit=1)
    with pytest.raises(ValueError):
        list_documents(engine, sort="file", cursor=date_cursor)


# xlsx


def test_xlsx_cells_a_spreadsheet_would_run_are_stored_as_text(tmp_path: Path) -> None:
    risky = ["=1+1", "+7 900", "-2", "@SUM(A1)", "\tx", "=HYPERLINK(\"http://x\")", "- провести совещание"]
    rows = [{"n": i, "value": value, "ok": i % 2 == 0, "none": None, "bad": "a\x01b"} for i, value in enumerate(risky)]
    path = tmp_path / "out.xlsx"
    with path.open("wb") as fh:
        assert write_xlsx(iter(rows), fh, "measures") == len(risky)
    book = load_workbook(path)
    sheet = book["measures"]
    assert sheet.freeze_panes == "A2" and all(cell.font.bold for cell in sheet[1])
    assert [c.value for c in sheet[1]] == ["n", "value", "ok", "none", "bad"]
    assert sheet.max_row == len(risky) + 1
    for i, value in enumerate(risky, start=2):
        cell = sheet.cell(row=i, column=2)
        assert cell.data_type == "s" and cell.quotePrefix and cell.value == value  # text, shown as printed
        assert sheet.cell(row=i, column=1).value == i - 2 and sheet.cell(row=i, column=5).value == "ab"
    with io.BytesIO() as empty:
        assert write_xlsx([], empty, "none") == 0


def test_export_writes_xlsx_to_a_file_or_a_pipe_but_not_a_terminal(tmp_path: Path) -> None:
    url = str(tmp_path / "catalog.sqlite")
    engine = open_catalog(url, create=True)
    try:
        result = result_of(KALUGA)
        put(engine, result)
    finally:
        engine.dispose()
    out = tmp_path / "measures.xlsx"
    assert roadmap("export", "--catalog", url, "--format", "xlsx", "--output", str(out)).returncode == 0
    sheet = load_workbook(out).active
    assert sheet is not None and sheet.max_row == 1 + len(result["plan"]["measures"])
    assert [c.value for c in sheet[2]][:3] == [result["source"]["sha256"], 0, "1.1"]
    piped = subprocess.run([sys.executable, "-m", "pipelines", "export", "--catalog", url, "--format", "xlsx",
                            "--what", "documents"], capture_output=True, cwd=ROOT, timeout=120)
    assert piped.returncode == 0 and load_workbook(io.BytesIO(piped.stdout))["documents"].max_row == 2
    jsonl = tmp_path / "measures.jsonl"
    assert roadmap("export", "--catalog", url, "--output", str(jsonl)).returncode == 0
    assert [json.loads(line)["measure_id"] for line in jsonl.read_text(encoding="utf-8").splitlines()] == [
        m["id"] for m in result["plan"]["measures"]]
    leader, follower = pty.openpty()
    try:
        terminal = subprocess.run([sys.executable, "-m", "pipelines", "export", "--catalog", url, "--format", "xlsx"],
                                  stdout=follower, stderr=subprocess.PIPE, text=True, cwd=ROOT, timeout=120)
    finally:
        os.close(follower)
        os.close(leader)
    assert terminal.returncode == 2 and len(terminal.stderr.strip().splitlines()) == 1
    assert "--output" in terminal.stderr and not list(tmp_path.glob(".*.tmp"))
