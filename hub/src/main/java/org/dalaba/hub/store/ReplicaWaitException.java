package org.dalaba.hub.store;

/** A write reached the master but not the replicas {@code redis.waitReplicas} asks for, within {@code redis.waitTimeoutMs}. */
public final class ReplicaWaitException extends RuntimeException {
  public ReplicaWaitException(long confirmed, int wanted, long timeoutMs) {
    super("only " + confirmed + " of " + wanted + " Redis replica(s) confirmed the write within " + timeoutMs
        + " ms; it is on the master only and could be lost if the master fails now");
  }
}
