package org.dalaba.hub;

import org.dalaba.hub.metrics.HubMetrics;
import org.dalaba.hub.mqtt.SubscriptionWarning;
import org.dalaba.hub.provisioning.CredentialRotation;
import org.dalaba.hub.provisioning.DirectoryImport;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.dalaba.hub.alert.AlertRequestValidator;
import org.dalaba.hub.alert.AlertLevel;
import org.dalaba.hub.alert.AlertService;
import org.dalaba.hub.catchup.CatchUp;
import org.dalaba.hub.alert.AlertVoicing;
import org.dalaba.hub.alert.audio.AlertAudio;
import org.dalaba.hub.alert.audio.AttentionSignal;
import org.dalaba.hub.media.MediaAudience;
import org.dalaba.hub.status.EndpointCaps;
import org.dalaba.hub.alert.AlertStore;
import org.dalaba.hub.alert.DurationEstimate;
import org.dalaba.hub.alert.ResendPolicy;
import org.dalaba.hub.api.AuditLog;
import org.dalaba.hub.api.HttpApi;
import org.dalaba.hub.api.LoginThrottle;
import org.dalaba.hub.api.SessionStore;
import org.dalaba.hub.api.Times;
import org.dalaba.hub.api.UserStore;
import org.dalaba.hub.cluster.ClusterEvents;
import org.dalaba.hub.cluster.RedisLease;
import org.dalaba.hub.delivery.DeliveryEngine;
import org.dalaba.hub.delivery.Dispatcher;
import org.dalaba.hub.delivery.ReceiptIngest;
import org.dalaba.hub.media.MediaFiles;
import org.dalaba.hub.media.MediaLibrary;
import org.dalaba.hub.media.MediaRoutes;
import org.dalaba.hub.media.MediaServer;
import org.dalaba.hub.media.UploadQuota;
import org.dalaba.hub.speech.SpeechWorkers;
import org.dalaba.hub.store.DiskSpace;
import org.dalaba.hub.schedule.ProgrammeStore;
import org.dalaba.hub.schedule.RoutineRoutes;
import org.dalaba.hub.schedule.RoutineScheduler;
import org.dalaba.hub.schedule.RoutineService;
import org.dalaba.hub.speech.SpeechSynth;
import org.dalaba.hub.broker.EndpointConnections;
import org.dalaba.hub.broker.ReportTap;
import org.dalaba.hub.config.HubConfig;
import org.dalaba.hub.credentials.Credentials;
import org.dalaba.hub.directory.DirectoryService;
import org.dalaba.hub.events.Events;
import org.dalaba.hub.metrics.Histogram;
import org.dalaba.hub.mqtt.MqttGateway;
import org.dalaba.hub.signing.CommandSigner;
import org.dalaba.hub.tls.TlsMaterial;
import org.dalaba.hub.api.MetricsAccess;
import org.dalaba.hub.api.TlsRoutes;
import org.dalaba.hub.protocol.DeviceErrors;
import org.dalaba.hub.protocol.DeviceMessageParser;
import org.dalaba.hub.protocol.DeviceReportRouter;
import org.dalaba.hub.protocol.Topics;
import org.dalaba.hub.speech.SpeechPreview;
import org.dalaba.hub.status.EndpointStatusTracker;
import org.dalaba.hub.store.RedisHealth;
import org.dalaba.hub.store.RedisStore;
import org.dalaba.hub.volume.VolumeRoutes;
import org.dalaba.hub.volume.VolumeService;
import org.dalaba.hub.volume.VolumeStore;

/**
 * Wires the hub's services on one event-loop context and starts them: state from Redis, the MQTT
 * connection, then the HTTP server. {@code start} fails if any of them does (a taken port, a broker
 * refusing the hub's credentials), so a broken start is loud.
 */
