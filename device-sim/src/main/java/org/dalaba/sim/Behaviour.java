package org.dalaba.sim;

/** How a simulated endpoint misbehaves, if at all. Each endpoint has exactly one. */
public enum Behaviour {
  /** Follows the protocol. */
  NORMAL,
  /** Does not connect until {@link SimEndpoint#connect()} is called. */
  OFFLINE,
  /** Drops its connection abruptly once per {@link FleetOptions#flapPeriodMs()} and comes back. */
  FLAPPING,
  /** Publishes every receipt {@link FleetOptions#slowAckMs()} late. */
  SLOW_ACK,
  /** Loses {@link FleetOptions#dropCommandShare()} of its commands: no receipt, no playback. */
  DROPPING,
  /** Publishes malformed payloads to its own receipt topic every {@link FleetOptions#garbagePeriodMs()}. */
  GARBAGE
}
