// The single-page app: login view, role-aware navigation, and a hash router (#/extensions,
// #/extensions/1001, #/cdr?from=...). Each page is a module under pages/ that exports
// render(ctx); ctx.every() timers and ctx.onLeave() callbacks end when the user navigates away.

import { h, $ } from './js/dom.js';
import * as api from './js/api.js';
import { icon } from './js/icons.js';
import { flash, describe } from './js/ui.js';
import { zoneLabel } from './js/format.js';

import dashboard from './js/pages/dashboard.js';
import calls from './js/pages/calls.js';
import extensions from './js/pages/extensions.js';
import profiles from './js/pages/profiles.js';
import trunks from './js/pages/trunks.js';
import routes from './js/pages/routes.js';
import dids from './js/pages/dids.js';
import relays from './js/pages/relays.js';
import services from './js/pages/services.js';
import cdr from './js/pages/cdr.js';
import audit from './js/pages/audit.js';
import chat from './js/pages/chat.js';
import admins from './js/pages/admins.js';
import me from './js/pages/me.js';

const ADMIN = 'admin';
const AUDITOR = 'auditor';
const FINANCE = 'finance';
const SELF_SERVICE = 'self-service';

/** Every page, in navigation order, with who may see it (the Roles table of docs/API.md). */
export const PAGES = [
  { path: 'dashboard', title: 'Dashboard', group: 'Overview', icon: 'dashboard', roles: [ADMIN, AUDITOR], render: dashboard },
  { path: 'calls', title: 'Live calls', group: 'Overview', icon: 'calls', roles: [ADMIN, AUDITOR], render: calls },
  { path: 'extensions', title: 'Extensions', group: 'Directory', icon: 'extensions', roles: [ADMIN, AUDITOR], render: extensions },
  { path: 'profiles', title: 'Rights profiles', group: 'Directory', icon: 'profiles', roles: [ADMIN, AUDITOR], render: profiles },
  { path: 'trunks', title: 'Trunks', group: 'Telephony', icon: 'trunks', roles: [ADMIN, AUDITOR], render: trunks },
  { path: 'routes', title: 'Dial plan', group: 'Telephony', icon: 'routes', roles: [ADMIN, AUDITOR], render: routes },
  { path: 'dids', title: 'DIDs', group: 'Telephony', icon: 'dids', roles: [ADMIN, AUDITOR], render: dids },
  { path: 'relay-nodes', title: 'Relay nodes', group: 'Telephony', icon: 'relays', roles: [ADMIN, AUDITOR], render: relays },
  { path: 'services', title: 'Kill switch', group: 'Telephony', icon: 'services', roles: [ADMIN], render: services },
  { path: 'cdr', title: 'Call records', group: 'Records', icon: 'cdr', roles: [ADMIN, AUDITOR, FINANCE], render: cdr },
  { path: 'audit', title: 'Audit log', group: 'Records', icon: 'audit', roles: [ADMIN, AUDITOR], render: audit },
  { path: 'chat', title: 'Chat archive', group: 'Records', icon: 'chat', roles: [ADMIN, AUDITOR], render: chat },
  { path: 'admin-users', title: 'Admin users', group: 'Administration', icon: 'admins', roles: [ADMIN], render: admins },
  { path: 'me', title: 'My phone', group: 'Self-service', icon: 'extensions', roles: [SELF_SERVICE], render: me },
];

const ROLE_NAMES = { admin: 'Administrator', auditor: 'Auditor', finance: 'Finance', 'self-service': 'Self-service' };

let current = null; // {cleanups: []}
let routing = 0;

// Auto-refresh must not keep an unattended session alive for ever: after this long without a
// key press, click or scroll, pages stop polling, so the server's idle timeout can end the session.
const POLL_IDLE_MS = 10 * 60 * 1000;
let lastActivity = Date.now();
for (const type of ['keydown', 'mousedown', 'wheel', 'touchstart']) {
  window.addEventListener(type, () => {
    lastActivity = Date.now();
  }, { passive: true, capture: true });
}

