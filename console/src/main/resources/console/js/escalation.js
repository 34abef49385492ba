// An alert's escalation (issue 13): the steps taken after it missed its delivery target, every notification with
// its outcome, and the villages listed for a phone call. Its own element, reloaded by the alert view whenever
// the alert changes (alert.escalation events included), so a redraw of the view does not refetch it.
import { api } from './api.js';
import { h, clear, time } from './dom.js';
import { t, addTexts } from './i18n.js';

addTexts({
  'esc.title': ['升级通知', 'Escalation'],
  'esc.none': ['尚未升级：未到期限或已达标', 'No escalation: the target is not due yet or was met'],
  'esc.followUp': ['需电话跟进的村', 'Villages to phone'],
  'esc.phoned': ['已电话通知：{by} {at}', 'Phoned by {by} at {at}'],
  'esc.notPhoned': ['待电话通知', 'To phone'],
  'esc.at': ['时间', 'Time'],
  'esc.step': ['步骤', 'Step'],
  'esc.village': ['村', 'Village'],
  'esc.contact': ['联系人', 'Contact'],
  'esc.channel': ['渠道', 'Channel'],
  'esc.outcome': ['结果', 'Outcome'],
  'esc.kind.resend': ['重发', 'Re-send'],
  'esc.kind.notify': ['通知联系人', 'Notify contacts'],
  'esc.kind.phone_followup': ['列入电话跟进', 'Listed for a call'],
  'esc.outcome.sent': ['成功', 'Sent'],
  'esc.outcome.failed': ['失败（将重试）', 'Failed (will retry)'],
  'esc.outcome.retrying': ['重试中', 'Retrying'],
  'esc.outcome.gave_up': ['放弃', 'Given up'],
  'esc.outcome.resend.sent': ['在线，持续重发', 'Online, being re-sent'],
  'esc.outcome.resend.failed': ['离线，上线后补发', 'Offline, sent when back'],
  'esc.outcome.phone_followup.sent': ['已列入', 'Listed'],
  'esc.channel.webhook': ['Webhook', 'Webhook'],
  'esc.channel.wecom': ['企业微信', 'WeCom'],
  'esc.channel.dingtalk': ['钉钉', 'DingTalk'],
  'esc.channel.sms': ['短信', 'SMS'],
});

/** A notification's outcome in words; a re-send or a listing has words of its own. */
function outcomeText(item) {
  const own = `esc.outcome.${item.kind}.${item.outcome}`;
  return t(own) !== own ? t(own) : t(`esc.outcome.${item.outcome}`);
}

export function escalationPanel(alertId) {
  const element = h('section', { class: 'escalation', id: 'escalation' });
  async function load() {
    let found;
    try { found = await api.get(`/alerts/${encodeURIComponent(alertId)}/notifications`); } catch (e) { return; }
    draw(found);
  }
  function draw({ items, phoneFollowUp }) {
    const heading = h('h2', {}, t('esc.title'));
    if (!items.length && !phoneFollowUp.length) {
      clear(element).append(heading, h('p', { class: 'note', id: 'escalation-none' }, t('esc.none')));
      return;
    }
    const followUp = phoneFollowUp.length ? h('div', {}, h('h3', {}, t('esc.followUp'), ` (${phoneFollowUp.length})`),
      h('ul', { id: 'escalation-follow-up' }, phoneFollowUp.map((v) => h('li', { 'data-village': v.villageId, class: v.phoned ? 'phoned' : '' },
        `${v.townshipName || ''}${v.villageName} · `, v.phoned ? t('esc.phoned', { by: v.phoned.by, at: time(v.phoned.at, false).slice(0, 5) })
          : h('b', {}, t('esc.notPhoned')))))) : '';
    const rows = items.map((i) => h('tr', { class: `outcome-${i.outcome}`, 'data-village': i.village || '' },
      h('td', {}, time(i.at, false)),
      h('td', {}, `${i.step} · ${t(`esc.kind.${i.kind}`)}`),
      h('td', {}, i.villageName || i.village || ''),
      h('td', {}, i.contact ? `${i.contact}${i.contactRole ? `（${i.contactRole}）` : ''}` : ''),
      h('td', {}, i.channel ? t(`esc.channel.${i.channel}`) : ''),
      h('td', {}, h('span', { class: `outcome ${i.outcome}` }, outcomeText(i)),
        i.attempt > 1 ? ` #${i.attempt}` : '', i.error && i.kind !== 'resend' ? h('span', { class: 'reason' }, ` ${i.error}`) : '')));
    clear(element).append(heading, followUp, h('div', { class: 'table-wrap' }, h('table', { id: 'escalation-items' },
      h('thead', {}, h('tr', {}, ...['esc.at', 'esc.step', 'esc.village', 'esc.contact', 'esc.channel', 'esc.outcome']
        .map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, rows))));
  }
  return { element, load };
}
