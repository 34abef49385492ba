// The duty-room wall screen (值班大屏) for the county command centre: the map across most of the
// screen, the active alerts with their coverage, the villages that need a call, and the day's routine
// programme, in large type, redrawn from live events and refreshed every 30 s.
import { api, events } from '../api.js';
import { h, clear, time, today, levelBadge, alertMarks } from '../dom.js';
import { t } from '../i18n.js';
import { drawMap } from './county-map.js';
import { villageState } from './overview.js';
import { liveIndex, ranked, summaryLine, allFinal } from '../reach.js';
import { contactsOf } from '../contacts.js';

const REFRESH_MS = 30_000;

export function render(main) {
  const clockEl = h('span', { class: 'wall-clock', id: 'wall-clock' });
  const mapBox = h('div', { class: 'map-box wall-map', id: 'wall-map' });
  const alertsBox = h('section', { class: 'wall-panel', id: 'wall-alerts' }, h('h2', {}, t('wall.alerts')));
  const callBox = h('section', { class: 'wall-panel', id: 'wall-calls' }, h('h2', {}, t('wall.calls')));
  const routineBox = h('section', { class: 'wall-panel', id: 'wall-routine' }, h('h2', {}, t('wall.routine')));
  const full = h('button', { type: 'button', id: 'wall-fullscreen', class: 'link' }, t('wall.fullscreen'));
  full.addEventListener('click', () => document.documentElement.requestFullscreen?.().catch(() => {}));
  main.append(h('section', { class: 'wall', id: 'wall' },
    h('div', { class: 'wall-head' }, h('h1', {}, t('wall.title')), clockEl, h('span', { class: 'wall-updated', id: 'wall-updated' }), full),
    h('div', { class: 'wall-body' }, mapBox, h('div', { class: 'wall-side' }, alertsBox, callBox, routineBox))));

  let directory = null;
  let updateMap = null;
  let redraw = null;
  const villagesOf = () => directory.townships.flatMap((tw) => tw.villages.map((v) => ({ ...v, townshipName: tw.name,
    state: villageState(v), playing: v.endpoints.find((e) => e.playing)?.playing || null })));

  async function refresh() {
    let alerts;
    let upcoming;
    try {
      [directory, alerts, upcoming] = await Promise.all([api.get('/villages'), api.get(`/alerts?limit=50&from=${today(-7)}`),
        api.get(`/schedules/upcoming?from=${today()}&to=${today()}`).catch(() => ({ fires: [] }))]);
    } catch (e) {
      return; // the banner says the hub is lost; the last picture stays, marked as stale
    }
    const live = liveIndex(directory);
    const active = alerts.alerts.filter((a) => a.state === 'active');
    const details = await Promise.all(active.map((a) => api.get(`/alerts/${encodeURIComponent(a.id)}`).catch(() => null)));
    const open = details.filter((a) => a && !allFinal(a.villages));
    drawAlerts(open, live);
    drawRoutine(upcoming.fires);
    if (!updateMap) updateMap = await drawMap(mapBox, directory.county.id, new Set(directory.townships.map((tw) => tw.id)), villagesOf(), () => {});
    else updateMap(villagesOf());
    clear(document.getElementById('wall-updated')).append(t('wall.updated', { time: time(new Date().toISOString(), false) }));
  }

  function drawAlerts(open, live) {
    clear(alertsBox).append(h('h2', {}, t('wall.alerts'), ` (${open.length})`));
    const calls = [];
    if (!open.length) alertsBox.append(h('p', { class: 'wall-quiet' }, t('wall.noAlerts')));
    for (const a of open) {
      const villages = ranked(a.villages, live);
      villages.filter((v) => v.standing.kind === 'unreachable').forEach((v) => calls.push({ ...v, alertTitle: a.title }));
      const played = a.counts.played;
      alertsBox.append(h('div', { class: 'wall-alert', 'data-alert': a.id },
        h('p', { class: 'wall-alert-title' }, levelBadge(a.level), ...alertMarks(a), ' ', h('a', { href: `#/alerts/${a.id}` }, a.title)),
        h('p', { class: 'wall-coverage' }, `${played}/${a.counts.targets} ${t('wall.endpointsPlayed')} · ${summaryLine(a.state, villages)}`)));
    }
    clear(callBox).append(h('h2', {}, t('wall.calls'), ` (${calls.length})`));
    if (!calls.length) { callBox.append(h('p', { class: 'wall-quiet' }, t('wall.noCalls'))); return; }
    callBox.append(h('ul', { class: 'wall-call-list' }, calls.slice(0, 12).map((v) => h('li', { 'data-village': v.villageId },
      h('b', {}, v.villageName), ` ${v.townshipName || ''} · ${v.standing.text}`,
      h('span', { class: 'wall-phone' }, contactsOf(v).map((c) => `${c.name} ${c.phone}`).join(' / ') || '—')))),
    calls.length > 12 ? h('p', {}, t('wall.moreCalls', { n: calls.length - 12 })) : '');
  }

  function drawRoutine(fires) {
    clear(routineBox).append(h('h2', {}, t('wall.routine')));
    if (!fires.length) { routineBox.append(h('p', { class: 'wall-quiet' }, t('wall.noRoutine'))); return; }
    const now = Date.now();
    routineBox.append(h('ol', { class: 'wall-routine-list' }, fires.map((f) => h('li', { class: f.epochMs < now ? 'past' : '' },
      h('b', {}, time(f.at, false).slice(0, 5)), ` ${f.scheduleName}`))));
  }

  const tick = () => { clockEl.textContent = time(new Date().toISOString(), false); };
  tick();
  const clockTimer = setInterval(tick, 1000);
  const timer = setInterval(refresh, REFRESH_MS);
  const close = events(() => { if (!redraw) redraw = setTimeout(() => { redraw = null; refresh(); }, 3000); });
  refresh();
  return () => { clearInterval(timer); clearInterval(clockTimer); clearTimeout(redraw); close(); };
}
