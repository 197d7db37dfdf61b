"""Property tests of the rule layer (issue #11): on any text, printed Russian or noise, the deadline,
requisite, numbering, executor and role rules never raise, finish fast, and keep what was printed.

Examples come from `st.text()` and from strings built of the words these rules read («до»,
«квартал», «I», «2023», «г.», «января», «№», «1.2.», «в течение», «ежемесячно» …). The runs are
derandomized and bounded (200 examples each), so CI sees the same examples in a few seconds.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.normalize import BOLD_MARKUP, OTHER_MARKUP, fold_spaces, join_lines, strip_markup
from extract.rules.dates import find_date
from extract.rules.deadlines import Context, normalize_deadline
from extract.rules.executors import split_executors
from extract.rules.lines import lines_of
from extract.rules.numbering import is_plain_number, parse_number, split_leading_number, unread_number
from extract.rules.requisites import approving_act, find_basis, find_number, own_date, read_header
from extract.rules.roles import document_executor, roles_in_body
from extract.rules.schools import schools_in_cell
from schemas.document import Paragraph, Provenance

RULES = settings(max_examples=200, deadline=1_000, derandomize=True, database=None,
                 suppress_health_check=[HealthCheck.too_slow])

WORDS = [
    "до", "к", "с", "по", "в", "не позднее", "в срок до", "квартал", "квартала", "полугодие", "I", "II", "III", "IV",
    "1-й", "перв", "первого", "второе", "2021", "2023", "2024", "2021-2022", "2023/2024", "г.", "года", "гг.",
    "января", "марта", "мая", "сентября", "декабрь", "сентябрь", "май", "март – май", "01.09.2021", "15.03.24",
    "15", "числа", "№", "N", "No", "1.", "1.2.", "1.2", "1000.", "4.1000", "2021.", "IV.", "1)", "в течение",
    "учебного года", "года", "ежемесячно", "ежегодно", "ежеквартально", "постоянно", "по мере", "согласно графику",
    "приказ", "приказом", "распоряжение", "указ", "от", "Об утверждении", "ПРИКАЗЫВАЮ:", "г. Томск",
    "И.В. Швайко", "Швайко И.В.", "Петрова Ирина Викторовна", "МАОУ СОШ № 4", "им.", "имени", "(далее – ЦОКО)",
    "директор", "заместитель начальника", "возложить на", "Контроль за исполнением", "УТВЕРЖДАЮ", "Исп.",
    "тел. 33-54-62", "**", "<b>", "</b>", "«", "»", "(", ")", "-", "–", ",", ";", ".", ":", " ", "  ", "\n", "\t",
]
SEPARATORS = [" ", " ", ", ", "; ", "-", " – ", "\n", ""]
CONTEXTS = [
    Context(),
    Context(date(2021, 9, 1), date(2022, 8, 31), date(2021, 9, 2)),
    Context(date(2024, 1, 1), date(2024, 12, 31), date(2024, 3, 11)),
    Context(None, None, date(2019, 8, 20)),
]
KINDS = {"date", "by_date", "range", "month", "quarter", "half_year", "academic_year", "recurring", "continuous",
         "per_schedule", "on_event", "multiple", "unspecified"}

vocabulary = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=40).map(
    lambda pairs: "".join(word + sep for word, sep in pairs)
)
cells = st.one_of(st.text(max_size=200), vocabulary, st.lists(vocabulary | st.text(max_size=20), max_size=4).map("".join))


def lines(*texts: str):  # type: ignore[no-untyped-def]
    return lines_of([Paragraph(text=t, prov=Provenance()) for t in texts])


@pytest.fixture(autouse=True, scope="module")
def dictionaries_loaded() -> None:
    """Load the morphological dictionary before the timed examples (its first use takes a second)."""
    join_lines(["ана-", "лиз"])
    roles_in_body(["Комитету по общему образованию (О.И. Назарова) обеспечить"])


@RULES
@given(cells, st.sampled_from(CONTEXTS))
def test_deadline_never_raises(raw: str, ctx: Context) -> None:
    deadline = normalize_deadline(raw, ctx)
    assert deadline.raw == fold_spaces(raw)
    assert deadline.kind in KINDS
    assert deadline.parts == [] or deadline.kind == "multiple"
    for part in deadline.parts:
        assert part.kind in KINDS - {"multiple"}


@RULES
@given(st.lists(st.sampled_from(["I квартал", "апрель", "май 2021", "октябрь", "2022 г.", "декабрь 2023"]),
                min_size=2, max_size=30))
def test_deadline_parts_are_kept(parts: list[str]) -> None:
    """A cell of comma-separated deadlines gives one part per printed piece, in order."""
    deadline = normalize_deadline(", ".join(parts))
    assert deadline.kind == "multiple"
    assert [p.raw for p in deadline.parts] == [p.lower() for p in parts]


@RULES
@given(cells)
def test_numbering_never_raises(text: str) -> None:
    number = parse_number(text)
    assert number is None or re.fullmatch(r"\d+(?:\.\d+)*|[IVXLC]{1,6}", number)
    assert number is None or parse_number(number) == number
    assert not (number is None and is_plain_number(text))
    assert not (number is not None and unread_number(text))
    lead, rest = split_leading_number(text)
    assert rest in text if lead else rest == text


@RULES
@given(st.lists(st.integers(0, 99_999), min_size=1, max_size=4), st.sampled_from(["", ".", ")", " .", ". "]))
def test_measure_numbers_of_any_length(parts: list[int], tail: str) -> None:
    """«1000.», «4.1000», «12.10000»: every digit is kept, or (a part that reads as a year) the number
    is reported as unread, never dropped silently."""
    printed = ".".join(map(str, parts)) + tail
    number = parse_number(printed)
    if any(1900 <= p <= 2099 and len(str(p)) == 4 for p in parts):
        assert number is None and unread_number(printed)
    else:
        assert number == ".".join(map(str, parts))


@RULES
@given(cells)
def test_requisites_never_raise(text: str) -> None:
    header = read_header(lines("ПРИКАЗ", *text.split("\n")[:8]))
    assert header.doc_type == "приказ"
    for basis in find_basis(text):
        assert basis.text and basis.text in text
    found = find_number(text)
    assert found is None or found[1] in text
    for result in (own_date(text), find_date(text)):
        assert result is None or re.fullmatch(r"\d{4}-\d\d-\d\d", result[0])
    approving_act(text)


@RULES
@given(cells)
def test_executors_and_roles_never_raise(text: str) -> None:
    for executor in split_executors(text):
        assert executor.kind in {"person", "organization", "role"}
    roles_in_body([text])
    list(document_executor(text))
    schools_in_cell(text)


@RULES
@given(cells)
def test_markup_reads_as_the_plain_regex(text: str) -> None:
    """The linear bold scan finds exactly what `BOLD_MARKUP.sub` / `finditer` find."""
    plain, _ = strip_markup(text)
    expected = BOLD_MARKUP.sub(lambda m: m.group(1) or m.group(2) or "", text)
    assert plain == OTHER_MARKUP.sub("", expected)


@RULES
@given(st.lists(cells, max_size=6))
def test_join_lines_never_raises(texts: list[str]) -> None:
    joined = join_lines(texts)
    assert joined == fold_spaces(joined)


# A numbering cell as printed → the item number, and whether it is reported as unread (a year, a date).
MEASURE_NUMBERS = [
    ("999.", "999", False), ("1000.", "1000", False), ("1000", "1000", False), ("4.1000", "4.1000", False),
    ("12.10000.", "12.10000", False), ("1500)", "1500", False), ("2021.", None, True), ("2021", None, True),
    ("01.09.2021", None, True), ("1.2024", None, True), ("1 000", None, False), ("Цель", None, False),
]


@pytest.mark.parametrize(("printed", "number", "reported"), MEASURE_NUMBERS, ids=[p for p, _, _ in MEASURE_NUMBERS])
def test_measure_number_examples(printed: str, number: str | None, reported: bool) -> None:
    assert parse_number(printed) == number
    assert unread_number(printed) is reported


LEADING = [
    ("1000. Провести совещание", ("1000", "Провести совещание")),
    ("4.1000 Провести совещание", ("4.1000", "Провести совещание")),
    ("1500 рублей выделить", (None, "1500 рублей выделить")),  # a quantity, not an item number
    ("2024 год – Год семьи", (None, "2024 год – Год семьи")),
    ("2021. Итоги года", (None, "2021. Итоги года")),  # a year: the text keeps it
    ("12. Провести", ("12", "Провести")),
]


@pytest.mark.parametrize(("text", "expected"), LEADING, ids=[t for t, _ in LEADING])
def test_leading_number_examples(text: str, expected: tuple[str | None, str]) -> None:
    assert split_leading_number(text) == expected


def test_plan_keeps_long_numbers() -> None:
    """«1000.» in the № column is measure 1000; «2021.» (a year?) keeps its printed text and is
    reported; a bare «1500» column is still not guessed to be a № column."""
    from pipelines.assemble import assemble
    from pipelines.locate import PlanTable
    from schemas.document import Cell, Row

    def row(*texts: str) -> Row:
        return Row(cells=tuple(Cell(text=t, prov=Provenance()) for t in texts), prov=Provenance())

    header = ["№", "Мероприятие", "Срок", "Ответственные"]
    rows = [row("999.", "Провести совещание", "март", "ОУ"), row("1000.", "Провести семинар", "май", "ОУ"),
            row("2021.", "Провести конкурс", "июнь", "ОУ"), row("1001.", "Провести анализ", "июль", "ОУ")]
    plan, warnings = assemble(PlanTable([], {"number": 0, "text": 1, "deadline": 2, "executors": 3}, header, rows))
    assert plan is not None
    assert [(m.number, m.number_raw) for m in plan.measures] == [
        ("999", "999."), ("1000", "1000."), (None, "2021."), ("1001", "1001.")]
    unread = [w for w in warnings if w.code == "W_NUMBER_UNREAD"]
    assert len(unread) == 1 and "2021." in unread[0].message
    assert is_plain_number("999.") and not is_plain_number("1500")
