package org.dalaba.hub.store;

/**
 * Every Redis key the hub uses. Keys of one alert share the hash tag {@code {id}} so that a Redis
 * Cluster keeps them in one slot and the multi-key scripts stay legal there.
 */
public final class Keys {
  public static final String DIRECTORY = "dlb:directory";
  public static final String ENDPOINT_SECRETS = "dlb:endpoint-secrets";
  public static final String SERVICE_SECRETS = "dlb:service-secrets";
  public static final String ENDPOINT_STATUS = "dlb:endpoint-status";
  public static final String ALERTS_BY_TIME = "dlb:alerts";
  public static final String ALERTS_OPEN = "dlb:alerts:open";
  /** Alerts waiting for a second person's approval, scored by when the wait ends (alert/ApprovalExpiry). */
  public static final String ALERTS_PENDING = "dlb:alerts:pending";
  public static final String AUDIT = "dlb:audit";
  public static final String DEVICE_ERRORS = "dlb:device-errors";
  public static final String MEDIA_BY_TIME = "dlb:media";
  public static final String PROGRAMMES_BY_TIME = "dlb:programmes";
  public static final String SCHEDULES = "dlb:schedules";
  public static final String FIRES_OPEN = "dlb:fires:open";
  /** Prefetches whose play time has not come, scored by play time (schedule/PrefetchRetries). */
  public static final String PREFETCHES_OPEN = "dlb:prefetches:open";
  public static final String USERS = "dlb:users";
  public static final String VOLUME_CHANGES_BY_TIME = "dlb:volume-changes";
  public static final String VOLUME_CHANGES_OPEN = "dlb:volume-changes:open";
  /** Live sessions, scored by creation time. */
  public static final String LIVE_SESSIONS_BY_TIME = "dlb:live-sessions";
  /** Live sessions not ended yet. */
  public static final String LIVE_SESSIONS_OPEN = "dlb:live-sessions:open";
  /** Which live sessions hold each endpoint (endpoint id → claims; live/LiveClaims): one hash, one slot on a cluster. */
  public static final String LIVE_CLAIMS = "dlb:{live-claims}";

  /** External warnings (CAP feed entries waiting for an operator, and decided ones), scored by arrival (cap/feed/ExternalWarnings). */
  public static final String CAP_QUEUE = "dlb:cap-queue";

  private Keys() {
  }

  /** One external warning (JSON). */
  public static String capQueueItem(String id) { return "dlb:cap-queue:{" + id + "}"; }

  /** The once-only guard of an external warning's decision (sent or dismissed): SET NX by whoever decides it. */
  public static String capQueueDecision(String id) { return "dlb:cap-queue:{" + id + "}:decision"; }

  /** Which external warning holds a CAP sender + identifier (key: SHA-256 of both), so a repeat is not queued twice. */
  public static String capQueueByMessage(String messageKey) { return "dlb:cap-queue-message:" + messageKey; }

  /** One CAP source's poll status and counts (hash; cap/feed/FeedStatus). */
  public static String capSource(String sourceId) { return "dlb:cap-source:{" + sourceId + "}"; }

  /** Entry keys of one CAP source already handled, scored by when (cap/feed/SeenEntries). */
  public static String capSeen(String sourceId) { return "dlb:cap-source:{" + sourceId + "}:seen"; }

  public static String alert(String id) { return "dlb:alert:{" + id + "}"; }

  /** Delivery records of one command of a kind ({@code alert}, {@code play}, {@code prefetch}). */
  public static String deliveries(String kind, String id) { return "dlb:" + kind + ":{" + id + "}:deliveries"; }

  public static String counts(String kind, String id) { return "dlb:" + kind + ":{" + id + "}:counts"; }

  /** What follows a preemption on each endpoint of one command (delivery/Preemptions), in the records' slot. */
  public static String resumes(String kind, String id) { return "dlb:" + kind + ":{" + id + "}:resumes"; }

  /** Re-sends planned after failed downloads of one prefetch (endpoint → attempt and due time), in the records' slot. */
  public static String retries(String kind, String id) { return "dlb:" + kind + ":{" + id + "}:retries"; }

  /** One operator volume change; its records live under the {@code volume} kind. */
  public static String volumeChange(String id) { return "dlb:volume:{" + id + "}"; }

  /** One live session; its records live under the {@code live} kind. */
  public static String liveSession(String id) { return "dlb:live:{" + id + "}"; }

  /** Which hub streams one live session ({@code {"hub","url"}}), a lease its origin renews (live/LiveOrigins). */
  public static String liveOrigin(String id) { return "dlb:live:{" + id + "}:origin"; }

