// Extensions: the list (with each one's live registrations), add, edit, delete, and the bulk
// CSV import with a dry run. Routes: #/extensions, #/extensions/new, #/extensions/import,
// #/extensions/NUMBER.

import { h } from '../dom.js';
import * as api from '../api.js';
import {
  load, region, table, badge, dot, empty, card, link, button, buttonLink, confirmDialog, flash, toolbar,
  debounce, errorState, banner, describe,
} from '../ui.js';
import { buildForm, generatePassword, putChanges } from '../forms.js';
import { timeEl } from '../format.js';

export default function extensions(ctx) {
  const [first] = ctx.params;
  if (!first) return list(ctx);
  if (first === 'new') return create(ctx);
  if (first === 'import') return importPage(ctx);
  return detail(ctx, first);
}

const crumbs = [['Extensions', '#/extensions']];

async function profileOptions() {
  try {
    const profiles = await api.get('/api/profiles');
    return profiles.map((p) => p.name);
  } catch (e) {
    if (e.status === 401) throw e;
    return null;
  }
}

// ---- list -------------------------------------------------------------------------------

function list(ctx) {
  if (ctx.canEdit) {
    ctx.setActions(
      buttonLink('/api/extensions.csv', 'Export CSV', { id: 'extensions-export', iconName: 'download', download: 'extensions.csv' }),
      buttonLink('#/extensions/import', 'Import CSV', { id: 'extensions-import', iconName: 'upload' }),
      buttonLink('#/extensions/new', 'Add extension', { id: 'extension-add', kind: 'primary', iconName: 'plus' }));
  }
  const search = h('input', {
    id: 'extensions-search', type: 'search', class: 'search', placeholder: 'Search number, name or department',
    'aria-label': 'Search extensions', value: ctx.query.get('q') || '',
  });
  const profile = h('select', { id: 'extensions-filter-profile', 'aria-label': 'Profile' }, h('option', { value: '' }, 'All profiles'));
  const enabled = h('select', { id: 'extensions-filter-enabled', 'aria-label': 'Status' },
    h('option', { value: '' }, 'Enabled and disabled'), h('option', { value: 'true' }, 'Enabled only'),
    h('option', { value: 'false' }, 'Disabled only'));
  enabled.value = ctx.query.get('enabled') || '';
  const count = h('span', { id: 'extensions-count', class: 'count' });
  const body = region('extensions-region');

  profileOptions().then((names) => {
    for (const n of names || []) profile.append(h('option', { value: n, selected: ctx.query.get('profile') === n }, n));
  }).catch(() => {});

  const params = () => ({ q: search.value.trim(), profile: profile.value, enabled: enabled.value });
  const refresh = (silent) => {
    const p = params();
    if (!silent) ctx.replaceQuery(p);
    return load(body, () => api.get('/api/extensions', p), (rows) => {
      count.textContent = `${rows.length} extension${rows.length === 1 ? '' : 's'} · ${rows.filter((r) => r.registrations > 0).length} registered`;
      return rows.length ? table({
        id: 'extensions-table',
        rowKey: (r) => r.number,
        onRow: (r) => { location.hash = `#/extensions/${encodeURIComponent(r.number)}`; },
        columns: [
          { key: 'number', label: 'Number', cls: 'mono strong', render: (r) => link(`#/extensions/${encodeURIComponent(r.number)}`, r.number, { 'data-test': 'extension-link' }) },
          { key: 'name', label: 'Name' },
          { key: 'department', label: 'Department' },
          { key: 'profile', label: 'Rights profile' },
          { key: 'did', label: 'DID', cls: 'mono' },
          { key: 'enabled', label: 'Status', render: (r) => (r.enabled === false ? badge('Disabled', 'off') : badge('Enabled', 'ok')) },
          { key: 'registrations', label: 'Registered devices', render: registrations },
        ],
        rows,
      }) : anyFilter(p) ? empty({ id: 'extensions-empty', title: 'No extension matches', text: 'Change the search or the filters.' })
        : empty({
          id: 'extensions-empty', title: 'No extensions yet',
          text: 'Add the first extension, or import a CSV file with many at once.',
          action: ctx.canEdit ? buttonLink('#/extensions/new', 'Add extension', { kind: 'primary' }) : null,
        });
    }, { silent });
  };
  const later = debounce(() => refresh(false), 250);
  search.addEventListener('input', later);
  profile.addEventListener('change', () => refresh(false));
  enabled.addEventListener('change', () => refresh(false));

  ctx.root.append(card(null, [toolbar([search, profile, enabled], count), body], { cls: 'flush' }));
  refresh(false);
  ctx.every(10000, () => refresh(true));
}

