package org.dalaba.sim.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * An external Mosquitto on a free loopback port, reading the password and ACL files the hub writes under
 * {@code dataDir/mosquitto/}; {@link #reload()} (SIGHUP) makes it read them again, as an operator would.
 */
final class MosquittoProcess implements AutoCloseable {
  private final Process process;
  private final int port;

  private MosquittoProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static MosquittoProcess start(Path binary, Path dataDir) throws IOException {
    Path files = Files.createDirectories(dataDir.resolve("mosquitto"));
    Files.writeString(files.resolve("passwd"), "");
    Files.writeString(files.resolve("acl"), "");
    return start(binary, dataDir, String.join("\n", "allow_anonymous false", "password_file " + files.resolve("passwd"),
        "acl_file " + files.resolve("acl")));
  }

  /** The same Mosquitto, tuned the same, open to anonymous clients on loopback: for {@link ProtocolFloor}, which runs no hub. */
  static MosquittoProcess startOpen(Path binary, Path dataDir) throws IOException {
    Files.createDirectories(dataDir);
    return start(binary, dataDir, "allow_anonymous true");
  }

  private static MosquittoProcess start(Path binary, Path dataDir, String access) throws IOException {
    if (!Files.isExecutable(binary)) {
      throw new IOException(binary + " not found: install the Debian package mosquitto (apt-get install mosquitto)");
    }
    int port = Processes.freePort();
    Path conf = dataDir.resolve("mosquitto.conf");
    Files.writeString(conf, String.join("\n",
        "listener " + port + " 127.0.0.1",
        access,
        "persistence false",
        // Mosquitto drops to this user before reading the password file; under root that must be root
        "user " + System.getProperty("user.name"),
        // the hub's one subscription receives every endpoint's receipts in a burst: let them queue
        "max_queued_messages 1000000",
        "log_dest file " + dataDir.resolve("mosquitto.log"),
        "log_type error",
        "log_type warning",
        ""));
    Process process = new ProcessBuilder(binary.toString(), "-c", conf.toString())
        .redirectErrorStream(true).redirectOutput(dataDir.resolve("mosquitto.out").toFile()).start();
    MosquittoProcess mosquitto = new MosquittoProcess(process, port);
    long deadline = System.currentTimeMillis() + 10_000;
    while (!Processes.accepts(port)) {
      if (!process.isAlive() || System.currentTimeMillis() > deadline) {
        mosquitto.close();
        throw new IOException("Mosquitto did not start; see " + dataDir.resolve("mosquitto.out"));
      }
      Processes.sleep(50);
    }
    return mosquitto;
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  void reload() throws IOException {
    Process kill = new ProcessBuilder("kill", "-HUP", String.valueOf(process.pid())).start();
    try {
      kill.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    Processes.stop(process, 10);
  }

  static String version(Path binary) {
    try {
      Process p = new ProcessBuilder(binary.toString(), "-h").redirectErrorStream(true).start();
      String first = new String(p.getInputStream().readAllBytes()).lines().findFirst().orElse("");
      p.waitFor(5, TimeUnit.SECONDS);
      return first.strip();
    } catch (IOException e) {
      return "not installed";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
