// The dashboard's start: is setup done (else the wizard), is this browser signed in; then the sign-in form or the
// page the hash names (routes.js).

import { api, onUnauthorized, setCsrfToken, showError } from './api.js';
import { home, match, routes } from './routes.js';
import { startSetup } from './setup.js';

const views = ['view-setup', 'view-sign-in', ...new Set(routes.map((r) => r.view))];
let signedIn = false;
let current = null;
const $ = (id) => document.getElementById(id);

function show(view) {
  $('loading').hidden = true;
  for (const id of views) {
    $(id).hidden = id !== view;
  }
  $('sign-out').hidden = !signedIn;
  $('nav').hidden = !signedIn;
}

function stopPage() {
  if (current) {
    current.route.stop();
    current = null;
  }
}

/** Shows the page the hash names (or the home page for an unknown one); only while signed in. */
function route() {
  if (!signedIn) {
    return;
  }
  const found = match(window.location.hash);
  if (!found) {
    window.location.replace(home); // fires hashchange, which lands here again
    return;
  }
  stopPage();
  current = found;
  for (const link of document.querySelectorAll('#nav [data-nav]')) {
    if (link.dataset.nav === found.route.nav) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  show(found.route.view);
  found.route.start(...found.params);
}

function showSignIn(notice) {
  signedIn = false;
  stopPage();
  setCsrfToken(null);
  const note = $('sign-in-notice');
  note.textContent = notice || '';
  note.hidden = !notice;
  show('view-sign-in');
  $('password').focus();
}

function showSignedIn(csrf) {
  signedIn = true;
  setCsrfToken(csrf);
  route();
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
    showSignedIn(session.csrf_token);
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
      showError($('boot-error'), e);
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
  window.addEventListener('hashchange', route);
  try {
    const setup = await api('GET', '/api/v1/setup');
    if (!setup.completed) {
      startSetup(setup, (session) => showSignedIn(session.csrf_token));
      show('view-setup');
      $('setup-admin_password').focus();
      return;
    }
    const session = await api('GET', '/api/v1/auth/session');
    if (session.signed_in) {
      showSignedIn(session.csrf_token);
    } else {
      showSignIn();
    }
  } catch (e) {
    $('loading').hidden = true;
    showError($('boot-error'), e);
  }
}

boot();
