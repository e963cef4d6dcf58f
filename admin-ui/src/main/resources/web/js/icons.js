// The few icons the UI uses, drawn here as simple strokes (no icon font, nothing fetched).

import { svgIcon } from './dom.js';

const P = (d) => ['path', { d }];
const C = (cx, cy, r) => ['circle', { cx, cy, r }];
const R = (x, y, width, height, rx = 1.5) => ['rect', { x, y, width, height, rx }];

const ICONS = {
  dashboard: [R(3, 3, 8, 8), R(13, 3, 8, 5), R(13, 10, 8, 11), R(3, 13, 8, 8)],
  calls: [P('M3 12h4l3-7 4 14 3-7h4')],
  extensions: [C(9, 8, 3.5), P('M2.5 20c0-3.6 2.9-6 6.5-6s6.5 2.4 6.5 6'), P('M16 4.5a3.5 3.5 0 0 1 0 7'),
    P('M18 14.5c2 .7 3.5 2.6 3.5 5.5')],
  profiles: [P('M12 3l8 3v6c0 4.8-3.4 8-8 9-4.6-1-8-4.2-8-9V6z'), P('M8.5 12l2.5 2.5 4.5-5')],
  trunks: [P('M4 8h15l-3.5-3.5'), P('M20 16H5l3.5 3.5')],
  routes: [P('M9 6h11M9 12h11M9 18h11'), C(4.5, 6, 1.2), C(4.5, 12, 1.2), C(4.5, 18, 1.2)],
  dids: [P('M5 9h15M4 15h15M10 4L8 20M16 4l-2 16')],
  relays: [R(3, 4, 18, 7), R(3, 13, 18, 7), P('M7 7.5h.01M7 16.5h.01M11 7.5h6M11 16.5h6')],
  services: [P('M12 3v8'), P('M6.4 6.6a8 8 0 1 0 11.2 0')],
  cdr: [P('M6 3h9l4 4v14H6z'), P('M14 3v5h5'), P('M9 12h7M9 16h7')],
  audit: [R(5, 11, 14, 10), P('M8 11V7.5a4 4 0 0 1 8 0V11'), P('M12 15v2')],
  chat: [P('M4 5h16v11H10l-5 4v-4H4z'), P('M8 9.5h8M8 12.5h5')],
  admins: [C(8, 15, 4), P('M11 12l9-9M16 7l3 3M14 9l2 2')],
  logout: [P('M14 4h5v16h-5'), P('M10 8l-4 4 4 4M6 12h10')],
  inbox: [P('M3 13l3-8h12l3 8v6H3z'), P('M3 13h5l1.5 2.5h5L16 13h5')],
  alert: [P('M12 3l10 18H2z'), P('M12 10v4.5M12 17.5h.01')],
  check: [C(12, 12, 9), P('M8 12.5l2.8 2.8L16.5 9')],
  info: [C(12, 12, 9), P('M12 11v6M12 7.5h.01')],
  plus: [P('M12 5v14M5 12h14')],
  upload: [P('M12 16V4M7 9l5-5 5 5'), P('M4 16v4h16v-4')],
  download: [P('M12 4v12M7 11l5 5 5-5'), P('M4 16v4h16v-4')],
  trash: [P('M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13')],
  refresh: [P('M20 11a8 8 0 0 0-14.5-4.5L4 8'), P('M4 3v5h5'), P('M4 13a8 8 0 0 0 14.5 4.5L20 16'), P('M20 21v-5h-5')],
  search: [C(11, 11, 6.5), P('M16 16l4.5 4.5')],
  shield: [P('M12 3l8 3v6c0 4.8-3.4 8-8 9-4.6-1-8-4.2-8-9V6z')],
  phoneOff: [P('M3 12h4l3-7 4 14 3-7h4'), P('M3 3l18 18')],
};

export function icon(name, cls = 'icon') {
  return svgIcon(ICONS[name] || ICONS.info, cls);
}
