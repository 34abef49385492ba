package org.dalaba.hub.config;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Map;

/** The hub's validated configuration. Built only by {@link ConfigLoader}; values are already checked. */
public final class HubConfig {
  public enum Mode { EMBEDDED, EXTERNAL }

  /** Where the hub's Redis is: started by the hub, one server, a Sentinel-watched master, or a Redis Cluster. */
  public enum RedisMode {
    EMBEDDED, STANDALONE, SENTINEL, CLUSTER;

    /** @return the mode a {@code redis.mode} value names ({@code external} is standalone), or null */
    public static RedisMode parse(String value) {
      return switch (value.toLowerCase(java.util.Locale.ROOT)) {
        case "embedded" -> EMBEDDED;
        case "external", "standalone" -> STANDALONE;
        case "sentinel" -> SENTINEL;
        case "cluster" -> CLUSTER;
        default -> null;
      };
    }
  }

  private final Map<ConfigKey, String> values;

  HubConfig(Map<ConfigKey, String> values) {
    this.values = new EnumMap<>(values);
  }

  /** A copy with some keys changed; tests and the launcher use it (values are validated again). */
  public HubConfig with(ConfigKey key, Object value) {
    return with(Map.of(key, value));
  }

  /** Several keys at once, for combinations that are only valid together (e.g. external mode + URL). */
  public HubConfig with(Map<ConfigKey, ?> changes) {
    Map<ConfigKey, String> copy = new EnumMap<>(values);
    changes.forEach((key, value) -> copy.put(key, String.valueOf(value)));
    return ConfigLoader.validated(copy);
  }

  public String raw(ConfigKey key) { return values.get(key); }

  private int intValue(ConfigKey key) { return Integer.parseInt(values.get(key)); }

  public Path dataDir() { return Path.of(values.get(ConfigKey.DATA_DIR)).toAbsolutePath().normalize(); }

  public String httpHost() { return values.get(ConfigKey.HTTP_HOST); }

  public int httpPort() { return intValue(ConfigKey.HTTP_PORT); }

  public String publicUrl() { return values.get(ConfigKey.PUBLIC_URL); }

  public Mode mqttMode() { return Mode.valueOf(values.get(ConfigKey.MQTT_MODE).toUpperCase()); }

  public String mqttHost() { return values.get(ConfigKey.MQTT_HOST); }

  public int mqttPort() { return intValue(ConfigKey.MQTT_PORT); }

  public String mqttUrl() { return values.get(ConfigKey.MQTT_URL); }

  public String mqttHubUsername() { return values.get(ConfigKey.MQTT_HUB_USERNAME); }

  public String mqttHubPassword() { return values.get(ConfigKey.MQTT_HUB_PASSWORD); }

  public int mqttPublishQueueMax() { return intValue(ConfigKey.MQTT_PUBLISH_QUEUE_MAX); }

  public String commandsSigningKeyId() { return values.get(ConfigKey.COMMANDS_SIGNING_KEY_ID); }

  public boolean tlsRequired() { return Boolean.parseBoolean(values.get(ConfigKey.TLS_REQUIRE)); }

  public boolean tlsEnabled() { return tlsRequired() || Boolean.parseBoolean(values.get(ConfigKey.TLS_ENABLED)); }

  public int tlsHttpsPort() { return intValue(ConfigKey.TLS_HTTPS_PORT); }

  public int tlsMqttPort() { return intValue(ConfigKey.TLS_MQTT_PORT); }

  public String tlsCertFile() { return values.get(ConfigKey.TLS_CERT_FILE); }

  public String tlsKeyFile() { return values.get(ConfigKey.TLS_KEY_FILE); }

  public java.util.List<String> tlsHostNames() { return java.util.List.of(values.get(ConfigKey.TLS_HOST_NAMES).split(",")); }

  public String tlsCaFile() { return values.get(ConfigKey.TLS_CA_FILE); }

  public String metricsToken() { return values.get(ConfigKey.METRICS_TOKEN); }

  public RedisMode redisMode() { return RedisMode.parse(values.get(ConfigKey.REDIS_MODE)); }

  public String redisUsername() { return values.get(ConfigKey.REDIS_USERNAME); }

  /** {@code redis.sentinels} as host:port items. */
  public java.util.List<String> redisSentinels() { return hostPorts(ConfigKey.REDIS_SENTINELS); }

  public String redisMasterName() { return values.get(ConfigKey.REDIS_MASTER_NAME); }

  /** {@code redis.nodes} as host:port items. */
  public java.util.List<String> redisNodes() { return hostPorts(ConfigKey.REDIS_NODES); }

  /** Replicas every operator write waits for: {@code redis.waitReplicas}, or 1 in sentinel mode and 0 otherwise. */
  public int redisWaitReplicas() {
    String value = values.get(ConfigKey.REDIS_WAIT_REPLICAS);
    return value.isBlank() ? (redisMode() == RedisMode.SENTINEL ? 1 : 0) : Integer.parseInt(value.strip());
  }

