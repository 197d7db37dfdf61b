"""`roadmap serve` and `roadmap review`: the click commands (registered on the group in pipelines/cli.py)."""

from __future__ import annotations

import logging
import signal
import sys
from collections.abc import Callable
from pathlib import Path

import click

from pipelines.catalog import DEFAULT_SERVE_CATALOG, open_catalog
from pipelines.limits import cap_jobs
from pipelines.serve.settings import Settings


def server_options(command: Callable[..., None]) -> Callable[..., None]:
    options = [
        click.option("--catalog", default=DEFAULT_SERVE_CATALOG, show_default=True,
                     help="SQLAlchemy URL or SQLite file (the same catalog as `roadmap import`)."),
        click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path),
                     help="Uploaded originals and their JSON [default: the SQLite catalog's folder, else ./roadmap-data]."),
        click.option("--host", default="127.0.0.1", show_default=True,
                     help="Address to listen on; beyond loopback, reads need a token too."),
        click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535)),
        click.option("-j", "--jobs", default=1, show_default=True, type=click.IntRange(min=1), help="Worker processes for jobs."),
        click.option("--max-upload-mb", default=64.0, show_default=True, type=click.FloatRange(min=0.001)),
        click.option("--time-limit", default=300.0, show_default=True, type=click.FloatRange(min=0.01), help="Seconds per file."),
        click.option("--memory-limit", default=2048.0, show_default=True, type=click.FloatRange(min=0),
                     help="MiB a worker may use for one file (0: no limit)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def settings_of(catalog: str, data_dir: Path | None, host: str, port: int, jobs: int, max_upload_mb: float,
                time_limit: float, memory_limit: float) -> Settings:
    if data_dir is None:
        data_dir = Path(catalog).parent if "://" not in catalog else Path("roadmap-data")
    data_dir = data_dir.resolve()  # job sources and documents.path are kept absolute
    capped, note = cap_jobs(jobs)
    if note:
        click.echo(f"roadmap: {note}", err=True)
    return Settings(catalog=catalog, data_dir=data_dir, host=host, port=port, jobs=capped, max_upload_mb=max_upload_mb,
                    time_limit=time_limit, memory_mb=memory_limit)


def run(settings: Settings) -> None:
    import uvicorn

    from pipelines.serve.app import create_app

    logging.basicConfig(level=logging.INFO, format="roadmap: %(message)s")
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    if "://" not in settings.catalog:  # an SQLite file: its folder too
        Path(settings.catalog).resolve().parent.mkdir(parents=True, exist_ok=True)
    app = create_app(settings)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning", access_log=False)


@click.command("serve")
@server_options
def serve_command(**options: object) -> None:
    """Serve the HTTP API (/v1, docs at /docs) and the review pages (/review) over a catalog.

    Writes (uploads, corrections) need a token from `roadmap token create`; reads need one only
    when --host is not a loopback address.
    """
    settings = settings_of(**options)  # type: ignore[arg-type]
    click.echo(f"roadmap: serving http://{settings.host}:{settings.port}/ (API docs at /docs)", err=True)
    run(settings)


@click.command("review")
@click.argument("folder", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@server_options
def review_command(folder: Path | None, **options: object) -> None:
    """Import FOLDER (if given) into the catalog, then serve the review pages and print their URL
    with a fresh write token (in the URL's fragment: it never reaches a log)."""
    from pipelines.batch import import_batch
    from pipelines.parse import Options
    from pipelines.progress import Progress
    from pipelines.tokens import create_token, revoke_token

    settings = settings_of(**options)  # type: ignore[arg-type]
    if folder is not None:
        summary = import_batch([folder], settings.data_dir, settings.catalog, settings.jobs, "local", None, False, False,
                               settings.time_limit, settings.memory_mb, Options(), Progress(0, enabled=True))
        click.echo(f"roadmap: imported {folder}: {dict(summary.counts)}", err=True)
    engine = open_catalog(settings.catalog, create=True)
    token_id, secret = create_token(engine, "review")
    click.echo(f"http://{settings.host}:{settings.port}/review#token={secret}")
    # uvicorn raises the signal that stopped it again once it is down: SIGTERM then ends the process
    # through this handler (SystemExit), so the `finally` below still runs, as it does for Ctrl-C
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        run(settings)
    finally:  # the link's token lives as long as this server
        revoke_token(engine, token_id)
        engine.dispose()