function visiblePages(role) {
  return PAGES.filter((p) => p.roles.includes(role));
}

function homeFor(role) {
  const pages = visiblePages(role);
  return pages.length ? `#/${pages[0].path}` : '#/';
}

// ---- views ------------------------------------------------------------------------------

function showLogin(notice) {
  leavePage();
  $('#boot').hidden = true;
  $('#app-view').hidden = true;
  $('#login-view').hidden = false;
  document.title = 'Sign in · Palisade';
  const n = $('#login-notice');
  n.textContent = notice || '';
  n.hidden = !notice;
  $('#login-error').hidden = true;
  $('#login-password').value = '';
  $('#login-username').focus();
}

function showApp() {
  const s = api.getSession();
  $('#boot').hidden = true;
  $('#login-view').hidden = true;
  $('#app-view').hidden = false;
  $('#whoami-name').textContent = s.username;
  const role = $('#whoami-role');
  role.textContent = ROLE_NAMES[s.role] || s.role;
  role.dataset.role = s.role;
  document.body.dataset.role = s.role;
  $('#tz-note').textContent = `Times in ${zoneLabel()}`;
  buildNav(s.role);
}

function buildNav(role) {
  const nav = $('#nav');
  nav.replaceChildren();
  let group = null;
  let list = null;
  for (const p of visiblePages(role)) {
    if (p.group !== group) {
      group = p.group;
      list = h('ul', { class: 'nav-list' });
      nav.append(h('div', { class: 'nav-group' }, h('div', { class: 'nav-group-title' }, group), list));
    }
    list.append(h('li', null, h('a', { href: `#/${p.path}`, id: `nav-${p.path}`, class: 'nav-link', 'data-route': p.path },
      icon(p.icon, 'nav-icon'), h('span', null, p.title))));
  }
}

// ---- routing ----------------------------------------------------------------------------

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [pathPart, queryPart] = raw.split('?');
  const segments = pathPart.split('/').filter(Boolean).map(decodeURIComponent);
  return { segments, query: new URLSearchParams(queryPart || '') };
}

function leavePage() {
  if (current) {
    for (const fn of current.cleanups) {
      try {
        fn();
      } catch (e) {
        console.error(e);
      }
    }
  }
  current = null;
}

async function route() {
  const s = api.getSession();
  if (!s) return;
  const { segments, query } = parseHash();
  if (!segments.length) {
    location.replace(homeFor(s.role));
    return;
  }
  const page = PAGES.find((p) => p.path === segments[0]);
  leavePage();
  const token = ++routing;
  const cleanups = [];
  current = { cleanups };

  for (const a of document.querySelectorAll('.nav-link')) {
    const on = page && a.dataset.route === page.path;
    a.classList.toggle('active', on);
    if (on) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }

  const main = $('#page');
  const section = h('section', {
    class: 'page', 'data-page': page ? page.path : 'not-found', id: `page-${page ? page.path : 'not-found'}`,
  });
  main.replaceChildren(section);
  main.scrollTop = 0;
  $('#page-actions').replaceChildren();

  const ctx = {
    root: section,
    params: segments.slice(1),
    query,
    session: s,
    role: s.role,
    canEdit: s.role === ADMIN,
    setTitle(title, crumbs = []) {
      if (token !== routing) return;
      $('#page-title').textContent = title;
      document.title = `${title} · Palisade`;
      $('#crumbs').replaceChildren(...crumbs.flatMap(([text, href]) => [
        h('a', { href }, text), h('span', { class: 'crumb-sep', 'aria-hidden': 'true' }, '/')]));
    },
    setActions(...nodes) {
      if (token !== routing) return;
      $('#page-actions').replaceChildren(...nodes.flat().filter(Boolean));
    },
    every(ms, fn) {
      const id = setInterval(() => {
        if (!document.hidden && Date.now() - lastActivity < POLL_IDLE_MS) fn();
      }, ms);
      cleanups.push(() => clearInterval(id));
    },
    onLeave(fn) {
      cleanups.push(fn);
    },
    /** Changes the hash's query without routing again (filters kept in the address). */
    replaceQuery(params) {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(params)) if (v != null && v !== '' && v !== false) q.set(k, v);
      const base = '#/' + segments.map(encodeURIComponent).join('/');
      const qs = q.toString();
      history.replaceState(null, '', qs ? `${base}?${qs}` : base);
    },
    get active() {
      return token === routing;
    },
  };

  if (!page) {
    ctx.setTitle('Page not found');
    section.append(h('div', { class: 'state empty', 'data-test': 'not-found' },
      h('div', { class: 'state-title' }, 'There is no such page'),
      h('div', { class: 'state-action' }, h('a', { class: 'btn', href: homeFor(s.role) }, 'Go to the start page'))));
    return;
  }
  if (!page.roles.includes(s.role)) {
    ctx.setTitle(page.title);
    section.dataset.page = 'forbidden';
    section.append(h('div', { class: 'state error', id: 'forbidden', 'data-test': 'forbidden' },
      icon('shield', 'state-icon'),
      h('div', { class: 'state-title' }, 'Not available for your role'),
      h('div', { class: 'state-text' }, `${ROLE_NAMES[s.role] || s.role} accounts cannot use ${page.title}.`),
      h('div', { class: 'state-action' }, h('a', { class: 'btn', href: homeFor(s.role) }, 'Go to the start page'))));
    return;
  }
  ctx.setTitle(page.title);
  try {
    await page.render(ctx);
  } catch (e) {
    if (e && e.status === 401) return;
    console.error(e);
    section.append(h('div', { class: 'state error', 'data-test': 'error' },
      h('div', { class: 'state-title' }, 'This page failed'), h('div', { class: 'state-text' }, describe(e))));
  }
}

