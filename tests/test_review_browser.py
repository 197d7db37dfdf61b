"""The review pages of `roadmap serve` in a real headless Chromium (Debian's `chromium`): an archivist
opens a scanned order, walks its measures with the keys, corrects a deadline, and the correction
survives a reload, reaches the API and the XLSX export. Nothing is fetched from another host, nothing
is logged as an error or a warning (a Content-Security-Policy violation would be), no CSP report."""

from __future__ import annotations

import hashlib
import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLES
from serving import served
from test_report_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS

SCAN = SAMPLES / "000_99be7f6383da38e8.scan.pdf"
NEW_DEADLINE = "до 15.03.2025"

# Records what the page's Content-Security-Policy refused (added by the browser driver, not by the page).
WATCH_CSP = """window.__csp = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__csp.push(e.violatedDirective + ' ' + e.blockedURI);
});"""


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Chromium:
    """Debian's Chromium whose pages may only reach the server; what they log and fetch is recorded."""

    def __init__(self, browser: Any, base_url: str) -> None:
        self.browser = browser
        self.base_url = base_url
        self.problems: list[str] = []  # console errors and warnings, uncaught exceptions
        self.foreign: list[str] = []  # requests to any other host (refused)
        self.context: Any = None

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url == self.base_url or url.startswith(self.base_url + "/"):
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()

    def page(self, fresh: bool = False) -> Any:
        """A tab; `fresh`: in a new context (its own sessionStorage), else in the shared one."""
        if fresh or self.context is None:
            context = self.browser.new_context(viewport={"width": 1500, "height": 1000})
            self.context = self.context or context
        page = (context if fresh else self.context).new_page()
        page.on("console", lambda m: self.problems.append(f"{m.type}: {m.text}")
                if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: self.problems.append(f"pageerror: {e}"))
        page.route("**/*", self._route)
        page.add_init_script(WATCH_CSP)
        return page


@contextmanager
def chromium(base_url: str) -> Iterator[Chromium]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: `make deps` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield Chromium(browser, base_url)
        finally:
            browser.close()


def ready(page: Any) -> None:
    page.wait_for_selector("body[data-ready]", state="attached")
    assert page.evaluate("document.body.dataset.ready") == "yes", page.locator("#status").inner_text()


def no_csp_violation(page: Any) -> None:
    assert page.evaluate("window.__csp") == []


