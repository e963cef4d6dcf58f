// Dashboard: what an admin checks first in the morning. GET /api/dashboard, every 10 s.

import { h } from '../dom.js';
import * as api from '../api.js';
import { load, region, table, badge, dot, empty, card, link } from '../ui.js';
import { timeEl, fmtNumber } from '../format.js';
import { icon } from '../icons.js';

export default function dashboard(ctx) {
  const body = region('dashboard', 'dashboard');
  ctx.root.append(body);
  const refresh = (silent) => load(body, () => api.get('/api/dashboard'), (d) => render(d, ctx), { silent });
  refresh(false);
  ctx.every(10000, () => refresh(true));
}

function render(d, ctx) {
  const trunks = d.trunks || [];
  const relays = d.relayNodes || [];
  const blocked = d.blocked || [];
  // Health is true, false, or null when not known (not checked yet, or not checked by this node):
  // an unknown state is neither counted as up nor raised as a fault.
  const trunksOn = trunks.filter((t) => t.enabled !== false);
  const trunksUp = trunksOn.filter((t) => t.up === true).length;
  const trunksDown = trunksOn.filter((t) => t.up === false).length;
  const relaysOk = relays.filter((r) => r.healthy === true).length;
  const relaysBad = relays.filter((r) => r.healthy === false).length;

  const tiles = h('div', { class: 'tiles' },
    tile('stat-registrations', 'Registered devices', fmtNumber(d.registrations), 'extensions', '#/extensions', 'Live bindings'),
    tile('stat-calls', 'Active calls', fmtNumber(d.activeCalls), 'calls', '#/calls', 'Answered, on this node'),
    tile('stat-trunks', 'Trunks up', trunks.length ? `${trunksUp} / ${trunksOn.length}` : '—', 'trunks', '#/trunks',
      !trunks.length ? 'No trunks configured' : !trunksOn.length ? 'All trunks are disabled'
        : trunksDown ? 'Some trunks are down' : trunksUp < trunksOn.length ? 'Health not known yet' : 'All enabled trunks answer',
      trunksDown ? 'bad' : null),
    tile('stat-relays', 'Relay nodes healthy', relays.length ? `${relaysOk} / ${relays.length}` : '—', 'relays', '#/relay-nodes',
      !relays.length ? 'Embedded relay only' : relaysBad ? 'Some relay nodes do not answer'
        : relaysOk < relays.length ? 'Health not known yet' : 'All relay nodes answer',
      relaysBad ? 'bad' : null));

  const trunkTable = trunks.length ? table({
    id: 'dashboard-trunks',
    rowKey: (t) => t.name,
    columns: [
      { key: 'name', label: 'Trunk', render: (t) => link(`#/trunks/${encodeURIComponent(t.name)}`, t.name) },
      { key: 'up', label: 'Health', render: trunkHealth },
      { key: 'registered', label: 'Registration', render: (t) => (t.registered == null ? null : t.registered ? badge('Registered', 'ok') : badge('Not registered', 'warn')) },
      { key: 'inUse', label: 'Calls', num: true, render: (t) => `${t.inUse ?? 0}${t.maxCalls ? ' / ' + t.maxCalls : ''}` },
    ],
    rows: trunks,
  }) : empty({ id: 'dashboard-trunks-empty', title: 'No trunks', text: 'Calls stay inside the company until a trunk to the PBX is added.' });

  const relayTable = relays.length ? table({
    id: 'dashboard-relays',
    rowKey: (r) => r.name,
    columns: [
      { key: 'name', label: 'Relay node' },
      { key: 'ng', label: 'Control address', cls: 'mono' },
      { key: 'healthy', label: 'Health', render: (r) => (r.healthy == null ? badge('Unknown', 'off') : r.healthy ? badge('Healthy', 'ok') : badge('Not answering', 'bad')) },
    ],
    rows: relays,
  }) : empty({ id: 'dashboard-relays-empty', title: 'No relay nodes configured', text: 'Media is anchored on the relay built into this server.' });

  const blockedTable = blocked.length ? table({
    id: 'dashboard-blocked',
    rowKey: (e) => e.seq,
    columns: [
      { key: 'time', label: 'Time', render: (e) => timeEl(e.time), cls: 'nowrap' },
      { key: 'type', label: 'Type', render: (e) => badge(e.type, 'warn') },
      { key: 'subject', label: 'Subject' },
      { key: 'source', label: 'Source', cls: 'mono' },
      { key: 'details', label: 'Reason', render: (e) => reason(e.details), cls: 'wrap' },
    ],
    rows: blocked,
  }) : empty({ id: 'dashboard-blocked-empty', title: 'No blocked attempts', text: 'Calls and messages refused by policy, failed logons and lock-outs will show here.' });

  return [
    tiles,
    h('div', { class: 'grid-2' },
      card('Trunk health', trunkTable, { id: 'dashboard-trunks-card', cls: 'flush', actions: ctx.canEdit || ctx.role === 'auditor' ? link('#/trunks', 'All trunks', { class: 'card-link' }) : null }),
      card('Relay nodes', relayTable, { id: 'dashboard-relays-card', cls: 'flush', actions: link('#/relay-nodes', 'All relay nodes', { class: 'card-link' }) })),
    card('Recent blocked attempts', blockedTable, {
      id: 'dashboard-blocked-card',
      cls: 'flush',
      // every type the card lists, not only the first: the server names them (DashboardApi.BLOCKED)
      actions: link(`#/audit?type=${d.blockedTypes.join(',')}`, 'Open in audit log', { class: 'card-link' }),
    }),
    d.directory ? card('Directory sync', directorySync(d.directory), { id: 'dashboard-directory-card' }) : null,
  ].filter(Boolean);
}

// The last LDAP / Active Directory sync (any node or the CLI): when, how it ended, what it changed.
function directorySync(s) {
  const kind = s.result === 'ok' ? 'ok' : 'bad';
  const counts = `${fmtNumber(s.people)} people: ${fmtNumber(s.created)} created, ${fmtNumber(s.updated)} updated, `
    + `${fmtNumber(s.disabled)} disabled, ${fmtNumber(s.enabled)} enabled` + (s.problems ? `, ${fmtNumber(s.problems)} with problems` : '');
  return h('div', { id: 'dashboard-directory', 'data-result': s.result },
    h('p', null, badge(s.result === 'ok' ? 'OK' : s.result === 'guarded' ? 'Stopped by the guard' : 'Failed', kind), ' ',
      'finished ', timeEl(s.finished)),
    h('p', null, counts),
    s.error ? h('p', { class: 'field-error' }, s.error) : null);
}

function tile(id, label, value, iconName, href, note, kind) {
  return h('a', { class: ['tile', kind ? `tile-${kind}` : null], id, href, 'data-test': 'stat' },
    h('div', { class: 'tile-top' }, h('span', { class: 'tile-label' }, label), icon(iconName, 'tile-icon')),
    h('div', { class: 'tile-value', 'data-test': 'stat-value' }, value),
    h('div', { class: 'tile-note' }, note));
}

export function trunkHealth(t) {
  if (t.enabled === false) return badge('Disabled', 'off');
  if (t.up === false) return h('span', { class: 'health' }, dot('bad'), 'Down');
  if (t.up === true) return h('span', { class: 'health' }, dot('ok'), 'Up');
  return h('span', { class: 'health' }, dot('off'), 'Unknown');
}

function reason(details) {
  if (details == null) return null;
  if (typeof details === 'string') return details;
  return details.reason || details.warning || details.right || JSON.stringify(details);
}
