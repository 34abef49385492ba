// The offline county map: shipped GeoJSON outlines (../map/county.json) and the directory's village
// positions drawn as SVG; no tile server. Villages without lat/lon are left off the map (they stay in the list).
import { t } from '../i18n.js';

const SVG = 'http://www.w3.org/2000/svg';
let outlines = null;

function svg(tag, attrs = {}, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) el.setAttribute(k, v);
  if (text !== undefined) el.textContent = text;
  return el;
}

async function loadOutlines() {
  if (!outlines) {
    try {
      const response = await fetch('map/county.json');
      outlines = response.ok ? await response.json() : { features: [] };
    } catch (e) {
      outlines = { features: [] };
    }
  }
  return outlines;
}

/**
 * Draws the map into `container`. `villages` are {id, name, townshipId, lat, lon, state}; `onPick(id)`
 * is called on click or Enter. Returns update(villages) to recolour the dots in place.
 */
export async function drawMap(container, countyId, townships, villages, onPick) {
  const geo = await loadOutlines();
  const features = geo.features.filter((f) => f.properties.kind === 'township' ? townships.has(f.properties.id)
    : f.properties.id === countyId);
  const points = villages.filter((v) => typeof v.lat === 'number' && typeof v.lon === 'number').map((v) => [v.lon, v.lat]);
  const ringPoints = features.flatMap((f) => f.geometry.coordinates[0]);
  const all = points.length ? points.concat(townships.size === 1 ? [] : ringPoints) : ringPoints;
  if (!all.length) { container.textContent = '—'; return () => {}; }
  const lons = all.map((p) => p[0]);
  const lats = all.map((p) => p[1]);
  const [minLon, maxLon, minLat, maxLat] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  const k = Math.cos(((minLat + maxLat) / 2) * Math.PI / 180); // equirectangular, true to scale at mid-latitude
  const scale = 1000 / Math.max((maxLon - minLon) * k, maxLat - minLat, 0.01);
  const margin = 30;
  const x = (lon) => margin + (lon - minLon) * k * scale;
  const y = (lat) => margin + (maxLat - lat) * scale;
  const width = (maxLon - minLon) * k * scale + 2 * margin;
  const height = (maxLat - minLat) * scale + 2 * margin;
  const map = svg('svg', { viewBox: `0 0 ${width.toFixed(0)} ${height.toFixed(0)}`, class: 'county-map', role: 'group',
    'aria-label': t('overview.map') });
  for (const f of features) {
    const d = f.geometry.coordinates[0].map((p, i) => `${i ? 'L' : 'M'}${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join('') + 'Z';
    map.append(svg('path', { d, class: `outline ${f.properties.kind}` }));
  }
  for (const f of features.filter((f) => f.properties.kind === 'township')) {
    const ring = f.geometry.coordinates[0];
    const cx = ring.reduce((s, p) => s + x(p[0]), 0) / ring.length;
    const top = Math.min(...ring.map((p) => y(p[1])));
    map.append(svg('text', { x: cx.toFixed(1), y: (top + 18).toFixed(1), class: 'township-label', 'text-anchor': 'middle' }, f.properties.name));
  }
  // a dot at least 14 px across on screen, whatever the map's size (the viewBox is about 1000 wide)
  const onScreen = container.clientWidth || 1000;
  const radius = Math.max(9, (7 * width) / onScreen);
  const labelAll = villages.length <= 30;
  const dots = new Map();
  const order = [];
  for (const v of villages) {
    if (typeof v.lat !== 'number' || typeof v.lon !== 'number') continue;
    const [cx, cy] = [x(v.lon), y(v.lat)];
    // one tab stop for the whole map (roving tabindex): arrows move between villages, Tab leaves the map
    const dot = svg('circle', { cx: cx.toFixed(1), cy: cy.toFixed(1), r: radius.toFixed(1), tabindex: order.length ? -1 : 0,
      role: 'button', 'data-village': v.id });
    dot.append(svg('title', {}, v.name));
    // the state as a shape as well as a colour: ✕ offline, ! stale, ? never seen, ◐ partly online, ▶ playing
    const glyph = svg('text', { x: cx.toFixed(1), y: (cy + radius * 0.38).toFixed(1), class: 'glyph', 'text-anchor': 'middle',
      'font-size': (radius * 1.15).toFixed(1), 'aria-hidden': 'true' });
    const label = svg('text', { x: (cx + radius + 3).toFixed(1), y: (cy + radius * 0.4).toFixed(1), class: 'village-label',
      'font-size': Math.max(radius * 1.3, 20).toFixed(1), 'aria-hidden': 'true' }, v.name);
    dot.addEventListener('click', () => onPick(v.id));
    dot.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onPick(v.id); return; }
      const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key];
      if (!step) return;
      e.preventDefault();
      const next = order[(order.indexOf(dot) + step + order.length) % order.length];
      dot.setAttribute('tabindex', -1);
      next.setAttribute('tabindex', 0);
      next.focus();
    });
    dots.set(v.id, { dot, glyph, label, labelAll });
    order.push(dot);
    map.append(dot, glyph, label);
  }
  container.replaceChildren(map, legend());
  const update = (list) => {
    for (const v of list) {
      const drawn = dots.get(v.id);
      if (!drawn) continue;
      const state = v.playing ? 'playing' : v.state;
      drawn.dot.setAttribute('class', `village ${v.state}${v.playing ? ' playing' : ''}`);
      drawn.dot.setAttribute('aria-label', `${v.name}：${t(`state.${v.state}`)}${v.playing ? ` · ${t('overview.playing')}` : ''}`);
      drawn.glyph.textContent = GLYPHS[state] || '';
      drawn.glyph.setAttribute('class', `glyph ${state}`);
      // villages that need attention carry their name; with few villages every one does
      drawn.label.setAttribute('class', `village-label${drawn.labelAll || !['online', 'playing'].includes(state) ? '' : ' quiet'}`);
    }
  };
  update(villages);
  return update;
}

const GLYPHS = { offline: '✕', stale: '!', never: '?', partial: '◐', playing: '▶' };

/** What the colours and shapes mean, under the map. */
function legend() {
  const item = (state, key) => {
    const mark = document.createElement('span');
    mark.className = `swatch ${state}`;
    mark.textContent = GLYPHS[state] || '';
    mark.setAttribute('aria-hidden', 'true');
    const li = document.createElement('li');
    li.append(mark, ` ${t(key)}`);
    return li;
  };
  const list = document.createElement('ul');
  list.className = 'map-legend';
  list.id = 'map-legend';
  list.setAttribute('aria-label', t('overview.legend'));
  list.append(item('online', 'state.online'), item('playing', 'overview.playing'), item('partial', 'state.partial'),
    item('stale', 'state.stale'), item('offline', 'state.offline'), item('never', 'state.never'));
  return list;
}
