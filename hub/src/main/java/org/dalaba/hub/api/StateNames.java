package org.dalaba.hub.api;

import java.util.Map;

/**
 * Chinese names of delivery and alert states for exports people read, as the console shows them
 * (the JSON API keeps the wire names).
 */
final class StateNames {
  private static final Map<String, String> DELIVERY = Map.of("pending", "待接收", "received", "已接收", "playing", "播放中",
      "played", "已播放", "failed", "失败", "expired", "已过期", "cancelled", "已撤销");
  private static final Map<String, String> ALERT = Map.of("active", "进行中", "completed", "已完成", "cancelled", "已撤销",
      "expired", "已过期", "pending_approval", "等待审批", "rejected", "已驳回");
  private static final Map<String, String> APPROVAL = Map.of("not_required", "无需审批", "pending", "等待审批", "approved", "已批准",
      "rejected", "已驳回", "expired", "审批超时", "overridden", "紧急越权发布");

  private StateNames() {
  }

  static String delivery(String wire) {
    return DELIVERY.getOrDefault(wire, wire);
  }

  static String approval(String wire) {
    return APPROVAL.getOrDefault(wire, wire);
  }

  static String alert(String wire) {
    return ALERT.getOrDefault(wire, wire);
  }
}
