// Overview: every village of the user's scope with live state, grouped by township, as a map and a list.
import { api, events } from '../api.js';
import { h, clear, time, toast } from '../dom.js';
import { t, apiMessage } from '../i18n.js';
import { drawMap } from './county-map.js';
import { volumePanel } from './volume-panel.js';
import { playingText } from '../titles.js';
import { callButtons } from '../contacts.js';

/** How long a play learnt from a delivery event outlives a heartbeat that says nothing plays (heartbeats lag). */
const DELIVERY_TRUST_MS = 90_000;

/** A village's state from its endpoints: online, partial, stale (none online, some silent), offline, or never. */
export function villageState(village) {
  const on = village.endpoints.filter((e) => e.online).length;
  if (on === village.endpoints.length && on > 0) return 'online';
  if (on > 0) return 'partial';
  if (village.endpoints.some((e) => e.state === 'stale')) return 'stale';
  return village.endpoints.every((e) => !e.lastSeen) ? 'never' : 'offline';
}

export function render(main, ctx) {
  let data = null;
  let mode = sessionStorage.getItem('dalaba.overview') || 'map';
  let filter = '';
  let updateMap = () => {};
  let redrawTimer = null;
  const endpointIndex = new Map();

  const counts = h('div', { class: 'counts', id: 'overview-counts', 'aria-live': 'polite' });
  const live = h('span', { class: 'live-dot', title: t('common.live') });
  const mapButton = h('button', { type: 'button', id: 'show-map' }, t('overview.map'));
  const listButton = h('button', { type: 'button', id: 'show-list' }, t('overview.list'));
  const search = h('input', { type: 'search', id: 'village-filter', placeholder: t('overview.filter'), 'aria-label': t('overview.filter') });
  const body = h('div', { class: 'overview-body' });
  const mapBox = h('div', { class: 'map-box', id: 'county-map' });
  const detail = h('aside', { class: 'card village-detail', id: 'village-detail', 'aria-live': 'polite' },
    h('p', { class: 'note' }, t('overview.pick')));
  main.append(h('section', { class: 'overview' },
    h('div', { class: 'title-row' }, h('h1', {}, t('overview.title'), ' ', live),
      h('div', { class: 'toggle', role: 'group' }, mapButton, listButton), search),
    counts, body));

  const villages = () => data.townships.flatMap((tw) => tw.villages.map((v) => ({ ...v, townshipId: tw.id,
    townshipName: tw.name, state: villageState(v), playing: v.endpoints.find((e) => e.playing)?.playing || null })));

  function renderCounts() {
    const all = villages();
    const endpoints = all.flatMap((v) => v.endpoints);
    const online = endpoints.filter((e) => e.online).length;
    const stale = endpoints.filter((e) => e.state === 'stale').length;
    const playing = endpoints.filter((e) => e.playing).length;
    clear(counts).append(
      h('div', { class: 'count' }, h('b', { id: 'count-villages' }, all.length), t('overview.villages')),
      h('div', { class: 'count' }, h('b', { id: 'count-endpoints' }, endpoints.length), t('overview.endpoints')),
      h('div', { class: 'count ok' }, h('b', { id: 'count-online' }, online), t('overview.online')),
      h('div', { class: 'count partial' }, h('b', { id: 'count-stale' }, stale), t('overview.stale')),
      h('div', { class: 'count bad' }, h('b', { id: 'count-offline' }, endpoints.length - online - stale), t('overview.offline')),
      h('div', { class: 'count play' }, h('b', { id: 'count-playing' }, playing), t('overview.playing')));
  }

  function showDetail(id) {
    const v = villages().find((x) => x.id === id);
    if (!v) return;
    clear(detail).append(h('h2', {}, v.name), h('p', {}, `${v.townshipName} · ${v.id}`),
      h('p', {}, h('span', { class: `state ${v.state}` }, t(`state.${v.state}`))),
      h('p', {}, `${t('overview.contact')}：${v.contact?.name || '—'} ${v.contact?.phone || ''}`),
      h('div', { class: 'village-calls' }, callButtons(v)),
      ...v.endpoints.map((e) => h('p', { class: 'endpoint', 'data-endpoint': e.id }, `${e.id}：`,
        h('span', { class: `state ${e.state || (e.online ? 'online' : 'offline')}` }, t(`state.${e.state || (e.online ? 'online' : 'offline')}`)), ' ',
        e.online ? `${t('overview.lastSeen')} ${time(e.lastSeen, false)}` : `${t('overview.since')} ${time(e.since)}`,
        e.volume !== null && e.volume !== undefined ? ` · ${t('overview.volume')} ${e.volume}` : '',
        e.playing ? ` · ${t('overview.nowPlaying')} ${playingText(e.playing, t('overview.playingSomething'), () => showDetail(id))}` : '')));
  }

  function pick(id) {
    showDetail(id);
    // on a phone the card sits below the map: bring it into view, or the tap seems to do nothing
    if (window.matchMedia('(max-width: 760px)').matches) detail.scrollIntoView({ block: 'start', behavior: 'instant' });
  }

  function renderList() {
    const wanted = filter.trim();
    const box = h('div', { class: 'village-list', id: 'village-list' });
    for (const tw of data.townships) {
      const shown = tw.villages.filter((v) => !wanted || v.name.includes(wanted) || v.id.includes(wanted));
      if (!shown.length) continue;
      const online = tw.villages.filter((v) => villageState(v) === 'online').length;
      const rows = shown.map((v) => {
        const state = villageState(v);
        const first = v.endpoints[0] || {};
        const playing = v.endpoints.find((e) => e.playing)?.playing;
        return h('tr', { 'data-village': v.id, class: state },
          h('th', { scope: 'row' }, v.name),
          h('td', {}, h('span', { class: `state ${state}` }, t(`state.${state}`))),
          h('td', {}, state === 'online' ? time(first.lastSeen, false) : time(first.since)),
          h('td', {}, playing ? playingText(playing, t('overview.playingSomething'), scheduleRedraw) : '—'),
          h('td', {}, [...new Set(v.endpoints.map((e) => e.volume).filter((x) => x !== null && x !== undefined))].join(' / ') || '—'),
          h('td', {}, v.contact?.name || '', ' ', v.contact?.phone ? h('a', { href: `tel:${v.contact.phone}` }, v.contact.phone) : ''));
      });
      box.append(h('section', { class: 'township', 'data-township': tw.id },
        h('h2', {}, tw.name, h('small', {}, ` ${online}/${tw.villages.length} ${t('overview.online')}`)),
        h('div', { class: 'table-wrap' }, h('table', {},
          h('thead', {}, h('tr', {}, ...['overview.village', 'overview.state', 'overview.lastSeen', 'overview.nowPlaying',
            'overview.volume', 'overview.contact'].map((k) => h('th', { scope: 'col' }, t(k))))),
          h('tbody', {}, rows)))));
    }
    return box;
  }

  async function renderBody() {
    mapButton.setAttribute('aria-pressed', String(mode === 'map'));
    listButton.setAttribute('aria-pressed', String(mode === 'list'));
    if (mode === 'map') {
      const wanted = filter.trim();
      const shown = villages().filter((v) => !wanted || v.name.includes(wanted));
      clear(body).append(h('div', { class: 'map-layout' }, h('div', {}, mapBox, h('p', { class: 'note' }, t('overview.mapNote'))), detail));
      updateMap = await drawMap(mapBox, data.county.id, new Set(data.townships.map((tw) => tw.id)), shown, pick);
    } else {
      updateMap = () => {};
      clear(body).append(renderList());
    }
  }

  function scheduleRedraw() {
    if (redrawTimer) return;
    redrawTimer = setTimeout(() => {
      redrawTimer = null;
      renderCounts();
      if (mode === 'map') updateMap(villages()); else { const list = renderList(); body.replaceChildren(list); }
    }, 300); // many status events arrive together when a township comes back; draw once
  }

  mapButton.addEventListener('click', () => { mode = 'map'; sessionStorage.setItem('dalaba.overview', mode); renderBody(); });
  listButton.addEventListener('click', () => { mode = 'list'; sessionStorage.setItem('dalaba.overview', mode); renderBody(); });
  search.addEventListener('input', () => { filter = search.value; renderBody(); });

  let closeEvents = () => {};
  let volume = null;
  (async () => {
    try {
      data = await api.get('/villages');
    } catch (error) {
      toast(apiMessage(error), 'error');
      return;
    }
    for (const tw of data.townships) for (const v of tw.villages) for (const e of v.endpoints) endpointIndex.set(e.id, e);
    renderCounts();
    if (ctx.me.permissions.includes('send_alerts')) {
      volume = volumePanel(ctx.me, data);
      main.querySelector('.overview').append(volume.element);
    }
    await renderBody();
    closeEvents = events((event) => {
      const endpoint = endpointIndex.get(event.endpointId);
      if (!endpoint) return;
      if (event.type === 'delivery') {
        // what plays comes from the delivery events as they happen, not from the next heartbeat a minute later
        const command = event.alertId || event.fireId;
        if (event.state === 'playing' && !event.preempted) {
          Object.assign(endpoint, { playing: command, playingSeenAt: Date.now() });
        } else if (endpoint.playing === command) {
          Object.assign(endpoint, { playing: null, playingSeenAt: Date.now() });
        }
        scheduleRedraw();
        return;
      }
      if (event.type !== 'endpoint.status') return;
      const trustDelivery = Date.now() - (endpoint.playingSeenAt || 0) < DELIVERY_TRUST_MS;
      Object.assign(endpoint, { online: event.online, state: event.state, since: event.since, lastSeen: event.lastSeen,
        playing: event.playing ?? (trustDelivery ? endpoint.playing : null), volume: event.volume ?? endpoint.volume });
      if (!event.online) endpoint.playing = null;
      scheduleRedraw();
    }, (up) => live.classList.toggle('up', up));
  })();
  return () => { closeEvents(); clearTimeout(redrawTimer); volume?.close(); };
}
