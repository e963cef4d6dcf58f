// Building blocks every page uses: loading, empty and error states, tables with sticky
// headers, badges, the confirmation dialog, the flash message and the detail dialog.

import { h, $ } from './dom.js';
import { statusText, del } from './api.js';
import { icon } from './icons.js';

export function loading(text = 'Loading…') {
  return h('div', { class: 'state loading', 'data-test': 'loading', role: 'status' },
    h('span', { class: 'spinner', 'aria-hidden': 'true' }), h('span', null, text));
}

/** An empty state: a title, a sentence, and optionally an action (a button or link). */
export function empty({ id, title, text, action } = {}) {
  return h('div', { class: 'state empty', id, 'data-test': 'empty' },
    icon('inbox', 'state-icon'),
    h('div', { class: 'state-title' }, title || 'Nothing here yet'),
    text ? h('div', { class: 'state-text' }, text) : null,
    action ? h('div', { class: 'state-action' }, action) : null);
}

/** What an ApiError means to a person, with what was asked. */
export function describe(err) {
  if (!err) return 'Unknown error';
  if (err.status === undefined) return err.message || String(err);
  if (err.status === 0) return 'The server could not be reached. Check the network connection and try again.';
  if (err.status === 404 && err.method === 'GET' && err.path && err.path.startsWith('/api/')) {
    return `This server does not offer ${err.path} (HTTP 404). The feature may not be available in this version.`;
  }
  const msg = err.body && err.body.error ? err.body.error : statusText(err.status);
  return `${msg} (HTTP ${err.status})`;
}

export function errorState(err, retry, { id } = {}) {
  return h('div', {
    class: 'state error', id, 'data-test': 'error', 'data-status': err && err.status != null ? err.status : null,
    role: 'alert',
  },
  icon('alert', 'state-icon'),
  h('div', { class: 'state-title' }, titleFor(err)),
  h('div', { class: 'state-text' }, describe(err)),
  retry ? h('div', { class: 'state-action' },
    h('button', { type: 'button', class: 'btn', 'data-action': 'retry', onClick: retry }, 'Try again')) : null);
}

function titleFor(err) {
  if (!err || err.status === undefined) return 'Something went wrong';
  if (err.status === 0) return 'No connection';
  if (err.status === 403) return 'Not permitted';
  if (err.status === 404) return 'Not available';
  return 'Could not load this';
}

/**
 * Loads data into a region: a loading state first (unless silent, for refreshes), then what
 * render returns, or an error state with "Try again". A 401 leaves the region alone: the app
 * is already on its way back to the login view. region.dataset.state is loading | ready | error.
 * onError(err) is told of an error first (a form puts a 400 next to its field).
 */
export async function load(region, fetcher, render, { silent = false, onError } = {}) {
  if (!silent || region.dataset.state !== 'ready') {
    region.replaceChildren(loading());
  }
  region.dataset.state = 'loading';
  region.setAttribute('aria-busy', 'true');
  try {
    const data = await fetcher();
    if (!region.isConnected && silent) return data;
    const out = render(data);
    region.replaceChildren(...[out].flat().filter(Boolean));
    region.dataset.state = 'ready';
    return data;
  } catch (e) {
    if (e && e.name === 'AbortError') return undefined;
    if (e && e.status === 401) return undefined;
    if (onError) onError(e);
    region.replaceChildren(errorState(e, () => load(region, fetcher, render)));
    region.dataset.state = 'error';
    return undefined;
  } finally {
    region.removeAttribute('aria-busy');
  }
}

/** A region for load(): a div with an id and data-test="region". */
export function region(id, cls) {
  return h('div', { id, class: ['region', cls], 'data-test': 'region', 'data-state': 'loading' });
}

/**
 * A table. columns: [{key, label, render(row) → node|text, num, cls, width}]
 * rowKey(row) gives data-key; onRow(row) makes rows clickable.
 */
export function table({ id, columns, rows, rowKey, rowClass, onRow, caption, foot, dense }) {
  const thead = h('thead', null, h('tr', null, columns.map((c) =>
    h('th', { scope: 'col', class: [c.num ? 'num' : null, c.cls], 'data-col': c.key }, c.label))));
  const tbody = h('tbody', null, rows.map((r) => {
    const tr = h('tr', {
      'data-key': rowKey ? rowKey(r) : null,
      class: [rowClass ? rowClass(r) : null, onRow ? 'clickable' : null],
    }, columns.map((c) => h('td', { class: [c.num ? 'num' : null, c.cls], 'data-col': c.key },
      cell(c.render ? c.render(r) : r[c.key]))));
    if (onRow) {
      tr.tabIndex = 0;
      tr.addEventListener('click', (e) => {
        if (e.target.closest('a, button, input, select, label')) return;
        onRow(r);
      });
      tr.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' && e.target === tr) onRow(r);
      });
    }
    return tr;
  }));
  const t = h('table', { id, class: ['data', dense ? 'dense' : null], 'data-test': 'table' },
    caption ? h('caption', { class: 'sr-only' }, caption) : null, thead, tbody,
    foot ? h('tfoot', null, foot) : null);
  return h('div', { class: 'table-wrap' }, t);
}

