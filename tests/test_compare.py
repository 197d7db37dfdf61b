"""Comparing roadmaps: categories against hand labels, alignment against hand-picked pairs, metrics,
the CLI (JSON files, documents, a catalog, bad inputs)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXPECTED, GOLD, SAMPLES, SEEDS, parsed

from pipelines.compare.build import compare
from pipelines.compare.categories import assign
from pipelines.compare.inputs import Loaded, read_json
from schemas.comparison import Comparison

TOMSK, PYATIGORSK, RASSKAZOVO, OMSK = SEEDS  # 000, 001, 003, 004

# Labelled by reading each measure, before the taxonomy was tuned; one category per measure.
HAND_LABELS = {
    TOMSK: {"1": "monitoring", "2": "training", "7": "meetings", "9": "training", "10": "parents"},
    PYATIGORSK: {
        "1.2": "monitoring", "2.1": "monitoring", "2.5": "marks_comparison", "3.2": "training", "3.7": "meetings",
        "4.2": "cross_check", "4.4": "observers", "4.6": "low_performing", "5.1": "hotline", "5.2": "information",
        "5.3": "parents", "5.4": "information", "5.5": "observers",
    },
    RASSKAZOVO: {
        "1": "working_groups", "4": "observers", "6": "results_analysis", "7": "meetings", "8": "recommendations",
        "9": "parents", "11": "information", "14": "hotline",
    },
    OMSK: {
        "1": "working_groups", "2": "meetings", "3": "monitoring", "4": "cross_check", "6": "training",
        "9": "recommendations", "10": "observers", "11": "results_analysis", "13": "marks_comparison",
        "16": "cross_check", "19": "low_performing", "21": "meetings",
    },
}

# (plan, measure number) ↔ (plan, acceptable numbers): measures that do the same thing in two cities.
HAND_PAIRS = [
    ((PYATIGORSK, "5.5"), (RASSKAZOVO, {"4"})),  # независимые наблюдатели
    ((PYATIGORSK, "5.1"), (RASSKAZOVO, {"14"})),  # горячая линия
    ((PYATIGORSK, "5.4"), (RASSKAZOVO, {"11"})),  # СМИ, соцсети
    ((PYATIGORSK, "5.2"), (RASSKAZOVO, {"13"})),  # официальные сайты
    ((PYATIGORSK, "1.2"), (RASSKAZOVO, {"12"})),  # мониторинг объективности
    ((PYATIGORSK, "2.5"), (OMSK, {"13"})),  # внешние результаты против внутренних отметок
    ((RASSKAZOVO, "6"), (OMSK, {"11", "12"})),  # анализ результатов
    ((TOMSK, "7"), (OMSK, {"2", "21"})),  # совещания с руководителями
    ((TOMSK, "2"), (PYATIGORSK, {"3.4"})),  # вебинары для педагогов
    ((RASSKAZOVO, "8"), (OMSK, {"9", "15"})),  # адресные методические рекомендации
    ((RASSKAZOVO, "7"), (PYATIGORSK, {"3.7", "3.8"})),  # результаты на совещаниях
]


def gold_texts(seed: str) -> dict[str, str]:
    gold = json.loads((GOLD / f"{seed}.json").read_text(encoding="utf-8"))
    return {m["number"]: m["text"] for m in gold["measures"]}


@pytest.fixture(scope="module")
def seeds_comparison() -> Comparison:
    return compare([Loaded(parsed(SAMPLES / f"{seed}.docx"), SAMPLES / f"{seed}.docx") for seed in SEEDS])


def test_hand_labelled_measures_get_their_category() -> None:
    labelled = [(gold_texts(seed)[number], category) for seed, labels in HAND_LABELS.items()
                for number, category in labels.items()]
    assert len(labelled) >= 20
    wrong = [(text[:60], want, assign(text).category) for text, want in labelled if assign(text).category != want]
    assert len(wrong) <= 0.1 * len(labelled), wrong


def test_matrix_shows_what_each_city_does(seeds_comparison: Comparison) -> None:
    counts = {p.file.split(".")[0]: p.categories for p in seeds_comparison.plans}
    for seed in (PYATIGORSK, RASSKAZOVO, OMSK):  # «общественное наблюдение», «независимых наблюдателей», «Выходы на ВПР»
        assert counts[seed].get("observers", 0) >= 1, seed
    assert counts[TOMSK].get("observers", 0) == 0
    for seed in (PYATIGORSK, RASSKAZOVO):
        assert counts[seed].get("hotline") == 1, seed
    for seed in (TOMSK, PYATIGORSK, RASSKAZOVO):
        assert counts[seed].get("parents", 0) >= 1, seed
    # Омск's plan never mentions parents («родител» is not in its text): not forced into the category.
    assert counts[OMSK].get("parents", 0) == 0
    assert all(sum(c.values()) == p.metrics.measures for c, p in zip(counts.values(), seeds_comparison.plans))


def test_unrelated_text_stays_other() -> None:
    assert assign("Ремонт кровли спортивного зала и замена окон").category == "other"


def test_hand_picked_pairs_are_aligned(seeds_comparison: Comparison) -> None:
    c = seeds_comparison
    index = {p.file.split(".")[0]: i for i, p in enumerate(c.plans)}
    number = {(m.plan, m.position): m.number for m in c.measures}
    aligned = set()
    for a in c.alignments:
        for pair in a.pairs:
            left, right = (a.left, number[(a.left, pair.left)]), (a.right, number[(a.right, pair.right)])
            aligned |= {(left, right), (right, left)}
    missed = [(x, ys) for (x, ys) in HAND_PAIRS
              if not any(((index[x[0]], x[1]), (index[ys[0]], n)) in aligned for n in ys[1])]
    assert len(HAND_PAIRS) >= 10
    assert not missed


def test_alignment_is_one_to_one_and_accounts_for_every_measure(seeds_comparison: Comparison) -> None:
    for a in seeds_comparison.alignments:
        lefts, rights = [p.left for p in a.pairs], [p.right for p in a.pairs]
        assert len(set(lefts)) == len(lefts) and len(set(rights)) == len(rights)
        assert sorted(lefts + a.unique_left) == list(range(seeds_comparison.plans[a.left].metrics.measures))
        assert sorted(rights + a.unique_right) == list(range(seeds_comparison.plans[a.right].metrics.measures))
        assert all(0 < p.score <= 1.0 + 1e-6 for p in a.pairs)


def test_metrics_of_the_seeds(seeds_comparison: Comparison) -> None:
    m = {p.file.split(".")[0]: p.metrics for p in seeds_comparison.plans}
    # Омск: every row has a month, named people and an expected result.
    assert (m[OMSK].measures, m[OMSK].concrete_deadlines, m[OMSK].named_person, m[OMSK].expected_result) == (21, 1.0, 1.0, 1.0)
    # Пятигорск: bodies only, mostly «в течение года» / «постоянно».
    assert m[PYATIGORSK].body_only == 1.0 and m[PYATIGORSK].vague_deadlines > 0.7
    # Рассказово: 10 of 14 deadlines are months or dates, the rest «В течение года».
    assert m[RASSKAZOVO].concrete_deadlines == round(10 / 14, 3)
    assert m[TOMSK].period_months == 12 and m[PYATIGORSK].period_months == 48
    for metrics in m.values():
        total = metrics.concrete_deadlines + metrics.vague_deadlines + metrics.no_deadline
        assert abs(total - 1) < 0.01


def test_every_measure_links_to_its_source_page(seeds_comparison: Comparison, tmp_path: Path) -> None:
    pdfs = [Loaded(parsed(SAMPLES / f"{seed}.pdf"), SAMPLES / f"{seed}.pdf") for seed in SEEDS[:2]]
    c = compare(pdfs, base=tmp_path)
    for m in c.measures:
        assert m.page and m.row is not None
        path, _, anchor = (m.link or "").partition("#")
        assert anchor == f"page={m.page}"
        assert (tmp_path / path).resolve() == (SAMPLES / c.plans[m.plan].file).resolve()


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipelines", *args], capture_output=True, text=True, timeout=600)


def test_cli_mixes_json_and_documents_and_reports_bad_inputs(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"schema_version": "1.0"}', encoding="utf-8")
    out_json, out_html = tmp_path / "c.json", tmp_path / "r.html"
    result = run("compare", str(EXPECTED / f"{TOMSK}.txt.json"), str(SAMPLES / f"{OMSK}.docx"), str(broken),
                 str(tmp_path / "missing.pdf"), "--json", str(out_json), "--html", str(out_html))
    assert result.returncode == 3, result.stderr
    errors = [line for line in result.stderr.splitlines() if "error[" in line]
    assert len(errors) == 2 and "Traceback" not in result.stderr
    assert any("broken.json" in e and "E_CORRUPT" in e for e in errors)
    assert any("missing.pdf" in e and "E_MISSING" in e for e in errors)
    c = Comparison.model_validate_json(out_json.read_text(encoding="utf-8"))
    assert [p.city for p in c.plans] == ["Томск", "Омск"] and len(c.alignments) == 1
    assert "Омск" in out_html.read_text(encoding="utf-8")


def test_cli_compares_a_catalog(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for seed in SEEDS:
        (folder / f"{seed}.txt").write_bytes((SAMPLES / f"{seed}.txt").read_bytes())
    imported = run("import", str(folder), "--out-dir", str(tmp_path / "out"), "--no-progress")
    assert imported.returncode == 0, imported.stderr
    result = run("compare", "--catalog", str(tmp_path / "out" / "catalog.sqlite"))
    assert result.returncode == 0, result.stderr
    c = Comparison.model_validate_json(result.stdout)
    assert sorted(p.city or "" for p in c.plans) == sorted(["Томск", "Пятигорск", "Рассказово", "Омск"])
    assert len(c.alignments) == 6


def test_json_input_equals_document_input() -> None:
    seed = RASSKAZOVO
    from_json = compare([read_json(EXPECTED / f"{seed}.txt.json")])
    from_doc = compare([Loaded(parsed(SAMPLES / f"{seed}.txt"), None)])
    assert from_json.measures == from_doc.measures


def test_no_inputs_is_a_usage_error() -> None:
    result = run("compare")
    assert result.returncode == 2 and "INPUTS" in result.stderr


@pytest.mark.parametrize(("seed", "name", "printed"), [(OMSK, "Д.В. Васюхичев", "Васюхичев"),
                                                      (PYATIGORSK, "МКУ ИМЦРО", "ИМЦРО")])
def test_who_is_responsible_most(seeds_comparison: Comparison, seed: str, name: str, printed: str) -> None:
    plan = next(p for p in seeds_comparison.plans if p.file.startswith(seed))
    gold = json.loads((GOLD / f"{seed}.json").read_text(encoding="utf-8"))
    assert plan.responsible[0].name == name
    assert plan.responsible[0].measures == sum(printed in (m["executors_raw"] or "") for m in gold["measures"])
