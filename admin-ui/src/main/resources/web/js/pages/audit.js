// The audit log: filters, a paginated table, and "Verify chain". Read only for everybody:
// nobody can edit or delete audit entries through any interface. Route: #/audit.

import { h } from '../dom.js';
import * as api from '../api.js';
import { load, region, table, badge, empty, card, button, banner, errorState, toolbar, detailDialog, facts } from '../ui.js';
import { timeEl, fmtTime, dayStartIso, fmtNumber } from '../format.js';
import { filterErrors } from '../forms.js';
import { cursorPager } from '../paging.js';

export const AUDIT_TYPES = ['LOGON', 'LOGOFF', 'EXPIRED', 'LOGON_FAILED', 'LOCKED_OUT', 'UNLOCKED', 'CONFIG_CHANGED',
  'POLICY_BLOCKED', 'RELAY_UNAVAILABLE', 'CHAT_MESSAGE', 'TRUNK_UP', 'TRUNK_DOWN', 'ADMIN_LOGON', 'ADMIN_LOGON_FAILED',
  'ADMIN_LOGOFF', 'ADMIN_SESSION_EXPIRED', 'CDR_EXPORTED', 'CHAT_SEARCHED'];

const FILTERS = ['from', 'to', 'type', 'actor', 'subject'];

function typeKind(t) {
  if (/FAILED|LOCKED|BLOCKED|DOWN|UNAVAILABLE/.test(t)) return 'bad';
  if (/CONFIG|EXPORTED|SEARCHED/.test(t)) return 'info';
  if (/EXPIRED|LOGOFF/.test(t)) return 'off';
  return 'neutral';
}

