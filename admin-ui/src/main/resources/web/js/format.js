// Formatting: times in the browser's own zone, always with the offset, so that an admin in
// Berlin and one in New York reading the same screen know which instant is meant.

const pad = (n, w = 2) => String(n).padStart(w, '0');

/** "+01:00" for a Date (the browser's offset at that instant, summer time included). */
export function offsetOf(d) {
  const off = -d.getTimezoneOffset();
  const a = Math.abs(off);
  return (off >= 0 ? '+' : '-') + pad(Math.floor(a / 60)) + ':' + pad(a % 60);
}

export function toDate(v) {
  if (v == null || v === '' || typeof v === 'boolean') return null;
  const d = typeof v === 'number' ? new Date(v) : new Date(String(v));
  return isNaN(d.getTime()) ? null : d;
}

/** "2026-11-25 09:00:00 +01:00", or "—" for none. */
export function fmtTime(v) {
  if (typeof v === 'boolean') return '—';
  const d = toDate(v);
  if (!d) return v == null || v === '' ? '—' : String(v);
  return `${localDate(d)} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${offsetOf(d)}`;
}

/** "2026-11-25" in the browser's zone. */
export function localDate(d) {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Local midnight of a "YYYY-MM-DD" as ISO 8601 with the local offset: 2026-11-01T00:00:00+01:00. */
export function dayStartIso(day, plusDays = 0) {
  const [y, m, dd] = day.split('-').map(Number);
  const d = new Date(y, m - 1, dd + plusDays, 0, 0, 0);
  return `${localDate(d)}T00:00:00${offsetOf(d)}`;
}

/** A <time> element: the local form shown, UTC in the tooltip and the datetime attribute. */
export function timeEl(v) {
  const d = toDate(v);
  const t = document.createElement('time');
  t.textContent = fmtTime(v);
  if (d) {
    t.dateTime = d.toISOString();
    t.title = d.toISOString().replace('.000Z', 'Z') + ' (UTC)';
  }
  return t;
}

/** "1:02:03" or "2:05" for seconds. */
export function fmtDuration(sec) {
  if (sec == null || sec === '' || isNaN(sec)) return '—';
  sec = Math.max(0, Math.round(Number(sec)));
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const s = sec % 60;
  return h ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

export function fmtNumber(n) {
  if (n == null || n === '' || isNaN(n)) return '—';
  return Number(n).toLocaleString('en-US');
}

export function fmtBytes(n) {
  if (n == null || isNaN(n)) return '—';
  n = Number(n);
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let i = -1;
  do {
    n /= 1024;
    i++;
  } while (n >= 1024 && i < units.length - 1);
  return `${n.toFixed(n < 10 ? 1 : 0)} ${units[i]}`;
}

/** The zone the page shows times in: "Europe/Berlin, UTC+01:00". */
export function zoneLabel() {
  let zone = '';
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || '';
  } catch {
    zone = '';
  }
  const off = offsetOf(new Date());
  return zone ? `${zone}, UTC${off}` : `UTC${off}`;
}
