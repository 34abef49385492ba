package org.dalaba.hub.config;

/**
 * Every fixed limit of the hub in one place: sizes of what it accepts, lengths of texts, how many items a list
 * gives at most, how much it holds while behind. These are not configuration keys (those, with their defaults, are
 * {@link ConfigKey} and docs/configuration.md); they are the bounds the code and its tests rely on. docs/limits.md
 * lists each with its value and reason, and {@code LimitsDocumentTest} keeps the two in step. Text lengths count
 * Unicode code points (docs/api.md).
 */
public final class Limits {
  private Limits() {
  }

  // ---- HTTP API: request sizes ----
  /** Largest JSON request body (a directory file is streamed, with its own limit below). */
  public static final int HTTP_BODY_BYTES = 1_048_576;
  /** Largest directory file (CSV or JSON) an import reads, in UTF-8 bytes. */
  public static final long DIRECTORY_FILE_BYTES = 16L * 1024 * 1024;
  /** Most villages a directory may hold (Liaoning has about 11,000); reading stops at the first one over. */
  public static final int DIRECTORY_VILLAGES = 20_000;
  /** Most problems a refused directory file lists; the rest are counted in a final problem. */
  public static final int DIRECTORY_PROBLEMS_LISTED = 200;

  /** Largest CAP document an import reads (POST /api/v1/cap), in bytes. */
  public static final int CAP_DOCUMENT_BYTES = 512 * 1024;
  /** Deepest element nesting a CAP document may have (CAP itself needs 5, a signature 7). */
  public static final int CAP_ELEMENT_DEPTH = 32;
  /** Most elements a CAP document may have. */
  public static final int CAP_ELEMENTS = 20_000;

  // ---- texts ----
  /** An alert's title, in characters. */
  public static final int ALERT_TITLE_CHARS = 100;
  /** An alert's text, in characters. */
  public static final int ALERT_TEXT_CHARS = 2000;
  /** The reason given for rejecting an alert or sending it by emergency override, in characters. */
  public static final int ALERT_REASON_CHARS = 200;
  /** A speech preview's text: a title and a 2,000-character text. */
  public static final int SPEECH_PREVIEW_CHARS = 2100;
  /** A username read at login: longer than any the hub accepts (32), short enough to be harmless in keys and audit. */
  public static final int LOGIN_USERNAME_CHARS = 64;
  /** Shortest password the policy accepts. */
  public static final int PASSWORD_MIN_CHARS = 10;
  /** Longest password the policy accepts. */
  public static final int PASSWORD_MAX_CHARS = 200;
  /** Duty contacts per village. */
  public static final int CONTACTS_PER_VILLAGE = 10;
  /** A duty contact's name, in characters. */
  public static final int CONTACT_NAME_CHARS = 50;
  /** A duty contact's role (e.g. village cadre), in characters. */
  public static final int CONTACT_ROLE_CHARS = 20;
  /** Notification channels one duty contact may list. */
  public static final int CONTACT_CHANNELS = 5;
  /** Text from outside (a device, a request) quoted in a log line, in characters. */
  public static final int LOG_TEXT_CHARS = 200;

  // ---- lists: default and most items per answer ----
  /** Alert history: items by default. */
  public static final int ALERT_HISTORY_DEFAULT = 50;
  /** Alert history: most items (also the alert CSV export). */
  public static final int ALERT_HISTORY_MAX = 500;
  /** Alerts a filtered history looks through, newest first; older ones need a narrower date range. */
  public static final int ALERT_HISTORY_SCAN = 2000;
  /** Escalation steps and notifications of one alert shown in its timeline (the oldest). */
  public static final int TIMELINE_NOTIFICATIONS = 1000;
  /** Routine fires listed in one daily report (of one day). */
  public static final int DAILY_REPORT_FIRES = 1000;
  /** Fire history: items by default. */
  public static final int FIRE_HISTORY_DEFAULT = 50;
  /** Fire history: most items. */
  public static final int FIRE_HISTORY_MAX = 100;
  /** Audit log: entries by default. */
  public static final int AUDIT_DEFAULT = 200;
  /** Audit log: most entries. */
  public static final int AUDIT_MAX = 1000;
  /** Items in one programme. */
  public static final int PROGRAMME_ITEMS = 50;
  /** Upcoming fires listed for one schedule. */
  public static final int UPCOMING_FIRES = 1000;
  /** Fires compared when looking for overlapping schedules. */
  public static final int OVERLAP_FIRES = 500;
  /** Missed fires recorded for one schedule after the hub was down. */
  public static final int MISSED_FIRES_RECORDED = 100;

