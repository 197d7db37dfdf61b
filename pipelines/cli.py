"""The `roadmap` command: a thin click layer over pipelines.parse.

stdout carries only JSON; every message goes to stderr as one line naming the file.
"""

from __future__ import annotations

import json
import sys
import traceback
from pathlib import Path

import click

from pipelines.parse import DEFAULT_MAX_PAGES, NoRoadmapFound, Options, parse
from schemas.errors import EXIT_CODES, RoadmapError
from schemas.roadmap import Roadmap

EXIT_HELP = "\b\nExit codes:\n" + "\n".join(f"  {code}  {text}" for code, text in EXIT_CODES.items())


def dump(result: Roadmap, indent: int | None) -> str:
    return json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=indent)


def report(path: Path, code: str, message: str) -> None:
    click.echo(f"roadmap: {code} {path}: {message}", err=True)


def write_atomic(target: Path, text: str) -> None:
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(text + "\n", encoding="utf-8")
    tmp.replace(target)


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
    except Exception:  # the CLI boundary: a bug in our code, shown with its traceback
        report(path, "bug", "unexpected error, traceback follows")
        traceback.print_exc(file=sys.stderr)
        return None, 1
    for warning in result.warnings:
        if warning.code == "W_FORMAT" or warning.code in ("W_PAGES_SKIPPED",):
            report(path, f"warning[{warning.code}]", warning.message)
    return result, 0


@click.group(help="Turn Russian education orders that approve a roadmap of measures into JSON.")
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
def parse_command(files: tuple[Path, ...], out_dir: Path | None, max_pages: int, compact: bool) -> None:
    """Parse FILES (PDF, DOCX, text) and print the roadmap JSON, or write it with --out-dir.

    Several files without --out-dir print one JSON document per line.
    """
    options = Options(max_pages=max_pages)
    indent = None if compact or len(files) > 1 else 2
    if out_dir:
        out_dir.mkdir(parents=True, exist_ok=True)
    worst = 0
    for path in files:
        result, code = parse_one(path, options)
        worst = max(worst, code)
        if result is None:
            continue
        if out_dir:
            write_atomic(out_dir / f"{path.name}.json", dump(result, 2))
        else:
            click.echo(dump(result, indent))
    sys.exit(worst)


@cli.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of the output."""
    click.echo(json.dumps(Roadmap.model_json_schema(), ensure_ascii=False, indent=2))


def main() -> None:
    cli()
