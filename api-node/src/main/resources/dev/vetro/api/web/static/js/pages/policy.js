// The policy editor: action per severity, per-rule overrides chosen from the catalog, role
// exceptions, fingerprint allowlist and parse-error behaviour. The server validates with the
// engine's own parser; its message names the field, and the message is shown beside that field.
import { h, replace, errorBox, loading, fieldError } from '../dom.js';
import { get, put } from '../api.js';

const SEVERITIES = ['critical', 'high', 'medium', 'low'];
const ACTIONS = ['block', 'flag', 'allow'];

let catalog = null;
export async function rulesCatalog() {
  if (!catalog) catalog = get('rules').then((r) => r.rules).catch((e) => { catalog = null; throw e; });
  return catalog;
}

export function policyEditor(db, onSaved) {
  const root = h('div', {}, loading('Loading policy…'));
  Promise.all([get('databases/' + encodeURIComponent(db.id) + '/policy'), rulesCatalog()])
    .then(([doc, rules]) => build(root, db, doc, rules, onSaved))
    .catch((err) => replace(root, errorBox(err)));
  return root;
}

function select(name, options, value, label) {
  return h('select', { name, 'aria-label': label },
    options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
}

function build(root, db, doc, rules, onSaved) {
  const p = doc.policy || {};
  const actions = p.actions || {};
  const overrides = h('tbody', {});
  const ruleOptions = rules.map((r) => [r.code, r.code + ' — ' + r.title]);
  function overrideRow(code, o) {
    const row = h('tr', {},
      h('td', {}, select('rule_code', ruleOptions, code, 'Rule')),
      h('td', {}, h('label', {}, h('input', { type: 'checkbox', name: 'enabled', role: 'switch', checked: o.enabled !== false }), 'on')),
      h('td', {}, select('action', [['', 'by severity'], ...ACTIONS.map((a) => [a, a])], o.action || '', 'Action')),
      h('td', {}, h('button', { type: 'button', class: 'secondary outline small', 'aria-label': 'Remove override', onclick: () => row.remove() }, '✕')));
    overrides.append(row);
  }
  Object.entries(p.rules || {}).forEach(([code, o]) => overrideRow(code, o));
  const roleText = Object.entries(p.role_exceptions || {}).map(([role, codes]) => role + ': ' + codes.join(', ')).join('\n');
  const saved = h('div', { 'aria-live': 'polite' });
  const inForce = h('strong', {}, String(doc.version));
  const form = h('form', { novalidate: true, class: 'policy' },
    h('fieldset', {}, h('legend', {}, 'Action per severity'),
      h('div', { class: 'grid' }, SEVERITIES.map((s) => h('label', {}, s,
        select('actions.' + s, ACTIONS.map((a) => [a, a]), actions[s] || 'block', 'Action for ' + s))))),
    h('fieldset', {}, h('legend', {}, 'Rule overrides'),
      h('div', { class: 'overflow-auto' }, h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'Rule'), h('th', {}, 'Enabled'), h('th', {}, 'Action'), h('th', {}, ''))), overrides)),
      h('button', { type: 'button', class: 'secondary outline small', onclick: () => overrideRow(rules[0].code, {}) }, '+ Add override')),
    h('label', {}, 'Role exceptions',
      h('textarea', { name: 'role_exceptions', rows: 3, placeholder: 'migrator: VETRO-015..VETRO-025' }, roleText),
      h('small', {}, 'One role per line: the rules (or ranges) that do not apply to that database user.')),
    h('label', {}, 'Fingerprint allowlist',
      h('textarea', { name: 'allowlist', rows: 3, placeholder: '9f2c…' }, (p.allowlist || []).join('\n')),
      h('small', {}, 'One fingerprint per line (from the Queries page): statements of that shape are always allowed.')),
    h('label', {}, 'When a statement cannot be parsed',
      select('parse_error', [['block_writes', 'Block it if it could write (block_writes)'], ['block', 'Block it (block)'], ['allow', 'Allow it (allow)']], p.parse_error || 'block_writes', 'Parse-error behaviour')),
    h('button', { type: 'submit' }, 'Save policy'), saved);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    fieldError(form, null, null);
    replace(saved);
    const f = new FormData(form);
    const body = { ...p };
    delete body.version;
    delete body.mode; // the mode has its own switch
    body.actions = Object.fromEntries(SEVERITIES.map((s) => [s, f.get('actions.' + s)]));
    body.rules = {};
    overrides.querySelectorAll('tr').forEach((tr) => {
      const code = tr.querySelector('[name=rule_code]').value;
      const o = { enabled: tr.querySelector('[name=enabled]').checked };
      const a = tr.querySelector('[name=action]').value;
      if (a) o.action = a;
      body.rules[code] = o;
    });
    body.role_exceptions = {};
    for (const line of f.get('role_exceptions').split('\n')) {
      if (!line.trim()) continue;
      const i = line.indexOf(':');
      if (i < 1) { fieldError(form, 'role_exceptions', 'role_exceptions: write "role: VETRO-001, VETRO-015..VETRO-025", one role per line'); return; }
      body.role_exceptions[line.slice(0, i).trim()] = line.slice(i + 1).split(',').map((s) => s.trim()).filter(Boolean);
    }
    body.allowlist = f.get('allowlist').split('\n').map((s) => s.trim()).filter(Boolean);
    body.parse_error = f.get('parse_error');
    try {
      const res = await put('databases/' + encodeURIComponent(db.id) + '/policy', body);
      replace(saved, h('small', { class: 'saved', 'data-testid': 'policy-saved' }, 'Saved as version ' + res.version));
      inForce.textContent = String(res.version);
      onSaved(res.version);
    } catch (err) {
      const field = err.field || '';
      const name = field.startsWith('actions.') ? field
        : field.startsWith('role_exceptions') ? 'role_exceptions'
        : field.startsWith('allowlist') ? 'allowlist'
        : field.startsWith('parse_error') ? 'parse_error' : null;
      fieldError(form, name, err.message);
    }
  });
  replace(root, h('p', {}, 'Version ', inForce, ' is in force.'), form);
}
