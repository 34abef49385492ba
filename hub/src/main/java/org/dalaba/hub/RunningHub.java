package org.dalaba.hub;

import org.dalaba.hub.demo.DemoVillages;
import org.dalaba.hub.provisioning.DirectoryImport;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.broker.BrokerAccounts;
import org.dalaba.hub.broker.EmbeddedBroker;
import org.dalaba.hub.credentials.Credentials;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.directory.DirectoryService;
import org.dalaba.hub.protocol.DeviceErrors;
import org.dalaba.hub.signing.CommandKeys;
import org.dalaba.hub.tls.TlsMaterial;
import org.dalaba.hub.store.EmbeddedRedis;
import org.dalaba.hub.store.RedisStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A started hub: its ports and credentials, and {@link #close()} that stops everything it started. */
public final class RunningHub implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunningHub.class);

  EmbeddedRedis embeddedRedis;
  Vertx vertx;
  RedisStore redis;
  DirectoryService directory;
  Credentials credentials;
  EmbeddedBroker broker;
  BrokerAccounts brokerAccounts;
  HubVerticle verticle;
  String deploymentId;
  DemoVillages demo;
  DirectoryImport directoryImport;
  org.dalaba.hub.backup.DailyBackups dailyBackups;
  int httpPort;
  int httpsPort = -1;
  int mqttTlsPort = -1;
  TlsMaterial tls;
  CommandKeys.Loaded commandKeys;
  int mqttPort;

  RunningHub() {
  }

  public int httpPort() { return httpPort; }

  public int mqttPort() { return mqttPort; }

  /** @return the HTTPS port, or -1 when TLS is off */
  public int httpsPort() { return httpsPort; }

  /** @return the embedded broker's MQTT-over-TLS port, or -1 */
  public int mqttTlsPort() { return mqttTlsPort; }

  /** @return the certificate and CA the hub serves TLS with, or null when TLS is off */
  public TlsMaterial tls() { return tls; }

  public Credentials credentials() { return directoryImport != null ? directoryImport.credentials() : credentials; }

  public Directory directory() { return directory.current(); }

  public DeviceErrors deviceErrors() { return verticle.deviceErrors(); }

  public Vertx vertx() { return vertx; }

  /** The command-signing keys: the one the hub signs with and every key endpoints should trust. */
  public CommandKeys.Loaded commandKeys() { return commandKeys; }

  @Override
  public synchronized void close() {
    try {
      if (dailyBackups != null) {
        dailyBackups.close();
        dailyBackups = null;
      }
      if (demo != null) {
        demo.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        demo = null;
      }
      if (vertx != null && deploymentId != null) {
        vertx.undeploy(deploymentId).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        deploymentId = null;
      }
      if (redis != null) {
        redis.close();
        redis = null;
      }
      if (vertx != null) {
        vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        vertx = null;
      }
      if (broker != null) {
        broker.stop().get(30, TimeUnit.SECONDS);
        broker = null;
      }
    } catch (Exception e) {
      LOG.warn("Stopping the hub: {}", e.toString());
    } finally {
      if (embeddedRedis != null) {
        embeddedRedis.close();
        embeddedRedis = null;
      }
    }
  }
}
