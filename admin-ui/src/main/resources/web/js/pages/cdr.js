// Call detail records: filters, a paginated table, the CSV download with the same filters,
// and the monthly summary. Filters live in the address (#/cdr?from=...), so a view can be
// bookmarked or sent to a colleague. Route: #/cdr.

import { h } from '../dom.js';
import * as api from '../api.js';
import {
  load, region, table, badge, empty, card, detailDialog, facts, toolbar,
} from '../ui.js';
import { timeEl, fmtDuration, fmtNumber, fmtBytes, localDate, dayStartIso, fmtTime } from '../format.js';
import { cursorPager } from '../paging.js';

export const DISPOSITIONS = ['ANSWERED', 'NO ANSWER', 'BUSY', 'FAILED', 'CANCELLED', 'BLOCKED BY POLICY'];
const DIRECTIONS = ['internal', 'outbound', 'inbound'];
const FILTERS = ['from', 'to', 'extension', 'direction', 'disposition', 'trunk', 'department'];

export function dispositionBadge(d) {
  const kind = { ANSWERED: 'ok', 'NO ANSWER': 'neutral', BUSY: 'warn', FAILED: 'bad', CANCELLED: 'off', 'BLOCKED BY POLICY': 'bad' }[d] || 'neutral';
  return badge(d, kind);
}

function thisMonth() {
  const now = new Date();
  const first = new Date(now.getFullYear(), now.getMonth(), 1);
  const last = new Date(now.getFullYear(), now.getMonth() + 1, 0);
  return { from: localDate(first), to: localDate(last) };
}

/** The API's query for the filters: days become local midnights with the offset; "to" is inclusive. */
function apiFilters(f) {
  const q = {};
  for (const k of FILTERS) if (f[k]) q[k] = f[k];
  q.from = dayStartIso(f.from);
  q.to = dayStartIso(f.to, 1);
  return q;
}

