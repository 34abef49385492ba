// 喊话记录: past live sessions from GET /live (newest first, those reaching the caller's scope) as a table, shared by
// the history screen and the 喊话 screen. Each row links to the session's page (#/live/{id}).
import { api } from './api.js';
import { h, time, day } from './dom.js';
import { t } from './i18n.js';
import { duration } from './views/media.js';
import './live-history-texts.js';

export async function loadLive() {
  return (await api.get('/live')).items;
}

/** 日常广播 or the alert colour of an emergency session. */
export function liveLevel(level) {
  return h('span', { class: `badge level-${level}` }, level === 'routine' ? t('live.routine') : t(`level.${level}`));
}

/** Where it went, in names (the hub names the townships and villages it targeted). */
export function targetsText(session) {
  if (session.targets?.all) return t('liveHistory.county');
  return (session.targetNames || []).join('、') || '—';
}

/** How it ended in words; while it runs, its state. */
export function endText(session) {
  if (session.state !== 'ended') return t(`liveState.${session.state}`);
  const key = `liveEnd.${session.endReason}`;
  return t(key) === key ? session.endReason || '—' : t(key);
}

export function milliseconds(ms) {
  return ms === null || ms === undefined ? '—' : t('liveHistory.ms', { n: Math.round(ms) });
}

/** The history's filters: days YYYY-MM-DD in the county's zone, level and township ('' for any); villages: village id → township id. */
export function matches(session, { from, to, level, township, villages }) {
  const when = day(session.startedAt || session.createdAt);
  if ((from && when < from) || (to && when > to) || (level && session.level !== level)) return false;
  if (!township || session.targets?.all) return true;
  return (session.targets?.townships || []).includes(township)
    || (session.targets?.villages || []).some((v) => villages.get(v) === township);
}

export function liveTable(items, tableId = 'history-live') {
  const head = ['liveHistory.started', 'liveHistory.subject', 'liveHistory.level', 'liveHistory.by', 'liveHistory.targets',
    'liveHistory.duration', 'liveHistory.ended', 'liveHistory.outcome', 'liveHistory.lagP95'];
  return h('div', { class: 'table-wrap' }, h('table', { id: tableId, class: 'live-history' },
    h('thead', {}, h('tr', {}, ...head.map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, items.map((s) => {
      const c = s.counts || {};
      const failed = (c.failed || 0) + (c.expired || 0);
      return h('tr', { 'data-live': s.id },
        h('td', { class: 'live-started' }, time(s.startedAt || s.createdAt)),
        h('th', { scope: 'row' }, h('a', { href: `#/live/${encodeURIComponent(s.id)}` }, s.title || t('live.defaultTitle'))),
        h('td', {}, liveLevel(s.level)),
        h('td', {}, s.createdBy),
        h('td', { class: 'live-targets' }, targetsText(s)),
        h('td', { class: 'live-duration' }, duration(s.recording?.durationMs ?? s.audioMs)),
        h('td', { class: 'live-end' }, endText(s)),
        h('td', { class: 'live-outcome' }, `${c.played || 0}/${c.targets || 0}`, failed ? h('span', { class: 'bad' }, ` ✕${failed}`) : ''),
        h('td', { class: 'live-lag' }, milliseconds(s.lag?.p95Ms)));
    }))));
}
