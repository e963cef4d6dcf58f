// The outbound dial plan: routes tried in order, the first match decides. Add, delete, and
// "test a number". Routes: #/routes, #/routes/new.

import { h } from '../dom.js';
import * as api from '../api.js';
import {
  load, region, table, empty, card, buttonLink, deleteRowButton, flash, errorState, facts, banner,
} from '../ui.js';
import { buildForm } from '../forms.js';

const crumbs = [['Dial plan', '#/routes']];

export default function routes(ctx) {
  if (ctx.params[0] === 'new') return create(ctx);
  return list(ctx);
}

function list(ctx) {
  if (ctx.canEdit) ctx.setActions(buttonLink('#/routes/new', 'Add route', { id: 'route-add', kind: 'primary', iconName: 'plus' }));

  // Test a number: how it would leave, without a call.
  const number = h('input', { id: 'route-test-number', type: 'text', placeholder: '+49 30 1234567 or 0301234567', inputmode: 'tel', 'aria-label': 'Number to test' });
  const result = h('div', { id: 'route-test-result', class: 'route-test-result', 'data-state': 'idle' });
  const go = h('button', { id: 'route-test-submit', class: 'btn primary', type: 'submit' }, 'Test');
  const testForm = h('form', { id: 'route-test-form', class: 'inline-form', novalidate: true }, number, go);
  testForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const n = number.value.trim();
    if (!n) {
      number.focus();
      return;
    }
    go.disabled = true;
    result.dataset.state = 'loading';
    try {
      const r = await api.get('/api/routes/test', { number: n });
      result.replaceChildren(banner('ok', `Leaves through route ${r.route}`, null, { 'data-ok': 'true' }),
        facts([['Dialled', n], ['E.164', r.e164], ['Route', r.route], ['Number sent', r.number],
          ['Trunks, in order', (r.trunks || []).join(', ')]], 'route-test-facts'));
      result.dataset.state = 'matched';
    } catch (err) {
      if (err.status === 401) return;
      if (err.status === 404 && err.body && err.body.error) {
        result.replaceChildren(banner('warn', 'No route matches', `${err.body.error}. A call to this number would be refused.`, { 'data-ok': 'false' }));
        result.dataset.state = 'nomatch';
      } else if (err.status === 400) {
        result.replaceChildren(banner('bad', 'Not a number Palisade can dial', err.message, { 'data-ok': 'false' }));
        result.dataset.state = 'invalid';
      } else {
        result.replaceChildren(errorState(err));
        result.dataset.state = 'error';
      }
    } finally {
      go.disabled = false;
    }
  });

  const body = region('routes-region');
  ctx.root.append(
    card('Test a number', [h('p', { class: 'lead' }, 'See which route and trunks a dialled number would use, and the number the trunk would receive.'), testForm, result], { id: 'route-test' }),
    card('Routes, in the order they are tried', body, { cls: 'flush', id: 'routes-card' }));

  const refresh = () => load(body, () => api.get('/api/routes'), (rows) => (rows.length ? table({
    id: 'routes-table',
    rowKey: (r) => r.name,
    columns: [
      { key: 'position', label: '#', num: true },
      { key: 'name', label: 'Route', cls: 'strong' },
      { key: 'pattern', label: 'Matches', render: (r) => h('span', null, h('span', { class: 'muted' }, r.kind === 'regex' ? 'regex ' : 'prefix '), h('code', null, r.pattern)) },
      { key: 'strip', label: 'Strip', num: true, render: (r) => String(r.strip ?? 0) },
      { key: 'prepend', label: 'Prepend', cls: 'mono' },
      { key: 'trunks', label: 'Trunks', render: (r) => (r.trunks || []).join(' → ') },
      ctx.canEdit ? {
        key: 'actions', label: '', cls: 'actions',
        render: (r) => deleteRowButton({
          label: 'Delete',
          key: r.name,
          path: `/api/routes/${api.seg(r.name)}`,
          confirm: {
            title: `Delete route ${r.name}?`,
            message: `Numbers matching ${r.pattern} will be tried against the next routes, or refused if none matches.`,
            confirmLabel: 'Delete route',
          },
          done: `Route ${r.name} deleted`,
          onDone: () => refresh(),
        }),
      } : null,
    ].filter(Boolean),
    rows: [...rows].sort((a, b) => (a.position ?? 0) - (b.position ?? 0)),
  }) : empty({
    id: 'routes-empty', title: 'No routes', text: 'Without routes, calls to numbers outside the company are refused.',
    action: ctx.canEdit ? buttonLink('#/routes/new', 'Add route', { kind: 'primary' }) : null,
  })));
  refresh();
}

async function create(ctx) {
  ctx.setTitle('Add route', crumbs);
  if (!ctx.canEdit) {
    ctx.root.append(errorState({ status: 403, body: { error: 'Only administrators change the dial plan' } }));
    return;
  }
  const body = region('route-region');
  ctx.root.append(body);
  await load(body, () => api.get('/api/trunks'), (trunkList) => {
    if (!trunkList.length) {
      return errorState({ status: 409, body: { error: 'Add a trunk first: a route sends calls to trunks' } });
    }
    const form = buildForm({
      entity: 'route',
      submitLabel: 'Add route',
      cancelHref: '#/routes',
      fields: [
        { name: 'name', label: 'Name', required: true, placeholder: 'germany' },
        { name: 'kind', label: 'Match by', type: 'select', value: 'prefix', options: [{ value: 'prefix', label: 'Prefix' }, { value: 'regex', label: 'Regular expression' }] },
        { name: 'pattern', label: 'Pattern', required: true, placeholder: '+49', help: 'A prefix of the number as classified (+49, +, 112), or a regular expression for the whole number.' },
        { name: 'position', label: 'Position', type: 'number', min: 1, help: 'Empty to add it last.' },
        { name: 'strip', label: 'Strip', type: 'number', min: 0, value: 0, help: 'Leading characters to remove (+ counts).' },
        { name: 'prepend', label: 'Prepend', placeholder: '0', help: 'Digits to put in front after stripping.' },
        { name: 'trunks', label: 'Trunks, tried in this order', type: 'checkboxes', required: true, options: trunkList.map((t) => ({ value: t.name, label: t.name, hint: t.peer })) },
      ],
      onSubmit: async (v) => {
        const b = { name: v.name, kind: v.kind, pattern: v.pattern, trunks: v.trunks, strip: v.strip ?? 0, prepend: v.prepend || null };
        if (v.position != null) b.position = v.position;
        await api.post('/api/routes', b);
        flash(`Route ${v.name} added`);
        location.hash = '#/routes';
      },
    });
    return card(null, form.el, { cls: 'narrow-card' });
  });
}
