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

  private Keys() {
  }

  public static String alert(String id) { return "dlb:alert:{" + id + "}"; }

  /** Delivery records of one command of a kind ({@code alert}, {@code play}, {@code prefetch}). */
  public static String deliveries(String kind, String id) { return "dlb:" + kind + ":{" + id + "}:deliveries"; }

  public static String counts(String kind, String id) { return "dlb:" + kind + ":{" + id + "}:counts"; }

  public static String user(String username) { return "dlb:user:" + username; }

  public static String session(String token) { return "dlb:session:" + token; }
}
