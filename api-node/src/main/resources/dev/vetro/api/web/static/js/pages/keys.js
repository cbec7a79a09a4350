import { h, replace, copyButton, timeEl, shortTimeEl, errorBox, loading, empty, fieldError } from '../dom.js';
import { get, post, del } from '../api.js';

const SCOPES = [
  ['evaluate', 'evaluate: judge SQL (CI checks, the evaluation API)'],
  ['proxy', 'proxy: fetch the policy, send decisions and heartbeats'],
  ['admin', 'admin: change databases and policies'],
];

export async function render(main) {
  const created = h('div', { 'aria-live': 'polite' });
  const list = h('div', {}, loading('Loading keys…'));
  const form = h('form', { novalidate: true },
    h('fieldset', { role: 'group' },
      h('input', { name: 'name', placeholder: 'prod proxy', 'aria-label': 'Key name', required: true, maxlength: 200 }),
      h('button', { type: 'submit' }, 'Create key')),
    h('details', {}, h('summary', {}, 'Limit what the key may do (optional)'),
      h('fieldset', {}, SCOPES.map(([s, text]) => h('label', {}, h('input', { type: 'checkbox', name: 'scope', value: s }), text)))));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    fieldError(form, null, null);
    const f = new FormData(form);
    const body = { name: (f.get('name') || '').trim() };
    const scopes = f.getAll('scope');
    if (scopes.length) body.scopes = scopes; // only when chosen
    try {
      const k = await post('keys', body);
      form.reset();
      replace(created, h('article', { class: 'new-key', 'data-testid': 'new-key-panel' },
        h('h3', {}, 'Key “' + k.name + '” created'),
        h('p', { class: 'warn' }, 'Copy it now: this is the only time it is shown. Vetro stores only a hash of it.'),
        h('div', { class: 'id-row' }, h('code', { class: 'secret', 'data-testid': 'new-key' }, k.key), copyButton(k.key, 'Copy key'))));
      await load();
    } catch (err) {
      fieldError(form, 'name', err.message);
    }
  });
  async function revoke(k) {
    const dialog = h('dialog', {}, h('article', {},
      h('h3', {}, 'Revoke key “' + k.name + '”?'),
      h('p', {}, 'Every proxy and pipeline using it is refused from its next request. This cannot be undone.'),
      h('footer', {},
        h('button', { type: 'button', class: 'secondary', onclick: () => { dialog.close(); dialog.remove(); } }, 'Cancel'),
        h('button', { type: 'button', class: 'danger', 'data-testid': 'confirm-revoke', onclick: async (e) => {
          e.target.setAttribute('aria-busy', 'true');
          try {
            await del('keys/' + encodeURIComponent(k.id));
            dialog.close(); dialog.remove();
            await load();
          } catch (err) {
            e.target.removeAttribute('aria-busy');
            e.target.closest('article').append(errorBox(err));
          }
        } }, 'Revoke'))));
    main.append(dialog);
    dialog.showModal();
  }
  async function load() {
    try {
      const { keys } = await get('keys');
      if (!keys.length) {
        replace(list, empty('No API keys yet. A proxy needs one (VETRO_API_KEY), and so does a CI pipeline.'));
        return;
      }
      replace(list, h('div', { class: 'overflow-auto' }, h('table', { class: 'striped' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', { class: 'hide-sm' }, 'Created'), h('th', {}, 'Last used'), h('th', {}, 'Status'), h('th', {}, ''))),
        h('tbody', {}, keys.slice().reverse().map((k) => h('tr', { 'data-testid': 'key-row', 'data-key-id': k.id },
          h('td', {}, k.name, h('br'), h('small', {}, h('code', {}, k.id)), k.scopes ? h('small', {}, ' · ' + k.scopes.join(', ')) : ''),
          h('td', { class: 'hide-sm' }, timeEl(k.created_at)),
          h('td', {}, k.last_used_at ? shortTimeEl(k.last_used_at) : 'never'),
          h('td', {}, k.revoked ? [h('span', { class: 'badge blocked' }, 'revoked'), h('br'), h('small', {}, shortTimeEl(k.revoked_at))] : h('span', { class: 'badge allowed' }, 'active')),
          h('td', {}, k.revoked ? '' : h('button', { type: 'button', class: 'danger outline small', 'data-testid': 'revoke', onclick: () => revoke(k) }, 'Revoke'))))))));
    } catch (err) {
      replace(list, errorBox(err));
    }
  }
  replace(main,
    h('hgroup', {}, h('h1', {}, 'API Keys'), h('p', {}, 'Keys let proxies and pipelines talk to Vetro. Only you, logged in, can create or revoke them.')),
    h('section', {}, h('h2', { class: 'h4' }, 'Create a key'), form, created),
    h('section', {}, h('h2', { class: 'h4' }, 'Keys'), list));
  await load();
}
