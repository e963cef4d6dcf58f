// Relay nodes: the media relays (Palisade relays or rtpengines) calls are anchored on.
// Route: #/relay-nodes.

import * as api from '../api.js';
import { load, region, table, badge, empty, card, deleteRowButton } from '../ui.js';
import { addFormCard } from '../forms.js';

export default function relays(ctx) {
  const body = region('relay-nodes-region');
  const formCard = ctx.canEdit ? addFormCard(ctx, {
    entity: 'relay-node',
    title: 'Add a relay node',
    addLabel: 'Add relay node',
    fields: [
      { name: 'name', label: 'Name', required: true, placeholder: 'relay-1' },
      { name: 'ng', label: 'Control address (ng)', required: true, placeholder: '10.0.0.7:2223', help: 'HOST:PORT of its ng control protocol (UDP).' },
      { name: 'weight', label: 'Weight', type: 'number', min: 1, value: 1, help: 'Share of new calls, relative to the other nodes.' },
    ],
    focus: 'name',
    add: async (v) => {
      await api.post('/api/relay-nodes', { name: v.name, ng: v.ng, weight: v.weight ?? 1 });
      return `Relay node ${v.name} added`;
    },
    onAdded: () => refresh(),
  }) : null;
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
        render: (r) => deleteRowButton({
          label: 'Remove',
          key: r.name,
          path: `/api/relay-nodes/${api.seg(r.name)}`,
          confirm: {
            title: `Remove relay node ${r.name}?`,
            message: 'New calls will no longer be anchored on it. Servers pick the change up within seconds.',
            confirmLabel: 'Remove relay node',
          },
          done: `Relay node ${r.name} removed`,
          onDone: () => refresh(),
        }),
      } : null,
    ].filter(Boolean),
    rows,
  }) : empty({ id: 'relay-nodes-empty', title: 'No relay nodes', text: 'Calls are anchored on the relay built into each server. Add nodes to relay media on other machines.' })), { silent });
  refresh(false);
  ctx.every(10000, () => refresh(true));
}