function cell(v) {
  if (v == null || v === '') return h('span', { class: 'muted' }, '—');
  if (v instanceof Node || Array.isArray(v)) return v;
  return String(v);
}

/** kind: ok | bad | warn | off | info | neutral */
export function badge(text, kind = 'neutral', attrs = {}) {
  return h('span', { class: `badge badge-${kind}`, ...attrs }, text);
}

export function dot(kind) {
  return h('span', { class: `dot dot-${kind}`, 'aria-hidden': 'true' });
}

export function link(href, text, attrs = {}) {
  return h('a', { href, ...attrs }, text);
}

export function button(text, attrs = {}) {
  const { kind, iconName, ...rest } = attrs;
  return h('button', { type: 'button', class: ['btn', kind], ...rest },
    iconName ? icon(iconName, 'btn-icon') : null, text);
}

/** A link styled as a button. */
export function buttonLink(href, text, attrs = {}) {
  const { kind, iconName, ...rest } = attrs;
  return h('a', { href, class: ['btn', kind], ...rest }, iconName ? icon(iconName, 'btn-icon') : null, text);
}

export function card(title, body, { id, actions, cls } = {}) {
  return h('section', { class: ['card', cls], id },
    title || actions ? h('header', { class: 'card-head' },
      title ? h('h2', { class: 'card-title' }, title) : null,
      actions ? h('div', { class: 'card-actions' }, actions) : null) : null,
    h('div', { class: 'card-body' }, body));
}

/** Key/value pairs as a definition list. */
export function facts(pairs, id, { two = false } = {}) {
  return h('dl', { class: ['facts', two ? 'two' : null], id }, pairs.filter(Boolean).map(([k, v]) => [
    h('dt', null, k), h('dd', null, cell(v))]));
}

/**
 * Asks before something destructive. Resolves true only when the user confirmed.
 * Cancel has the focus, so Enter does not destroy anything by accident.
 */
export function confirmDialog({ title, message, confirmLabel = 'Confirm', danger = true }) {
  const dlg = $('#confirm-dialog');
  $('#confirm-title').textContent = title;
  $('#confirm-message').textContent = message;
  const ok = $('#confirm-ok');
  ok.textContent = confirmLabel;
  ok.className = danger ? 'btn danger' : 'btn primary';
  dlg.returnValue = '';
  return new Promise((resolve) => {
    dlg.addEventListener('close', () => resolve(dlg.returnValue === 'ok'), { once: true });
    dlg.showModal();
    $('#confirm-cancel').focus();
  });
}

/**
 * A table row's delete button (data-action=delete, data-key=key): asks with confirm ({title,
 * message, confirmLabel}), then DELETEs path, flashes done and calls onDone(); errors are flashed.
 */
export function deleteRowButton({ label, key, path, confirm, done, onDone }) {
  return button(label, {
    kind: 'small danger-outline', 'data-action': 'delete', 'data-key': key,
    onClick: async () => {
      const ok = await confirmDialog(confirm);
      if (!ok) return;
      try {
        await del(path);
        flash(done);
        onDone();
      } catch (e) {
        if (e.status !== 401) flash(describe(e), 'error');
      }
    },
  });
}

/** A read-only dialog with a title and any content (a record's full detail). */
export function detailDialog(title, body) {
  const dlg = $('#detail-dialog');
  $('#detail-title').textContent = title;
  $('#detail-body').replaceChildren(body);
  dlg.showModal();
}

let flashTimer = null;

/** A short message at the bottom right: kind ok | error. */
export function flash(message, kind = 'ok') {
  const el = $('#flash');
  el.replaceChildren(icon(kind === 'error' ? 'alert' : 'check', 'flash-icon'), h('span', null, message));
  el.className = `flash flash-${kind}`;
  el.dataset.kind = kind;
  el.hidden = false;
  clearTimeout(flashTimer);
  flashTimer = setTimeout(() => {
    el.hidden = true;
  }, kind === 'error' ? 9000 : 5000);
}

/** A banner inside a page (not a toast): kind ok | bad | warn | info. */
export function banner(kind, title, text, attrs = {}) {
  return h('div', { class: `banner banner-${kind}`, role: kind === 'bad' ? 'alert' : 'status', ...attrs },
    icon(kind === 'ok' ? 'check' : kind === 'info' ? 'info' : 'alert', 'banner-icon'),
    h('div', null, h('div', { class: 'banner-title' }, title), text ? h('div', { class: 'banner-text' }, text) : null));
}

/** A toolbar row above a table: filters on the left, extra on the right. */
export function toolbar(left, right, attrs = {}) {
  return h('div', { class: 'toolbar', ...attrs }, h('div', { class: 'toolbar-left' }, left),
    right ? h('div', { class: 'toolbar-right' }, right) : null);
}

/** Runs fn at most once per ms (for search boxes). */
export function debounce(fn, ms) {
  let t = null;
  return (...args) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...args), ms);
  };
}
