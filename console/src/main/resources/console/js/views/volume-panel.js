// Setting the speakers' own volume for a village, a township or the whole county of the user's scope, and
// following each endpoint's confirmation. Lives beside the overview's list and map, which redraw often.
import { api } from '../api.js';
import { h, clear, showError, clearErrors, field } from '../dom.js';
import { t, apiMessage } from '../i18n.js';

const POLL_MS = 1000;
const POLL_FOR_MS = 120000;

/** The target choices the scope allows: the county, its townships, their villages. */
function options(me, directory) {
  const list = [];
  if (me.scope.kind === 'county') list.push(h('option', { value: 'all' }, t('volume.wholeCounty')));
  for (const tw of directory.townships) {
    const group = h('optgroup', { label: tw.name });
    if (me.scope.kind !== 'village') group.append(h('option', { value: `township:${tw.id}` }, `${tw.name}（${t('volume.wholeTownship')}）`));
    for (const v of tw.villages) group.append(h('option', { value: `village:${v.id}` }, v.name));
    list.push(group);
  }
  return list;
}

function targetsOf(value) {
  if (value === 'all') return { all: true };
  const [kind, id] = value.split(':');
  return kind === 'township' ? { townships: [id] } : { villages: [id] };
}

/** Returns {element, close()}; the element is the panel, close() stops following a change. */
export function volumePanel(me, directory) {
  let timer = null;
  const target = h('select', { id: 'volume-target' }, ...options(me, directory));
  const volume = h('input', { type: 'number', id: 'volume-value', min: '0', max: '100', step: '1', value: '70', required: true });
  const result = h('div', { id: 'volume-result', 'aria-live': 'polite' });
  const form = h('form', { class: 'volume-form', id: 'volume-form' },
    field(t('volume.target'), target, 'targets'), field(t('volume.value'), volume, 'volume'),
    h('button', { type: 'submit', id: 'volume-set' }, t('volume.set')));

  function show(change) {
    const c = change.counts;
    const endpoints = change.villages.flatMap((v) => v.endpoints.map((e) => ({ ...e, villageName: v.villageName })));
    clear(result).append(
      h('p', { id: 'volume-summary' }, t('volume.summary', { volume: change.volume, played: c.played, targets: c.targets,
        pending: c.pending + c.received + c.playing, failed: c.failed + c.expired + c.cancelled })),
      h('div', { class: 'table-wrap' }, h('table', { id: 'volume-endpoints' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('overview.village')), h('th', { scope: 'col' }, t('volume.endpoint')),
          h('th', { scope: 'col' }, t('overview.state')))),
        h('tbody', {}, ...endpoints.map((e) => h('tr', { 'data-endpoint': e.endpointId, 'data-state': e.state },
          h('td', {}, e.villageName || ''), h('td', {}, e.endpointId),
          h('td', {}, h('span', { class: `delivery ${e.state}` }, e.state === 'played' ? t('volume.applied') : t(`delivery.${e.state}`)))))))));
  }

  async function follow(id, until) {
    try {
      const change = await api.get(`/volume/${id}`);
      show(change);
      if (change.state === 'active' && Date.now() < until) timer = setTimeout(() => follow(id, until), POLL_MS);
    } catch (error) {
      clear(result).append(h('p', { class: 'error' }, apiMessage(error)));
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    clearTimeout(timer);
    try {
      const created = await api.post('/volume', { targets: targetsOf(target.value), volume: Number(volume.value) });
      follow(created.id, Date.now() + POLL_FOR_MS);
    } catch (error) {
      showError(form, error);
    }
  });

  const element = h('section', { class: 'card volume-panel', id: 'volume-panel' }, h('h2', {}, t('volume.title')),
    h('p', { class: 'note' }, t('volume.note')), form, result);
  return { element, close: () => clearTimeout(timer) };
}
