// The first-run wizard: POST /api/v1/setup with every field at once; the API's 422 lists every field's
// error, each shown next to its input (and all of them together above the button). On success the same
// password opens a dashboard session and the "Deploy your first app" page follows.

import { api, showError } from './api.js';

const $ = (id) => document.getElementById(id);
const fields = ['setup_code', 'admin_password', 'domain', 'acme_email', 'cloudflare_api_token', 'cloudflare_zone_id',
  'github_webhook_secret', 'timezone'];

function label(field) {
  const input = $(`setup-${field}`);
  const text = input && document.querySelector(`label[for="${input.id}"]`);
  return text ? text.textContent.replace(/\s*\(.*\)$/, '') : field.replaceAll('_', ' ');
}

function fieldErrors(errors) {
  const list = $('setup-error-list');
  list.replaceChildren();
  for (const span of document.querySelectorAll('#setup-form [data-error-for]')) {
    const field = span.dataset.errorFor;
    const message = errors && errors[field];
    span.textContent = message ? `${field.replaceAll('_', ' ')} ${message}` : '';
    const input = $(`setup-${field}`);
    if (input) {
      input.setAttribute('aria-invalid', message ? 'true' : 'false');
    }
    if (message) {
      const item = document.createElement('li');
      item.textContent = `${label(field)}: ${message}`;
      list.append(item);
    }
  }
}

/**
 * What the browser can tell without asking, all at once. The server checks everything again (and more) and its
 * 422 lists every field; these are shown only when the passwords differ, which keeps the form from being sent.
 */
export function clientErrors(values) {
  const errors = {};
  if (!values.admin_password) {
    errors.admin_password = 'is required';
  } else if (values.admin_password.length < 10) {
    errors.admin_password = 'must be at least 10 characters';
  }
  if (values.admin_password !== values.admin_password_again) {
    errors.admin_password_again = 'does not match the admin password';
  }
  if (!values.domain) {
    errors.domain = 'is required';
  } else if (!/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.?$/i.test(values.domain)) {
    errors.domain = `'${values.domain}' is not a valid domain name`;
  }
  if (values.acme_email && !/^[^@\s]+@[^@\s]+$/.test(values.acme_email)) {
    errors.acme_email = 'must be an e-mail address';
  }
  if (values.cloudflare_api_token && !values.cloudflare_zone_id) {
    errors.cloudflare_zone_id = 'is required with cloudflare_api_token';
  }
  if (values.cloudflare_zone_id && !values.cloudflare_api_token) {
    errors.cloudflare_api_token = 'is required with cloudflare_zone_id';
  }
  if (values.github_webhook_secret && values.github_webhook_secret.length < 16) {
    errors.github_webhook_secret = 'must be at least 16 characters';
  }
  return errors;
}

async function testCloudflare(status) {
  const result = $('setup-cloudflare-result');
  const button = $('setup-cloudflare-test');
  const token = $('setup-cloudflare_api_token').value.trim();
  result.className = '';
  if (!token) {
    result.textContent = 'Enter a token first.';
    result.className = 'field-error';
    return;
  }
  const body = { cloudflare_api_token: token };
  const code = $('setup-setup_code').value.trim();
  if (status.setup_code_required && code) {
    body.setup_code = code;
  }
  button.disabled = true;
  result.textContent = 'Asking Cloudflare…';
  try {
    const answer = await api('POST', '/api/v1/setup/cloudflare-verify', { json: body });
    result.textContent = answer.ok
      ? `Cloudflare says the token is ${answer.status || 'active'}${answer.detail ? `: ${answer.detail}` : ''}.`
      : `Cloudflare refused the token (${answer.status || 'invalid'})${answer.detail ? `: ${answer.detail}` : ''}.`;
    result.className = answer.ok ? 'state-done' : 'field-error';
  } catch (e) {
    result.textContent = e.status === 404
      ? 'This hiy cannot test tokens yet; the token is checked when the certificate is ordered.'
      : e.message;
    result.className = 'field-error';
  } finally {
    button.disabled = false;
  }
}

/**
 * Shows the wizard; `onDone(session, context)` is called once the appliance is set up and signed in, with what
 * the next page needs from this one (the password, to issue a named push token; the webhook secret typed here).
 */
export function startSetup(status, onDone) {
  $('setup-code-row').hidden = !status.setup_code_required;
  // GET /setup reports the domain hiy runs with (config or boot-partition pre-seed); "localhost" is the
  // unconfigured default, not a suggestion.
  if (status.domain && status.domain !== 'localhost' && !$('setup-domain').value) {
    $('setup-domain').value = status.domain;
  }
  $('setup-cloudflare-test').addEventListener('click', () => testCloudflare(status));
  const form = $('setup-form');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button[type=submit]');
    showError($('setup-error'), null);
    fieldErrors(null);
    const values = {};
    for (const field of [...fields, 'admin_password_again']) {
      const input = $(`setup-${field}`);
      values[field] = field.startsWith('admin_password') ? input.value : input.value.trim();
    }
    // Only a mismatch keeps the form here (the server never sees the second password); then every other
    // mistake the browser can see is shown with it, so no field's error waits for a second round.
    const errors = clientErrors(values);
    if (errors.admin_password_again) {
      fieldErrors(errors);
      return;
    }
    const body = {};
    for (const field of fields) {
      if (values[field] && (field !== 'setup_code' || status.setup_code_required)) {
        body[field] = values[field];
      }
    }
    button.disabled = true;
    try {
      const setup = await api('POST', '/api/v1/setup', { json: body });
      const session = await api('POST', '/api/v1/auth/session', { json: { password: values.admin_password }, quiet401: true });
      form.reset();
      onDone(session, { password: values.admin_password, webhookSecret: values.github_webhook_secret || null, setupToken: setup.token });
    } catch (e) {
      fieldErrors(e.errors);
      showError($('setup-error'), e);
    } finally {
      button.disabled = false;
    }
  });
}
