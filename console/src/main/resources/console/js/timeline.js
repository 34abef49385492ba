// Played over time: the number of endpoints that finished playing an alert, minute by minute since it
// was sent, as a small step chart (SVG, drawn with the DOM: no inline styles under the CSP).
import { h } from './dom.js';
import { t } from './i18n.js';

const SVG = 'http://www.w3.org/2000/svg';
const el = (tag, attrs, text) => {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
};

export function playedOverTime(alert) {
  const start = Date.parse(alert.createdAt);
  const done = alert.villages.flatMap((v) => v.endpoints).filter((e) => e.state === 'played' && e.finishedAt)
    .map((e) => Date.parse(e.finishedAt) - start).filter((ms) => ms >= 0).sort((a, b) => a - b);
  const total = alert.counts.targets || 1;
  if (!done.length) return h('p', { class: 'note', id: 'played-over-time' }, t('progress.nonePlayedYet'));
  const span = Math.max(done[done.length - 1], 60_000);
  const [w, ht] = [600, 120];
  const x = (ms) => 40 + (ms / span) * (w - 50);
  const y = (n) => ht - 20 - (n / total) * (ht - 30);
  let d = `M${x(0)},${y(0)}`;
  done.forEach((ms, i) => { d += `H${x(ms).toFixed(1)}V${y(i + 1).toFixed(1)}`; });
  const chart = el('svg', { viewBox: `0 0 ${w} ${ht}`, class: 'timeline', role: 'img', id: 'played-over-time',
    'aria-label': t('progress.overTimeLabel', { n: done.length, total, minutes: Math.ceil(span / 60_000) }) });
  chart.append(el('line', { x1: 40, y1: y(total), x2: w - 10, y2: y(total), class: 'goal' }),
    el('path', { d, class: 'played' }),
    el('text', { x: 4, y: y(total) + 4, class: 'axis' }, String(total)),
    el('text', { x: 4, y: y(0) + 4, class: 'axis' }, '0'),
    el('text', { x: w - 10, y: ht - 4, class: 'axis', 'text-anchor': 'end' }, `+${Math.ceil(span / 60_000)} min`));
  return chart;
}