final class HubVerticle extends AbstractVerticle {
  private final HubConfig config;
  private final RedisStore redis;
  private final DirectoryService directory;
  private final Credentials credentials;
  private final String mqttUrl;
  /** The embedded broker's in-process receipts and heartbeats; null with an external broker. */
  private final ReportTap embeddedReports;
  /** The embedded broker's record of which connection announced each endpoint online; null with an external broker. */
  private final EndpointConnections embeddedConnections;
  private final Clock clock;
  private final DirectoryImport directoryImport;
  private final CredentialRotation credentialRotation;
  private final CommandSigner commandSigner;
  // transport security, set before deployment (see transport())
  private TlsMaterial tls;
  private javax.net.ssl.SSLSocketFactory mqttTls;
  private String metricsToken;
  private HttpServer https;
  private final DeviceErrors deviceErrors = new DeviceErrors();
  private final Histogram acceptToLastReceipt = new Histogram("dalaba_alert_accept_to_last_receipt_seconds",
      "Time from accepting an alert to the last endpoint's final receipt", 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 1800, 3600);
  private Events events;
  private MqttGateway mqtt;
  private DeliveryEngine engine;
  private AlertService alerts;
  private ReceiptIngest receipts;
  private EndpointStatusTracker status;
  private RedisHealth redisHealth;
  private DiskSpace disk;
  /** Alerts being voiced or waiting for it at once; far above any county's rate of alerts. */
  private static final int ALERT_VOICINGS_QUEUED = 64;
  private SpeechWorkers speechWorkers;
  private SpeechWorkers alertSpeechWorkers;
  private RedisLease lease;
  private ClusterEvents clusterEvents;
  private HttpApi api;
  private HubMetrics metrics;
  private RoutineService routine;
  private VolumeService volumes;
  private RoutineScheduler scheduler;
  private HttpServer http;
  private io.vertx.core.eventbus.MessageConsumer<JsonObject> scheduleChanges;
  private final Promise<Void> httpListening = Promise.promise();

  HubVerticle(HubConfig config, RedisStore redis, DirectoryService directory, Credentials credentials,
              String mqttUrl, ReportTap embeddedReports, EndpointConnections embeddedConnections, Clock clock, DirectoryImport directoryImport,
              CredentialRotation credentialRotation, CommandSigner commandSigner) {
    this.commandSigner = commandSigner;
    this.config = config;
    this.redis = redis;
    this.directory = directory;
    this.credentials = credentials;
    this.mqttUrl = mqttUrl;
    this.embeddedReports = embeddedReports;
    this.embeddedConnections = embeddedConnections;
    this.clock = clock;
    this.directoryImport = directoryImport;
    this.credentialRotation = credentialRotation;
  }

  /**
   * @param tls      null: no HTTPS listener
   * @param mqttTls  null: the hub's MQTT client connects without TLS
   * @param metricsToken the bearer token /metrics asks for
   */
  void transport(TlsMaterial tls, javax.net.ssl.SSLSocketFactory mqttTls, String metricsToken) {
    this.tls = tls;
    this.mqttTls = mqttTls;
    this.metricsToken = metricsToken;
  }