  // ---- what is kept ----
  /** Audit entries of changes kept (the oldest are trimmed). */
  public static final int AUDIT_CHANGES_KEPT = 1_000_000;
  /** Audit entries of failed logins and password checks kept, apart from the changes. */
  public static final int AUDIT_LOGINS_KEPT = 100_000;
  /** Escalation steps and notification attempts kept per alert (the oldest are trimmed). */
  public static final int NOTIFICATIONS_KEPT_PER_ALERT = 5_000;

  // ---- queues and buffers: how much waits while the hub is behind ----
  /** Alerts being voiced or waiting for it at once; far above any county's rate of alerts. */
  public static final int ALERT_VOICINGS_QUEUED = 64;
  /** Largest Ogg page a live source may send (an Ogg page is at most 65,307 bytes; 60 ms of Opus is a few hundred). */
  public static final int LIVE_PAGE_BYTES = 16_384;
  /** Most audio one page of a live source may hold, in ms: longer pages would add their length to the lag. */
  public static final int LIVE_PAGE_MS = 1000;
  /** Live sessions {@code GET /api/v1/live} lists at most, newest first. */
  public static final int LIVE_SESSIONS_LISTED = 200;
  /** Largest WAV a speech job may produce: 2,000 characters of Mandarin at espeak-ng's pace is well under it. */
  public static final int SPEECH_WAV_BYTES = 64 * 1024 * 1024;
  /** Endpoint reports waiting for the hub's event loop (embedded broker or MQTT client): 30 alerts to 10,000 endpoints, ~80 MB. */
  public static final int BROKER_REPORTS_BUFFERED = 250_000;
  /** Receipts waiting to be written to Redis (while it is unreachable, say): ten times a 10,000-endpoint alert's. */
  public static final int RECEIPTS_WAITING = 100_000;
  /** Receipts written to Redis in one pipelined batch. */
  public static final int RECEIPTS_PER_BATCH = 2_000;
  /** Notifications waiting to be sent (or retried); more are recorded as given up. 1,000 villages × a few contacts. */
  public static final int NOTIFY_QUEUED = 5_000;
  /** Notification requests in flight at once to the channels' servers. */
  public static final int NOTIFY_IN_FLIGHT = 8;

  // ---- MQTT ----
  /** Largest endpoint report the embedded broker hands the hub (reports are a few KB, docs/protocol.md). */
  public static final int DEVICE_REPORT_BYTES = 16_384;
  /** Largest command the hub sends an endpoint (docs/protocol.md); a prefetch too big with its announced play goes without it. */
  public static final int COMMAND_BYTES = 16_384;
  /** Largest MQTT packet the embedded broker accepts: commands are at most 16 KB, reports 4 KB. */
  public static final int BROKER_PACKET_BYTES = 268_435;
  /**
   * Messages the embedded broker queues per client beyond its in-flight window: the hub's one subscription takes
   * every endpoint's receipts at once (30,000 for an alert to 10,000 endpoints); HiveMQ's default of 1,000 dropped most.
   */
  public static final int BROKER_QUEUED_PER_CLIENT = 1_000_000;

  // ---- CAP feeds (cap/feed) ----
  /** Most CAP sources one hub polls. */
  public static final int CAP_FEED_SOURCES = 50;
  /** A source's answer (index or document) read at most when its {@code maxBytes} is not given: a 900 KB feed fits. */
  public static final int CAP_FEED_BYTES_DEFAULT = 2_097_152;
  /** The most a source's {@code maxBytes} may allow; a longer answer is cut off while it arrives. */
  public static final int CAP_FEED_BYTES_MAX = 16_777_216;
  /** Entries of one index looked at per poll (the newest); the rest wait for the next poll. */
  public static final int CAP_FEED_ENTRIES_PER_POLL = 100;
  /** Entry keys remembered per source as already handled (the oldest are forgotten first). */
  public static final int CAP_FEED_SEEN_KEPT = 5000;
  /** External warnings kept (queued and decided); the oldest decided ones are trimmed. */
  public static final int CAP_QUEUE_KEPT = 1000;
  /** An operator's reason for dismissing an external warning, in characters. */
  public static final int CAP_DISMISS_REASON_CHARS = 200;
}
