// One alert as an incident: a one-line summary ("可达的 13 村已播完 · 2 村联系不上"), the villages that
// need a call first with the reason and call buttons, played over time, CSV exports, and cancel (offered
// only when the hub says this user may). Live from delivery and endpoint status events.
import { api, events, download } from '../api.js';
import { h, clear, time, toast, levelBadge, alertMarks } from '../dom.js';
import { t, apiMessage } from '../i18n.js';
import { liveIndex, ranked, summaryLine, allFinal } from '../reach.js';
import { callButtons } from '../contacts.js';
import { playedOverTime } from '../timeline.js';
import { escalationPanel } from '../escalation.js';
import { loadAlertCoverage, loadTimeline } from '../coverage.js';

/** Delivery states of a village still owed the alert: a re-send can reach it. */
const OWED = new Set(['pending', 'received', 'playing']);

export function render(main, ctx, id) {
  const box = h('section', { class: 'progress-view', id: 'alert-progress' }, h('p', {}, t('common.loading')));
  main.append(box);
  let refetchTimer = null;
  let alert = null;
  let live = new Map();
  let focused = false;
  const escalation = escalationPanel(id);
  // coverage and the timeline are loaded beside the alert and kept across redraws (coverage.js)
  const coverageBox = h('section', { id: 'alert-coverage-section' });
  const timelineBox = h('section', { id: 'alert-timeline-section' });

  async function load() {
    try {
      const [found, directory] = await Promise.all([api.get(`/alerts/${encodeURIComponent(id)}`), api.get('/villages')]);
      alert = found;
      live = liveIndex(directory);
      escalation.load();
    } catch (error) {
      if (!alert) clear(box).append(h('p', { class: 'card field-error' }, apiMessage(error)));
      return;
    }
    draw();
    loadTimeline(timelineBox, id);
    loadAlertCoverage(coverageBox, id);
  }

  function draw() {
    // a redraw replaces the elements: the focus goes back to the one of the same id (or the heading)
    const focusedId = box.contains(document.activeElement) ? document.activeElement.id || 'progress-heading' : null;
    const c = alert.counts;
    const received = c.received + c.playing + c.played;
    const failed = c.failed + c.expired;
    const pct = (n) => (c.targets ? Math.round((100 * n) / c.targets) : 0);
    const villages = ranked(alert.villages, live);
    const ended = alert.state === 'active' && allFinal(alert.villages);
    const shownState = ended ? 'completed' : alert.state;
    const needCall = villages.filter((v) => v.standing.kind === 'unreachable');
    const waiting = villages.filter((v) => v.standing.kind === 'waiting' || v.standing.kind === 'playing');
    const cancel = h('button', { type: 'button', class: 'danger', id: 'alert-cancel', hidden: !alert.mayCancel || ended }, t('progress.cancel'));
    cancel.addEventListener('click', async () => {
      if (!window.confirm(t('progress.cancelConfirm'))) return;
      try { await api.post(`/alerts/${id}/cancel`); toast(t('progress.cancelled')); load(); } catch (e) { toast(apiMessage(e), 'error'); }
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
    const title = h('h1', { tabindex: -1, id: 'progress-heading' }, t('progress.title'), ' ', levelBadge(alert.level), ...alertMarks(alert));
    let closing;
    if (alert.state === 'cancelled') {
      closing = h('p', { class: 'note', id: 'alert-cancelled-note' }, t('progress.cancelledNote', { by: alert.endedBy || '—', at: time(alert.endedAt) }));
    } else if (!needCall.length && !waiting.length) {
      closing = h('p', { class: 'ok-note', id: 'all-confirmed' }, t('progress.allConfirmed'));
    }
    box.classList.toggle('is-exercise', !!alert.exercise);
    clear(box).append(
      h('div', { class: 'title-row' }, title,
        h('span', { class: `alert-state ${shownState}`, id: 'alert-state' }, t(`alertState.${shownState}`))),
      h('p', { class: `summary-line ${needCall.length ? 'bad' : ''}`, id: 'incident-summary', 'aria-live': 'polite' },
        summaryLine(alert.state, villages)),
      approvalNote(alert),
      h('p', { class: 'alert-text', lang: 'zh-CN' }, h('b', {}, alert.title), ' ', alert.text),
      h('p', { class: 'meta' }, `${t('progress.createdBy')} ${alert.createdBy} · ${time(alert.createdAt)} · ${t('progress.expiresAt')} ${time(alert.expiresAt)}`),
      h('div', { class: 'counts' },
        stat('progress.targets', c.targets, '', 'progress-targets'),
        stat('progress.received', received, 'ok', 'progress-received'),
        stat('progress.played', c.played, 'play', 'progress-played'),
        stat('progress.failed', failed, 'bad', 'progress-failed')),
      h('div', { class: 'actions' }, exportUnconfirmed, exportAll, cancel),
      needCall.length ? h('section', { class: 'need-call', id: 'need-call' },
        h('h2', {}, t('progress.needCall'), ` (${needCall.length})`), callCards(needCall)) : '',
      waiting.length ? h('section', {}, h('h2', {}, t('progress.waiting'), ` (${waiting.length})`),
        villageTable(waiting, 'unconfirmed-villages', alert.mayResend ? [{ key: 'progress.actions', cell: resendButton }] : [])) : '',
      closing || '',
      escalation.element,
      h('section', {}, h('h2', {}, t('progress.overTime')), playedOverTime(alert)),
      timelineBox, coverageBox,
      h('details', {}, h('summary', {}, t('progress.allVillages'), ` (${villages.length})`), villageTable(villages, 'all-villages')));
    if (!focused) { focused = true; title.focus({ preventScroll: true }); } // after sending, focus lands on the result, not <body>
    else if (focusedId) document.getElementById(focusedId)?.focus({ preventScroll: true });
  }

  /** A large card per village that needs a call: why, a button per contact, and who has phoned it (kept in the hub). */
  function callCards(list) {
    return h('ul', { class: 'call-cards', id: 'call-list' }, list.map((v) => {
      const done = v.phoned || null;
      const note = h('input', { type: 'text', id: `phoned-note-${v.villageId}`, maxlength: 200, class: 'phoned-note',
        placeholder: t('progress.phonedNote'), 'aria-label': t('progress.phonedNote') });
      const mark = h('button', { type: 'button', class: 'mark-phoned', id: `phoned-${v.villageId}`, 'aria-pressed': String(!!done) },
        done ? t('progress.unmarkPhoned') : t('progress.markPhoned'));
      mark.addEventListener('click', async () => {
        const path = `/alerts/${encodeURIComponent(id)}/villages/${encodeURIComponent(v.villageId)}/phoned`;
        mark.disabled = true;
        try {
          if (done) await api.del(path); else await api.post(path, { note: note.value.trim() || null });
          load();
        } catch (e) {
          toast(apiMessage(e), 'error');
          mark.disabled = false;
        }
      });
      return h('li', { class: `call-card ${done ? 'phoned' : ''}`, 'data-village': v.villageId },
        h('div', { class: 'call-head' }, h('b', {}, v.villageName), h('small', {}, ` ${v.townshipName || ''}`)),
        h('p', { class: 'reach-reason' }, v.standing.text),
        done ? h('p', { class: 'phoned-by', id: `phoned-by-${v.villageId}` },
          t('progress.phonedBy', { by: done.by, at: time(done.at, false).slice(0, 5) }), done.note ? ` · ${done.note}` : '') : '',
        h('div', { class: 'actions' }, callButtons(v), done ? '' : note, mark, resendButton(v)));
    }));
  }

  /** "Re-send to this village" for a village still owed the alert, when the hub says this user may. */
  function resendButton(v) {
    if (!alert.mayResend || !OWED.has(v.state)) return '';
    const button = h('button', { type: 'button', class: 'resend', id: `resend-${v.villageId}` }, t('progress.resend'));
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await api.post(`/alerts/${encodeURIComponent(id)}/resend`, { villageId: v.villageId });
        toast(t('progress.resent', { village: v.villageName || v.villageId }));
        load();
      } catch (e) {
        toast(apiMessage(e), 'error');
        button.disabled = false;
      }
    });
    return button;
  }

  const close = events((event) => {
    if (event.type === 'endpoint.status') {
      const endpoint = live.get(event.endpointId);
      if (!endpoint || !alert) return;
      Object.assign(endpoint, { online: event.online, state: event.state, since: event.since, lastSeen: event.lastSeen });
      draw();
      return;
    }
    if (event.alertId !== id && event.id !== id) return;
    if (refetchTimer) return;
    refetchTimer = setTimeout(() => { refetchTimer = null; load(); }, 400); // receipts arrive in bursts
  });
  load();
  // events can slip by while the stream (re)connects: look again now and then while the alert is open
  const poll = setInterval(() => {
    if (alert && ((alert.state === 'active' && !allFinal(alert.villages)) || alert.state === 'pending_approval')) load();
  }, 5000);
  return () => { close(); clearTimeout(refetchTimer); clearInterval(poll); };
}

