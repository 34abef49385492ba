package org.dalaba.hub.catchup;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.dalaba.hub.cluster.Leadership;
import org.dalaba.hub.mqtt.CommandBus;
import org.dalaba.hub.protocol.Topics;

/**
 * Catches an endpoint up when it comes back online: everything it is still owed by every kind of
 * command (alerts, routine plays), in one order of urgency (docs/protocol.md, "Timing and re-sends"),
 * never anything expired. Sending in that order matters: an endpoint starts the first command it gets,
 * so a blue alert sent before a red one would start and then be preempted. The leader only; runs on
 * the hub's context.
 */
public final class CatchUp {

  /** What one kind of command still owes an endpoint; cancelled commands are no longer owed. */
  public interface Source {
    List<DueCommand> dueFor(String endpointId, long now);
  }

  private final Clock clock;
  private final CommandBus bus;
  private final Leadership leadership;
  private final List<Source> sources;

  public CatchUp(Clock clock, CommandBus bus, Leadership leadership, List<Source> sources) {
    this.clock = clock;
    this.bus = bus;
    this.leadership = leadership;
    this.sources = List.copyOf(sources);
  }

  /** @return the ids sent, in the order sent */
  public List<String> send(String endpointId) {
    if (!leadership.isLeader()) {
      return List.of();
    }
    long now = clock.millis();
    List<DueCommand> due = new ArrayList<>();
    sources.forEach(source -> due.addAll(source.dueFor(endpointId, now)));
    due.removeIf(d -> now >= d.expiresAt());
    due.sort(DueCommand.MOST_URGENT_FIRST);
    List<String> sent = new ArrayList<>(due.size());
    for (DueCommand d : due) {
      bus.publish(Topics.endpoint(endpointId), d.command(), d.expiresAt());
      d.onSent().run();
      sent.add(d.id());
    }
    return sent;
  }
}
