package org.dalaba.hub.alert;

import io.vertx.core.json.JsonObject;

/**
 * The two-person rule's record on an alert (JSON {@code "approval"}): whether a second person had to approve it, and
 * what became of the request. {@code state}: {@code not_required}, {@code pending}, {@code approved}, {@code rejected},
 * {@code expired}, {@code overridden}. Times are epoch ms (0: not yet); {@code deadlineAt} is when a pending request
 * expires; {@code reason} is a rejection's (or an override's) reason.
 */
public record Approval(boolean required, String state, String requestedBy, long requestedAt, String decidedBy,
                       long decidedAt, String reason, long deadlineAt) {
  public static final String NOT_REQUIRED = "not_required";
  public static final String PENDING = "pending";
  public static final String APPROVED = "approved";
  public static final String REJECTED = "rejected";
  public static final String EXPIRED = "expired";
  public static final String OVERRIDDEN = "overridden";

  public static Approval notRequired(String by, long at) {
    return new Approval(false, NOT_REQUIRED, by, at, null, 0, null, 0);
  }

  public static Approval pending(String by, long at, long deadlineAt) {
    return new Approval(true, PENDING, by, at, null, 0, null, deadlineAt);
  }

  /**
   * Sent at once by a CAP feed's {@code auto} rule: the county's configuration is the second person, named as the
   * approver ({@code feed:<id>}), with the reason saying so.
   */
  public static Approval byFeedRule(String feedUser, long at) {
    return new Approval(true, APPROVED, feedUser, at, feedUser, at, "外部预警源的自动发布规则（配置）", 0);
  }

  public static Approval overridden(String by, long at, String reason) {
    return new Approval(true, OVERRIDDEN, by, at, by, at, reason, 0);
  }

  public boolean isPending() {
    return PENDING.equals(state);
  }

  /** The request decided: {@code approved}, {@code rejected} or {@code expired}, by whom (null: the hub's timer). */
  public Approval decided(String newState, String by, long at, String why) {
    return new Approval(required, newState, requestedBy, requestedAt, by, at, why, deadlineAt);
  }

  public JsonObject toJson() {
    return new JsonObject().put("required", required).put("state", state).put("requestedBy", requestedBy)
        .put("requestedAt", requestedAt).put("decidedBy", decidedBy).put("decidedAt", decidedAt).put("reason", reason)
        .put("deadlineAt", deadlineAt);
  }

  /** Alerts stored before the two-person rule carry none: they went out at once. */
  public static Approval fromJson(JsonObject json, String createdBy, long createdAt) {
    if (json == null) {
      return notRequired(createdBy, createdAt);
    }
    return new Approval(json.getBoolean("required", false), json.getString("state", NOT_REQUIRED), json.getString("requestedBy"),
        json.getLong("requestedAt", 0L), json.getString("decidedBy"), json.getLong("decidedAt", 0L), json.getString("reason"),
        json.getLong("deadlineAt", 0L));
  }
}
