// "Deploy your first app" (#/welcome), where the wizard lands: the DNS records to create, the webhook URL and
// secret, and an app with a ready `git remote add` line carrying a freshly issued, named token.

import { api, showError } from './api.js';
import { issueToken, pushLine, remoteLine, webhookUrl } from './git-remote.js';
import { codeLine, copyButton, el } from './ui.js';

const $ = (id) => document.getElementById(id);
let context = { password: null, webhookSecret: null };
let wired = false;
let revealedSecret = null;

/** What the wizard hands over (kept in memory only: a reload asks for the password instead). */
export function setWelcomeContext(next) {
  context = { ...context, ...next };
}

const ipv4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** The addresses `GET /api/v1/system` reports (strings or {address}), else the IP the browser used, else none. */
async function addresses() {
  try {
    const system = await api('GET', '/api/v1/system');
    const list = (system && system.addresses) || [];
    const found = list.map((a) => (typeof a === 'string' ? a : a && (a.address || a.ip))).filter(Boolean)
      .filter((a) => a !== '127.0.0.1' && a !== '::1');
    if (found.length > 0) {
      return found;
    }
  } catch (e) {
    if (e.status !== 404) {
      throw e;
    }
  }
  const host = window.location.hostname.replace(/^\[|\]$/g, '');
  return ipv4.test(host) || host.includes(':') ? [host] : [];
}

async function renderDns(domain) {
  const list = await addresses();
  const rows = [];
  for (const name of [`*.${domain}`, domain]) {
    if (list.length === 0) {
      rows.push(el('tr', {}, el('td', {}, el('code', { text: name })), el('td', { text: 'A' }), el('td', { text: "this appliance's address" })));
    }
    for (const address of list) {
      rows.push(el('tr', {},
        el('td', {}, el('code', { text: name })),
        el('td', { text: address.includes(':') ? 'AAAA' : 'A' }),
        el('td', {}, el('code', { text: address }), ' ', copyButton(address))));
    }
  }
  $('welcome-dns-rows').replaceChildren(...rows);
  $('welcome-dns-note').textContent = list.length === 0
    ? 'hiy could not tell its own address here: use the one your router gave the appliance.'
    : 'A router or a home connection may need a port forward of 80 and 443 to this address as well.';
}

async function secretValue() {
  if (revealedSecret) {
    return revealedSecret;
  }
  try {
    const answer = await api('GET', '/api/v1/settings/webhook-secret');
    revealedSecret = answer.secret;
  } catch (e) {
    if (e.status !== 404 || !context.webhookSecret) {
      throw e;
    }
    revealedSecret = context.webhookSecret; // typed into the wizard a moment ago
  }
  return revealedSecret;
}

async function renderWebhook() {
  $('welcome-webhook-url').replaceChildren(codeLine(await webhookUrl(), { id: 'welcome-webhook-url-text' }));
  $('welcome-webhook-secret').textContent = '••••••••';
  $('welcome-webhook-copy').replaceChildren(copyButton(secretValue, 'Copy secret'));
}

async function reveal() {
  const note = $('welcome-webhook-note');
  note.hidden = true;
  try {
    $('welcome-webhook-secret').textContent = await secretValue();
    $('welcome-webhook-reveal').hidden = true;
  } catch (e) {
    note.textContent = e.status === 404 || e.status === 409
      ? 'No webhook secret is set: set one in Settings before adding the webhook on GitHub.'
      : e.message;
    note.hidden = false;
  }
}

function setFieldError(field, message) {
  const span = document.querySelector(`#welcome-form [data-error-for="${field}"]`);
  if (span) {
    span.textContent = message || '';
  }
  const input = $(`welcome-${field}`);
  if (input) {
    input.setAttribute('aria-invalid', message ? 'true' : 'false');
  }
}

async function createFirstApp(event) {
  event.preventDefault();
  const form = event.target;
  const button = form.querySelector('button[type=submit]');
  showError($('welcome-error'), null);
  setFieldError('name', null);
  setFieldError('password', null);
  const name = $('welcome-name').value.trim();
  const password = context.password || $('welcome-password').value;
  const errors = {};
  if (!/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(name)) {
    errors.name = name ? 'may hold only lower-case letters, digits and inner dashes' : 'is required';
  }
  if (!password) {
    errors.password = 'is required to issue the push token';
  }
  if (Object.keys(errors).length > 0) {
    for (const [field, message] of Object.entries(errors)) {
      setFieldError(field, message);
    }
    return;
  }
  button.disabled = true;
  try {
    let app;
    try {
      app = await api('POST', '/api/v1/apps', { json: { name } });
    } catch (e) {
      if (e.status !== 409) {
        if (e.errors && e.errors.name) {
          setFieldError('name', e.errors.name);
          return;
        }
        throw e;
      }
      app = await api('GET', `/api/v1/apps/${encodeURIComponent(name)}`); // already there: push to it
    }
    const token = await issueToken(password, `git-push-${name}`);
    $('welcome-token-name').textContent = token.name || 'unnamed (this hiy keeps no token names)';
    $('welcome-remote-line').replaceChildren(codeLine(remoteLine(app, token.token), { id: 'welcome-remote-text', label: 'Copy' }));
    $('welcome-push-line').replaceChildren(codeLine(pushLine(app), { id: 'welcome-push-text' }));
    $('welcome-app-link').href = `#/apps/${encodeURIComponent(app.name)}`;
    $('welcome-remote').hidden = false;
    context.password = null; // one token is enough; another needs the password again
    $('welcome-password-row').hidden = false;
    $('welcome-password').value = '';
  } catch (e) {
    if (e.status === 401) {
      setFieldError('password', 'is not the admin password');
    } else {
      showError($('welcome-error'), e);
    }
  } finally {
    button.disabled = false;
  }
}

export async function startWelcomePage() {
  if (!wired) {
    wired = true;
    $('welcome-form').addEventListener('submit', createFirstApp);
    $('welcome-webhook-reveal').addEventListener('click', reveal);
  }
  showError($('welcome-error'), null);
  $('welcome-password-row').hidden = Boolean(context.password);
  $('welcome-webhook-reveal').hidden = false;
  $('welcome-webhook-note').hidden = true;
  try {
    const setup = await api('GET', '/api/v1/setup');
    for (const span of document.querySelectorAll('#view-welcome .domain-text')) {
      span.textContent = setup.domain;
    }
    await Promise.all([renderDns(setup.domain), renderWebhook()]);
  } catch (e) {
    showError($('welcome-error'), e);
  }
}

export function stopWelcomePage() {
  revealedSecret = null;
  $('welcome-webhook-secret').textContent = '••••••••';
}
