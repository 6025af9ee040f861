// One app's page (#/apps/<name>): the header with status, URL and actions (deploy now, restart, stop/start,
// delete with typed confirmation), CPU/memory sparklines, and the parts in their own modules: live logs,
// deploy history, env, custom domains. Settings and the git remote line are here.

import { api, showError } from './api.js';
import { startDeploys, stopDeploys, renderDeploys } from './app-deploys.js';
import { startDomains, stopDomains } from './app-domains.js';
import { startEnv, stopEnv } from './app-env.js';
import { startLogs, stopLogs } from './app-logs.js';
import { issueToken, pushLine, remoteLine, webhookUrl } from './git-remote.js';
import { showFieldErrors } from './new-app.js';
import { liveUsage } from './apps.js';
import { badge, codeLine, formatBytes, sparkline } from './ui.js';

const $ = (id) => document.getElementById(id);
const refreshEveryMs = 3000;
const settingsFields = ['memory_mb', 'cpus', 'port', 'health_path', 'volume_path', 'repo_url', 'branch'];
const numeric = { memory_mb: parseInt, cpus: parseFloat, port: parseInt };
let name = null;
let app = null;
let timer = null;
let generation = 0;
let wired = false;
let settingsDirty = false;

function path(suffix = '') {
  return `/api/v1/apps/${encodeURIComponent(name)}${suffix}`;
}

function renderHeader() {
  $('app-name').textContent = app.name;
  $('app-status').replaceChildren(badge(app.status));
  const url = $('app-url');
  url.href = app.url;
  url.textContent = app.url.replace(/\/$/, '');
  const c = app.container || {};
  const detail = [];
  if (c.detail) {
    detail.push(c.detail);
  } else if (app.status === 'crashed' && c.oom_killed) {
    detail.push('it ran out of memory and was killed');
  } else if (app.status === 'crashed' && c.exit_code !== null && c.exit_code !== undefined) {
    detail.push(`its container exited with code ${c.exit_code}`);
  }
  if (app.current_deploy_id) {
    detail.push(`live deploy ${app.current_deploy_id}`);
  }
  $('app-detail').textContent = detail.join(' · ');
  // Stop while something runs (or keeps restarting); start once there is a deploy to start again.
  $('app-stop').hidden = !['running', 'building', 'crashed'].includes(app.status);
  $('app-start').hidden = !['stopped', 'crashed', 'failed'].includes(app.status) || !app.current_deploy_id;
  $('app-restart').disabled = !app.current_deploy_id;
}

function renderSettings() {
  if (settingsDirty) {
    return; // never overwrite what the user is typing
  }
  for (const field of settingsFields) {
    const value = app[field];
    $(`app-set-${field}`).value = value === null || value === undefined ? '' : String(value);
  }
}

async function renderGit() {
  $('app-git-remote').replaceChildren(codeLine(remoteLine(app, null), { id: 'app-git-remote-text' }), codeLine(pushLine(app)));
  $('app-webhook-url').replaceChildren(codeLine(await webhookUrl(), { id: 'app-webhook-url-text' }));
}

async function renderMetrics(mine) {
  const note = $('app-metrics-note');
  let points = [];
  try {
    points = (await api('GET', path('/metrics?range=24h'))).points || [];
  } catch (e) {
    if (e.status !== 404) {
      throw e;
    }
    note.textContent = 'This hiy keeps no per-app samples yet.';
  }
  const live = (await liveUsage()).get(name);
  if (mine !== generation) {
    return;
  }
  const cpu = points.map((p) => p.cpu_percent);
  const memory = points.map((p) => p.memory_bytes);
  // "Now" is the live container's figure when it runs; the samples (every 5 minutes) draw the lines.
  const lastCpu = live ? live.cpu_percent : cpu.filter((v) => typeof v === 'number').pop();
  const lastMemory = live ? live.memory_bytes : memory.filter((v) => typeof v === 'number').pop();
  const cpuText = typeof lastCpu === 'number' ? `${lastCpu.toFixed(1)} %` : '—';
  const memoryText = typeof lastMemory === 'number' ? formatBytes(lastMemory) : '—';
  $('app-cpu-spark').replaceChildren(sparkline(cpu, { label: `CPU over 24 hours, now ${cpuText}` }));
  $('app-mem-spark').replaceChildren(sparkline(memory, { label: `Memory over 24 hours, now ${memoryText}`, max: app.memory_mb * 1048576 }));
  $('app-cpu-now').textContent = cpuText;
  $('app-mem-now').textContent = `${memoryText} of ${app.memory_mb} MB`;
  const uptime = await api('GET', path('/uptime?limit=1'));
  if (mine !== generation) {
    return;
  }
  const pct = (v) => (typeof v === 'number' ? `${v.toFixed(2)} %` : '—');
  $('app-uptime').textContent = `${pct(uptime.uptime_24h_percent)} (24 h), ${pct(uptime.uptime_7d_percent)} (7 d)`;
  if (points.length > 0) {
    note.textContent = `${points.length} samples.`;
  } else if (!note.textContent) {
    note.textContent = 'No samples yet: they start once the app runs.';
  }
}

