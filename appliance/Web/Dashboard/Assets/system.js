// The System page: the machine (machine.js: GET /api/v1/system and its history) and the SSH-free operations.
// hiy only asks for an operation (a request file); the image's hiy-ops acts and reports, so every card shows the
// operation's state as the page refreshes it.

import { api, showError } from './api.js';
import { refreshHistory, refreshMachine, wireHistory } from './machine.js';
import { formatBytes } from './ui.js';

const $ = (id) => document.getElementById(id);
const refreshEveryMs = 3000;
// The machine's figures change slowly and reading containers' stats costs dockerd a moment each; the history gains
// a sample a minute.
const machineEveryMs = 10_000;
const historyEveryMs = 60_000;
let machineTimer = null;
let historyTimer = null;
const pendingStates = new Set(['requested', 'accepted', 'running']);
let timer = null;
let running = false;
let wired = false;
let sshEdited = false;
let pendingPower = null;

const power = {
  reboot: { path: '/api/v1/system/reboot', question: 'Reboot the appliance now? Apps are down until it is back.', yes: 'Yes, reboot' },
  poweroff: { path: '/api/v1/system/poweroff', question: 'Power the appliance off now? It stays off until its power is cycled.', yes: 'Yes, power off' },
};

function when(at) {
  return at ? new Date(at).toLocaleString() : '';
}

function describe(op) {
  if (!op) {
    return 'never';
  }
  return `${op.state}${op.message ? ` (${op.message})` : ''}${op.at ? `, ${when(op.at)}` : ''}`;
}

function renderOperations(list) {
  const unavailable = $('ops-unavailable');
  unavailable.hidden = list.available;
  unavailable.textContent = list.available
    ? ''
    : `Operations need the hiy appliance image: its root-side hiy-ops is not there (no ${list.request_dir}), so requests are refused.`;
  const rows = $('ops-rows');
  rows.replaceChildren(...list.operations.map((op) => {
    const tr = document.createElement('tr');
    tr.dataset.request = op.request;
    for (const [text, cls] of [[op.request], [op.state, `state-${op.state}`], [op.message || ''], [when(op.at)]]) {
      const td = document.createElement('td');
      td.textContent = text;
      if (cls) {
        td.className = cls;
      }
      tr.append(td);
    }
    return tr;
  }));
  $('ops-table').hidden = list.operations.length === 0;
  $('ops-empty').hidden = list.operations.length > 0;
}

function renderOsUpdate(view) {
  $('os-reboot-required').textContent = view.reboot_required
    ? 'A reboot is required to finish installed updates.'
    : 'No reboot is required.';
  $('os-last-check').textContent = `Last check: ${describe(view.last_check)}`;
  $('os-last-apply').textContent = `Last apply: ${describe(view.last_apply)}`;
  $('os-upgradable-title').textContent = view.upgradable.length === 0
    ? (view.last_check ? 'Nothing to upgrade.' : 'Not checked yet: press "Check now".')
    : `${view.upgradable.length} package(s) can be upgraded:`;
  $('os-upgradable').replaceChildren(...view.upgradable.map((line) => {
    const li = document.createElement('li');
    li.textContent = line;
    return li;
  }));
}

function renderSsh(view) {
  const last = view.last;
  let state = view.enabled ? 'SSH is on' : 'SSH is off';
  if (last && pendingStates.has(last.state)) {
    state += ` — turning ${last.request === 'ssh-on' ? 'on' : 'off'}: ${last.state}`;
  } else if (last && (last.state === 'failed' || last.state === 'rolled-back')) {
    state += ` — the last change ${last.state}: ${last.message || 'no reason given'}`;
  }
  $('ssh-state').textContent = state;
  $('ssh-fingerprints').replaceChildren(...view.authorized_keys.map((key) => {
    const li = document.createElement('li');
    li.textContent = `${key.type} ${key.fingerprint}${key.comment ? ` ${key.comment}` : ''}`;
    return li;
  }));
  if (!sshEdited) {
    // Mirrors the machine until the user touches the switch; a pending change shows where it is heading.
    $('ssh-enabled').checked = last && pendingStates.has(last.state) ? last.request === 'ssh-on' : view.enabled;
  }
}

async function refresh() {
  if (!running) {
    return;
  }
  try {
    const [ops, os, ssh] = await Promise.all([
      api('GET', '/api/v1/system/operations'),
      api('GET', '/api/v1/system/os-update'),
      api('GET', '/api/v1/system/ssh'),
    ]);
    if (!running) {
      return;
    }
    renderOperations(ops);
    renderOsUpdate(os);
    renderSsh(ssh);
    showError($('system-error'), null);
  } catch (e) {
    if (running && e.status !== 401) {
      showError($('system-error'), e);
    }
  } finally {
    if (running) {
      clearTimeout(timer);
      timer = setTimeout(refresh, refreshEveryMs);
    }
  }
}

/** Runs an action from a button: disables it, shows the outcome or the error's detail, refreshes. */
async function act(button, resultEl, errorEl, action) {
  showError(errorEl, null);
  resultEl.textContent = '';
  button.disabled = true;
  try {
    resultEl.textContent = await action();
  } catch (e) {
    resultEl.textContent = '';
    showError(errorEl, e);
  } finally {
    button.disabled = false;
    refresh();
  }
}

