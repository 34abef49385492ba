// Routine programmes: media library, programmes and the week calendar of schedules, as three tabs.
import { h, clear } from '../dom.js';
import { t } from '../i18n.js';
import * as media from './media.js';
import * as programmes from './programmes.js';
import * as schedules from './schedules.js';

const TABS = [
  { id: 'schedules', key: 'routine.schedules', view: schedules },
  { id: 'programmes', key: 'routine.programmes', view: programmes },
  { id: 'media', key: 'routine.media', view: media },
];

export function render(main, ctx, tab) {
  const current = TABS.find((x) => x.id === tab) || TABS[0];
  const body = h('div', { id: `routine-${current.id}` });
  main.append(h('div', { class: 'title-row' }, h('h1', {}, t('nav.programmes')),
    h('nav', { class: 'toggle tabs', 'aria-label': t('nav.programmes') },
      TABS.map((x) => h('a', { href: `#/programmes/${x.id}`, id: `tab-${x.id}`, class: 'tab',
        'aria-current': x === current ? 'page' : null }, t(x.key))))), body);
  clear(body);
  return current.view.render(body, ctx) || null;
}
