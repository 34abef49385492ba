package org.dalaba.hub.delivery;

import io.vertx.core.Future;
import java.util.List;
import org.dalaba.hub.catchup.DueCommand;

/**
 * What one kind of command (alert, routine play, volume change; later live sessions) means to the
 * {@link DeliveryEngine}: where its records are, what to send an endpoint and how urgent it is, when to send
 * again, when it expires and closes, and what an ended record or a completed command means. The engine does
 * the rest (tracking, re-sends in order of urgency, catch-up, timers, hand-over between leaders).
 *
 * @param <T> the kind's own object, e.g. an alert
 */
public interface DeliveryPolicy<T> {
  /** The kind, as the records' key segment names it (e.g. {@code alert}); also names it in logs. */
  String kind();

  DeliveryStore records();

  /** Ids of every command of this kind still open in Redis (the engine loads these as a new leader). */
  Future<List<String>> openIds();

  /** An open command's subject from Redis; null when it is no longer open. */
  Future<T> load(String id);

  long expiresAt(T subject);

  /** When records still open are closed, at or after {@link #expiresAt}. */
  long closeAt(T subject);

  /**
   * The command an endpoint is owed, with its urgency, for a re-send or a catch-up; null when nothing is to be
   * sent now (e.g. an audio-only endpoint before the alert is voiced).
   */
  DueCommand due(Flight<T> flight, String endpointId, Progress progress, Runnable onSent);

  /** Whether the re-send tick sends to this online endpoint again now. */
  boolean resendDue(Flight<T> flight, Progress progress, long now);

  /** Whether an endpoint that came back online is sent the command (default: while it is unfinished). */
  default boolean catchUpDue(Flight<T> flight, String endpointId, Progress progress) {
    return true;
  }

  /** At {@link #expiresAt}: typically closes records never received ({@link DeliveryEngine#closeRecords}). */
  Future<Void> expire(Flight<T> flight);

  /** At {@link #closeAt}: closes whatever has not reported a final state. */
  Future<Void> close(Flight<T> flight);

  /** Every record of the command is final: record the end (the engine has already stopped tracking it). */
  void completed(Flight<T> flight);

  /** One endpoint's record became final, as seen by the leader. */
  default void ended(Flight<T> flight, String endpointId, DeliveryState state) {
  }

  /**
   * The leader heard of one endpoint without its record moving (e.g. a preemption: what follows it is decided in
   * Redis by the hub that applied the receipt).
   */
  default void heard(Flight<T> flight, String endpointId) {
  }

  /** This hub stopped leading: the engine let go of every flight; let go of what the policy keeps beside them. */
  default void released() {
  }

  /** A leader started tracking a command it did not launch itself (hand-over, or launched on another hub). */
  default void adopted(Flight<T> flight) {
  }
}
