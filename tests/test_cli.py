"""The CLI: stdout carries only JSON, every command has help, exit codes are documented."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, SAMPLES

from pipelines.cli import cli
from schemas.errors import EXIT_CODES
from schemas.roadmap import Roadmap

SAMPLE = SAMPLES / "003_428be283de85d631.docx"


def test_parse_prints_only_json() -> None:
    result = CliRunner().invoke(cli, ["parse", str(SAMPLE)])
    assert result.exit_code == 0
    assert result.stderr == ""
    data = json.loads(result.stdout)
    Roadmap.model_validate(data)
    assert data["document"]["number"] == "82"
    assert "Рассказово" in result.stdout  # Cyrillic is not escaped


def test_several_files_print_json_lines() -> None:
    files = [str(SAMPLES / f"003_428be283de85d631.{ext}") for ext in ("txt", "docx", "pdf")]
    result = CliRunner().invoke(cli, ["parse", *files])
    lines = result.stdout.strip().splitlines()
    assert result.exit_code == 0 and len(lines) == 3
    assert [json.loads(line)["source"]["format"] for line in lines] == ["txt", "docx", "pdf"]


def test_out_dir_writes_one_file_per_input(tmp_path: Path) -> None:
    files = [SAMPLES / f"004_8441008dc737254c.{ext}" for ext in ("txt", "pdf")]
    result = CliRunner().invoke(cli, ["parse", *map(str, files), "--out-dir", str(tmp_path / "out")])
    assert result.exit_code == 0 and result.stdout == ""
    written = sorted((tmp_path / "out").iterdir())
    assert [p.name for p in written] == [f"{f.name}.json" for f in sorted(files)]
    assert json.loads(written[0].read_text(encoding="utf-8"))["plan"]["measures"][20]["number"] == "21"
    assert not list((tmp_path / "out").glob(".*.tmp"))


def test_usage_error_exits_2() -> None:
    assert CliRunner().invoke(cli, ["parse"]).exit_code == 2
    assert CliRunner().invoke(cli, ["parse", str(SAMPLE), "--max-pages", "0"]).exit_code == 2


def test_exit_codes_are_documented_in_help_and_readme() -> None:
    help_text = CliRunner().invoke(cli, ["parse", "--help"]).stdout
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for code in EXIT_CODES:
        assert f"  {code}  " in help_text
        assert f"| {code} |" in readme


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help_and_is_in_the_readme(name: str) -> None:
    command = cli.commands[name]
    assert command.help
    assert f"roadmap {name}" in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("args", "name"), [([], "roadmap"), (["--strict"], "roadmap.strict"), (["--comparison"], "comparison")])
def test_committed_schema_is_current(args: list[str], name: str) -> None:
    result = CliRunner().invoke(cli, ["schema", *args])
    committed = (ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")
    assert json.loads(result.stdout) == json.loads(committed), "run `make schema`"
