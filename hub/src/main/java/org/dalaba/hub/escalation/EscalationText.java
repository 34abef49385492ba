package org.dalaba.hub.escalation;

import org.dalaba.hub.alert.Alert;

/** The words a notified person reads: which alert, which village, how many speakers have not played, what to do. */
final class EscalationText {
  private EscalationText() {
  }

  /** @param exercise a drill: the text starts and ends with 演练, so nobody takes it for a real alert */
  static String of(Alert alert, boolean exercise, String townshipName, String villageName, int missing, int played,
                   DeliveryTarget target) {
    int percent = alert.endpointCount() == 0 ? 100 : (int) Math.floor(played * 100.0 / alert.endpointCount());
    String text = alert.level().chinese + "预警「" + alert.title() + "」未按时送达：" + townshipName + villageName + "有 " + missing
        + " 个喇叭没有播放（目标 " + target.describe() + "，全部目标现 " + percent + "%）。请立即电话或上门通知村民。预警编号 " + alert.id() + "。";
    return exercise ? "【演练】" + text + "（演练，非真实预警）" : text;
  }
}