export default function cdr(ctx) {
  const month = thisMonth();
  const state = {
    from: ctx.query.get('from') || month.from,
    to: ctx.query.get('to') || month.to,
    extension: ctx.query.get('extension') || '',
    direction: ctx.query.get('direction') || '',
    disposition: ctx.query.get('disposition') || '',
    trunk: ctx.query.get('trunk') || '',
    department: ctx.query.get('department') || '',
    tab: ctx.query.get('tab') === 'summary' ? 'summary' : 'records',
    by: ['extension', 'department', 'trunk'].includes(ctx.query.get('by')) ? ctx.query.get('by') : 'extension',
    limit: Number(ctx.query.get('limit')) || 100,
  };

  // ---- filters --------------------------------------------------------------------------
  const inputs = {};
  const errors = {};
  const field = (name, label, control, cls) => {
    control.id = `cdr-${name}`;
    control.setAttribute('aria-describedby', `cdr-${name}-error`);
    inputs[name] = control;
    errors[name] = h('p', { class: 'field-error', id: `cdr-${name}-error`, 'data-test': 'field-error', hidden: true });
    return h('div', { class: ['field', cls], 'data-field': name }, h('label', { class: 'field-label', for: `cdr-${name}` }, label), control, errors[name]);
  };
  const sel = (options, anyLabel) => h('select', null, h('option', { value: '' }, anyLabel), options.map((o) => h('option', { value: o }, o)));
  const filterForm = h('form', { id: 'cdr-filters', class: 'filters grid4', novalidate: true },
    field('from', 'From', h('input', { type: 'date', required: true })),
    field('to', 'To (inclusive)', h('input', { type: 'date', required: true })),
    field('direction', 'Direction', sel(DIRECTIONS, 'Any')),
    field('disposition', 'Disposition', sel(DISPOSITIONS, 'Any')),
    field('extension', 'Extension', h('input', { type: 'text', placeholder: 'Any', inputmode: 'numeric' })),
    field('trunk', 'Trunk', h('input', { type: 'text', placeholder: 'Any' })),
    field('department', 'Department', h('input', { type: 'text', placeholder: 'Any' })),
    h('div', { class: 'filter-actions' },
      h('button', { type: 'submit', id: 'cdr-apply', class: 'btn primary' }, 'Apply'),
      h('button', { type: 'button', id: 'cdr-reset', class: 'btn' }, 'This month')));
  const formError = h('div', { id: 'cdr-form-error', class: 'form-error', role: 'alert', 'data-test': 'form-error', hidden: true });
  for (const k of FILTERS) inputs[k].value = state[k];

  function clearErrors() {
    formError.hidden = true;
    for (const k of FILTERS) {
      errors[k].hidden = true;
      inputs[k].closest('.field').classList.remove('invalid');
      inputs[k].removeAttribute('aria-invalid');
    }
  }
  function setError(name, msg) {
    if (!errors[name]) {
      formError.textContent = msg;
      formError.hidden = false;
      return;
    }
    errors[name].textContent = msg;
    errors[name].hidden = false;
    inputs[name].closest('.field').classList.add('invalid');
    inputs[name].setAttribute('aria-invalid', 'true');
  }
  /** A 400 from the server lands next to the field it names. */
  const fieldError = (err) => {
    if (err.status === 400) setError(err.field, err.message);
  };

  // ---- export ---------------------------------------------------------------------------
  const layout = h('select', { id: 'cdr-layout', 'aria-label': 'CSV layout' },
    h('option', { value: 'palisade' }, 'Palisade layout'), h('option', { value: 'asterisk' }, 'Asterisk layout'));
  const excel = h('input', { type: 'checkbox', id: 'cdr-excel' });
  const download = h('a', { id: 'cdr-download', class: 'btn primary', download: true }, 'Download CSV');
  function updateDownload() {
    const q = apiFilters(state);
    if (layout.value !== 'palisade') q.layout = layout.value;
    if (excel.checked) q.excel = 'true';
    download.href = '/api/cdr.csv' + api.query(q);
    download.setAttribute('download', `cdr-${state.from}-to-${state.to}.csv`);
  }
  layout.addEventListener('change', updateDownload);
  excel.addEventListener('change', updateDownload);
  ctx.setActions(h('div', { class: 'export-bar', id: 'cdr-export' }, layout,
    h('label', { class: 'check compact', for: 'cdr-excel', title: 'Adds a UTF-8 BOM and escapes cells that start with = + - @, so a spreadsheet shows text and runs no formula. Keep it off for billing tools.' },
      excel, h('span', null, 'For Excel')), download));

  // ---- tabs -----------------------------------------------------------------------------
  const tabRecords = h('button', { type: 'button', role: 'tab', id: 'cdr-tab-records', class: 'tab' }, 'Call records');
  const tabSummary = h('button', { type: 'button', role: 'tab', id: 'cdr-tab-summary', class: 'tab' }, 'Monthly summary');
  const tabs = h('div', { class: 'tabs', role: 'tablist' }, tabRecords, tabSummary);

  // Records: cursor pagination, a stack of the cursors of pages seen.
  const records = region('cdr-region');
  const pageLabel = h('span', { id: 'cdr-page', class: 'count' });
  const pager = cursorPager({ prefix: 'cdr', prevLabel: '‹ Previous', nextLabel: 'Next ›', onPage: loadRecords });
  const limit = h('select', { id: 'cdr-limit', 'aria-label': 'Rows per page' }, [50, 100, 250, 500, 1000].map((n) => h('option', { value: n, selected: n === state.limit }, `${n} per page`)));
  const recordsPanel = h('div', { id: 'cdr-records', role: 'tabpanel' },
    toolbar([pageLabel], [limit, pager.prev, pager.next]), records);

  // Summary.
  const summary = region('cdr-summary-region');
  // Each tab's region loads when the tab is shown; until then it is idle, not loading.
  summary.dataset.state = 'idle';
  records.dataset.state = 'idle';
  const by = h('select', { id: 'cdr-summary-by', 'aria-label': 'Group by' },
    h('option', { value: 'extension' }, 'by extension'), h('option', { value: 'department' }, 'by department'), h('option', { value: 'trunk' }, 'by trunk'));
  by.value = state.by;
  const summaryPanel = h('div', { id: 'cdr-summary', role: 'tabpanel' },
    toolbar([h('span', { class: 'count' }, 'Calls, answered calls and billed time per month'), by]), summary);

  ctx.root.append(
    card(null, [formError, filterForm], { id: 'cdr-filter-card' }),
    card(null, [tabs, recordsPanel, summaryPanel], { cls: 'flush' }));

  function showTab() {
    const rec = state.tab === 'records';
    tabRecords.classList.toggle('active', rec);
    tabSummary.classList.toggle('active', !rec);
    tabRecords.setAttribute('aria-selected', String(rec));
    tabSummary.setAttribute('aria-selected', String(!rec));
    recordsPanel.hidden = !rec;
    summaryPanel.hidden = rec;
  }

  function saveQuery() {
    const q = {};
    for (const k of FILTERS) q[k] = state[k];
    if (state.tab === 'summary') {
      q.tab = 'summary';
      q.by = state.by;
    }
    if (state.limit !== 100) q.limit = state.limit;
    ctx.replaceQuery(q);
  }

  async function loadRecords() {
    const q = { ...apiFilters(state), limit: state.limit };
    if (pager.cursor()) q.cursor = pager.cursor();
    pager.loading();
    await load(records, () => api.get('/api/cdr', q), (page) => {
      const items = pager.loaded(page);
      const pageIndex = pager.index();
      pageLabel.textContent = items.length
        ? `Page ${pageIndex + 1} · calls ${pageIndex * state.limit + 1}–${pageIndex * state.limit + items.length}${pager.hasNext() ? ' · more on the next pages' : ''}`
        : '';
      return items.length ? table({
        id: 'cdr-table',
        dense: true,
        rowKey: (c) => c.callId,
        onRow: showDetail,
        columns: [
          { key: 'start', label: 'Start', render: (c) => timeEl(c.start), cls: 'nowrap' },
          { key: 'caller', label: 'Caller', cls: 'mono' },
          { key: 'callee', label: 'Callee', cls: 'mono' },
          { key: 'direction', label: 'Direction' },
          { key: 'trunk', label: 'Trunk' },
          { key: 'disposition', label: 'Disposition', render: (c) => dispositionBadge(c.disposition) },
          { key: 'duration', label: 'Duration', num: true, render: (c) => fmtDuration(c.duration) },
          { key: 'billsec', label: 'Billed', num: true, render: (c) => fmtDuration(c.billsec) },
          { key: 'sipCode', label: 'SIP', num: true },
          { key: 'hungUpBy', label: 'Ended by' },
        ],
        rows: items,
      }) : empty({ id: 'cdr-empty', title: 'No calls match', text: 'No call records for these filters and dates. Widen the dates or clear a filter.' });
    }, { onError: fieldError });
  }

  async function loadSummary() {
    const q = { ...apiFilters(state), by: state.by };
    await load(summary, () => api.get('/api/cdr/summary', q), (s) => {
      const rows = s.rows || [];
      const total = s.total || {};
      const rate = (r) => (r.calls ? `${Math.round((100 * (r.answered || 0)) / r.calls)} %` : '—');
      return rows.length ? table({
        id: 'cdr-summary-table',
        rowKey: (r) => `${r.month}|${r.key}`,
        columns: [
          { key: 'month', label: 'Month', cls: 'nowrap' },
          { key: 'key', label: { extension: 'Extension', department: 'Department', trunk: 'Trunk' }[state.by] },
          { key: 'calls', label: 'Calls', num: true, render: (r) => fmtNumber(r.calls) },
          { key: 'answered', label: 'Answered', num: true, render: (r) => fmtNumber(r.answered) },
          { key: 'rate', label: 'Answer rate', num: true, render: rate },
          { key: 'billsec', label: 'Billed time', num: true, render: (r) => fmtDuration(r.billsec) },
          { key: 'duration', label: 'Total duration', num: true, render: (r) => fmtDuration(r.duration) },
        ],
        rows,
        foot: h('tr', { 'data-test': 'total', id: 'cdr-summary-total' },
          h('th', { scope: 'row' }, 'Total'), h('td'),
          h('td', { class: 'num' }, fmtNumber(total.calls)), h('td', { class: 'num' }, fmtNumber(total.answered)),
          h('td', { class: 'num' }, rate(total)), h('td', { class: 'num' }, fmtDuration(total.billsec)),
          h('td', { class: 'num' }, fmtDuration(total.duration))),
      }) : empty({ id: 'cdr-summary-empty', title: 'Nothing to sum up', text: 'No call records for these filters and dates.' });
    }, { onError: fieldError });
  }

  function run() {
    clearErrors();
    for (const k of FILTERS) state[k] = inputs[k].value.trim();
    let bad = false;
    if (!state.from) {
      setError('from', 'Choose the first day');
      bad = true;
    }
    if (!state.to) {
      setError('to', 'Choose the last day');
      bad = true;
    }
    if (!bad && state.from > state.to) {
      setError('to', 'The last day is before the first');
      bad = true;
    }
    if (bad) return;
    saveQuery();
    updateDownload();
    if (state.tab === 'records') loadRecords();
    else loadSummary();
  }

  filterForm.addEventListener('submit', (e) => {
    e.preventDefault();
    pager.reset();
    run();
  });
  filterForm.querySelector('#cdr-reset').addEventListener('click', () => {
    const m = thisMonth();
    for (const k of FILTERS) inputs[k].value = '';
    inputs.from.value = m.from;
    inputs.to.value = m.to;
    pager.reset();
    run();
  });
  limit.addEventListener('change', () => {
    state.limit = Number(limit.value);
    pager.reset();
    run();
  });
  by.addEventListener('change', () => {
    state.by = by.value;
    run();
  });
  tabRecords.addEventListener('click', () => {
    state.tab = 'records';
    showTab();
    run();
  });
  tabSummary.addEventListener('click', () => {
    state.tab = 'summary';
    showTab();
    run();
  });

  showTab();
  run();
}

