import { h, replace, copyButton, timeEl, errorBox, loading, fieldError } from '../dom.js';
import { get, patch, del } from '../api.js';
import { policyEditor } from './policy.js';
import { integrate } from './integrate.js';

const MODES = {
  enforce: 'Enforce: statements the policy forbids are blocked with a PostgreSQL error (SQLSTATE 42501) and never reach the database.',
  observe: 'Observe: nothing is blocked. Every statement runs, and the history records what Enforce would have done, so you can tune the policy before switching.',
};

export async function render(main, ctx) {
  const id = decodeURIComponent(ctx.params[0]);
  replace(main, loading('Loading database…'));
  let db;
  try {
    db = await get('databases/' + encodeURIComponent(id));
  } catch (err) {
    replace(main, h('h1', {}, 'Database'), err.status === 404 || err.status === 403
      ? h('p', { class: 'error', role: 'alert' }, 'No database with ID ' + id + ' in this workspace.')
      : errorBox(err), h('p', {}, h('a', { href: '/databases', 'data-link': true }, '← All databases')));
    return;
  }
  const title = h('h1', { 'data-testid': 'database-name' }, db.name);
  const timers = [];

  // Mode
  const modeNote = h('p', { class: 'mode-note', 'data-testid': 'mode-note' }, MODES[db.mode]);
  const modeError = h('div');
  const modeSwitch = h('fieldset', { class: 'mode-switch', role: 'radiogroup', 'aria-label': 'Mode' },
    ...['enforce', 'observe'].map((m) => h('label', {},
      h('input', { type: 'radio', name: 'mode', value: m, checked: db.mode === m, 'data-testid': 'mode-' + m }),
      m === 'enforce' ? 'Enforce' : 'Observe')));
  modeSwitch.addEventListener('change', async (e) => {
    const mode = e.target.value;
    replace(modeError);
    modeSwitch.disabled = true;
    try {
      db = await patch('databases/' + encodeURIComponent(id), { mode });
      modeNote.textContent = MODES[db.mode];
      modeSwitch.dataset.saved = db.mode;
      replace(modeError, h('small', { class: 'saved', 'data-testid': 'mode-saved' }, 'Saved: ' + (db.mode === 'observe' ? 'Observe' : 'Enforce') + ' (policy version ' + db.policy_version + ')'));
    } catch (err) {
      replace(modeError, errorBox(err));
      modeSwitch.querySelector(`[value="${db.mode}"]`).checked = true;
    } finally {
      modeSwitch.disabled = false;
    }
  });

  // Verify connection: polls the status every 2 s while the page is open.
  const verify = h('div', { 'data-testid': 'verify-panel', 'aria-live': 'polite' }, loading('Checking proxies…'));
  const verifyBtn = h('button', { type: 'button', class: 'secondary', 'data-testid': 'verify-button' }, 'Verify connection');
  async function refreshStatus() {
    try {
      renderStatus(verify, await get('databases/' + encodeURIComponent(id) + '/status'));
    } catch (err) {
      replace(verify, errorBox(err));
    }
  }
  verifyBtn.addEventListener('click', refreshStatus);
  refreshStatus();
  timers.push(setInterval(refreshStatus, 2000));

  // Rename and delete
  const renameForm = h('form', { class: 'inline', novalidate: true },
    h('fieldset', { role: 'group' },
      h('input', { name: 'name', value: db.name, 'aria-label': 'New name', required: true, maxlength: 200 }),
      h('button', { type: 'submit', class: 'secondary' }, 'Rename')));
  renameForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    fieldError(renameForm, null, null);
    try {
      db = await patch('databases/' + encodeURIComponent(id), { name: new FormData(renameForm).get('name').trim() });
      title.textContent = db.name;
      fieldError(renameForm, null, null);
    } catch (err) {
      fieldError(renameForm, 'name', err.message);
    }
  });
  const dialog = deleteDialog(() => db, async () => {
    await del('databases/' + encodeURIComponent(id));
    ctx.navigate('/databases', true);
  });

  replace(main,
    h('p', { class: 'crumbs' }, h('a', { href: '/databases', 'data-link': true }, '← Databases')),
    h('hgroup', {}, title, h('p', {}, db.dialect === 'mysql' ? 'MySQL' : 'PostgreSQL', ' · policy version ', h('span', { 'data-testid': 'policy-version' }, String(db.policy_version)))),
    h('article', { class: 'id-card' },
      h('label', {}, 'Database ID'),
      h('div', { class: 'id-row' }, h('code', { class: 'id', 'data-testid': 'database-id' }, db.id), copyButton(db.id, 'Copy ID')),
      h('small', {}, 'Set it as VETRO_DATABASE_ID on the proxy that protects this database.')),
    h('nav', { class: 'tabs', 'aria-label': 'Sections' }, h('ul', {},
      h('li', {}, h('a', { href: '#mode' }, 'Mode')),
      h('li', {}, h('a', { href: '#verify' }, 'Verify connection')),
      h('li', {}, h('a', { href: '#integrate' }, 'Integrate')),
      h('li', {}, h('a', { href: '#policy' }, 'Policy')),
      h('li', {}, h('a', { href: '/queries?database=' + encodeURIComponent(id), 'data-link': true }, 'Queries →')))),
    h('section', { id: 'mode' }, h('h2', {}, 'Mode'), modeSwitch, modeNote, modeError),
    h('section', { id: 'verify' }, h('h2', {}, 'Verify connection'),
      h('p', {}, 'Proxies report every few seconds; this panel updates by itself.'), verify, verifyBtn),
    h('section', { id: 'integrate' }, h('h2', {}, 'Integrate'), integrate(db)),
    h('section', { id: 'policy' }, h('h2', {}, 'Policy'), h('div', { 'data-testid': 'policy-editor' }, policyEditor(db, (v) => {
      main.querySelector('[data-testid=policy-version]').textContent = String(v);
    }))),
    h('section', { id: 'settings' }, h('h2', {}, 'Settings'), renameForm,
      h('button', { type: 'button', class: 'danger outline', onclick: () => dialog.open_() }, 'Delete database…'), dialog));
  return () => timers.forEach(clearInterval);
}

