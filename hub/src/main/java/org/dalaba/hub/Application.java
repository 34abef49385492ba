package org.dalaba.hub;

import org.dalaba.hub.access.AdminBootstrap;
import org.dalaba.hub.demo.DemoVillages;
import org.dalaba.hub.provisioning.CredentialRotation;
import org.dalaba.hub.provisioning.DirectoryImport;
import org.dalaba.hub.provisioning.Provisioning;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.broker.BrokerAccounts;
import org.dalaba.hub.broker.EmbeddedBroker;
import org.dalaba.hub.broker.EndpointConnections;
import org.dalaba.hub.mqtt.ReportTap;
import org.dalaba.hub.broker.TopicPermissions;
import org.dalaba.hub.config.HubConfig;
import org.dalaba.hub.credentials.CredentialStore;
import org.dalaba.hub.credentials.Credentials;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.directory.DirectoryService;
import org.dalaba.hub.signing.CommandKeys;
import org.dalaba.hub.signing.CommandSigner;
import org.dalaba.hub.tls.TlsMaterial;
import org.dalaba.hub.credentials.MetricsToken;
import org.dalaba.hub.store.EmbeddedRedis;
import org.dalaba.hub.store.RedisConnections;
import org.dalaba.hub.store.RedisHealth;
import org.dalaba.hub.store.RedisPersistenceCheck;
import org.dalaba.hub.store.RedisStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process half of the composition root: builds, in order and blocking on the main thread, what lives outside
 * the event loop and must exist before it (embedded Redis, Vert.x itself, the data format check, the directory,
 * credentials and keys, TLS material, the embedded broker), then deploys {@link HubVerticle}, the event-loop half,
 * which wires the services on its context. Two halves because the first runs before there is a loop and the second
 * must run on one; neither holds behaviour of its own. {@link RunningHub} stops them in reverse.
 */
public final class Application {
  private static final Logger LOG = LoggerFactory.getLogger(Application.class);
  private static final long STEP_TIMEOUT_SECONDS = 60;

  private Application() {
  }

  public static RunningHub start(HubConfig config, PrintStream out) throws Exception {
    return start(config, out, System.getenv("HUB_ADMIN_PASSWORD"));
  }

  /** @param adminPassword the first start's admin password; null or blank to generate and print one */
  public static RunningHub start(HubConfig config, PrintStream out, String adminPassword) throws Exception {
    RunningHub hub = new RunningHub();
    try {
      startInto(hub, config, out, adminPassword);
      return hub;
    } catch (Exception | Error e) {
      hub.close();
      throw e;
    }
  }

  private static void startInto(RunningHub hub, HubConfig config, PrintStream out, String adminPassword) throws Exception {
    Path dataDir = config.dataDir();
    // read first: a broken sources file stops start-up before anything is started
    java.util.List<org.dalaba.hub.cap.feed.FeedSource> capSources = org.dalaba.hub.cap.feed.FeedSourcesFile.read(config.capSourcesFile());
    Files.createDirectories(dataDir);

    String embeddedUrl = "";
    if (config.redisMode() == HubConfig.RedisMode.EMBEDDED) {
      EmbeddedRedis redis = new EmbeddedRedis(dataDir, config.redisEmbeddedPort(), config.redisExecutable());
      redis.start();
      hub.embeddedRedis = redis;
      embeddedUrl = redis.url();
    }

    hub.vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(false));
    RedisConnections connections = RedisConnections.of(config, embeddedUrl);
    RedisStore redis = new RedisStore(hub.vertx, connections);
    hub.redis = redis;
    await(RedisHealth.answering(hub.vertx, redis, 30_000), "connecting to Redis at " + connections.describe());
    await(redis.loadScripts(), "loading Redis scripts");
    if (config.redisMode() != HubConfig.RedisMode.EMBEDDED) {
      await(RedisPersistenceCheck.check(redis), "checking Redis persistence");
    }

    await(org.dalaba.hub.credentials.LostStoreGuard.check(redis, dataDir), "checking Redis holds this hub's data");
    await(new org.dalaba.hub.migration.Migrations(hub.vertx, org.dalaba.hub.migration.Migrations.standard())
        .upgrade(redis, org.dalaba.hub.backup.PreMigrationBackup.of(config)), "checking the data format");

    DirectoryService directory = new DirectoryService(hub.vertx, redis);
    Directory dir = await(directory.load(), "loading the directory");
    hub.directory = directory;
    Credentials credentials = await(new CredentialStore(hub.vertx, redis).ensure(dir, config.mqttHubUsername(),
        config.mqttHubPassword()), "loading endpoint credentials")
        .knowing(org.dalaba.hub.credentials.CredentialFiles.readHandout(dataDir));
    hub.credentials = credentials;
    CommandKeys.Loaded commandKeys = new CommandKeys(dataDir).load(config.commandsSigningKeyId());
    hub.commandKeys = commandKeys;
    LOG.info("Signing commands with key {}; endpoints trust the keys in {}", commandKeys.signing().kid(),
        new CommandKeys(dataDir).publicList());
    await(new AdminBootstrap(hub.vertx, redis, out).ensureAdmin(adminPassword), "creating the admin user");