function anyFilter(p) {
  return Object.values(p).some((v) => v);
}

function registrations(r) {
  const n = Number(r.registrations || 0);
  if (!n) return h('span', { class: 'health muted', 'data-test': 'registrations', 'data-count': '0' }, dot('off'), 'Offline');
  return h('span', { class: 'health', 'data-test': 'registrations', 'data-count': String(n) }, dot('ok'), n === 1 ? '1 device' : `${n} devices`);
}

// ---- add --------------------------------------------------------------------------------

async function create(ctx) {
  ctx.setTitle('Add extension', crumbs);
  if (!ctx.canEdit) {
    ctx.root.append(errorState({ status: 403, body: { error: 'Only administrators add extensions' } }));
    return;
  }
  const profiles = await profileOptions();
  const pw = passwordAddon('extension-password');
  const form = buildForm({
    entity: 'extension',
    submitLabel: 'Add extension',
    cancelHref: '#/extensions',
    fields: [
      { name: 'number', label: 'Number', required: true, placeholder: '1001', inputmode: 'numeric', help: '2 to 15 digits; the SIP user name of its phones.' },
      { name: 'name', label: 'Name', required: true, placeholder: 'Alice Example' },
      { name: 'department', label: 'Department', placeholder: 'Sales' },
      profileField(profiles, 'default'),
      { name: 'password', label: 'SIP password', type: 'password', required: true, addon: pw, help: 'The device password for the phones. Only its digest hashes are stored.' },
    ],
    onSubmit: async (v) => {
      const body = { number: v.number, name: v.name, department: v.department || null, profile: v.profile || null, password: v.password };
      await api.post('/api/extensions', body);
      flash(`Extension ${v.number} added`);
      location.hash = '#/extensions';
    },
  });
  ctx.root.append(card('New extension', form.el, { cls: 'narrow-card' }));
  form.input('number').focus();
}

function profileField(profiles, value) {
  return profiles
    ? { name: 'profile', label: 'Rights profile', type: 'select', options: profiles.length ? profiles : ['default'], value }
    : { name: 'profile', label: 'Rights profile', value, help: 'The profiles could not be listed; type the name.' };
}

/** "Generate" and "Show" next to a password input. */
function passwordAddon(inputId) {
  const show = button('Show', {
    class: 'btn addon', id: `${inputId}-show`,
    onClick: () => {
      const input = document.getElementById(inputId);
      input.type = input.type === 'password' ? 'text' : 'password';
      show.textContent = input.type === 'password' ? 'Show' : 'Hide';
    },
  });
  const gen = button('Generate', {
    class: 'btn addon', id: `${inputId}-generate`,
    onClick: () => {
      const input = document.getElementById(inputId);
      input.value = generatePassword();
      input.type = 'text';
      show.textContent = 'Hide';
    },
  });
  return [gen, show];
}

// ---- detail / edit ----------------------------------------------------------------------

