// The app page's env editor: keys with masked values (a value reaches the page only when "Reveal" asks for
// it), add/edit/delete, and bulk paste of .env text. Every change restarts the app, and the page says so.

import { api, showError } from './api.js';
import { el } from './ui.js';

const $ = (id) => document.getElementById(id);
let appName = null;
let onChanged = () => {};
let wired = false;
let legacyValues = new Map(); // only for a hiy without ?masked=true (it answers values); never rendered until revealed

/** `[{key, length}]` from the masked answer, or from an older hiy's `{KEY: value}` object. */
export function maskedEntries(answer) {
  if (Array.isArray(answer)) {
    return answer.map((e) => ({ key: e.key, length: e.length }));
  }
  return Object.entries(answer || {}).map(([key, value]) => ({ key, length: value.length }));
}

function path(suffix = '') {
  return `/api/v1/apps/${encodeURIComponent(appName)}/env${suffix}`;
}

function showErrors(e) {
  const list = $('app-env-errors');
  list.replaceChildren();
  showError($('app-env-error'), null);
  if (!e) {
    return;
  }
  if (e.errors) {
    list.append(...Object.entries(e.errors).map(([field, message]) => el('li', { text: `${field}: ${message}` })));
  }
  showError($('app-env-error'), e);
}

async function reveal(key, cell, button) {
  try {
    let value;
    try {
      value = (await api('GET', path(`/${encodeURIComponent(key)}`))).value;
    } catch (e) {
      if ((e.status !== 404 && e.status !== 405) || !legacyValues.has(key)) {
        throw e;
      }
      value = legacyValues.get(key);
    }
    cell.replaceChildren(el('code', { class: 'env-value', text: value }));
    button.remove();
  } catch (e) {
    showErrors(e);
  }
}

function restarted(result, what) {
  const deploy = result.headers.get('X-Hiy-Deploy');
  $('app-env-result').textContent = deploy
    ? `${what}; the app restarts with the new values (deploy ${deploy}).`
    : `${what}; the app is not deployed yet, so the values apply to its first deploy.`;
  onChanged();
}

async function remove(key) {
  showErrors(null);
  try {
    restarted(await api('DELETE', path(`/${encodeURIComponent(key)}`), { withResponse: true }), `Removed ${key}`);
    await loadEnv();
  } catch (e) {
    showErrors(e);
  }
}

function edit(key) {
  $('app-env-key').value = key;
  $('app-env-value').value = '';
  $('app-env-value').focus();
}

function row({ key, length }) {
  const valueCell = el('td', {}, el('span', { class: 'masked', text: '•'.repeat(Math.min(Math.max(length, 4), 12)), title: `${length} characters` }));
  const revealButton = el('button', { type: 'button', class: 'quiet small', text: 'Reveal', attrs: { 'aria-label': `Reveal ${key}` } });
  revealButton.addEventListener('click', () => reveal(key, valueCell, revealButton));
  return el('tr', { dataset: { key } },
    el('th', { scope: 'row', class: 'mono', text: key }),
    valueCell,
    el('td', {}, el('div', { class: 'buttons' },
      revealButton,
      el('button', { type: 'button', class: 'quiet small', text: 'Edit', attrs: { 'aria-label': `Edit ${key}` }, on: { click: () => edit(key) } }),
      el('button', { type: 'button', class: 'quiet small danger-text', text: 'Delete', attrs: { 'aria-label': `Delete ${key}` }, on: { click: () => remove(key) } }))));
}

export async function loadEnv() {
  let answer;
  try {
    answer = await api('GET', path('?masked=true'));
  } catch (e) {
    showErrors(e);
    return;
  }
  legacyValues = Array.isArray(answer) ? new Map() : new Map(Object.entries(answer || {}));
  const entries = maskedEntries(answer).sort((a, b) => a.key.localeCompare(b.key));
  $('app-env-rows').replaceChildren(...entries.map(row));
  $('app-env-table').hidden = entries.length === 0;
  $('app-env-empty').hidden = entries.length > 0;
}

async function saveOne(event) {
  event.preventDefault();
  showErrors(null);
  $('app-env-result').textContent = '';
  const key = $('app-env-key').value.trim();
  if (!key) {
    showErrors({ message: 'key is required', errors: { key: 'is required' } });
    return;
  }
  try {
    restarted(await api('PUT', path(), { json: { [key]: $('app-env-value').value }, withResponse: true }), `Saved ${key}`);
    event.target.reset();
    await loadEnv();
  } catch (e) {
    showErrors(e);
  }
}

async function saveBulk(event) {
  event.preventDefault();
  showErrors(null);
  $('app-env-result').textContent = '';
  const text = $('app-env-bulk').value;
  if (!text.trim()) {
    showErrors({ message: 'paste KEY=value lines first' });
    return;
  }
  try {
    // The server parses the .env text (Core/DotEnv, the one parser); a bad line comes back as a 422 naming it.
    const result = await api('PUT', path(), { text, withResponse: true });
    restarted(result, 'Saved the pasted variables');
    event.target.reset();
    await loadEnv();
  } catch (e) {
    showErrors(e);
  }
}

export function startEnv(app, changed) {
  if (!wired) {
    wired = true;
    $('app-env-form').addEventListener('submit', saveOne);
    $('app-env-bulk-form').addEventListener('submit', saveBulk);
  }
  appName = app;
  onChanged = changed;
  $('app-env-result').textContent = '';
  showErrors(null);
  $('app-env-rows').replaceChildren();
  return loadEnv();
}

export function stopEnv() {
  appName = null;
  legacyValues = new Map();
  $('app-env-rows').replaceChildren();
}
