"""The comparison as one self-contained HTML file: inline SVG charts, inline CSS and JS, no network.

Sections: the plan × category heatmap, the metrics table (sortable), a timeline per plan (measures as
bars over months: solid when the deadline is concrete, pale when vague) and the aligned pairs with
links to each measure's source page and row. The comparison JSON is embedded for other tools.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from html import escape

from schemas.comparison import Alignment, Comparison, MeasureEntry, PlanSummary

MONTHS = ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"]
CELL_W, CELL_H, LABEL_W, HEAD_H = 78, 30, 170, 120
BAR_H, MONTH_W, TEXT_W = 16, 34, 60

CSS = """
body{font-family:"Liberation Sans",Arial,sans-serif;margin:24px;color:#1d2733;max-width:1400px}
h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ccd;padding-bottom:4px}
table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #d5dae0;padding:4px 6px;vertical-align:top}
th{background:#eef2f6;cursor:pointer}td.num{text-align:right;font-variant-numeric:tabular-nums}
.muted{color:#6b7785}.pair td{max-width:520px}svg text{font-size:11px;fill:#1d2733}
svg .bar.concrete{fill:#2f6db5}svg .bar.vague{fill:#b9cbe3}svg .grid{stroke:#e3e7ec}
.legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:middle}
"""

JS = """
document.querySelectorAll('table.sortable th').forEach(function (th, col) {
  th.addEventListener('click', function () {
    var body = th.closest('table').tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var asc = th.dataset.dir !== 'asc';
    th.dataset.dir = asc ? 'asc' : 'desc';
    rows.sort(function (a, b) {
      var x = a.cells[col].dataset.v || a.cells[col].textContent, y = b.cells[col].dataset.v || b.cells[col].textContent;
      var nx = parseFloat(x), ny = parseFloat(y);
      var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y, 'ru');
      return asc ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  });
});
var data = JSON.parse(document.getElementById('comparison-data').textContent);
document.getElementById('summary').textContent =
  data.plans.length + ' планов, ' + data.measures.length + ' мероприятий, ' +
  data.alignments.reduce(function (n, a) { return n + a.pairs.length; }, 0) + ' сопоставленных пар';
document.body.dataset.ready = 'yes';
"""


def esc(value: object) -> str:
    return escape(str(value), quote=True)


def heat_colour(count: int, most: int) -> str:
    if not count:
        return "#f6f8fa"
    t = count / most
    r, g, b = (int(round(a + (z - a) * t)) for a, z in ((222, 24), (235, 84), (247, 160)))
    return f"rgb({r},{g},{b})"


def heatmap(c: Comparison, by_cell: dict[tuple[int, str], list[MeasureEntry]]) -> str:
    cats = c.categories
    most = max((len(v) for v in by_cell.values()), default=1)
    width, height = LABEL_W + CELL_W * (len(cats) + 1), HEAD_H + CELL_H * len(c.plans)
    out = [f'<svg id="heatmap" role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}">']
    for k, cat in enumerate(cats):
        x = LABEL_W + CELL_W * k + CELL_W / 2
        out.append(f'<text transform="translate({x},{HEAD_H - 6}) rotate(-40)">{esc(cat.label)}</text>')
    for i, plan in enumerate(c.plans):
        y = HEAD_H + CELL_H * i
        out.append(f'<text x="4" y="{y + CELL_H / 2 + 4}">{esc(plan.label)}</text>')
        for k, cat in enumerate(cats):
            found = by_cell.get((i, cat.code), [])
            x = LABEL_W + CELL_W * k
            dark = ' style="fill:#fff"' if len(found) / most > 0.6 else ""
            tip = "; ".join(f"{m.number or '—'}: {m.text[:80]}" for m in found) or "нет мероприятий"
            out.append(
                f'<g class="cell" data-plan="{i}" data-category="{esc(cat.code)}" data-count="{len(found)}">'
                f'<rect x="{x}" y="{y}" width="{CELL_W - 2}" height="{CELL_H - 2}" fill="{heat_colour(len(found), most)}">'
                f'<title>{esc(plan.label)} · {esc(cat.label)}: {esc(tip)}</title></rect>'
                f'<text x="{x + CELL_W / 2 - 4}" y="{y + CELL_H / 2 + 4}"{dark}>{len(found) or ""}</text></g>'
            )
    out.append("</svg>")
    return "".join(out)


def pct(value: float) -> str:
    return f"{round(value * 100)}%"


def metrics_table(c: Comparison) -> str:
    head = ["План", "Мероприятий", "Разделов", "Конкретный срок", "Размытый срок", "Без срока", "Медиана срока, дн.",
            "С ФИО", "Только орган", "Исполнителей на мероприятие", "С ожидаемым результатом", "Период", "Предупреждений",
            "Чаще всего ответственны"]
    rows = []
    for p in c.plans:
        m = p.metrics
        cells = [
            (p.label, p.label), (m.measures, m.measures), (m.sections, m.sections),
            (pct(m.concrete_deadlines), m.concrete_deadlines), (pct(m.vague_deadlines), m.vague_deadlines),
            (pct(m.no_deadline), m.no_deadline), (m.median_span_days if m.median_span_days is not None else "—", m.median_span_days or 0),
            (pct(m.named_person), m.named_person), (pct(m.body_only), m.body_only),
            (m.executors_per_measure, m.executors_per_measure), (pct(m.expected_result), m.expected_result),
            (f"{m.period_start or '?'} — {m.period_end or '?'}", m.period_start or ""), (m.warnings, m.warnings),
            ("; ".join(f"{r.name} ({r.measures})" for r in p.responsible[:3]), p.responsible[0].name if p.responsible else ""),
        ]
        rows.append("<tr>" + "".join(
            f'<td class="{"num" if k else ""}" data-v="{esc(v)}">{esc(shown)}</td>' for k, (shown, v) in enumerate(cells)
        ) + "</tr>")
    return (f'<table id="metrics" class="sortable"><thead><tr>{"".join(f"<th>{esc(h)}</th>" for h in head)}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def month_index(iso: str) -> int:
    d = date.fromisoformat(iso)
    return d.year * 12 + d.month - 1


def bar_months(m: MeasureEntry) -> list[tuple[int, int]]:
    """Month spans to draw: the whole start–end, or each listed month of a recurring deadline."""
    if not (m.start and m.end):
        return []
    a, b = month_index(m.start), month_index(m.end)
    if b < a:  # a reversed deadline (the parse warns about it): mark both ends
        return [(b, b), (a, a)]
    if m.months:
        return [(k, k) for k in range(a, b + 1) if k % 12 + 1 in m.months]
    return [(a, b)]


def timeline(index: int, plan: PlanSummary, measures: list[MeasureEntry]) -> str:
    dated = [m for m in measures if m.start and m.end]
    starts = [month_index(x) for x in [plan.metrics.period_start] + [m.start for m in dated] if x]
    ends = [month_index(x) for x in [plan.metrics.period_end] + [m.end for m in dated] if x]
    if not starts or not ends:
        return f'<p class="muted">{esc(plan.label)}: no dated measures</p>'
    first, last = min(starts), max(ends)
    span = last - first + 1
    width = TEXT_W + MONTH_W * span + 10
    height = 22 + (BAR_H + 4) * len(measures)
    out = [f'<svg class="timeline" data-plan="{index}" width="{width}" height="{height}" viewBox="0 0 {width} {height}">']
    for k in range(span):
        x = TEXT_W + MONTH_W * k
        month, year = (first + k) % 12, (first + k) // 12
        label = MONTHS[month] + (f" {year % 100:02d}" if month == 0 or k == 0 else "")
        out.append(f'<line class="grid" x1="{x}" y1="14" x2="{x}" y2="{height}"/><text x="{x + 2}" y="11">{label}</text>')
    for row, m in enumerate(measures):
        y = 18 + (BAR_H + 4) * row
        out.append(f'<text x="2" y="{y + BAR_H - 4}">{esc(m.number or "—")}</text>')
        tip = f'<title>{esc(m.number or "—")}: {esc(m.deadline_raw or "")} — {esc(m.text[:120])}</title>'
        for a, b in bar_months(m):
            x, w = TEXT_W + MONTH_W * (a - first), MONTH_W * (b - a + 1) - 2
            out.append(f'<rect class="bar {m.concreteness}" x="{x}" y="{y}" width="{w}" height="{BAR_H}" rx="3">{tip}</rect>')
    out.append("</svg>")
    return "".join(out)


def measure_cell(m: MeasureEntry) -> str:
    where = ", ".join(x for x in [f"стр. {m.page}" if m.page else "", f"табл. {m.table}" if m.table is not None else "",
                                  f"строка {m.row}" if m.row is not None else ""] if x)
    return (f'<b>{esc(m.number or "—")}</b> {esc(m.text)} <a href="{esc(m.link or "")}" class="src">{esc(where or "источник")}</a>')


def short_cell(m: MeasureEntry) -> str:
    """A measure in a list of many: its number linked to the source, the start of its text."""
    text = m.text if len(m.text) <= 90 else m.text[:89] + "…"
    return f'<a href="{esc(m.link or "")}" class="src">{esc(m.number or "—")}</a> {esc(text)}'


def alignment_section(c: Comparison, a: Alignment, lookup: dict[tuple[int, int], MeasureEntry]) -> str:
    left, right = c.plans[a.left].label, c.plans[a.right].label
    rows = "".join(
        f'<tr class="pair"><td>{measure_cell(lookup[(a.left, p.left)])}</td><td>{measure_cell(lookup[(a.right, p.right)])}</td>'
        f'<td class="num">{p.score:.2f}</td><td class="num">{p.lexical:.2f}</td><td class="num">{p.semantic:.2f}</td></tr>'
        for p in a.pairs
    )
    unique = "".join(
        f'<details class="unique"><summary>Только в «{esc(label)}»: {len(positions)}</summary><ul>'
        + "".join(f"<li>{short_cell(lookup[(plan, i)])}</li>" for i in positions) + "</ul></details>"
        for label, plan, positions in ((left, a.left, a.unique_left), (right, a.right, a.unique_right))
    )
    return (f'<h3>{esc(left)} ↔ {esc(right)}</h3><p class="muted">{len(a.pairs)} пар</p>'
            f'<table class="alignment sortable"><thead><tr><th>{esc(left)}</th><th>{esc(right)}</th><th>Сходство</th>'
            f'<th>Лексическое</th><th>Смысловое</th></tr></thead><tbody>{rows}</tbody></table>{unique}')


def script_json(value: object) -> str:
    """JSON safe inside a <script> element: «<», «>» and «&» escaped as \\u003c…, so no text from a
    document («</script>», «<!--<script>») can end the element or switch the parser's state."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render(c: Comparison) -> str:
    by_cell: dict[tuple[int, str], list[MeasureEntry]] = defaultdict(list)
    per_plan: dict[int, list[MeasureEntry]] = defaultdict(list)
    for m in c.measures:
        by_cell[(m.plan, m.category)].append(m)
        per_plan[m.plan].append(m)
    lookup = {(m.plan, m.position): m for m in c.measures}
    labels = {cat.code: cat.label for cat in c.categories}
    common = ", ".join(labels[code] for code in c.common_categories) or "нет"
    single = "; ".join(f"{labels[code]} — {plan}" for code, plan in c.single_plan_categories.items()) or "нет"
    data = script_json(c.model_dump(mode="json"))
    timelines = "".join(f"<h3>{esc(p.label)}</h3>{timeline(i, p, per_plan[i])}" for i, p in enumerate(c.plans))
    alignments = "".join(alignment_section(c, a, lookup) for a in c.alignments)
    return f"""<!DOCTYPE html>
<html lang="ru"><head><meta charset="utf-8"><title>Сравнение дорожных карт</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<style>{CSS}</style></head><body>
<h1>Сравнение дорожных карт</h1><p id="summary" class="muted"></p>
<p>Во всех планах: {esc(common)}. Только в одном: {esc(single)}.</p>
<h2>Направления мероприятий по планам</h2>{heatmap(c, by_cell)}
<h2>Показатели планов</h2>{metrics_table(c)}
<h2>Сроки мероприятий</h2><p class="legend"><span style="background:#2f6db5"></span>конкретный срок
<span style="background:#b9cbe3"></span>размытый срок («в течение года», «постоянно»)</p>{timelines}
<h2>Соответствующие мероприятия</h2>{alignments}
<script type="application/json" id="comparison-data">{data}</script>
<script>{JS}</script>
</body></html>
"""
