"""The HTML report in a real headless Chromium (Debian's `chromium`), with the network refused:
the charts render, the page's script runs, nothing is fetched, nothing is logged as an error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import EXPECTED, SEEDS

from pipelines.compare.build import compare
from pipelines.compare.inputs import read_json
from pipelines.compare.report import render

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
PAYLOAD = "<!--<script></script><img src=x onerror=alert(1)> "
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic"]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, int]:
    loaded = [read_json(EXPECTED / f"{seed}.txt.json") for seed in SEEDS]
    first = loaded[0].roadmap.plan
    assert first is not None  # a measure whose text would end the page's JSON block or script if not escaped
    first.measures[0].text = PAYLOAD + first.measures[0].text
    comparison = compare(loaded)
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(render(comparison), encoding="utf-8")
    return path, len(comparison.plans), len(comparison.categories)


def test_report_renders_in_chromium(report: tuple[Path, int, int]) -> None:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: `make deps` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    path, plans, categories = report
    problems: list[str] = []
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.on("console", lambda m: problems.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                   else (requests.append(route.request.url), route.abort()))
        page.goto(path.as_uri())
        assert page.evaluate("document.body.dataset.ready") == "yes"
        assert page.locator("img").count() == 0
        assert page.locator("#heatmap g.cell").count() == plans * categories
        assert page.locator("svg.timeline").count() == plans
        assert page.locator("svg.timeline rect.bar").count() >= 70
        assert page.locator("table.alignment tr.pair").count() >= 10
        assert page.locator("a.src").count() >= 77  # every measure is linked at least once
        assert page.locator("details.unique").count() == 2 * plans * (plans - 1) // 2
        box = page.locator("#heatmap").bounding_box()
        assert box and box["width"] > 600 and box["height"] > 150
        assert "77 мероприятий" in page.locator("#summary").inner_text()
        first_plan = page.locator("#metrics tbody tr").first.locator("td").first
        page.locator("#metrics th").nth(1).click()  # by number of measures, ascending: Томск has 11
        assert first_plan.inner_text() == "Томск"
        page.locator("#metrics th").nth(1).click()  # descending: Пятигорск has 31
        assert first_plan.inner_text() == "Пятигорск"
        ARTIFACTS.mkdir(exist_ok=True)
        shot = ARTIFACTS / "report.png"
        page.screenshot(path=str(shot), full_page=True)
        browser.close()
    assert not problems, problems
    assert not requests, requests
    assert shot.stat().st_size > 20_000
