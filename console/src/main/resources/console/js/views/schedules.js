// Schedules as a week calendar (Mon–Sun in the county's zone): an hour grid, 7 days × 24 hours, with each fire
// from /schedules/upcoming at its start and as tall as its programme plays (overlaps side by side),
// filtered by township or village; create from a day, edit, pause, resume. Before saving, a dry run asks
// the API for overlaps with other schedules and shows them; saving then needs a second click.
import { api } from '../api.js';
import { h, clear, field, time, today, clock, toast, showError, clearErrors } from '../dom.js';
import { t, apiMessage } from '../i18n.js';
import { targetPicker } from '../targets.js';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const TYPES = ['once', 'daily', 'weekly', 'cron'];

/** Adds days to a YYYY-MM-DD date (calendar arithmetic, no zone involved). */
function addDays(date, days) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
function mondayOf(date) {
  return addDays(date, -((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7));
}

/** Does a schedule's targets reach the filter (a township id, or a village id with its township)? */
function reaches(targets, filter, villageTownship) {
  if (!filter || targets.all) return true;
  const [kind, id] = filter.split(':');
  const townships = targets.townships || [];
  const villages = targets.villages || [];
  if (kind === 'township') return townships.includes(id) || villages.some((v) => villageTownship[v] === id);
  return villages.includes(id) || townships.includes(villageTownship[id]);
}

const HOUR_MINUTES = 60;
const DAY_MINUTES = 24 * HOUR_MINUTES;

function hhmm(minutes) {
  const m = Math.min(minutes, DAY_MINUTES);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** Where a fire sits in its day: minutes from midnight (county zone, as the API gives it) and how long it plays. */
function span(fire, durationMs) {
  const start = Number(fire.at.slice(11, 13)) * 60 + Number(fire.at.slice(14, 16));
  const length = Math.max(1, Math.round((durationMs || 0) / 60_000));
  return { start, length: Math.min(length, DAY_MINUTES - start) };
}

/**
 * Lays overlapping fires side by side: each gets the first free lane, and every fire of a group that
 * overlaps (directly or through others) is as wide as the group's lanes allow. The shown height has a
 * minimum (CSS), so "overlap" uses that too: two short plays a few minutes apart do not cover each other.
 */
function lanes(fires, minMinutes = 30) {
  const sorted = [...fires].sort((a, b) => a.start - b.start || a.f.epochMs - b.f.epochMs);
  const placed = [];
  let group = [];
  let groupEnd = -1;
  let ends = [];
  const close = () => { group.forEach((p) => { p.count = ends.length; }); group = []; ends = []; };
  for (const fire of sorted) {
    if (fire.start >= groupEnd) close();
    const end = fire.start + Math.max(fire.length, minMinutes);
    let lane = ends.findIndex((e) => e <= fire.start);
    if (lane < 0) { lane = ends.length; ends.push(end); } else ends[lane] = end;
    const p = { ...fire, lane, count: 1 };
    group.push(p);
    placed.push(p);
    groupEnd = Math.max(groupEnd, end);
  }
  close();
  return placed;
}

/** The time axis: one row per hour, 00:00 to 23:00; the header cell keeps it level with the day headers. */
function hourAxis() {
  const rows = [];
  for (let hour = 0; hour < 24; hour++) rows.push(h('div', { class: 'hour', 'data-hour': hour }, `${String(hour).padStart(2, '0')}:00`));
  return h('div', { class: 'axis', 'aria-hidden': 'true' }, h('div', { class: 'corner' }), h('div', { class: 'hours' }, rows));
}

/** A line at the present minute on today's column, moved every minute while it is on the page. */
function nowLine() {
  const line = h('div', { class: 'now-line', 'aria-hidden': 'true' });
  const place = () => {
    const [hour, minute] = clock().split(':').map(Number);
    line.style.setProperty('--start', String(hour * 60 + minute));
  };
  place();
  const timer = setInterval(() => { if (line.isConnected) place(); else clearInterval(timer); }, 60_000);
  return line;
}

function placeNames(directory) {
  const names = {};
  for (const tw of directory.townships || []) {
    names[tw.id] = tw.name;
    for (const v of tw.villages || []) names[v.id] = `${tw.name} · ${v.name}`;
  }
  return names;
}

/** The targets of a schedule in words, for screen readers and the tooltip. */
function describeTargets(targets, names) {
  if (!targets || targets.all) return t('common.all');
  return [...(targets.townships || []), ...(targets.villages || [])].map((id) => names[id] || id).join('、');
}

function describe(r) {
  if (r.type === 'once') return `${t('recurrence.once')} ${r.at}`;
  if (r.type === 'daily') return `${t('recurrence.daily')} ${r.times.join('、')}`;
  if (r.type === 'weekly') return `${t('recurrence.weekly')} ${r.weekdays.map((d) => t(`weekday.${d}`)).join('、')} ${r.times.join('、')}`;
  return `cron ${r.expression}`;
}

export function render(main, ctx) {
  let monday = mondayOf(today());
  let directory = { townships: [] };
  let schedules = [];
  let programmes = [];
  let scrolled = false;
  const villageTownship = {};
  const filter = h('select', { id: 'calendar-filter' }, h('option', { value: '' }, t('common.all')));
  const prev = h('button', { type: 'button', id: 'week-prev' }, `‹ ${t('calendar.prevWeek')}`);
  const next = h('button', { type: 'button', id: 'week-next' }, `${t('calendar.nextWeek')} ›`);
  const thisWeek = h('button', { type: 'button', id: 'week-this' }, t('calendar.thisWeek'));
  const heading = h('h2', { id: 'calendar-week', 'aria-live': 'polite' });
  // the grid scrolls inside its own box (both ways on a phone); one tab stop lets the keyboard scroll it
  const calendar = h('div', { class: 'calendar', id: 'calendar', tabindex: 0, role: 'region', 'aria-label': t('calendar.grid') });
  const formBox = h('div', { id: 'schedule-form-box' });
  const list = h('div', { class: 'table-wrap', id: 'schedule-list' });
  main.append(h('div', { class: 'card filters' }, field(t('calendar.filter'), filter, 'filter'),
    h('div', { class: 'actions' }, prev, thisWeek, next)), heading, formBox, calendar, h('h2', {}, t('schedule.all')), list);

  filter.addEventListener('change', drawCalendar);
  prev.addEventListener('click', () => { monday = addDays(monday, -7); drawCalendar(); });
  next.addEventListener('click', () => { monday = addDays(monday, 7); drawCalendar(); });
  thisWeek.addEventListener('click', () => { monday = mondayOf(today()); drawCalendar(); });

  async function load() {
    try {
      [directory, schedules, programmes] = await Promise.all([api.get('/villages'),
        api.get('/schedules').then((d) => d.schedules), api.get('/programmes').then((d) => d.programmes)]);
    } catch (e) { toast(apiMessage(e), 'error'); return; }
    if (filter.options.length === 1) {
      for (const tw of directory.townships) {
        filter.append(h('option', { value: `township:${tw.id}` }, tw.name),
          h('optgroup', { label: tw.name }, tw.villages.map((v) => h('option', { value: `village:${v.id}` }, `${tw.name} · ${v.name}`))));
        tw.villages.forEach((v) => { villageTownship[v.id] = tw.id; });
      }
    }
    drawList();
    drawCalendar();
  }

  async function drawCalendar() {
    const sunday = addDays(monday, 6);
    heading.textContent = `${t('calendar.week')} ${monday} – ${sunday}`;
    let fires;
    try { fires = (await api.get(`/schedules/upcoming?from=${monday}&to=${sunday}`)).fires; } catch (e) { toast(apiMessage(e), 'error'); return; }
    const byId = Object.fromEntries(schedules.map((s) => [s.id, s]));
    // a schedule plays from when it was made: times of this week before that never were
    const shown = fires.filter((f) => byId[f.scheduleId] && reaches(byId[f.scheduleId].targets, filter.value, villageTownship)
      && f.epochMs >= Date.parse(byId[f.scheduleId].createdAt));
    const durations = Object.fromEntries(programmes.map((p) => [p.id, p.durationMs || 0]));
    const names = placeNames(directory);
    const days = [];
    for (let i = 0; i < 7; i++) {
      const day = addDays(monday, i);
      const dayFires = shown.filter((f) => f.at.slice(0, 10) === day).map((f) => ({ f, ...span(f, durations[f.programmeId]) }));
      days.push(dayColumn(day, i, lanes(dayFires), byId, names));
    }
    clear(calendar).append(h('div', { class: 'week' }, hourAxis(), ...days));
    if (!scrolled) {
      // open on the morning (or the first play of the week if earlier), not at midnight
      const first = Math.min(6 * 60, ...shown.map((f) => span(f, 0).start));
      calendar.scrollTop = Math.max(0, first - 30) * calendar.querySelector('.hour').offsetHeight / 60;
      scrolled = true;
    }
  }

  /** One day: its header (name, date, create button) and its hours with the fires placed in them. */
  function dayColumn(day, index, placed, byId, names) {
    const add = h('button', { type: 'button', class: 'link day-add', id: `day-add-${day}`, disabled: day < today(),
      'aria-label': `${t('schedule.create')} ${day}` }, `＋ ${t('schedule.new')}`);
    add.addEventListener('click', () => showForm(null, day));
    const hours = h('div', { class: 'hours' }, placed.map(({ f, start, length, lane, count }) => {
      const s = byId[f.scheduleId];
      const from = f.at.slice(11, 16);
      const label = t('calendar.fireLabel', { name: f.scheduleName, from, to: hhmm(start + length), targets: describeTargets(s.targets, names) });
      const open = h('button', { type: 'button', class: length < 45 ? 'fire short' : 'fire', 'data-schedule': f.scheduleId, 'aria-label': label, title: label },
        h('b', {}, from), ' ', f.scheduleName);
      for (const [name, value] of Object.entries({ '--start': start, '--length': length, '--lane': lane, '--lanes': count })) {
        open.style.setProperty(name, String(value));
      }
      // only a schedule the user may change opens the form (its targets all lie in the user's scope)
      open.disabled = !s.mayChange;
      open.addEventListener('click', () => showForm(s));
      return open;
    }));
    if (day === today()) hours.append(nowLine());
    const column = h('section', { class: `day${day === today() ? ' today' : ''}`, 'data-day': day, 'aria-label': `${t(`weekday.${WEEKDAYS[index]}`)} ${day}` },
      h('header', {}, h('h3', {}, t(`weekday.${WEEKDAYS[index]}`), h('small', {}, day.slice(5))), add), hours);
    column.style.setProperty('--column', String(index + 2)); // the first grid column is the time axis
    return column;
  }

  function drawList() {
    clear(list);
    if (!schedules.length) { list.append(h('p', {}, t('schedule.empty'))); return; }
    const programmeName = Object.fromEntries(programmes.map((p) => [p.id, p.name]));
    list.append(h('table', {}, h('thead', {}, h('tr', {}, ...['schedule.name', 'schedule.programme', 'schedule.recurrence',
      'schedule.next', 'schedule.state', ''].map((k) => h('th', { scope: 'col' }, k ? t(k) : '')))),
    h('tbody', {}, schedules.map((s) => {
      const edit = h('button', { type: 'button', class: 'link' }, t('common.edit'));
      edit.addEventListener('click', () => showForm(s));
      const toggle = h('button', { type: 'button', class: 'link schedule-toggle' }, s.paused ? t('schedule.resume') : t('schedule.pause'));
      toggle.addEventListener('click', async () => {
        try { await api.post(`/schedules/${s.id}/${s.paused ? 'resume' : 'pause'}`); load(); } catch (e) { toast(apiMessage(e), 'error'); }
      });
      const del = h('button', { type: 'button', class: 'link danger' }, t('common.delete'));
      del.addEventListener('click', async () => {
        if (!window.confirm(t('schedule.deleteConfirm', { name: s.name }))) return;
        try { await api.del(`/schedules/${s.id}`); load(); } catch (e) { toast(apiMessage(e), 'error'); }
      });
      return h('tr', { 'data-schedule': s.id }, h('th', { scope: 'row' }, s.name), h('td', {}, programmeName[s.programmeId] || s.programmeId),
        h('td', {}, describe(s.recurrence)), h('td', {}, time(s.nextFireAt)),
        h('td', {}, h('span', { class: `state ${s.paused ? 'offline' : 'online'}` }, s.paused ? t('schedule.paused') : t('schedule.active'))),
        h('td', {}, s.mayChange ? [edit, ' ', toggle, ' ', del] : h('span', { class: 'meta' }, t('routine.viewOnly'))));
    }))));
  }

  function showForm(schedule, day) {
    const r = schedule?.recurrence || { type: 'once', at: `${day || today()}T${day && day > today() ? '08:00' : clock(3_600_000).slice(0, 3)}00` };
    const name = h('input', { id: 'schedule-name', maxlength: 100, value: schedule?.name || '' });
    const programme = h('select', { id: 'schedule-programme' }, programmes.map((p) => h('option', { value: p.id, selected: p.id === schedule?.programmeId }, p.name)));
    const type = h('select', { id: 'schedule-type' }, TYPES.map((x) => h('option', { value: x, selected: x === r.type }, t(`recurrence.${x}`))));
    const at = h('input', { id: 'schedule-at', value: (r.at || '').replace('T', ' ').slice(0, 16), placeholder: '2026-12-01 06:30' });
    const times = h('input', { id: 'schedule-times', value: (r.times || ['06:30']).join(', '), placeholder: '06:30, 18:00' });
    const weekdays = h('fieldset', { class: 'levels', id: 'schedule-weekdays', 'data-field': 'recurrence.weekdays' }, h('legend', {}, t('recurrence.weekdays')),
      WEEKDAYS.map((d) => h('label', { class: 'check' }, h('input', { type: 'checkbox', value: d, checked: (r.weekdays || []).includes(d) }), t(`weekday.${d}`))));
    const expression = h('input', { id: 'schedule-cron', value: r.expression || '30 6 * * 1-5' });
    const parts = { at: field(t('recurrence.at'), at, 'recurrence.at'), times: field(t('recurrence.times'), times, 'recurrence.times'),
      weekdays, expression: field(t('recurrence.expression'), expression, 'recurrence.expression') };
    const show = () => {
      parts.at.hidden = type.value !== 'once';
      parts.times.hidden = !['daily', 'weekly'].includes(type.value);
      parts.weekdays.hidden = type.value !== 'weekly';
      parts.expression.hidden = type.value !== 'cron';
    };
    type.addEventListener('change', show);
    show();
    const priority = h('input', { id: 'schedule-priority', type: 'number', min: 0, max: 100, value: schedule?.priority ?? 10 });
    const onPreempt = h('select', { id: 'schedule-preempt' }, ['resume', 'restart', 'drop']
      .map((x) => h('option', { value: x, selected: x === (schedule?.onPreempt || 'resume') }, t(`preempt.${x}`))));
    // the dates it plays between (both optional) and the dates it stays silent
    const startDate = h('input', { id: 'schedule-start', type: 'date', value: schedule?.startDate || '' });
    const endDate = h('input', { id: 'schedule-end', type: 'date', value: schedule?.endDate || '' });
    const skipDates = h('input', { id: 'schedule-skip', value: (schedule?.skipDates || []).join(', '), placeholder: '2027-01-01, 2027-02-10' });
    const targets = h('fieldset', { class: 'targets', 'data-field': 'targets', id: 'schedule-targets' }, h('legend', {}, t('send.targets')));
    const picker = targetPicker(targets, ctx.me, directory);
    if (schedule) picker.set(schedule.targets);
    const warnings = h('div', { id: 'schedule-overlaps', 'aria-live': 'polite' });
    const cancel = h('button', { type: 'button' }, t('common.cancel'));
    const form = h('form', { class: 'card schedule-form', novalidate: true },
      h('h2', {}, schedule ? t('schedule.edit') : t('schedule.create')),
      h('div', { class: 'grid2' },
        h('div', {}, field(t('schedule.name'), name, 'name'), field(t('schedule.programme'), programme, 'programmeId'),
          h('fieldset', { 'data-field': 'recurrence' }, h('legend', {}, t('schedule.recurrence')),
            field(t('recurrence.type'), type, 'recurrence.type'), parts.at, parts.times, parts.weekdays, parts.expression),
          h('div', { class: 'grid2' }, field(t('schedule.priority'), priority, 'priority'), field(t('schedule.onPreempt'), onPreempt, 'onPreempt')),
          h('div', { class: 'grid2' }, field(t('schedule.startDate'), startDate, 'startDate'), field(t('schedule.endDate'), endDate, 'endDate')),
          field(t('schedule.skipDates'), skipDates, 'skipDates')),
        h('div', {}, targets)),
      warnings,
      h('div', { class: 'actions' }, cancel, h('button', { type: 'submit', class: 'primary', id: 'schedule-save' }, t('common.save'))));
    if (!programmes.length) form.prepend(h('p', { class: 'field-error' }, t('schedule.noProgrammes')));

    function recurrence() {
      const list = times.value.split(/[,，\s]+/).filter(Boolean);
      if (type.value === 'once') return { type: 'once', at: at.value.trim().replace(' ', 'T') };
      if (type.value === 'daily') return { type: 'daily', times: list };
      if (type.value === 'weekly') return { type: 'weekly', times: list, weekdays: [...weekdays.querySelectorAll(':checked')].map((c) => c.value) };
      return { type: 'cron', expression: expression.value.trim() };
    }
    cancel.addEventListener('click', () => clear(formBox));
    const save = form.querySelector('#schedule-save');
    const showOverlaps = (overlaps, title) => clear(warnings).append(h('div', { class: 'overlap-warning', role: 'alert', id: 'overlap-warning' },
      h('p', {}, h('b', {}, title)), h('ul', {}, overlaps.slice(0, 10).map((o) => h('li', {}, t('schedule.overlap',
        { at: time(o.at), other: o.scheduleName, otherAt: time(o.otherAt), villages: o.sharedVillages }))))));
    // overlaps are checked with a dry run first; once shown, the next click saves anyway (until the form changes)
    let overlapsSeen = false;
    form.addEventListener('change', () => { overlapsSeen = false; save.textContent = t('common.save'); clear(warnings); });
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors(form);
      const body = { name: name.value.trim(), programmeId: programme.value, targets: picker.chosen(), recurrence: recurrence(),
        priority: Number(priority.value), onPreempt: onPreempt.value };
      Object.assign(body, { startDate: startDate.value || null, endDate: endDate.value || null,
        skipDates: skipDates.value.split(/[,，\s]+/).filter(Boolean) });
      const send = (query) => (schedule ? api.put(`/schedules/${schedule.id}${query}`, body) : api.post(`/schedules${query}`, body));
      let saved;
      try {
        if (!overlapsSeen) {
          const check = await send('?dryRun=true');
          if (check.overlaps.length) {
            overlapsSeen = true;
            showOverlaps(check.overlaps, t('schedule.overlapBefore'));
            save.textContent = t('schedule.saveAnyway');
            save.focus();
            return;
          }
        }
        saved = await send('');
      } catch (error) { showError(form, error); return; }
      toast(t('schedule.saved'));
      await load();
      if (saved.overlaps?.length && !overlapsSeen) {
        // another schedule changed in between: saved, but say so and keep the form to adjust it
        schedule = saved;
        showOverlaps(saved.overlaps, t('schedule.overlapTitle'));
        return;
      }
      clear(formBox);
    });
    clear(formBox).append(form);
    name.focus();
  }
  load();
}

