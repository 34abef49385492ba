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
  const placed = villages.filter((v) => typeof v.lat === 'number' && typeof v.lon === 'number')
    .map((v) => ({ v, cx: x(v.lon), cy: y(v.lat) }));
  const groups = clusters(placed, radius * 2);
  const dots = new Map();
  const clusterMarks = [];
  // one tab stop for the whole map (roving tabindex): arrows move between villages and groups, Tab leaves the map.
  // Single villages come first (in directory order), then the groups; an opened group's villages follow it.
  const order = [];
  const move = (from, step) => {
    const next = order[(order.indexOf(from) + step + order.length) % order.length];
    from.setAttribute('tabindex', -1);
    next.setAttribute('tabindex', 0);
    next.focus();
  };
  const arrows = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
  const villageDot = ({ v, cx, cy }, group) => {
    const dot = svg('circle', { cx: cx.toFixed(1), cy: cy.toFixed(1), r: radius.toFixed(1), tabindex: -1, role: 'button', 'data-village': v.id });
    dot.append(svg('title', {}, v.name));
    // the state as a shape as well as a colour: ✕ offline, ! stale, ? never seen, ◐ partly online, ▶ playing
    const glyph = svg('text', { class: 'glyph', 'text-anchor': 'middle', 'font-size': (radius * 1.15).toFixed(1), 'aria-hidden': 'true' });
    const label = svg('text', { class: 'village-label', 'font-size': Math.max(radius * 1.3, 20).toFixed(1), 'aria-hidden': 'true' }, v.name);
    const drawn = { dot, glyph, label, labelAll, group, v, state: null };
    place(drawn, cx, cy);
    dot.addEventListener('click', () => onPick(v.id));
    dot.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onPick(v.id); return; }
      if (e.key === 'Escape' && group) { e.preventDefault(); group.toggle(false); return; }
      if (!arrows[e.key]) return;
      e.preventDefault();
      move(dot, arrows[e.key]);
    });
    dots.set(v.id, drawn);
    return drawn;
  };
  function place(drawn, cx, cy) {
    drawn.dot.setAttribute('cx', cx.toFixed(1));
    drawn.dot.setAttribute('cy', cy.toFixed(1));
    drawn.glyph.setAttribute('x', cx.toFixed(1));
    drawn.glyph.setAttribute('y', (cy + radius * 0.38).toFixed(1));
    drawn.label.setAttribute('x', (cx + radius + 3).toFixed(1));
    drawn.label.setAttribute('y', (cy + radius * 0.4).toFixed(1));
  }
  const singles = groups.filter((g) => g.length === 1);
  for (const [one] of singles) {
    const drawn = villageDot(one, null);
    order.push(drawn.dot);
    map.append(drawn.dot, drawn.glyph, drawn.label);
  }
  for (const members of groups.filter((g) => g.length > 1)) {
    const group = clusterMark(members);
    clusterMarks.push(group);
    order.push(group.mark);
    map.append(group.mark, group.count, group.label);
    for (const m of members) {
      const drawn = villageDot(m, group);
      group.drawn.push(drawn);
      map.append(drawn.dot, drawn.glyph, drawn.label);
    }
    group.toggle(false, false);
  }
  if (order.length) order[0].setAttribute('tabindex', 0);

  /** Villages too close to tell apart at this size, as one marker with their number; a tap opens them in a ring. */
  function clusterMark(members) {
    const cx = members.reduce((sum, m) => sum + m.cx, 0) / members.length;
    const cy = members.reduce((sum, m) => sum + m.cy, 0) / members.length;
    const big = radius * 1.35;
    const mark = svg('circle', { cx: cx.toFixed(1), cy: cy.toFixed(1), r: big.toFixed(1), tabindex: -1, role: 'button',
      class: 'cluster', 'data-cluster': members.map((m) => m.v.id).join(' '), 'aria-expanded': 'false' });
    const count = svg('text', { x: cx.toFixed(1), y: (cy + big * 0.36).toFixed(1), class: 'cluster-count', 'text-anchor': 'middle',
      'font-size': (big * 1.0).toFixed(1), 'aria-hidden': 'true' }, String(members.length));
    const label = svg('text', { x: (cx + big + 3).toFixed(1), y: (cy + big * 0.3).toFixed(1), class: 'village-label cluster-label',
      'font-size': Math.max(radius * 1.3, 20).toFixed(1), 'aria-hidden': 'true' });
    const group = { mark, count, label, drawn: [], open: false, cx, cy, members };
    group.toggle = (open, focus = true) => {
      group.open = open;
      mark.setAttribute('aria-expanded', String(open));
      mark.setAttribute('class', `cluster ${group.state || ''}${open ? ' open' : ''}`);
      // opened: the villages on a ring around the marker, wide enough that they do not overlap
      const ring = Math.max(radius * 3.2, (group.drawn.length * radius * 2.4) / (2 * Math.PI));
      group.drawn.forEach((d, i) => {
        const angle = -Math.PI / 2 + (2 * Math.PI * i) / group.drawn.length;
        place(d, cx + ring * Math.cos(angle), cy + ring * Math.sin(angle));
        if (d.state) paint(d);
      });
      const at = order.indexOf(mark);
      const shown = group.drawn.map((d) => d.dot);
      for (const dot of shown) { const i = order.indexOf(dot); if (i >= 0) order.splice(i, 1); }
      if (open) order.splice(at + 1, 0, ...shown);
      if (!focus) return;
      const target = open ? shown[0] : mark;
      order.forEach((el) => el.setAttribute('tabindex', el === target ? 0 : -1));
      target.focus();
    };
    mark.addEventListener('click', () => group.toggle(!group.open));
    mark.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); group.toggle(!group.open); return; }
      if (e.key === 'Escape' && group.open) { e.preventDefault(); group.toggle(false); return; }
      if (!arrows[e.key]) return;
      e.preventDefault();
      move(mark, arrows[e.key]);
    });
    return group;
  }

  container.replaceChildren(map, legend(clusterMarks.length > 0));
  const update = (list) => {
    for (const v of list) {
      const drawn = dots.get(v.id);
      if (!drawn) continue;
      drawn.v = v;
      drawn.state = v.playing ? 'playing' : v.state;
      paint(drawn);
    }
    for (const group of clusterMarks) describe(group);
  };

  /** One village's colour, shape, name and words; hidden while its group is closed, named while it is open. */
  function paint(drawn) {
    const { v, state } = drawn;
    const hidden = drawn.group && !drawn.group.open ? ' in-cluster' : '';
    drawn.dot.setAttribute('class', `village ${v.state}${v.playing ? ' playing' : ''}${hidden}`);
    drawn.dot.setAttribute('aria-label', `${v.name}：${t(`state.${v.state}`)}${v.playing ? ` · ${t('overview.playing')}` : ''}`);
    drawn.glyph.textContent = GLYPHS[state] || '';
    drawn.glyph.setAttribute('class', `glyph ${state}${hidden}`);
    // villages that need attention carry their name; with few villages, or in an open group, every one does
    const named = drawn.labelAll || (drawn.group && drawn.group.open) || !['online', 'playing'].includes(state);
    drawn.label.setAttribute('class', `village-label${named ? '' : ' quiet'}${hidden}`);
  }

  /** A group takes the state of its most troubled village, says what is in it, and is named when one needs attention. */
  function describe(group) {
    const states = group.drawn.map((d) => d.state || d.v.state);
    group.state = WORST.find((s) => states.includes(s)) || 'online';
    group.mark.setAttribute('class', `cluster ${group.state}${group.open ? ' open' : ''}`);
    const names = group.drawn.map((d) => d.v.name);
    const troubled = group.drawn.filter((d) => !['online', 'playing'].includes(d.state || d.v.state));
    const counts = WORST.filter((s) => states.includes(s)).map((s) => `${states.filter((x) => x === s).length} ${t(s === 'playing' ? 'overview.playing' : `state.${s}`)}`);
    group.mark.setAttribute('aria-label', t('map.cluster', { n: names.length, names: names.join('、'), states: counts.join('，') }));
    group.label.textContent = troubled.length ? t('map.clusterLabel', { name: troubled[0].v.name, n: names.length }) : '';
    group.label.setAttribute('class', `village-label cluster-label${troubled.length || labelAll ? '' : ' quiet'}`);
    if (!troubled.length && labelAll) group.label.textContent = t('map.clusterLabel', { name: names[0], n: names.length });
  }
  update(villages);
  return update;
}