/** The two-person rule's word on the alert: waiting (and a way to the approval screen), rejected, timed out, overridden. */
function approvalNote(alert) {
  const a = alert.approval || {};
  if (alert.state === 'pending_approval') {
    return h('p', { class: 'approval-note', id: 'approval-pending' }, t('approvals.pendingNote', { at: time(a.deadlineAt) }), ' ',
      alert.mayApprove ? h('a', { href: `#/approve/${alert.id}`, id: 'go-approve' }, t('approvals.review')) : '');
  }
  if (a.state === 'rejected') return h('p', { class: 'approval-note', id: 'approval-rejected' }, t('approvals.rejectedNote', { by: a.decidedBy, reason: a.reason }));
  if (a.state === 'expired') return h('p', { class: 'approval-note', id: 'approval-expired' }, t('approvals.expiredNote'));
  if (alert.override) return h('p', { class: 'approval-note', id: 'approval-override' }, t('approvals.overrideNote', { by: alert.override.by, reason: alert.override.reason }));
  if (a.state === 'approved') return h('p', { class: 'note', id: 'approval-approved' }, t('approvals.approvedBy', { by: a.decidedBy }));
  return '';
}

/** One row per village: township, village, standing (with the reason), contact (to phone), when it was received. */
export function villageTable(villages, tableId, extra = []) {
  return h('div', { class: 'table-wrap' }, h('table', { id: tableId, class: 'villages' },
    h('thead', {}, h('tr', {}, ...['history.township', 'overview.village', 'overview.state', 'overview.contact', 'progress.received',
      ...extra.map((x) => x.key)].map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, villages.map((v) => h('tr', { 'data-village': v.villageId },
      h('td', {}, v.townshipName), h('th', { scope: 'row' }, v.villageName),
      h('td', {}, h('span', { class: `delivery ${v.state}` }, t(`delivery.${v.state}`)),
        v.standing && v.standing.kind === 'unreachable' || v.standing?.kind === 'waiting' ? h('span', { class: 'reason' }, ` ${v.standing.text}`) : ''),
      h('td', {}, callButtons(v, true)),
      h('td', {}, time(v.receivedAt, false)),
      ...extra.map((x) => h('td', { class: x.cls || '' }, x.cell(v))))))));
}
