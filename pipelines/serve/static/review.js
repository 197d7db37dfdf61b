/* The review pages of `roadmap serve`: the documents list (/review) and one document (/review/{sha256}).
   Plain JS, no framework, no build step. Every text that comes from a document is inserted with
   textContent, never as HTML. Positions go through element.style.setProperty (CSSOM), which the
   page's Content-Security-Policy (style-src 'self') allows, unlike a style attribute. */
(function () {
  'use strict';

  var TOKEN_KEY = 'roadmap.review.token';
  var LOW_OCR = 0.8;
  var DPI = 100;
  var KINDS = {
    date: 'дата', by_date: 'до даты', range: 'период', month: 'месяц', quarter: 'квартал',
    half_year: 'полугодие', academic_year: 'учебный год', recurring: 'регулярно', continuous: 'постоянно',
    per_schedule: 'по графику', on_event: 'по событию', multiple: 'несколько сроков', unspecified: 'не указан'
  };
  var MEASURE_FIELDS = [
    // [field, label, multi-line]
    ['number', 'Номер', false],
    ['text', 'Мероприятие', true],
    ['section', 'Раздел', false],
    ['deadline', 'Срок', false],
    ['executors_raw', 'Исполнители', true],
    ['expected_result', 'Ожидаемый результат', true],
    ['result_form', 'Форма результата', false],
    ['note', 'Примечание', true]
  ];
  var ADD_FIELDS = [['number', 'Номер', false], ['text', 'Мероприятие', true], ['deadline', 'Срок', false],
    ['executors_raw', 'Исполнители', true], ['note', 'Примечание', true]];
  var DOC_FIELDS = [
    ['doc_type', 'Вид акта', false], ['number', 'Номер', false], ['date', 'Дата (ГГГГ-ММ-ДД)', false],
    ['authority', 'Орган', true], ['city', 'Город', false], ['place', 'Место издания', false],
    ['title', 'Заголовок', true]
  ];
  var FIELD_LABELS = {};
  MEASURE_FIELDS.concat(DOC_FIELDS).forEach(function (f) { FIELD_LABELS[f[0]] = f[1].replace(' (ГГГГ-ММ-ДД)', ''); });
  FIELD_LABELS.text = 'текст';
  FIELD_LABELS.number = 'номер';
  var DOC_TYPES = ['приказ', 'распоряжение', 'постановление', 'решение', 'указ', 'протокол', 'закон', 'письмо',
    'поручение', 'план'];

  /* ---------- small helpers ---------- */

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function setStatus(text) {
    var status = document.getElementById('status');
    if (status) status.textContent = text;
  }

  function fmtDate(iso) {
    if (typeof iso !== 'string') return iso === null || iso === undefined ? '' : String(iso);
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
    return m ? m[3] + '.' + m[2] + '.' + m[1] : iso;
  }

  function fmtPercent(value) {
    return typeof value === 'number' ? Math.round(value * 100) + ' %' : '—';
  }

  function plural(n, one, few, many) {
    var d = n % 10, h = n % 100;
    if (d === 1 && h !== 11) return n + ' ' + one;
    if (d >= 2 && d <= 4 && (h < 12 || h > 14)) return n + ' ' + few;
    return n + ' ' + many;
  }

  function display(value) {
    if (value === null || value === undefined) return '';
    if (typeof value === 'string') return value;
    if (typeof value === 'object') {
      if (typeof value.raw === 'string') return value.raw;
      if (typeof value.text === 'string') return value.text;
      return JSON.stringify(value);
    }
    return String(value);
  }

  function ApiError(status, code, message) {
    this.status = status;
    this.code = code;
    this.message = message;
  }

  /* The write token (see documentPage); also sent on reads, which a server open beyond this machine guards. */
  function storedToken() {
    try { return sessionStorage.getItem(TOKEN_KEY); } catch (e) { return null; }
  }

  /* The write token: taken from #token=… once, then kept in sessionStorage, out of the address bar. */
  function takeToken() {
    var match = /(?:^#|&)token=([^&]*)/.exec(window.location.hash || '');
    if (match) {
      var secret = decodeURIComponent(match[1]);
      try { sessionStorage.setItem(TOKEN_KEY, secret); } catch (e) { /* storage off: this page only */ }
      history.replaceState(history.state, '', window.location.pathname + window.location.search);
      return secret || null;
    }
    return storedToken();
  }

  var pageToken = takeToken();
  /* Page images are <img> requests, which carry no Authorization header: on a server open beyond
     this machine they read with the same token as a same-site cookie, which the server accepts for
     reads only (never for writes, so no other site can write with it). */
  if (pageToken) {
    document.cookie = 'roadmap_read=' + encodeURIComponent(pageToken) + '; path=/v1/; SameSite=Strict';
  }

  function api(path, options) {
    options = options || {};
    var secret = pageToken;
    if (secret && !(options.headers && options.headers.Authorization)) {
      options.headers = Object.assign({}, options.headers || {}, { 'Authorization': 'Bearer ' + secret });
    }
    return fetch(path, options).then(function (response) {
      return response.text().then(function (body) {
        var data = null;
        try { data = body ? JSON.parse(body) : null; } catch (e) { data = null; }
        if (!response.ok) {
          var err = data && data.error ? data.error : {};
          var detail = data && data.detail ? (typeof data.detail === 'string' ? data.detail : JSON.stringify(data.detail)) : '';
          throw new ApiError(response.status, err.code || ('HTTP ' + response.status),
            err.message || detail || response.statusText || 'ошибка запроса');
        }
        return data;
      });
    });
  }

  function errorText(error) {
    if (error instanceof ApiError) return error.code + ': ' + error.message;
    return String(error && error.message ? error.message : error);
  }

  /* ---------- the documents list ---------- */

  function documentsPage() {
    var table = document.getElementById('documents');
    var body = table.tBodies[0];
    var filter = document.getElementById('filter');
    var items = [];
    var order = { key: null, dir: 'asc' };

    function fetchAll(cursor, round) {
      var url = '/v1/documents?sort=uncertain&limit=500' + (cursor ? '&cursor=' + encodeURIComponent(cursor) : '');
      return api(url).then(function (data) {
        items = items.concat((data && data.items) || []);
        var next = data && data.next_cursor;
        if (next && next !== cursor && round < 40) return fetchAll(next, round + 1);
        return items;
      });
    }

    function value(item, key) {
      var v = item[key];
      if (key === 'corrected') return typeof v === 'number' ? v : (v ? 1 : 0);
      return v;
    }

    function sorted() {
      var rows = items.slice();
      if (!order.key) return rows;
      var th = table.querySelector('th[data-key="' + order.key + '"]');
      var numeric = th && th.dataset.type === 'number';
      var sign = order.dir === 'asc' ? 1 : -1;
      rows.sort(function (a, b) {
        var x = value(a, order.key), y = value(b, order.key);
        var xn = x === null || x === undefined || x === '', yn = y === null || y === undefined || y === '';
        if (xn || yn) return xn && yn ? a._rank - b._rank : (xn ? 1 : -1);  // empty cells always last
        var c = numeric ? Number(x) - Number(y) : String(x).localeCompare(String(y), 'ru', { numeric: true });
        return c ? sign * c : a._rank - b._rank;
      });
      return rows;
    }

    function cell(row, text, className) {
      var td = el('td', className, text);
      row.appendChild(td);
      return td;
    }

    function render() {
      clear(body);
      var needle = filter.value.trim().toLocaleLowerCase('ru');
      var shown = 0;
      sorted().forEach(function (item) {
        var hay = [item.file, item.city, item.doc_type, item.number, item.date, item.status, item.error_code]
          .join(' ').toLocaleLowerCase('ru');
        if (needle && hay.indexOf(needle) < 0) return;
        shown += 1;
        var tr = el('tr');
        tr.dataset.sha256 = item.sha256 || '';
        var first = el('td', 'file');
        var link = el('a', null, item.file || item.sha256);
        link.href = '/review/' + encodeURIComponent(item.sha256 || '');
        first.appendChild(link);
        tr.appendChild(first);
        cell(tr, item.city || '—');
        cell(tr, item.doc_type || '—');
        cell(tr, item.number || '—');
        cell(tr, item.date ? fmtDate(item.date) : '—', 'date');
        var status = cell(tr, item.status || '—', 'status status-' + (item.status || 'none'));
        if (item.error_code) status.appendChild(el('span', 'code', ' ' + item.error_code));
        cell(tr, item.measures === null || item.measures === undefined ? '—' : item.measures, 'num');
        cell(tr, item.warnings === null || item.warnings === undefined ? '—' : item.warnings,
          'num' + (item.warnings ? ' has-warnings' : ''));
        var low = typeof item.min_ocr_confidence === 'number' && item.min_ocr_confidence < LOW_OCR;
        cell(tr, fmtPercent(item.min_ocr_confidence), 'num' + (low ? ' low-ocr' : ''));
        var corrected = value(item, 'corrected');
        cell(tr, corrected ? (typeof item.corrected === 'number' && item.corrected > 1 ? 'да (' + item.corrected + ')' : 'да') : 'нет',
          corrected ? 'corrected-yes' : 'corrected-no');
        body.appendChild(tr);
      });
      if (!shown) {
        var empty = el('tr');
        var td = el('td', 'muted', items.length ? 'Ничего не найдено.' : 'В каталоге нет документов.');
        td.colSpan = table.tHead.rows[0].cells.length;
        empty.appendChild(td);
        body.appendChild(empty);
      }
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
        var on = th.dataset.key === order.key;
        th.setAttribute('aria-sort', on ? (order.dir === 'asc' ? 'ascending' : 'descending') : 'none');
      });
      setStatus(plural(items.length, 'документ', 'документа', 'документов') +
        (order.key ? '' : ' · сначала наименее уверенные'));
    }

    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      th.querySelector('button').addEventListener('click', function () {
        order.dir = order.key === th.dataset.key && order.dir === 'asc' ? 'desc' : 'asc';
        order.key = th.dataset.key;
        render();
      });
    });
    document.getElementById('default-order').addEventListener('click', function () {
      order.key = null;
      render();
    });
    filter.addEventListener('input', render);

    fetchAll(null, 0).then(function () {
      items.forEach(function (item, i) { item._rank = i; });
      render();
      document.body.dataset.ready = 'yes';
    }, function (error) {
      setStatus('Не удалось загрузить список: ' + errorText(error));
      document.body.dataset.ready = 'error';
    });
  }

  /* ---------- one document ---------- */

  function documentPage() {
    var sha = document.body.dataset.sha256 || '';
    var base = '/v1/documents/' + encodeURIComponent(sha);
    var source = document.getElementById('source');
    var list = document.getElementById('measures');
    var state = { doc: null, layout: null, measures: [], selected: -1, editing: null, warnings: {}, busy: false };

    var token = pageToken;

    function needToken() {
      if (token) return false;
      document.getElementById('token-note').hidden = false;
      setStatus('Для исправлений нужен токен.');
      return true;
    }

    function post(body) {
      return api(base + '/corrections', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Authorization': 'Bearer ' + token },
        body: JSON.stringify(body)
      });
    }

    /* --- the source pane --- */

    function renderSource() {
      var layout = state.layout;
      if (!layout) {
        source.appendChild(el('p', 'muted', 'Источник не загружен.'));
        return;
      }
      if (layout.format === 'pdf' && layout.pages && layout.pages.length) {
        layout.pages.forEach(function (page) {
          var figure = el('figure', 'page');
          figure.id = 'page-' + page.n;
          var frame = el('div', 'page-frame');
          frame.dataset.page = page.n;
          var img = el('img', 'page-image');
          img.loading = 'lazy';
          img.decoding = 'async';
          img.alt = 'Страница ' + page.n;
          img.width = Math.max(1, Math.round(page.width * DPI / 72));
          img.height = Math.max(1, Math.round(page.height * DPI / 72));
          img.src = base + '/pages/' + page.n + '.png?dpi=' + DPI;
          frame.appendChild(img);
          figure.appendChild(frame);
          figure.appendChild(el('figcaption', null, 'Страница ' + page.n + ' из ' + layout.pages.length));
          source.appendChild(figure);
        });
      } else if (layout.tables && layout.tables.length) {
        layout.tables.forEach(function (table) {
          var block = el('section', 'src-table');
          block.appendChild(el('h3', null, 'Таблица ' + (table.index + 1) +
            (table.page ? ' · страница ' + table.page : '')));
          var wrap = el('div', 'table-wrap');
          var t = el('table');
          var tbody = el('tbody');
          (table.rows || []).forEach(function (row, r) {
            var tr = el('tr');
            tr.id = 'src-t' + table.index + '-r' + r;
            tr.appendChild(el('th', 'row-n', r + 1)).scope = 'row';
            row.forEach(function (text) { tr.appendChild(el('td', null, text)); });
            tbody.appendChild(tr);
          });
          t.appendChild(tbody);
          wrap.appendChild(t);
          block.appendChild(wrap);
          source.appendChild(block);
        });
      } else {
        source.appendChild(el('p', 'muted', 'Для этого документа нет изображения страниц и таблиц.'));
      }
      source.addEventListener('click', function (event) {
        var target = event.target.closest('[data-measure-index]');
        if (target) select(Number(target.dataset.measureIndex), { scrollSource: false });
      });
    }

    /* The measures' marks on the source: a box per bbox on the page images, a class on table rows. */
    function markSource() {
      Array.prototype.forEach.call(source.querySelectorAll('.bbox'), function (box) { box.remove(); });
      Array.prototype.forEach.call(source.querySelectorAll('tr.measure-row'), function (tr) {
        tr.classList.remove('measure-row', 'selected', 'warn');
        delete tr.dataset.measureIndex;
        delete tr.dataset.measureId;
      });
      var pages = {};
      ((state.layout && state.layout.pages) || []).forEach(function (p) { pages[p.n] = p; });
      state.measures.forEach(function (m, i) {
        var prov = m.provenance || {};
        var flagged = isFlagged(m);
        var page = pages[prov.page];
        if (page && Array.isArray(prov.bbox) && prov.bbox.length === 4 && page.width > 0 && page.height > 0) {
          var frame = source.querySelector('.page-frame[data-page="' + page.n + '"]');
          if (!frame) return;
          var b = prov.bbox;
          var box = el('div', 'bbox' + (flagged ? ' warn' : ''));
          box.dataset.measureIndex = i;
          box.dataset.measureId = m.id;
          box.title = 'Мероприятие ' + (m.number || i + 1);
          box.setAttribute('aria-hidden', 'true');
          box.style.setProperty('left', (b[0] / page.width * 100) + '%');
          box.style.setProperty('top', (b[1] / page.height * 100) + '%');
          box.style.setProperty('width', (Math.max(0, b[2] - b[0]) / page.width * 100) + '%');
          box.style.setProperty('height', (Math.max(0, b[3] - b[1]) / page.height * 100) + '%');
          box.appendChild(el('span', 'bbox-label', m.number || String(i + 1)));
          frame.appendChild(box);
        } else if (prov.table !== null && prov.table !== undefined && prov.row !== null && prov.row !== undefined) {
          var tr = document.getElementById('src-t' + prov.table + '-r' + prov.row);
          if (!tr) return;
          tr.classList.add('measure-row');
          if (flagged) tr.classList.add('warn');
          tr.dataset.measureIndex = i;
          tr.dataset.measureId = m.id;
        }
      });
    }

    function sourceMark(i) {
      var m = state.measures[i];
      if (!m) return null;
      var mark = source.querySelector('[data-measure-index="' + i + '"]');
      if (mark) return mark;
      var prov = m.provenance || {};
      return prov.page ? document.getElementById('page-' + prov.page) : null;
    }

    /* --- the extracted data --- */

    function warningKey(prov) {
      if (!prov) return null;
      if (prov.table !== null && prov.table !== undefined && prov.row !== null && prov.row !== undefined) {
        return 'r|' + prov.page + '|' + prov.table + '|' + prov.row;
      }
      if (Array.isArray(prov.bbox)) return 'b|' + prov.page + '|' + prov.bbox.join(',');
      return null;
    }

    function isFlagged(m) {
      return (state.warnings[m.id] || []).length > 0 ||
        (typeof m.ocr_confidence === 'number' && m.ocr_confidence < LOW_OCR);
    }

    function deadlineText(d) {
      if (!d || typeof d !== 'object' || !(d.kind || d.start || d.end)) return '';
      var parts = [KINDS[d.kind] || d.kind || 'срок не распознан'];
      if (d.start && d.end && d.start !== d.end) parts.push(fmtDate(d.start) + ' – ' + fmtDate(d.end));
      else if (d.start && d.end) parts.push(fmtDate(d.end));
      else if (d.end) parts.push('по ' + fmtDate(d.end));
      else if (d.start) parts.push('с ' + fmtDate(d.start));
      else if (d.window && (d.window.start || d.window.end)) {
        parts.push('окно ' + fmtDate(d.window.start || '…') + ' – ' + fmtDate(d.window.end || '…') +
          (d.window.inferred ? ' (выведено)' : ''));
      }
      return parts.join(' · ');
    }

    function addField(dl, label, field, text, corrected, extra) {
      var dt = el('dt', null, label);
      var dd = el('dd', 'f-' + field);
      dd.dataset.field = field;
      if (text) dd.appendChild(el('span', 'value', text));
      else dd.appendChild(el('span', 'value empty', '—'));
      if (extra) dd.appendChild(extra);
      if (corrected) {
        dd.classList.add('corrected');
        dd.appendChild(el('span', 'badge badge-corrected', 'исправлено'));
      }
      dl.appendChild(dt);
      dl.appendChild(dd);
    }

    function renderRequisites() {
      var d = state.doc.document || {};
      var fixed = d.corrected_fields || [];
      var dl = document.getElementById('requisites-list');
      clear(dl);
      DOC_FIELDS.forEach(function (f) {
        var v = d[f[0]];
        addField(dl, f[1].replace(' (ГГГГ-ММ-ДД)', ''), f[0], f[0] === 'date' ? fmtDate(v) : display(v),
          fixed.indexOf(f[0]) >= 0);
      });
    }

    function renderTitle() {
      var doc = state.doc;
      var d = doc.document || {};
      var title = [d.doc_type, d.number ? '№ ' + d.number : '', d.date ? 'от ' + fmtDate(d.date) : '', d.city ? '— ' + d.city : '']
        .filter(Boolean).join(' ');
      var h1 = document.getElementById('doc-title');
      h1.textContent = title || 'Документ';
      var file = (doc.source && doc.source.file) || sha;
      h1.appendChild(el('span', 'subtitle', file));
      document.title = (title || file) + ' — проверка';
    }

    function renderMeasure(m, i) {
      var li = el('li', 'measure');
      li.id = 'measure-' + i;
      li.tabIndex = -1;
      li.dataset.index = i;
      li.dataset.id = m.id || '';
      var warnings = state.warnings[m.id] || [];
      var low = typeof m.ocr_confidence === 'number' && m.ocr_confidence < LOW_OCR;
      var fixed = m.corrected_fields || [];
      if (warnings.length) li.classList.add('has-warning');
      if (low) li.classList.add('low-ocr');
      if (fixed.length) li.classList.add('is-corrected');

      var head = el('div', 'measure-head');
      head.appendChild(el('span', 'm-number', m.number ? '№ ' + m.number : 'б/н'));
      var prov = m.provenance || {};
      var where = [];
      if (prov.page) where.push('стр. ' + prov.page);
      if (prov.table !== null && prov.table !== undefined) where.push('табл. ' + (prov.table + 1));
      if (prov.row !== null && prov.row !== undefined) where.push('строка ' + (prov.row + 1));
      else if (prov.line) where.push('строка текста ' + prov.line);
      head.appendChild(el('span', 'm-where muted', where.join(' · ')));
      if (typeof m.ocr_confidence === 'number') {
        head.appendChild(el('span', 'badge ' + (low ? 'badge-low' : 'badge-ocr'), 'OCR ' + fmtPercent(m.ocr_confidence)));
      }
      if (warnings.length) head.appendChild(el('span', 'badge badge-warn', '⚠ ' + warnings.length));
      if (fixed.length) head.appendChild(el('span', 'badge badge-corrected', 'исправлено'));
      var edit = el('button', 'm-edit', 'Исправить');
      edit.type = 'button';
      edit.setAttribute('aria-label', 'Исправить мероприятие ' + (m.number || i + 1));
      edit.addEventListener('click', function (event) {
        event.stopPropagation();
        select(i);
        startEdit();
      });
      head.appendChild(edit);
      li.appendChild(head);

      var dl = el('dl', 'fields');
      MEASURE_FIELDS.forEach(function (f) {
        var field = f[0];
        if (field === 'number') return;
        if ((field === 'section' || field === 'result_form') && !m[field] && fixed.indexOf(field) < 0) return;
        var extra = null, text;
        if (field === 'deadline') {
          text = m.deadline ? m.deadline.raw || '' : '';
          extra = el('span', 'norm', deadlineText(m.deadline));
          if (m.deadline && m.deadline.kind) extra.dataset.kind = m.deadline.kind;
        } else {
          text = display(m[field]);
        }
        addField(dl, f[1], field, text, fixed.indexOf(field) >= 0, extra);
      });
      li.appendChild(dl);
      if (warnings.length) {
        var ul = el('ul', 'm-warnings');
        warnings.forEach(function (w) {
          var item = el('li');
          item.appendChild(el('code', null, w.code));
          item.appendChild(document.createTextNode(' ' + (w.message || '')));
          ul.appendChild(item);
        });
        li.appendChild(ul);
      }
      li.addEventListener('click', function (event) {
        if (event.target.closest('form, button, a, input, textarea, select')) return;
        select(i);
      });
      return li;
    }

    function renderCorrections() {
      var ol = document.getElementById('corrections-list');
      clear(ol);
      var corrections = state.doc.corrections || [];
      document.getElementById('corrections-empty').hidden = corrections.length > 0;
      var numbers = {};
      state.measures.forEach(function (m) { numbers[m.id] = m.number; });
      corrections.forEach(function (c) {
        var li = el('li', 'correction' + (c.status === 'needs_review' ? ' needs-review' : ''));
        var head = el('div', 'c-head');
        var number = numbers[c.measure_id] ||
          [c.value, c.original].reduce(function (found, v) { return found || (v && typeof v === 'object' ? v.number : null); }, null);
        var what = c.target === 'document' ? 'реквизиты' :
          'мероприятие ' + (number ? '№ ' + number : (c.measure_id || ''));
        var ops = { set: 'исправлено', add: 'добавлено', 'delete': 'удалено' };
        head.appendChild(el('strong', null, (ops[c.op] || c.op) + ': ' + what +
          (c.field ? ', ' + (FIELD_LABELS[c.field] || c.field).toLocaleLowerCase('ru') : '')));
        head.appendChild(el('span', 'badge ' + (c.status === 'needs_review' ? 'badge-review' : 'badge-applied'),
          c.status === 'needs_review' ? 'требует проверки' : 'применено'));
        li.appendChild(head);
        if (c.op === 'set') {
          var change = el('p', 'c-change');
          change.appendChild(el('del', null, display(c.original) || '—'));
          change.appendChild(document.createTextNode(' → '));
          change.appendChild(el('ins', null, display(c.value) || '—'));
          li.appendChild(change);
        } else if (c.op === 'add') {
          li.appendChild(el('p', 'c-change', display(c.value)));
        }
        var meta = [c.author, c.created ? String(c.created).replace('T', ' ').slice(0, 19) : ''].filter(Boolean).join(' · ');
        li.appendChild(el('p', 'c-meta muted', meta + (c.reason ? ' · причина: ' + c.reason : '')));
        if (c.measure_id && numbers[c.measure_id] !== undefined) {
          li.classList.add('linked');
          li.addEventListener('click', function () {
            var i = indexOf(c.measure_id);
            if (i >= 0) select(i);
          });
        }
        ol.appendChild(li);
      });
    }

    function indexOf(id) {
      for (var i = 0; i < state.measures.length; i += 1) if (state.measures[i].id === id) return i;
      return -1;
    }

    function render(keepId) {
      var doc = state.doc;
      state.measures = (doc.plan && doc.plan.measures) || [];
      state.warnings = {};
      var byKey = {};
      state.measures.forEach(function (m) {
        var k = warningKey(m.provenance);
        if (k) (byKey[k] = byKey[k] || []).push(m.id);
        var b = m.provenance && Array.isArray(m.provenance.bbox) ? 'b|' + m.provenance.page + '|' + m.provenance.bbox.join(',') : null;
        if (b && b !== k) (byKey[b] = byKey[b] || []).push(m.id);
      });
      var docWarnings = [];
      (doc.warnings || []).forEach(function (w) {
        var ids = byKey[warningKey(w.provenance)];
        if (ids && ids.length) ids.forEach(function (id) { (state.warnings[id] = state.warnings[id] || []).push(w); });
        else docWarnings.push(w);
      });
      renderTitle();
      renderRequisites();
      var block = document.getElementById('doc-warnings');
      var wl = document.getElementById('doc-warnings-list');
      clear(wl);
      block.hidden = !docWarnings.length;
      docWarnings.forEach(function (w) {
        var li = el('li');
        li.appendChild(el('code', null, w.code));
        li.appendChild(document.createTextNode(' ' + (w.message || '')));
        wl.appendChild(li);
      });
      clear(list);
      if (!state.measures.length) list.appendChild(el('li', 'muted', doc.plan ? 'В плане нет мероприятий.' : 'План не найден.'));
      state.measures.forEach(function (m, i) { list.appendChild(renderMeasure(m, i)); });
      renderCorrections();
      markSource();
      var flagged = state.measures.filter(isFlagged).length;
      setStatus(plural(state.measures.length, 'мероприятие', 'мероприятия', 'мероприятий') + ' · ' +
        plural(flagged, 'требует внимания', 'требуют внимания', 'требуют внимания') + ' · ' +
        plural((doc.corrections || []).length, 'исправление', 'исправления', 'исправлений'));
      state.selected = -1;
      var i = keepId ? indexOf(keepId) : -1;
      if (i >= 0) select(i, { scrollSource: false });
    }

    /* --- selection and keys --- */

    function select(i, options) {
      if (i < 0 || i >= state.measures.length) return;
      options = options || {};
      Array.prototype.forEach.call(document.querySelectorAll('.measure.selected, #source .selected'), function (node) {
        node.classList.remove('selected');
        node.removeAttribute('aria-current');
      });
      state.selected = i;
      document.body.dataset.selected = state.measures[i].id || '';
      var card = document.getElementById('measure-' + i);
      if (card) {
        card.classList.add('selected');
        card.setAttribute('aria-current', 'true');
        if (!card.contains(document.activeElement)) card.focus({ preventScroll: true });
        card.scrollIntoView({ block: 'nearest' });
      }
      var mark = source.querySelector('[data-measure-index="' + i + '"]');
      if (mark) mark.classList.add('selected');
      if (options.scrollSource !== false) {
        var target = sourceMark(i);
        if (target) target.scrollIntoView({ block: target.classList.contains('page') ? 'start' : 'center' });
      }
    }

    function move(step) {
      if (!state.measures.length) return;
      var i = state.selected < 0 ? (step > 0 ? 0 : state.measures.length - 1) : state.selected + step;
      select(Math.max(0, Math.min(state.measures.length - 1, i)));
    }

    function nextFlagged() {
      var n = state.measures.length;
      for (var k = 1; k <= n; k += 1) {
        var i = ((state.selected < 0 ? -1 : state.selected) + k) % n;
        if (isFlagged(state.measures[i])) { select(i); return; }
      }
      setStatus('Нет мероприятий с предупреждениями или низкой уверенностью OCR.');
    }

    document.addEventListener('keydown', function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      var t = event.target;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      if (event.key === 'Escape' && state.editing) { cancelEdit(); event.preventDefault(); return; }
      if (!state.doc || state.busy) return;
      var handled = true;
      if (event.key === 'j') move(1);
      else if (event.key === 'k') move(-1);
      else if (event.key === 'w') nextFlagged();
      else if (event.key === 'e') { if (state.selected < 0) move(1); startEdit(); }
      else handled = false;
      if (handled) event.preventDefault();
    });

    /* --- forms --- */

    function buildForm(title, fields, values, submitLabel) {
      var form = el('form', 'edit-form');
      form.noValidate = false;
      form.appendChild(el('p', 'form-title', title));
      var inputs = {};
      fields.concat([['reason', 'Причина исправления', false]]).forEach(function (f) {
        var id = 'f-' + Math.random().toString(36).slice(2);
        var row = el('div', 'form-row');
        var label = el('label', null, f[1]);
        label.htmlFor = id;
        var input = f[2] ? el('textarea') : el('input');
        if (!f[2]) input.type = 'text';
        else input.rows = 2;
        input.id = id;
        input.name = f[0];
        input.autocomplete = 'off';
        input.value = values[f[0]] || '';
        row.appendChild(label);
        row.appendChild(input);
        form.appendChild(row);
        inputs[f[0]] = input;
      });
      var error = el('p', 'form-error');
      error.setAttribute('role', 'alert');
      form.appendChild(error);
      var buttons = el('div', 'form-buttons');
      var save = el('button', 'primary', submitLabel || 'Сохранить');
      save.type = 'submit';
      var cancel = el('button', null, 'Отмена');
      cancel.type = 'button';
      cancel.addEventListener('click', cancelEdit);
      buttons.appendChild(save);
      buttons.appendChild(cancel);
      buttons.appendChild(el('span', 'muted hint', 'Enter — сохранить (Ctrl+Enter в многострочном поле), Esc — отменить'));
      form.appendChild(buttons);
      form.addEventListener('keydown', function (event) {
        if (event.key === 'Escape') { event.preventDefault(); cancelEdit(); }
        else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && event.target.tagName === 'TEXTAREA') {
          event.preventDefault();
          form.requestSubmit();
        }
      });
      return { form: form, inputs: inputs, error: error, save: save };
    }

    function openForm(host, built, onSubmit, before) {
      cancelEdit();
      state.editing = built;
      if (before) host.insertBefore(built.form, before); else host.appendChild(built.form);
      built.form.addEventListener('submit', function (event) {
        event.preventDefault();
        if (state.busy) return;
        built.error.textContent = '';
        onSubmit();
      });
      var first = built.form.querySelector('input, textarea');
      if (first) first.focus();
    }

    function cancelEdit() {
      var editing = state.editing;
      if (!editing) return;
      state.editing = null;
      editing.form.remove();
      Array.prototype.forEach.call(document.querySelectorAll('.measure.editing'), function (node) {
        node.classList.remove('editing');
      });
      if (editing.dirty) {
        var current = state.measures[state.selected];
        render(editing.keepId || (current ? current.id : null));
      }
      var card = document.getElementById('measure-' + state.selected);
      if (card) card.focus({ preventScroll: true });
    }

    /* Posts the corrections one after the other; each answer is the whole corrected document. */
    function submitAll(built, corrections, keepId) {
      if (!corrections.length) {
        setStatus('Ничего не изменено.');
        cancelEdit();
        return;
      }
      state.busy = true;
      document.body.dataset.busy = 'yes';
      built.save.disabled = true;
      var done = 0;
      var chain = Promise.resolve();
      corrections.forEach(function (c) {
        chain = chain.then(function () {
          return post(c.body).then(function (doc) {
            state.doc = doc;
            built.dirty = true;
            if (c.onDone) c.onDone();
            done += 1;
          });
        });
      });
      chain.then(function () {
        state.editing = null;
        built.form.remove();
        render(typeof keepId === 'function' ? keepId() : keepId);
        setStatus('Сохранено: ' + plural(done, 'исправление', 'исправления', 'исправлений') + '.');
      }, function (error) {
        built.keepId = typeof keepId === 'function' ? keepId() : keepId;
        built.error.textContent = 'Не сохранено: ' + errorText(error) + (done ? ' (сохранено до ошибки: ' + done + ')' : '');
        if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
          document.getElementById('token-note').hidden = false;
        }
      }).then(function () {
        state.busy = false;
        delete document.body.dataset.busy;
        built.save.disabled = false;
      });
    }

    function changed(built, initial, fields) {
      var out = [];
      fields.forEach(function (f) {
        var now = built.inputs[f[0]].value.trim();
        if (now !== String(initial[f[0]] || '').trim()) out.push({ field: f[0], value: now === '' ? null : now });
      });
      return out;
    }

    function startEdit() {
      if (needToken()) return;
      var m = state.measures[state.selected];
      if (!m) return;
      var initial = {};
      MEASURE_FIELDS.forEach(function (f) {
        initial[f[0]] = f[0] === 'deadline' ? (m.deadline ? m.deadline.raw || '' : '') : display(m[f[0]]);
      });
      var built = buildForm('Исправить мероприятие ' + (m.number ? '№ ' + m.number : ''), MEASURE_FIELDS, initial);
      var card = document.getElementById('measure-' + state.selected);
      openForm(card, built, function () {
        var reason = built.inputs.reason.value.trim();
        var posts = changed(built, initial, MEASURE_FIELDS).map(function (c) {
          return {
            body: { target: 'measure', op: 'set', field: c.field, measure_id: m.id, value: c.value, reason: reason },
            onDone: function () { initial[c.field] = c.value || ''; }
          };
        });
        submitAll(built, posts, m.id);
      });
      card.classList.add('editing');
    }

    function startAdd() {
      if (needToken()) return;
      var after = state.measures[state.selected] || state.measures[state.measures.length - 1] || null;
      var before = new Set(state.measures.map(function (m) { return m.id; }));
      var built = buildForm('Новое мероприятие' + (after ? ' (после № ' + (after.number || '') + ')' : ''),
        ADD_FIELDS, {}, 'Добавить');
      var host = document.getElementById('measures-block');
      openForm(host, built, function () {
        var value = {};
        ADD_FIELDS.forEach(function (f) {
          var v = built.inputs[f[0]].value.trim();
          if (v) value[f[0]] = v;
        });
        if (!value.text) { built.error.textContent = 'Укажите текст мероприятия.'; return; }
        if (after) value.after = after.id;
        submitAll(built, [{ body: { target: 'measure', op: 'add', field: null, measure_id: null, value: value,
          reason: built.inputs.reason.value.trim() } }], function () {
          var added = ((state.doc.plan && state.doc.plan.measures) || []).filter(function (m) { return !before.has(m.id); });
          return added.length ? added[0].id : null;
        });
      }, list);
    }

    function startDelete() {
      if (needToken()) return;
      var m = state.measures[state.selected];
      if (!m) { setStatus('Сначала выберите мероприятие (j / k или щелчок).'); return; }
      var built = buildForm('Удалить мероприятие ' + (m.number ? '№ ' + m.number : '') + '?', [], {}, 'Удалить');
      built.save.classList.add('danger');
      var next = state.measures[state.selected + 1] || state.measures[state.selected - 1];
      openForm(document.getElementById('measure-' + state.selected), built, function () {
        submitAll(built, [{ body: { target: 'measure', op: 'delete', field: null, measure_id: m.id, value: null,
          reason: built.inputs.reason.value.trim() } }], next ? next.id : null);
      });
    }

    function startRequisites() {
      if (needToken()) return;
      var d = state.doc.document || {};
      var initial = {};
      DOC_FIELDS.forEach(function (f) { initial[f[0]] = display(d[f[0]]); });
      var built = buildForm('Исправить реквизиты', DOC_FIELDS, initial);
      var types = el('datalist');
      types.id = 'doc-types';
      DOC_TYPES.forEach(function (t) { var o = el('option'); o.value = t; types.appendChild(o); });
      built.form.appendChild(types);
      built.inputs.doc_type.setAttribute('list', 'doc-types');
      built.inputs.date.pattern = '\\d{4}-\\d{2}-\\d{2}';
      built.inputs.date.placeholder = 'ГГГГ-ММ-ДД';
      var keepId = state.measures[state.selected] ? state.measures[state.selected].id : null;
      openForm(document.getElementById('requisites'), built, function () {
        var reason = built.inputs.reason.value.trim();
        var posts = changed(built, initial, DOC_FIELDS).map(function (c) {
          return {
            body: { target: 'document', op: 'set', field: c.field, measure_id: null, value: c.value, reason: reason },
            onDone: function () { initial[c.field] = c.value || ''; }
          };
        });
        submitAll(built, posts, keepId);
      });
    }

    document.getElementById('add-measure').addEventListener('click', startAdd);
    document.getElementById('delete-measure').addEventListener('click', startDelete);
    document.getElementById('edit-requisites').addEventListener('click', startRequisites);

    /* --- load --- */

    Promise.all([
      api(base),
      api(base + '/layout').catch(function (error) { return { error: error }; })
    ]).then(function (answers) {
      state.doc = answers[0];
      if (answers[1] && answers[1].error) {
        source.appendChild(el('p', 'muted', 'Источник недоступен: ' + errorText(answers[1].error)));
      } else {
        state.layout = answers[1];
        renderSource();
      }
      render(null);
      document.body.dataset.ready = 'yes';
    }, function (error) {
      setStatus('Не удалось загрузить документ: ' + errorText(error));
      source.appendChild(el('p', 'muted', errorText(error)));
      document.body.dataset.ready = 'error';
    });
  }

  if (document.body.dataset.page === 'documents') documentsPage();
  else if (document.body.dataset.page === 'document') documentPage();
})();