// ---- start ------------------------------------------------------------------------------

async function start() {
  api.onUnauthorized(() => showLogin('Your session has ended. Please sign in again.'));

  $('#login').addEventListener('submit', async (e) => {
    e.preventDefault();
    const user = $('#login-username');
    const pass = $('#login-password');
    const err = $('#login-error');
    const btn = $('#login-submit');
    err.hidden = true;
    if (!user.value.trim() || !pass.value) {
      err.textContent = 'Enter your user name and password.';
      err.hidden = false;
      (user.value.trim() ? pass : user).focus();
      return;
    }
    btn.disabled = true;
    btn.textContent = 'Signing in…';
    try {
      await api.login(user.value.trim(), pass.value);
      pass.value = '';
      $('#login-notice').hidden = true;
      showApp();
      const { segments } = parseHash();
      const wanted = PAGES.find((p) => p.path === segments[0]);
      if (wanted && wanted.roles.includes(api.getSession().role)) route();
      else if (location.hash === homeFor(api.getSession().role)) route();
      else location.hash = homeFor(api.getSession().role);
    } catch (ex) {
      pass.value = '';
      err.textContent = ex.status === 401 ? 'The user name or password is not right.'
        : ex.status === 429 ? 'Too many attempts. Wait a while, then try again.' : describe(ex);
      err.hidden = false;
      pass.focus();
    } finally {
      btn.disabled = false;
      btn.textContent = 'Sign in';
    }
  });

  $('#logout').addEventListener('click', async () => {
    try {
      await api.logout();
    } catch (e) {
      // The session is gone from this page either way.
    }
    location.hash = '';
    showLogin('You have signed out.');
  });

  window.addEventListener('hashchange', () => {
    if (api.getSession()) route();
  });

  // Dialogs: a click on the backdrop cancels.
  for (const dlg of document.querySelectorAll('dialog')) {
    dlg.addEventListener('click', (e) => {
      if (e.target === dlg) dlg.close('cancel');
    });
  }

  try {
    const s = await api.probeSession();
    if (s) {
      showApp();
      route();
    } else {
      showLogin();
    }
  } catch (e) {
    showLogin();
    const err = $('#login-error');
    err.textContent = describe(e);
    err.hidden = false;
  }
}

start();

