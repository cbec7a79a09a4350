import { h, replace, fieldError } from '../dom.js';
import { post } from '../api.js';

function form(main, { title, intro, fields, submit, alt, onSubmit }) {
  const f = h('form', { novalidate: true, class: 'auth' },
    ...fields.map(([name, label, type, extra]) =>
      h('label', {}, label, h('input', { name, type, required: true, ...extra }))),
    h('button', { type: 'submit' }, submit));
  f.addEventListener('submit', async (e) => {
    e.preventDefault();
    const btn = f.querySelector('button[type=submit]');
    btn.setAttribute('aria-busy', 'true');
    btn.disabled = true;
    fieldError(f, null, null);
    try {
      await onSubmit(Object.fromEntries(new FormData(f)), f);
    } catch (err) {
      fieldError(f, err.field, err.message);
    } finally {
      btn.removeAttribute('aria-busy');
      btn.disabled = false;
    }
  });
  replace(main, h('article', { class: 'narrow' }, h('h1', {}, title), intro && h('p', {}, intro), f, h('p', {}, alt)));
  f.querySelector('input').focus();
}

export function login(main, ctx) {
  form(main, {
    title: 'Log in',
    fields: [['email', 'Email', 'email', { autocomplete: 'username' }],
      ['password', 'Password', 'password', { autocomplete: 'current-password' }]],
    submit: 'Log in',
    alt: ['No account yet? ', h('a', { href: '/register', 'data-link': true }, 'Create a workspace')],
    onSubmit: async (v) => {
      await post('auth/login', { email: v.email, password: v.password });
      await ctx.onSignedIn(ctx.query.get('next'));
    },
  });
}

export function register(main, ctx) {
  form(main, {
    title: 'Create your workspace',
    intro: 'A workspace holds your databases, their policies, API keys and decision history.',
    fields: [['workspace', 'Workspace name', 'text', { placeholder: 'acme', maxlength: 100 }],
      ['email', 'Email', 'email', { autocomplete: 'username' }],
      ['password', 'Password (at least 10 characters)', 'password', { autocomplete: 'new-password', minlength: 10 }]],
    submit: 'Create workspace',
    alt: ['Already registered? ', h('a', { href: '/login', 'data-link': true }, 'Log in')],
    onSubmit: async (v) => {
      await post('auth/register', v);
      await ctx.onSignedIn('/databases');
    },
  });
}
