package org.dalaba.hub.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.dalaba.hub.broker.ArtemisFiles;
import org.dalaba.hub.store.EmbeddedRedis;

/**
 * Real ActiveMQ Artemis brokers on loopback, clustered by static connectors, secured with the files a hub wrote
 * under {@code dataDir/artemis/} ({@link ArtemisFiles}). The distribution is unpacked under {@code target/artemis}
 * by hub/pom.xml before the tests. Each node is created with {@code bin/artemis create}, then given the generated
 * broker.xml, the hub's users, roles, JAAS config and security settings, and the codec jar in its {@code lib/}.
 * {@link #close()} stops every node it started.
 */
public final class ArtemisCluster implements AutoCloseable {
  private static final String CLUSTER_PASSWORD = "cluster-test-secret-0123456789";

  /** One broker node: its MQTT port, its instance directory and its process (null while stopped). */
  public static final class Node {
    private final String name;
    private final int mqttPort;
    private final int corePort;
    private final Path instance;
    private ExternalProcess process;

    Node(String name, int mqttPort, int corePort, Path instance) {
      this.name = name;
      this.mqttPort = mqttPort;
      this.corePort = corePort;
      this.instance = instance;
    }

    public String name() { return name; }

    public int mqttPort() { return mqttPort; }

    /** The CORE acceptor, for the cluster bridges only. */
    public int corePort() { return corePort; }

    public String url() { return "tcp://127.0.0.1:" + mqttPort; }

    public Path log() { return instance.resolve("console.log"); }

    /** SIGKILL, like a crashed machine: no clean shutdown, no last wills published. */
    public void kill() throws InterruptedException {
      if (process != null) {
        process.kill();
        process = null;
      }
    }
  }

  private final List<Node> nodes;

  private ArtemisCluster(List<Node> nodes) {
    this.nodes = nodes;
  }

  public List<Node> nodes() { return nodes; }

  public Node node(int i) { return nodes.get(i); }

  /** The hub's {@code mqtt.url} for a hub that prefers node {@code first}: that node, then the others. */
  public String urlsPreferring(int first) {
    List<String> urls = new ArrayList<>();
    urls.add(nodes.get(first).url());
    nodes.stream().filter(n -> n != nodes.get(first)).forEach(n -> urls.add(n.url()));
    return String.join(",", urls);
  }

