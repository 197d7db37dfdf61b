"""An archive as it really is: odd file names, links, pipes, an out-dir inside the source, runs that
overlap, a full disk, a catalog that is not there. Each test is built from a trigger that once
stopped a batch, hung it or lost data (issue #11)."""

from __future__ import annotations

import base64
import json
import multiprocessing
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, SAMPLES
from pgserver import postgres_server

from pipelines.catalog import dump, engine_for, open_catalog, store
from pipelines.limits import cap_jobs
from pipelines.output import spreadsheet_safe
from pipelines.parse import parse

ORDER = SAMPLES / "000_99be7f6383da38e8.txt"
OTHER = SAMPLES / "003_428be283de85d631.txt"
ODD_NAME = os.fsdecode(b"\xcf\xf0\xe8\xea\xe0\xe7 \xb91.txt")  # «Приказ №1.txt» in cp1251: not UTF-8


def roadmap(*args: str, fsize: int | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    def cap() -> None:
        if fsize is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    return subprocess.run([sys.executable, "-m", "pipelines", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=timeout, preexec_fn=cap)


def records(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]


def catalog_rows(url: str, what: str = "documents") -> list[dict[str, Any]]:
    engine = engine_for(url)
    try:
        return dump(engine)[what]
    finally:
        engine.dispose()


def no_traceback(proc: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in proc.stderr, proc.stderr


def test_an_archive_of_odd_entries_is_imported_and_every_entry_accounted_for(tmp_path: Path) -> None:
    src = tmp_path / "archive"
    src.mkdir()
    shutil.copyfile(ORDER, src / "order.txt")
    shutil.copyfile(OTHER, os.path.join(os.fsencode(src), os.fsencode(ODD_NAME)))
    os.mkfifo(src / "pipe.txt")
    (src / "a").symlink_to("b")
    (src / "b").symlink_to("a")
    (src / "dangling.pdf").symlink_to("nowhere.pdf")
    (src / "up").symlink_to("..")
    proc = roadmap("import", str(src), "--out-dir", str(tmp_path / "out"), "--no-progress", timeout=120)
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    by_name = {Path(r["path"]).name: r for r in records(tmp_path / "out")}
    assert by_name["order.txt"]["status"] == "ok"
    odd = next(r for r in by_name.values() if "path_bytes" in r)
    assert odd["status"] == "ok"
    assert os.fsdecode(base64.b64decode(odd["path_bytes"])) == str(src / ODD_NAME)
    assert by_name["pipe.txt"]["status"] == "skipped" and by_name["pipe.txt"]["error_code"] == "W_NOT_A_FILE"
    assert {by_name[n]["error_code"] for n in ("a", "b", "dangling.pdf")} == {"W_LINK"}
    rows = catalog_rows(str(tmp_path / "out" / "catalog.sqlite"))
    assert len(rows) == 2
    again = roadmap("import", str(src), "--out-dir", str(tmp_path / "out"), "--no-progress", timeout=120)
    assert again.returncode == 0, again.stderr
    assert "0 done now" in again.stderr


def test_an_out_dir_that_is_the_source_never_imports_its_own_outputs(tmp_path: Path) -> None:
    shutil.copyfile(ORDER, tmp_path / "order.txt")
    for _ in range(2):
        proc = roadmap("import", str(tmp_path), "--out-dir", str(tmp_path), "--no-progress")
        assert proc.returncode == 0, proc.stderr
    assert [Path(r["path"]).name for r in records(tmp_path)] == ["order.txt"]
    assert len(catalog_rows(str(tmp_path / "catalog.sqlite"))) == 1


def test_parse_writes_a_file_whose_name_is_not_utf8(tmp_path: Path) -> None:
    source = Path(os.path.join(os.fsencode(tmp_path), os.fsencode(ODD_NAME)).decode("utf-8", "surrogateescape"))
    shutil.copyfile(ORDER, source)
    proc = roadmap("parse", str(source), "--out-dir", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    [written] = (tmp_path / "out").iterdir()
    assert json.loads(written.read_text(encoding="utf-8"))["source"]["file"].endswith("1.txt")


def test_a_full_disk_stops_the_batch_once_leaves_no_temp_file_and_a_rerun_completes(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for sample in (ORDER, OTHER):
        shutil.copyfile(sample, src / sample.name)
    out = tmp_path / "out"
    full = roadmap("import", str(src), "--out-dir", str(out), "--no-progress", fsize=64 * 1024)
    no_traceback(full)
    assert full.returncode == 6
    assert full.stderr.count("E_DISK_FULL") == 1, full.stderr
    assert not list(out.rglob("*.tmp"))
    rerun = roadmap("import", str(src), "--out-dir", str(out), "--no-progress")
    assert rerun.returncode == 0, rerun.stderr
    assert {r["status"] for r in records(out)} == {"ok"}
    assert len(catalog_rows(str(out / "catalog.sqlite"))) == 2


def test_parse_goes_on_past_a_full_disk_and_says_so_per_file(tmp_path: Path) -> None:
    proc = roadmap("parse", str(ORDER), str(OTHER), "--out-dir", str(tmp_path), fsize=4096)
    no_traceback(proc)
    assert proc.returncode == 6
    lines = proc.stderr.strip().splitlines()
    assert [line.split(" ")[1] for line in lines] == ["error[E_DISK_FULL]"] * 2
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("command", ["parse", "import", "compare"])
def test_an_out_dir_that_cannot_be_written_is_one_line_and_exit_6(tmp_path: Path, command: str) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    target = blocker / "out"
    args = {"parse": ["parse", str(ORDER), "--out-dir", str(target)],
            "import": ["import", str(ORDER), "--out-dir", str(target), "--no-progress"],
            "compare": ["compare", str(ORDER), "--html", str(target / "report.html")]}[command]
    proc = roadmap(*args)
    no_traceback(proc)
    assert proc.returncode == 6
    assert "error[E_OUTPUT]" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1, proc.stderr


@pytest.mark.parametrize("url", ["postgresql://nobody@127.0.0.1:1/none", "foo://x", "mysql://u@localhost/db",
                                 "/no/such/folder/catalog.sqlite"])
def test_a_catalog_that_cannot_be_reached_is_one_line_and_exit_6(tmp_path: Path, url: str) -> None:
    for args in (["import", str(ORDER), "--out-dir", str(tmp_path / "out"), "--catalog", url, "--no-progress"],
                 ["export", "--catalog", url]):
        proc = roadmap(*args)
        no_traceback(proc)
        assert proc.returncode == 6, proc.stderr
        assert "error[E_CATALOG]" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1, proc.stderr


@pytest.mark.parametrize("form", ["path", "url"])
def test_export_from_a_mistyped_sqlite_path_creates_nothing(tmp_path: Path, form: str) -> None:
    typo = tmp_path / "catalgo.sqlite"
    proc = roadmap("export", "--catalog", str(typo) if form == "path" else f"sqlite:///{typo}")
    assert proc.returncode == 6 and "no catalog here" in proc.stderr
    assert not list(tmp_path.iterdir())


def test_a_manifest_line_cut_by_another_run_loses_no_later_record(tmp_path: Path) -> None:
    from pipelines.batch import Manifest
    from pipelines.worker import manifest_record

    path = tmp_path / "manifest.jsonl"
    first, second = (manifest_record(f"/a/{n}.txt", n * 64, "ok") for n in "12")
    path.write_bytes((json.dumps(first) + "\n").encode() + b'{"path": "/a/cut')  # a run killed mid-line
    manifest = Manifest(path)
    manifest.close()
    assert path.read_bytes().endswith(b"\n")  # the unfinished end is cut off
    path.write_bytes(path.read_bytes() + b'{"path": "/a/cut-again')  # another run dies mid-line...
    other = Manifest.__new__(Manifest)  # ... while this one had it open: its append starts a new line
    other.path, other.records, other.fh = path, {}, path.open("a+b", buffering=0)
    other.append(second)
    other.close()
    reread = Manifest(path)
    reread.close()
    assert set(reread.records) == {"/a/1.txt", "/a/2.txt"}


def test_csv_export_neutralizes_cells_a_spreadsheet_would_run(tmp_path: Path) -> None:
    result = parse(ORDER).model_dump(mode="json")
    payloads = ["=HYPERLINK(\"http://x\";\"y\")", "+7 (900) 000", "-1+1", "@SUM(A1)"]
    for measure, payload in zip(result["plan"]["measures"], payloads):
        measure["text"] = payload
    url = str(tmp_path / "catalog.sqlite")
    engine = open_catalog(url, create=True)
    store(engine, {"sha256": result["source"]["sha256"], "path": str(ORDER), "status": "ok"}, result)
    engine.dispose()
    csv_out = roadmap("export", "--catalog", url, "--format", "csv")
    assert csv_out.returncode == 0, csv_out.stderr
    for payload in payloads:
        assert f"'{payload}" in csv_out.stdout.replace('""', '"')
    jsonl = roadmap("export", "--catalog", url)
    texts = [json.loads(line)["text"] for line in jsonl.stdout.splitlines()]
    assert texts[:4] == payloads  # JSON Lines keep the values as stored


def test_spreadsheet_safe_leaves_ordinary_values_alone() -> None:
    assert spreadsheet_safe("Проведение совещания") == "Проведение совещания"
    assert spreadsheet_safe(12) == 12 and spreadsheet_safe(None) is None
    assert spreadsheet_safe("\t=1") == "'\t=1"


def test_jobs_are_capped_at_the_cores(tmp_path: Path) -> None:
    cores = len(os.sched_getaffinity(0))
    assert cap_jobs(cores) == (cores, None)
    capped, note = cap_jobs(1000)
    assert capped == cores and note and "1000" in note
    proc = roadmap("import", str(ORDER), "--out-dir", str(tmp_path), "-j", "1000", "--no-progress")
    assert proc.returncode == 0, proc.stderr
    assert f"capped at {cores}" in proc.stderr


def test_parse_memory_limit_fails_the_file_over_it_and_goes_on(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    huge.write_text("Приказ об утверждении плана мероприятий\n" * 3_000_000, encoding="utf-8")  # 234 MB
    try:
        proc = roadmap("parse", str(huge), str(ORDER), "--memory-limit", "700")
    finally:
        huge.unlink()
    no_traceback(proc)
    assert proc.returncode == 3
    assert proc.stderr.startswith(f"roadmap: error[E_MEMORY] {huge}: ") and len(proc.stderr.splitlines()) == 1
    assert json.loads(proc.stdout)["plan"]["measures"]  # the next file was read within the limit


def first_store(url: str, result: dict[str, Any], barrier: Any, i: int) -> None:
    barrier.wait()
    engine = open_catalog(url, create=True)
    try:
        shared = {"sha256": result["source"]["sha256"], "path": f"copy-{i}.txt", "status": "ok"}
        store(engine, shared, result)  # every run stores the same document: overlapping --force imports
        own = dict(result, source=dict(result["source"], sha256=f"{i:064d}"))
        store(engine, {"sha256": f"{i:064d}", "path": f"own-{i}.txt", "status": "ok"}, own)
    finally:
        engine.dispose()


def run_at_once(url: str, runs: int) -> list[int | None]:
    result = parse(ORDER).model_dump(mode="json")
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(runs)
    processes = [context.Process(target=first_store, args=(url, result, barrier, i)) for i in range(runs)]
    for p in processes:
        p.start()
    for p in processes:
        p.join(120)
    return [p.exitcode for p in processes]


def test_first_runs_at_once_on_a_fresh_sqlite_catalog_all_succeed(tmp_path: Path) -> None:
    url = str(tmp_path / "catalog.sqlite")
    assert run_at_once(url, 6) == [0] * 6
    assert len(catalog_rows(url)) == 7
    assert len(catalog_rows(url, "measures")) == 7 * len(parse(ORDER).plan.measures)  # type: ignore[union-attr]


def test_first_runs_at_once_on_a_fresh_postgresql_catalog_all_succeed() -> None:
    with postgres_server() as url:
        assert run_at_once(url, 6) == [0] * 6
        assert len(catalog_rows(url)) == 7


def test_imports_started_at_once_into_one_fresh_out_dir_all_succeed(tmp_path: Path) -> None:
    procs = [subprocess.Popen([sys.executable, "-m", "pipelines", "import", str(ORDER), "--out-dir", str(tmp_path),
                               "--no-progress", "--force"], cwd=ROOT, stderr=subprocess.PIPE, text=True)
             for _ in range(3)]
    errors = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], errors
    assert len(catalog_rows(str(tmp_path / "catalog.sqlite"))) == 1
    assert {r["status"] for r in records(tmp_path)} == {"ok"}


def test_a_rerun_removes_the_temp_files_of_a_killed_run_only(tmp_path: Path) -> None:
    """kill -9 between a JSON's write and its rename leaves `.x.json.<host>.<pid>.<tid>.tmp`: the
    rerun removes it when that process is dead, never a live writer's."""
    from pipelines.output import TEMP_MARK, stale_temp_files

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    zombie = subprocess.Popen([sys.executable, "-c", "pass"])  # ended, not reaped: as a killed worker
    time.sleep(1.5)
    json_dir = tmp_path / "json"
    json_dir.mkdir()
    leftover = json_dir / f".a.json.{TEMP_MARK}.{dead.pid}.1.tmp"
    of_zombie = json_dir / f".z.json.{TEMP_MARK}.{zombie.pid}.1.tmp"
    live = json_dir / f".b.json.{TEMP_MARK}.{os.getpid()}.1.tmp"
    other_host = json_dir / f".c.json.otherhost.{dead.pid}.1.tmp"
    for path in (leftover, of_zombie, live, other_host):
        path.write_text("{")
    assert sorted(stale_temp_files(json_dir)) == sorted([leftover, of_zombie])
    zombie.wait()
    src = tmp_path / "src"
    src.mkdir()
    (src / "x.txt").write_bytes((SAMPLES / "order-kaluga-2024.txt").read_bytes())
    subprocess.run([sys.executable, "-m", "pipelines", "import", str(src), "--out-dir", str(tmp_path),
                    "--no-progress"], cwd=ROOT, check=True, capture_output=True)
    assert not leftover.exists() and not of_zombie.exists() and live.exists() and other_host.exists()
