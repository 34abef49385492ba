package org.dalaba.hub.delivery;

import java.util.List;

/**
 * Where one command stands on one endpoint. Records only move to a higher rank; rank 3 is final.
 * The wire names are what the API shows and what the Redis scripts store. {@code READY} is the final
 * state of a prefetch (media fetched and verified); playback records never reach it.
 */
public enum DeliveryState {
  PENDING(0), RECEIVED(1), PLAYING(2), PLAYED(3), READY(3), FAILED(3), EXPIRED(3), CANCELLED(3);


  /** The states a playback record (alert, routine play) is counted in. */
  public static final List<DeliveryState> PLAYBACK = List.of(PENDING, RECEIVED, PLAYING, PLAYED, FAILED, EXPIRED, CANCELLED);
  /** The states a prefetch record is counted in. */
  public static final List<DeliveryState> PREFETCH = List.of(PENDING, RECEIVED, READY, FAILED, EXPIRED, CANCELLED);

  public final int rank;
  /** Computed once: {@link #wire} runs for every receipt and every item of a delivery event. */
  private final String wire;

  DeliveryState(int rank) {
    this.rank = rank;
    this.wire = name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The rank of a final state: records of this rank never change again. */
  public static final int FINAL_RANK = 3;

  /**
   * Every state's rank as JSON, e.g. {@code {"pending":0,...}}: the Redis scripts get it as an argument, so the
   * ranks are written here only.
   */
  public static final String RANKS_JSON = ranksJson();

  public boolean isFinal() { return rank == FINAL_RANK; }

  private static String ranksJson() {
    io.vertx.core.json.JsonObject ranks = new io.vertx.core.json.JsonObject();
    for (DeliveryState state : values()) {
      ranks.put(state.wire(), state.rank);
    }
    return ranks.encode();
  }

  public String wire() { return wire; }

  public static DeliveryState parse(String wire) {
    return valueOf(wire.toUpperCase(java.util.Locale.ROOT));
  }
}
