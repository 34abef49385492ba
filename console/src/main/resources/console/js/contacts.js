// Call buttons (tel: links) for a village's contacts: the directory's contact and, where the directory
// lists them, its further contacts (village cadres, grid workers) with their role.
import { h } from './dom.js';

/** Every contact of a village with a phone number: [{name, role, phone}], the main contact first. */
export function contactsOf(village) {
  const list = [];
  if (village.contact?.phone) list.push({ name: village.contact.name, role: '', phone: village.contact.phone });
  for (const c of village.contacts || []) if (c.phone && !list.some((x) => x.phone === c.phone)) list.push(c);
  return list;
}

/** Digits, +, *, # only: what a tel: link may carry (a directory value is never trusted as a URL). */
function dialable(phone) { return String(phone).replace(/[^0-9+*#]/g, ''); }

/** One tel: link per contact; compact for table cells, large buttons otherwise. */
export function callButtons(village, compact = false) {
  const list = contactsOf(village);
  if (!list.length) return h('span', { class: 'note' }, '—');
  return h('span', { class: compact ? 'calls compact' : 'calls' }, list.map((c) => h('a', {
    class: compact ? 'call-link' : 'call-button', href: `tel:${dialable(c.phone)}`,
  }, compact ? '' : '☎ ', `${c.name || ''}${c.role ? `（${c.role}）` : ''} ${c.phone}`)));
}