async function refresh(mine) {
  try {
    const [current, deploys] = await Promise.all([api('GET', path()), api('GET', path('/deploys'))]);
    if (mine !== generation) {
      return;
    }
    const first = app === null;
    app = current;
    renderHeader();
    renderSettings();
    renderDeploys(app, deploys.deploys);
    if (first) {
      await renderGit();
      startDomains(app.name, new URL(app.url).host);
    }
    await renderMetrics(mine);
  } catch (e) {
    if (mine === generation && e.status !== 401) {
      showError($('app-error'), e);
    }
  }
}

async function loop(mine) {
  await refresh(mine);
  if (mine === generation) {
    timer = setTimeout(() => loop(mine), refreshEveryMs);
  }
}

/** Refreshes now (after an action) instead of at the next tick. */
function refreshSoon() {
  clearTimeout(timer);
  const mine = generation;
  timer = setTimeout(() => loop(mine), 200);
}

async function action(method, suffix, done, json) {
  showError($('app-error'), null);
  const result = $('app-action-result');
  result.textContent = '';
  try {
    const answer = await api(method, path(suffix), json === undefined ? {} : { json });
    result.textContent = done(answer);
    refreshSoon();
  } catch (e) {
    showError($('app-error'), e);
  }
}

async function saveSettings(event) {
  event.preventDefault();
  const form = event.target;
  showFieldErrors(form, 'app-set-', null);
  showError($('app-settings-error'), null);
  $('app-settings-result').textContent = '';
  const body = {};
  const errors = {};
  for (const field of settingsFields) {
    const raw = $(`app-set-${field}`).value.trim();
    const before = app[field] === null || app[field] === undefined ? '' : String(app[field]);
    if (raw === before) {
      continue;
    }
    if (numeric[field]) {
      const value = numeric[field](raw);
      if (Number.isNaN(value)) {
        errors[field] = 'must be a number';
      } else {
        body[field] = value;
      }
    } else if (raw) {
      body[field] = raw;
    } else {
      errors[field] = 'cannot be emptied here';
    }
  }
  if (Object.keys(errors).length > 0) {
    showFieldErrors(form, 'app-set-', errors);
    return;
  }
  if (Object.keys(body).length === 0) {
    $('app-settings-result').textContent = 'Nothing changed.';
    return;
  }
  try {
    const updated = await api('PATCH', path(), { json: body });
    settingsDirty = false;
    app = updated;
    renderSettings();
    $('app-settings-result').textContent = updated.applied ? `Saved: ${updated.applied}.` : 'Saved.';
    refreshSoon();
  } catch (e) {
    showFieldErrors(form, 'app-set-', e.errors);
    showError($('app-settings-error'), e);
  }
}

async function issuePushToken(event) {
  event.preventDefault();
  const error = $('app-token-error');
  showError(error, null);
  const password = $('app-token-password').value;
  if (!password) {
    showError(error, new Error('the admin password is required to issue a token'));
    return;
  }
  try {
    const token = await issueToken(password, `git-push-${app.name}`);
    $('app-token-password').value = '';
    $('app-git-remote').replaceChildren(codeLine(remoteLine(app, token.token), { id: 'app-git-remote-text' }), codeLine(pushLine(app)));
  } catch (e) {
    showError(error, e.status === 401 ? new Error('that is not the admin password') : e);
  }
}

function wire() {
  $('app-deploy').addEventListener('click', () => action('POST', '/deploys', (d) => `Deploy ${d.id} queued.`, {}));
  $('app-restart').addEventListener('click', () => action('POST', '/restart', (d) => `Restarting (deploy ${d.id}).`));
  $('app-stop').addEventListener('click', () => action('POST', '/stop', () => 'Stopped.'));
  $('app-start').addEventListener('click', () => action('POST', '/start', () => 'Started.'));
  $('app-delete').addEventListener('click', () => {
    $('app-delete-confirm').hidden = false;
    $('app-delete-name').value = '';
    $('app-delete-yes').disabled = true;
    $('app-delete-name').focus();
  });
  $('app-delete-name').addEventListener('input', () => {
    $('app-delete-yes').disabled = $('app-delete-name').value !== name;
  });
  $('app-delete-no').addEventListener('click', () => { $('app-delete-confirm').hidden = true; });
  $('app-delete-confirm').addEventListener('submit', async (event) => {
    event.preventDefault();
    if ($('app-delete-name').value !== name) {
      return;
    }
    try {
      await api('DELETE', path($('app-delete-volumes').checked ? '?purge_volumes=true' : ''));
      window.location.hash = '#/apps';
    } catch (e) {
      showError($('app-error'), e);
    }
  });
  $('app-settings-form').addEventListener('input', () => { settingsDirty = true; });
  $('app-settings-form').addEventListener('submit', saveSettings);
  $('app-token-form').addEventListener('submit', issuePushToken);
}

export function startAppPage(appName) {
  if (!wired) {
    wired = true;
    wire();
  }
  const mine = ++generation;
  name = appName;
  app = null;
  settingsDirty = false;
  for (const id of ['app-name', 'app-status', 'app-detail', 'app-action-result', 'app-settings-result', 'app-metrics-note', 'app-uptime']) {
    $(id).textContent = '';
  }
  $('app-name').textContent = appName;
  $('app-delete-confirm').hidden = true;
  showError($('app-error'), null);
  startLogs(appName);
  startDeploys(appName, refreshSoon);
  startEnv(appName, refreshSoon);
  loop(mine);
}

export function stopAppPage() {
  generation++;
  clearTimeout(timer);
  timer = null;
  stopLogs();
  stopDeploys();
  stopEnv();
  stopDomains();
  app = null;
}
