// What a speaker is playing, in words: an alert's title or a routine fire's schedule and programme,
// never the raw command id. Looked up once per id and kept.
import { api } from './api.js';

const known = new Map();

/** The fire a routine play command belongs to: r-20261125-0630-3f9a0c1d.p1 → r-20261125-0630-3f9a0c1d. */
function fireOf(id) { return id.split('.')[0]; }

/** The title if known now (else null), and looks it up for next time, calling onKnown once it is. */
export function titleOf(id, onKnown = () => {}) {
  if (!id) return null;
  if (known.has(id)) return known.get(id) instanceof Promise ? null : known.get(id);
  const lookup = id.startsWith('a-') ? api.get(`/alerts/${encodeURIComponent(id)}`).then((a) => a.title)
    : id.startsWith('r-') ? api.get(`/fires/${encodeURIComponent(fireOf(id))}`).then((f) => `${f.scheduleName} · ${f.programmeName}`)
      : Promise.resolve(null);
  known.set(id, lookup.then((title) => { known.set(id, title || id); onKnown(); return title; }, () => { known.delete(id); return null; }));
  return null;
}

/** The title, or a neutral placeholder while it is looked up (never the id). */
export function playingText(id, placeholder, onKnown) {
  return titleOf(id, onKnown) || placeholder;
}
