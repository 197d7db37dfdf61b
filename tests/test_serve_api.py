"""`roadmap serve` over HTTP, as other systems use it: a real server process, a real catalog
(SQLite, and PostgreSQL with the private server of tests/pgserver.py), real Tesseract for scans."""

from __future__ import annotations

import hashlib
import io
import re
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook
from pgserver import postgres_server
from serving import Served, free_port, served, start, stop

from pipelines.catalog import open_catalog
from pipelines.parse import parse
from pipelines.tokens import list_tokens

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
DOCX = SAMPLES / "000_99be7f6383da38e8.docx"
PDF = SAMPLES / "004_8441008dc737254c.pdf"
SCAN = SAMPLES / "000_99be7f6383da38e8.scan.pdf"
JOB_SECONDS = 240


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def wait_for_job(client: httpx.Client, job_id: str, until: tuple[str, ...] = ("done", "failed")) -> dict[str, Any]:
    deadline = time.monotonic() + JOB_SECONDS
    while time.monotonic() < deadline:
        job = client.get(f"/v1/jobs/{job_id}").json()
        if job["status"] in until:
            return job
        time.sleep(0.5)
    raise AssertionError(f"job {job_id} not {until} within {JOB_SECONDS} s: {job}")


def without_file(result: dict[str, Any]) -> dict[str, Any]:
    return {**result, "source": {k: v for k, v in result["source"].items() if k != "file"}}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    tmp = tmp_path_factory.mktemp(f"serve-{request.param}")
    if request.param == "sqlite":
        with served(tmp) as s:
            yield s
    else:
        with postgres_server() as url, served(tmp, (), url) as s:
            yield s


@pytest.fixture()
def client(server: Served) -> Any:
    with httpx.Client(base_url=server.url, headers=server.auth, timeout=JOB_SECONDS) as c:
        yield c


def test_a_posted_docx_is_answered_with_the_json_roadmap_parse_prints(client: httpx.Client) -> None:
    response = client.post("/v1/documents", files={"file": ("приказ.docx", DOCX.read_bytes())})
    assert response.status_code == 200, response.text
    assert without_file(response.json()) == without_file(parse(DOCX).model_dump(mode="json"))
    assert response.json()["source"]["file"] == "приказ.docx"


def test_a_raw_body_upload_and_an_upload_seen_before(client: httpx.Client) -> None:
    first = client.post("/v1/documents", params={"filename": PDF.name}, content=PDF.read_bytes(),
                        headers={"Content-Type": "application/pdf"})
    assert first.status_code == 200, first.text
    assert first.json()["source"]["sha256"] == sha(PDF)
    again = client.post("/v1/documents", content=PDF.read_bytes())
    assert again.status_code == 200 and again.headers["X-Roadmap-Parsed-Before"] == "true"
    assert again.json() == first.json()


def test_a_scan_goes_through_a_job_and_is_then_served_with_an_etag(client: httpx.Client) -> None:
    response = client.post("/v1/documents", files={"file": (SCAN.name, SCAN.read_bytes())})
    assert response.status_code == 202, response.text
    job = response.json()
    assert job["status"] in ("queued", "running") and response.headers["Location"] == f"/v1/jobs/{job['job_id']}"
    job = wait_for_job(client, job["job_id"])
    assert job["status"] == "done", job
    document = client.get(job["links"]["document"])
    assert document.status_code == 200 and document.json()["source"]["ocr"] is True
    assert len(document.json()["plan"]["measures"]) > 5
    tag = document.headers["ETag"]
    assert sha(SCAN) in tag
    assert client.get(job["links"]["document"], headers={"If-None-Match": tag}).status_code == 304
    assert client.get(f"/v1/documents/{sha(SCAN)}/source").content == SCAN.read_bytes()
    png = client.get(f"/v1/documents/{sha(SCAN)}/pages/1.png", params={"dpi": 50})
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    layout = client.get(f"/v1/documents/{sha(SCAN)}/layout").json()
    assert layout["format"] == "pdf" and layout["pages"][0]["width"] > 500
    # the review page asks for its pages at once: pdfium is not thread-safe, the server must hold up
    with ThreadPoolExecutor(6) as pool:
        drawn = list(pool.map(lambda n: client.get(f"/v1/documents/{sha(SCAN)}/pages/{n % 4 + 1}.png").status_code,
                              range(12)))
    assert drawn == [200] * 12


