package org.dalaba.hub.config;

import java.util.List;
import java.util.Locale;

/**
 * Every configuration key, with its type, default and meaning, in one place. The configuration file
 * uses the dotted name; the environment variable is {@code DALABA_} plus the name in upper snake case
 * (e.g. {@code http.port} → {@code DALABA_HTTP_PORT}); command-line flags override both.
 */
public enum ConfigKey {
  DATA_DIR("dataDir", Type.STRING, "./data", "where the hub keeps Redis data (embedded), broker data and credentials"),
  HTTP_HOST("http.host", Type.STRING, "0.0.0.0", "address the HTTP API and console listen on"),
  HTTP_PORT("http.port", Type.PORT, "8080", "HTTP port of the API and console; 0 picks a free port"),
  TRUSTED_PROXIES("http.trustedProxies", Type.STRING, "", "comma-separated addresses of load balancers whose X-Forwarded-For is believed (login throttle, audit); empty = none"),
  PUBLIC_URL("http.publicUrl", Type.STRING, "", "URL endpoints and browsers use to reach the hub; empty = http://localhost:{http.port}"),
  MQTT_MODE("mqtt.mode", Type.STRING, "embedded", "embedded (start HiveMQ CE in-process) or external"),
  MQTT_HOST("mqtt.host", Type.STRING, "0.0.0.0", "embedded broker: listen address"),
  MQTT_PORT("mqtt.port", Type.PORT, "1883", "embedded broker: listen port; 0 picks a free port"),
  MQTT_URL("mqtt.url", Type.STRING, "", "external broker URL, e.g. tcp://broker:1883 (mqtt.mode=external); the nodes of a broker cluster comma-separated, tried in order"),
  MQTT_HUB_USERNAME("mqtt.hubUsername", Type.STRING, "hub", "the hub's own MQTT username"),
  MQTT_HUB_PASSWORD("mqtt.hubPassword", Type.STRING, "", "the hub's MQTT password; empty = generated once and kept in Redis"),
  MQTT_PUBLISH_QUEUE_MAX("mqtt.publishQueueMax", Type.POSITIVE_INT, "50000", "publishes the hub holds for its broker connection at most (being signed or waiting to be sent); more fail at once, are counted and are sent again by re-sends"),
  REDIS_MODE("redis.mode", Type.STRING, "embedded", "embedded (start redis-server under dataDir), external (one Redis at redis.url; standalone is the same), sentinel (the master named redis.masterName, found through redis.sentinels) or cluster (a Redis Cluster reached through redis.nodes)"),
  REDIS_URL("redis.url", Type.STRING, "", "external Redis, e.g. redis://:password@host:6379/0 (redis.mode=external)"),
  REDIS_PASSWORD("redis.password", Type.STRING, "", "external, sentinel and cluster modes: the Redis password (AUTH), if not given in redis.url; in sentinel mode the sentinels must ask for the same one; the embedded Redis makes its own in credentials/redis.password"),
  REDIS_USERNAME("redis.username", Type.STRING, "", "external, sentinel and cluster modes: the Redis ACL user the password belongs to, if not given in redis.url; empty = the default user"),
  REDIS_SENTINELS("redis.sentinels", Type.STRING, "", "sentinel mode: comma-separated host:port of the Redis Sentinels (three or more), e.g. 10.0.0.1:26379,10.0.0.2:26379,10.0.0.3:26379"),
  REDIS_MASTER_NAME("redis.masterName", Type.STRING, "", "sentinel mode: the name the sentinels monitor the hub's master under (sentinel monitor NAME …)"),
  REDIS_NODES("redis.nodes", Type.STRING, "", "cluster mode: comma-separated host:port of some Redis Cluster nodes to learn the cluster from, e.g. 10.0.0.1:7000,10.0.0.2:7000"),
  REDIS_WAIT_REPLICAS("redis.waitReplicas", Type.STRING, "", "replicas that must have every operator write (an alert and its delivery records) before the API answers (WAIT); empty = 1 in sentinel mode, 0 otherwise; must be 0 in cluster mode"),
  REDIS_WAIT_TIMEOUT_MS("redis.waitTimeoutMs", Type.POSITIVE_INT, "1000", "how long the hub waits for those replicas, in ms; if they do not confirm in time the write is answered with an error (503) instead of 201"),
  REDIS_EMBEDDED_PORT("redis.embeddedPort", Type.PORT, "6381", "embedded Redis: loopback port; 0 picks a free port"),
  REDIS_EXECUTABLE("redis.executable", Type.STRING, "", "embedded Redis: redis-server binary; empty = /usr/bin/redis-server, else the bundled one"),
  ZONE("county.zone", Type.ZONE, "Asia/Shanghai", "time zone for schedules and every time shown to people"),
  ALERT_DEFAULT_EXPIRY_MINUTES("alert.defaultExpiryMinutes", Type.POSITIVE_INT, "60", "alert expiry when the request gives none"),
  ALERT_MAX_EXPIRY_HOURS("alert.maxExpiryHours", Type.POSITIVE_INT, "168", "latest expiry an alert may ask for"),
  ALERT_RESEND_AFTER_SECONDS("alert.resendAfterSeconds", Type.POSITIVE_INT, "5", "first re-send to an online endpoint that has not confirmed"),
  ALERT_RESEND_MAX_SECONDS("alert.resendMaxSeconds", Type.POSITIVE_INT, "60", "re-send back-off ceiling"),
  ALERT_MAX_REPEAT("alert.maxRepeat", Type.POSITIVE_INT, "10", "largest repeat count an alert may ask for"),
  ALERT_MAX_AIR_SECONDS("alert.maxAirSeconds", Type.POSITIVE_INT, "600", "longest air time one alert may take: one pass (estimated from alert.speechMsPerChar) × repeat"),
  ALERT_APPROVAL_LEVELS("alert.approvalLevels", Type.STRING, "orange,red", "comma-separated levels (blue, yellow, orange, red) whose alerts wait for a second person's approval before anything is sent (two-person rule); empty = none"),
  ALERT_APPROVAL_TIMEOUT_SECONDS("alert.approvalTimeoutSeconds", Type.POSITIVE_INT, "600", "how long an alert waits for approval; unapproved after this it ends expired, unsent"),
  ALERT_VOLUME_BLUE("alert.volume.blue", Type.VOLUME, "70", "volume (0-100) endpoints play a blue alert at, restoring their own afterwards"),
  ALERT_VOLUME_YELLOW("alert.volume.yellow", Type.VOLUME, "80", "volume (0-100) endpoints play a yellow alert at"),
  ALERT_VOLUME_ORANGE("alert.volume.orange", Type.VOLUME, "90", "volume (0-100) endpoints play an orange alert at"),
  ALERT_VOLUME_RED("alert.volume.red", Type.VOLUME, "100", "volume (0-100) endpoints play a red alert at"),
  ESCALATION_TARGET_BLUE("escalation.target.blue", Type.STRING, "80/900", "delivery target of a blue alert: PERCENT/SECONDS (80/900 = 80 % of its endpoints played within 900 s of acceptance); missing it starts escalation.steps; empty = no target"),
  ESCALATION_TARGET_YELLOW("escalation.target.yellow", Type.STRING, "80/600", "delivery target of a yellow alert (same form as escalation.target.blue)"),
  ESCALATION_TARGET_ORANGE("escalation.target.orange", Type.STRING, "90/300", "delivery target of an orange alert (same form as escalation.target.blue)"),
  ESCALATION_TARGET_RED("escalation.target.red", Type.STRING, "95/120", "delivery target of a red alert (same form as escalation.target.blue)"),
  ESCALATION_STEPS("escalation.steps", Type.STRING, "resend:0,notify:60,phone_followup:300", "what happens once an alert misses its target, each step KIND:SECONDS after the target's deadline, in order: resend (record the engine's re-sends to the villages), notify (their duty contacts, through their channels), phone_followup (list the villages for a phone call); each step reaches only the villages that have not played by then; empty = no escalation"),
  NOTIFY_CHANNELS("notify.channels", Type.STRING, "[]", "notification channels (JSON array of {id, type (webhook, wecom, dingtalk or sms), url, …}, docs/operations.md); duty contacts name them in their notify list; may hold tokens and secrets, which the hub never logs"),
  NOTIFY_TIMEOUT_SECONDS("notify.timeoutSeconds", Type.POSITIVE_INT, "10", "how long one notification request may take before it counts as failed"),
  NOTIFY_MAX_ATTEMPTS("notify.maxAttempts", Type.POSITIVE_INT, "4", "attempts per notification before it is given up"),
  NOTIFY_RETRY_SECONDS("notify.retrySeconds", Type.POSITIVE_INT, "5", "wait before the second attempt of a failed notification; it doubles for each further one (at most 5 minutes)"),
  LIVE_DEFAULT_SECONDS("live.defaultSeconds", Type.POSITIVE_INT, "300", "time limit of a live session whose operator set none"),
  LIVE_MAX_SECONDS("live.maxSeconds", Type.POSITIVE_INT, "1800", "longest time limit an operator may give a live session"),
  LIVE_STALL_SECONDS("live.stallSeconds", Type.POSITIVE_INT, "5", "a live session whose source sends no audio for this long ends (stalled)"),
  LIVE_SOURCE_WAIT_SECONDS("live.sourceWaitSeconds", Type.POSITIVE_INT, "60", "a live session whose first audio has not arrived this long after it was opened ends (no source)"),
  LIVE_MAX_BITRATE("live.maxBitrate", Type.POSITIVE_INT, "128000", "highest bitrate (bit/s) of a live session's Ogg Opus source"),
  VOLUME_OPEN_MINUTES("volume.openMinutes", Type.POSITIVE_INT, "60", "how long an operator's volume change is re-sent and caught up for endpoints that have not confirmed it"),
  ALERT_SIGNAL_BLUE("alert.signal.blue", Type.STRING, "523x450,0x350", "attention signal before a blue alert: comma-separated FREQxMS tones, FROM~TOxMS sweeps, 0xMS silences (generated, not recorded)"),
  ALERT_SIGNAL_YELLOW("alert.signal.yellow", Type.STRING, "659x250,0x120,659x250,0x350", "attention signal before a yellow alert (same form as alert.signal.blue)"),
  ALERT_SIGNAL_ORANGE("alert.signal.orange", Type.STRING, "784x180,0x90,784x180,0x90,784x180,0x350", "attention signal before an orange alert (same form as alert.signal.blue)"),
  ALERT_SIGNAL_RED("alert.signal.red", Type.STRING, "500~1300x800,500~1300x800,500~1300x800,0x300", "attention signal before a red alert: a rising siren (same form as alert.signal.blue)"),
  ALERT_MAX_RECORDING_SECONDS("alert.maxRecordingSeconds", Type.POSITIVE_INT, "300", "longest recording an operator may attach to an alert instead of the voiced text"),
  SPEECH_MS_PER_CHAR("alert.speechMsPerChar", Type.POSITIVE_INT, "250", "estimate of speaking time per character, for durationMs"),
  ENDPOINT_HEARTBEAT_SECONDS("endpoint.heartbeatSeconds", Type.POSITIVE_INT, "60", "the heartbeat interval endpoints are expected to keep; silent for three intervals makes an endpoint stale"),
  DEVICE_MAX_PAYLOAD_BYTES("device.maxPayloadBytes", Type.POSITIVE_INT, "4096", "largest message accepted from an endpoint"),
  MEDIA_MAX_BYTES("media.maxBytes", Type.POSITIVE_INT, "52428800", "largest audio file an operator may upload, in bytes (default 50 MiB)"),
  MEDIA_QUOTA_USER_MEGABYTES("media.quotaUserMegabytes", Type.POSITIVE_INT, "100", "uploads one township or village user may keep, in MiB (county users count against the county's quota only)"),
  MEDIA_QUOTA_TOWNSHIP_MEGABYTES("media.quotaTownshipMegabytes", Type.POSITIVE_INT, "500", "uploads one township and its villages may keep together, in MiB"),
  MEDIA_QUOTA_COUNTY_MEGABYTES("media.quotaCountyMegabytes", Type.POSITIVE_INT, "5000", "uploads the whole county may keep together, in MiB"),
  DISK_MIN_FREE_MEGABYTES("disk.minFreeMegabytes", Type.POSITIVE_INT, "1024", "free space under dataDir below which /health is degraded and uploads and new speech are refused, in MiB"),
  SPEECH_MAX_CHARS_PER_REQUEST("speech.maxCharsPerRequest", Type.POSITIVE_INT, "4000", "most characters of text one programme may ask the hub to speak"),
  SPEECH_WORKERS("speech.workers", Type.POSITIVE_INT, "2", "text-to-speech jobs (programme texts and previews) run at once"),
  SPEECH_MAX_QUEUED_JOBS("speech.maxQueuedJobs", Type.POSITIVE_INT, "8", "text-to-speech jobs that may wait for a worker; more are refused with 503"),
  SPEECH_EXECUTABLE("speech.executable", Type.STRING, "/usr/bin/espeak-ng", "espeak-ng binary for text-to-speech; when missing, text items are sent as text only"),
  SPEECH_VOICE("speech.voice", Type.STRING, "cmn-latn-pinyin", "espeak-ng voice for text items"),
  SCHEDULE_PREFETCH_LEAD_SECONDS("schedule.prefetchLeadSeconds", Type.POSITIVE_INT, "600", "how long before a scheduled time endpoints are told to fetch its audio"),
  SCHEDULE_MISSED_GRACE_SECONDS("schedule.missedGraceSeconds", Type.POSITIVE_INT, "300", "a fire the hub was down for is still played if it is at most this late, else recorded as missed"),
  SESSION_TTL_MINUTES("api.sessionTtlMinutes", Type.POSITIVE_INT, "720", "how long an operator's login lasts"),
  CLUSTER_LEASE_SECONDS("cluster.leaseSeconds", Type.POSITIVE_INT, "10", "leader lease; if the leader dies another hub takes over within about this long"),
  CLUSTER_SHARED_GROUP("cluster.sharedGroup", Type.STRING, "dalaba-hubs", "MQTT shared-subscription group that splits receipts between hub instances on an external broker (the embedded broker has one hub, which subscribes plainly)"),
  LOGIN_MAX_FAILURES("api.loginMaxFailures", Type.POSITIVE_INT, "5", "failed logins for one username from one address before it is locked out"),
  LOGIN_LOCKOUT_MINUTES("api.loginLockoutMinutes", Type.POSITIVE_INT, "15", "how long failed logins are counted, and the lock-out lasts"),
  COMMANDS_SIGNING_KEY_ID("commands.signingKeyId", Type.STRING, "", "key id the hub signs commands with (under dataDir/credentials/command-keys/); empty = the oldest key there"),
  TLS_ENABLED("tls.enabled", Type.BOOLEAN, "false", "also serve HTTPS on tls.httpsPort and MQTT over TLS on tls.mqttPort (embedded broker)"),
  TLS_REQUIRE("tls.requireTls", Type.BOOLEAN, "false", "no plain HTTP or MQTT listener at all (implies tls.enabled); the hub's own MQTT client uses TLS too"),
  TLS_HTTPS_PORT("tls.httpsPort", Type.PORT, "8443", "HTTPS port of the API, console and media; 0 picks a free port"),
  TLS_MQTT_PORT("tls.mqttPort", Type.PORT, "8883", "embedded broker: MQTT over TLS port; 0 picks a free port"),
  TLS_CERT_FILE("tls.certFile", Type.STRING, "", "PEM server certificate (chain) to serve; empty = one from the hub's own CA under dataDir/tls/"),
  TLS_KEY_FILE("tls.keyFile", Type.STRING, "", "PEM private key of tls.certFile (PKCS#8, PKCS#1 or EC)"),
  TLS_HOST_NAMES("tls.hostNames", Type.STRING, "", "comma-separated host names and addresses put in a generated certificate besides localhost and 127.0.0.1"),
  TLS_CA_FILE("tls.caFile", Type.STRING, "", "PEM CA the hub's MQTT client trusts for an ssl:// mqtt.url; empty = the JDK's trusted CAs"),
  METRICS_TOKEN("metrics.token", Type.STRING, "", "bearer token /metrics asks for; empty = generated once into dataDir/credentials/metrics.token"),
  BACKUP_DIR("backup.dir", Type.STRING, "", "folder of the scheduled daily backups and of the backup taken before a data-format migration; empty = dataDir/backups"),
  BACKUP_DAILY_AT("backup.dailyAt", Type.STRING, "03:30", "local time (county.zone, HH:MM) of the scheduled daily backup; empty = no scheduled backup"),
  BACKUP_KEEP("backup.keep", Type.POSITIVE_INT, "14", "scheduled daily backups kept; older ones are deleted after each new one"),
  CAP_SENDER("cap.sender", Type.STRING, "", "the sender of this hub's CAP 1.2 exports (no spaces, commas, < or &); empty = dalaba.{county code}"),
  CAP_FEED_PUBLIC("cap.feedPublic", Type.BOOLEAN, "false", "serve the Atom feed of current alerts (/api/v1/cap/feed.atom) without login; false = only to logged-in users, within their scope"),
  EBM_PLATFORM_ID("ebm.platformId", Type.STRING, "", "18-digit id of this platform in the national emergency-broadcast system, the first part of every alert's 30-digit message id; empty = the 6-digit county code followed by 12 zeros"),
  EBM_SENDER_CODE("ebm.senderCode", Type.STRING, "", "sender code put on alerts this hub issues (a CAP import keeps the issuer's, parameter EBM_SENDER_CODE); empty = ebm.platformId"),
  EBM_EVENT_TYPE("ebm.defaultEventType", Type.STRING, "00000", "event type code of alerts that give none (typed in, or a CAP message without an eventCode named GB/T 35561)"),
  CAP_SOURCES_FILE("cap.sourcesFile", Type.STRING, "", "JSON file listing the CAP sources (Atom/RSS indexes or CAP documents) the leader polls, with their rules and trusted certificates (docs/cap.md, Feeds); empty = no feeds"),
  DEMO("demo", Type.BOOLEAN, "false", "also run the directory's villages as simulated endpoints in-process"),
  DEMO_TIME_SCALE("demo.timeScale", Type.DOUBLE, "1.0", "simulated playback speed factor (1.0 = real duration)");

  public enum Type { STRING, PORT, POSITIVE_INT, BOOLEAN, DOUBLE, ZONE, VOLUME }

  public final String key;
  public final Type type;
  public final String defaultValue;
  public final String description;

  ConfigKey(String key, Type type, String defaultValue, String description) {
    this.key = key;
    this.type = type;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  public String envName() {
    return "DALABA_" + key.replaceAll("([a-z])([A-Z])", "$1_$2").replace('.', '_').toUpperCase(Locale.ROOT);
  }

  public List<String> pathSegments() {
    return List.of(key.split("\\."));
  }
}
