"""The NLP layer: the spaCy pipeline and its components, schools, roles, abbreviations, offline."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import ROOT, SAMPLES

from extract.morph import phrase_nominative, singular_nominative
from extract.nlp import pipeline
from extract.rules.abbreviations import full_name
from extract.rules.roles import document_executor, roles_in_body
from extract.rules.schools import schools_in_cell


def test_the_default_pipeline_is_the_rules_alone_and_ner_is_an_option() -> None:
    assert pipeline().pipe_names == ["roadmap_rules"]
    doc = pipeline()("Центру оценки качества (далее – ЦОКО) и МАОУ СОШ № 4 (В.И. Зятнин)")
    assert [s._.value for s in doc.spans["abbr"]] == ["ЦОКО"]
    assert "ner" not in doc.spans


def test_pipeline_components_write_spans() -> None:
    nlp = pipeline(ner=True)
    assert nlp.pipe_names == ["lemmatizer", "natasha_ner", "roadmap_rules"]
    doc = nlp("3. Комитету по общему образованию (О.И. Назарова) и Центру оценки качества (далее – ЦОКО) "
              "обеспечить участие МАОУ СОШ № 4 им. И.С. Черных (В.И. Зятнин).")
    assert ("О.И. Назарова", "PER") in {(s.text, s.label_) for s in doc.spans["ner"]}
    assert {s._.value for s in doc.spans["person"]} >= {"О.И. Назарова", "В.И. Зятнин"}
    assert [s._.value.label for s in doc.spans["school"]] == ["СОШ № 4"]
    assert [s._.value for s in doc.spans["abbr"]] == ["ЦОКО"]
    assert [t.lemma_ for t in doc][2] == "комитет"


def test_ner_spans_carry_no_stray_brackets() -> None:
    doc = pipeline(ner=True)("Директорам МАОУ СОШ № 5 им. А.К. Ерохина (А.В. Новак), МАОУ гимназия № 18 (М.А. Журавецкая)")
    assert all(not s.text.startswith(("(", ")")) and not s.text.endswith(("(", ")")) for s in doc.spans["ner"])


SCHOOLS = [
    ("МАОУ СОШ № 4 им. И.С. Черных (В.И. Зятнин)", [("СОШ № 4", "МАОУ", "им. И.С. Черных", "В.И. Зятнин")]),
    ("МАОУ гимназия № 18", [("гимназия № 18", "МАОУ", None, None)]),
    ("МАОУ «Лицей № 3»", [("лицей № 3", "МАОУ", None, None)]),
    ("ООШ № 7", [("ООШ № 7", None, None, None)]),
    ("ОО № 11,27, 95, КШИ № 9", [("11", None, None, None), ("27", None, None, None), ("95", None, None, None), ("КШИ № 9", None, None, None)]),
    ("5, 6, 11, ККШИ, СШИ № 11", [("5", None, None, None), ("6", None, None, None), ("11", None, None, None),
                                  ("ККШИ", None, None, None), ("СШИ № 11", None, None, None)]),
    ("МБОУ СОШ № 12 (и.о. Петров П.П.)", [("СОШ № 12", "МБОУ", None, "П.П. Петров")]),
    ("общеобразовательные учреждения, ОУ, ОО", []),
    ("руководители 24 общеобразовательных организаций", []),
    ("В соответствии с ВСОКО", []),
]


@pytest.mark.parametrize(("text", "expected"), SCHOOLS, ids=[s[0] for s in SCHOOLS])
def test_schools(text: str, expected: list[tuple[str, ...]]) -> None:
    assert [(s.label, s.legal_form, s.name, s.director) for s in schools_in_cell(text)] == expected


def test_roles_from_the_order_text() -> None:
    roles = roles_in_body([
        "2. Директорам МАОУ СОШ № 14 им. А.Ф. Лебедева (и.о. Е.Е. Кузнецова), МАОУ СОШ № 22 (Т.М. Яткина):",
        "3. Комитету по общему образованию (О.И. Назарова) обеспечить сопровождение.",
        "4. Муниципальному автономному учреждению информационно-методическому центру (В.В. Пустовалова) обеспечить.",
        "5. Контроль за исполнением распоряжения возложить на И.В. Швайко, заместителя начальника департамента.",
        "5. Контроль за исполнением приказа возложить на директора МКУ ИМЦРО Лазаренко Н.П.",
    ])
    assert roles == [
        ("Е.Е. Кузнецова", "и.о. директора МАОУ СОШ № 14 им. А.Ф. Лебедева"),
        ("Т.М. Яткина", "директор МАОУ СОШ № 22"),
        ("О.И. Назарова", "Комитет по общему образованию"),
        ("В.В. Пустовалова", "Муниципальное автономное учреждение информационно-методический центр"),
        ("И.В. Швайко", "заместитель начальника департамента"),
        ("Н.П. Лазаренко", "директор МКУ ИМЦРО"),
    ]
    assert list(document_executor("Исп. Елманова Т.А., 33-54-62")) == [("Т.А. Елманова", "исполнитель документа, тел. 33-54-62")]


def test_morphology_helpers() -> None:
    assert phrase_nominative("Руководителям общеобразовательных организаций", "datv") == "Руководитель общеобразовательных организаций"
    assert phrase_nominative("МКУ «ИМЦ»", "datv") == "МКУ «ИМЦ»"
    assert singular_nominative("Ответственные исполнители") == "ответственный исполнитель"


@pytest.mark.parametrize(("before", "abbr", "full"), [
    ("2. Центру оценки качества образования", "ЦОКО", "Центру оценки качества образования"),
    ("МКУ ИМЦРО, общеобразовательные учреждения", "ОУ", "общеобразовательные учреждения"),
    ("повышения объективности результатов всероссийских проверочных работ", "ВПР", "всероссийских проверочных работ"),
    ("прилагаемую «Дорожную карту» по обеспечению", "Дорожная карта", None),
])
def test_abbreviation_definitions(before: str, abbr: str, full: str | None) -> None:
    assert full_name(before, abbr) == full


OFFLINE = """
import socket
def refuse(*args, **kwargs):
    raise OSError("network is unreachable in this test")
socket.socket.connect = refuse
socket.create_connection = refuse
from pathlib import Path
from pipelines.parse import parse
result = parse(Path(__import__("sys").argv[1]))
assert result.persons and result.plan.measures[0].executors
print("parsed offline")
"""


def test_everything_loads_and_runs_with_the_network_unreachable() -> None:
    proc = subprocess.run([sys.executable, "-c", OFFLINE, str(SAMPLES / "000_99be7f6383da38e8.pdf")],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "parsed offline"


def test_a_pymorphy2_dictionary_path_in_the_environment_does_not_break_pymorphy3() -> None:
    import pymorphy2_dicts_ru

    env = dict(os.environ, PYMORPHY2_DICT_PATH=pymorphy2_dicts_ru.get_path())
    proc = subprocess.run([sys.executable, "-m", "pipelines", "parse", str(SAMPLES / "001_79645f60140932b3.pdf")],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