def test_the_same_scan_sent_twice_at_once_is_one_job(client: httpx.Client) -> None:
    scan = SAMPLES / "004_8441008dc737254c.scan.pdf"
    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(lambda _: client.post("/v1/documents", files={"file": (scan.name, scan.read_bytes())}),
                                range(2)))
    assert [a.status_code for a in answers] == [202, 202]
    assert answers[0].json()["job_id"] == answers[1].json()["job_id"]
    assert wait_for_job(client, answers[0].json()["job_id"])["status"] == "done"


def test_a_long_cyrillic_file_name_is_shortened_not_refused(client: httpx.Client) -> None:
    name = "приказ об утверждении дорожной карты " * 8 + ".txt"
    text = (SAMPLES / "001_79645f60140932b3.txt").read_bytes() + b"\n\n"
    response = client.post("/v1/documents", files={"file": (name, text)})
    assert response.status_code == 200, response.text
    assert response.json()["source"]["file"].endswith(".txt") and len(response.json()["source"]["file"].encode()) <= 160


def test_lists_search_and_the_xlsx_export(client: httpx.Client) -> None:
    client.post("/v1/documents", files={"file": (DOCX.name, DOCX.read_bytes())})
    listed = client.get("/v1/documents").json()["items"]
    assert sha(DOCX) in {d["sha256"] for d in listed}
    city = next(d["city"] for d in listed if d["sha256"] == sha(DOCX))
    assert client.get("/v1/documents", params={"city": city}).json()["items"]
    assert client.get("/v1/documents", params={"date_from": "2100-01-01"}).json()["items"] == []
    found = client.get("/v1/measures", params={"q": "мониторинг", "limit": 2}).json()
    assert found["items"] and all("мониторинг" in m["text"].lower() for m in found["items"])
    seen, cursor = [], None
    while True:
        page = client.get("/v1/measures", params={"limit": 7, **({"cursor": cursor} if cursor else {})}).json()
        seen += [m["measure_id"] for m in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) > 7
    sheet = load_workbook(io.BytesIO(client.get("/v1/measures.xlsx").content)).active
    assert sheet is not None and len(list(sheet.iter_rows())) == len(seen) + 1


def test_errors_are_one_json_body_with_the_cli_codes(server: Served, client: httpx.Client) -> None:
    def error(response: httpx.Response, status: int, code: str) -> None:
        assert response.status_code == status, response.text
        assert response.json()["error"]["code"] == code and response.json()["error"]["message"]
        assert "Traceback" not in response.text

    with httpx.Client(base_url=server.url, timeout=30) as anonymous:
        error(anonymous.post("/v1/documents", content=b"x"), 401, "E_UNAUTHORIZED")
        error(anonymous.post("/v1/documents", content=b"x", headers={"Authorization": "Bearer rm_nope"}), 403,
              "E_FORBIDDEN")
        assert anonymous.get("/v1/documents").status_code == 200  # reads are open on loopback
    error(client.post("/v1/documents", content=b"\x00\x01\x02\xff" * 64, params={"filename": "x.bin"}), 415, "E_FORMAT")
    error(client.post("/v1/documents", content=b"%PDF-1.4 broken"), 422, "E_CORRUPT")
    error(client.post("/v1/documents", content=b""), 422, "E_EMPTY")
    error(client.get("/v1/documents/" + "0" * 64), 404, "E_NOT_FOUND")
    error(client.get("/v1/jobs/nope"), 404, "E_NOT_FOUND")
    error(client.get("/v1/measures", params={"cursor": "%%%"}), 422, "E_INVALID")
    error(client.get("/v1/measures", params={"due_from": "March"}), 422, "E_INVALID")
    error(client.get("/v1/documents", params={"date_to": "2024-02-30"}), 422, "E_INVALID")
    error(client.post(f"/v1/documents/{sha(DOCX)}/corrections", json={"target": "measure", "field": "nope"}), 422, "E_INVALID")


def test_an_upload_over_the_limit_is_413(tmp_path: Path) -> None:
    with served(tmp_path, (), None, "--max-upload-mb", "0.05") as s:
        response = httpx.post(f"{s.url}/v1/documents", content=b"x" * 60_000, headers=s.auth)
        assert response.status_code == 413 and response.json()["error"]["code"] == "E_TOO_LARGE"