  @Override
  public void start(Promise<Void> started) {
    events = new Events(vertx);
    clusterEvents = new ClusterEvents(vertx, redis, events);
    status = new EndpointStatusTracker(redis, events);
    AlertStore alertStore = new AlertStore(redis);
    DeviceReportRouter router = new DeviceReportRouter(new DeviceMessageParser(config.deviceMaxPayloadBytes()), deviceErrors,
        id -> directory.current().endpoint(id).isPresent());
    mqtt = new MqttGateway(context, mqttUrl, credentials.hubUsername(), credentials.hubPassword(), router, 8,
        Topics.hubSubscriptions(embeddedReports == null, config.clusterSharedGroup()), commandSigner,
        config.mqttPublishQueueMax());
    if (mqttTls != null) {
      mqtt.useTls(mqttTls, embeddedReports == null);
    }
    lease = new RedisLease(vertx, redis, config.clusterLeaseSeconds() * 1000L, this::onLeadership);
    engine = new DeliveryEngine(vertx, clock, lease, events, new Dispatcher(mqtt), status::isOnline);
    alerts = new AlertService(vertx, clock, config.zone(), alertStore, mqtt, directory::current, events,
        new ResendPolicy(config.alertResendAfterSeconds() * 1000L, config.alertResendMaxSeconds() * 1000L),
        new DurationEstimate(config.speechMsPerChar()), engine);
    alerts.playAt(config.alertVolumes());
    alerts.onCompleted(alert -> acceptToLastReceipt.observe((alert.endedAt() - alert.createdAt()) / 1000.0));
    routine = new RoutineService(vertx, clock, redis, mqtt, directory::current, events, this::publicUrl,
        config.scheduleMissedGraceSeconds() * 1000L, alerts::owesAlert, config.alertResendAfterSeconds() * 1000L,
        config.alertResendMaxSeconds() * 1000L, engine);
    alerts.onAlertEndedOn(routine::alertEndedOn);
    VolumeStore volumeStore = new VolumeStore(redis);
    volumes = new VolumeService(clock, config.zone(), volumeStore, mqtt, directory::current, engine,
        config.alertResendAfterSeconds() * 1000L, config.alertResendMaxSeconds() * 1000L, config.volumeOpenMinutes() * 60_000L);
    receipts = new ReceiptIngest(vertx, Map.of("a", alerts, "r", routine::applyPlayReceipts,
        "f", routine::applyPrefetchReceipts, "v", volumes), deviceErrors);
    EndpointCaps caps = new EndpointCaps(redis);
    router.onStatus(report -> {
      caps.onStatus(report); // first: the catch-up that an online status triggers reads the caps
      status.onStatus(report);
    }).onHeartbeat(status::onHeartbeat).onReceipt(receipt -> {
      status.heardFrom(receipt.endpointId());
      receipts.accept(receipt);
    });
    if (embeddedConnections != null) {
      status.announcingConnectionAlive(embeddedConnections::isAnnounced);
    }
    CatchUp catchUp = new CatchUp(clock, mqtt, lease, List.of(engine));
    status.onOnline(catchUp::send);
    redisHealth = new RedisHealth(vertx, redis, up -> healthChanged())
        .requirePersistence(config.redisMode() == org.dalaba.hub.config.HubConfig.RedisMode.EMBEDDED);
    disk = new DiskSpace(vertx, config.dataDir(), config.diskMinFreeBytes(), this::healthChanged);
    speechWorkers = new SpeechWorkers(vertx, config.speechWorkers(), config.speechMaxQueuedJobs());
    // alerts are voiced on a pool of their own: a queue of routine speech can neither delay nor refuse them
    alertSpeechWorkers = new SpeechWorkers(vertx, "dalaba-alert-speech", 1, ALERT_VOICINGS_QUEUED);
    mqtt.onConnectionChange(this::healthChanged);

    Times times = new Times(config.zone());
    AuditLog audit = new AuditLog(redis);
    AlertRequestValidator validator = new AlertRequestValidator(clock, Duration.ofMinutes(config.alertDefaultExpiryMinutes()),
        Duration.ofHours(config.alertMaxExpiryHours()), config.alertMaxRepeat(), Duration.ofSeconds(config.alertMaxAirSeconds()),
        new DurationEstimate(config.speechMsPerChar()));
    org.dalaba.hub.monitoring.OperationsMetrics operationsMetrics = new org.dalaba.hub.monitoring.OperationsMetrics(vertx,
        directory::current, status::get, redisHealth::isPersistent, config.dataDir(), config.backupDir(),
        tls == null ? null : tls.certificate());
    metrics = new HubMetrics(redis, status, directory, alerts, receipts, deviceErrors, acceptToLastReceipt,
        lease, redisHealth, mqtt, embeddedReports == null ? () -> 0L : embeddedReports::dropped);
    api = new HttpApi(vertx, new HttpApi.Services(directory::current, status, alerts, alertStore, validator,
        new UserStore(vertx, redis), new SessionStore(redis, Duration.ofMinutes(config.sessionTtlMinutes())),
        new LoginThrottle(redis, config.loginMaxFailures(), Duration.ofMinutes(config.loginLockoutMinutes()),
            org.dalaba.hub.api.ClientAddress.trusting(config.trustedProxies())),
        audit, deviceErrors, times, this::health, directoryImport::importFile, credentialRotation,
        new SpeechPreview(speechWorkers, config.speechExecutable(), config.speechVoice()), redisHealth::isAvailable, () -> metrics.render().compose(operationsMetrics::appendTo)));
    api.shareAccessChangesThrough(events);
    api.metricsAccess(new MetricsAccess(metricsToken))
        .mount(new TlsRoutes(vertx, tls == null ? null : tls.caCertificate()));
    ProgrammeStore programmes = new ProgrammeStore(redis);
    scheduler = new RoutineScheduler(vertx, clock, lease, redis, programmes, routine,
        Duration.ofSeconds(config.schedulePrefetchLeadSeconds()), Duration.ofSeconds(config.scheduleMissedGraceSeconds()));
    MediaLibrary media = new MediaLibrary(vertx, redis, new MediaFiles(config.dataDir()), clock);
    SpeechSynth speech = new SpeechSynth(speechWorkers, disk::isLow, redis, media, config.speechExecutable(), config.speechVoice());
    alerts.useVoicing(new AlertVoicing(new AlertAudio(vertx, media,
        new SpeechPreview(alertSpeechWorkers, config.speechExecutable(), config.speechVoice()), alertSignals(),
        config.alertMaxRecordingSeconds() * 1000L), caps, this::publicUrl, httpListening.future()));
    // a schedule changed through any instance is re-planned on every instance (only the leader fires)
    scheduler.onScheduleChanged(id -> events.publishShared("schedule", new JsonObject().put("scheduleId", id)));
    scheduleChanges = vertx.eventBus().<JsonObject>localConsumer(Events.ADDRESS, message -> {
      if ("schedule".equals(message.body().getString("type"))) {
        scheduler.replan(message.body().getString("scheduleId"));
      }
    });
    api.mount(new VolumeRoutes(directory::current, volumes, volumeStore, audit, times));
    api.mount(new MediaRoutes(vertx, media, new MediaServer(media,
        new org.dalaba.hub.credentials.EndpointSecretCheck(vertx, directoryImport::credentials),
        new MediaAudience(redis, directory::current)), audit, times, config.mediaMaxBytes(),
            directory::current, new UploadQuota(config.mediaQuotaUserBytes(), config.mediaQuotaTownshipBytes(),
            config.mediaQuotaCountyBytes()), disk::isLow),
        new RoutineRoutes(clock, directory::current, programmes, media, speech, scheduler, routine, config.zone(), audit, times,
            config.speechMsPerChar(), config.speechMaxCharsPerRequest()),
        new org.dalaba.hub.api.FireHistoryRoutes(directory::current, programmes, routine, config.zone(), times));

    clusterEvents.start();
    redisHealth.start();
    disk.start();
    status.load()
        .compose(v -> caps.load())
        .compose(v -> {
          alerts.start();
          engine.start();
          lease.start();
          if (embeddedReports != null) {
            embeddedReports.attach(task -> context.runOnContext(ignored -> task.run()), router);
          }
          if (embeddedConnections != null) {
            embeddedConnections.attach(task -> context.runOnContext(ignored -> task.run()), status::onDisconnected);
          }
          status.start(vertx, config.endpointHeartbeatSeconds() * 1000L);
          return mqtt.start(embeddedReports != null);
        })
        .compose(v -> listenHttp(api.router()))
        .compose(v -> {
          httpListening.tryComplete();
          return scheduler.start();
        })
        .onSuccess(v -> started.complete())
        .onFailure(started::fail);
  }

