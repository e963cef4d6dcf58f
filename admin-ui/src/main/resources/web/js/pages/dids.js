// DIDs: public numbers and the extension each rings. Route: #/dids.

import * as api from '../api.js';
import { load, region, table, empty, card, link, deleteRowButton } from '../ui.js';
import { addFormCard } from '../forms.js';

export default function dids(ctx) {
  const body = region('dids-region');
  const formCard = ctx.canEdit ? addFormCard(ctx, {
    entity: 'did',
    title: 'Add a DID',
    addLabel: 'Add DID',
    fields: [
      { name: 'number', label: 'Public number', required: true, placeholder: '+4930123456', help: 'Any form the default country allows; stored in E.164.' },
      { name: 'extension', label: 'Rings extension', required: true, placeholder: '1001' },
    ],
    focus: 'number',
    add: async (v) => {
      const d = await api.post('/api/dids', v);
      return `DID ${(d && d.number) || v.number} added`;
    },
    onAdded: () => refresh(),
  }) : null;
  ctx.root.append(formCard || '', card(null, body, { cls: 'flush' }));

  const refresh = () => load(body, () => api.get('/api/dids'), (rows) => (rows.length ? table({
    id: 'dids-table',
    rowKey: (d) => d.number,
    columns: [
      { key: 'number', label: 'Public number', cls: 'mono strong' },
      { key: 'extension', label: 'Rings extension', render: (d) => link(`#/extensions/${encodeURIComponent(d.extension)}`, d.extension) },
      ctx.canEdit ? {
        key: 'actions', label: '', cls: 'actions',
        render: (d) => deleteRowButton({
          label: 'Delete',
          key: d.number,
          path: `/api/dids/${api.seg(d.number)}`,
          confirm: {
            title: `Delete DID ${d.number}?`,
            message: `Calls from the trunks to ${d.number} will no longer ring ${d.extension}.`,
            confirmLabel: 'Delete DID',
          },
          done: `DID ${d.number} deleted`,
          onDone: () => refresh(),
        }),
      } : null,
    ].filter(Boolean),
    rows,
  }) : empty({ id: 'dids-empty', title: 'No DIDs', text: 'A DID maps a public number to the extension it rings.' })));
  refresh();
}
