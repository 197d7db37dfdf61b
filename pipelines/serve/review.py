"""The review pages' HTML shells, served at `GET /review` and `GET /review/{sha256}`.

The shells hold no document data: /static/review.js fetches it from the JSON API and inserts every
text with textContent. They obey the app's Content-Security-Policy: no inline script or style, no
style attribute, no on* handler; the document's SHA-256 reaches the script through a data- attribute.
"""

from __future__ import annotations

from html import escape

KEYS_HELP = (
    ("j", "следующее мероприятие"),
    ("k", "предыдущее"),
    ("w", "следующее с предупреждением или низкой уверенностью OCR"),
    ("e", "исправить выбранное"),
    ("Esc", "отменить правку"),
)


def _page(title: str, page: str, body: str, sha256: str | None = None) -> str:
    data = f' data-sha256="{escape(sha256, quote=True)}"' if sha256 is not None else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="ru">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{escape(title)}</title>\n"
        '<link rel="icon" href="data:,">\n'
        '<link rel="stylesheet" href="/static/review.css">\n'
        '<script src="/static/review.js" defer></script>\n'
        "</head>\n"
        f'<body data-page="{page}"{data}>\n'
        '<a class="skip" href="#main">К содержимому</a>\n'
        f"{body}"
        "</body>\n</html>\n"
    )


def documents_page() -> str:
    """The list of documents, least certain first; the script fills the table."""
    body = (
        '<header class="topbar">\n<h1>Проверка документов</h1>\n'
        '<p id="status" class="status" role="status" aria-live="polite">Загрузка…</p>\n</header>\n'
        '<main id="main" class="list-page">\n'
        '<div class="list-tools">\n'
        '<label for="filter">Поиск</label> '
        '<input id="filter" type="search" autocomplete="off" placeholder="файл, город, номер…">\n'
        '<button id="default-order" type="button">Сначала наименее уверенные</button>\n'
        "</div>\n"
        '<table id="documents" class="documents">\n'
        "<caption>Документы каталога. Нажмите на заголовок столбца, чтобы упорядочить.</caption>\n"
        "<thead><tr>"
        + "".join(
            f'<th scope="col" data-key="{key}" data-type="{kind}" aria-sort="none">'
            f'<button type="button">{label}</button></th>'
            for key, kind, label in (
                ("file", "text", "Файл"), ("city", "text", "Город"), ("doc_type", "text", "Вид"),
                ("number", "text", "Номер"), ("date", "text", "Дата"), ("status", "text", "Статус"),
                ("measures", "number", "Мероприятий"), ("warnings", "number", "Предупреждений"),
                ("min_ocr_confidence", "number", "Мин. уверенность OCR"), ("corrected", "number", "Исправлен"),
            )
        )
        + "</tr></thead>\n<tbody></tbody>\n</table>\n</main>\n"
    )
    return _page("Проверка документов — roadmap", "documents", body)


def document_page(sha256: str) -> str:
    """One document: the source on the left, the extracted data and its corrections on the right."""
    keys = "".join(f"<li><kbd>{escape(k)}</kbd> {escape(v)}</li>" for k, v in KEYS_HELP)
    body = (
        '<header class="topbar">\n<a class="back" href="/review">← Все документы</a>\n'
        '<h1 id="doc-title">Документ</h1>\n'
        '<p id="status" class="status" role="status" aria-live="polite">Загрузка…</p>\n</header>\n'
        '<p id="token-note" class="token-note" role="alert" hidden>Чтобы исправлять, нужен токен: '
        "выполните <code>roadmap token create ИМЯ</code> и откройте эту страницу с "
        "<code>#token=…</code> в конце адреса. Просмотр доступен без токена.</p>\n"
        '<main id="main" class="panes">\n'
        '<section id="source" class="pane source" aria-label="Исходный документ" tabindex="-1">\n'
        '<h2 class="visually-hidden">Исходный документ</h2>\n</section>\n'
        '<section id="extracted" class="pane extracted" aria-label="Извлечённые данные">\n'
        '<section id="requisites" class="block" aria-labelledby="requisites-h">\n'
        '<div class="block-head"><h2 id="requisites-h">Реквизиты</h2>'
        '<button id="edit-requisites" type="button">Исправить реквизиты</button></div>\n'
        '<dl id="requisites-list" class="fields"></dl>\n</section>\n'
        '<section id="doc-warnings" class="block" aria-labelledby="doc-warnings-h" hidden>\n'
        '<h2 id="doc-warnings-h">Предупреждения по документу</h2>\n<ul id="doc-warnings-list"></ul>\n</section>\n'
        '<section id="measures-block" class="block" aria-labelledby="measures-h">\n'
        '<div class="block-head"><h2 id="measures-h">Мероприятия</h2>'
        '<span class="tools"><button id="add-measure" type="button">Добавить мероприятие</button> '
        '<button id="delete-measure" type="button">Удалить выбранное</button></span></div>\n'
        f'<ul class="keys" aria-label="Клавиши">{keys}</ul>\n'
        '<ol id="measures" class="measures"></ol>\n</section>\n'
        '<section id="corrections" class="block" aria-labelledby="corrections-h">\n'
        '<h2 id="corrections-h">Исправления</h2>\n<p id="corrections-empty" class="muted">Исправлений нет.</p>\n'
        '<ol id="corrections-list" class="corrections"></ol>\n</section>\n'
        "</section>\n</main>\n"
    )
    return _page("Проверка документа — roadmap", "document", body, sha256)
