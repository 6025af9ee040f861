// The Settings page: API tokens (made with a name, shown once; listed with their last use; revoked), the GitHub
// webhook's URL and secret (revealed or rotated only on request: the page never holds a secret it was not asked
// for), and the domain, ACME and Cloudflare settings with a token test. Everything through /api/v1.

import { api, showError } from './api.js';
import { codeLine, el, timeEl } from './ui.js';

const $ = (id) => document.getElementById(id);
let running = false;
let wired = false;
let shownTokenId = null; // the token whose one-time value is on screen
let loaded = null; // the settings as last read: a save sends only what the user changed

function fieldErrors(prefix, fields, errors) {
  for (const field of fields) {
    const message = errors ? errors[field] : null;
    const span = document.querySelector(`[data-error-for="${prefix}-${field}"]`);
    if (span) {
      span.textContent = message || '';
    }
    const input = $(`${prefix}-${field}`);
    if (input) {
      input.setAttribute('aria-invalid', message ? 'true' : 'false');
    }
  }
}

// ---- API tokens

function tokenRow(t) {
  const revoke = t.current
    ? el('span', { class: 'notice', text: t.kind === 'session' ? 'this browser' : 'in use by this call' })
    : el('button', {
      type: 'button', class: 'small quiet danger-text', text: 'Revoke', dataset: { action: 'revoke' },
      attrs: { 'aria-label': `Revoke ${t.name}` },
      on: { click: (e) => revokeToken(e.currentTarget, t) },
    });
  return el('tr', { dataset: { token: String(t.id), name: t.name } },
    el('td', { text: t.name }),
    el('td', { text: t.kind || 'api', dataset: { label: 'Kind' } }),
    el('td', { dataset: { label: 'Created' } }, timeEl(t.created_at)),
    el('td', { dataset: { label: 'Last used' } }, t.last_used_at ? timeEl(t.last_used_at) : el('span', { class: 'notice', text: 'never' })),
    el('td', { dataset: { label: 'Expires' } }, t.expires_at ? timeEl(t.expires_at) : el('span', { class: 'notice', text: 'never' })),
    el('td', {}, revoke));
}

async function refreshTokens() {
  const list = await api('GET', '/api/v1/tokens');
  if (running) {
    const tokens = Array.isArray(list) ? list : list.tokens;
    $('tokens-rows').replaceChildren(...tokens.map(tokenRow));
  }
}

async function revokeToken(button, t) {
  button.disabled = true;
  $('tokens-result').textContent = '';
  showError($('settings-error'), null);
  try {
    await api('DELETE', `/api/v1/tokens/${encodeURIComponent(t.id)}`);
    $('tokens-result').textContent = `Revoked ${t.name}: it no longer works.`;
    if (shownTokenId === t.id) {
      hideNewToken(); // a revoked token's value is no use to anyone
    }
  } catch (e) {
    showError($('settings-error'), e);
  } finally {
    button.disabled = false;
    await refreshTokens().catch((e) => showError($('settings-error'), e));
  }
}

async function createToken(event) {
  event.preventDefault();
  const name = $('token-name').value.trim();
  const password = $('token-password').value;
  const button = event.target.querySelector('button[type=submit]');
  showError($('token-error'), null);
  fieldErrors('token', ['name', 'password'], {
    name: name ? null : 'a name is needed, to tell the tokens apart',
    password: password ? null : 'the admin password is needed to make a token',
  });
  if (!name || !password) {
    return;
  }
  button.disabled = true;
  try {
    const made = await api('POST', '/api/v1/auth/token', { json: { password, name }, quiet401: true });
    event.target.reset();
    $('token-new-name').textContent = made.name || name;
    $('token-new-line').replaceChildren(codeLine(made.token, { id: 'token-new-value', label: 'Copy token' }));
    $('token-new').hidden = false;
    shownTokenId = made.id;
    await refreshTokens();
  } catch (e) {
    fieldErrors('token', ['name', 'password'], e.errors || (e.status === 401 ? { password: e.detail } : null));
    showError($('token-error'), e);
    $('token-password').select();
  } finally {
    button.disabled = false;
  }
}

function hideNewToken() {
  shownTokenId = null;
  $('token-new-line').replaceChildren();
  $('token-new-name').textContent = '';
  $('token-new').hidden = true;
}

// ---- webhook secret

function showSecret(secret, what) {
  const box = $('webhook-secret');
  box.replaceChildren(el('p', { text: what }), codeLine(secret, { id: 'webhook-secret-value', label: 'Copy secret' }),
    el('button', { type: 'button', class: 'quiet small', text: 'Hide', on: { click: hideSecret } }));
  box.hidden = false;
}

function hideSecret() {
  $('webhook-secret').replaceChildren();
  $('webhook-secret').hidden = true;
}

async function revealSecret(event) {
  const button = event.currentTarget; // null again once the event has been dispatched
  showError($('webhook-error'), null);
  button.disabled = true;
  try {
    const r = await api('GET', '/api/v1/settings/webhook-secret');
    showSecret(r.secret, 'The current webhook secret:');
  } catch (e) {
    showError($('webhook-error'), e);
  } finally {
    button.disabled = false;
  }
}

async function rotateSecret() {
  $('webhook-confirm').hidden = true;
  showError($('webhook-error'), null);
  $('webhook-result').textContent = '';
  try {
    const r = await api('POST', '/api/v1/settings/webhook-secret');
    showSecret(r.secret, 'The new webhook secret: paste it into each GitHub webhook.');
    $('webhook-result').textContent = 'Rotated: deliveries signed with the old secret are refused from now on.';
    await refreshSettings();
  } catch (e) {
    showError($('webhook-error'), e);
  }
}

// ---- domain, ACME, Cloudflare

