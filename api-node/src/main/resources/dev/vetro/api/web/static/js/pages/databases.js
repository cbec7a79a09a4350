import { h, replace, copyButton, timeEl, errorBox, loading, empty, fieldError } from '../dom.js';
import { get, post } from '../api.js';

export async function render(main, ctx) {
  const list = h('div', {}, loading('Loading databases…'));
  const addForm = h('form', { class: 'add-db', novalidate: true },
    h('fieldset', { role: 'group' },
      h('input', { name: 'name', placeholder: 'prod-users-db', 'aria-label': 'Database name', required: true, maxlength: 200 }),
      h('select', { name: 'dialect', 'aria-label': 'Dialect' },
        h('option', { value: 'postgres' }, 'PostgreSQL'), h('option', { value: 'mysql' }, 'MySQL')),
      h('button', { type: 'submit' }, 'Add Database')));
  addForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    fieldError(addForm, null, null);
    const v = Object.fromEntries(new FormData(addForm));
    const btn = addForm.querySelector('button');
    btn.setAttribute('aria-busy', 'true');
    try {
      const db = await post('databases', { name: v.name.trim(), dialect: v.dialect });
      ctx.navigate('/databases/' + encodeURIComponent(db.id));
    } catch (err) {
      fieldError(addForm, 'name', err.message);
    } finally {
      btn.removeAttribute('aria-busy');
    }
  });
  replace(main,
    h('hgroup', {}, h('h1', {}, 'Databases'), h('p', {}, 'Each database has its own policy, mode and history. A proxy protects one database, named by its ID.')),
    h('section', {}, h('h2', { class: 'h4' }, 'Add Database'), addForm),
    h('section', {}, list));
  try {
    const { databases } = await get('databases');
    if (!databases.length) {
      replace(list, empty('No databases yet. Add the first one above: give it the name you use for it, such as prod-users-db.'));
      return;
    }
    replace(list, h('div', { class: 'overflow-auto' }, h('table', { class: 'striped' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Database ID'), h('th', { class: 'hide-sm' }, 'Dialect'), h('th', {}, 'Mode'), h('th', { class: 'hide-sm' }, 'Created'))),
      h('tbody', {}, databases.map((d) => h('tr', {},
        h('td', {}, h('a', { href: '/databases/' + encodeURIComponent(d.id), 'data-link': true }, d.name)),
        h('td', {}, h('code', { class: 'id' }, d.id), ' ', copyButton(d.id)),
        h('td', { class: 'hide-sm' }, d.dialect === 'mysql' ? 'MySQL' : 'PostgreSQL'),
        h('td', {}, h('span', { class: 'mode ' + d.mode }, d.mode === 'observe' ? 'Observe' : 'Enforce')),
        h('td', { class: 'hide-sm' }, timeEl(d.created_at))))))));
  } catch (err) {
    replace(list, errorBox(err));
  }
}