async function detail(ctx, number) {
  ctx.setTitle(`Extension ${number}`, crumbs);
  const body = region('extension-region');
  ctx.root.append(body);
  const profiles = ctx.canEdit ? await profileOptions() : null;
  await load(body, () => api.get(`/api/extensions/${api.seg(number)}`), (ext) => {
    ctx.setTitle(ext.name ? `${ext.number} · ${ext.name}` : `Extension ${ext.number}`, crumbs);
    if (ctx.canEdit) {
      ctx.setActions(button('Delete extension', {
        id: 'extension-delete', kind: 'danger-outline', iconName: 'trash',
        onClick: async () => {
          const ok = await confirmDialog({
            title: `Delete extension ${ext.number}?`,
            message: `${ext.name || ext.number} will no longer be able to register or call, and the phones registered now are dropped. Call records and the audit log keep its history.`,
            confirmLabel: 'Delete extension',
          });
          if (!ok) return;
          try {
            await api.del(`/api/extensions/${api.seg(ext.number)}`);
            flash(`Extension ${ext.number} deleted`);
            location.hash = '#/extensions';
          } catch (e) {
            if (e.status !== 401) flash(describe(e), 'error');
          }
        },
      }));
    }
    const original = { name: ext.name, department: ext.department, profile: ext.profile, enabled: ext.enabled !== false, did: ext.did };
    const form = buildForm({
      entity: 'extension',
      readOnly: !ctx.canEdit,
      submitLabel: 'Save changes',
      cancelHref: '#/extensions',
      fields: [
        { name: 'number', label: 'Number', value: ext.number, readonly: true },
        { name: 'name', label: 'Name', value: ext.name, required: true },
        { name: 'department', label: 'Department', value: ext.department },
        profiles ? profileField(profiles.includes(ext.profile) || !ext.profile ? profiles : [...profiles, ext.profile], ext.profile)
          : { name: 'profile', label: 'Rights profile', value: ext.profile },
        { name: 'did', label: 'DID (public number)', value: ext.did, placeholder: '+4930123456', help: 'Calls from a trunk to this number ring the extension; its calls out present it.' },
        ctx.canEdit ? { name: 'password', label: 'New SIP password', type: 'password', addon: passwordAddon('extension-password'), help: 'Leave empty to keep the current password.' } : null,
        { name: 'enabled', label: 'Status', type: 'checkbox', checkLabel: 'Enabled (may register and call)', value: ext.enabled !== false, help: 'Disabling drops its registrations at once.' },
      ].filter(Boolean),
      onSubmit: async (v) => {
        delete v.number;
        if (!(await putChanges(`/api/extensions/${api.seg(ext.number)}`, v, original, `Extension ${ext.number} saved`))) return;
        location.hash = '#/extensions';
      },
    });
    const bindings = ext.bindings || [];
    return [
      card(ctx.canEdit ? 'Settings' : 'Settings (read only)', form.el, { id: 'extension-settings' }),
      card(`Registered devices (${bindings.length})`, bindings.length ? bindingsTable(bindings)
        : empty({ id: 'bindings-empty', title: 'No device is registered', text: 'Phones appear here when they register with this number and its SIP password.' }),
      { id: 'extension-bindings', cls: 'flush' }),
    ];
  });
}

export function bindingsTable(bindings) {
  return table({
    id: 'bindings-table',
    rowKey: (b) => b.contact,
    columns: [
      { key: 'contact', label: 'Contact', cls: 'mono wrap' },
      { key: 'source', label: 'Source address', cls: 'mono' },
      { key: 'transport', label: 'Transport' },
      { key: 'userAgent', label: 'Phone', cls: 'wrap' },
      { key: 'registered', label: 'Registered', render: (b) => timeEl(b.registered), cls: 'nowrap' },
      { key: 'expires', label: 'Expires', render: (b) => timeEl(b.expires), cls: 'nowrap' },
    ],
    rows: bindings,
  });
}

// ---- import -----------------------------------------------------------------------------

