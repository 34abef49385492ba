package org.dalaba.hub.delivery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.dalaba.hub.catchup.DueCommand;
import org.dalaba.hub.mqtt.CommandBus;
import org.dalaba.hub.protocol.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands commands owed to single endpoints to the broker, most urgent first for each endpoint
 * ({@link DueCommand#MOST_URGENT_FIRST}): an endpoint starts the first command it gets, so a blue alert sent
 * before a red one would start and then be preempted.
 */
public final class Dispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
  private static final Comparator<Send> ORDER = Comparator.comparing(Send::endpointId)
      .thenComparing(Send::command, DueCommand.MOST_URGENT_FIRST);

  /** One command for one endpoint. */
  public record Send(String endpointId, DueCommand command) {
  }

  private final CommandBus bus;

  public Dispatcher(CommandBus bus) {
    this.bus = bus;
  }

  /** Publishes every send, in order of urgency per endpoint; @return them in the order sent. */
  public List<Send> send(List<Send> sends) {
    List<Send> ordered = new ArrayList<>(sends);
    ordered.sort(ORDER);
    for (Send send : ordered) {
      DueCommand due = send.command();
      bus.publish(Topics.endpoint(send.endpointId()), due.command(), due.expiresAt())
          .onFailure(e -> LOG.debug("Sending {} to {} failed: {}; the next re-send covers it", due.id(), send.endpointId(), e.toString()));
      due.onSent().run();
    }
    return ordered;
  }
}
