// The Sites page: hiy's versioned static sites. Each site lists its versions with the live one marked; any other
// version can be made live or deleted, and a folder picked in the browser becomes a new version (tar.js packs it
// as the .tar.gz the API takes). Every version stays reachable at /v/<version>/ on the site's host.

import { api, listLoader, rowAction, showError } from './api.js';
import { folderFiles, gzipBlob, tarBlob } from './tar.js';
import { el, formatBytes, timeEl } from './ui.js';

const $ = (id) => document.getElementById(id);
let running = false;
let wired = false;

/** A default version name: the upload's UTC minute, which sorts and never needs editing for a quick upload. */
export function defaultVersion(now = new Date()) {
  const p = (n) => String(n).padStart(2, '0');
  return `v${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}-${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}`;
}

function versionRow(site, v) {
  const live = v.version === site.active_version;
  const result = el('span', { class: 'row-status', attrs: { role: 'status' } });
  const actions = el('div', { class: 'buttons' });
  if (!live) {
    actions.append(
      el('button', {
        type: 'button', class: 'small', text: 'Make live', dataset: { action: 'activate' },
        attrs: { 'aria-label': `Make ${v.version} the live version of ${site.name}` },
        on: { click: (e) => act(e.currentTarget, () => api('POST', `/api/v1/sites/${encodeURIComponent(site.name)}/active`, { json: { version: v.version } })) },
      }),
      el('button', {
        type: 'button', class: 'small quiet danger-text', text: 'Delete', dataset: { action: 'delete' },
        attrs: { 'aria-label': `Delete version ${v.version} of ${site.name}` },
        on: { click: (e) => confirmDelete(e.currentTarget, site, v) },
      }),
    );
  }
  return el('tr', { dataset: { version: v.version } },
    el('td', {}, el('a', { href: v.url, text: v.version, class: 'mono', target: '_blank', rel: 'noopener' }),
      live ? el('span', { class: 'badge badge-good live', text: 'live' }) : null),
    el('td', { text: String(v.file_count), dataset: { label: 'Files' } }),
    el('td', { text: formatBytes(v.size_bytes), dataset: { label: 'Size' } }),
    el('td', { dataset: { label: 'Uploaded' } }, timeEl(v.created_at)),
    el('td', {}, actions, result));
}

function confirmDelete(button, site, v) {
  const row = button.closest('tr');
  if (row.querySelector('.confirm')) {
    return;
  }
  const box = el('div', { class: 'confirm', attrs: { role: 'group', 'aria-label': 'Confirm delete' } },
    el('p', { text: `Delete version ${v.version} of ${site.name}? Its files are removed; /v/${v.version}/ stops answering.` }));
  const yes = el('button', {
    type: 'button', class: 'small danger', text: 'Yes, delete', dataset: { action: 'confirm-delete' },
    on: { click: () => act(yes, () => api('DELETE', `/api/v1/sites/${encodeURIComponent(site.name)}/versions/${encodeURIComponent(v.version)}`)) },
  });
  const no = el('button', { type: 'button', class: 'small quiet', text: 'Cancel', on: { click: () => box.remove() } });
  box.append(el('div', { class: 'buttons' }, yes, no));
  button.closest('td').append(box);
  yes.focus();
}

function siteCard(site) {
  const versions = [...site.versions].sort((a, b) => (a.created_at < b.created_at ? 1 : -1));
  return el('article', { class: 'card site', dataset: { site: site.name } },
    el('h2', {}, site.name, ' ', el('a', { href: site.url, text: site.url, class: 'mono small-link', target: '_blank', rel: 'noopener' })),
    el('p', { class: 'notice', text: site.active_version ? `Live: ${site.active_version}` : 'No live version.' }),
    el('div', { class: 'table-wrap' },
      el('table', { class: 'stack' },
        el('thead', {}, el('tr', {}, ...['Version', 'Files', 'Size', 'Uploaded', ''].map((h) => el('th', { text: h })))),
        el('tbody', {}, ...versions.map((v) => versionRow(site, v))))));
}

function render(list) {
  const sites = [...list.sites].sort((a, b) => a.name.localeCompare(b.name));
  $('sites-empty').hidden = sites.length > 0;
  $('sites-list').replaceChildren(...sites.map(siteCard));
  $('site-names').replaceChildren(...sites.map((s) => el('option', { value: s.name })));
}

const refresh = listLoader('/api/v1/sites', () => running, () => $('sites-error'), render);

/** Runs a row's action; its error shows in the page's alert, then the list is read again either way. */
const act = (button, action) => rowAction(button, $('sites-error'), action, refresh);

function fieldError(name, message) {
  const span = document.querySelector(`[data-error-for="site-${name}"]`);
  span.textContent = message || '';
  $(`site-upload-${name}`).setAttribute('aria-invalid', message ? 'true' : 'false');
}

async function upload(event) {
  event.preventDefault();
  const name = $('site-upload-name').value.trim();
  const version = $('site-upload-version').value.trim();
  const picked = $('site-upload-folder').files;
  const archive = $('site-upload-archive').files[0];
  const result = $('site-upload-result');
  const button = event.target.querySelector('button[type=submit]');
  showError($('site-upload-error'), null);
  result.textContent = '';
  // Every missing field at once, before anything is packed.
  fieldError('name', name ? null : 'a site name is needed');
  fieldError('version', version ? null : 'a version name is needed');
  fieldError('folder', picked.length > 0 || archive ? null : 'pick a folder (or a .tar.gz)');
  if (!name || !version || (picked.length === 0 && !archive)) {
    return;
  }
  button.disabled = true;
  try {
    let body = archive;
    if (!body) {
      const files = folderFiles(picked);
      result.textContent = `Packing ${files.length} file(s)…`;
      body = await gzipBlob(tarBlob(files));
    }
    result.textContent = `Uploading ${formatBytes(body.size)}…`;
    const created = await api('PUT', `/api/v1/sites/${encodeURIComponent(name)}/versions/${encodeURIComponent(version)}`, { body });
    result.textContent = `Uploaded ${name} ${created.version}: ${created.file_count} file(s).`;
    event.target.reset();
    $('site-upload-version').value = defaultVersion();
    $('site-upload-name').value = name;
  } catch (e) {
    result.textContent = '';
    for (const [field, message] of Object.entries(e.errors || {})) {
      if (field === 'site') {
        fieldError('name', message);
      } else if (field === 'version') {
        fieldError('version', message);
      }
    }
    showError($('site-upload-error'), e);
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
  $('site-upload-form').addEventListener('submit', upload);
  $('sites-refresh').addEventListener('click', refresh);
}

export function startSitesPage() {
  wire();
  running = true;
  if (!$('site-upload-version').value) {
    $('site-upload-version').value = defaultVersion();
  }
  refresh();
}

export function stopSitesPage() {
  running = false;
  refresh.cancel();
}
