// 喊话 (live voice): targets within the user's scope, a level (routine announcement or an alert colour),
// then the microphone straight to the speakers. A worker encodes Opus (WebCodecs) into Ogg pages and sends
// each page as one binary WebSocket message to the session's source socket (live-source.js). Push-to-talk (hold the
// button or Space) or open microphone; a level meter, an ON AIR state, a countdown to the time limit,
// the session's progress (counts, lag) and what the browser's capture and encoding add.
import { api } from '../api.js';
import { h, clear, field, showError, clearErrors, toast } from '../dom.js';
import { t, apiMessage } from '../i18n.js';
import { LEVELS } from '../templates.js';
import { targetPicker } from '../targets.js';
import { liveSupported, openMicrophone, startSource } from '../live-source.js';
import { loadLive, liveTable } from '../live-history.js';

const LIVE_LEVELS = ['routine', ...LEVELS];
const DEFAULT_SECONDS = 300;
const ENDED = new Set(['ended']);

export function render(main, ctx) {
  if (!ctx.me.permissions.includes('send_alerts')) {
    main.append(h('p', { class: 'card' }, t('live.noPermission')));
    return null;
  }
  const levels = h('fieldset', { class: 'levels', 'data-field': 'level' }, h('legend', {}, t('live.level')),
    ...LIVE_LEVELS.map((level) => h('label', { class: `level-choice level-${level}` },
      h('input', { type: 'radio', name: 'live-level', value: level, id: `live-level-${level}`, checked: level === 'routine' }),
      t(level === 'routine' ? 'live.routine' : `level.${level}`))));
  const title = h('input', { id: 'live-title', placeholder: t('live.titlePlaceholder') });
  const seconds = h('input', { id: 'live-max', type: 'number', min: 10, max: 3600, value: DEFAULT_SECONDS });
  const modes = h('fieldset', { class: 'live-modes', id: 'live-modes' }, h('legend', {}, t('live.mode')),
    h('label', { class: 'check' }, h('input', { type: 'radio', name: 'live-mode', value: 'ptt', id: 'live-mode-ptt', checked: true }), t('live.modePtt')),
    h('label', { class: 'check' }, h('input', { type: 'radio', name: 'live-mode', value: 'open', id: 'live-mode-open' }), t('live.modeOpen')));
  const targets = h('fieldset', { class: 'targets', 'data-field': 'targets', id: 'live-targets' }, h('legend', {}, t('send.targets')));
  const start = h('button', { type: 'submit', class: 'primary', id: 'live-start' }, t('live.start'));
  const unsupported = h('p', { class: 'field-error', id: 'live-unsupported', role: 'alert', hidden: true }, t('live.unsupported'));
  const form = h('form', { class: 'card live-form', novalidate: true, id: 'live-form' },
    h('h1', {}, t('live.title')),
    h('p', { class: 'note' }, t('live.intro')),
    unsupported,
    h('div', { class: 'grid2' },
      h('div', {}, levels, field(t('live.sessionTitle'), title, 'title'), field(t('live.maxSeconds'), seconds, 'maxSeconds'), modes),
      h('div', {}, targets)),
    h('div', { class: 'actions' }, start));
  const panel = h('section', { class: 'card live-panel', id: 'live-panel', hidden: true, 'aria-labelledby': 'live-panel-title' });
  const recent = h('section', { class: 'card live-recent', id: 'live-recent', 'aria-labelledby': 'live-recent-title' });
  main.append(form, panel, recent);
  showRecent();

  /** The last few sessions of the user's scope, each linked to its page (recording and records); all in history. */
  async function showRecent() {
    let items;
    try { items = await loadLive(); } catch (e) { return; }
    clear(recent).append(h('h2', { id: 'live-recent-title' }, t('liveHistory.recent')),
      items.length ? liveTable(items.slice(0, 5), 'live-recent-list') : h('p', {}, t('history.empty')),
      h('p', {}, h('a', { href: '#/history/live', id: 'live-recent-all' }, t('liveHistory.all'))));
  }

  liveSupported().then((ok) => { if (!ok) { unsupported.hidden = false; start.disabled = true; } });

  let picker = null;
  (async () => {
    try { picker = targetPicker(targets, ctx.me, await api.get('/villages')); } catch (e) { toast(apiMessage(e), 'error'); }
  })();

  const mode = () => form.querySelector('input[name=live-mode]:checked')?.value || 'ptt';
  const level = () => form.querySelector('input[name=live-level]:checked')?.value || 'routine';
  let session = null; // the running session: {data, source, stream, ...}

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (session) return;
    clearErrors(form);
    const chosen = picker ? picker.chosen() : {};
    if (!Object.keys(chosen).length) {
      showError(form, { field: 'targets', messageZh: t('send.chooseTarget'), messageEn: t('send.chooseTarget') });
      return;
    }
    start.disabled = true;
    try {
      const body = { targets: chosen, level: level(), maxSeconds: Number(seconds.value) || 0 };
      if (title.value.trim()) body.title = title.value.trim(); // else the hub's default (现场喊话)
      await open(body);
    } finally {
      start.disabled = !!session;
    }
  });

  /** Microphone first (a refusal opens no session), then the session, then its source socket. */
  async function open(body) {
    let stream;
    try {
      stream = await openMicrophone();
    } catch (e) {
      showError(form, { field: 'targets', messageZh: t('send.recordingNoMicrophone'), messageEn: t('send.recordingNoMicrophone') });
      return;
    }
    let data;
    try {
      data = await api.post('/live', body);
    } catch (error) {
      stream.getTracks().forEach((track) => track.stop());
      showError(form, error);
      return;
    }
    session = { data, stream, source: null, ended: false, poll: null, tick: null, meter: null, openedAt: Date.now(), body };
    lockForm(true);
    drawPanel();
    const current = session;
    try {
      current.source = await startSource(stream, await sourceUrl(data), {
        onClosed: () => { if (!current.ended) finish(t('live.socketClosed')); },
        onError: () => finish(t('live.encoderFailed')),
      });
    } catch (e) {
      await finish(t('live.socketFailed'));
      return;
    }
    if (current.ended) { current.source.stop(); return; }
    session.meter = meter(stream);
    setOn(mode() === 'open');
    session.poll = setInterval(refresh, 1000);
    session.tick = setInterval(countdown, 250);
    refresh();
  }

  /** The source socket's URL, with a single-use ticket as the event stream has (no token in the URL). */
  async function sourceUrl(data) {
    const { ticket } = await api.post('/events/ticket', {});
    const url = new URL(data.wsSourceUrl || `/api/v1/live/${encodeURIComponent(data.id)}/source`, location.href);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('ticket', ticket);
    return url.toString();
  }

  /** Ends the browser's side: last page with end-of-stream, socket closed, then the session stopped. */
  async function finish(reason) {
    const current = session;
    if (!current || current.ended) return;
    current.ended = true;
    setOn(false);
    clearInterval(current.tick);
    if (current.meter) current.meter.close();
    if (current.source) { await current.source.stop(); drawEncode(current.source.stats()); }
    current.stream.getTracks().forEach((track) => track.stop());
    try { await api.post(`/live/${encodeURIComponent(current.data.id)}/stop`, {}); } catch (e) { /* it ended already (409) */ }
    if (reason) toast(reason, 'error');
    await refresh();
    clearInterval(current.poll);
    // a last look a little later: the villages' finished reports come in after the stream ends
    current.poll = setTimeout(refresh, 3000);
    session = null;
    current.done = true;
    showRecent();
    drawState(current);
    lockForm(false);
  }

  /** While a session runs its targets, level and limit are fixed; only the talk mode may change. */
  function lockForm(locked) {
    for (const el of form.querySelectorAll('input, button')) if (!el.closest('#live-modes')) el.disabled = locked;
    if (!locked && picker) picker.set(picker.chosen()); // the whole-county box re-disables the boxes it covers
    if (!unsupported.hidden) start.disabled = true;
  }

  let shown = null; // the session the panel shows (kept after it ended)

  function drawPanel() {
    shown = session;
    const talk = h('button', { type: 'button', class: 'live-talk', id: 'live-talk', 'aria-pressed': 'false', 'aria-describedby': 'live-talk-hint' },
      t('live.holdToTalk'));
    const stop = h('button', { type: 'button', class: 'danger', id: 'live-stop' }, t('live.stop'));
    clear(panel).append(
      h('div', { class: 'title-row' }, h('h2', { id: 'live-panel-title' }, t('live.sessionHeading', { title: session.data.title || t('live.defaultTitle') })),
        h('span', { class: 'live-countdown', id: 'live-countdown', role: 'timer', 'aria-live': 'off' }, '')),
      h('p', { class: 'live-onair', id: 'live-onair', role: 'status', 'aria-live': 'polite' }, t('live.connecting')),
      h('div', { class: 'live-meter', role: 'img', 'aria-label': t('live.meter'), id: 'live-meter' }, h('span', { id: 'live-meter-fill' })),
      h('div', { class: 'actions live-actions' }, talk, stop),
      h('p', { class: 'note', id: 'live-talk-hint' }, t('live.talkHint')),
      h('div', { class: 'counts', id: 'live-counts' }),
      h('p', { id: 'live-lag', class: 'meta' }, ''),
      h('p', { id: 'live-encode', class: 'meta' }, ''));
    panel.hidden = false;
    panel.dataset.session = session.data.id;
    const press = (on) => { if (session && !session.ended && mode() === 'ptt') setOn(on); };
    talk.addEventListener('pointerdown', (e) => { talk.setPointerCapture?.(e.pointerId); press(true); });
    for (const type of ['pointerup', 'pointercancel', 'lostpointercapture']) talk.addEventListener(type, () => press(false));
    talk.addEventListener('click', (e) => e.preventDefault());
    stop.addEventListener('click', () => finish(null));
    panel.scrollIntoView?.({ block: 'nearest' });
    talk.focus({ preventScroll: true });
    drawState(session);
  }

  function setOn(on) {
    if (!session) return;
    if (session.source) session.source.setOn(on);
    session.on = on;
    drawState(session);
  }

  function drawState(s) {
    if (!s || s !== shown) return;
    const onair = panel.querySelector('#live-onair');
    const talk = panel.querySelector('#live-talk');
    const stop = panel.querySelector('#live-stop');
    const live = !!s.source && !s.ended;
    onair.className = `live-onair ${live && s.on ? 'on' : ''}`;
    onair.textContent = s.done ? t('live.ended') : !live ? t('live.connecting') : s.on ? t('live.onAir') : t('live.standingBy');
    panel.classList.toggle('on-air', live && !!s.on);
    talk.hidden = mode() !== 'ptt' || s.done;
    talk.disabled = !live;
    talk.setAttribute('aria-pressed', String(live && !!s.on));
    talk.textContent = live && s.on ? t('live.talking') : t('live.holdToTalk');
    stop.disabled = s.ended;
  }

  function countdown() {
    const s = session;
    if (!s) return;
    const limit = s.data.maxSeconds || s.body.maxSeconds || DEFAULT_SECONDS;
    const endsAt = s.data.expiresAt ? Date.parse(s.data.expiresAt) : s.openedAt + limit * 1000;
    const left = Math.max(0, Math.ceil((endsAt - Date.now()) / 1000));
    const box = panel.querySelector('#live-countdown');
    box.textContent = t('live.left', { time: `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}` });
    box.classList.toggle('low', left <= 30);
    if (left === 0) finish(t('live.limitReached'));
    if (s.source) drawEncode(s.source.stats());
  }

  function drawEncode(stats) {
    const box = panel.querySelector('#live-encode');
    if (!box || stats.p50Ms === null) return;
    box.dataset.p50 = stats.p50Ms.toFixed(1);
    box.dataset.p95 = stats.p95Ms.toFixed(1);
    box.dataset.arrivalP50 = stats.arrivalP50Ms.toFixed(1);
    box.dataset.arrivalP95 = stats.arrivalP95Ms.toFixed(1);
    box.dataset.seconds = stats.seconds.toFixed(2);
    box.dataset.pages = stats.pages;
    box.dataset.droppedMs = Math.round(stats.droppedMs);
    box.textContent = t('live.encodeLatency', { p50: Math.round(stats.p50Ms), p95: Math.round(stats.p95Ms), kb: Math.round(stats.bytes / 1024) });
  }

  async function refresh() {
    const s = shown;
    if (!s) return;
    let data;
    try { data = await api.get(`/live/${encodeURIComponent(s.data.id)}`); } catch (e) { return; }
    s.data = { ...s.data, ...data };
    if (s !== shown) return;
    const c = data.counts || {};
    const stat = (key, value, cls, id) => h('div', { class: `count ${cls}` }, h('b', { id }, value ?? 0), t(key));
    clear(panel.querySelector('#live-counts')).append(
      stat('progress.targets', c.targets, '', 'live-count-targets'),
      stat('progress.received', (c.received || 0) + (c.playing || 0) + (c.played || 0), 'ok', 'live-count-received'),
      stat('live.playing', c.playing, 'play', 'live-count-playing'),
      stat('live.finished', c.played, 'ok', 'live-count-finished'),
      stat('progress.failed', (c.failed || 0) + (c.expired || 0), 'bad', 'live-count-failed'));
    const lag = data.lag || {};
    panel.querySelector('#live-lag').textContent = lag.p50Ms === undefined || lag.p50Ms === null ? t('live.lagNone')
      : t('live.lag', { p50: Math.round(lag.p50Ms), p95: Math.round(lag.p95Ms), max: Math.round(lag.maxMs ?? lag.p95Ms) });
    const state = panel.querySelector('#live-state') || h('span', { class: 'alert-state', id: 'live-state' });
    const reason = data.endReason && t(`liveEnd.${data.endReason}`) !== `liveEnd.${data.endReason}` ? `（${t(`liveEnd.${data.endReason}`)}）` : '';
    state.textContent = `${t(`liveState.${data.state}`) === `liveState.${data.state}` ? data.state : t(`liveState.${data.state}`)}${reason}`;
    state.className = `alert-state ${data.state === 'ended' ? 'completed' : 'active'}`;
    panel.querySelector('.title-row').append(state);
    if (ENDED.has(data.state) && session === s && !s.ended) finish(t('live.endedByHub'));
  }

  /** A level meter from an AnalyserNode on the microphone: what the operator's voice looks like, pressed or not. */
  function meter(stream) {
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    analyser.fftSize = 1024;
    context.createMediaStreamSource(stream).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    const fill = panel.querySelector('#live-meter-fill');
    const box = panel.querySelector('#live-meter');
    let frame = null;
    const draw = () => {
      analyser.getFloatTimeDomainData(samples);
      let peak = 0;
      for (const v of samples) peak = Math.max(peak, Math.abs(v));
      const db = peak > 0 ? 20 * Math.log10(peak) : -60;
      const pct = Math.max(0, Math.min(100, ((db + 60) / 60) * 100));
      fill.style.width = `${pct}%`; // CSSOM: the page's CSP allows no inline style attributes
      fill.className = pct > 90 ? 'hot' : pct > 70 ? 'loud' : '';
      box.dataset.level = pct.toFixed(0);
      frame = requestAnimationFrame(draw);
    };
    draw();
    return { close() { cancelAnimationFrame(frame); context.close().catch(() => {}); } };
  }

  // hold Space to talk, anywhere on the screen but in a text field
  const typing = (el) => el && (el.matches('input:not([type=radio]):not([type=checkbox]), textarea, select') || el.isContentEditable);
  const keydown = (e) => {
    if (e.code !== 'Space' || !session || session.ended || mode() !== 'ptt' || typing(e.target)) return;
    e.preventDefault();
    if (!e.repeat) setOn(true);
  };
  const keyup = (e) => {
    if (e.code !== 'Space' || !session || mode() !== 'ptt' || typing(e.target)) return;
    e.preventDefault();
    setOn(false);
  };
  const modeChange = () => { if (session && !session.ended) setOn(mode() === 'open'); };
  modes.addEventListener('change', modeChange);
  document.addEventListener('keydown', keydown);
  document.addEventListener('keyup', keyup);
  const unload = () => { if (session) finish(null); };
  window.addEventListener('pagehide', unload);

  return () => {
    document.removeEventListener('keydown', keydown);
    document.removeEventListener('keyup', keyup);
    window.removeEventListener('pagehide', unload);
    if (session) finish(null);
    if (shown) clearTimeout(shown.poll);
  };
}
