// The Apps list (#/apps): each app's status badge, URL, last deploy and when, and memory use, refreshed while shown.

import { api, showError } from './api.js';
import { badge, el, formatBytes, timeEl } from './ui.js';

const $ = (id) => document.getElementById(id);
const refreshEveryMs = 5000;
let timer = null;
let generation = 0;

/** The newest deploy of an app, or null (none yet). */
async function lastDeploy(name) {
  const list = await api('GET', `/api/v1/apps/${encodeURIComponent(name)}/deploys`);
  return list.deploys.length > 0 ? list.deploys[0] : null;
}

/**
 * Each running app's container use now (`GET /api/v1/system`'s `containers`, which hiy refreshes every few seconds),
 * as a Map app → {cpu_percent, memory_bytes}; empty on a hiy without the route.
 */
export async function liveUsage() {
  try {
    const system = await api('GET', '/api/v1/system');
    return new Map(((system && system.containers) || []).map((c) => [c.app, c]));
  } catch (e) {
    if (e.status === 404) {
      return new Map();
    }
    throw e;
  }
}

/** The memory the app's container used at the last sample, or null when hiy has no samples (or no metrics route). */
export async function lastMemory(name) {
  try {
    const metrics = await api('GET', `/api/v1/apps/${encodeURIComponent(name)}/metrics?range=24h`);
    const points = (metrics && metrics.points) || [];
    for (let i = points.length - 1; i >= 0; i--) {
      if (typeof points[i].memory_bytes === 'number') {
        return points[i].memory_bytes;
      }
    }
    return null;
  } catch (e) {
    if (e.status === 404) {
      return null;
    }
    throw e;
  }
}

function row(app, deploy, memory, now) {
  const link = el('a', { href: `#/apps/${encodeURIComponent(app.name)}`, text: app.name, class: 'app-link' });
  const lastCell = deploy
    ? el('td', {}, `#${deploy.id} `, badge(deploy.status), ' ', timeEl(deploy.finished_at || deploy.started_at || deploy.queued_at, now))
    : el('td', { class: 'notice', text: 'never' });
  const memoryText = memory === null ? '—' : formatBytes(memory);
  return el('tr', { dataset: { app: app.name } },
    el('th', { scope: 'row' }, link),
    el('td', {}, badge(app.status)),
    el('td', {}, el('a', { href: app.url, text: app.url.replace(/\/$/, ''), target: '_blank', rel: 'noopener', class: 'url' })),
    lastCell,
    el('td', { class: 'mono', text: `${memoryText} / ${app.memory_mb} MB` }));
}

async function refresh(mine) {
  try {
    const [list, usage] = await Promise.all([api('GET', '/api/v1/apps'), liveUsage()]);
    const details = await Promise.all(list.apps.map(async (app) => {
      const live = usage.get(app.name);
      return [app, await lastDeploy(app.name), live ? live.memory_bytes : await lastMemory(app.name)];
    }));
    if (mine !== generation) {
      return; // the page was left (or restarted) while this was in flight
    }
    const now = Date.now();
    $('apps-rows').replaceChildren(...details.map(([app, deploy, memory]) => row(app, deploy, memory, now)));
    $('apps-table').hidden = list.apps.length === 0;
    $('apps-empty').hidden = list.apps.length > 0;
    showError($('apps-error'), null);
  } catch (e) {
    if (mine === generation && e.status !== 401) {
      showError($('apps-error'), e);
    }
  }
}

async function loop(mine) {
  await refresh(mine);
  if (mine === generation) {
    timer = setTimeout(() => loop(mine), refreshEveryMs);
  }
}

export function startAppsPage() {
  const mine = ++generation;
  loop(mine);
}

export function stopAppsPage() {
  generation++;
  clearTimeout(timer);
  timer = null;
}
