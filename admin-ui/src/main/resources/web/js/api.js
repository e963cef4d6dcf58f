// The one way the pages talk to the server.
//
// The session's CSRF token lives in this module only (never in localStorage or a cookie we
// can read): a reload asks GET /api/session for it again. Every POST, PUT and DELETE carries
// it in X-CSRF-Token with Content-Type: application/json. Any 401 means the session is gone:
// listeners registered with onUnauthorized send the user back to the login view.

let session = null;
const unauthorizedListeners = new Set();

export class ApiError extends Error {
  constructor(status, body, method, path) {
    super((body && body.error) || statusText(status));
    this.name = 'ApiError';
    this.status = status;
    this.field = body && body.field != null ? body.field : null;
    this.body = body;
    this.method = method;
    this.path = path;
  }
}

export function statusText(status) {
  switch (status) {
    case 0: return 'The server could not be reached';
    case 400: return 'The request was refused as invalid';
    case 401: return 'Not signed in';
    case 403: return 'Your role may not do this';
    case 404: return 'Not found';
    case 405: return 'Not supported by this server';
    case 409: return 'Conflict';
    case 503: return 'The server is unavailable';
    default: return status >= 500 ? 'The server failed to answer' : 'Request failed';
  }
}

export function getSession() {
  return session;
}

/** {username, role, csrfToken} from POST or GET /api/session. */
export function setSession(s) {
  session = s ? { username: s.username, role: s.role, csrfToken: s.csrfToken } : null;
}

export function onUnauthorized(fn) {
  unauthorizedListeners.add(fn);
}

/** A query string from an object, leaving out empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v == null || v === '' || v === false) continue;
    q.set(k, String(v));
  }
  const s = q.toString();
  return s ? '?' + s : '';
}

/**
 * request('GET', '/api/extensions', {params: {q: 'x'}}) → the parsed JSON answer, null for 204.
 * Throws ApiError for any non-2xx answer, with the server's {"error","field"} when it sent one.
 * options.quiet401: a 401 is the caller's business (login, session probe), not a lost session.
 */
export async function request(method, path, options = {}) {
  const url = path + query(options.params);
  const headers = { Accept: 'application/json' };
  const changing = method !== 'GET' && method !== 'HEAD';
  if (changing) {
    headers['Content-Type'] = 'application/json';
    if (session && session.csrfToken) headers['X-CSRF-Token'] = session.csrfToken;
  }
  let res;
  try {
    res = await fetch(url, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal: options.signal,
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, null, method, path);
  }
  const body = await readBody(res);
  if (res.ok) return res.status === 204 ? null : body;
  const err = new ApiError(res.status, body && typeof body === 'object' ? body : null, method, path);
  if (res.status === 401 && !options.quiet401) {
    session = null;
    for (const fn of unauthorizedListeners) fn(err);
  }
  throw err;
}

async function readBody(res) {
  if (res.status === 204) return null;
  const type = res.headers.get('Content-Type') || '';
  const text = await res.text();
  if (!text) return null;
  if (type.includes('json')) {
    try {
      return JSON.parse(text);
    } catch {
      return null;
    }
  }
  return text;
}

export const get = (path, params, options) => request('GET', path, { ...options, params });
export const post = (path, body) => request('POST', path, { body });
export const put = (path, body) => request('PUT', path, { body });
export const del = (path) => request('DELETE', path);

/** A path segment, escaped: numbers, names and Call-IDs may carry anything. */
export function seg(s) {
  return encodeURIComponent(String(s));
}

export async function login(username, password) {
  const s = await request('POST', '/api/session', { body: { username, password }, quiet401: true });
  setSession(s);
  return session;
}

/** The current session from the cookie, or null when there is none. */
export async function probeSession() {
  try {
    setSession(await request('GET', '/api/session', { quiet401: true }));
    return session;
  } catch (e) {
    if (e.status === 401 || e.status === 403) return null;
    throw e;
  }
}

export async function logout() {
  try {
    await request('DELETE', '/api/session', { quiet401: true });
  } finally {
    session = null;
  }
}
