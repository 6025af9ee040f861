// The signed-in pages: a hash route each (#/system, #/apps/<name>, …), so a reload or a shared link opens the same
// page and the browser's back button works. A page module exports start(params) and stop(); one page runs at a time.
// A feature's page adds one entry here, its <section id="view-…"> in index.html and its link in the nav.

import { startSystemPage, stopSystemPage } from './system.js';

/** Ordered; the first whose pattern matches the hash wins. `nav` marks the nav link that is current. */
export const routes = [
  { pattern: /^#\/system$/, view: 'view-system', nav: 'system', start: startSystemPage, stop: stopSystemPage },
];

/** Where a signed-in user lands when the hash names no page. */
export const home = '#/system';

/** The route for a hash, with its captured groups decoded, or null. */
export function match(hash) {
  for (const route of routes) {
    const m = route.pattern.exec(hash);
    if (m) {
      return { route, params: m.slice(1).map(decodeURIComponent) };
    }
  }
  return null;
}