  /** The plain listener unless tls.requireTls, and the HTTPS one when TLS is on; one router for both. */
  private Future<Void> listenHttp(io.vertx.ext.web.Router router) {
    Future<Void> plain = config.tlsRequired() ? Future.succeededFuture()
        : vertx.createHttpServer().requestHandler(router).listen(config.httpPort(), config.httpHost())
            .recover(e -> Future.failedFuture(new IllegalStateException(
                "cannot listen for HTTP on " + config.httpHost() + ":" + config.httpPort() + " (http.port): " + e.getMessage(), e)))
            .map(server -> {
              http = server;
              return null;
            });
    if (tls == null) {
      return plain;
    }
    io.vertx.core.http.HttpServerOptions options = new io.vertx.core.http.HttpServerOptions().setSsl(true)
        .setKeyCertOptions(new io.vertx.core.net.PemKeyCertOptions().setCertPath(tls.certificate().toString())
            .setKeyPath(tls.privateKey().toString()));
    return plain.compose(v -> vertx.createHttpServer(options).requestHandler(router).listen(config.tlsHttpsPort(), config.httpHost())
        .recover(e -> Future.failedFuture(new IllegalStateException("cannot listen for HTTPS on " + config.httpHost() + ":"
            + config.tlsHttpsPort() + " (tls.httpsPort): " + e.getMessage(), e)))
        .map(server -> {
          https = server;
          return null;
        }));
  }

  private void onLeadership(boolean leader) {
    engine.onLeadership(leader);
    if (leader && scheduler != null) {
      scheduler.reload().onFailure(e -> org.slf4j.LoggerFactory.getLogger(HubVerticle.class)
          .error("Reloading schedules as the new leader failed: {}", e.toString()));
    }
    healthChanged();
  }

  private void healthChanged() {
    events.publishLocal("hub.health", health());
  }

  /** @return the plain HTTP port, or -1 when tls.requireTls leaves it out */
  int httpPort() {
    return http == null ? -1 : http.actualPort();
  }

  /** @return the HTTPS port, or -1 when TLS is off */
  int httpsPort() {
    return https == null ? -1 : https.actualPort();
  }