  public int redisWaitTimeoutMs() { return intValue(ConfigKey.REDIS_WAIT_TIMEOUT_MS); }

  private java.util.List<String> hostPorts(ConfigKey key) { return RedisModeCheck.items(values.get(key)); }

  public String redisUrl() { return values.get(ConfigKey.REDIS_URL); }

  public String trustedProxies() { return values.get(ConfigKey.TRUSTED_PROXIES); }

  public String redisPassword() { return values.get(ConfigKey.REDIS_PASSWORD); }

  public int redisEmbeddedPort() { return intValue(ConfigKey.REDIS_EMBEDDED_PORT); }

  public String redisExecutable() { return values.get(ConfigKey.REDIS_EXECUTABLE); }

  public String speechExecutable() { return values.get(ConfigKey.SPEECH_EXECUTABLE); }

  public ZoneId zone() { return ZoneId.of(values.get(ConfigKey.ZONE)); }

  public int alertDefaultExpiryMinutes() { return intValue(ConfigKey.ALERT_DEFAULT_EXPIRY_MINUTES); }

  public int alertMaxExpiryHours() { return intValue(ConfigKey.ALERT_MAX_EXPIRY_HOURS); }

  public int alertResendAfterSeconds() { return intValue(ConfigKey.ALERT_RESEND_AFTER_SECONDS); }

  public int alertResendMaxSeconds() { return intValue(ConfigKey.ALERT_RESEND_MAX_SECONDS); }

  public int alertMaxRepeat() { return intValue(ConfigKey.ALERT_MAX_REPEAT); }

  public int alertMaxAirSeconds() { return intValue(ConfigKey.ALERT_MAX_AIR_SECONDS); }
  public org.dalaba.hub.alert.AlertVolumes alertVolumes() {
    return new org.dalaba.hub.alert.AlertVolumes(intValue(ConfigKey.ALERT_VOLUME_BLUE), intValue(ConfigKey.ALERT_VOLUME_YELLOW),
        intValue(ConfigKey.ALERT_VOLUME_ORANGE), intValue(ConfigKey.ALERT_VOLUME_RED));
  }

  /** The two-person rule: which levels wait for approval, and for how long (alert.approval*). */
  public org.dalaba.hub.alert.ApprovalPolicy alertApproval() {
    return new org.dalaba.hub.alert.ApprovalPolicy(org.dalaba.hub.alert.ApprovalPolicy.parseLevels(values.get(ConfigKey.ALERT_APPROVAL_LEVELS)),
        intValue(ConfigKey.ALERT_APPROVAL_TIMEOUT_SECONDS) * 1000L);
  }

  /** Each level's delivery target and the escalation steps (escalation.*), already checked by the loader. */
  public org.dalaba.hub.escalation.EscalationPolicy escalationPolicy() {
    java.util.Map<org.dalaba.hub.alert.AlertLevel, org.dalaba.hub.escalation.DeliveryTarget> targets =
        new java.util.EnumMap<>(org.dalaba.hub.alert.AlertLevel.class);
    for (org.dalaba.hub.alert.AlertLevel level : org.dalaba.hub.alert.AlertLevel.values()) {
      org.dalaba.hub.escalation.DeliveryTarget target = org.dalaba.hub.escalation.DeliveryTarget.parse(
          values.get(ConfigKey.valueOf("ESCALATION_TARGET_" + level.name())));
      if (target != null) {
        targets.put(level, target);
      }
    }
    return new org.dalaba.hub.escalation.EscalationPolicy(targets,
        org.dalaba.hub.escalation.EscalationPolicy.parseSteps(values.get(ConfigKey.ESCALATION_STEPS)));
  }

  public org.dalaba.hub.escalation.channel.Channels notifyChannels() {
    return org.dalaba.hub.escalation.channel.Channels.parse(values.get(ConfigKey.NOTIFY_CHANNELS));
  }

  public org.dalaba.hub.escalation.Notifier.Settings notifySettings() {
    return new org.dalaba.hub.escalation.Notifier.Settings(intValue(ConfigKey.NOTIFY_TIMEOUT_SECONDS) * 1000L,
        intValue(ConfigKey.NOTIFY_MAX_ATTEMPTS), intValue(ConfigKey.NOTIFY_RETRY_SECONDS) * 1000L);
  }

  public int liveDefaultSeconds() { return intValue(ConfigKey.LIVE_DEFAULT_SECONDS); }

  public int liveMaxSeconds() { return intValue(ConfigKey.LIVE_MAX_SECONDS); }

  public int liveStallSeconds() { return intValue(ConfigKey.LIVE_STALL_SECONDS); }

