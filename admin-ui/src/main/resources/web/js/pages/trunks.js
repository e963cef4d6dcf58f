// Trunks to the PBX or a carrier, with their live state from /api/trunks/status.
// Routes: #/trunks, #/trunks/new, #/trunks/NAME.

import { h } from '../dom.js';
import * as api from '../api.js';
import {
  load, region, table, badge, empty, card, link, button, buttonLink, confirmDialog, flash, errorState, describe,
} from '../ui.js';
import { buildForm, putChanges } from '../forms.js';
import { trunkHealth } from './dashboard.js';

const crumbs = [['Trunks', '#/trunks']];

export default function trunks(ctx) {
  const [first] = ctx.params;
  if (!first) return list(ctx);
  return edit(ctx, first === 'new' ? null : first);
}

async function trunksWithStatus() {
  const list = await api.get('/api/trunks');
  let status = null;
  try {
    status = await api.get('/api/trunks/status');
  } catch (e) {
    if (e.status === 401) throw e;
  }
  const byName = new Map((status || []).map((s) => [s.name, s]));
  return { rows: list.map((t) => ({ ...t, status: byName.get(t.name) || null })), statusKnown: !!status };
}

function list(ctx) {
  if (ctx.canEdit) ctx.setActions(buttonLink('#/trunks/new', 'Add trunk', { id: 'trunk-add', kind: 'primary', iconName: 'plus' }));
  const body = region('trunks-region');
  ctx.root.append(card(null, body, { cls: 'flush' }));
  const refresh = (silent) => load(body, trunksWithStatus, ({ rows, statusKnown }) => [
    statusKnown ? null : h('div', { class: 'inline-note', id: 'trunks-status-missing' }, 'Live state unavailable: the server did not answer /api/trunks/status.'),
    rows.length ? table({
      id: 'trunks-table',
      rowKey: (t) => t.name,
      onRow: (t) => { location.hash = `#/trunks/${encodeURIComponent(t.name)}`; },
      columns: [
        { key: 'name', label: 'Trunk', cls: 'strong', render: (t) => link(`#/trunks/${encodeURIComponent(t.name)}`, t.name, { 'data-test': 'trunk-link' }) },
        { key: 'peer', label: 'Peer', cls: 'mono' },
        { key: 'transport', label: 'Transport', render: (t) => (t.transport || 'udp').toUpperCase() },
        { key: 'health', label: 'Health', render: (t) => trunkHealth({ enabled: t.enabled, up: t.status ? t.status.up : undefined }) },
        { key: 'register', label: 'Registration', render: (t) => (!t.register ? h('span', { class: 'muted' }, 'Static')
          : t.status && t.status.registered ? badge('Registered', 'ok') : t.status ? badge('Not registered', 'warn') : badge('Registers', 'neutral')) },
        { key: 'calls', label: 'Calls', num: true, render: (t) => `${t.status ? t.status.inUse ?? 0 : '—'} / ${t.maxCalls || '∞'}` },
        { key: 'priority', label: 'Priority', num: true },
        { key: 'password', label: 'Credentials', render: (t) => (t.username ? `${t.username}${t.password === 'set' ? ' · password set' : ''}` : null) },
      ],
      rows,
    }) : empty({
      id: 'trunks-empty', title: 'No trunks', text: 'A trunk connects Palisade to the company PBX or a carrier. Without one, calls stay internal.',
      action: ctx.canEdit ? buttonLink('#/trunks/new', 'Add trunk', { kind: 'primary' }) : null,
    }),
  ], { silent });
  refresh(false);
  ctx.every(10000, () => refresh(true));
}

async function edit(ctx, name) {
  ctx.setTitle(name ? `Trunk ${name}` : 'Add trunk', crumbs);
  if (!name && !ctx.canEdit) {
    ctx.root.append(errorState({ status: 403, body: { error: 'Only administrators add trunks' } }));
    return;
  }
  const body = region('trunk-region');
  ctx.root.append(body);
  await load(body, () => (name ? api.get(`/api/trunks/${api.seg(name)}`) : Promise.resolve({ transport: 'udp', enabled: true, priority: 0 })), (t) => {
    if (name && ctx.canEdit) {
      ctx.setActions(button('Delete trunk', {
        id: 'trunk-delete', kind: 'danger-outline', iconName: 'trash',
        onClick: async () => {
          const ok = await confirmDialog({
            title: `Delete trunk ${name}?`,
            message: 'Palisade stops registering to its peer and no call will use it. A trunk that a route still names cannot be deleted.',
            confirmLabel: 'Delete trunk',
          });
          if (!ok) return;
          try {
            await api.del(`/api/trunks/${api.seg(name)}`);
            flash(`Trunk ${name} deleted`);
            location.hash = '#/trunks';
          } catch (e) {
            if (e.status !== 401) flash(describe(e), 'error');
          }
        },
      }));
    }
    const original = { peer: t.peer, transport: t.transport || 'udp', register: !!t.register, username: t.username, maxCalls: t.maxCalls || null, priority: t.priority ?? null, enabled: t.enabled !== false };
    const form = buildForm({
      entity: 'trunk',
      readOnly: !ctx.canEdit,
      submitLabel: name ? 'Save changes' : 'Add trunk',
      cancelHref: '#/trunks',
      fields: [
        { name: 'name', label: 'Name', value: t.name, required: !name, readonly: !!name, placeholder: 'pbx' },
        { name: 'peer', label: 'Peer', value: t.peer, required: true, placeholder: 'pbx.example.com:5060', help: 'Host or address, with an optional port.' },
        { name: 'transport', label: 'Transport', type: 'select', value: t.transport || 'udp', options: [{ value: 'udp', label: 'UDP' }, { value: 'tcp', label: 'TCP' }, { value: 'tls', label: 'TLS' }] },
        { name: 'register', label: 'Registration', type: 'checkbox', checkLabel: 'Register to the peer with the credentials below', value: !!t.register },
        { name: 'username', label: 'User name', value: t.username, placeholder: 'palisade' },
        ctx.canEdit ? { name: 'password', label: 'Password', type: 'password', help: t.password === 'set' ? 'A password is stored. Leave empty to keep it.' : 'Stored encrypted; never shown again.' } : null,
        // The API says 0 for no limit; the form shows that as an empty field.
        { name: 'maxCalls', label: 'Maximum calls', type: 'number', min: 0, value: t.maxCalls || '', help: 'Empty for no limit.' },
        { name: 'priority', label: 'Priority', type: 'number', value: t.priority ?? '', help: 'Lower is tried first when routes fail over.' },
        name ? { name: 'enabled', label: 'Status', type: 'checkbox', checkLabel: 'Enabled', value: t.enabled !== false } : null,
      ].filter(Boolean),
      onSubmit: async (v) => {
        if (name) {
          delete v.name;
          if (!(await putChanges(`/api/trunks/${api.seg(name)}`, v, original, `Trunk ${name} saved`))) return;
        } else {
          const b = { ...v };
          for (const k of ['username', 'password']) if (!b[k]) b[k] = null;
          await api.post('/api/trunks', b);
          flash(`Trunk ${v.name} added`);
        }
        location.hash = '#/trunks';
      },
    });
    return card(ctx.canEdit ? null : 'Read only', form.el, { cls: 'narrow-card' });
  });
}
