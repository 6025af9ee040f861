// The Backups page: the backups in the appliance's backup_dir (newest first) with download, restore and delete; a
// form to write one now (optionally wrapping the master key with a passphrase) and one to upload an archive, which
// the appliance checks whole before keeping it. A restore asks for confirmation; the appliance then stops and comes
// back restored, so the page waits for /health and reloads.

import { api, listLoader, rowAction, showError } from './api.js';
import { el, formatBytes, timeEl } from './ui.js';

const $ = (id) => document.getElementById(id);
let running = false;
let wired = false;

function backupRow(b) {
  const actions = el('div', { class: 'buttons' },
    el('a', {
      class: 'button small quiet', href: b.url, text: 'Download', dataset: { action: 'download' },
      attrs: { download: `hiy-backup-${b.id}.tar.gz`, 'aria-label': `Download backup ${b.id}` },
    }),
    el('button', {
      type: 'button', class: 'small', text: 'Restore', dataset: { action: 'restore' },
      attrs: { 'aria-label': `Restore backup ${b.id}` }, on: { click: (e) => confirmRestore(e.currentTarget, b) },
    }),
    el('button', {
      type: 'button', class: 'small quiet danger-text', text: 'Delete', dataset: { action: 'delete' },
      attrs: { 'aria-label': `Delete backup ${b.id}` },
      on: { click: (e) => act(e.currentTarget, () => api('DELETE', `/api/v1/backups/${encodeURIComponent(b.id)}`)) },
    }));
  return el('tr', { dataset: { backup: b.id } },
    el('td', { class: 'mono', text: b.id }),
    el('td', { dataset: { label: 'Created' } }, timeEl(b.created_at)),
    el('td', { text: formatBytes(b.size_bytes), dataset: { label: 'Size' } }),
    el('td', { text: b.key_wrapped ? 'wrapped' : 'plain', dataset: { label: 'Key' } }),
    el('td', {}, actions));
}

function confirmRestore(button, b) {
  const cell = button.closest('td');
  if (cell.querySelector('.confirm')) {
    return;
  }
  const box = el('div', { class: 'confirm', attrs: { role: 'group', 'aria-label': 'Confirm restore' } },
    el('p', { text: `Restore ${b.id}? Every app, env value, site, certificate and repository is replaced with the backup's; hiy restarts.` }));
  let pass = null;
  if (b.key_wrapped) {
    pass = el('input', { type: 'password', attrs: { 'aria-label': 'Passphrase of this backup', autocomplete: 'off' } });
    box.append(el('p', { class: 'field' }, el('label', { text: 'Passphrase' }), pass));
  }
  const yes = el('button', {
    type: 'button', class: 'small danger', text: 'Yes, restore', dataset: { action: 'confirm-restore' },
    on: { click: () => restore(yes, b, pass ? pass.value : null) },
  });
  const no = el('button', { type: 'button', class: 'small quiet', text: 'Cancel', on: { click: () => box.remove() } });
  box.append(el('div', { class: 'buttons' }, yes, no));
  cell.append(box);
  (pass || yes).focus();
}

async function restore(button, b, passphrase) {
  button.disabled = true;
  showError($('backups-error'), null);
  try {
    const staged = await api('POST', `/api/v1/backups/${encodeURIComponent(b.id)}/restore`, { json: passphrase ? { passphrase } : {} });
    $('backups-status').textContent = `${staged.message} Waiting for hiy to come back…`;
    await waitForRestart();
    window.location.reload();
  } catch (e) {
    showError($('backups-error'), e);
    button.disabled = false;
  }
}

/** Waits until /health has failed once (hiy stopped) and then answers again (hiy restored), at most five minutes. */
async function waitForRestart() {
  const until = Date.now() + 5 * 60 * 1000;
  let wentDown = false;
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, 1000));
    const up = await fetch('/health', { cache: 'no-store' }).then((r) => r.ok, () => false);
    if (!up) {
      wentDown = true;
    } else if (wentDown) {
      return;
    }
  }
}

function render(list) {
  $('backups-dir').textContent = `Stored in ${list.backup_dir}; a daily backup is written, and backups older than ${list.retention_days} days are deleted (the newest is kept).`;
  $('backups-empty').hidden = list.backups.length > 0;
  $('backups-table').hidden = list.backups.length === 0;
  $('backups-rows').replaceChildren(...list.backups.map(backupRow));
}

const refresh = listLoader('/api/v1/backups', () => running, () => $('backups-error'), render);

/** Runs a row's action; its error shows in the page's alert, then the list is read again either way. */
const act = (button, action) => rowAction(button, $('backups-error'), action, refresh);

async function create(event) {
  event.preventDefault();
  const passphrase = $('backup-passphrase').value;
  const button = event.target.querySelector('button[type=submit]');
  const field = document.querySelector('[data-error-for="backup-passphrase"]');
  field.textContent = '';
  button.disabled = true;
  $('backups-status').textContent = 'Writing a backup…';
  showError($('backup-create-error'), null);
  try {
    const b = await api('POST', '/api/v1/backups', { json: passphrase ? { passphrase } : {} });
    $('backups-status').textContent = `Backup ${b.id} written: ${formatBytes(b.size_bytes)}.`;
    event.target.reset();
  } catch (e) {
    $('backups-status').textContent = '';
    field.textContent = (e.errors && e.errors.passphrase) || '';
    showError($('backup-create-error'), e);
  } finally {
    button.disabled = false;
    await refresh();
  }
}

async function upload(event) {
  event.preventDefault();
  const file = $('backup-upload-file').files[0];
  const field = document.querySelector('[data-error-for="backup-upload-file"]');
  field.textContent = file ? '' : 'pick a hiy-backup-….tar.gz';
  showError($('backup-upload-error'), null);
  if (!file) {
    return;
  }
  const button = event.target.querySelector('button[type=submit]');
  button.disabled = true;
  $('backups-status').textContent = `Uploading and checking ${formatBytes(file.size)}…`;
  try {
    const b = await api('POST', '/api/v1/backups/upload', { body: file });
    $('backups-status').textContent = `Backup ${b.id} uploaded and checked.`;
    event.target.reset();
  } catch (e) {
    $('backups-status').textContent = '';
    showError($('backup-upload-error'), e);
  } finally {
    button.disabled = false;
    await refresh();
  }
}

function wire() {
  if (wired) {
    return;
  }
  wired = true;
  $('backup-create-form').addEventListener('submit', create);
  $('backup-upload-form').addEventListener('submit', upload);
  $('backups-refresh').addEventListener('click', refresh);
}

export function startBackupsPage() {
  wire();
  running = true;
  refresh();
}

export function stopBackupsPage() {
  running = false;
  refresh.cancel();
}