    TlsMaterial tls = null;
    if (config.tlsEnabled()) {
      tls = TlsMaterial.prepare(dataDir, config.tlsCertFile(), config.tlsKeyFile(),
          TlsMaterial.hostNames(config.tlsHostNames(), config.publicUrl()));
      hub.tls = tls;
      LOG.info("TLS on with {}; speakers and browsers trust {}", tls.certificate(), tls.caCertificate());
    }
    String mqttUrl;
    BrokerAccounts embeddedAccounts = null;
    ReportTap embeddedReports = null;
    EndpointConnections embeddedConnections = null;
    if (config.mqttMode() == HubConfig.Mode.EMBEDDED) {
      hub.mqttPort = config.mqttPort() == 0 ? EmbeddedRedis.freePort() : config.mqttPort();
      embeddedAccounts = new BrokerAccounts();
      mqttUrl = "tcp://127.0.0.1:" + hub.mqttPort;
      if (tls != null) {
        hub.mqttTlsPort = config.tlsMqttPort() == 0 ? EmbeddedRedis.freePort() : config.tlsMqttPort();
        if (config.tlsRequired()) {
          mqttUrl = "ssl://127.0.0.1:" + hub.mqttTlsPort;
        }
      }
    } else {
      mqttUrl = config.mqttUrl();
      hub.mqttPort = java.net.URI.create(mqttUrl).getPort();
    }
    Provisioning provisioning = new Provisioning(dataDir, embeddedAccounts);
    provisioning.apply(dir, credentials);
    if (embeddedAccounts != null) {
      EmbeddedBroker broker = new EmbeddedBroker(embeddedAccounts, new TopicPermissions(),
          EmbeddedBroker.Settings.of(config.mqttHost(), hub.mqttPort, dataDir));
      if (tls != null) {
        broker.withTls(new EmbeddedBroker.Tls(hub.mqttTlsPort, tls.brokerKeystore(), tls.keystorePassword(), !config.tlsRequired()));
      }
      hub.broker = broker;
      embeddedReports = broker.reports();
      embeddedConnections = broker.connections();
      broker.start().get(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } else {
      LOG.info("Wrote Mosquitto password and ACL files for {} endpoint(s) under {}; reload Mosquitto to apply them",
          dir.endpoints().size(), provisioning.mosquittoDir());
    }

    DirectoryImport directoryImport = new DirectoryImport(hub.vertx, directory, new CredentialStore(hub.vertx, redis), provisioning,
        credentials, config.mqttHubUsername(), config.mqttHubPassword());
    hub.directoryImport = directoryImport;
    String deviceBrokerUrl = config.mqttMode() == HubConfig.Mode.EMBEDDED
        ? (config.tlsRequired() ? "ssl://" + publicHost(config) + ":" + hub.mqttTlsPort : "tcp://" + publicHost(config) + ":" + hub.mqttPort)
        : mqttUrl;
    CredentialRotation rotation = new CredentialRotation(hub.vertx, redis, directory, directoryImport, provisioning, deviceBrokerUrl,
        commandKeys.publicKeys());
    HubVerticle verticle = new HubVerticle(config, redis, directory, credentials, mqttUrl, embeddedReports, embeddedConnections,
        Clock.systemUTC(),
        directoryImport, rotation, new CommandSigner(commandKeys.signing()));
    javax.net.ssl.TrustManagerFactory mqttTls = null;
    if (org.dalaba.hub.mqtt.BrokerAddress.parseAll(mqttUrl).stream().anyMatch(org.dalaba.hub.mqtt.BrokerAddress::tls)) {
      Path trust = config.mqttMode() == HubConfig.Mode.EMBEDDED ? tls.certificate()
          : config.tlsCaFile().isBlank() ? null : Path.of(config.tlsCaFile());
      mqttTls = TlsMaterial.trustOrDefault(trust);
    }
    verticle.transport(tls, mqttTls, MetricsToken.load(dataDir, config.metricsToken()));
    verticle.capSources(capSources);
    hub.deploymentId = await(hub.vertx.deployVerticle(verticle), "starting the hub");
    hub.verticle = verticle;
    hub.httpPort = verticle.httpPort();
    hub.httpsPort = verticle.httpsPort();

    hub.dailyBackups = org.dalaba.hub.backup.DailyBackups.start(hub.vertx, config);

    if (config.demo()) {
      boolean demoTls = config.tlsRequired() && config.mqttMode() == HubConfig.Mode.EMBEDDED;
      hub.demo = DemoVillages.start(hub.vertx, dir, credentials, demoTls ? "localhost" : "127.0.0.1",
          demoTls ? hub.mqttTlsPort : hub.mqttPort, config.demoTimeScale(), commandKeys.publicKeys(),
          demoTls ? tls.caCertificate() : null);
      await(hub.demo.started(), "starting the demo villages");
    }
    String consoleUrl = !config.publicUrl().isBlank() ? config.publicUrl()
        : config.tlsRequired() ? "https://localhost:" + hub.httpsPort + "/" : "http://localhost:" + hub.httpPort + "/";
    out.printf("Dalaba hub ready: console %s  API %sapi/v1  MQTT %s  (%d villages, %d endpoints%s)%n", consoleUrl,
        consoleUrl.endsWith("/") ? consoleUrl : consoleUrl + "/",
        config.mqttMode() == HubConfig.Mode.EMBEDDED ? "mqtt://" + displayHost(config.mqttHost()) + ":" + hub.mqttPort : mqttUrl,
        dir.villages().size(), dir.endpoints().size(), config.demo() ? ", demo villages running" : "");
  }

  /** The host speakers reach the embedded broker at: that of http.publicUrl, else the listen address. */
  private static String publicHost(HubConfig config) {
    if (!config.publicUrl().isBlank()) {
      String host = java.net.URI.create(config.publicUrl()).getHost();
      if (host != null) {
        return host;
      }
    }
    return displayHost(config.mqttHost());
  }

  private static String displayHost(String bind) {
    return bind.equals("0.0.0.0") ? "localhost" : bind;
  }

  static <T> T await(Future<T> future, String step) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new StartupException(step + " failed: " + e.getCause().getMessage(), e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new StartupException(step + " did not finish within " + STEP_TIMEOUT_SECONDS + " s", e);
    }
  }
}