export default function audit(ctx) {
  const state = { limit: Number(ctx.query.get('limit')) || 100 };
  for (const k of FILTERS) state[k] = ctx.query.get(k) || '';

  // Verify chain.
  const verifyResult = h('div', { id: 'audit-verify-result', 'data-state': 'idle' });
  const verify = button('Verify chain', {
    id: 'audit-verify', iconName: 'shield',
    onClick: async () => {
      verify.disabled = true;
      verify.lastChild.textContent = 'Verifying…';
      verifyResult.dataset.state = 'loading';
      try {
        const r = await api.get('/api/audit/verify');
        verifyResult.replaceChildren(r.ok
          ? banner('ok', 'The audit chain is intact', `All ${fmtNumber(r.entries)} entries verified: each hash matches its content and links to the one before, up to the head. Checked ${fmtTime(new Date())}.`, { 'data-ok': 'true' })
          : banner('bad', `The audit chain is broken${r.firstBad != null ? ` at entry #${r.firstBad}` : ''}`,
            `${r.problem || 'An entry was altered, removed or cut off.'} ${fmtNumber(r.entries)} entries checked. Keep a copy of the database as it is now and investigate.`, { 'data-ok': 'false' }));
        verifyResult.dataset.state = r.ok ? 'ok' : 'broken';
      } catch (e) {
        if (e.status === 401) return;
        verifyResult.replaceChildren(errorState(e));
        verifyResult.dataset.state = 'error';
      } finally {
        verify.disabled = false;
        verify.lastChild.textContent = 'Verify chain';
      }
    },
  });
  ctx.setActions(verify);

  // Filters.
  const inputs = {
    from: h('input', { type: 'date', id: 'audit-from' }),
    to: h('input', { type: 'date', id: 'audit-to' }),
    type: h('select', { id: 'audit-type' }, h('option', { value: '' }, 'Any type'), AUDIT_TYPES.map((t) => h('option', { value: t }, t))),
    actor: h('input', { type: 'text', id: 'audit-actor', placeholder: 'web:alice, cli, 1001' }),
    subject: h('input', { type: 'text', id: 'audit-subject', placeholder: '1001, trunk:pbx' }),
  };
  // Several types (type=A,B) come from links such as the dashboard's: they get an option of their
  // own, so the filter applied is the one shown, and Apply keeps it.
  const linkedTypes = state.type.split(',').filter(Boolean);
  if (linkedTypes.length > 1) {
    inputs.type.options[0].after(h('option', { value: state.type, title: linkedTypes.join(', ') },
      `${linkedTypes.length} types: ${linkedTypes.join(', ')}`));
  }
  const errors = {};
  const labels = { from: 'From', to: 'To (inclusive)', type: 'Type', actor: 'Actor', subject: 'Subject' };
  for (const k of FILTERS) inputs[k].value = state[k];
  const formError = h('div', { id: 'audit-form-error', class: 'form-error', role: 'alert', 'data-test': 'form-error', hidden: true });
  const filterForm = h('form', { id: 'audit-filters', class: 'filters grid-row', novalidate: true },
    FILTERS.map((k) => {
      errors[k] = h('p', { class: 'field-error', id: `audit-${k}-error`, 'data-test': 'field-error', hidden: true });
      return h('div', { class: 'field', 'data-field': k }, h('label', { class: 'field-label', for: `audit-${k}` }, labels[k]), inputs[k], errors[k]);
    }),
    h('div', { class: 'filter-actions' },
      h('button', { type: 'submit', id: 'audit-apply', class: 'btn primary' }, 'Apply'),
      h('button', { type: 'button', id: 'audit-clear', class: 'btn' }, 'Clear')));

  const body = region('audit-region');
  const pageLabel = h('span', { id: 'audit-page', class: 'count' });
  const pager = cursorPager({ prefix: 'audit', prevLabel: '‹ Newer', nextLabel: 'Older ›', onPage: run });
  const filterError = filterErrors(FILTERS, inputs, errors, formError);

  ctx.root.append(
    verifyResult,
    card(null, [formError, filterForm], { id: 'audit-filter-card' }),
    card(null, [toolbar([pageLabel], [pager.prev, pager.next]), body], { cls: 'flush' }));

  function run() {
    filterError.clear();
    for (const k of FILTERS) state[k] = inputs[k].value.trim();
    const q = {};
    for (const k of FILTERS) q[k] = state[k];
    if (state.limit !== 100) q.limit = state.limit;
    ctx.replaceQuery(q);
    const params = { type: state.type, actor: state.actor, subject: state.subject, limit: state.limit };
    if (state.from) params.from = dayStartIso(state.from);
    if (state.to) params.to = dayStartIso(state.to, 1);
    if (pager.cursor()) params.cursor = pager.cursor();
    pager.loading();
    load(body, () => api.get('/api/audit', params), (page) => {
      const items = pager.loaded(page);
      pageLabel.textContent = items.length ? `Newest first · page ${pager.index() + 1} · ${items.length} entries` : '';
      return items.length ? table({
        id: 'audit-table',
        rowKey: (e) => e.seq,
        onRow: showEntry,
        columns: [
          { key: 'seq', label: 'Seq', num: true, cls: 'mono' },
          { key: 'time', label: 'Time', render: (e) => timeEl(e.time), cls: 'nowrap' },
          { key: 'type', label: 'Type', render: (e) => badge(e.type, typeKind(e.type)) },
          { key: 'actor', label: 'Actor', cls: 'mono' },
          { key: 'subject', label: 'Subject', cls: 'mono' },
          { key: 'source', label: 'Source', cls: 'mono' },
          { key: 'details', label: 'Details', cls: 'mono small fill', render: (e) => detailsText(e.details) },
        ],
        rows: items,
      }) : empty({ id: 'audit-empty', title: 'No entries match', text: 'Clear a filter or widen the dates.' });
    }, { onError: filterError.show });
  }

  filterForm.addEventListener('submit', (e) => {
    e.preventDefault();
    pager.reset();
    run();
  });
  filterForm.querySelector('#audit-clear').addEventListener('click', () => {
    for (const k of FILTERS) inputs[k].value = '';
    pager.reset();
    run();
  });
  run();
}

function detailsText(d) {
  if (d == null || d === '') return null;
  const s = typeof d === 'string' ? d : JSON.stringify(d);
  return h('span', { title: s }, s);
}

function showEntry(e) {
  let pretty = e.details;
  try {
    pretty = JSON.stringify(typeof e.details === 'string' ? JSON.parse(e.details) : e.details, null, 2);
  } catch {
    pretty = String(e.details);
  }
  detailDialog(`Audit entry #${e.seq}`, [
    facts([['Time', fmtTime(e.time)], ['Type', e.type], ['Actor', e.actor], ['Subject', e.subject], ['Source', e.source]], 'audit-entry'),
    h('pre', { class: 'json', id: 'audit-entry-details' }, pretty ?? ''),
  ]);
}