function showDetail(c) {
  detailDialog(`Call ${c.caller} → ${c.callee}`, facts([
    ['Call-ID', h('code', null, c.callId)],
    ['Direction', c.direction],
    ['Trunk', c.trunk],
    ['Start', fmtTime(c.start)],
    ['Answer', fmtTime(c.answer)],
    ['End', fmtTime(c.end)],
    ['Duration', fmtDuration(c.duration)],
    ['Billed', fmtDuration(c.billsec)],
    ['Disposition', dispositionBadge(c.disposition)],
    ['SIP final code', c.sipCode],
    ['Hung up by', c.hungUpBy],
    ['Reason', c.hangupReason],
    ['Media offered', Array.isArray(c.mediaOffered) ? c.mediaOffered.join(', ') : c.mediaOffered],
    ['Media used', Array.isArray(c.mediaUsed) ? c.mediaUsed.join(', ') : c.mediaUsed],
    ['From caller', c.packetsFromCaller == null ? null : `${fmtNumber(c.packetsFromCaller)} packets, ${fmtBytes(c.bytesFromCaller)}`],
    ['From callee', c.packetsFromCallee == null ? null : `${fmtNumber(c.packetsFromCallee)} packets, ${fmtBytes(c.bytesFromCallee)}`],
  ], 'cdr-detail', { two: true }));
}