  /**
   * Creates {@code count} nodes under {@code dir} (each with its broker.xml and free loopback ports) without
   * starting them: a hub can be given {@link #urlsPreferring} first, and write the security files
   * {@link #start} installs.
   */
  public static ArtemisCluster create(Path dir, int count) throws Exception {
    Path home = home();
    int[] mqtt = new int[count];
    int[] core = new int[count];
    for (int i = 0; i < count; i++) {
      mqtt[i] = EmbeddedRedis.freePort();
      core[i] = EmbeddedRedis.freePort();
    }
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = "node-" + (char) ('a' + i);
      Path instance = dir.resolve("artemis-" + name);
      create(home, instance);
      List<String> peers = new ArrayList<>();
      for (int j = 0; j < count; j++) {
        if (j != i) {
          peers.add("127.0.0.1:" + core[j]);
        }
      }
      Files.writeString(instance.resolve("etc/broker.xml"), ArtemisFiles.brokerXml(name, "127.0.0.1", mqtt[i], core[i],
          peers, CLUSTER_PASSWORD, instance.resolve("etc").resolve(ArtemisFiles.SECURITY)));
      nodes.add(new Node(name, mqtt[i], core[i], instance));
    }
    return new ArtemisCluster(nodes);
  }

  /**
   * Installs the security files a hub wrote ({@code dataDir/artemis}) into every node, starts them, and returns
   * once each node has a cluster bridge to every other one.
   */
  public ArtemisCluster start(Path hubArtemisFiles) throws Exception {
    try {
      for (Node node : nodes) {
        install(hubArtemisFiles, node.instance);
        start(node);
      }
      for (Node node : nodes) {
        Await.until(node.name + " bridged to the other " + (nodes.size() - 1), Duration.ofSeconds(60),
            () -> bridges(node) >= nodes.size() - 1);
      }
    } catch (Exception | AssertionError e) {
      close();
      throw e;
    }
    return this;
  }

  /** Starts a node (again). */
  public void start(Node node) throws IOException {
    // small heaps: two nodes next to two hubs on a small CI machine
    node.process = ExternalProcess.start(List.of(node.instance.resolve("bin/artemis").toString(), "run"),
        node.log(), node.mqttPort, Duration.ofSeconds(60),
        java.util.Map.of("JAVA_ARGS", "-Xms64m -Xmx256m -XX:+UseSerialGC -Dlog4j2.disableJmx=true"));
  }

  private static long bridges(Node node) {
    try (Stream<String> lines = Files.lines(node.log(), StandardCharsets.UTF_8)) {
      return lines.filter(l -> l.contains("AMQ221027")).count(); // "Bridge ClusterConnectionBridge@... is connected"
    } catch (IOException | java.io.UncheckedIOException e) {
      return 0;
    }
  }

  /**
   * Runs the distribution's own CORE client ({@code bin/artemis producer}) against {@code node}'s CORE acceptor as
   * {@code user}, sending one message to {@code address}; returns its exit code and output.
   */
  public static String[] coreProducer(Node node, String user, String password, String address) throws Exception {
    Path out = node.instance.resolveSibling(node.name + "-producer-" + System.nanoTime() + ".log");
    Process producer = new ProcessBuilder(home().resolve("bin/artemis").toString(), "producer",
        "--url", "tcp://127.0.0.1:" + node.corePort, "--user", user, "--password", password,
        "--destination", "topic://" + address, "--message-count", "1", "--message", "core")
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!producer.waitFor(90, TimeUnit.SECONDS)) {
      producer.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError("artemis producer did not end within 90 s; see " + out);
    }
    return new String[] {String.valueOf(producer.exitValue()), Files.readString(out)};
  }

  /** The unpacked distribution, or a skipped test (a failed one in CI) when the build did not unpack it. */
  static Path home() throws IOException {
    Path unpacked = Path.of("target", "artemis");
    Path home = null;
    if (Files.isDirectory(unpacked)) {
      try (Stream<Path> dirs = Files.list(unpacked)) {
        home = dirs.filter(d -> d.getFileName().toString().startsWith("apache-artemis-")).findFirst().orElse(null);
      }
    }
    ExternalProcess.requireProgram(home == null ? unpacked.resolve("apache-artemis-*/bin/artemis").toString()
        : home.resolve("bin/artemis").toString(), "(none: hub/pom.xml unpacks org.apache.activemq:apache-artemis:bin)");
    return home.toAbsolutePath();
  }

  private static void create(Path home, Path instance) throws IOException, InterruptedException {
    Process create = new ProcessBuilder(home.resolve("bin/artemis").toString(), "create", "--silent", "--force",
        "--user", "unused", "--password", "unused-" + CLUSTER_PASSWORD, "--require-login", "--no-web", "--no-autotune",
        "--no-fsync", "--no-amqp-acceptor", "--no-hornetq-acceptor", "--no-stomp-acceptor", instance.toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
            Files.createDirectories(instance.getParent()).resolve(instance.getFileName() + "-create.log").toFile()))
        .start();
    if (!create.waitFor(60, TimeUnit.SECONDS) || create.exitValue() != 0) {
      create.destroyForcibly();
      throw new IOException("artemis create " + instance + " failed; see its -create.log");
    }
  }

  /** The hub's files into the instance: security into etc/, the codec into lib/. */
  private static void install(Path files, Path instance) throws IOException {
    for (String name : List.of(ArtemisFiles.USERS, ArtemisFiles.ROLES, ArtemisFiles.SECURITY, ArtemisFiles.LOGIN,
        ArtemisFiles.CLUSTER_USERS, ArtemisFiles.CLUSTER_ROLES)) {
      Files.copy(files.resolve(name), instance.resolve("etc").resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
    Files.copy(files.resolve(ArtemisFiles.CODEC_JAR), Files.createDirectories(instance.resolve("lib"))
        .resolve(ArtemisFiles.CODEC_JAR), StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void close() {
    for (Node node : nodes) {
      if (node.process != null) {
        node.process.close();
        node.process = null;
      }
    }
  }
}
