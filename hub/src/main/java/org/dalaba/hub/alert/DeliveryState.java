package org.dalaba.hub.alert;

/**
 * Where one command stands on one endpoint. Records only move to a higher rank; rank 3 is final.
 * The wire names are what the API shows and what the Redis scripts store.
 */
public enum DeliveryState {
  PENDING(0), RECEIVED(1), PLAYING(2), PLAYED(3), FAILED(3), EXPIRED(3), CANCELLED(3);

  public final int rank;

  DeliveryState(int rank) {
    this.rank = rank;
  }

  public boolean isFinal() { return rank == 3; }

  public String wire() { return name().toLowerCase(); }

  public static DeliveryState parse(String wire) {
    return valueOf(wire.toUpperCase());
  }
}
