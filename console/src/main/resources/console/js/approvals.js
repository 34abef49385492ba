// The two-person rule on every screen: a bar under the header lists the alerts waiting for approval that this user
// may decide (with a short beep when one arrives, SSE alert.pending), and the user's own alerts still waiting
// ("等待审批"). Each links to the approval screen (#/approve/{id}).
import { api } from './api.js';
import { h, clear, levelBadge, alertMarks } from './dom.js';
import { t } from './i18n.js';

let user = null;
let items = [];
let timer = null;
let beeps = 0;

export function startApprovals(me) {
  user = me;
  refresh();
}

export function stopApprovals() {
  user = null;
  items = [];
  draw();
}

/** Every hub event of the page's one stream passes here. */
export function onHubEvent(event) {
  if (!user) return;
  const id = event.alertId;
  if (event.type === 'alert.pending') {
    refresh().then(() => { if (items.some((i) => i.id === id && i.mayApprove)) beep(); });
    return;
  }
  if (event.type === 'alert.approved' || event.type === 'alert.rejected'
      || (event.type === 'alert' && (event.state === 'pending_approval' || items.some((i) => i.id === id)))) {
    clearTimeout(timer);
    timer = setTimeout(refresh, 200);
  }
}

async function refresh() {
  if (!user) return;
  try {
    items = (await api.get('/approvals')).items.filter((i) => i.mayApprove || i.own);
  } catch (e) {
    return; // the hub-lost banner tells; the bar keeps what it showed
  }
  draw();
}

function draw() {
  const bar = document.getElementById('approvals-bar');
  if (!bar) return;
  clear(bar);
  bar.dataset.beeps = String(beeps);
  bar.hidden = !items.length;
  if (!items.length) return;
  bar.append(h('strong', {}, t('approvals.bar'), ` (${items.length})`), h('ul', { id: 'approvals-list' }, items.map((i) =>
    h('li', { 'data-approval': i.id, class: i.exercise ? 'is-exercise' : '' }, levelBadge(i.level), ...alertMarks(i), ' ',
      h('span', { lang: 'zh-CN' }, i.title), ' ', h('small', {}, t('approvals.by', { by: i.createdBy })), ' ',
      i.mayApprove ? h('a', { href: `#/approve/${i.id}`, class: 'button', id: `review-${i.id}` }, t('approvals.review'))
        : h('a', { href: `#/alerts/${i.id}`, class: 'alert-state pending_approval' }, t('approvals.waiting'))))));
}

/** A short two-tone beep (WebAudio): someone asks for a second person. */
function beep() {
  beeps += 1;
  const bar = document.getElementById('approvals-bar');
  if (bar) bar.dataset.beeps = String(beeps);
  try {
    const audio = new (window.AudioContext || window.webkitAudioContext)();
    const gain = audio.createGain();
    gain.gain.value = 0.2;
    gain.connect(audio.destination);
    [880, 660].forEach((frequency, n) => {
      const tone = audio.createOscillator();
      tone.frequency.value = frequency;
      tone.connect(gain);
      tone.start(audio.currentTime + n * 0.18);
      tone.stop(audio.currentTime + n * 0.18 + 0.15);
    });
    setTimeout(() => audio.close(), 1000);
  } catch (e) {
    // no audio in this browser: the bar still shows it
  }
}
