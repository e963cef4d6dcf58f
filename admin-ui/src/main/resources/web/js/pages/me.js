// Self-service for directory users (role self-service): my extension, my registered devices, my
// calls of the last 30 days, and a new device (SIP) password shown once. Route: #/me.
// SIP digest cannot check a directory password, so phones use the device password made here.

import { h } from '../dom.js';
import * as api from '../api.js';
import { load, region, table, card, facts, button, banner, empty, flash, describe } from '../ui.js';
import { timeEl, fmtDuration } from '../format.js';

export default function me(ctx) {
  const mine = region('me-region');
  const devices = region('me-devices-region');
  const calls = region('me-calls-region');
  const secret = h('div', { id: 'me-password-result' });
  const newPassword = button('New device password', {
    id: 'me-password-new', iconName: 'refresh',
    onClick: async () => {
      secret.replaceChildren();
      try {
        const r = await api.post('/api/me/sip-password', {});
        secret.replaceChildren(
          banner('ok', 'Your new device password', 'Copy it into your phone now (select it and press Ctrl+C):'
            + ' it is shown only this once. The old password no longer works.'),
          h('code', { id: 'me-password', class: 'mono strong' }, r.password));
      } catch (e) {
        if (e.status !== 401) flash(describe(e), 'error');
      }
    },
  });
  ctx.root.append(
    card('My extension', [mine], { id: 'me-card' }),
    card('Device password', [h('p', null, 'Phones sign in with your extension number and a device password,'
      + ' never your directory password.'), newPassword, secret], { id: 'me-password-card' }),
    card('My devices', [devices], { id: 'me-devices-card', cls: 'flush' }),
    card('My recent calls', [calls], { id: 'me-calls-card', cls: 'flush' }));

  load(mine, () => api.get('/api/me'), (m) => facts([
    ['Name', m.displayName], ['Login', m.username], ['Extension', m.extension], ['Department', m.department || '—'],
    ['Profile', m.profile],
  ], 'me-facts'), {
    onError: (e) => {
      if (e.status === 404) newPassword.disabled = true;
    },
  });
  load(devices, () => api.get('/api/me/registrations'), (rows) => (rows.length ? table({
    id: 'me-devices-table',
    rowKey: (b) => b.contact,
    columns: [
      { key: 'userAgent', label: 'Device' },
      { key: 'source', label: 'From', cls: 'mono' },
      { key: 'transport', label: 'Transport' },
      { key: 'expires', label: 'Expires', render: (b) => timeEl(b.expires), cls: 'nowrap' },
    ],
    rows,
  }) : empty({ id: 'me-devices-empty', title: 'No device registered', text: 'Set up a phone with the device password.' })));
  load(calls, () => api.get('/api/me/calls'), (page) => (page.items.length ? table({
    id: 'me-calls-table',
    rowKey: (c) => c.callId,
    columns: [
      { key: 'start', label: 'Start', render: (c) => timeEl(c.start), cls: 'nowrap' },
      { key: 'caller', label: 'Caller', cls: 'mono' },
      { key: 'callee', label: 'Callee', cls: 'mono' },
      { key: 'direction', label: 'Direction' },
      { key: 'billsec', label: 'Talked', num: true, render: (c) => fmtDuration(c.billsec) },
    ],
    rows: page.items,
  }) : empty({ id: 'me-calls-empty', title: 'No calls in the last 30 days' })));
}