function askPower(which) {
  pendingPower = which;
  $('power-confirm-text').textContent = power[which].question;
  $('power-confirm-yes').textContent = power[which].yes;
  $('power-confirm').hidden = false;
  $('power-confirm-yes').focus();
}

function confirmPower() {
  const which = pendingPower;
  $('power-confirm').hidden = true;
  pendingPower = null;
  if (!which) {
    return;
  }
  act($(which), $('power-result'), $('power-error'), async () => {
    const op = await api('POST', power[which].path);
    return `Asked hiy-ops to ${which === 'reboot' ? 'reboot' : 'power off'}: ${op.state}.`;
  });
}

function sshErrors(errors, lineOf) {
  const list = $('ssh-key-errors');
  const items = Object.entries(errors || {}).map(([field, message]) => {
    const li = document.createElement('li');
    const m = /^authorized_keys\[(\d+)\]$/.exec(field);
    li.textContent = m ? `line ${lineOf[Number(m[1])]}: ${message}` : `${field}: ${message}`;
    li.dataset.field = field;
    return li;
  });
  list.replaceChildren(...items);
  $('ssh-keys').setAttribute('aria-invalid', items.length > 0 ? 'true' : 'false');
}

async function applySsh(event) {
  event.preventDefault();
  const form = event.target;
  const enabled = $('ssh-enabled').checked;
  const keys = [];
  const lineOf = [];
  $('ssh-keys').value.split('\n').forEach((line, i) => {
    if (line.trim()) {
      keys.push(line.trim());
      lineOf.push(i + 1);
    }
  });
  const body = { enabled };
  if (keys.length > 0) {
    body.authorized_keys = keys;
  }
  sshErrors(null, lineOf);
  await act(form.querySelector('button[type=submit]'), $('ssh-result'), $('ssh-error'), async () => {
    try {
      const view = await api('PUT', '/api/v1/system/ssh', { json: body });
      sshEdited = false;
      $('ssh-keys').value = '';
      renderSsh(view);
      return `Asked hiy-ops to turn SSH ${enabled ? 'on' : 'off'}${keys.length ? ` with ${keys.length} key(s)` : ''}.`;
    } catch (e) {
      sshErrors(e.errors, lineOf);
      throw e;
    }
  });
}

async function uploadBinary(event) {
  event.preventDefault();
  const form = event.target;
  const file = $('update-file').files[0];
  if (!file) {
    showError($('update-error'), new Error('choose a hiy binary first'));
    return;
  }
  await act(form.querySelector('button[type=submit]'), $('update-result'), $('update-error'), async () => {
    $('update-result').textContent = `Uploading ${file.name} (${Math.round(file.size / 1024)} KiB)…`;
    const op = await api('PUT', '/api/v1/system/hiy-binary', { body: file });
    form.reset();
    return `Uploaded ${file.name}; hiy-ops is installing it (${op.state}). This page reconnects when hiy is back.`;
  });
}

function wire() {
  if (wired) {
    return;
  }
  wired = true;
  $('reboot').addEventListener('click', () => askPower('reboot'));
  $('poweroff').addEventListener('click', () => askPower('poweroff'));
  $('power-confirm-yes').addEventListener('click', confirmPower);
  $('power-confirm-no').addEventListener('click', () => {
    pendingPower = null;
    $('power-confirm').hidden = true;
  });
  $('os-check').addEventListener('click', (e) => act(e.currentTarget, $('os-result'), $('os-error'), async () => {
    const op = await api('POST', '/api/v1/system/os-update/check');
    return `Asked hiy-ops to check for updates: ${op.state}.`;
  }));
  $('os-apply').addEventListener('click', (e) => act(e.currentTarget, $('os-result'), $('os-error'), async () => {
    const op = await api('POST', '/api/v1/system/os-update');
    return `Asked hiy-ops to install the updates: ${op.state}.`;
  }));
  $('ssh-enabled').addEventListener('change', () => { sshEdited = true; });
  $('ssh-keys').addEventListener('input', () => { sshEdited = true; });
  $('ssh-form').addEventListener('submit', applySsh);
  $('update-form').addEventListener('submit', uploadBinary);
  $('space-cleanup').addEventListener('click', (e) => act(e.currentTarget, $('space-result'), $('space-error'), async () => {
    $('space-result').textContent = 'Removing unused images…';
    const r = await api('POST', '/api/v1/system/cleanup');
    refreshMachine(isRunning);
    const removed = r.removed_images.length;
    return `Freed ${formatBytes(r.freed_bytes)}: removed ${removed} image(s), kept ${r.kept_images} that apps need.${r.disk_full ? ' The disk is still full: delete old site versions on the Sites page.' : ''}`;
  }));
}

const isRunning = () => running;

async function machineLoop() {
  await refreshMachine(isRunning);
  if (running) {
    clearTimeout(machineTimer);
    machineTimer = setTimeout(machineLoop, machineEveryMs);
  }
}

async function historyLoop() {
  await refreshHistory(isRunning);
  if (running) {
    clearTimeout(historyTimer);
    historyTimer = setTimeout(historyLoop, historyEveryMs);
  }
}

export function startSystemPage() {
  if (!wired) {
    wireHistory(() => refreshHistory(isRunning));
  }
  wire();
  running = true;
  refresh();
  machineLoop();
  historyLoop();
}

export function stopSystemPage() {
  running = false;
  clearTimeout(timer);
  clearTimeout(machineTimer);
  clearTimeout(historyTimer);
}
