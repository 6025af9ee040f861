// The signed-in pages: a hash route each (#/system, #/apps/<name>, …), so a reload or a shared link opens the same
// page and the browser's back button works. A page module exports start(params) and stop(); one page runs at a time.
// A feature's page adds one entry here, its <section id="view-…"> in index.html and its link in the nav.

import { startAlertsPage, stopAlertsPage } from './alerts.js';
import { startAppPage, stopAppPage } from './app-page.js';
import { startAppsPage, stopAppsPage } from './apps.js';
import { startBackupsPage, stopBackupsPage } from './backups.js';
import { startNewAppPage, stopNewAppPage } from './new-app.js';
import { startSettingsPage, stopSettingsPage } from './settings.js';
import { startSitesPage, stopSitesPage } from './sites.js';
import { startWelcomePage, stopWelcomePage } from './first-app.js';
import { startSystemPage, stopSystemPage } from './system.js';

/** Ordered; the first whose pattern matches the hash wins. `nav` marks the nav link that is current. */
export const routes = [
  { pattern: /^#\/welcome$/, view: 'view-welcome', nav: 'apps', start: startWelcomePage, stop: stopWelcomePage },
  { pattern: /^#\/apps$/, view: 'view-apps', nav: 'apps', start: startAppsPage, stop: stopAppsPage },
  { pattern: /^#\/new-app$/, view: 'view-new-app', nav: 'apps', start: startNewAppPage, stop: stopNewAppPage },
  { pattern: /^#\/apps\/([a-z0-9-]+)$/, view: 'view-app', nav: 'apps', start: startAppPage, stop: stopAppPage },
  { pattern: /^#\/sites$/, view: 'view-sites', nav: 'sites', start: startSitesPage, stop: stopSitesPage },
  { pattern: /^#\/system$/, view: 'view-system', nav: 'system', start: startSystemPage, stop: stopSystemPage },
  { pattern: /^#\/settings$/, view: 'view-settings', nav: 'settings', start: startSettingsPage, stop: stopSettingsPage },
  { pattern: /^#\/alerts$/, view: 'view-alerts', nav: 'alerts', start: startAlertsPage, stop: stopAlertsPage },
  { pattern: /^#\/backups$/, view: 'view-backups', nav: 'backups', start: startBackupsPage, stop: stopBackupsPage },
];

/** Where a signed-in user lands when the hash names no page. */
export const home = '#/apps';

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