def test_a_restart_in_the_middle_of_a_job_loses_nothing(tmp_path: Path) -> None:
    """The server is killed (SIGKILL, workers too) while OCR runs; the next start queues the job
    again and finishes it, once."""
    with served(tmp_path) as s, httpx.Client(base_url=s.url, headers=s.auth, timeout=60) as client:
        job = client.post("/v1/documents", files={"file": (SCAN.name, SCAN.read_bytes())}).json()
        wait_for_job(client, job["job_id"], ("running",))
        stop(s.process, signal.SIGKILL)
        port = free_port()
        process = start(s.catalog, s.data_dir, port, s.log)
        try:
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=s.auth, timeout=60) as again:
                finished = wait_for_job(again, job["job_id"])
                assert finished["status"] == "done" and finished["attempts"] == 2, finished
                assert again.get(f"/v1/documents/{sha(SCAN)}").json()["source"]["ocr"] is True
                listed = [d for d in again.get("/v1/documents").json()["items"] if d["sha256"] == sha(SCAN)]
                assert len(listed) == 1
        finally:
            stop(process)


def test_off_loopback_reads_need_a_token_too(tmp_path: Path) -> None:
    with served(tmp_path, (), None, "--host", "0.0.0.0") as s:
        assert httpx.get(f"{s.url}/v1/documents").status_code == 401
        assert httpx.get(f"{s.url}/v1/documents", headers=s.auth).status_code == 200
        assert httpx.post(f"{s.url}/v1/documents", content=DOCX.read_bytes()).status_code == 401
        # the review page's same-site cookie (its <img> requests) reads, and never writes
        cookie = {"roadmap_read": s.token}
        assert httpx.get(f"{s.url}/v1/documents", cookies=cookie).status_code == 200
        assert httpx.post(f"{s.url}/v1/documents", content=DOCX.read_bytes(), cookies=cookie).status_code == 401


def test_docs_work_offline(server: Served) -> None:
    """/docs loads Swagger UI from the installed package: every asset it names is the server's own."""
    docs = httpx.get(f"{server.url}/docs")
    assert docs.status_code == 200
    assets = re.findall(r"""(?:src|href)=["']([^"']+)""", docs.text) + re.findall(r"""url: ?['"]([^'"]+)""", docs.text)
    assert any(a.endswith(".js") for a in assets), assets
    for asset in assets:
        assert asset.startswith("/") or asset.startswith(server.url), asset
        assert httpx.get(server.url + asset.removeprefix(server.url)).status_code == 200, asset
    spec = httpx.get(f"{server.url}/openapi.json").json()
    assert "/v1/documents/{sha256}" in spec["paths"] and "/v1/measures.xlsx" in spec["paths"]


def test_roadmap_review_imports_serves_and_revokes_its_token(tmp_path: Path) -> None:
    """`roadmap review DIR`: the folder imported, the URL printed with a token that writes, and the
    token revoked when the server is stopped."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / DOCX.name).write_bytes(DOCX.read_bytes())
    catalog, port = str(tmp_path / "catalog.sqlite"), free_port()
    process = subprocess.Popen([sys.executable, "-m", "pipelines", "review", str(folder), "--catalog", catalog,
                                "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                               start_new_session=True)
    try:
        url = process.stdout.readline().strip()  # type: ignore[union-attr]
        assert url.startswith(f"http://127.0.0.1:{port}/review#token=rm_"), url
        token = url.split("#token=")[1]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                listed = httpx.get(f"http://127.0.0.1:{port}/v1/documents").json()["items"]
                break
            except httpx.HTTPError:
                time.sleep(0.3)
        assert [d["sha256"] for d in listed] == [sha(DOCX)]
        measure = httpx.get(f"http://127.0.0.1:{port}/v1/documents/{sha(DOCX)}").json()["plan"]["measures"][0]
        edit = {"target": "measure", "op": "set", "measure_id": measure["id"], "field": "note", "value": "проверено"}
        assert httpx.post(f"http://127.0.0.1:{port}/v1/documents/{sha(DOCX)}/corrections", json=edit,
                          headers={"Authorization": f"Bearer {token}"}).status_code == 200
    finally:
        stop(process)  # type: ignore[arg-type]
        process.stdout.close()  # type: ignore[union-attr]
    engine = open_catalog(catalog, create=False)
    try:
        assert [t["revoked"] is not None for t in list_tokens(engine)] == [True]
    finally:
        engine.dispose()
