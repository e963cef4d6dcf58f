// The kill switch: a service off for everybody at once, calls using it included. Admin only.
// Route: #/services.

import { h } from '../dom.js';
import * as api from '../api.js';
import { load, region, table, badge, card, button, confirmDialog, flash, describe, banner } from '../ui.js';

const ABOUT = {
  voice: { label: 'Voice', text: 'All calls: audio (and fax).', calls: 'Every call in progress will be ended.' },
  video: { label: 'Video', text: 'Video in calls; calls continue as audio only.', calls: 'Calls using video will be ended.' },
  chat: { label: 'Chat', text: 'Instant messages between extensions.', calls: 'Messages will be refused from now on.' },
  'file-transfer': { label: 'File transfer', text: 'Files sent in messages.', calls: 'File transfers will be refused from now on.' },
  external: { label: 'External calls', text: 'Calls through the trunks, in and out.', calls: 'Calls through the trunks will be ended.' },
  'external-out': { label: 'External calls out', text: 'Calls from extensions through the trunks.', calls: 'Outgoing calls through the trunks will be ended.' },
  'external-in': { label: 'External calls in', text: 'Calls from the trunks to extensions (DIDs).', calls: 'Incoming calls from the trunks will be ended.' },
};

export default function services(ctx) {
  const body = region('services-region');
  ctx.root.append(
    banner('info', 'The kill switch beats every rights profile',
      'A service switched off here is off for every extension at once, on every server, within about a second. Each change is written to the audit log.'),
    card(null, body, { cls: 'flush' }));
  const refresh = () => load(body, () => api.get('/api/services'), (rows) => table({
    id: 'services-table',
    rowKey: (s) => s.service,
    rowClass: (s) => (s.enabled ? null : 'row-off'),
    columns: [
      { key: 'service', label: 'Service', cls: 'strong', render: (s) => (ABOUT[s.service] ? ABOUT[s.service].label : s.service) },
      { key: 'about', label: 'Covers', render: (s) => (ABOUT[s.service] ? ABOUT[s.service].text : null) },
      { key: 'enabled', label: 'State', render: (s) => (s.enabled ? badge('On', 'ok', { 'data-test': 'service-state' }) : badge('Switched off', 'bad', { 'data-test': 'service-state' })) },
      {
        key: 'actions', label: '', cls: 'actions',
        render: (s) => button(s.enabled ? 'Switch off' : 'Switch on', {
          id: `service-${s.service}-toggle`, kind: s.enabled ? 'small danger' : 'small primary', 'data-action': s.enabled ? 'disable' : 'enable',
          onClick: () => toggle(s, refresh),
        }),
      },
    ],
    rows,
  }));
  refresh();
}

async function toggle(s, refresh) {
  const about = ABOUT[s.service] || { label: s.service, calls: 'Calls using it will be ended.' };
  const off = s.enabled;
  const ok = await confirmDialog(off ? {
    title: `Switch off ${about.label.toLowerCase()} for everybody?`,
    message: `Every extension loses ${about.label.toLowerCase()} now, whatever its rights profile says. ${about.calls}`,
    confirmLabel: `Switch off ${about.label.toLowerCase()}`,
  } : {
    title: `Switch ${about.label.toLowerCase()} back on?`,
    message: 'The rights profiles decide again who may use it.',
    confirmLabel: `Switch on ${about.label.toLowerCase()}`,
    danger: false,
  });
  if (!ok) return;
  try {
    const r = await api.put(`/api/services/${api.seg(s.service)}`, { enabled: !off });
    const ended = r && r.callsEnded ? `; ${r.callsEnded} call${r.callsEnded === 1 ? '' : 's'} ended` : '';
    flash(`${about.label} switched ${off ? 'off' : 'on'}${ended}`);
  } catch (e) {
    if (e.status !== 401) flash(describe(e), 'error');
  }
  refresh();
}
