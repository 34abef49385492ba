// One past (or running) live session, #/live/{id}: what was said (the recording, played here), by whom, to where,
// when, how it ended, the counts and lag, and each village's delivery record. The recording is fetched with the
// operator's token (GET /live/{id}/recording, scoped like the session) and played from a blob: an <audio src> to the
// hub would carry no token.
import { api, ApiFailure } from '../api.js';
import { h, clear, time } from '../dom.js';
import { t, apiMessage } from '../i18n.js';
import { villageTable } from './alert-progress.js';
import { liveLevel, targetsText, endText, milliseconds } from '../live-history.js';
import { duration } from './media.js';

/** Delivery states a village may still leave: the page looks again while any is in one. */
const OPEN = new Set(['pending', 'received', 'playing']);

export function render(main, ctx, id) {
  const box = h('section', { class: 'progress-view live-detail', id: 'live-detail' }, h('p', {}, t('common.loading')));
  const player = h('audio', { id: 'live-recording', controls: true, preload: 'metadata' });
  const playerNote = h('p', { class: 'meta', id: 'live-recording-note', 'aria-live': 'polite' });
  main.append(box);
  let session = null;
  let objectUrl = null;
  let loadedSha = null;
  let poll = null;

  async function load() {
    try {
      session = await api.get(`/live/${encodeURIComponent(id)}`);
    } catch (error) {
      if (!session) clear(box).append(h('p', { class: 'card field-error', id: 'live-detail-error' }, apiMessage(error)));
      return;
    }
    draw();
    recording();
    const settled = session.state === 'ended' && session.recording !== null
      && !(session.villages || []).some((v) => OPEN.has(v.state));
    if (!settled && !poll) poll = setInterval(load, 3000);
    if ((settled || (session.state === 'ended' && !session.audioMs)) && poll) { clearInterval(poll); poll = null; }
  }

  /** Fetched once per recording; until the hub has stored it the note says so. */
  async function recording() {
    const r = session.recording;
    if (!r) {
      playerNote.textContent = session.state === 'ended' && !session.audioMs ? t('liveHistory.noRecording')
        : t('liveHistory.recordingPending');
      return;
    }
    playerNote.textContent = `${duration(r.durationMs)} · ${Math.ceil(r.bytes / 1024)} KiB`;
    if (loadedSha === r.sha256) return;
    loadedSha = r.sha256;
    try {
      const blob = await api.get(`/live/${encodeURIComponent(id)}/recording`);
      if (objectUrl) URL.revokeObjectURL(objectUrl);
      objectUrl = URL.createObjectURL(blob);
      player.src = objectUrl;
    } catch (error) {
      loadedSha = null;
      playerNote.textContent = error instanceof ApiFailure ? apiMessage(error) : String(error);
    }
  }

  function draw() {
    const s = session;
    const c = s.counts || {};
    const lag = s.lag || {};
    const lagOf = new Map((s.endpoints || []).map((e) => [e.endpointId, e.lag]));
    const stat = (key, value, cls, elementId) => h('div', { class: `count ${cls}` }, h('b', { id: elementId }, value ?? 0), t(key));
    clear(box).append(
      h('p', {}, h('a', { href: '#/history/live', id: 'live-detail-back' }, t('liveHistory.back'))),
      h('div', { class: 'title-row' },
        h('h1', { id: 'live-detail-heading' }, t('liveHistory.heading', { title: s.title || t('live.defaultTitle') }), ' ', liveLevel(s.level)),
        h('span', { class: `alert-state ${s.state === 'ended' ? 'completed' : 'active'}`, id: 'live-detail-reason' }, endText(s))),
      h('p', { class: 'meta', id: 'live-detail-meta' }, t('liveHistory.meta', { by: s.createdBy, started: time(s.startedAt || s.createdAt),
        ended: time(s.endedAt) })),
      h('p', { class: 'meta', id: 'live-detail-targets' }, `${t('liveHistory.targets')}：${targetsText(s)} · ${t('liveHistory.duration')} ${duration(s.audioMs)}`),
      h('section', { class: 'card player' }, h('h2', {}, t('liveHistory.recording')), playerNote, player),
      h('div', { class: 'counts', 'aria-live': 'polite' },
        stat('progress.targets', c.targets, '', 'live-detail-targets-count'),
        stat('progress.played', c.played, 'play', 'live-detail-played'),
        stat('progress.failed', (c.failed || 0) + (c.expired || 0), 'bad', 'live-detail-failed')),
      h('p', { class: 'meta', id: 'live-detail-lag' }, lag.p50Ms === null || lag.p50Ms === undefined ? t('live.lagNone')
        : t('liveHistory.lagLine', { p50: Math.round(lag.p50Ms), p95: Math.round(lag.p95Ms), max: Math.round(lag.maxMs ?? lag.p95Ms), n: lag.endpoints })),
      h('h2', {}, t('liveHistory.records'), ` (${(s.villages || []).length})`),
      villageTable(s.villages || [], 'live-villages', [{ key: 'liveHistory.villageLag', cls: 'lag',
        cell: (v) => v.endpoints.map((e) => milliseconds(lagOf.get(e.endpointId)?.p95Ms ?? lagOf.get(e.endpointId)?.firstMs)).join(' / ') }]));
  }

  load();
  return () => {
    clearInterval(poll);
    player.pause();
    if (objectUrl) URL.revokeObjectURL(objectUrl);
  };
}
