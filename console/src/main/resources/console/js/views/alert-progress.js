// One alert's live progress: targets / received / played / failed, the villages that have not confirmed
// (with their contact, to phone), CSV exports, and cancel.
import { api, events, download } from '../api.js';
import { h, clear, time, toast, levelBadge } from '../dom.js';
import { t, apiMessage } from '../i18n.js';

const UNCONFIRMED = new Set(['pending', 'received', 'playing', 'failed', 'expired']);

export function render(main, ctx, id) {
  const box = h('section', { class: 'progress-view', id: 'alert-progress' }, h('p', {}, t('common.loading')));
  main.append(box);
  let refetchTimer = null;
  let alert = null;

  async function load() {
    try {
      alert = await api.get(`/alerts/${encodeURIComponent(id)}`);
    } catch (error) {
      clear(box).append(h('p', { class: 'card field-error' }, apiMessage(error)));
      return;
    }
    draw();
  }

  function draw() {
    const c = alert.counts;
    const received = c.received + c.playing + c.played;
    const failed = c.failed + c.expired;
    const pct = (n) => (c.targets ? Math.round((100 * n) / c.targets) : 0);
    const unconfirmed = alert.villages.filter((v) => UNCONFIRMED.has(v.state));
    const canCancel = alert.state === 'active' && ctx.me.permissions.includes('send_alerts');
    const cancel = h('button', { type: 'button', class: 'danger', id: 'alert-cancel', hidden: !canCancel }, t('progress.cancel'));
    cancel.addEventListener('click', async () => {
      if (!window.confirm(t('progress.cancelConfirm'))) return;
      try { alert = { ...alert, ...(await api.post(`/alerts/${id}/cancel`)) }; toast(t('progress.cancelled')); load(); } catch (e) { toast(apiMessage(e), 'error'); }
    });
    const exportAll = h('button', { type: 'button', id: 'export-villages' }, t('progress.exportAll'));
    exportAll.addEventListener('click', () => download(`/alerts/${id}/villages.csv`, `${id}-villages.csv`).catch((e) => toast(apiMessage(e), 'error')));
    const exportUnconfirmed = h('button', { type: 'button', id: 'export-unconfirmed' }, t('progress.exportUnconfirmed'));
    exportUnconfirmed.addEventListener('click', () => download(`/alerts/${id}/villages.csv?unconfirmed=true`, `${id}-unconfirmed.csv`)
      .catch((e) => toast(apiMessage(e), 'error')));
    const stat = (key, value, cls, elementId) => {
      const fill = h('span');
      fill.style.width = `${pct(value)}%`; // CSSOM, not a style attribute: the page's CSP allows no inline styles
      return h('div', { class: `count ${cls}` }, h('b', { id: elementId }, value), t(key), h('div', { class: 'bar' }, fill));
    };
    clear(box).append(
      h('div', { class: 'title-row' }, h('h1', {}, t('progress.title'), ' ', levelBadge(alert.level)),
        h('span', { class: `alert-state ${alert.state}`, id: 'alert-state' }, t(`alertState.${alert.state}`))),
      h('p', { class: 'alert-text', lang: 'zh-CN' }, h('b', {}, alert.title), ' ', alert.text),
      h('p', { class: 'meta' }, `${t('progress.createdBy')} ${alert.createdBy} · ${time(alert.createdAt)} · ${t('progress.expiresAt')} ${time(alert.expiresAt)}`),
      h('div', { class: 'counts', 'aria-live': 'polite' },
        stat('progress.targets', c.targets, '', 'progress-targets'),
        stat('progress.received', received, 'ok', 'progress-received'),
        stat('progress.played', c.played, 'play', 'progress-played'),
        stat('progress.failed', failed, 'bad', 'progress-failed')),
      h('div', { class: 'actions' }, exportUnconfirmed, exportAll, cancel),
      h('h2', {}, t('progress.unconfirmed'), ` (${unconfirmed.length})`),
      unconfirmed.length ? villageTable(unconfirmed, 'unconfirmed-villages') : h('p', { class: 'ok-note', id: 'all-confirmed' }, t('progress.allConfirmed')),
      h('details', {}, h('summary', {}, t('progress.allVillages'), ` (${alert.villages.length})`), villageTable(alert.villages, 'all-villages')));
  }

  const close = events((event) => {
    if (event.alertId !== id) return;
    if (refetchTimer) return;
    refetchTimer = setTimeout(() => { refetchTimer = null; load(); }, 400); // receipts arrive in bursts
  });
  load();
  // events can slip by while the stream (re)connects: look again now and then while the alert is open
  const poll = setInterval(() => { if (alert && alert.state === 'active') load(); }, 5000);
  return () => { close(); clearTimeout(refetchTimer); clearInterval(poll); };
}

/** A receipt reason in words where the console knows it (NO_PLAYABLE_FORMAT…), else its code. */
function reasonText(reason) {
  const text = t(`reason.${reason}`);
  return text === `reason.${reason}` ? reason : text;
}

/** One row per village: township, village, delivery state, contact (to phone), when it was received. */
export function villageTable(villages, tableId) {
  return h('div', { class: 'table-wrap' }, h('table', { id: tableId },
    h('thead', {}, h('tr', {}, ...['history.township', 'overview.village', 'overview.state', 'overview.contact', 'progress.received']
      .map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, villages.map((v) => h('tr', { 'data-village': v.villageId },
      h('td', {}, v.townshipName), h('th', { scope: 'row' }, v.villageName),
      h('td', {}, h('span', { class: `delivery ${v.state}` }, t(`delivery.${v.state}`)), v.reason ? h('span', { class: 'reason', title: v.reason }, ` (${reasonText(v.reason)})`) : ''),
      h('td', {}, v.contact?.name || '', ' ', v.contact?.phone ? h('a', { href: `tel:${v.contact.phone}` }, v.contact.phone) : ''),
      h('td', {}, time(v.receivedAt, false)))))));
}
