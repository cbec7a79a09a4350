// Queries: live decisions over Server-Sent Events, history with the API's filters and cursor
// paging, charts, and a detail panel. The live view never renders per event: events queue up and
// are drawn at most 4 times a second, newest first, at most 25 at a time; what could not be drawn is
// counted as dropped and shown, so the page stays responsive at any event rate.
import { h, replace, shortTimeEl, timeEl, badge, errorBox, loading, empty } from '../dom.js';
import { get, qs } from '../api.js';
import { rulesCatalog } from './policy.js';
import { drawCharts } from './charts.js';

const LIVE_ROWS = 100;
// rows drawn per tick (100 a second): nobody reads more, and rebuilding the whole 100-row table
// 4 times a second at 1,000 decisions/s is what a click had to wait behind
const DRAW_MAX = 25;
const MAX_PENDING = 1000;
const DRAW_EVERY_MS = 250;
const SOURCES = { proxy: 'Proxy', api: 'API', ci: 'CI' };

export async function render(main, ctx) {
  replace(main, loading('Loading…'));
  const [{ databases }, rules] = await Promise.all([get('databases'), rulesCatalog().catch(() => [])]);
  const ruleByCode = new Map(rules.map((r) => [r.code, r]));
  if (!databases.length) {
    replace(main, h('h1', {}, 'Queries'), empty('No databases yet, so no decisions either.',
      h('a', { href: '/databases', 'data-link': true, role: 'button' }, 'Add a database')));
    return;
  }
  const wanted = ctx.query.get('database');
  const db = databases.find((d) => d.id === wanted);
  if (wanted && !db) {
    replace(main, h('h1', {}, 'Queries'), h('p', { class: 'error', role: 'alert' }, 'No database with ID ' + wanted + ' in this workspace.'));
    return;
  }
  const current = db || databases[0];
  const base = 'databases/' + encodeURIComponent(current.id);

  const picker = h('select', { 'aria-label': 'Database', name: 'database' },
    databases.map((d) => h('option', { value: d.id, selected: d.id === current.id }, d.name)));
  picker.addEventListener('change', () => ctx.navigate('/queries?database=' + encodeURIComponent(picker.value)));

  // Detail panel
  const detail = h('aside', { class: 'detail', hidden: true, 'aria-label': 'Decision detail', 'data-testid': 'detail' });
  function showDetail(d) {
    const rule = ruleByCode.get(d.rule_code);
    const would = d.enforce_decision && d.enforce_decision !== d.decision;
    replace(detail,
      h('header', {}, h('strong', {}, 'Decision'), h('button', { type: 'button', class: 'secondary outline small', 'aria-label': 'Close detail', onclick: () => { detail.hidden = true; } }, '✕')),
      h('p', {}, badge(d.decision), ' ', timeEl(d.ts)),
      would ? h('p', { class: 'would' }, 'Observe mode: Enforce would have ' + d.enforce_decision.toLowerCase() + ' this statement.') : '',
      h('dl', {},
        h('dt', {}, 'Rule'), h('dd', {}, d.rule_code ? [h('code', {}, d.rule_code), ' ', rule ? rule.title : ''] : 'none'),
        h('dt', {}, 'Where'), h('dd', {}, d.ast_node_path ? h('code', {}, d.ast_node_path) : '—'),
        h('dt', {}, 'Message'), h('dd', {}, d.message || '—'),
        h('dt', {}, 'Suggested fix'), h('dd', {}, rule && rule.suggested_fix ? rule.suggested_fix : '—'),
        h('dt', {}, 'All violations'), h('dd', {}, (d.rule_codes || []).length
          ? h('ul', {}, d.rule_codes.map((c) => h('li', {}, h('code', {}, c), ' ', ruleByCode.get(c) ? ruleByCode.get(c).title + ' (' + ruleByCode.get(c).severity + ')' : '')))
          : 'none'),
        h('dt', {}, 'Database user'), h('dd', {}, d.database_user || '—'),
        h('dt', {}, 'Source'), h('dd', {}, SOURCES[d.source] || d.source || '—'),
        h('dt', {}, 'Fingerprint'), h('dd', {}, d.fingerprint ? h('code', {}, d.fingerprint) : '—'),
        h('dt', {}, 'SQL (redacted)'), h('dd', {}, h('pre', {}, h('code', {}, d.statement || '')))));
    detail.hidden = false;
    detail.querySelector('button').focus({ preventScroll: true });
    if (window.matchMedia('(max-width: 700px)').matches) detail.scrollIntoView({ block: 'start' });
  }

  const rowData = new WeakMap();
  function row(d) {
    const would = d.enforce_decision && d.enforce_decision !== d.decision;
    const tr = h('tr', { tabindex: 0, class: 'clickable', 'data-testid': 'decision-row', 'data-decision': d.decision },
      h('td', { class: 'nowrap' }, shortTimeEl(d.ts)),
      h('td', {}, badge(d.decision), would ? h('small', { class: 'would', 'data-testid': 'would-have' }, 'would have been ' + d.enforce_decision.toLowerCase()) : ''),
      h('td', { class: 'nowrap' }, d.rule_code ? h('code', {}, d.rule_code) : '—'),
      h('td', { class: 'hide-sm' }, d.severity || '—'),
      h('td', { class: 'hide-sm' }, d.database_user || '—'),
      h('td', { class: 'hide-sm' }, SOURCES[d.source] || d.source || '—'),
      h('td', { class: 'sql' }, h('code', {}, d.statement || '')));
    rowData.set(tr, d);
    return tr;
  }
  function table(tbody) {
    tbody.addEventListener('click', (e) => { const tr = e.target.closest('tr'); if (tr && rowData.has(tr)) showDetail(rowData.get(tr)); });
    tbody.addEventListener('keydown', (e) => { if (e.key === 'Enter') { const tr = e.target.closest('tr'); if (tr && rowData.has(tr)) showDetail(rowData.get(tr)); } });
    return h('div', { class: 'overflow-auto' }, h('table', { class: 'decisions' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Time'), h('th', {}, 'Decision'), h('th', {}, 'Rule'), h('th', { class: 'hide-sm' }, 'Severity'), h('th', { class: 'hide-sm' }, 'User'), h('th', { class: 'hide-sm' }, 'Source'), h('th', {}, 'SQL'))),
      tbody));
  }

  // Live
  const liveBody = h('tbody', { 'data-testid': 'live-rows' });
  const liveEmpty = h('p', { class: 'muted', 'data-testid': 'live-empty' }, 'Waiting for decisions… run a statement through the proxy and it appears here.');
  const counters = { received: 0, shown: 0, dropped: 0, missed: 0 };
  const counterEl = h('small', { 'data-testid': 'live-counters' });
  const liveState = h('span', { class: 'live-state', 'data-testid': 'live-state' }, 'connecting…');
  let pending = [];
  let paused = false;
  const pauseBtn = h('button', { type: 'button', class: 'secondary outline small', 'aria-pressed': 'false' }, 'Pause');
  pauseBtn.addEventListener('click', () => { paused = !paused; pauseBtn.textContent = paused ? 'Resume' : 'Pause'; pauseBtn.setAttribute('aria-pressed', String(paused)); });
  function updateCounters() {
    counterEl.textContent = `${counters.received} received · ${counters.shown} shown · ${counters.dropped} dropped`
      + (counters.missed ? ` (${counters.missed} of them before reaching this page)` : '');
    counterEl.dataset.dropped = String(counters.dropped);
  }
  updateCounters();
  const source = new EventSource('/api/v1/' + base + '/events');
  source.addEventListener('open', () => { liveState.textContent = 'live'; liveState.dataset.state = 'live'; });
  source.addEventListener('error', () => { liveState.textContent = 'reconnecting…'; liveState.dataset.state = 'reconnecting'; });
  // the server's own buffer for this page overflowed: rows we never received, counted as dropped
  source.addEventListener('dropped', (e) => {
    const n = Number(e.data) || 0;
    counters.dropped += n;
    counters.missed += n;
  });
  source.addEventListener('decision', (e) => {
    counters.received++;
    pending.push(e.data);
    if (pending.length > MAX_PENDING) {
      counters.dropped += pending.length - MAX_PENDING;
      pending = pending.slice(-MAX_PENDING);
    }
  });
  const timer = setInterval(() => {
    if (paused || !pending.length) { updateCounters(); return; }
    const batch = pending;
    pending = [];
    const drawn = batch.slice(-DRAW_MAX); // newer events replace older ones not yet drawn
    counters.dropped += batch.length - drawn.length;
    const frag = document.createDocumentFragment();
    for (let i = drawn.length - 1; i >= 0; i--) {
      try { frag.append(row(JSON.parse(drawn[i]))); counters.shown++; } catch (err) { counters.dropped++; }
    }
    liveBody.prepend(frag);
    while (liveBody.rows.length > LIVE_ROWS) liveBody.lastElementChild.remove();
    liveEmpty.hidden = liveBody.rows.length > 0;
    updateCounters();
  }, DRAW_EVERY_MS);

  // History
  const histBody = h('tbody', { 'data-testid': 'history-rows' });
  const histState = h('div');
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Load more');
  let cursor = null;
  let filters = {};
  const filterForm = h('form', { class: 'filters', novalidate: true },
    h('div', { class: 'grid' },
      h('label', {}, 'From', h('input', { type: 'datetime-local', name: 'from' })),
      h('label', {}, 'To', h('input', { type: 'datetime-local', name: 'to' })),
      h('label', {}, 'Decision', h('select', { name: 'decision' }, [['', 'any'], ['BLOCKED', 'Blocked'], ['FLAGGED', 'Flagged'], ['ALLOWED', 'Allowed']].map(([v, t]) => h('option', { value: v }, t))))),
    h('div', { class: 'grid' },
      h('label', {}, 'Rule', h('input', { name: 'rule', placeholder: 'VETRO-001', value: ctx.query.get('rule') || '' })),
      h('label', {}, 'Database user', h('input', { name: 'database_user' })),
      h('label', {}, 'Fingerprint', h('input', { name: 'fingerprint' }))),
    h('button', { type: 'submit' }, 'Apply filters'));
  async function loadHistory(reset) {
    if (reset) { cursor = null; histBody.replaceChildren(); replace(histState, loading('Loading history…')); }
    try {
      const page = await get(base + '/decisions' + qs({ ...filters, limit: 50, cursor }));
      replace(histState);
      page.decisions.forEach((d) => histBody.append(row(d)));
      cursor = page.next_cursor;
      more.hidden = !cursor;
      if (!histBody.rows.length) replace(histState, empty('No decisions match these filters.'));
    } catch (err) {
      replace(histState, errorBox(err));
    }
  }
  filterForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const f = new FormData(filterForm);
    const iso = (v) => (v ? new Date(v).toISOString() : ''); // the viewer's zone, sent as UTC
    filters = { from: iso(f.get('from')), to: iso(f.get('to')), decision: f.get('decision'), rule: f.get('rule').trim(), database_user: f.get('database_user').trim(), fingerprint: f.get('fingerprint').trim() };
    loadHistory(true);
  });
  more.addEventListener('click', () => loadHistory(false));
  if (ctx.query.get('rule')) filters.rule = ctx.query.get('rule');

  const charts = h('div', { class: 'charts', 'data-testid': 'charts' }, loading('Loading charts…'));

  replace(main,
    h('div', { class: 'page-head' }, h('hgroup', {}, h('h1', {}, 'Queries'), h('p', {}, 'Every statement the proxy or the API judged for ', h('strong', {}, current.name), '.')), picker),
    h('div', { class: 'with-detail' },
      h('div', {},
        h('section', {}, h('h2', {}, 'Live ', liveState), h('div', { class: 'live-bar' }, counterEl, pauseBtn), liveEmpty, table(liveBody)),
        h('section', {}, h('h2', {}, 'Overview, last 24 hours'), charts),
        h('section', {}, h('h2', {}, 'History'), h('details', { open: !!ctx.query.get('rule') }, h('summary', {}, 'Filters'), filterForm), table(histBody), histState, more)),
      detail));
  loadHistory(true);
  const loadCharts = () => get(base + '/decisions/stats').then((s) => drawCharts(charts, s, ruleByCode, (fp) => {
    filterForm.querySelector('[name=fingerprint]').value = fp;
    filterForm.requestSubmit();
  })).catch((err) => replace(charts, errorBox(err)));
  loadCharts();
  // New live decisions: redraw the charts now and then, and fill an empty history; a history the
  // user is paging through is left alone.
  let chartedAt = 0;
  const refresher = setInterval(() => {
    if (counters.received === chartedAt) return;
    chartedAt = counters.received;
    loadCharts();
    if (!histBody.rows.length) loadHistory(true);
  }, 10000);
  return () => { source.close(); clearInterval(timer); clearInterval(refresher); };
}
