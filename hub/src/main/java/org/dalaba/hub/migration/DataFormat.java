package org.dalaba.hub.migration;

/**
 * The version of the hub's data layout in Redis, kept in {@link #KEY}. A hub refuses data of a newer
 * format than it knows and upgrades older data by running {@link Migrations} in order at start-up.
 *
 * <p>Format history: 0 = data written before the format was recorded (release 0.1 as first shipped);
 * 1 = the same layout, with the version recorded.
 */
public final class DataFormat {
  public static final String KEY = "dlb:format";

  private DataFormat() {
  }
}
