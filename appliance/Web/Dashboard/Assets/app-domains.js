// The app page's custom domains: each with its certificate's status (pending / issued / failed, expiry, the last
// error), add, remove and "renew now".

import { api, showError } from './api.js';
import { badge, el, timeEl } from './ui.js';

const $ = (id) => document.getElementById(id);
let appName = null;
let wired = false;

function path(suffix = '') {
  return `/api/v1/apps/${encodeURIComponent(appName)}/domains${suffix}`;
}

async function act(method, suffix) {
  showError($('app-error'), null);
  try {
    await api(method, path(suffix));
    await loadDomains();
  } catch (e) {
    showError($('app-error'), e);
  }
}

function item(d, now) {
  const facts = [];
  if (d.status === 'issued' && d.not_after) {
    facts.push('certificate valid until ', timeEl(d.not_after, now));
  } else if (d.status === 'pending') {
    facts.push('certificate not issued yet');
  }
  if (d.next_attempt_at && d.status !== 'issued') {
    facts.push('; next attempt ', timeEl(d.next_attempt_at, now));
  }
  const enc = encodeURIComponent(d.domain);
  return el('li', { dataset: { domain: d.domain }, class: 'domain-item' },
    el('div', { class: 'domain-head' },
      el('a', { href: d.url, text: d.domain, target: '_blank', rel: 'noopener', class: 'mono' }), ' ', badge(d.status)),
    el('div', { class: 'hint' }, ...facts),
    d.error ? el('div', { class: 'error', text: d.error }) : null,
    el('div', { class: 'buttons' },
      el('button', { type: 'button', class: 'quiet small', text: 'Renew now', attrs: { 'aria-label': `Renew the certificate of ${d.domain}` },
        on: { click: () => act('POST', `/${enc}/renew`) } }),
      el('button', { type: 'button', class: 'quiet small danger-text', text: 'Remove', attrs: { 'aria-label': `Remove ${d.domain}` },
        on: { click: () => act('DELETE', `/${enc}`) } })));
}

export async function loadDomains() {
  try {
    const answer = await api('GET', path());
    const now = Date.now();
    $('app-domains-list').replaceChildren(...answer.domains.map((d) => item(d, now)));
    $('app-domains-empty').hidden = answer.domains.length > 0;
    const acme = $('app-domains-acme');
    acme.textContent = answer.acme_disabled_reason
      ? `Certificates cannot be ordered yet (${answer.acme_disabled_reason}); domains stay pending until then.`
      : '';
    acme.hidden = !answer.acme_disabled_reason;
  } catch (e) {
    showError($('app-error'), e);
  }
}

async function add(event) {
  event.preventDefault();
  const input = $('app-domain-name');
  const error = $('app-domain-error');
  error.textContent = '';
  input.setAttribute('aria-invalid', 'false');
  const domain = input.value.trim();
  if (!domain) {
    error.textContent = 'domain is required';
    input.setAttribute('aria-invalid', 'true');
    return;
  }
  try {
    await api('POST', path(), { json: { domain } });
    input.value = '';
    await loadDomains();
  } catch (e) {
    error.textContent = e.errors && e.errors.domain ? `domain ${e.errors.domain}` : e.message;
    input.setAttribute('aria-invalid', 'true');
  }
}

export function startDomains(app, defaultHost) {
  if (!wired) {
    wired = true;
    $('app-domain-form').addEventListener('submit', add);
  }
  appName = app;
  for (const span of document.querySelectorAll('#view-app .app-default-host')) {
    span.textContent = defaultHost;
  }
  $('app-domain-error').textContent = '';
  $('app-domains-list').replaceChildren();
  return loadDomains();
}

export function stopDomains() {
  appName = null;
}
