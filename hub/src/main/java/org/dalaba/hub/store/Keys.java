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
  public static final String AUDIT = "dlb:audit";
  public static final String DEVICE_ERRORS = "dlb:device-errors";
  public static final String USERS = "dlb:users";

  private Keys() {
  }

  public static String alert(String id) { return "dlb:alert:{" + id + "}"; }

  public static String deliveries(String id) { return "dlb:alert:{" + id + "}:deliveries"; }

  public static String counts(String id) { return "dlb:alert:{" + id + "}:counts"; }

  public static String user(String username) { return "dlb:user:" + username; }

  public static String session(String token) { return "dlb:session:" + token; }

  public static String userSessions(String username) { return "dlb:user-sessions:" + username; }

  public static String loginFailures(String username, String address) { return "dlb:login-failures:" + address + ":" + username; }
}
