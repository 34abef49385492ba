// Who has heard an alert and who has not, and why: the alert's per-village delivery states joined with
// the endpoints' live status from /villages. Used by the incident view and the wall screen.
import { time } from './dom.js';
import { t } from './i18n.js';

const FINAL = new Set(['played', 'failed', 'expired', 'cancelled']);

/** endpointId → its live status ({online, state, since, lastSeen, offlineReason}) from GET /villages. */
export function liveIndex(directory) {
  const index = new Map();
  for (const tw of directory.townships) for (const v of tw.villages) for (const e of v.endpoints) index.set(e.id, e);
  return index;
}

/** A receipt reason in words where the console knows it (NO_PLAYABLE_FORMAT…), else its code. */
export function reasonText(reason) {
  const text = t(`reason.${reason}`);
  return text === `reason.${reason}` ? reason : text;
}

/**
 * One village's standing: {kind, text, order}. kind is 'unreachable' (offline, stale, failed, expired),
 * 'waiting' (not yet confirmed, the endpoint is online), 'playing', 'played' or 'cancelled'; order sorts
 * the ones that need a call first.
 */
export function standing(village, live) {
  const state = village.state;
  if (state === 'played') return { kind: 'played', text: t('delivery.played'), order: 9 };
  if (state === 'cancelled') return { kind: 'cancelled', text: t('delivery.cancelled'), order: 8 };
  if (state === 'failed' || state === 'expired') {
    const reason = village.reason || village.endpoints.find((e) => e.reason)?.reason;
    return { kind: 'unreachable', order: 2, text: reason ? t(`reach.${state}Because`, { reason: reasonText(reason) }) : t(`delivery.${state}`) };
  }
  const endpoints = village.endpoints.map((e) => live.get(e.endpointId)).filter(Boolean);
  const offline = endpoints.filter((e) => e.state === 'offline' || (!e.online && e.state !== 'stale'));
  const stale = endpoints.filter((e) => e.state === 'stale');
  if (endpoints.length && offline.length === endpoints.length) {
    const since = offline.map((e) => e.since).filter(Boolean).sort()[0];
    return { kind: 'unreachable', order: 0, text: since ? t('reach.offlineSince', { time: time(since, false).slice(0, 5) }) : t('reach.neverConnected') };
  }
  if (endpoints.length && offline.length + stale.length === endpoints.length) {
    const last = stale.map((e) => e.lastSeen).filter(Boolean).sort().pop();
    return { kind: 'unreachable', order: 1, text: last ? t('reach.staleSince', { time: time(last, false).slice(0, 5) }) : t('state.stale') };
  }
  if (state === 'playing') return { kind: 'playing', text: t('delivery.playing'), order: 5 };
  if (state === 'received') return { kind: 'waiting', text: t('reach.receivedNotPlaying'), order: 4 };
  return { kind: 'waiting', text: t('reach.notConfirmed'), order: 3 };
}

/** True once every village reached a final state: the alert is over whatever its stored state says. */
export function allFinal(villages) {
  return villages.length > 0 && villages.every((v) => FINAL.has(v.state));
}

/** The villages with their standing, those that need a call first, then by township and name. */
export function ranked(villages, live) {
  return villages.map((v) => ({ ...v, standing: standing(v, live) }))
    .sort((a, b) => a.standing.order - b.standing.order || String(a.townshipName).localeCompare(String(b.townshipName), 'zh')
      || String(a.villageName).localeCompare(String(b.villageName), 'zh'));
}

/** The one-line summary: "可达的 13 村已播完 · 2 村联系不上" (or how far it is, or that it was cancelled). */
export function summaryLine(alertState, rankedVillages) {
  const count = (kind) => rankedVillages.filter((v) => v.standing.kind === kind).length;
  const unreachable = count('unreachable');
  const played = count('played');
  const reachable = rankedVillages.length - unreachable;
  const parts = [];
  if (alertState === 'cancelled') {
    parts.push(t('reach.cancelledSummary', { played, total: rankedVillages.length }));
  } else if (played === reachable && reachable > 0) {
    parts.push(unreachable ? t('reach.reachablePlayed', { n: reachable }) : t('reach.allPlayed', { n: reachable }));
  } else {
    parts.push(t('reach.playedOf', { played, n: reachable }));
  }
  if (unreachable) parts.push(t('reach.unreachable', { n: unreachable }));
  return parts.join(' · ');
}
