package org.dalaba.hub.mqtt;

import java.util.Locale;
import org.dalaba.hub.mqtt.MqttGateway;

/** The operator's words on {@code /health} for a subscription the broker refused: Chinese first, then English. */
public final class SubscriptionWarning {
  private SubscriptionWarning() {
  }

  public static String text(String filter, int code) {
    String hex = "0x" + Integer.toHexString(code).toUpperCase(Locale.ROOT);
    return "MQTT 代理拒绝了本中心对 " + filter + " 的订阅（原因码 " + hex + "），本中心收不到这些消息，未就绪；"
        + "请检查代理的 ACL 中本中心账号的订阅权限，本中心会自动重试。 / The MQTT broker refused the hub's subscription to "
        + filter + " (reason code " + hex + " " + MqttGateway.subackReason(code) + "): the hub is not ready and receives none of "
        + "these messages; check the hub account's subscribe permission in the broker's ACL. The hub keeps asking.";
  }
}
