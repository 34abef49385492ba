// One scheduled fire (a routine broadcast): its counts and the outcome per village, with a CSV export.
import { api } from '../api.js';
import { h, clear, time, toast } from '../dom.js';
import { t, apiMessage } from '../i18n.js';
import { villageTable } from './alert-progress.js';
import { exportFires } from '../fires.js';

/** Milliseconds as signed seconds with one decimal: "+1.2 s", "-0.3 s". */
function seconds(ms) {
  if (ms === null || ms === undefined) return '—';
  return `${ms >= 0 ? '+' : ''}${(ms / 1000).toFixed(1)} s`;
}

export function render(main, ctx, id) {
  const box = h('section', { class: 'progress-view', id: 'fire-detail' }, h('p', {}, t('common.loading')));
  main.append(box);
  let fire = null;

  async function load() {
    try {
      fire = await api.get(`/fires/${encodeURIComponent(id)}`);
    } catch (error) {
      clear(box).append(h('p', { class: 'card field-error' }, apiMessage(error)));
      return;
    }
    draw();
  }

  function draw() {
    const c = fire.counts;
    const exportButton = h('button', { type: 'button', id: 'fire-export' }, t('progress.exportAll'));
    exportButton.addEventListener('click', () => {
      try { exportFires([fire], `${id}-villages.csv`); } catch (e) { toast(apiMessage(e), 'error'); }
    });
    const stat = (key, value, cls, elementId) => h('div', { class: `count ${cls}` }, h('b', { id: elementId }, value), t(key));
    clear(box).append(
      h('div', { class: 'title-row' }, h('h1', {}, t('fire.title'), ' ', fire.scheduleName),
        h('span', { class: `alert-state ${fire.state}`, id: 'fire-state' }, t(`fireState.${fire.state}`))),
      h('p', { class: 'meta' }, `${t('history.programme')} ${fire.programmeName} · ${t('fire.scheduledAt')} ${time(fire.scheduledAt)}`),
      h('div', { class: 'counts', 'aria-live': 'polite' },
        stat('progress.targets', c.targets, '', 'fire-targets'),
        stat('progress.played', c.played, 'play', 'fire-played'),
        stat('progress.failed', c.failed + c.expired, 'bad', 'fire-failed')),
      h('p', { class: 'meta', id: 'fire-prefetch' }, t('fire.prefetchLine', { ready: fire.prefetch?.ready ?? 0,
        targets: fire.prefetch?.targets ?? 0, failed: (fire.prefetch?.failed ?? 0) + (fire.prefetch?.expired ?? 0) })),
      h('p', { class: 'meta', id: 'fire-lateness' }, fire.lateness?.started
        ? t('fire.latenessLine', { n: fire.lateness.started, median: seconds(fire.lateness.medianMs), max: seconds(fire.lateness.maxMs) })
        : t('fire.notStarted')),
      h('div', { class: 'actions' }, exportButton),
      h('h2', {}, t('progress.allVillages'), ` (${fire.villages.length})`),
      villageTable(fire.villages, 'fire-villages', [
        { key: 'fire.lateness', cls: 'lateness', cell: (v) => v.endpoints.map((e) => (e.latenessMs === null || e.latenessMs === undefined ? '—'
          : seconds(e.latenessMs))).join(' / ') },
        { key: 'fire.preemption', cls: 'preemption', cell: (v) => v.endpoints.map((e) => (e.preemption ? t(`fire.preempted.${e.preemption}`) : ''))
          .filter(Boolean).join(' / ') || '—' },
      ]));
  }

  load();
  // a fire still playing changes: look again now and then until it is completed or missed
  const poll = setInterval(() => { if (fire && fire.state === 'fired') load(); }, 5000);
  return () => clearInterval(poll);
}
