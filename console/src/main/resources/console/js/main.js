// Boot, navigation and the hash router: #/overview, #/send, #/live, #/live/{id}, #/alerts/{id}, #/approve/{id}, #/history, #/coverage, #/fires/{id}, #/programmes/{tab}, #/directory, #/users, #/audit.
import { api, setToken, token, whenUnauthorized, whenReachable, events } from './api.js';
import { h, clear, setZone, toast, clock } from './dom.js';
import { t, language, setLanguage } from './i18n.js';
import * as login from './views/login.js';
import * as overview from './views/overview.js';
import * as sendAlert from './views/send-alert.js';
import * as live from './views/live.js';
import * as liveDetail from './views/live-detail.js';
import * as progress from './views/alert-progress.js';
import * as history from './views/history.js';
import * as fireDetail from './views/fire-detail.js';
import * as audit from './views/audit.js';
import * as directory from './views/directory.js';
import * as users from './views/users.js';
import * as password from './views/password.js';
import * as routine from './views/routine.js';
import * as wall from './views/wall.js';
import * as approval from './views/approval.js';
import { startApprovals, stopApprovals, onHubEvent } from './approvals.js';
import * as external from './views/external-warnings.js';
import { chime } from './chime.js';
import * as coverage from './views/coverage.js';
import { capture, restore } from './form-keeper.js';

const NAV = [
  { path: 'overview', key: 'nav.overview', view: overview, needs: 'view' },
  { path: 'send', key: 'nav.send', view: sendAlert, needs: 'send_alerts' },
  { path: 'live', key: 'nav.live', view: live, needs: 'send_alerts' },
  { path: 'external', key: 'nav.external', view: external, needs: 'send_alerts' },
  { path: 'history', key: 'nav.history', view: history, needs: 'view' },
  { path: 'wall', key: 'nav.wall', view: wall, needs: 'view' },
  { path: 'coverage', key: 'nav.coverage', view: coverage, needs: 'view' },
  { path: 'programmes', key: 'nav.programmes', view: routine, needs: 'programmes' },
  { path: 'directory', key: 'nav.directory', view: directory, needs: 'administer' },
  { path: 'users', key: 'nav.users', view: users, needs: 'administer' },
  { path: 'audit', key: 'nav.audit', view: audit, needs: 'administer' },
];

let me = null;
let cleanup = null;
let closeWatch = null;
let lostSince = null;

/**
 * While logged in, one event stream watches the hub: when it (or any API call) fails, a banner says so
 * loudly and the page's figures are marked as possibly out of date until the hub answers again.
 */
function watchHub() {
  if (closeWatch) return;
  // approvals on every screen; an external warning waiting for an operator: a sound and a note wherever they are
  closeWatch = events((event) => {
    onHubEvent(event);
    if (event.type !== 'cap.queued' || !may('send_alerts')) return;
    chime();
    toast(t('external.arrived', { headline: event.headline || '' }));
  });
  startApprovals(me);
}
function unwatchHub() { if (closeWatch) { closeWatch(); closeWatch = null; } stopApprovals(); }
whenReachable((up) => {
  const banner = document.getElementById('hub-lost');
  if (up) lostSince = null; else if (!lostSince) lostSince = new Date().toISOString();
  document.body.classList.toggle('hub-lost', !up && !!me);
  banner.hidden = up || !me;
  banner.textContent = up ? '' : t('hub.lost', { time: clock(lostSince ? Date.parse(lostSince) - Date.now() : 0) });
});

function may(permission) { return me && me.permissions.includes(permission); }

function renderChrome() {
  document.title = t('app.name');
  document.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  const lang = document.getElementById('lang');
  lang.textContent = t('lang.switch');
  lang.lang = language() === 'en' ? 'zh-CN' : 'en';
  const nav = clear(document.getElementById('nav'));
  document.getElementById('logout').hidden = !me;
  const who = clear(document.getElementById('who'));
  if (me) {
    who.append(h('a', { href: '#/password', title: t('password.title') }, me.displayName || me.username),
      ` · ${t(`role.${me.role}`)} · ${me.scope.name || t('scope.county')}`);
  }
  if (!me) return;
  const current = location.hash.slice(2).split('/')[0];
  const list = h('ul');
  for (const item of NAV.filter((n) => may(n.needs))) {
    list.append(h('li', {}, h('a', { href: `#/${item.path}`, id: `nav-${item.path}`, 'aria-current': current === item.path ? 'page' : null }, t(item.key))));
  }
  nav.append(list);
}

async function route() {
  if (cleanup) { cleanup(); cleanup = null; }
  const main = clear(document.getElementById('main'));
  const [path, arg] = location.hash.slice(2).split('/');
  if (!token() || !me) {
    renderChrome();
    cleanup = login.render(main, { onLoggedIn });
    return;
  }
  renderChrome();
  const ctx = { me, navigate: (hash) => { location.hash = hash; } };
  if (path === 'password') {
    cleanup = password.render(main, ctx) || null;
    return;
  }
  if (path === 'alerts' && arg) {
    cleanup = progress.render(main, ctx, arg);
    return;
  }
  if (path === 'approve' && arg) {
    cleanup = approval.render(main, ctx, arg);
    return;
  }
  if (path === 'live' && arg) { // a past session: whoever may view, like an alert's page
    cleanup = liveDetail.render(main, ctx, decodeURIComponent(arg));
    return;
  }
  if (path === 'fires' && arg) {
    cleanup = fireDetail.render(main, ctx, arg);
    return;
  }
  if (path === 'wall') {
    document.body.classList.add('wall-mode');
    const end = wall.render(main, ctx);
    cleanup = () => { document.body.classList.remove('wall-mode'); end(); };
    return;
  }
  const item = NAV.find((n) => n.path === path && n.view && may(n.needs)) || NAV[0];
  if (item.path !== path) { location.replace('#/overview'); return; }
  cleanup = item.view.render(main, ctx, arg) || null;
  main.focus({ preventScroll: true });
}

async function onLoggedIn(session) {
  setToken(session.token);
  me = session;
  watchHub();
  setZone(me.zone);
  location.hash = may('send_alerts') && location.hash.startsWith('#/send') ? '#/send' : '#/overview';
  route();
}

whenUnauthorized(() => {
  if (!me) return;
  me = null;
  setToken(null);
  unwatchHub();
  toast(t('login.expired'), 'error');
  route();
});

document.getElementById('lang').addEventListener('click', () => {
  // a half-filled form survives the switch: the screen is drawn again in the other language with the same values
  const kept = capture(document.getElementById('main'));
  setLanguage(language() === 'en' ? 'zh' : 'en');
  route().then(() => restore(document.getElementById('main'), kept));
});
document.getElementById('logout').addEventListener('click', async () => {
  try { await api.del('/session'); } catch (e) { /* the session may have expired already */ }
  unwatchHub();
  me = null;
  setToken(null);
  location.hash = '';
  route();
});
window.addEventListener('hashchange', route);

setLanguage(language());
(async () => {
  if (token()) {
    try { me = await api.get('/me'); setZone(me.zone); watchHub(); } catch (e) { setToken(null); me = null; }
  }
  route();
})();
