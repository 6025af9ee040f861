// The Alerts page: where alerts go (a webhook, Telegram, e-mail), a test message to each, and the incidents open now and
// lately. Secrets (the webhook URL, the bot token, the SMTP password) are write-only here: the API says only whether one
// is set, so the page never holds one it was not just given. Everything through /api/v1.

import { api, showError } from './api.js';
import { el, timeEl } from './ui.js';

const $ = (id) => document.getElementById(id);
let running = false;
let wired = false;
let loaded = null; // the settings as last read: a save sends only what the user changed

// [input id, request channel, request field, where the value is in the view (null: a secret, never shown)]
const fields = [
  ['alert-webhook-url', 'webhook', 'url', null],
  ['alert-telegram-base_url', 'telegram', 'base_url', (v) => v.telegram.base_url],
  ['alert-telegram-token', 'telegram', 'token', null],
  ['alert-telegram-chat_id', 'telegram', 'chat_id', (v) => v.telegram.chat_id],
  ['alert-email-host', 'email', 'host', (v) => v.email.host],
  ['alert-email-port', 'email', 'port', (v) => String(v.email.port)],
  ['alert-email-security', 'email', 'security', (v) => v.email.security],
  ['alert-email-from', 'email', 'from', (v) => v.email.from],
  ['alert-email-to', 'email', 'to', (v) => v.email.to],
  ['alert-email-username', 'email', 'username', (v) => v.email.username],
  ['alert-email-password', 'email', 'password', null],
];

function showErrors(errors) {
  for (const [id, channel, field] of fields) {
    const message = errors ? errors[`${channel}.${field}`] : null;
    document.querySelector(`[data-error-for="${id}"]`).textContent = message || '';
    $(id).setAttribute('aria-invalid', message ? 'true' : 'false');
  }
}

function render(view) {
  loaded = view;
  for (const [id, , , read] of fields) {
    $(id).value = read ? (read(view) || '') : '';
  }
  const state = (on, extra) => (on ? `configured${extra ? ` (${extra})` : ''}` : 'not configured');
  $('alert-webhook-state').textContent = `Webhook: ${state(view.webhook.configured, view.webhook.host)}`;
  $('alert-telegram-state').textContent = `Telegram: ${state(view.telegram.configured, view.telegram.token_configured ? 'bot token set' : '')}`;
  $('alert-email-state').textContent = `E-mail: ${state(view.email.configured, view.email.password_configured ? 'password set' : '')}`;
}

function incidentRow(i) {
  return el('tr', { dataset: { incident: String(i.id) } },
    el('td', { text: i.message }),
    el('td', { dataset: { label: 'Opened' } }, timeEl(i.opened_at)),
    el('td', { dataset: { label: 'Resolved' } }, i.resolved_at ? timeEl(i.resolved_at) : el('span', { class: 'state-failed', text: 'open' })));
}

async function refresh() {
  const [settings, incidents] = await Promise.all([api('GET', '/api/v1/alerts/settings'), api('GET', '/api/v1/alerts/incidents')]);
  if (!running) {
    return;
  }
  render(settings);
  $('alert-open').textContent = incidents.open.length === 0 ? 'Nothing is wrong right now.' : `${incidents.open.length} open.`;
  $('alert-incident-rows').replaceChildren(...incidents.recent.map(incidentRow));
}

async function save(event) {
  event.preventDefault();
  const body = {};
  for (const [id, channel, field, read] of fields) {
    const raw = $(id).value.trim();
    const before = read && loaded ? (read(loaded) || '') : '';
    // A secret field is sent only when something was typed in it; "" in a plain field clears it.
    if (read ? raw !== before : raw !== '') {
      body[channel] = body[channel] || {};
      body[channel][field] = field === 'port' ? Number(raw) : raw;
    }
  }
  for (const [id, channel, field] of [['alert-webhook-clear', 'webhook', 'url'], ['alert-telegram-clear', 'telegram', 'token'], ['alert-email-clear', 'email', 'password']]) {
    if ($(id).checked) {
      body[channel] = body[channel] || {};
      body[channel][field] = '';
    }
  }
  showError($('alert-error'), null);
  showErrors(null);
  if (Object.keys(body).length === 0) {
    $('alert-result').textContent = 'Nothing changed.';
    return;
  }
  const button = event.target.querySelector('button[type=submit]');
  button.disabled = true;
  try {
    render(await api('PUT', '/api/v1/alerts/settings', { json: body }));
    for (const id of ['alert-webhook-clear', 'alert-telegram-clear', 'alert-email-clear']) {
      $(id).checked = false;
    }
    $('alert-result').textContent = 'Saved.';
  } catch (e) {
    showErrors(e.errors);
    showError($('alert-error'), e);
  } finally {
    button.disabled = false;
  }
}

async function test(event) {
  const button = event.currentTarget;
  button.disabled = true;
  showError($('alert-error'), null);
  $('alert-test-results').replaceChildren();
  $('alert-result').textContent = 'Sending a test message…';
  try {
    const r = await api('POST', '/api/v1/alerts/test');
    $('alert-result').textContent = '';
    $('alert-test-results').replaceChildren(...r.results.map((c) => el('li', {
      class: c.ok ? 'state-done' : 'state-failed',
      text: `${c.channel}: ${c.ok ? 'sent' : `failed: ${c.error}`}`,
    })));
  } catch (e) {
    $('alert-result').textContent = '';
    showError($('alert-error'), e);
  } finally {
    button.disabled = false;
  }
}

function wire() {
  if (wired) {
    return;
  }
  wired = true;
  $('alert-form').addEventListener('submit', save);
  $('alert-test').addEventListener('click', test);
}

export function startAlertsPage() {
  wire();
  running = true;
  showError($('alert-error'), null);
  refresh().catch((e) => {
    if (running && e.status !== 401) {
      showError($('alert-error'), e);
    }
  });
}

/** Leaving the page clears what was typed into the secret fields. */
export function stopAlertsPage() {
  running = false;
  for (const id of ['alert-webhook-url', 'alert-telegram-token', 'alert-email-password']) {
    $(id).value = '';
  }
}
