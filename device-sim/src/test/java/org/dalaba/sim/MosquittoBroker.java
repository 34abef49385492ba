package org.dalaba.sim;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.dalaba.sim.bench.Processes;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Mosquitto broker as a child process on a free loopback port, anonymous clients allowed. Without
 * /usr/sbin/mosquitto the calling test is skipped (naming the Debian package), or fails when CI=true.
 */
final class MosquittoBroker implements AutoCloseable {

  static final Path BINARY = Path.of("/usr/sbin/mosquitto");
  /** A publish bigger than this makes Mosquitto close the publisher's connection. */
  static final int MAX_PACKET_SIZE = 65_536;

  private final Process process;
  private final int port;
  private final Path dir;

  private MosquittoBroker(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  static MosquittoBroker start() throws IOException {
    if (!Files.isExecutable(BINARY)) {
      String why = BINARY + " not found: install the Debian package mosquitto (apt-get install mosquitto)";
      if ("true".equals(System.getenv("CI"))) {
        fail(why);
      }
      Assumptions.abort(why);
    }
    int port = Processes.freePort();
    Path dir = Files.createTempDirectory("mosquitto-test");
    Path conf = dir.resolve("mosquitto.conf");
    Files.writeString(conf, String.join("\n",
        "listener " + port + " 127.0.0.1",
        "allow_anonymous true",
        "persistence false",
        // The test hub subscribes to every report topic; do not let a burst overflow its queue.
        "max_queued_messages 100000",
        "max_inflight_messages 1000",
        "max_packet_size " + MAX_PACKET_SIZE,
        "log_dest stdout",
        ""));
    Process process = new ProcessBuilder(BINARY.toString(), "-c", conf.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("stdout.log").toFile())
        .start();
    MosquittoBroker broker = new MosquittoBroker(process, port, dir);
    try {
      Await.until("mosquitto accepting on port " + port, Duration.ofSeconds(10),
          () -> process.isAlive() && Processes.accepts(port));
    } catch (AssertionError e) {
      broker.close();
      throw new AssertionError(e.getMessage() + "; see " + dir.resolve("stdout.log"), e);
    }
    return broker;
  }

  int port() {
    return port;
  }

  FleetOptions fleetOptions() {
    return new FleetOptions().brokerHost("127.0.0.1").brokerPort(port);
  }

  @Override
  public void close() {
    Processes.stop(process, 5);
  }
}
