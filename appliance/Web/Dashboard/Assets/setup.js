// The first-run wizard: POST /api/v1/setup with every field at once; the API's 422 lists every field's
// error, each shown next to its input. On success the same password opens a dashboard session.

import { api, showError } from './api.js';

const $ = (id) => document.getElementById(id);
const fields = ['setup_code', 'admin_password', 'domain', 'acme_email', 'cloudflare_api_token', 'cloudflare_zone_id',
  'github_webhook_secret', 'timezone'];

function fieldErrors(errors) {
  for (const span of document.querySelectorAll('#setup-form [data-error-for]')) {
    const field = span.dataset.errorFor;
    const message = errors && errors[field];
    span.textContent = message ? `${field.replaceAll('_', ' ')} ${message}` : '';
    const input = $(`setup-${field}`);
    if (input) {
      input.setAttribute('aria-invalid', message ? 'true' : 'false');
    }
  }
}

/** Shows the wizard; `onDone(session)` is called once the appliance is set up and signed in. */
export function startSetup(status, onDone) {
  $('setup-code-row').hidden = !status.setup_code_required;
  const form = $('setup-form');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button[type=submit]');
    showError($('setup-error'), null);
    fieldErrors(null);
    const password = $('setup-admin_password').value;
    if (password !== $('setup-admin_password_again').value) {
      fieldErrors({ admin_password_again: 'does not match the admin password' });
      return;
    }
    const body = {};
    for (const field of fields) {
      const value = $(`setup-${field}`).value.trim();
      if (value && (field !== 'setup_code' || status.setup_code_required)) {
        body[field] = field === 'admin_password' ? password : value;
      }
    }
    button.disabled = true;
    try {
      await api('POST', '/api/v1/setup', { json: body });
      const session = await api('POST', '/api/v1/auth/session', { json: { password }, quiet401: true });
      form.reset();
      onDone(session);
    } catch (e) {
      fieldErrors(e.errors);
      showError($('setup-error'), e);
    } finally {
      button.disabled = false;
    }
  });
}
