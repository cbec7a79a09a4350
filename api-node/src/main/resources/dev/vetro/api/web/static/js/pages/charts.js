// Decisions over time by outcome (uPlot, from the WebJar) and top rules / fingerprints as plain
// HTML bars, which need no library and read well at 390 px.
import { h, replace, empty } from '../dom.js';

const COLORS = { allowed: '#2e9d5b', flagged: '#d69e2e', blocked: '#d9534f' };

export function drawCharts(el, s, ruleByCode, onFingerprint) {
  // redrawn every few seconds while decisions arrive: free the previous chart and its observer,
  // or each redraw would leave a detached uPlot watched by a ResizeObserver behind
  if (el.vetroChart) {
    el.vetroChart.observer.disconnect();
    el.vetroChart.chart.destroy();
    el.vetroChart = null;
  }
  const total = s.buckets.reduce((n, b) => n + b.allowed + b.flagged + b.blocked, 0);
  if (!total) {
    replace(el, empty('No decisions in the last 24 hours.'));
    return;
  }
  const plot = h('div', { class: 'timeseries', role: 'img', 'aria-label': 'Decisions over time by outcome' });
  const rules = bars('Top rules', s.top_rules.map((r) => [h('code', {}, r.rule_code), ' ', ruleByCode.get(r.rule_code) ? ruleByCode.get(r.rule_code).title : '', r.count,
    h('a', { href: location.pathname + '?database=' + encodeURIComponent(s.database_id || new URLSearchParams(location.search).get('database') || '') + '&rule=' + encodeURIComponent(r.rule_code), 'data-link': true, class: 'small' }, 'decisions')]));
  const fps = bars('Top fingerprints', s.top_fingerprints.map((f) => [h('a', { href: '#', onclick: (e) => { e.preventDefault(); onFingerprint(f.fingerprint); } }, h('code', {}, f.fingerprint)), ' ', h('span', { class: 'sql' }, f.statement || ''), f.count]));
  replace(el, plot, h('div', { class: 'grid' }, rules, fps));
  if (typeof uPlot === 'undefined') return;
  const xs = s.buckets.map((b) => Date.parse(b.ts) / 1000);
  const width = Math.max(280, plot.clientWidth || el.clientWidth || 600);
  // eslint-disable-next-line no-undef
  const chart = new uPlot({
    width, height: 200,
    series: [{}, ...['allowed', 'flagged', 'blocked'].map((k) => ({ label: k[0].toUpperCase() + k.slice(1), stroke: COLORS[k], width: 2, fill: COLORS[k] + '22' }))],
    axes: [{ stroke: 'currentColor', grid: { stroke: '#8884' } }, { stroke: 'currentColor', grid: { stroke: '#8884' } }],
    scales: { x: { time: true } },
  }, [xs, s.buckets.map((b) => b.allowed), s.buckets.map((b) => b.flagged), s.buckets.map((b) => b.blocked)], plot);
  // follow the column's width (detail panel opening, window resized, phone rotated)
  const observer = new ResizeObserver(() => {
    const w = Math.max(240, plot.clientWidth);
    if (Math.abs(w - chart.width) > 2) chart.setSize({ width: w, height: 200 });
  });
  observer.observe(plot);
  el.vetroChart = { chart, observer };
}

function bars(title, rows) {
  const max = Math.max(1, ...rows.map((r) => r[r.length - (r.length === 5 ? 2 : 1)]));
  return h('figure', { class: 'bars' }, h('figcaption', {}, title),
    rows.length ? h('ol', {}, rows.map((r) => {
      const countIdx = r.length === 5 ? 3 : 3;
      const count = r[countIdx];
      const bar = h('span', { class: 'bar' });
      bar.style.width = Math.round((100 * count) / max) + '%'; // CSSOM, allowed by the CSP
      return h('li', {}, h('div', { class: 'bar-label' }, r.slice(0, countIdx), h('strong', {}, ' ' + count), r[4] ? [' · ', r[4]] : ''), bar);
    })) : h('p', { class: 'muted' }, 'none'));
}