function importPage(ctx) {
  ctx.setTitle('Import extensions', crumbs);
  if (!ctx.canEdit) {
    ctx.root.append(errorState({ status: 403, body: { error: 'Only administrators import extensions' } }));
    return;
  }
  const file = h('input', { id: 'import-file', type: 'file', accept: '.csv,text/csv' });
  const text = h('textarea', {
    id: 'import-csv', rows: 10, spellcheck: 'false', class: 'mono',
    placeholder: 'number,name,department,profile,password\n1001,Alice Example,Sales,staff,a-long-sip-password',
  });
  const result = h('div', { id: 'import-result', 'data-test': 'region', 'data-state': 'idle' });
  const dry = button('Check file (dry run)', { id: 'import-dry-run', kind: 'primary' });
  const apply = button('Import', { id: 'import-apply', kind: 'primary', disabled: true, hidden: true });
  let checked = null; // the text the dry run accepted

  file.addEventListener('change', async () => {
    const f = file.files[0];
    if (!f) return;
    text.value = await f.text();
    reset();
  });
  text.addEventListener('input', reset);

  function reset() {
    checked = null;
    apply.disabled = true;
    apply.hidden = true;
    result.replaceChildren();
    result.dataset.state = 'idle';
  }

  async function send(dryRun) {
    const csv = text.value;
    if (!csv.trim()) {
      result.replaceChildren(banner('bad', 'Nothing to import', 'Choose a CSV file or paste its content.'));
      result.dataset.state = 'error';
      return;
    }
    dry.disabled = true;
    apply.disabled = true;
    result.dataset.state = 'loading';
    try {
      const out = await api.post('/api/extensions/import', { csv, dryRun });
      if (dryRun) {
        showCheck(out, csv);
      } else {
        flash(`${out.imported} extension${out.imported === 1 ? '' : 's'} imported`);
        location.hash = '#/extensions';
      }
    } catch (e) {
      if (e.status === 401) return;
      if (e.status === 400 && e.body && Array.isArray(e.body.errors)) {
        showCheck({ valid: e.body.valid ?? 0, errors: e.body.errors }, csv);
      } else {
        result.replaceChildren(errorState(e));
        result.dataset.state = 'error';
      }
    } finally {
      dry.disabled = false;
    }
  }

  function showCheck(out, csv) {
    const errors = out.errors || [];
    if (errors.length) {
      checked = null;
      apply.hidden = true;
      result.replaceChildren(
        banner('bad', `${errors.length} problem${errors.length === 1 ? '' : 's'} found, nothing imported`,
          `${out.valid ?? 0} row${out.valid === 1 ? '' : 's'} would be fine. Import adds all rows or none: fix the rows below and check again.`,
          { id: 'import-summary', 'data-ok': 'false' }),
        table({
          id: 'import-errors',
          rowKey: (e) => `${e.line}:${e.field}`,
          columns: [
            { key: 'line', label: 'Line', num: true },
            { key: 'field', label: 'Field', cls: 'mono' },
            { key: 'error', label: 'Problem', cls: 'wrap' },
          ],
          rows: errors,
        }));
      result.dataset.state = 'errors';
    } else if (!out.valid) {
      result.replaceChildren(banner('warn', 'No rows to import', 'The file has a header but no extensions.', { id: 'import-summary', 'data-ok': 'false' }));
      result.dataset.state = 'errors';
    } else {
      checked = csv;
      apply.textContent = `Import ${out.valid} extension${out.valid === 1 ? '' : 's'}`;
      apply.hidden = false;
      apply.disabled = false;
      result.replaceChildren(banner('ok', `All ${out.valid} row${out.valid === 1 ? '' : 's'} are valid`,
        'Nothing has been imported yet. Press the import button to add them all.', { id: 'import-summary', 'data-ok': 'true' }));
      result.dataset.state = 'valid';
    }
    result.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }

  dry.addEventListener('click', () => send(true));
  apply.addEventListener('click', async () => {
    if (checked === null || checked !== text.value) return;
    const ok = await confirmDialog({
      title: 'Import these extensions?',
      message: 'All rows are added in one go. Extensions that already exist make the whole import fail.',
      confirmLabel: apply.textContent, danger: false,
    });
    if (ok) send(false);
  });

  ctx.root.append(card('CSV file', [
    h('p', { class: 'lead' }, 'One extension per line, with the header ',
      h('code', null, 'number,name,department,profile,password'),
      '. The file from ', h('a', { href: '/api/extensions.csv', id: 'import-export-link', download: 'extensions.csv' }, 'Export CSV'),
      ' has this layout (its passwords are empty: fill them in for new extensions). Check the file first: nothing is imported until you confirm.'),
    h('div', { class: 'field wide' }, h('label', { class: 'field-label', for: 'import-file' }, 'Choose a file'), file),
    h('div', { class: 'field wide' }, h('label', { class: 'field-label', for: 'import-csv' }, 'or paste the content'), text),
    h('div', { class: 'form-actions' }, dry, apply, h('a', { class: 'btn', href: '#/extensions', id: 'import-cancel' }, 'Cancel')),
    result,
  ], { id: 'import-card' }));
}
