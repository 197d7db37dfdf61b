"""Bulk import: every file accounted for, reruns, kill -9 and resume, SQLite = PostgreSQL, Ray = local."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, SAMPLES
from docx import Document as new_docx
from pgserver import postgres_server
from test_bad_input import thousand_page_pdf

from pipelines.catalog import dump, engine_for
from pipelines.cli import cli

SMALL = ["003_428be283de85d631.txt", "004_8441008dc737254c.docx", "order-kaluga-2024.pdf", "000_99be7f6383da38e8.txt"]


def catalog_dump(url: str) -> dict[str, list[dict]]:  # type: ignore[type-arg]
    engine = engine_for(url)
    try:
        return dump(engine)
    finally:
        engine.dispose()


def roadmap(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipelines", *args], capture_output=True, text=True, cwd=ROOT, timeout=900)


def manifest(out: Path) -> dict[str, dict]:  # type: ignore[type-arg]
    records: dict[str, dict] = {}  # type: ignore[type-arg]
    for line in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        records[record["path"]] = record
    return records


def encrypted_pdf(path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.add_page(PdfReader(SAMPLES / "003_428be283de85d631.pdf").pages[0])
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    with path.open("wb") as fh:
        writer.write(fh)


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("mixed")
    for sample in sorted(SAMPLES.iterdir()):
        if sample.suffix in (".txt", ".docx", ".pdf") and "." not in sample.stem:  # born-digital ones
            shutil.copyfile(sample, src / sample.name)
    (src / "scans").mkdir()  # one scan: OCR inside a batch
    shutil.copyfile(SAMPLES / "003_428be283de85d631.scan.pdf", src / "scans" / "003.scan.pdf")
    (src / "copies").mkdir()
    shutil.copyfile(SAMPLES / "001_79645f60140932b3.pdf", src / "copies" / "same-as-001.pdf")
    shutil.copyfile(SAMPLES / "004_8441008dc737254c.txt", src / "copies" / "same-as-004.txt")
    new_docx(str(SAMPLES / "003_428be283de85d631.docx")).save(str(src / "copies" / "really-a-docx.pdf"))  # new bytes
    data = (SAMPLES / "000_99be7f6383da38e8.pdf").read_bytes()
    (src / "broken").mkdir()
    (src / "broken" / "truncated.pdf").write_bytes(data[: len(data) // 3])
    (src / "broken" / "empty.docx").write_bytes(b"")
    (src / "broken" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(500))
    encrypted_pdf(src / "broken" / "locked.pdf")
    thousand_page_pdf(src / "broken" / "hangs.pdf")
    return src


@pytest.fixture(scope="module")
def imported(mixed: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    out = tmp_path_factory.mktemp("out")
    proc = roadmap("import", str(mixed), "--out-dir", str(out), "-j", "2", "--time-limit", "20",
                   "--max-pages", "1000", "--no-progress")
    return out, proc


def test_every_file_ends_in_exactly_one_state(mixed: Path, imported: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    out, proc = imported
    records = manifest(out)
    inputs = {str(p.resolve()) for p in mixed.rglob("*") if p.is_file()}
    assert set(records) == inputs
    lines = (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(inputs)  # none twice
    by_name = {Path(p).name: r for p, r in records.items()}
    assert {n: by_name[n]["error_code"] for n in ("truncated.pdf", "empty.docx", "photo.png", "locked.pdf", "hangs.pdf")} == {
        "truncated.pdf": "E_CORRUPT", "empty.docx": "E_EMPTY", "photo.png": "E_FORMAT",
        "locked.pdf": "E_ENCRYPTED", "hangs.pdf": "E_TIMEOUT"}
    assert by_name["same-as-001.pdf"]["status"] == "skipped" and by_name["same-as-004.txt"]["status"] == "skipped"
    assert by_name["really-a-docx.pdf"]["status"] == "ok"
    assert sum(r["status"] == "ok" for r in records.values()) == 20
    assert proc.returncode == 3
    failures = [json.loads(x) for x in (out / "failures.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(failures) == 5
    assert proc.stderr.strip().splitlines()[-1].startswith("roadmap: 27 files: ok 20, partial 0, failed 5, skipped 2")
    assert str(out / "failures.jsonl") in proc.stderr


def test_outputs_are_named_by_content_and_cataloged(imported: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    out, _ = imported
    records = manifest(out)
    for record in records.values():
        if record["status"] == "ok":
            result = json.loads((out / record["output"]).read_text(encoding="utf-8"))
            assert result["source"]["sha256"] == record["sha256"]
            assert record["output"] == f"json/{record['sha256']}.json"
    catalog = catalog_dump(str(out / "catalog.sqlite"))
    assert len(catalog["documents"]) == 25  # 27 inputs less 2 duplicates
    assert {d["status"] for d in catalog["documents"]} == {"ok", "failed"}
    assert len(catalog["measures"]) == sum(r["measures"] or 0 for r in records.values() if r["status"] == "ok")
    assert any(s["kind"] == "СШИ" and s["number"] == "11" for s in catalog["schools"])


def test_rerun_skips_what_is_done_and_force_redoes(mixed: Path, imported: tuple[Path, subprocess.CompletedProcess[str]],
                                                   tmp_path: Path) -> None:
    out, _ = imported
    before = catalog_dump(str(out / "catalog.sqlite"))
    again = roadmap("import", str(mixed / "copies"), str(mixed / "broken" / "empty.docx"), "--out-dir", str(out), "--no-progress")
    assert "0 done now, 4 done before" in again.stderr
    assert again.returncode == 3  # the empty file is still failed
    assert catalog_dump(str(out / "catalog.sqlite")) == before
    forced = roadmap("import", str(mixed / "copies"), "--out-dir", str(out), "--force", "--no-progress")
    assert "3 done now" in forced.stderr


def test_export_streams_csv_and_jsonl(imported: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    out, _ = imported
    runner = CliRunner()
    csv_out = runner.invoke(cli, ["export", "--catalog", str(out / "catalog.sqlite"), "--format", "csv", "--what", "schools"])
    assert csv_out.exit_code == 0, csv_out.output + repr(csv_out.exception)
    header, *rows = csv_out.stdout.strip().splitlines()
    assert header == "sha256,position,kind,number,legal_form,name,director,school_id" and rows
    persons = runner.invoke(cli, ["export", "--catalog", str(out / "catalog.sqlite"), "--what", "persons"])
    names = {json.loads(line)["name"] for line in persons.stdout.splitlines()}
    assert {"И.В. Швайко", "Е.А. Наземкина"} <= names


def make_batch(folder: Path, count: int) -> Path:
    """`count` distinct orders: the text samples with a different number of trailing blank lines."""
    folder.mkdir()
    sources = sorted(SAMPLES.glob("*.txt"))
    for i in range(count):
        source = sources[i % len(sources)]
        (folder / f"{i:03d}-{source.name}").write_bytes(source.read_bytes() + b"\n" * (i + 1))
    return folder


def test_kill_minus_nine_and_rerun_give_the_same_catalog(tmp_path: Path) -> None:
    src = make_batch(tmp_path / "src", 200)
    whole = roadmap("import", str(src), "--out-dir", str(tmp_path / "whole"), "-j", "2", "--no-progress")
    assert whole.returncode == 0, whole.stderr
    out = tmp_path / "killed"
    proc = subprocess.Popen([sys.executable, "-m", "pipelines", "import", str(src), "--out-dir", str(out), "-j", "2",
                             "--no-progress"], cwd=ROOT, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        lines = (out / "manifest.jsonl").read_text(encoding="utf-8").count("\n") if (out / "manifest.jsonl").exists() else 0
        if lines >= 60:
            break
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    interrupted = len(manifest(out))
    assert 60 <= interrupted < 200
    rerun = roadmap("import", str(src), "--out-dir", str(out), "-j", "2", "--no-progress")
    assert rerun.returncode == 0, rerun.stderr
    assert "done before" in rerun.stderr
    assert catalog_dump(str(out / "catalog.sqlite")) == catalog_dump(str(tmp_path / "whole" / "catalog.sqlite"))
    assert sorted(p.name for p in (out / "json").iterdir()) == sorted(p.name for p in (tmp_path / "whole" / "json").iterdir())
    final = manifest(out)
    assert len(final) == 200 and {r["status"] for r in final.values()} == {"ok"}
    lines = (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len({json.loads(x)["path"] for x in lines})  # no file recorded twice


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("small")
    for name in SMALL:
        shutil.copyfile(SAMPLES / name, src / name)
    (src / "empty.pdf").write_bytes(b"")
    return src


def test_sqlite_and_postgresql_catalogs_hold_the_same_rows(small: Path, tmp_path: Path) -> None:
    lite = roadmap("import", str(small), "--out-dir", str(tmp_path / "lite"), "--no-progress")
    with postgres_server() as url:
        pg = roadmap("import", str(small), "--out-dir", str(tmp_path / "pg"), "--catalog", url, "--no-progress")
        assert pg.returncode == lite.returncode == 3, pg.stderr
        assert catalog_dump(url) == catalog_dump(str(tmp_path / "lite" / "catalog.sqlite"))


def test_ray_engine_gives_the_same_outputs_as_the_local_one(small: Path, tmp_path: Path) -> None:
    pytest.importorskip("ray")
    local = roadmap("import", str(small), "--out-dir", str(tmp_path / "local"), "-j", "2", "--no-progress")
    ray = roadmap("import", str(small), "--out-dir", str(tmp_path / "ray"), "--engine", "ray", "--no-progress")
    assert ray.returncode == local.returncode == 3, ray.stderr
    assert catalog_dump(str(tmp_path / "ray" / "catalog.sqlite")) == catalog_dump(str(tmp_path / "local" / "catalog.sqlite"))
    for output in (tmp_path / "local" / "json").iterdir():
        assert (tmp_path / "ray" / "json" / output.name).read_text(encoding="utf-8") == output.read_text(encoding="utf-8")
