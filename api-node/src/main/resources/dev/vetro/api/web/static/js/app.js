// The page router: one HTML shell for every path, the page module chosen from location.pathname.
// Links marked data-link navigate without a reload; each page may return a cleanup function
// (closes its event stream, stops its timers) that runs when the user leaves it.
import { h, replace, errorBox } from './dom.js';
import { get, post } from './api.js';
import * as auth from './pages/auth.js';
import * as databases from './pages/databases.js';
import * as database from './pages/database.js';
import * as keys from './pages/keys.js';
import * as queries from './pages/queries.js';
import * as rules from './pages/rules.js';

const main = document.getElementById('app');
let session = null; // {email, workspace: {id, name}}
let cleanup = null;

const routes = [
  [/^\/login\/?$/, auth.login, { public: true, title: 'Log in' }],
  [/^\/register\/?$/, auth.register, { public: true, title: 'Create your workspace' }],
  [/^\/(databases\/?)?$/, databases.render, { nav: 'databases', title: 'Databases' }],
  [/^\/databases\/([^/]+)\/?$/, database.render, { nav: 'databases', title: 'Database' }],
  [/^\/keys\/?$/, keys.render, { nav: 'keys', title: 'API Keys' }],
  [/^\/queries\/?$/, queries.render, { nav: 'queries', title: 'Queries' }],
  [/^\/rules\/?$/, rules.render, { nav: 'rules', title: 'Rules' }],
];

export function navigate(path, replaceState = false) {
  if (replaceState) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  show();
}

async function loadSession() {
  const [me, ws] = await Promise.all([get('auth/me'), get('workspace')]);
  session = { email: me.email, workspace: { id: me.workspace_id, name: ws.name } };
  document.getElementById('workspace-name').textContent = ws.name;
  document.getElementById('user-email').textContent = me.email || '';
  document.getElementById('nav').hidden = false;
  document.getElementById('who').hidden = false;
  return session;
}

function signedOut() {
  session = null;
  document.getElementById('nav').hidden = true;
  document.getElementById('who').hidden = true;
}

async function show() {
  if (cleanup) { try { cleanup(); } catch (e) { /* leaving anyway */ } cleanup = null; }
  const path = location.pathname;
  const match = routes.find(([re]) => re.test(path));
  if (!match) {
    replace(main, h('h1', {}, 'Not found'), h('p', {}, 'No page at ', h('code', {}, path), '. ',
      h('a', { href: '/databases', 'data-link': true }, 'Go to your databases')));
    return;
  }
  const [re, page, opts] = match;
  document.title = opts.title + ' · Vetro';
  document.querySelectorAll('[data-nav]').forEach((a) => {
    if (a.dataset.nav === opts.nav) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  const params = re.exec(path).slice(1);
  const query = new URLSearchParams(location.search);
  // The header's session and the page's own data load in parallel: first content after one
  // round of API calls, not two. A 401 from the session sends the viewer to the login page.
  let denied = false;
  if (!opts.public && !session) {
    loadSession().catch((e) => {
      denied = true;
      if (cleanup) { try { cleanup(); } catch (err) { /* leaving */ } cleanup = null; }
      if (e.status === 401) {
        signedOut();
        navigate('/login?next=' + encodeURIComponent(path + location.search), true);
      } else {
        replace(main, errorBox(e));
      }
    });
  }
  try {
    const done = await page(main, { params, query, navigate, onSignedIn });
    if (typeof done === 'function') {
      if (denied) done();
      else cleanup = done;
    }
  } catch (e) {
    if (!denied) replace(main, h('h1', {}, opts.title), errorBox(e));
  }
}

async function onSignedIn(next) {
  session = null;
  await loadSession();
  navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/databases', true);
}

document.addEventListener('click', (e) => {
  const a = e.target.closest('a[data-link]');
  if (!a || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
  e.preventDefault();
  navigate(a.getAttribute('href'));
});
window.addEventListener('popstate', show);
window.addEventListener('vetro:unauthorized', () => {
  if (session) { signedOut(); navigate('/login', true); }
});
document.getElementById('logout').addEventListener('click', async () => {
  try { await post('auth/logout'); } catch (e) { /* the cookie is cleared either way */ }
  signedOut();
  navigate('/login', true);
});

show();