  public int liveSourceWaitSeconds() { return intValue(ConfigKey.LIVE_SOURCE_WAIT_SECONDS); }

  public int liveMaxBitrate() { return intValue(ConfigKey.LIVE_MAX_BITRATE); }

  public int volumeOpenMinutes() { return intValue(ConfigKey.VOLUME_OPEN_MINUTES); }

  public int endpointHeartbeatSeconds() { return intValue(ConfigKey.ENDPOINT_HEARTBEAT_SECONDS); }
  /** The attention signal description of one alert level ({@code blue}…{@code red}). */
  public String alertSignal(String level) { return values.get(ConfigKey.valueOf("ALERT_SIGNAL_" + level.toUpperCase(java.util.Locale.ROOT))); }

  public int alertMaxRecordingSeconds() { return intValue(ConfigKey.ALERT_MAX_RECORDING_SECONDS); }

  public int speechMsPerChar() { return intValue(ConfigKey.SPEECH_MS_PER_CHAR); }

  public int deviceMaxPayloadBytes() { return intValue(ConfigKey.DEVICE_MAX_PAYLOAD_BYTES); }

  public int mediaMaxBytes() { return intValue(ConfigKey.MEDIA_MAX_BYTES); }


  public long mediaQuotaUserBytes() { return intValue(ConfigKey.MEDIA_QUOTA_USER_MEGABYTES) * 1_048_576L; }

  public long mediaQuotaTownshipBytes() { return intValue(ConfigKey.MEDIA_QUOTA_TOWNSHIP_MEGABYTES) * 1_048_576L; }

  public long mediaQuotaCountyBytes() { return intValue(ConfigKey.MEDIA_QUOTA_COUNTY_MEGABYTES) * 1_048_576L; }

  public long diskMinFreeBytes() { return intValue(ConfigKey.DISK_MIN_FREE_MEGABYTES) * 1_048_576L; }

  public int speechMaxCharsPerRequest() { return intValue(ConfigKey.SPEECH_MAX_CHARS_PER_REQUEST); }

  public int speechWorkers() { return intValue(ConfigKey.SPEECH_WORKERS); }

  public int speechMaxQueuedJobs() { return intValue(ConfigKey.SPEECH_MAX_QUEUED_JOBS); }

  public String speechVoice() { return values.get(ConfigKey.SPEECH_VOICE); }

  public int schedulePrefetchLeadSeconds() { return intValue(ConfigKey.SCHEDULE_PREFETCH_LEAD_SECONDS); }

  public int scheduleMissedGraceSeconds() { return intValue(ConfigKey.SCHEDULE_MISSED_GRACE_SECONDS); }

  public int sessionTtlMinutes() { return intValue(ConfigKey.SESSION_TTL_MINUTES); }

  public int clusterLeaseSeconds() { return intValue(ConfigKey.CLUSTER_LEASE_SECONDS); }

  public String clusterSharedGroup() { return values.get(ConfigKey.CLUSTER_SHARED_GROUP); }
  public int loginMaxFailures() { return intValue(ConfigKey.LOGIN_MAX_FAILURES); }

  public int loginLockoutMinutes() { return intValue(ConfigKey.LOGIN_LOCKOUT_MINUTES); }

  public String capSender() { return values.get(ConfigKey.CAP_SENDER); }

  public boolean capFeedPublic() { return Boolean.parseBoolean(values.get(ConfigKey.CAP_FEED_PUBLIC)); }

  public String ebmPlatformId() { return values.get(ConfigKey.EBM_PLATFORM_ID); }

  public String ebmSenderCode() { return values.get(ConfigKey.EBM_SENDER_CODE); }

  public String ebmDefaultEventType() { return values.get(ConfigKey.EBM_EVENT_TYPE); }

  public boolean demo() { return Boolean.parseBoolean(values.get(ConfigKey.DEMO)); }

  public double demoTimeScale() { return Double.parseDouble(values.get(ConfigKey.DEMO_TIME_SCALE)); }

  /** Where scheduled and pre-migration backups go. */
  public Path backupDir() {
    String dir = values.get(ConfigKey.BACKUP_DIR);
    return dir.isBlank() ? dataDir().resolve("backups") : Path.of(dir).toAbsolutePath().normalize();
  }

  /** @return the daily backup's local time, or null when scheduled backups are off */
  public java.time.LocalTime backupDailyAt() {
    String at = values.get(ConfigKey.BACKUP_DAILY_AT);
    return at.isBlank() ? null : java.time.LocalTime.parse(at);
  }

  public int backupKeep() { return intValue(ConfigKey.BACKUP_KEEP); }

  /** The CAP sources file (docs/cap.md, "Feeds"); empty: no feeds. */
  public String capSourcesFile() { return values.get(ConfigKey.CAP_SOURCES_FILE); }
}
