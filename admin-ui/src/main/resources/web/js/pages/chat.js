// The chat archive, searched (never edited). Every search is audited. Route: #/chat.

import { h } from '../dom.js';
import * as api from '../api.js';
import { load, region, table, badge, empty, card, banner, detailDialog, facts } from '../ui.js';
import { timeEl, dayStartIso, fmtTime } from '../format.js';
import { filterErrors } from '../forms.js';

const FIELDS = ['q', 'extension', 'from', 'to'];

function stateBadge(m) {
  const kind = { DELIVERED: 'ok', STORED: 'info', PENDING: 'neutral', FAILED: 'bad', EXPIRED: 'off', BLOCKED: 'bad' }[m.state] || 'neutral';
  return badge(m.sipCode && m.state === 'FAILED' ? `${m.state} ${m.sipCode}` : m.state, kind);
}

function isText(m) {
  return !m.contentType || /^text\/|^message\/|xml|json/.test(m.contentType);
}

export default function chat(ctx) {
  const inputs = {
    q: h('input', { type: 'search', id: 'chat-q', placeholder: 'Words in the message', class: 'search' }),
    extension: h('input', { type: 'text', id: 'chat-extension', placeholder: 'Sent or received by', inputmode: 'numeric' }),
    from: h('input', { type: 'date', id: 'chat-from' }),
    to: h('input', { type: 'date', id: 'chat-to' }),
  };
  const labels = { q: 'Text', extension: 'Extension', from: 'From', to: 'To (inclusive)' };
  const errors = {};
  for (const k of FIELDS) inputs[k].value = ctx.query.get(k) || '';
  const formError = h('div', { id: 'chat-form-error', class: 'form-error', role: 'alert', 'data-test': 'form-error', hidden: true });
  const form = h('form', { id: 'chat-filters', class: 'filters', novalidate: true },
    FIELDS.map((k) => {
      errors[k] = h('p', { class: 'field-error', id: `chat-${k}-error`, 'data-test': 'field-error', hidden: true });
      return h('div', { class: ['field', k === 'q' ? 'grow' : null], 'data-field': k }, h('label', { class: 'field-label', for: `chat-${k}` }, labels[k]), inputs[k], errors[k]);
    }),
    h('div', { class: 'filter-actions' }, h('button', { type: 'submit', id: 'chat-search', class: 'btn primary' }, 'Search')));
  const body = region('chat-region');
  body.dataset.state = 'idle';
  body.append(empty({ id: 'chat-start', title: 'Search the archive', text: 'Enter words, an extension or dates, then press Search. Messages are matched literally, upper and lower case alike.' }));

  ctx.root.append(
    banner('info', 'Searches are recorded', 'Every search of the chat archive is written to the audit log with your name and what you searched for.'),
    card(null, [formError, form], { id: 'chat-filter-card' }),
    card(null, body, { cls: 'flush' }));

  const filterError = filterErrors(FIELDS, inputs, errors, formError);

  function run() {
    filterError.clear();
    const v = {};
    for (const k of FIELDS) v[k] = inputs[k].value.trim();
    ctx.replaceQuery(v);
    const params = { q: v.q, extension: v.extension, limit: 500 };
    if (v.from) params.from = dayStartIso(v.from);
    if (v.to) params.to = dayStartIso(v.to, 1);
    load(body, () => api.get('/api/chat', params), (res) => {
      const rows = Array.isArray(res) ? res : (res.items || []);
      return rows.length ? [
        h('div', { class: 'toolbar' }, h('span', { class: 'count', id: 'chat-count' }, `${rows.length} message${rows.length === 1 ? '' : 's'}, newest first`)),
        table({
          id: 'chat-table',
          rowKey: (m) => m.id,
          onRow: showMessage,
          columns: [
            { key: 'time', label: 'Time', render: (m) => timeEl(m.time), cls: 'nowrap' },
            { key: 'from', label: 'From', cls: 'mono' },
            { key: 'to', label: 'To', cls: 'mono' },
            { key: 'body', label: 'Message', cls: 'fill', render: (m) => (isText(m) ? m.body : h('span', { class: 'muted' }, `[${m.contentType}]`)) },
            { key: 'state', label: 'State', render: stateBadge },
          ],
          rows,
        })] : empty({ id: 'chat-empty', title: 'No messages found', text: 'Try other words or a wider date range.' });
    }, { onError: filterError.show });
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    run();
  });
  if (FIELDS.some((k) => ctx.query.get(k))) run();
}

function showMessage(m) {
  detailDialog(`Message ${m.from} → ${m.to}`, [
    facts([['Time', fmtTime(m.time)], ['From', m.from], ['To', m.to], ['Content type', m.contentType],
      ['State', stateBadge(m)], ['SIP code', m.sipCode]], 'chat-message'),
    isText(m) ? h('pre', { class: 'message-body', id: 'chat-message-body' }, m.body ?? '')
      : h('p', { class: 'muted' }, 'A file or other binary content; it is kept in the archive and not shown here.'),
  ]);
}