  /** Taken (SET NX) by the leader that ends a live session whose origin was lost: once, even with two leaders. */
  public static String liveLost(String id) { return "dlb:live:{" + id + "}:lost"; }

  /** Lag each endpoint reported for one live session ({@code first:{endpointId}}, {@code all:{endpointId}} → JSON). */
  public static String liveLag(String id) { return "dlb:live:{" + id + "}:lag"; }

  public static String media(String sha256) { return "dlb:media:" + sha256; }

  /** Who may fetch one media file: {@code all}, {@code t:{townshipId}}, {@code v:{villageId}}, {@code e:{endpointId}}. */
  public static String mediaAudience(String sha256) { return "dlb:media:" + sha256 + ":to"; }

  /** The audio rendered for one alert after it was accepted (a media reference as JSON). */
  public static String alertMedia(String id) { return "dlb:alert:{" + id + "}:media"; }

  /** Villages of one alert marked phoned by an operator (village id → {@code {"by","at","note"}}). */
  public static String alertPhoned(String id) { return "dlb:alert:{" + id + "}:phoned"; }

  /** Every escalation step and notification attempt of one alert, oldest first (JSON entries, docs/api.md). */
  public static String alertNotifications(String id) { return "dlb:alert:{" + id + "}:notifications"; }

  /**
   * How far one alert's escalation went, so a new leader continues it: {@code target} (met / missed), {@code step:N}
   * per step taken, and one claim per step + village (+ contact + channel) so nothing is done twice.
   */
  public static String alertEscalation(String id) { return "dlb:alert:{" + id + "}:escalation"; }

  /** Villages of one alert listed for a phone call by escalation (village id → {@code {"at","step"}}). */
  public static String alertFollowUp(String id) { return "dlb:alert:{" + id + "}:followup"; }

  /** The capabilities each endpoint last announced in its status ({@code caps}, JSON array). */
  public static final String ENDPOINT_CAPS = "dlb:endpoint-caps";

  /** Which media item text-to-speech made from one text and voice (key: SHA-256 of both). */
  public static String speech(String textKey) { return "dlb:tts:" + textKey; }

  /** The national message sequence of one day (yyyyMMdd), INCR'd per alert (alert/MessageIds). */
  public static String messageSequence(String day) { return "dlb:ebm-seq:{" + day + "}"; }

  /**
   * Which alert one CAP message (sender + identifier, digested) became: {@code {"alertId"}} or, for a Cancel,
   * {@code {"cancelled":[…]}}; briefly a claim while it is being imported (cap/CapLedger). Its own hash tag.
   */
  public static String capMessage(String digest) { return "dlb:cap:{" + digest + "}"; }

  public static String programme(String id) { return "dlb:programme:" + id; }

  public static String schedule(String id) { return "dlb:schedule:" + id; }

  /** The last fire time a schedule handled (fired or recorded as missed), epoch ms. */
  public static String lastFire(String scheduleId) { return "dlb:schedule:" + scheduleId + ":last"; }

  /** A schedule's fires, scored by scheduled time. */
  public static String scheduleFires(String scheduleId) { return "dlb:schedule:" + scheduleId + ":fires"; }

  /** The once-only guard of one fire: SET NX by whichever hub instance fires it. */
  public static String fireGuard(String scheduleId, long fireEpochMs) { return "dlb:fire:" + scheduleId + ":" + fireEpochMs; }

  /** The once-only guard of one fire's prefetch. */
  public static String prefetchGuard(String scheduleId, long fireEpochMs) { return "dlb:prefetch-guard:" + scheduleId + ":" + fireEpochMs; }

  /** One fire's record (what was played, when, to whom); its deliveries live under the {@code play} kind. */
  public static String fire(String fireId) { return "dlb:routine:{" + fireId + "}"; }

  public static String user(String username) { return "dlb:user:" + username; }

  public static String session(String token) { return "dlb:session:" + token; }

  /** A single-use ticket for opening the event stream (short-lived, holds the session token). */
  public static String streamTicket(String ticket) { return "dlb:stream-ticket:" + ticket; }

  public static String userSessions(String username) { return "dlb:user-sessions:" + username; }

  // password-guessing counters (kind: login or password), one hash tag so the throttle script may touch all three
  public static String throttleAddress(String kind, String address) { return "dlb:{throttle}:" + kind + ":addr:" + address; }

  public static String throttlePair(String kind, String username, String address) {
    return "dlb:{throttle}:" + kind + ":pair:" + address + ":" + username;
  }

  public static String throttleUser(String kind, String username) { return "dlb:{throttle}:" + kind + ":user:" + username; }

  /** Failed logins and password checks, summarised: its own stream with its own cap, apart from {@link #AUDIT}. */
  public static final String AUDIT_LOGINS = "dlb:audit:logins";
}
