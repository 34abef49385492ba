package org.dalaba.hub.catchup;

import io.vertx.core.json.JsonObject;
import java.util.Comparator;

/**
 * A command one endpoint is still owed, with what decides how urgent it is. Catch-up sends them most
 * urgent first: alerts before routine plays, alerts by level (red first), plays by priority (higher
 * first), then the older first.
 *
 * @param alert     whether it is an alert (else a routine play)
 * @param urgency   the alert's level (blue 0 … red 3) or the play's priority; higher goes first
 * @param since     when it was accepted or scheduled (epoch ms); older goes first among equals
 * @param onSent    bookkeeping to do once it has been handed to the broker
 */
public record DueCommand(JsonObject command, long expiresAt, boolean alert, int urgency, long since, Runnable onSent) {

  /** Most urgent first. */
  public static final Comparator<DueCommand> MOST_URGENT_FIRST = Comparator
      .comparing((DueCommand d) -> !d.alert())
      .thenComparing(Comparator.comparingInt(DueCommand::urgency).reversed())
      .thenComparingLong(DueCommand::since);

  public String id() {
    return command.getString("id");
  }
}
