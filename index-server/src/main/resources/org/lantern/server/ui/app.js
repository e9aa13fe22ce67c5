// The page's shell: sign in and out, who am I, and the hash router (#/lookup, #/signal/ID, ...).
import { api, storedKey, rememberKey, forgetKey, whenUnauthorized } from './api.js';
import { el, fill, announce, errorBox } from './dom.js';
import { lookupPage } from './lookup.js';
import { signalPage } from './signal.js';
import { minePage, feedbackPage } from './mine.js';
import { statsPage } from './stats.js';
import { adminPage } from './admin.js';

const PAGES = {
  lookup: { title: 'Look up', render: lookupPage },
  signal: { title: 'Signal', render: signalPage },
  mine: { title: 'My signals', render: minePage },
  feedback: { title: 'Feedback on my signals', render: feedbackPage },
  stats: { title: 'Transparency', render: statsPage },
  admin: { title: 'Admin', render: adminPage },
};

const session = { me: null };
const $ = (id) => document.getElementById(id);

async function signIn(key, quiet) {
  const me = await api('GET', '/v1/me', undefined, key);
  if (!quiet) rememberKey(key); // quiet: the key came from storage (and may have been forgotten since)
  else if (storedKey() !== key) return;
  session.me = me;
  $('who-name').textContent = me.name && me.name !== me.id ? `${me.name} (${me.id})` : me.id;
  $('who-roles').textContent = `roles: ${me.roles.join(', ') || 'none'}`;
  $('nav-admin').hidden = !me.roles.includes('admin');
  $('signin').hidden = true;
  $('nav').hidden = false;
  $('who').hidden = false;
  $('view').hidden = false;
  if (!quiet) announce(`Signed in as ${me.id}`);
  if (!location.hash.startsWith('#/')) location.hash = '#/lookup';
  else route();
}

function signOut(message) {
  forgetKey();
  session.me = null;
  fill($('view'));
  $('view').hidden = true;
  $('nav').hidden = true;
  $('who').hidden = true;
  $('signin').hidden = false;
  $('api-key').value = '';
  fill($('signin-error'), message || '');
  document.title = 'Lantern — sign in';
  $('api-key').focus();
  if (message) announce(message);
}

let routing = 0; // the newest navigation wins when answers arrive out of order

async function route() {
  if (!session.me) return;
  const hash = location.hash.startsWith('#/') ? location.hash.slice(2) : 'lookup';
  const [name, ...rest] = hash.split('/');
  const page = PAGES[name] || PAGES.lookup;
  const arg = rest.length ? decodeURIComponent(rest.join('/')) : null;
  const view = $('view');
  const mine = ++routing;
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.dataset.page === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  document.title = `Lantern — ${page.title}`;
  const container = el('div', { class: 'page', 'data-page': name in PAGES ? name : 'lookup' });
  fill(view, container);
  try {
    await page.render(container, { me: session.me, arg, stale: () => mine !== routing });
  } catch (e) {
    if (mine === routing) container.appendChild(errorBox(e));
  }
  if (mine === routing) {
    const heading = container.querySelector('h1');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: false });
    }
  }
}

function start() {
  whenUnauthorized(() => signOut('Your key was refused (unknown, revoked or suspended): sign in again.'));
  $('signin-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const key = $('api-key').value.trim();
    fill($('signin-error'));
    try {
      await signIn(key, false);
    } catch (e) {
      forgetKey();
      fill($('signin-error'), e.status === 401 ? 'That key was not accepted.' : e.message);
      $('api-key').focus();
    }
  });
  $('signout').addEventListener('click', () => {
    location.hash = '';
    signOut('Signed out: the key is forgotten in this tab.');
  });
  $('skip').addEventListener('click', (event) => {
    event.preventDefault();
    $('main').focus();
  });
  window.addEventListener('hashchange', () => {
    if (location.hash.startsWith('#/') || location.hash === '') route();
  });
  const key = storedKey();
  if (key) {
    signIn(key, true).catch(() => signOut());
  } else {
    signOut();
  }
}

start();
