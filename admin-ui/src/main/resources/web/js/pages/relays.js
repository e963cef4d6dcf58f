// Relay nodes: the media relays (Palisade relays or rtpengines) calls are anchored on.
// Route: #/relay-nodes.

import { h } from '../dom.js';
import * as api from '../api.js';
import { load, region, table, badge, empty, card, button, confirmDialog, flash, describe } from '../ui.js';
import { buildForm } from '../forms.js';

export default function relays(ctx) {
  const body = region('relay-nodes-region');
  let formCard = null;
  if (ctx.canEdit) {
    const form = buildForm({
      entity: 'relay-node',
      submitLabel: 'Add relay node',
      fields: [
        { name: 'name', label: 'Name', required: true, placeholder: 'relay-1' },
        { name: 'ng', label: 'Control address (ng)', required: true, placeholder: '10.0.0.7:2223', help: 'HOST:PORT of its ng control protocol (UDP).' },
        { name: 'weight', label: 'Weight', type: 'number', min: 1, value: 1, help: 'Share of new calls, relative to the other nodes.' },
      ],
      onSubmit: async (v) => {
        await api.post('/api/relay-nodes', { name: v.name, ng: v.ng, weight: v.weight ?? 1 });
        flash(`Relay node ${v.name} added`);
        form.el.reset();
        formCard.hidden = true;
        refresh();
      },
      extraActions: button('Cancel', { id: 'relay-node-cancel', onClick: () => { formCard.hidden = true; } }),
    });
    formCard = card('Add a relay node', form.el, { id: 'relay-node-add-card', cls: 'narrow-card' });
    formCard.hidden = true;
    ctx.setActions(button('Add relay node', {
      id: 'relay-node-add', kind: 'primary', iconName: 'plus',
      onClick: () => {
        formCard.hidden = false;
        form.input('name').focus();
      },
    }));
  }
  ctx.root.append(formCard || '', card(null, body, { cls: 'flush' }));

  const refresh = (silent) => load(body, () => api.get('/api/relay-nodes'), (rows) => (rows.length ? table({
    id: 'relay-nodes-table',
    rowKey: (r) => r.name,
    columns: [
      { key: 'name', label: 'Relay node', cls: 'strong' },
      { key: 'ng', label: 'Control address', cls: 'mono' },
      { key: 'weight', label: 'Weight', num: true },
      { key: 'healthy', label: 'Health', render: (r) => (r.healthy == null ? badge('Unknown', 'off') : r.healthy ? badge('Healthy', 'ok') : badge('Not answering', 'bad')) },
      ctx.canEdit ? {
        key: 'actions', label: '', cls: 'actions',
        render: (r) => button('Remove', {
          kind: 'small danger-outline', 'data-action': 'delete', 'data-key': r.name,
          onClick: async () => {
            const ok = await confirmDialog({
              title: `Remove relay node ${r.name}?`,
              message: 'New calls will no longer be anchored on it. Servers pick the change up within seconds.',
              confirmLabel: 'Remove relay node',
            });
            if (!ok) return;
            try {
              await api.del(`/api/relay-nodes/${api.seg(r.name)}`);
              flash(`Relay node ${r.name} removed`);
              refresh();
            } catch (e) {
              if (e.status !== 401) flash(describe(e), 'error');
            }
          },
        }),
      } : null,
    ].filter(Boolean),
    rows,
  }) : empty({ id: 'relay-nodes-empty', title: 'No relay nodes', text: 'Calls are anchored on the relay built into each server. Add nodes to relay media on other machines.' })), { silent });
  refresh(false);
  ctx.every(10000, () => refresh(true));
}
