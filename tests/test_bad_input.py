"""Bad input: one clear line on stderr naming the file and the reason, the documented exit code,
no traceback; a batch goes on and reports every failure."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SAMPLES
from docx import Document as new_docx

from pipelines.cli import cli

PDF_SAMPLE = SAMPLES / "000_99be7f6383da38e8.pdf"
DOCX_SAMPLE = SAMPLES / "000_99be7f6383da38e8.docx"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["parse", *args])
    return result.exit_code, result.stdout, result.stderr


def assert_one_line_error(stderr: str, path: Path, code: str) -> None:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith(f"roadmap: error[{code}] {path}: ")
    assert "Traceback" not in stderr


def make_docx(path: Path, paragraphs: list[str], table: list[list[str]] | None = None) -> Path:
    document = new_docx()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        out = document.add_table(rows=0, cols=len(table[0]))
        for row in table:
            for cell, text in zip(out.add_row().cells, row):
                cell.text = text
    document.save(str(path))
    return path


def rezip(source: Path, target: Path, replace: dict[str, bytes], extra: dict[str, int] | None = None) -> Path:
    """Copy a DOCX, replacing members and adding `extra` members of N zero bytes."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, replace.get(item.filename, zin.read(item.filename)))
        for name, size in (extra or {}).items():
            with zout.open(name, "w") as stream:
                block = bytes(1024 * 1024)
                for _ in range(size // len(block)):
                    stream.write(block)
    return target


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("empty.pdf", b"", "E_EMPTY"),
        ("picture.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "E_FORMAT"),
        ("garbage.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 40, "E_CORRUPT"),
        ("not-a-zip.docx", "Приказ без архива".encode(), "E_CORRUPT"),
        ("binary.docx", bytes(range(256)) * 8, "E_CORRUPT"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "E_CORRUPT"),
        ("locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le") + bytes(600), "E_ENCRYPTED"),
    ],
)
def test_unreadable_files_exit_3(tmp_path: Path, name: str, content: bytes, code: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    exit_code, stdout, stderr = run(str(path))
    assert exit_code == 3
    assert stdout == ""
    assert_one_line_error(stderr, path, code)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.pdf"
    assert run(str(missing))[0] == 3
    assert_one_line_error(run(str(missing))[2], missing, "E_MISSING")
    code, _, stderr = run(str(tmp_path))
    assert code == 3
    assert_one_line_error(stderr, tmp_path, "E_MISSING")


def test_truncated_pdf(tmp_path: Path) -> None:
    data = PDF_SAMPLE.read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: len(data) // 2])
    code, _, stderr = run(str(path))
    assert code == 3
    assert_one_line_error(stderr, path, "E_CORRUPT")


def test_encrypted_pdf(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(PDF_SAMPLE).pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    code, _, stderr = run(str(path))
    assert code == 3
    assert_one_line_error(stderr, path, "E_ENCRYPTED")


def test_pdf_name_with_docx_content_is_read_as_docx(tmp_path: Path) -> None:
    path = tmp_path / "mislabelled.pdf"
    shutil.copyfile(DOCX_SAMPLE, path)
    code, stdout, stderr = run(str(path))
    assert code == 0
    result = json.loads(stdout)
    assert result["source"]["format"] == "docx"
    assert len(result["plan"]["measures"]) == 11
    assert stderr.strip() == f"roadmap: warning[W_FORMAT] {path}: the name says .pdf but the content is DOCX: read as DOCX"


def test_document_without_a_table_exits_4_with_requisites(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "no-table.docx", ["ПРИКАЗ", "12.01.2024 № 7", "Об итогах олимпиады школьников",
                                                  "По итогам муниципального этапа олимпиады приказываю наградить победителей."])
    code, stdout, stderr = run(str(path))
    assert code == 4
    result = json.loads(stdout)
    assert result["plan"] is None
    assert result["document"]["doc_type"] == "приказ"
    assert result["document"]["number"] == "7"
    assert_one_line_error(stderr, path, "E_NO_ROADMAP")


def test_non_russian_document_exits_4(tmp_path: Path) -> None:
    path = make_docx(
        tmp_path / "english.docx",
        ["ORDER No 12", "On the approval of the action plan for school quality"],
        [["No", "Measure", "Deadline", "Responsible"], ["1", "Form a working group of teachers", "March 2024", "J. Smith"],
         ["2", "Analyse the results of national tests", "May 2024", "Education department"]],
    )
    code, _, stderr = run(str(path))
    assert code == 4
    assert_one_line_error(stderr, path, "E_LANGUAGE")


def test_docx_zip_bomb_is_refused(tmp_path: Path) -> None:
    path = rezip(DOCX_SAMPLE, tmp_path / "bomb.docx", {}, {"word/media/image1.bin": 300 * 1024 * 1024})
    assert path.stat().st_size < 2 * 1024 * 1024
    code, _, stderr = run(str(path))
    assert code == 3
    assert_one_line_error(stderr, path, "E_UNSAFE")


def test_docx_with_external_entities_is_refused_and_nothing_fetched(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", encoding="utf-8")
    xml = zipfile.ZipFile(DOCX_SAMPLE).read("word/document.xml").decode("utf-8")
    head, _, body = xml.partition("?>")
    evil = f'{head}?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret}">]>{body}'
    evil = evil.replace("АДМИНИСТРАЦИЯ", "&xxe;", 1)
    path = rezip(DOCX_SAMPLE, tmp_path / "xxe.docx", {"word/document.xml": evil.encode("utf-8")})
    code, stdout, stderr = run(str(path))
    assert code == 3
    assert "TOPSECRET" not in stdout + stderr
    assert_one_line_error(stderr, path, "E_UNSAFE")


def test_batch_goes_on_and_exits_with_the_worst_code(tmp_path: Path) -> None:
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    out = tmp_path / "out"
    code, _, stderr = run(str(empty), str(PDF_SAMPLE), str(DOCX_SAMPLE), "--out-dir", str(out))
    assert code == 3
    assert sorted(p.name for p in out.iterdir()) == [f"{DOCX_SAMPLE.name}.json", f"{PDF_SAMPLE.name}.json"]
    assert len(stderr.strip().splitlines()) == 1


def thousand_page_pdf(path: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    pages = PdfReader(SAMPLES / "001_79645f60140932b3.pdf").pages
    writer = PdfWriter()
    for n in range(1000):
        writer.add_page(pages[n % len(pages)])
    with path.open("wb") as fh:
        writer.write(fh)
    return path


@pytest.mark.slow
def test_thousand_page_pdf_reads_max_pages_with_bounded_memory(tmp_path: Path) -> None:
    path = thousand_page_pdf(tmp_path / "huge.pdf")
    script = (
        "import resource, sys; from pipelines.cli import main; sys.argv=['roadmap','parse',sys.argv[1],"
        "'--max-pages','40','--out-dir',sys.argv[2]]\ntry: main()\nexcept SystemExit as e: code=e.code\n"
        "print(code, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)"
    )
    proc = subprocess.run([sys.executable, "-c", script, str(path), str(tmp_path)],
                          capture_output=True, text=True, timeout=600)
    lines = proc.stderr.strip().splitlines()
    assert lines[0] == f"roadmap: warning[W_PAGES_SKIPPED] {path}: read 40 of 1000 pages (--max-pages)", proc.stderr
    code, peak_kib = lines[-1].split()
    assert code == "0"
    assert int(peak_kib) < 600 * 1024, f"peak memory {int(peak_kib) // 1024} MiB"
    result = json.loads((tmp_path / "huge.pdf.json").read_text(encoding="utf-8"))
    assert result["status"] == "partial"
    assert result["source"]["pages"] == 1000
