// A tiny element builder instead of a framework: pages build DOM nodes directly, text always goes
// through textContent (never innerHTML), so server data cannot inject markup.

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (k === 'class') el.className = v;
    else if (k === 'value') el.value = v;
    else if (k === 'checked') el.checked = !!v;
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

// Times in the viewer's own zone and locale.
const timeFmt = new Intl.DateTimeFormat(undefined, {
  year: 'numeric', month: 'short', day: 'numeric',
  hour: '2-digit', minute: '2-digit', second: '2-digit'
});
export function fmtTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return isNaN(d) ? iso : timeFmt.format(d);
}
// Table cells: the time of day for today, else a short date too; the full time in the tooltip.
const clockFmt = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const shortFmt = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
export function shortTimeEl(iso) {
  const d = new Date(iso);
  if (!iso || isNaN(d)) return h('time', {}, iso || '—');
  const today = new Date().toDateString() === d.toDateString();
  return h('time', { datetime: iso, title: timeFmt.format(d) }, today ? clockFmt.format(d) : shortFmt.format(d));
}
export function timeEl(iso) {
  return h('time', { datetime: iso || '' }, fmtTime(iso));
}

export function copyButton(text, label = 'Copy') {
  const btn = h('button', { type: 'button', class: 'secondary outline small copy', 'aria-label': label + ' to clipboard' }, label);
  btn.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(typeof text === 'function' ? text() : text);
      btn.textContent = 'Copied';
    } catch (e) {
      // no clipboard permission (plain http on another host): select the text instead
      btn.textContent = 'Select and copy';
    }
    setTimeout(() => { btn.textContent = label; }, 2000);
  });
  return btn;
}

export function badge(decision) {
  const d = (decision || '').toUpperCase();
  return h('span', { class: 'badge ' + d.toLowerCase() }, d || '—');
}

export function errorBox(err) {
  return h('p', { class: 'error', role: 'alert' }, err && err.message ? err.message : String(err));
}

export function loading(text = 'Loading…') {
  return h('p', { 'aria-busy': 'true' }, text);
}

export function empty(text, ...more) {
  return h('div', { class: 'empty' }, h('p', {}, text), ...more);
}

// Shows an error message next to the named field of a form (or above the form).
export function fieldError(form, field, message) {
  form.querySelectorAll('.field-error').forEach((e) => e.remove());
  form.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
  if (!message) return;
  const input = field && form.querySelector(`[name="${CSS.escape(field)}"]`);
  const msg = h('small', { class: 'field-error', role: 'alert' }, message);
  if (input) {
    input.setAttribute('aria-invalid', 'true');
    input.insertAdjacentElement('afterend', msg);
  } else {
    form.prepend(msg);
  }
}
