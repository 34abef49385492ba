package org.dalaba.hub.broker;

import org.dalaba.hub.mqtt.ReportTap;
import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default MQTT broker: HiveMQ CE running in the hub's JVM, with our {@link SecurityExtension} deciding who
 * connects ({@link BrokerAccounts}) and who may publish and subscribe where ({@link TopicPermissions}).
 *
 * <p>Its files live under {@code dataDir/hivemq/} ({@code conf/config.xml} written at each start, {@code data/},
 * an empty {@code extensions/}). HiveMQ's own logging bootstrap is switched off: it logs through the hub's
 * SLF4J/Logback configuration.
 *
 * <p>{@link #start()} and {@link #stop()} never block the caller: the work runs on a lifecycle thread of this
 * class and the futures complete there (or on a HiveMQ thread), so a Vert.x caller must hop back onto its
 * context (e.g. {@code Future.fromCompletionStage(cf, context)}). A port already in use, a bad setting or a
 * security extension that did not register fails {@code start()} with an {@link IllegalStateException} that
 * says what and where.
 */
public final class EmbeddedBroker {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
  private static final long START_TIMEOUT_SECONDS = 60;

  /**
   * Where and how the broker runs.
   *
   * @param bindAddress     {@code 127.0.0.1} (this machine only) or {@code 0.0.0.0} (every interface)
   * @param port            TCP port of the MQTT listener, 1–65535
   * @param dataDir         the hub's data directory; the broker uses {@code dataDir/hivemq}
   * @param filePersistence keep retained messages and sessions on disk across restarts (RocksDB/Xodus);
   *                        {@code false} keeps everything in memory
   */
  public record Settings(String bindAddress, int port, Path dataDir, boolean filePersistence) {
    public Settings {
      if (bindAddress == null || bindAddress.isBlank()) {
        throw new IllegalArgumentException("MQTT bind address must not be empty");
      }
      if (port < 1 || port > 65_535) {
        throw new IllegalArgumentException("MQTT port must be 1-65535, got " + port);
      }
      Objects.requireNonNull(dataDir, "dataDir");
    }

    /** In-memory persistence: endpoints use clean sessions and republish their status on every connect. */
    public static Settings of(String bindAddress, int port, Path dataDir) {
      return new Settings(bindAddress, port, dataDir, false);
    }
  }

  /**
   * The TLS listener: {@code keystore} a JKS file with the server key and certificate chain, both under
   * {@code keystorePassword}; {@code plainListener} false leaves the plain TCP listener out (requireTls).
   */
  public record Tls(int port, Path keystore, String keystorePassword, boolean plainListener) {
  }

  private volatile Tls tls;

  /** Adds a TLS listener; call before {@link #start()}. */
  public EmbeddedBroker withTls(Tls tls) {
    this.tls = tls;
    return this;
  }

  private final BrokerAccounts accounts;
  private final TopicPermissions permissions;
  private final Settings settings;
  private final ReportTap reports = new ReportTap();
  private final EndpointConnections connections = new EndpointConnections();
  private final ThreadPoolExecutor lifecycle;
  private EmbeddedHiveMQ hivemq; // touched only on the lifecycle thread

  public EmbeddedBroker(BrokerAccounts accounts, TopicPermissions permissions, Settings settings) {
    this.accounts = Objects.requireNonNull(accounts, "accounts");
    this.permissions = Objects.requireNonNull(permissions, "permissions");
    this.settings = Objects.requireNonNull(settings, "settings");
    // One thread at most, gone when idle: start and stop run in the order they were called.
    this.lifecycle = new ThreadPoolExecutor(0, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
      Thread thread = new Thread(task, "dalaba-broker-lifecycle");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Endpoint receipts and heartbeats, handed over in-process (the hub attaches to it). */
  public ReportTap reports() {
    return reports;
  }

  /** Which connection announced each endpoint online, and when it closes (the hub attaches to it). */
  public EndpointConnections connections() {
    return connections;
  }

  public int port() {
    return settings.port();
  }

  public String bindAddress() {
    return settings.bindAddress();
  }

  /** Starts the broker; completes once the listener is bound and our security extension is active. */
  public CompletableFuture<Void> start() {
    return onLifecycleThread(this::startNow);
  }

  /** Stops the broker and releases its threads and port; completes at once when it is not running. */
  public CompletableFuture<Void> stop() {
    return onLifecycleThread(this::stopNow);
  }

  /** Runs a lifecycle step; the future fails with the step's own exception (not wrapped). */
  private CompletableFuture<Void> onLifecycleThread(Runnable step) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    lifecycle.execute(() -> {
      try {
        step.run();
        done.complete(null);
      } catch (RuntimeException | Error e) {
        done.completeExceptionally(e);
      }
    });
    return done;
  }

  private void startNow() {
    if (hivemq != null) {
      throw new IllegalStateException("embedded MQTT broker is already running on " + where());
    }
    long startNanos = System.nanoTime();
    requirePortFree();
    Path home = settings.dataDir().resolve("hivemq");
    SecurityExtension security = new SecurityExtension(accounts, permissions, reports, connections);
    EmbeddedHiveMQ hive;
    try {
      Path conf = home.resolve("conf");
      Path data = Files.createDirectories(home.resolve("data"));
      Path extensions = Files.createDirectories(home.resolve("extensions"));
      HiveMqConfigFile.write(conf, settings.bindAddress(), settings.port(), settings.filePersistence(), tls);
      hive = EmbeddedHiveMQ.builder()
          .withConfigurationFolder(conf)
          .withDataFolder(data)
          .withExtensionsFolder(extensions)
          .withEmbeddedExtension(extension(security))
          .withoutLoggingBootstrap()
          .build();
    } catch (IOException e) {
      throw new IllegalStateException("cannot prepare the embedded MQTT broker's folder " + home + ": " + e, e);
    }
    try {
      hive.start().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (!security.active()) {
        throw new IllegalStateException("the security extension did not start, refusing to run a broker that lets "
            + "everyone in");
      }
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      closeQuietly(hive);
      throw new IllegalStateException("could not start the embedded MQTT broker on " + where() + ": "
          + reason(e) + " (HiveMQ logged the details above)", e instanceof ExecutionException ? e.getCause() : e);
    }
    hivemq = hive;
    LOG.info("Embedded MQTT broker (HiveMQ CE) listening on {} in {} ms, {} accounts", where(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos), accounts.size());
  }

  private void stopNow() {
    EmbeddedHiveMQ hive = hivemq;
    hivemq = null;
    if (hive == null) {
      return;
    }
    long startNanos = System.nanoTime();
    try {
      hive.close();
    } catch (ExecutionException e) {
      throw new IllegalStateException("embedded MQTT broker on " + where() + " did not stop cleanly: "
          + reason(e), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping the embedded MQTT broker", e);
    }
    LOG.info("Embedded MQTT broker on {} stopped in {} ms", where(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
  }

  /** HiveMQ only logs a taken port and fails with a bare exception; check first so the message says why. */
  private void requirePortFree() {
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(settings.bindAddress(), settings.port()));
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the embedded MQTT broker: " + where()
          + " is not available (" + e.getMessage() + "); is another broker or hub running? Choose another"
          + " MQTT port or stop the other process", e);
    }
  }

  private static EmbeddedExtension extension(SecurityExtension security) {
    return EmbeddedExtension.builder()
        .withId("dalaba-security")
        .withName("Dalaba accounts and topic permissions")
        .withVersion("1")
        .withAuthor("Dalaba")
        .withPriority(1000)
        .withStartPriority(1000)
        .withExtensionMain(security)
        .build();
  }

  private String where() {
    return settings.bindAddress() + ":" + settings.port();
  }

  private static String reason(Throwable e) {
    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof TimeoutException) {
      return "no answer within " + START_TIMEOUT_SECONDS + " s";
    }
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static void closeQuietly(EmbeddedHiveMQ hive) {
    try {
      hive.close();
    } catch (Exception e) {
      LOG.debug("Closing the embedded MQTT broker after a failed start also failed", e);
    }
  }
}
