// The dashboard's start: is setup done (else the wizard), is this browser signed in; then the sign-in form or the System page.

import { api, onUnauthorized, setCsrfToken, showError } from './api.js';
import { startSetup } from './setup.js';
import { startSystemPage, stopSystemPage } from './system.js';

const views = ['view-setup', 'view-sign-in', 'view-system'];
let signedIn = false;
const $ = (id) => document.getElementById(id);

function show(view) {
  $('loading').hidden = true;
  for (const id of views) {
    $(id).hidden = id !== view;
  }
  $('sign-out').hidden = view !== 'view-system';
}

function showSignIn(notice) {
  signedIn = false;
  stopSystemPage();
  setCsrfToken(null);
  const note = $('sign-in-notice');
  note.textContent = notice || '';
  note.hidden = !notice;
  show('view-sign-in');
  $('password').focus();
}

function showSystem(csrf) {
  signedIn = true;
  setCsrfToken(csrf);
  show('view-system');
  startSystemPage();
}

async function signIn(event) {
  event.preventDefault();
  const error = $('sign-in-error');
  const button = event.target.querySelector('button');
  showError(error, null);
  button.disabled = true;
  try {
    const session = await api('POST', '/api/v1/auth/session', { json: { password: $('password').value }, quiet401: true });
    $('password').value = '';
    showSystem(session.csrf_token);
  } catch (e) {
    showError(error, e);
    $('password').select();
  } finally {
    button.disabled = false;
  }
}

async function signOut() {
  try {
    await api('DELETE', '/api/v1/auth/session', { quiet401: true });
    showSignIn('Signed out.');
  } catch (e) {
    if (e.status === 401) {
      showSignIn('Signed out.');
    } else {
      showError($('system-error'), e);
    }
  }
}

async function boot() {
  // Only the first 401 tells why: the calls still in flight come back without the cookie it cleared.
  onUnauthorized((e) => {
    if (signedIn) {
      showSignIn(e.detail);
    }
  });
  $('sign-in-form').addEventListener('submit', signIn);
  $('sign-out').addEventListener('click', signOut);
  try {
    const setup = await api('GET', '/api/v1/setup');
    if (!setup.completed) {
      startSetup(setup, (session) => showSystem(session.csrf_token));
      show('view-setup');
      $('setup-admin_password').focus();
      return;
    }
    const session = await api('GET', '/api/v1/auth/session');
    if (session.signed_in) {
      showSystem(session.csrf_token);
    } else {
      showSignIn();
    }
  } catch (e) {
    $('loading').hidden = true;
    showError($('boot-error'), e);
  }
}

boot();