/** States from the most to the least troubled: a group of villages shows the first any of them has. */
const WORST = ['offline', 'stale', 'never', 'partial', 'playing', 'online'];

/**
 * Groups villages whose dots would overlap ({@code reach}: two radii): each joins the first group whose centre lies
 * within reach, else starts one. Greedy and in directory order, so the same directory always groups the same way.
 */
function clusters(placed, reach) {
  const groups = [];
  for (const p of placed) {
    const near = groups.find((g) => Math.hypot(g.cx - p.cx, g.cy - p.cy) < reach);
    if (near) {
      near.items.push(p);
      near.cx = near.items.reduce((sum, m) => sum + m.cx, 0) / near.items.length;
      near.cy = near.items.reduce((sum, m) => sum + m.cy, 0) / near.items.length;
    } else {
      groups.push({ cx: p.cx, cy: p.cy, items: [p] });
    }
  }
  return groups.map((g) => g.items);
}

const GLYPHS = { offline: '✕', stale: '!', never: '?', partial: '◐', playing: '▶' };

/** What the colours and shapes mean, under the map. */
function legend(grouped) {
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
  if (grouped) {
    const cluster = item('cluster', 'map.clusterLegend');
    cluster.firstChild.textContent = '3';
    cluster.id = 'legend-cluster';
    list.append(cluster);
  }
  return list;
}
