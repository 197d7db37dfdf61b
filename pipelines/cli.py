"""The `roadmap` command: a thin click layer over pipelines.parse.

stdout carries only JSON; every message goes to stderr as one line naming the file.
"""

from __future__ import annotations

import json
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from pydantic import BaseModel
from sqlalchemy import Engine

from pipelines.catalog import DEFAULT_SERVE_CATALOG
from pipelines.limits import cap_jobs, limit_memory
from pipelines.output import write_atomic, writing
from pipelines.parse import DEFAULT_MAX_PAGES, NoRoadmapFound, Options, parse
from pipelines.serve.command import review_command, serve_command
from schemas.errors import EXIT_CODES, OutOfMemory, RoadmapError
from schemas.roadmap import Roadmap

STDERR_WARNINGS = {"W_FORMAT", "W_PAGES_SKIPPED"}  # the ones a person at the terminal must see
EXIT_HELP = "\b\nExit codes:\n" + "\n".join(f"  {code}  {text}" for code, text in EXIT_CODES.items())


def dump(result: BaseModel, indent: int | None) -> str:
    return json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=indent)


def report(path: Path | str, code: str, message: str) -> None:
    click.echo(f"roadmap: {code} {path}: {message}", err=True)


class Commands(click.Group):
    """The `roadmap` group: a RoadmapError that ends a whole command (not one input: a full disk,
    an out-dir or a catalog that cannot be used) is one line on stderr and its exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except RoadmapError as exc:
            report(exc.path or "roadmap", f"error[{exc.code}]", exc.message)
            sys.exit(exc.exit_code)


def parse_one(path: Path, options: Options) -> tuple[Roadmap | None, int]:
    """Parse one file; report problems on stderr; return the result and the exit code."""
    try:
        result = parse(path, options)
    except NoRoadmapFound as exc:
        report(path, f"error[{exc.code}]", exc.message)
        return exc.result, exc.exit_code
    except RoadmapError as exc:
        report(path, f"error[{exc.code}]", exc.message)
        return None, exc.exit_code
    except MemoryError:  # over --memory-limit: this file only, the next one starts afresh
        report(path, f"error[{OutOfMemory.code}]", "ran out of memory (over --memory-limit?)")
        return None, OutOfMemory.exit_code
    except Exception:  # the CLI boundary: a bug in our code, shown with its traceback
        report(path, "bug", "unexpected error, traceback follows")
        traceback.print_exc(file=sys.stderr)
        return None, 1
    for warning in result.warnings:
        if warning.code in STDERR_WARNINGS:
            report(path, f"warning[{warning.code}]", warning.message)
    return result, 0


def ocr_options(command: Callable[..., None]) -> Callable[..., None]:
    """--ocr, --lang, --dpi, --ner: how pages are read and annotated (shared by parse, import and compare)."""
    command = click.option("--dpi", default=300, show_default=True, type=click.IntRange(72, 1200),
                           help="Resolution scanned pages are rendered at for OCR.")(command)
    command = click.option("--lang", default="rus+eng", show_default=True,
                           help="Tesseract languages for OCR (Debian packages tesseract-ocr-<lang>).")(command)
    command = click.option("--ner", is_flag=True, help="Also run natasha's NER and the lemmatizer (slower; "
                           "changes no output on our samples and real documents).")(command)
    return click.option("--ocr", "ocr", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
                        help="auto: OCR the PDF pages whose text layer is missing or broken; always: every page; "
                             "never: leave such pages out (status partial).")(command)


@click.group(cls=Commands, help="Turn Russian education orders that approve a roadmap of measures into JSON.")
@click.version_option(package_name="roadmap")
def cli() -> None:
    pass


@cli.command("parse", epilog=EXIT_HELP)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write <file name>.json per input here (e.g. order.pdf.json), atomically.")
@click.option("--max-pages", default=DEFAULT_MAX_PAGES, show_default=True, type=click.IntRange(min=1),
              help="Read at most this many pages of a PDF (the rest is reported, status partial).")
@click.option("--compact", is_flag=True, help="One line per document (JSON Lines) instead of indented JSON.")
@ocr_options
@click.option("--progress", is_flag=True, help="Report OCR progress (page i of n) on stderr even when it is not a terminal.")
@click.option("--memory-limit", default=0.0, show_default=True, type=click.FloatRange(min=0),
              help="MiB this process may allocate (0: no limit); a file over it fails with E_MEMORY, the rest go on.")
def parse_command(files: tuple[Path, ...], out_dir: Path | None, max_pages: int, compact: bool, ocr: str, lang: str,
                  dpi: int, ner: bool, progress: bool, memory_limit: float) -> None:
    """Parse FILES (PDF, scanned PDF, DOCX, DOC, RTF, ODT, text) and print the roadmap JSON, or
    write it with --out-dir.

    Several files without --out-dir print one JSON document per line.
    """
    options = Options(max_pages=max_pages, ocr=ocr, lang=lang, dpi=dpi, progress=progress or sys.stderr.isatty(), ner=ner)
    indent = None if compact or len(files) > 1 else 2
    limit_memory(memory_limit)
    worst = 0
    for path in files:
        result, code = parse_one(path, options)
        if result is not None and out_dir:
            try:
                write_atomic(out_dir / f"{path.name}.json", dump(result, 2) + "\n")
            except RoadmapError as exc:  # disk full, read-only folder: said for this file, the next one is tried
                report(path, f"error[{exc.code}]", f"{exc.message}: {exc.path}")
                code = max(code, exc.exit_code)
        elif result is not None:
            click.echo(dump(result, indent))
        worst = max(worst, code)
    sys.exit(worst)


@cli.command("import", epilog=EXIT_HELP)
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--out-dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="JSON outputs (json/<sha256>.json), manifest.jsonl, failures.jsonl and the default catalog.")
@click.option("--catalog", help="SQLAlchemy URL or SQLite file [default: OUT_DIR/catalog.sqlite]; postgresql://… works.")
@click.option("-j", "--jobs", default=1, show_default=True, type=click.IntRange(min=1), help="Worker processes.")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True)
@click.option("--address", help="Ray cluster address (with --engine ray); a local Ray instance when omitted.")
@click.option("--force", is_flag=True, help="Redo files the manifest already has.")
@click.option("--retry-failed", is_flag=True, help="Redo files whose last import failed.")
@click.option("--time-limit", default=300.0, show_default=True, type=click.FloatRange(min=0.01), help="Seconds per file.")
@click.option("--memory-limit", default=3072.0, show_default=True, type=click.FloatRange(min=0),
              help="MiB a worker may use for one file (0: no limit).")
@click.option("--max-pages", default=DEFAULT_MAX_PAGES, show_default=True, type=click.IntRange(min=1))
@ocr_options
@click.option("--progress/--no-progress", default=None, help="Progress on stderr [default: on a terminal a live line, else log lines].")
def import_command(sources: tuple[Path, ...], out_dir: Path, catalog: str | None, jobs: int, engine: str,
                   address: str | None, force: bool, retry_failed: bool, time_limit: float, memory_limit: float,
                   max_pages: int, ocr: str, lang: str, dpi: int, ner: bool, progress: bool | None) -> None:
    """Import every file under SOURCES into a catalog: parallel, resumable, every file accounted for.

    Each input ends in one state in OUT_DIR/manifest.jsonl: ok, partial, failed or skipped (a
    duplicate by SHA-256). A rerun skips what is done; kill it at any moment and rerun.
    """
    from pipelines.batch import import_batch
    from pipelines.progress import Progress

    jobs, capped = cap_jobs(jobs)
    if capped:
        click.echo(f"roadmap: {capped}", err=True)
    reporter = Progress(0, enabled=progress is not False)
    summary = import_batch(list(sources), out_dir, catalog, jobs, engine, address, force, retry_failed, time_limit,
                           memory_limit, Options(max_pages=max_pages, ocr=ocr, lang=lang, dpi=dpi, ner=ner), reporter)
    c = summary.counts
    click.echo(
        f"roadmap: {sum(c.values())} files: ok {c['ok']}, partial {c['partial']}, failed {c['failed']}, "
        f"skipped {c['skipped']} (duplicates, special files); {summary.processed} done now, {summary.already} done "
        f"before; failures listed in {summary.failures}",
        err=True,
    )
    sys.exit(summary.exit_code)


@cli.command("export")
@click.option("--catalog", required=True, help="SQLAlchemy URL or SQLite file.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "xlsx"]), default="jsonl", show_default=True)
@click.option("--what", type=click.Choice(["measures", "documents", "schools", "persons", "executors", "warnings"]),
              default="measures", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write this file (atomically) instead of stdout; xlsx needs it when stdout is a terminal.")
def export_command(catalog: str, fmt: str, what: str, output: Path | None) -> None:
    """Stream rows out of a catalog as JSON Lines, CSV or an Excel workbook, on stdout or to --output.

    In CSV and xlsx, a text cell that a spreadsheet would run as a formula (it starts with = + - @, a
    tab or a carriage return) is written with a leading apostrophe; JSON Lines keep every value as stored."""
    from pipelines.catalog import catalog_errors, open_catalog, stream
    from pipelines.xlsx import export_target, write_export

    if fmt == "xlsx" and output is None and sys.stdout.isatty():
        click.echo("roadmap: export: an xlsx workbook is binary: give --output FILE or redirect stdout", err=True)
        sys.exit(2)
    engine = open_catalog(catalog, create=False)
    try:
        with catalog_errors(catalog), export_target(output) as out:
            write_export(stream(engine, what), out, fmt, what)
    finally:
        engine.dispose()


@cli.group("token")
def token_group() -> None:
    """API tokens of `roadmap serve`: every write to the server needs one (kept hashed in its catalog)."""


def serve_catalog(command: Callable[..., None]) -> Callable[..., None]:
    return click.option("--catalog", default=DEFAULT_SERVE_CATALOG, show_default=True,
                        help="SQLAlchemy URL or SQLite file of the server's catalog.")(command)


def open_serve_catalog(url: str, create: bool) -> Engine:
    """The server's catalog, migrated (an older one gains the tokens table); made, with its folder,
    only when `create`."""
    from pipelines.catalog import catalog_errors, migrate, open_catalog

    if create and "://" not in url:
        with writing(url):
            Path(url).parent.mkdir(parents=True, exist_ok=True)
    engine = open_catalog(url, create=create)
    with catalog_errors(url):
        migrate(engine)
    return engine


@token_group.command("create")
@click.argument("name")
@serve_catalog
def token_create_command(name: str, catalog: str) -> None:
    """Make a token called NAME (who or what uses it) and print its secret, this once."""
    from pipelines.catalog import catalog_errors
    from pipelines.tokens import create_token

    engine = open_serve_catalog(catalog, create=True)
    try:
        with catalog_errors(catalog):
            token_id, secret = create_token(engine, name)
    finally:
        engine.dispose()
    click.echo(secret)
    click.echo(f"roadmap: token {token_id} ({name}): the secret above is shown only once, keep it now", err=True)


@token_group.command("list")
@serve_catalog
@click.option("--json", "as_json", is_flag=True, help="A JSON array instead of a table.")
def token_list_command(catalog: str, as_json: bool) -> None:
    """The tokens (never their secrets): id, name, when made, last used and revoked."""
    from pipelines.catalog import catalog_errors
    from pipelines.tokens import list_tokens

    engine = open_serve_catalog(catalog, create=False)
    try:
        with catalog_errors(catalog):
            found = list_tokens(engine)
    finally:
        engine.dispose()
    if as_json:
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    columns = ["token_id", "name", "created", "last_used", "revoked"]
    lines = [columns] + [[str(t[c] or "-") for c in columns] for t in found]
    widths = [max(len(line[i]) for line in lines) for i in range(len(columns))]
    for line in lines:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip())


@token_group.command("revoke")
@click.argument("token_id")
@serve_catalog
def token_revoke_command(token_id: str, catalog: str) -> None:
    """Revoke TOKEN_ID: the server refuses its secret from now on."""
    from pipelines.catalog import catalog_errors, shown
    from pipelines.tokens import revoke_token

    engine = open_serve_catalog(catalog, create=False)
    try:
        with catalog_errors(catalog):
            known = revoke_token(engine, token_id)
    finally:
        engine.dispose()
    if not known:
        click.echo(f"roadmap: token: no token {token_id} in {shown(catalog)}", err=True)
        sys.exit(2)
    click.echo(f"roadmap: token {token_id} revoked", err=True)


@cli.command("compare", epilog=EXIT_HELP)
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--catalog", help="Also compare every document with a result in this catalog (SQLAlchemy URL or SQLite file).")
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path), help="Write the HTML report here.")
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path), help="Write the comparison JSON here.")
@click.option("--max-pages", default=DEFAULT_MAX_PAGES, show_default=True, type=click.IntRange(min=1))
@ocr_options
def compare_command(inputs: tuple[Path, ...], catalog: str | None, html_path: Path | None, json_path: Path | None,
                    max_pages: int, ocr: str, lang: str, dpi: int, ner: bool) -> None:
    """Compare roadmaps across cities: categories, metrics, timelines, aligned measures.

    INPUTS are roadmap JSON files, source documents (parsed now) or folders of either. Without
    --html and --json the comparison JSON goes to stdout. An input that cannot be read is reported
    and left out; the exit code is the worst of them.
    """
    from pipelines.compare.build import compare
    from pipelines.compare.inputs import expand, from_catalog, load
    from pipelines.compare.report import render

    if not inputs and not catalog:
        raise click.UsageError("give INPUTS, --catalog, or both")
    options = Options(max_pages=max_pages, ocr=ocr, lang=lang, dpi=dpi, ner=ner)
    loaded, worst = [], 0
    for path in expand(list(inputs)):
        try:
            loaded.append(load(path, options))
        except RoadmapError as exc:
            report(path, f"error[{exc.code}]", exc.message)
            worst = max(worst, exc.exit_code)
    if catalog:
        loaded.extend(from_catalog(catalog))
    if not loaded:
        click.echo("roadmap: compare: no roadmap to compare", err=True)
        sys.exit(worst or 4)
    target = html_path or json_path
    comparison = compare(loaded, target.resolve().parent if target else Path.cwd())
    text = dump(comparison, 2) + "\n"
    if json_path:
        write_atomic(json_path, text)
    if html_path:
        write_atomic(html_path, render(comparison))
    if not (json_path or html_path):
        click.echo(text, nl=False)
    click.echo(f"roadmap: compared {len(comparison.plans)} plans, {len(comparison.measures)} measures", err=True)
    sys.exit(worst)


@cli.command("schema")
@click.option("--comparison", is_flag=True, help="The schema of `roadmap compare --json` instead.")
@click.option("--strict", is_flag=True, help="The strict variant: no property beyond those declared (for testing "
                                             "our own output; consumers use the published, open schema).")
def schema_command(comparison: bool, strict: bool) -> None:
    """Print the JSON Schema of the output (of `parse`, or of `compare` with --comparison)."""
    from schemas.comparison import Comparison
    from schemas.roadmap import json_schema

    schema = Comparison.model_json_schema() if comparison else json_schema(strict)
    click.echo(json.dumps(schema, ensure_ascii=False, indent=2))


cli.add_command(serve_command)
cli.add_command(review_command)


def main() -> None:
    cli()