def test_review_a_scanned_order_and_correct_a_deadline(tmp_path: Path) -> None:
    sha = sha256(SCAN)
    with served(tmp_path, [SCAN]) as server, chromium(server.url) as browser:
        page = browser.page()
        page.goto(f"{server.url}/review/{sha}#token={server.token}")
        ready(page)
        # the token went to sessionStorage and out of the address bar
        assert "token" not in page.url
        assert page.evaluate("sessionStorage.getItem('roadmap.review.token')") == server.token

        # the page images (lazy, one per page) and a box per measure
        cards = page.locator("#measures li.measure")
        assert cards.count() == 11
        assert page.locator("#source img.page-image").count() == 4
        assert page.locator("#source .bbox").count() == 11
        page.wait_for_function("() => Array.from(document.querySelectorAll('#source img.page-image'))"
                               ".some(i => i.complete && i.naturalWidth > 0)")
        assert "Томск" in page.locator("#requisites-list").inner_text()

        # j j: the second measure, its card and its box
        page.keyboard.press("j")
        page.keyboard.press("j")
        second = cards.nth(1)
        measure_id = second.get_attribute("data-id")
        assert measure_id and measure_id.endswith(":m2")
        assert "selected" in (second.get_attribute("class") or "")
        assert page.locator("#measures li.measure.selected").count() == 1
        box = page.locator("#source .bbox.selected")
        assert box.count() == 1 and box.get_attribute("data-measure-id") == measure_id
        # the box sits where the bbox says on its page image (PDF points scaled to the image), in view
        img = page.locator("#page-2 img.page-image")
        page.wait_for_function("(i) => i.complete && i.naturalWidth > 0", arg=img.element_handle())
        layout = page.request.get(f"{server.url}/v1/documents/{sha}/layout").json()
        doc = page.request.get(f"{server.url}/v1/documents/{sha}").json()
        x0, top, x1, bottom = doc["plan"]["measures"][1]["provenance"]["bbox"]
        scale = img.bounding_box()["width"] / layout["pages"][1]["width"]
        at, frame = box.bounding_box(), img.bounding_box()
        assert abs(at["x"] - frame["x"] - x0 * scale) < 3 and abs(at["y"] - frame["y"] - top * scale) < 3
        assert abs(at["width"] - (x1 - x0) * scale) < 4 and abs(at["height"] - (bottom - top) * scale) < 4
        source = page.locator("#source").bounding_box()
        assert source["y"] <= at["y"] and at["y"] + at["height"] <= source["y"] + source["height"]

        # e: the inline form; a new deadline, Enter in the single-line field saves it
        page.keyboard.press("e")
        form = second.locator("form.edit-form")
        deadline = form.locator("input[name=deadline]")
        assert deadline.input_value() == doc["plan"]["measures"][1]["deadline"]["raw"]
        deadline.fill(NEW_DEADLINE)
        form.locator("input[name=reason]").fill("сверено со сканом")
        deadline.focus()
        page.keyboard.press("j")  # typed into the field, not a key command
        assert deadline.input_value() == NEW_DEADLINE + "j"
        deadline.fill(NEW_DEADLINE)
        with page.expect_response(lambda r: r.url.endswith("/corrections") and r.request.method == "POST") as answer:
            deadline.press("Enter")
        assert answer.value.status == 200, answer.value.text()
        posted = answer.value.request.post_data_json
        assert posted["op"] == "set" and posted["field"] == "deadline" and posted["measure_id"] == measure_id
        assert posted["value"] == NEW_DEADLINE
        page.wait_for_selector("form.edit-form", state="detached")

        # a reload without the fragment: the correction shows, and editing still works (token kept)
        page.goto(f"{server.url}/review/{sha}")
        ready(page)
        card = page.locator(f'#measures li.measure[data-id="{measure_id}"]')
        field = card.locator("dd.f-deadline")
        assert field.locator(".value").inner_text() == NEW_DEADLINE
        assert "corrected" in (field.get_attribute("class") or "")
        assert field.locator(".norm").get_attribute("data-kind") == "by_date"
        assert "15.03.2025" in field.locator(".norm").inner_text()
        assert page.locator("#corrections-list li.correction").count() == 1
        assert NEW_DEADLINE in page.locator("#corrections-list").inner_text()
        assert page.locator("#token-note").is_hidden()
        card.click()
        assert page.locator("#source .bbox.selected").get_attribute("data-measure-id") == measure_id
        page.keyboard.press("w")  # the next measure with a warning: measure 6, deadline reversed
        flagged = page.locator("#measures li.measure.selected")
        assert "has-warning" in (flagged.get_attribute("class") or "") and flagged.get_attribute("data-id") != measure_id
        page.keyboard.press("e")
        assert page.locator("form.edit-form").count() == 1
        page.keyboard.press("Escape")
        assert page.locator("form.edit-form").count() == 0

        selected_page = page.locator("#source .page-frame:has(.bbox.selected) img")
        page.wait_for_function("(i) => i.complete && i.naturalWidth > 0", arg=selected_page.element_handle())
        selected_page.evaluate("(i) => i.decode()")  # drawn, not only fetched, before the screenshot
        ARTIFACTS.mkdir(exist_ok=True)
        shot = ARTIFACTS / "review-page.png"
        page.screenshot(path=str(shot))
        no_csp_violation(page)

        # without a token, reading works and editing says what to do
        stranger = browser.page(fresh=True)
        stranger.goto(f"{server.url}/review/{sha}")
        ready(stranger)
        stranger.keyboard.press("j")
        stranger.keyboard.press("e")
        assert stranger.locator("form.edit-form").count() == 0
        note = stranger.locator("#token-note")
        assert note.is_visible() and "roadmap token create" in note.inner_text()
        no_csp_violation(stranger)

        # the API and the export see the correction
        api = page.request.get(f"{server.url}/v1/documents/{sha}")
        assert api.ok
        measure = next(m for m in api.json()["plan"]["measures"] if m["id"] == measure_id)
        assert measure["deadline"]["raw"] == NEW_DEADLINE
        assert measure["deadline"]["kind"] == "by_date" and measure["deadline"]["end"] == "2025-03-15"
        xlsx = page.request.get(f"{server.url}/v1/measures.xlsx")
        assert xlsx.ok
        from openpyxl import load_workbook

        with warnings.catch_warnings():  # openpyxl's remarks on a workbook's styles are not the point here
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(xlsx.body()), read_only=True)
            cells = [str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row if v]
            book.close()
        assert any(NEW_DEADLINE in v for v in cells)
    assert not browser.problems, browser.problems
    assert not browser.foreign, browser.foreign
    assert shot.stat().st_size > 20_000


def test_documents_list_sorts_and_links(tmp_path: Path) -> None:
    files = [SAMPLES / "001_79645f60140932b3.docx", SAMPLES / "order-kaluga-2024.txt"]
    shas = {f.name: sha256(f) for f in files}
    with served(tmp_path, files) as server, chromium(server.url) as browser:
        page = browser.page()
        page.goto(f"{server.url}/review")
        ready(page)
        rows = page.locator("#documents tbody tr")
        assert rows.count() == 2
        listed = {rows.nth(i).locator("td.file a").inner_text(): rows.nth(i).locator("td.file a").get_attribute("href")
                  for i in range(2)}
        assert listed == {name: f"/review/{sha}" for name, sha in shas.items()}
        first = rows.first.locator("td.file")
        header = page.locator('#documents th[data-key="file"]')
        header.locator("button").click()
        assert header.get_attribute("aria-sort") == "ascending"
        assert first.inner_text() == min(shas)
        header.locator("button").click()
        assert header.get_attribute("aria-sort") == "descending"
        assert first.inner_text() == max(shas)
        city = page.locator('#documents th[data-key="city"]')
        city.locator("button").click()
        cities = [rows.nth(i).locator("td").nth(1).inner_text() for i in range(2)]
        assert cities == sorted(cities, key=str.casefold)
        no_csp_violation(page)

        # a row leads to its document: a DOCX, so the reader's table is drawn and the measure's row lit
        rows.filter(has_text="001_79645f60140932b3.docx").locator("td.file a").click()
        page.wait_for_url(f"**/review/{shas['001_79645f60140932b3.docx']}")
        ready(page)
        assert page.locator("#source table").count() >= 1
        assert page.locator("#source tr.measure-row").count() >= 1
        page.keyboard.press("j")
        selected = page.locator("#source tr.selected")
        assert selected.count() == 1
        assert selected.get_attribute("data-measure-id") == page.locator("#measures li.selected").get_attribute("data-id")
        no_csp_violation(page)
    assert not browser.problems, browser.problems
    assert not browser.foreign, browser.foreign
