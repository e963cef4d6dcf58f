// Rights profiles: which services the extensions of each profile may use.
// Routes: #/profiles, #/profiles/new, #/profiles/NAME.

import { h } from '../dom.js';
import * as api from '../api.js';
import { load, region, table, empty, card, link, buttonLink, flash, errorState } from '../ui.js';
import { buildForm } from '../forms.js';

export const RIGHTS = [
  { value: 'voice', label: 'Voice', hint: 'Audio calls (and fax)' },
  { value: 'video', label: 'Video', hint: 'Video in calls' },
  { value: 'chat', label: 'Chat', hint: 'Instant messages' },
  { value: 'file-transfer', label: 'File transfer', hint: 'Files sent in messages' },
  { value: 'external-out', label: 'External calls out', hint: 'Calls through the trunks' },
  { value: 'external-in', label: 'External calls in', hint: 'Calls from the trunks, DIDs' },
];

const crumbs = [['Rights profiles', '#/profiles']];

export default function profiles(ctx) {
  const [first] = ctx.params;
  if (!first) return list(ctx);
  if (first === 'new') return edit(ctx, null);
  return edit(ctx, first);
}

function list(ctx) {
  if (ctx.canEdit) ctx.setActions(buttonLink('#/profiles/new', 'Add profile', { id: 'profile-add', kind: 'primary', iconName: 'plus' }));
  const body = region('profiles-region');
  ctx.root.append(card(null, body, { cls: 'flush' }));
  load(body, () => api.get('/api/profiles'), (rows) => (rows.length ? table({
    id: 'profiles-table',
    rowKey: (p) => p.name,
    onRow: (p) => { location.hash = `#/profiles/${encodeURIComponent(p.name)}`; },
    columns: [
      { key: 'name', label: 'Profile', cls: 'strong', render: (p) => link(`#/profiles/${encodeURIComponent(p.name)}`, p.name, { 'data-test': 'profile-link' }) },
      ...RIGHTS.map((r) => ({
        key: r.value, label: r.label, cls: 'center',
        render: (p) => ((p.rights || []).includes(r.value)
          ? h('span', { class: 'yes', 'data-right': r.value, 'data-on': 'true', title: `${r.label}: allowed` }, '✓')
          : h('span', { class: 'no', 'data-right': r.value, 'data-on': 'false', title: `${r.label}: not allowed` }, '—')),
      })),
    ],
    rows,
  }) : empty({
    id: 'profiles-empty', title: 'No profiles', text: 'A profile bundles the services its extensions may use.',
    action: ctx.canEdit ? buttonLink('#/profiles/new', 'Add profile', { kind: 'primary' }) : null,
  })));
}

async function edit(ctx, name) {
  ctx.setTitle(name ? `Profile ${name}` : 'Add profile', crumbs);
  if (!name && !ctx.canEdit) {
    ctx.root.append(errorState({ status: 403, body: { error: 'Only administrators add profiles' } }));
    return;
  }
  const body = region('profile-region');
  ctx.root.append(body);
  await load(body, () => (name ? api.get(`/api/profiles/${api.seg(name)}`) : Promise.resolve({ name: '', rights: ['voice'] })), (p) => {
    const form = buildForm({
      entity: 'profile',
      readOnly: !ctx.canEdit,
      submitLabel: name ? 'Save rights' : 'Add profile',
      cancelHref: '#/profiles',
      fields: [
        { name: 'name', label: 'Name', value: p.name, required: !name, readonly: !!name, placeholder: 'staff', help: name ? null : 'Lower case letters, digits and dashes.' },
        { name: 'rights', label: 'Rights', type: 'checkboxes', options: RIGHTS, value: p.rights || [],
          help: 'A service switched off with the kill switch stays off whatever the profile says. Changes apply to the next call.' },
      ],
      onSubmit: async (v) => {
        if (name) {
          await api.put(`/api/profiles/${api.seg(name)}`, { rights: v.rights });
          flash(`Profile ${name} saved`);
        } else {
          await api.post('/api/profiles', { name: v.name, rights: v.rights });
          flash(`Profile ${v.name} added`);
        }
        location.hash = '#/profiles';
      },
    });
    return card(ctx.canEdit ? null : 'Read only', form.el, { cls: 'narrow-card' });
  });
}