function renderSettings(s) {
  $('webhook-url').replaceChildren(codeLine(s.github_webhook.url, { id: 'webhook-url-value', label: 'Copy URL' }));
  $('webhook-state').textContent = s.github_webhook.secret_configured
    ? 'A secret is set: GitHub must sign each delivery with it.'
    : 'No secret is set yet: rotate to make one, then paste it into GitHub.';
  $('webhook-reveal').hidden = !s.github_webhook.secret_configured;
  const editing = document.activeElement && document.activeElement.closest('#domain-form, #cloudflare-form');
  if (!editing) {
    $('settings-domain').value = s.domain || '';
    $('settings-acme_email').value = s.acme_email || '';
    $('settings-cloudflare_zone_id').value = (s.cloudflare && s.cloudflare.zone_id) || '';
  }
  $('settings-acme-directory').textContent = s.acme_directory_url || '';
  loaded = s;
  $('cloudflare-state').textContent = s.cloudflare && s.cloudflare.configured
    ? 'A Cloudflare token is set: hiy gets the wildcard certificate over DNS-01.'
    : 'No Cloudflare token: apps get no wildcard certificate (custom domains still get theirs over HTTP-01).';
}

async function refreshSettings() {
  const s = await api('GET', '/api/v1/settings');
  if (running) {
    renderSettings(s);
  }
}

const domainFields = ['domain', 'acme_email'];
const cloudflareFields = ['cloudflare_api_token', 'cloudflare_zone_id'];

async function save(event, fields, body, resultId, errorId, done) {
  event.preventDefault();
  const button = event.target.querySelector('button[type=submit]');
  showError($(errorId), null);
  $(resultId).textContent = '';
  fieldErrors('settings', fields, null);
  button.disabled = true;
  try {
    const s = await api('PATCH', '/api/v1/settings', { json: body });
    renderSettings(s);
    $(resultId).textContent = done;
  } catch (e) {
    fieldErrors('settings', fields, e.errors);
    showError($(errorId), e);
  } finally {
    button.disabled = false;
  }
}

function saveDomain(event) {
  const body = {};
  for (const f of domainFields) {
    const value = $(`settings-${f}`).value.trim();
    if (!loaded || value !== (loaded[f] || '')) {
      body[f] = value; // "" clears the e-mail
    }
  }
  if (Object.keys(body).length === 0) {
    event.preventDefault();
    $('domain-result').textContent = 'Nothing changed.';
    return Promise.resolve();
  }
  return save(event, domainFields, body, 'domain-result', 'domain-error', `Saved ${Object.keys(body).join(' and ').replaceAll('_', ' ')}.`);
}

function saveCloudflare(event) {
  const body = {};
  const zone = $('settings-cloudflare_zone_id').value.trim();
  if (!loaded || zone !== ((loaded.cloudflare && loaded.cloudflare.zone_id) || '')) {
    body.cloudflare_zone_id = zone;
  }
  const token = $('settings-cloudflare_api_token').value.trim();
  if (token) {
    body.cloudflare_api_token = token;
  }
  if (Object.keys(body).length === 0) {
    event.preventDefault();
    $('cloudflare-result').textContent = 'Nothing changed: enter a new token or zone id.';
    return Promise.resolve();
  }
  return save(event, cloudflareFields, body, 'cloudflare-result', 'cloudflare-error', token ? 'Saved the new token.' : 'Saved.')
    .then(() => {
      if (!$('cloudflare-error').textContent) {
        $('settings-cloudflare_api_token').value = '';
      }
    });
}

async function testCloudflare(event) {
  const button = event.currentTarget;
  const token = $('settings-cloudflare_api_token').value.trim();
  showError($('cloudflare-error'), null);
  $('cloudflare-result').textContent = 'Asking Cloudflare…';
  button.disabled = true;
  try {
    const r = await api('POST', '/api/v1/settings/cloudflare/verify', { json: token ? { cloudflare_api_token: token } : {} });
    const verdict = r.ok ? 'Token works' : r.status === 'unreachable' ? 'Could not ask Cloudflare' : 'Token refused';
    $('cloudflare-result').textContent = `${verdict}${r.status ? ` (${r.status})` : ''}${r.detail ? `: ${r.detail}` : ''}`;
    $('cloudflare-result').className = r.ok ? 'state-done' : 'state-failed';
  } catch (e) {
    $('cloudflare-result').textContent = '';
    fieldErrors('settings', cloudflareFields, e.errors);
    showError($('cloudflare-error'), e);
  } finally {
    button.disabled = false;
  }
}

function wire() {
  if (wired) {
    return;
  }
  wired = true;
  $('token-form').addEventListener('submit', createToken);
  $('token-new-done').addEventListener('click', hideNewToken);
  $('webhook-reveal').addEventListener('click', revealSecret);
  $('webhook-rotate').addEventListener('click', () => {
    $('webhook-confirm').hidden = false;
    $('webhook-confirm-yes').focus();
  });
  $('webhook-confirm-yes').addEventListener('click', rotateSecret);
  $('webhook-confirm-no').addEventListener('click', () => { $('webhook-confirm').hidden = true; });
  $('domain-form').addEventListener('submit', saveDomain);
  $('cloudflare-form').addEventListener('submit', saveCloudflare);
  $('cloudflare-test').addEventListener('click', testCloudflare);
}

export function startSettingsPage() {
  wire();
  running = true;
  showError($('settings-error'), null);
  Promise.all([refreshTokens(), refreshSettings()]).catch((e) => {
    if (running && e.status !== 401) {
      showError($('settings-error'), e);
    }
  });
}

/** Leaving the page forgets every secret it showed: coming back shows none until asked again. */
export function stopSettingsPage() {
  running = false;
  hideNewToken();
  hideSecret();
}
