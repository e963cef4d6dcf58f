// Live calls on this node, refreshed every 3 s; admins may end one. Route: #/calls.

import { h } from '../dom.js';
import * as api from '../api.js';
import { load, region, table, badge, empty, card, button, confirmDialog, flash, describe, toolbar } from '../ui.js';
import { timeEl, fmtDuration, toDate, fmtTime } from '../format.js';

export default function calls(ctx) {
  const body = region('calls-region');
  const updated = h('span', { id: 'calls-updated', class: 'count' });
  const count = h('span', { id: 'calls-count', class: 'count strong' });
  ctx.setActions(button('Refresh', { id: 'calls-refresh', iconName: 'refresh', onClick: () => refresh(false) }));
  ctx.root.append(card(null, [toolbar([count], updated), body], { cls: 'flush' }));

  const refresh = (silent) => load(body, () => api.get('/api/calls'), (rows) => {
    count.textContent = `${rows.length} active call${rows.length === 1 ? '' : 's'}`;
    updated.textContent = `Updated ${fmtTime(new Date()).slice(11)} · refreshes every 3 s`;
    return rows.length ? table({
      id: 'calls-table',
      rowKey: (c) => c.callId,
      columns: [
        { key: 'caller', label: 'Caller', cls: 'mono strong' },
        { key: 'callee', label: 'Callee', cls: 'mono strong' },
        { key: 'answered', label: 'Answered', render: (c) => timeEl(c.answered), cls: 'nowrap' },
        { key: 'duration', label: 'Duration', num: true, render: (c) => {
          const d = toDate(c.answered);
          return h('span', { 'data-test': 'duration' }, d ? fmtDuration((Date.now() - d.getTime()) / 1000) : '—');
        } },
        { key: 'services', label: 'Media', render: (c) => (c.services || []).map((s) => badge(s, 'info')) },
        { key: 'callId', label: 'Call-ID', cls: 'mono small ellipsis', render: (c) => h('span', { title: c.callId }, c.callId) },
        ctx.canEdit ? {
          key: 'actions', label: '', cls: 'actions',
          render: (c) => button('End call', {
            kind: 'small danger-outline', 'data-action': 'end', 'data-key': c.callId,
            onClick: async () => {
              const ok = await confirmDialog({
                title: 'End this call?',
                message: `Palisade hangs up both ${c.caller} and ${c.callee}. The call record will say it was ended by the system.`,
                confirmLabel: 'End call',
              });
              if (!ok) return;
              try {
                await api.del(`/api/calls/${api.seg(c.callId)}`);
                flash(`Call between ${c.caller} and ${c.callee} ended`);
              } catch (e) {
                if (e.status !== 401) flash(describe(e), 'error');
              }
              refresh(true);
            },
          }),
        } : null,
      ].filter(Boolean),
      rows,
    }) : empty({ id: 'calls-empty', title: 'No calls in progress', text: 'Answered calls carried by this server appear here.' });
  }, { silent });
  refresh(false);
  ctx.every(3000, () => refresh(true));
}
