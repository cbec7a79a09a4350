import { h, replace, errorBox, loading, empty } from '../dom.js';
import { rulesCatalog } from './policy.js';

export async function render(main) {
  replace(main, h('h1', {}, 'Rules'), loading('Loading the rule catalog…'));
  let rules;
  try {
    rules = await rulesCatalog();
  } catch (err) {
    replace(main, h('h1', {}, 'Rules'), errorBox(err));
    return;
  }
  const list = h('div', { 'data-testid': 'rule-list' });
  const search = h('input', { type: 'search', placeholder: 'Search code, title, category…', 'aria-label': 'Search rules' });
  function draw() {
    const q = search.value.trim().toLowerCase();
    const shown = rules.filter((r) => !q || [r.code, r.title, r.category, r.severity, r.rationale].join(' ').toLowerCase().includes(q));
    if (!shown.length) { replace(list, empty('No rule matches “' + search.value + '”.')); return; }
    replace(list, shown.map((r) => h('details', { class: 'rule', 'data-code': r.code },
      h('summary', {}, h('code', {}, r.code), ' ', r.title, ' ', h('span', { class: 'sev ' + r.severity }, r.severity), h('small', { class: 'muted' }, ' · ' + r.category)),
      h('p', {}, r.rationale),
      h('div', { class: 'grid' },
        h('div', {}, h('h4', {}, 'Fails'), h('pre', {}, h('code', {}, r.failing_example || '—'))),
        h('div', {}, h('h4', {}, 'Passes'), h('pre', {}, h('code', {}, r.passing_example || '—')))),
      r.suggested_fix ? h('p', {}, h('strong', {}, 'Fix: '), r.suggested_fix) : '',
      h('p', {}, r.enabled_by_default ? 'On by default.' : 'Off by default; enable it in a database\'s policy.', ' ',
        h('a', { href: '/queries?rule=' + encodeURIComponent(r.code), 'data-link': true }, 'Decisions it caused →')))));
  }
  search.addEventListener('input', draw);
  replace(main, h('hgroup', {}, h('h1', {}, 'Rules'), h('p', {}, rules.length + ' rules judge every statement. Each database\'s policy decides what a finding does.')), search, list);
  draw();
}
