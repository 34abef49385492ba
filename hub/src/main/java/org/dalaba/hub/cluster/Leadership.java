package org.dalaba.hub.cluster;

/**
 * Whether this hub instance is the one that runs the time-driven work (firing schedules, re-sends,
 * expiry sweeps). Every instance serves the API and processes receipts; only the leader acts on time.
 * Work that must happen exactly once also guards itself in Redis (SET NX on a key naming the work),
 * so a brief overlap of two leaders during a hand-over cannot fire anything twice.
 */
public interface Leadership {
  boolean isLeader();
}
