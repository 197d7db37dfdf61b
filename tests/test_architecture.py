"""The layout the design card asks for, and the dependency direction schemas ← extract ← pipelines."""

from __future__ import annotations

import ast

import pytest
from conftest import ROOT

import extract
import pipelines
import schemas

ALLOWED = {"schemas": {"schemas"}, "extract": {"schemas", "extract"}, "pipelines": {"schemas", "extract", "pipelines"}}


def test_packages_resolve_inside_the_repo() -> None:
    for package in (extract, schemas, pipelines):
        assert package.__file__ and package.__file__.startswith(str(ROOT))


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_dependency_direction(package: str) -> None:
    for path in (ROOT / package).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) and node.level == 0 else [])
            for name in names:
                top = name.split(".")[0]
                if top in ALLOWED:
                    assert top in ALLOWED[package], f"{path.relative_to(ROOT)} imports {name}"


def test_modules_stay_small() -> None:
    for package in ALLOWED:
        for path in (ROOT / package).rglob("*.py"):
            assert len(path.read_text(encoding="utf-8").splitlines()) <= 400, path


def test_sample_builders_ask_nothing_of_the_code_under_test() -> None:
    """The samples' layout comes from their own descriptions, never from extract/ or pipelines/."""
    for path in (ROOT / "samples").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n.split(".")[0] in ALLOWED for n in names), f"{path.name} imports {names}"
