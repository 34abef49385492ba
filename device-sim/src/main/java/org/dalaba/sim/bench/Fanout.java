package org.dalaba.sim.bench;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dalaba.sim.SimEndpoint;
import org.dalaba.sim.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The floor: one QoS 1 publish from a plain MQTT client (the hub's account, a client of its own) to the
 * all-endpoints topic, timed until every simulated endpoint has it. Endpoints ignore the payload (it has
 * no command id); only its arrival time counts.
 */
final class Fanout implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Fanout.class);
  private final MqttClient client;
  private final Collection<SimEndpoint> endpoints;

  private Fanout(MqttClient client, Collection<SimEndpoint> endpoints) {
    this.client = client;
    this.endpoints = endpoints;
  }

  static Fanout connect(Vertx vertx, int port, String hubUsername, String hubPassword, Collection<SimEndpoint> endpoints)
      throws Exception {
    MqttClient client = MqttClient.create(vertx, new MqttClientOptions().setClientId(hubUsername + "-bench")
        .setUsername(hubUsername).setPassword(hubPassword).setCleanSession(true));
    client.connect(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    return new Fanout(client, endpoints);
  }

  /** @return ms from the publish until the last endpoint had it, or -1 if some never did within the timeout */
  long publishOnce(int round, long timeoutMs) throws Exception {
    long start = System.nanoTime();
    client.publish(Topics.CMD_ALL, Buffer.buffer("{\"bench\":\"baseline " + round + "\"}"), MqttQoS.AT_LEAST_ONCE, false, false)
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    return allArrivedAfter(endpoints, start, timeoutMs);
  }

  /**
   * Waits until every endpoint saw a command after {@code startNanos}.
   *
   * @return ms from {@code startNanos} to the last arrival, or -1 on timeout
   */
  static long allArrivedAfter(Collection<SimEndpoint> endpoints, long startNanos, long timeoutMs) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (true) {
      long latest = 0;
      boolean all = true;
      for (SimEndpoint endpoint : endpoints) {
        long at = endpoint.lastCommandNanos();
        if (at - startNanos <= 0) {
          all = false;
          break;
        }
        latest = Math.max(latest, at - startNanos);
      }
      if (all) {
        return TimeUnit.NANOSECONDS.toMillis(latest);
      }
      if (System.nanoTime() > deadline) {
        if (timeoutMs > 0) { // a poll (timeout 0) while the command is still spreading is no miss
          reportMissing(endpoints, startNanos);
        }
        return -1;
      }
      Processes.sleep(1);
    }
  }

  /** Whether every endpoint has sent a receipt since {@code startNanos}. */
  static boolean allAnsweredAfter(Collection<SimEndpoint> endpoints, long startNanos) {
    for (SimEndpoint endpoint : endpoints) {
      if (endpoint.lastReceiptNanos() - startNanos <= 0) {
        return false;
      }
    }
    return true;
  }

  /** Says who never had it, so that a miss can be followed up in the hub's and the broker's logs. */
  private static void reportMissing(Collection<SimEndpoint> endpoints, long startNanos) {
    List<String> missing = new ArrayList<>();
    int disconnected = 0;
    for (SimEndpoint endpoint : endpoints) {
      if (endpoint.lastCommandNanos() - startNanos <= 0) {
        missing.add(endpoint.id());
        disconnected += endpoint.isConnected() ? 0 : 1;
      }
    }
    LOG.warn("{} endpoint(s) never had it ({} of them disconnected), e.g. {}", missing.size(), disconnected,
        missing.subList(0, Math.min(10, missing.size())));
  }

  @Override
  public void close() throws Exception {
    client.disconnect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
