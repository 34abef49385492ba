package org.dalaba.sim;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;

/** Small factories for tests: commands built from the protocol document's own examples, endpoint specs. */
final class Fixtures {

  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  private static final long HOUR_MS = 3_600_000;

  private Fixtures() {
  }

  /** The raw bytes of {@code docs/protocol-examples/NAME}. */
  static Buffer example(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/protocol-examples/" + name)) {
      if (in == null) {
        throw new IllegalStateException("protocol example " + name + " missing from the test classpath");
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The document's {@code command-TYPE.json} with a fresh unique id, ts now and (where the type has one)
   * expiresAt an hour from now.
   */
  static JsonObject command(String type) {
    JsonObject command = example("command-" + type + ".json").toJsonObject();
    long now = System.currentTimeMillis();
    command.put("id", type.charAt(0) + "-test-" + SEQUENCE.incrementAndGet()).put("ts", now);
    if (command.containsKey("expiresAt")) {
      command.put("expiresAt", now + HOUR_MS);
    }
    return command;
  }

  static JsonObject alert(long durationMs, int repeat) {
    return command("alert").put("durationMs", durationMs).put("repeat", repeat);
  }

  static JsonObject play(long durationMs, int priority) {
    return command("play").put("durationMs", durationMs).put("priority", priority);
  }

  static JsonObject stop(String ref) {
    return command("stop").put("ref", ref);
  }

  /** Endpoint {@code {villageId}-NN} of village {@code {townshipId}NNN}, password "secret". */
  static SimEndpointSpec spec(String townshipId, int village, int endpoint) {
    String villageId = townshipId + String.format("%03d", village);
    return new SimEndpointSpec(villageId + String.format("-%02d", endpoint), villageId, townshipId, "secret");
  }
}
