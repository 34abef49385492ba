package org.dalaba.hub.api;

import java.util.Map;

/** Chinese names of delivery states for exports people read (the JSON API keeps the wire names). */
final class DeliveryStateNames {
  private static final Map<String, String> CHINESE = Map.of("pending", "待接收", "received", "已接收", "playing", "播放中",
      "played", "已播放", "failed", "失败", "expired", "已过期", "cancelled", "已撤销");

  private DeliveryStateNames() {
  }

  static String chinese(String wire) {
    return CHINESE.getOrDefault(wire, wire);
  }
}