function renderStatus(el, s) {
  const recentRefusals = (s.refusals || []).filter((r) => r.recent);
  const parts = [];
  if (s.refused) {
    parts.push(h('p', { class: 'status refused', 'data-testid': 'verify-state', 'data-state': 'refused' },
      '✕ Refused: the proxy\'s API key has been revoked, so its policy fetches are refused. Give it a new key.'));
  } else if (s.connected) {
    parts.push(h('p', { class: 'status connected', 'data-testid': 'verify-state', 'data-state': 'connected' },
      '✓ Connected: a proxy is reporting and reaches the database.'));
  } else if (!s.proxies.length) {
    parts.push(h('p', { class: 'status waiting', 'data-testid': 'verify-state', 'data-state': 'none' },
      'No proxy has reported yet. Start one with this database\'s ID (see Integrate); it appears here within seconds.'));
  } else {
    parts.push(h('p', { class: 'status warn', 'data-testid': 'verify-state', 'data-state': 'disconnected' },
      'Not connected: no proxy has reported a reachable database in the last minute.'));
  }
  if (s.proxies.length) {
    parts.push(h('div', { class: 'overflow-auto' }, h('table', {},
      h('thead', {}, h('tr', {}, h('th', {}, 'Proxy node'), h('th', {}, 'Version'), h('th', {}, 'Last seen'), h('th', {}, 'Upstream'), h('th', {}, 'Policy in force'))),
      h('tbody', {}, s.proxies.map((p) => h('tr', { 'data-testid': 'proxy-row' },
        h('td', {}, h('code', {}, p.node_id), p.online ? '' : h('small', {}, ' (offline)')),
        h('td', {}, p.version || '—'),
        h('td', {}, timeEl(p.last_seen)),
        h('td', {}, p.upstream_reachable ? 'reachable' : h('strong', { class: 'bad' }, 'unreachable')),
        h('td', {}, p.policy_version == null ? '—' : 'v' + p.policy_version,
          p.policy_version != null && p.policy_version !== s.policy_version ? h('small', {}, ' (current: v' + s.policy_version + ')') : '')))))));
  }
  if (recentRefusals.length) {
    parts.push(h('ul', { class: 'refusals' }, recentRefusals.map((r) =>
      h('li', {}, 'Refused ', timeEl(r.last_refused_at), ': key ', h('code', {}, r.key_id), ' — ', r.reason))));
  }
  replace(el, ...parts);
}

// The name to type is read when the dialog opens: the database may have been renamed since.
function deleteDialog(current, onDelete) {
  const nameEl = h('strong');
  const input = h('input', { name: 'confirm', 'aria-label': 'Type the database name to confirm', autocomplete: 'off' });
  const go = h('button', { type: 'submit', class: 'danger', disabled: true }, 'Delete');
  const form = h('form', { method: 'dialog' },
    h('p', {}, 'This deletes ', nameEl, ', its policy and its decision history. Proxies using its ID stop getting a policy. Type the name to confirm.'),
    input,
    h('footer', {}, h('button', { type: 'button', class: 'secondary', onclick: () => dialog.close() }, 'Cancel'), go));
  const dialog = h('dialog', {}, h('article', {}, h('h3', {}, 'Delete database'), form));
  dialog.open_ = () => {
    nameEl.textContent = current().name;
    input.value = '';
    go.disabled = true;
    fieldError(form, null, null);
    dialog.showModal();
    input.focus();
  };
  input.addEventListener('input', () => { go.disabled = input.value !== current().name; });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (input.value !== current().name) return;
    try {
      await onDelete();
      dialog.close();
    } catch (err) {
      fieldError(form, 'confirm', err.message);
    }
  });
  return dialog;
}