  /** Each level's attention signal (alert.signal.*); the keys were checked when the configuration was loaded. */
  private Map<AlertLevel, AttentionSignal> alertSignals() {
    Map<AlertLevel, AttentionSignal> signals = new java.util.EnumMap<>(AlertLevel.class);
    for (AlertLevel level : AlertLevel.values()) {
      signals.put(level, AttentionSignal.parse(config.alertSignal(level.wire())));
    }
    return signals;
  }

  /** The base URL endpoints fetch media from (http.publicUrl, else this hub's HTTP(S) port on localhost). */
  private String publicUrl() {
    if (!config.publicUrl().isBlank()) {
      return config.publicUrl();
    }
    return config.tlsRequired() ? "https://localhost:" + httpsPort() : "http://localhost:" + httpPort();
  }

  DeviceErrors deviceErrors() {
    return deviceErrors;
  }

  boolean isLeader() {
    return lease.isLeader();
  }

  /**
   * Liveness is "the process answers"; readiness needs both the broker and Redis. A low disk makes the
   * status degraded with a warning, while the hub stays ready: alerts go on, uploads stop.
   */
  JsonObject health() {
    boolean mqttUp = mqtt != null && mqtt.isConnected();
    boolean subscribed = mqtt != null && mqtt.isReady();
    boolean redisUp = redisHealth != null && redisHealth.isAvailable();
    boolean diskLow = disk != null && disk.isLow();
    io.vertx.core.json.JsonArray warnings = new io.vertx.core.json.JsonArray();
    if (diskLow) {
      warnings.add(DiskSpace.lowMessageZh());
    }
    io.vertx.core.json.JsonArray refused = new io.vertx.core.json.JsonArray();
    if (mqtt != null) {
      mqtt.refusedSubscriptions().forEach((filter, code) -> {
        refused.add(new JsonObject().put("filter", filter).put("reasonCode", code).put("reason", MqttGateway.subackReason(code)));
        warnings.add(SubscriptionWarning.text(filter, code));
      });
    }
    boolean ready = subscribed && redisUp;
    return new JsonObject().put("status", ready && !diskLow ? "up" : "degraded").put("live", true).put("ready", ready)
        .put("disk", disk == null ? null : disk.toJson()).put("warnings", warnings)
        .put("leader", lease != null && lease.isLeader())
        .put("mqtt", new JsonObject().put("connected", mqttUp).put("subscribed", subscribed).put("refused", refused).put("url", mqttUrl))
        .put("redis", new JsonObject().put("available", redisUp).put("persistent", redisHealth == null || redisHealth.isPersistent()));
  }

  @Override
  public void stop(Promise<Void> stopped) {
    // everything started in start() is stopped here, not left to Vert.x closing: a hub may be stopped and started
    // again in one process (tests, an embedding), and HubStopReleasesEverythingIT checks nothing is left
    Future<Void> released = lease == null ? Future.succeededFuture() : lease.stop();
    Future<Void> unsubscribed = scheduleChanges == null ? Future.succeededFuture() : scheduleChanges.unregister();
    if (alerts != null) {
      alerts.stop();
    }
    if (scheduler != null) {
      scheduler.stop();
    }
    if (engine != null) {
      engine.stop();
    }
    if (routine != null) {
      routine.stop();
    }
    if (redisHealth != null) {
      redisHealth.stop();
    }
    if (disk != null) {
      disk.stop();
    }
    if (alertSpeechWorkers != null) {
      alertSpeechWorkers.close();
    }
    if (speechWorkers != null) {
      speechWorkers.close();
    }
    if (clusterEvents != null) {
      clusterEvents.stop();
    }
    if (embeddedReports != null) {
      embeddedReports.detach();
    }
    if (embeddedConnections != null) {
      embeddedConnections.detach();
    }
    if (status != null) {
      status.stop(vertx);
    }
    if (api != null) {
      api.close();
    }
    if (metrics != null) {
      metrics.close();
    }
    Future<Void> httpClosed = http == null ? Future.succeededFuture() : http.close();
    Future<Void> httpsClosed = https == null ? Future.succeededFuture() : https.close();
    Future<Void> mqttClosed = mqtt == null ? Future.succeededFuture() : mqtt.stop();
    Future.join(java.util.List.of(httpClosed, httpsClosed, mqttClosed, released, unsubscribed)).onComplete(r -> stopped.complete());
  }
}
