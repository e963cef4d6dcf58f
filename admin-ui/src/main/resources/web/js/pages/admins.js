// Admin users: the web accounts and their roles. Admin only.
// Routes: #/admin-users, #/admin-users/new, #/admin-users/NAME.

import * as api from '../api.js';
import { load, region, table, badge, empty, card, link, button, buttonLink, confirmDialog, flash, describe } from '../ui.js';
import { buildForm, putChanges } from '../forms.js';
import { timeEl } from '../format.js';
import { h } from '../dom.js';

const ROLES = [
  { value: 'admin', label: 'Administrator — changes configuration' },
  { value: 'auditor', label: 'Auditor — reads everything, changes nothing' },
  { value: 'finance', label: 'Finance — call records and exports only' },
];
const crumbs = [['Admin users', '#/admin-users']];

export default function admins(ctx) {
  const [first] = ctx.params;
  if (!first) return list(ctx);
  return edit(ctx, first === 'new' ? null : first);
}

function roleBadge(role) {
  return badge({ admin: 'Administrator', auditor: 'Auditor', finance: 'Finance' }[role] || role,
    role === 'admin' ? 'info' : 'neutral', { 'data-role': role });
}

function list(ctx) {
  ctx.setActions(buttonLink('#/admin-users/new', 'Add admin user', { id: 'admin-user-add', kind: 'primary', iconName: 'plus' }));
  const body = region('admin-users-region');
  ctx.root.append(card(null, body, { cls: 'flush' }));
  load(body, () => api.get('/api/admin-users'), (rows) => (rows.length ? table({
    id: 'admin-users-table',
    rowKey: (u) => u.name,
    onRow: (u) => { location.hash = `#/admin-users/${encodeURIComponent(u.name)}`; },
    columns: [
      { key: 'name', label: 'User name', cls: 'strong', render: (u) => [link(`#/admin-users/${encodeURIComponent(u.name)}`, u.name, { 'data-test': 'admin-user-link' }),
        u.name === ctx.session.username ? h('span', { class: 'muted' }, ' (you)') : null] },
      { key: 'role', label: 'Role', render: (u) => roleBadge(u.role) },
      { key: 'enabled', label: 'Status', render: (u) => (u.enabled === false ? badge('Disabled', 'off') : badge('Enabled', 'ok')) },
      { key: 'created', label: 'Created', render: (u) => timeEl(u.created), cls: 'nowrap' },
    ],
    rows,
  }) : empty({ id: 'admin-users-empty', title: 'No admin users' })));
}

async function edit(ctx, name) {
  ctx.setTitle(name ? `Admin user ${name}` : 'Add admin user', crumbs);
  const body = region('admin-user-region');
  ctx.root.append(body);
  await load(body, () => (name ? api.get(`/api/admin-users/${api.seg(name)}`) : Promise.resolve({ role: 'auditor', enabled: true })), (u) => {
    if (name) {
      ctx.setActions(button('Delete user', {
        id: 'admin-user-delete', kind: 'danger-outline', iconName: 'trash',
        onClick: async () => {
          const self = name === ctx.session.username;
          const ok = await confirmDialog({
            title: `Delete admin user ${name}?`,
            message: self ? 'This is your own account: you will be signed out and cannot sign in with it again.'
              : `${name} can no longer sign in. The audit log keeps what the account did.`,
            confirmLabel: 'Delete user',
          });
          if (!ok) return;
          try {
            await api.del(`/api/admin-users/${api.seg(name)}`);
            flash(`Admin user ${name} deleted`);
            location.hash = '#/admin-users';
          } catch (e) {
            if (e.status !== 401) flash(describe(e), 'error');
          }
        },
      }));
    }
    const original = { role: u.role, enabled: u.enabled !== false };
    const form = buildForm({
      entity: 'admin-user',
      submitLabel: name ? 'Save changes' : 'Add admin user',
      cancelHref: '#/admin-users',
      fields: [
        { name: 'name', label: 'User name', value: u.name, required: !name, readonly: !!name, placeholder: 'alice' },
        { name: 'role', label: 'Role', type: 'select', options: ROLES, value: u.role },
        { name: 'password', label: name ? 'New password' : 'Password', type: 'password', required: !name,
          help: name ? 'Leave empty to keep the current password.' : 'At least 12 characters are a good start.' },
        name ? { name: 'enabled', label: 'Status', type: 'checkbox', checkLabel: 'Enabled (may sign in)', value: u.enabled !== false } : null,
      ].filter(Boolean),
      onSubmit: async (v) => {
        if (name) {
          delete v.name;
          if (!(await putChanges(`/api/admin-users/${api.seg(name)}`, v, original, `Admin user ${name} saved`))) return;
        } else {
          await api.post('/api/admin-users', { name: v.name, role: v.role, password: v.password });
          flash(`Admin user ${v.name} added`);
        }
        location.hash = '#/admin-users';
      },
    });
    return card(null, form.el, { cls: 'narrow-card' });
  });
}
