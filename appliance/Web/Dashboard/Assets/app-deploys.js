// The app page's deploy history: each deploy's status, trigger, commit and time, its build log (streamed while
// the deploy runs), a failure's failing step highlighted, and "Roll back to this" on earlier good deploys.

import { api, showError } from './api.js';
import { badge, el, timeEl } from './ui.js';

const $ = (id) => document.getElementById(id);
const stepPrefix = '-----> ';
const failurePrefix = ' !     ';
const liveStates = new Set(['queued', 'building', 'deploying']);

let appName = null;
let shown = null; // the deploy id whose log is open
let userPicked = false;
let stream = null;
let onChanged = () => {};

/** The step a failed log died in: the last "-----> " line before the first " !     " line (or the end). */
export function failingStep(lines) {
  let step = null;
  for (const line of lines) {
    if (line.startsWith(failurePrefix)) {
      break;
    }
    if (line.startsWith(stepPrefix)) {
      step = line.slice(stepPrefix.length).trim();
    }
  }
  return step;
}

function logLine(text) {
  const cls = text.startsWith(failurePrefix) ? 'log-line log-failure' : text.startsWith(stepPrefix) ? 'log-line log-step' : 'log-line';
  return el('span', { class: cls, text: `${text}\n` });
}

function closeStream() {
  if (stream) {
    stream.close();
    stream = null;
  }
}

function markFailure(deploy, lines) {
  const box = $('app-build-failure');
  if (deploy.status !== 'failed') {
    box.hidden = true;
    return;
  }
  const step = failingStep(lines);
  box.textContent = `Failed${step ? ` at step "${step}"` : ''}${deploy.error ? `: ${deploy.error}` : ''}`;
  box.hidden = false;
  let stepLine = null;
  for (const span of $('app-build-log').children) {
    if (span.textContent.startsWith(failurePrefix)) {
      break;
    }
    if (span.classList.contains('log-step')) {
      stepLine = span;
    }
  }
  if (stepLine) {
    stepLine.classList.add('log-failing-step');
  }
}

/** Opens deploy `id`'s log: the whole text when it is over, else a stream that ends with the deploy. */
async function openLog(id) {
  closeStream();
  shown = id;
  const box = $('app-build-log');
  box.replaceChildren();
  $('app-build').hidden = false;
  $('app-build-failure').hidden = true;
  const deploy = await api('GET', `/api/v1/apps/${encodeURIComponent(appName)}/deploys/${id}`);
  if (shown !== id) {
    return;
  }
  $('app-build-title').replaceChildren(`Build log of deploy ${id} `, badge(deploy.status));
  if (!liveStates.has(deploy.status)) {
    const lines = (deploy.log || '').split('\n').filter((l, i, all) => l !== '' || i < all.length - 1);
    box.append(...lines.map(logLine));
    markFailure(deploy, lines);
    return;
  }
  const lines = [];
  stream = new EventSource(`/api/v1/apps/${encodeURIComponent(appName)}/deploys/${id}/log?follow=true`);
  stream.onmessage = (event) => {
    lines.push(event.data);
    const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 24;
    box.append(logLine(event.data));
    if (atBottom) {
      box.scrollTop = box.scrollHeight;
    }
  };
  stream.addEventListener('end', async (event) => {
    closeStream();
    $('app-build-title').replaceChildren(`Build log of deploy ${id} `, badge(event.data));
    const final = await api('GET', `/api/v1/apps/${encodeURIComponent(appName)}/deploys/${id}`);
    if (shown === id) {
      markFailure(final, lines);
    }
    onChanged();
  });
}

async function rollback(id) {
  const result = $('app-action-result');
  showError($('app-error'), null);
  try {
    const deploy = await api('POST', `/api/v1/apps/${encodeURIComponent(appName)}/rollback`, { json: { deploy_id: id } });
    result.textContent = `Rolling back to deploy ${id} (deploy ${deploy.id}).`;
    userPicked = false;
    onChanged();
  } catch (e) {
    showError($('app-error'), e);
  }
}

function row(deploy, app, now) {
  const canRollback = deploy.status === 'succeeded' && deploy.image && deploy.id !== app.current_deploy_id;
  const tr = el('tr', { dataset: { deploy: String(deploy.id) }, class: deploy.status === 'failed' ? 'row-failed' : '' },
    el('td', {}, `#${deploy.id}`, deploy.id === app.current_deploy_id ? el('span', { class: 'hint', text: ' (live)' }) : null),
    el('td', {}, badge(deploy.status)),
    el('td', { text: deploy.triggered_by }),
    el('td', { class: 'mono', text: deploy.sha ? deploy.sha.slice(0, 8) : (deploy.ref || '—') }),
    el('td', {}, timeEl(deploy.queued_at, now)),
    el('td', {}, el('div', { class: 'buttons' },
      el('button', { type: 'button', class: 'quiet small', text: 'Log', attrs: { 'aria-label': `Build log of deploy ${deploy.id}` },
        on: { click: () => { userPicked = true; openLog(deploy.id); } } }),
      canRollback
        ? el('button', { type: 'button', class: 'quiet small', text: 'Roll back to this', attrs: { 'aria-label': `Roll back to deploy ${deploy.id}` },
          on: { click: () => rollback(deploy.id) } })
        : null)));
  return tr;
}

/** Renders the history; the newest deploy's log opens by itself while it runs, unless the user picked another. */
export function renderDeploys(app, deploys) {
  const now = Date.now();
  $('app-deploys-rows').replaceChildren(...deploys.map((d) => row(d, app, now)));
  $('app-deploys-table').hidden = deploys.length === 0;
  $('app-deploys-empty').hidden = deploys.length > 0;
  const newest = deploys[0];
  if (!newest) {
    return;
  }
  if (shown === null || (!userPicked && newest.id !== shown && (liveStates.has(newest.status) || !stream))) {
    openLog(newest.id).catch((e) => showError($('app-error'), e));
  }
}

/** Starts for `app`; `changed` is called when something here (a rollback, a deploy's end) should refresh the page. */
export function startDeploys(app, changed) {
  stopDeploys();
  appName = app;
  onChanged = changed;
  $('app-build').hidden = true;
  $('app-deploys-rows').replaceChildren();
}

export function stopDeploys() {
  closeStream();
  shown = null;
  userPicked = false;
  appName = null;
}
