package org.dalaba.hub.api;

import io.vertx.core.json.JsonObject;
import org.dalaba.hub.access.User;

/**
 * The emergency override of {@code POST /api/v1/alerts} ({@code "override": {"reason": …}}): a county-level user sends
 * an alert at once, without the second person the two-person rule asks for, and must say why.
 */
final class EmergencyOverrides {
  private EmergencyOverrides() {
  }

  /** @return the reason given, or null when the request asks for no override */
  static String reason(JsonObject body, User user) {
    Object value = body == null ? null : body.getValue("override");
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonObject override)) {
      throw ApiError.badField("override", "紧急越权发布须填写理由", "an emergency override needs a reason");
    }
    String reason = ApprovalRoutes.reason(override.getValue("reason"), "override", "紧急越权发布须填写理由",
        "an emergency override needs a reason");
    if (!user.scope().isCounty()) {
      throw ApiError.forbidden("override", "只有县级人员可以紧急越权发布（不经审批立即发出）",
          "only a county-level user may send an alert at once by emergency override");
    }
    return reason;
  }
}
