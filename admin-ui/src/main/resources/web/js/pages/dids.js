// DIDs: public numbers and the extension each rings. Route: #/dids.

import { h } from '../dom.js';
import * as api from '../api.js';
import { load, region, table, empty, card, link, button, confirmDialog, flash, describe } from '../ui.js';
import { buildForm } from '../forms.js';

export default function dids(ctx) {
  const body = region('dids-region');
  let formCard = null;
  if (ctx.canEdit) {
    const form = buildForm({
      entity: 'did',
      submitLabel: 'Add DID',
      fields: [
        { name: 'number', label: 'Public number', required: true, placeholder: '+4930123456', help: 'Any form the default country allows; stored in E.164.' },
        { name: 'extension', label: 'Rings extension', required: true, placeholder: '1001' },
      ],
      onSubmit: async (v) => {
        const d = await api.post('/api/dids', v);
        flash(`DID ${(d && d.number) || v.number} added`);
        form.el.reset();
        formCard.hidden = true;
        refresh();
      },
      extraActions: button('Cancel', { id: 'did-cancel', onClick: () => { formCard.hidden = true; } }),
    });
    formCard = card('Add a DID', form.el, { id: 'did-add-card', cls: 'narrow-card' });
    formCard.hidden = true;
    ctx.setActions(button('Add DID', {
      id: 'did-add', kind: 'primary', iconName: 'plus',
      onClick: () => {
        formCard.hidden = false;
        form.input('number').focus();
      },
    }));
  }
  ctx.root.append(formCard || '', card(null, body, { cls: 'flush' }));

  const refresh = () => load(body, () => api.get('/api/dids'), (rows) => (rows.length ? table({
    id: 'dids-table',
    rowKey: (d) => d.number,
    columns: [
      { key: 'number', label: 'Public number', cls: 'mono strong' },
      { key: 'extension', label: 'Rings extension', render: (d) => link(`#/extensions/${encodeURIComponent(d.extension)}`, d.extension) },
      ctx.canEdit ? {
        key: 'actions', label: '', cls: 'actions',
        render: (d) => button('Delete', {
          kind: 'small danger-outline', 'data-action': 'delete', 'data-key': d.number,
          onClick: async () => {
            const ok = await confirmDialog({
              title: `Delete DID ${d.number}?`,
              message: `Calls from the trunks to ${d.number} will no longer ring ${d.extension}.`,
              confirmLabel: 'Delete DID',
            });
            if (!ok) return;
            try {
              await api.del(`/api/dids/${api.seg(d.number)}`);
              flash(`DID ${d.number} deleted`);
              refresh();
            } catch (e) {
              if (e.status !== 401) flash(describe(e), 'error');
            }
          },
        }),
      } : null,
    ].filter(Boolean),
    rows,
  }) : empty({ id: 'dids-empty', title: 'No DIDs', text: 'A DID maps a public number to the extension it rings.' })));
  refresh();
}
