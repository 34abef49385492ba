package org.dalaba.hub;

import org.dalaba.hub.api.HttpListeners;
import org.dalaba.hub.lifecycle.Shutdown;
import org.dalaba.hub.monitoring.HubHealth;
import org.dalaba.hub.status.EndpointReports;
import org.dalaba.hub.metrics.HubMetrics;
import org.dalaba.hub.provisioning.CredentialRotation;
import org.dalaba.hub.provisioning.DirectoryImport;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.dalaba.hub.alert.AlertRequestValidator;
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
import org.dalaba.hub.mqtt.ReportTap;
import org.dalaba.hub.config.HubConfig;
import org.dalaba.hub.credentials.Credentials;
import org.dalaba.hub.directory.DirectoryService;
import org.dalaba.hub.events.Events;
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
import org.dalaba.hub.live.LiveRoutes;
import org.dalaba.hub.live.LiveService;
import org.dalaba.hub.live.LiveStore;

/**
 * The event-loop half of the composition root ({@link Application} is the process half): constructs the hub's
 * services on one event-loop context, connects them, and starts them: state from Redis, the MQTT connection, then
 * the HTTP server. Behaviour lives in the services; what is here is construction, connection and start order. {@code start} fails if any of them does (a taken port, a broker
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
  private javax.net.ssl.TrustManagerFactory mqttTls;
  private String metricsToken;
  private java.util.List<org.dalaba.hub.cap.feed.FeedSource> capSources = java.util.List.of();
  private final DeviceErrors deviceErrors = new DeviceErrors();
  private Events events;
  private MqttGateway mqtt;
  private RedisLease lease;
  private HubHealth health;
  private HttpListeners listeners;
  private Shutdown shutdown;
  private final Promise<Void> httpListening = Promise.promise();
  /** What a change of leadership reaches, set once everything it reaches is wired (before the lease starts). */
  private java.util.function.Consumer<Boolean> onLeadership = leader -> { };

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
  void transport(TlsMaterial tls, javax.net.ssl.TrustManagerFactory mqttTls, String metricsToken) {
    this.tls = tls;
    this.mqttTls = mqttTls;
    this.metricsToken = metricsToken;
  }

  /** The CAP sources the leader polls (read from cap.sourcesFile by {@link Application}). */
  void capSources(java.util.List<org.dalaba.hub.cap.feed.FeedSource> sources) {
    this.capSources = java.util.List.copyOf(sources);
  }

  @Override
  public void start(Promise<Void> started) {
    events = new Events(vertx);
    ClusterEvents clusterEvents = new ClusterEvents(vertx, redis, events);
    EndpointStatusTracker status = new EndpointStatusTracker(redis, events);
    AlertStore alertStore = new AlertStore(redis);
    DeviceReportRouter router = new DeviceReportRouter(new DeviceMessageParser(config.deviceMaxPayloadBytes()), deviceErrors,
        id -> directory.current().endpoint(id).isPresent());
    mqtt = new MqttGateway(context, mqttUrl, credentials.hubUsername(), credentials.hubPassword(), router, 8,
        Topics.hubSubscriptions(embeddedReports == null, config.clusterSharedGroup()), commandSigner,
        config.mqttPublishQueueMax());
    if (mqttTls != null) {
      mqtt.useTls(mqttTls, embeddedReports == null);
    }
    lease = new RedisLease(vertx, redis, config.clusterLeaseSeconds() * 1000L, leader -> onLeadership.accept(leader));
    DeliveryEngine engine = new DeliveryEngine(vertx, clock, lease, events, new Dispatcher(mqtt), status::isOnline);
    AlertService alerts = new AlertService(vertx, clock, config.zone(), alertStore, mqtt, directory::current, events,
        new ResendPolicy(config.alertResendAfterSeconds() * 1000L, config.alertResendMaxSeconds() * 1000L),
        new DurationEstimate(config.speechMsPerChar()), engine);
    alerts.playAt(config.alertVolumes());
    alerts.approvals(config.alertApproval());
    org.dalaba.hub.alert.ApprovalExpiry approvalExpiry = new org.dalaba.hub.alert.ApprovalExpiry(vertx, clock, lease, alerts, alertStore);
    String countyId = directory.current().countyId();
    String platformId = config.ebmPlatformId().isEmpty() ? org.dalaba.hub.alert.MessageIds.defaultPlatformId(countyId)
        : config.ebmPlatformId();
    alerts.useMessageIds(new org.dalaba.hub.alert.MessageIds(redis, clock, config.zone(), platformId,
        config.ebmSenderCode().isEmpty() ? platformId : config.ebmSenderCode(), config.ebmDefaultEventType()));
    listeners = new HttpListeners(vertx, config, tls);
    AuditLog audit = new AuditLog(redis);
    MediaLibrary media = new MediaLibrary(vertx, redis, new MediaFiles(config.dataDir()), clock);
    LiveService live = new LiveService(vertx, clock, config.zone(), new LiveStore(redis), mqtt, directory::current, engine, events,
        media, audit, listeners::publicUrl, new LiveService.Settings(config.liveDefaultSeconds(), config.liveMaxSeconds(),
            config.liveStallSeconds() * 1000L, config.liveSourceWaitSeconds() * 1000L, config.liveMaxBitrate(),
            config.alertResendAfterSeconds() * 1000L, config.alertResendMaxSeconds() * 1000L));
    // a routine play preempted by an alert or a live session resumes once neither holds the endpoint
    RoutineService routine = new RoutineService(vertx, clock, redis, mqtt, directory::current, events, listeners::publicUrl,
        config.scheduleMissedGraceSeconds() * 1000L, e -> alerts.owesAlert(e) || live.owes(e), config.alertResendAfterSeconds() * 1000L,
        config.alertResendMaxSeconds() * 1000L, engine);
    alerts.onAlertEndedOn(routine::alertEndedOn);
    live.onEndedOn(routine::alertEndedOn);
    VolumeStore volumeStore = new VolumeStore(redis);
    VolumeService volumes = new VolumeService(clock, config.zone(), volumeStore, mqtt, directory::current, engine,
        config.alertResendAfterSeconds() * 1000L, config.alertResendMaxSeconds() * 1000L, config.volumeOpenMinutes() * 60_000L);
    ReceiptIngest receipts = new ReceiptIngest(vertx, Map.of("a", alerts, "r", routine::applyPlayReceipts,
        "f", routine::applyPrefetchReceipts, "v", volumes, "l", live), deviceErrors);
    EndpointCaps caps = new EndpointCaps(redis);
    new EndpointReports(caps, status, receipts::accept).routeFrom(router);
    if (embeddedConnections != null) {
      status.announcingConnectionAlive(embeddedConnections::isAnnounced);
    }
    CatchUp catchUp = new CatchUp(clock, mqtt, lease, List.of(engine));
    status.onOnline(catchUp::send);
    RedisHealth redisHealth = new RedisHealth(vertx, redis, up -> healthChanged())
        .requirePersistence(config.redisMode() == org.dalaba.hub.config.HubConfig.RedisMode.EMBEDDED);
    DiskSpace disk = new DiskSpace(vertx, config.dataDir(), config.diskMinFreeBytes(), this::healthChanged);
    SpeechWorkers speechWorkers = new SpeechWorkers(vertx, config.speechWorkers(), config.speechMaxQueuedJobs());
    // alerts are voiced on a pool of their own: a queue of routine speech can neither delay nor refuse them
    SpeechWorkers alertSpeechWorkers = new SpeechWorkers(vertx, "dalaba-alert-speech", 1, org.dalaba.hub.config.Limits.ALERT_VOICINGS_QUEUED);
    health = new HubHealth(mqtt, redisHealth, disk, lease, mqttUrl);
    mqtt.onConnectionChange(this::healthChanged);

    Times times = new Times(config.zone());
    AlertRequestValidator validator = new AlertRequestValidator(clock, Duration.ofMinutes(config.alertDefaultExpiryMinutes()),
        Duration.ofHours(config.alertMaxExpiryHours()), config.alertMaxRepeat(), Duration.ofSeconds(config.alertMaxAirSeconds()),
        new DurationEstimate(config.speechMsPerChar()));
    org.dalaba.hub.monitoring.OperationsMetrics operationsMetrics = new org.dalaba.hub.monitoring.OperationsMetrics(vertx,
        directory::current, status::get, config.dataDir(), config.backupDir(), tls == null ? null : tls.certificate());
    HubMetrics metrics = new HubMetrics(redis, status, directory, alerts, receipts, deviceErrors, lease, redisHealth, mqtt, () -> mqtt.reportsDropped() + (embeddedReports == null ? 0 : embeddedReports.dropped()));
    metrics.with(registry -> operationsMetrics.bindTo(registry, redisHealth::isPersistent));
    HttpApi api = new HttpApi(vertx, new HttpApi.Services(directory::current, status, alerts, alertStore, validator,
        new UserStore(vertx, redis), new SessionStore(redis, Duration.ofMinutes(config.sessionTtlMinutes())),
        new LoginThrottle(redis, config.loginMaxFailures(), Duration.ofMinutes(config.loginLockoutMinutes()),
            org.dalaba.hub.api.ClientAddress.trusting(config.trustedProxies())),
        audit, deviceErrors, times, health::current, directoryImport::importFile, credentialRotation,
        new SpeechPreview(speechWorkers, config.speechExecutable(), config.speechVoice()), redisHealth::isAvailable, () -> operationsMetrics.refresh().compose(v -> metrics.render())));
    api.shareAccessChangesThrough(events);
    String capSender = config.capSender().isEmpty() ? "dalaba." + countyId : config.capSender();
    org.dalaba.hub.cap.CapImport capImport = new org.dalaba.hub.cap.CapImport(vertx, clock, directory::current,
        new org.dalaba.hub.cap.CapParser(), new org.dalaba.hub.cap.CapLedger(redis), alerts, alertStore, validator, audit, capSender);
    api.mountCap(capImport,
        new org.dalaba.hub.cap.CapExport(capSender, config.zone()), listeners::publicUrl, config.capFeedPublic(),
        config.alertMaxExpiryHours() * 3_600_000L);
    api.metricsAccess(new MetricsAccess(metricsToken))
        .mount(new TlsRoutes(vertx, tls == null ? null : tls.caCertificate()));
    ProgrammeStore programmes = new ProgrammeStore(redis);
    RoutineScheduler scheduler = new RoutineScheduler(vertx, clock, lease, redis, programmes, routine,
        Duration.ofSeconds(config.schedulePrefetchLeadSeconds()), Duration.ofSeconds(config.scheduleMissedGraceSeconds()));
    SpeechSynth speech = new SpeechSynth(speechWorkers, disk::isLow, redis, media, config.speechExecutable(), config.speechVoice());
    alerts.useVoicing(new AlertVoicing(new AlertAudio(vertx, media,
        new SpeechPreview(alertSpeechWorkers, config.speechExecutable(), config.speechVoice()),
        AttentionSignal.perLevel(config::alertSignal), config.alertMaxRecordingSeconds() * 1000L), caps, listeners::publicUrl,
        httpListening.future()));
    scheduler.shareChangesThrough(events);
    org.dalaba.hub.cap.feed.FeedStatus feedStatus = new org.dalaba.hub.cap.feed.FeedStatus(redis);
    org.dalaba.hub.cap.feed.ExternalWarnings externalWarnings = new org.dalaba.hub.cap.feed.ExternalWarnings(redis);
    org.dalaba.hub.cap.feed.CapIntake capIntake = new org.dalaba.hub.cap.feed.CapImportIntake(vertx, clock, directory::current,
        capImport, validator);
    org.dalaba.hub.cap.feed.FeedPoller feeds = new org.dalaba.hub.cap.feed.FeedPoller(vertx, clock, lease, capSources, capIntake,
        externalWarnings, feedStatus, audit, events, directory::current);
    metrics.with(registry -> org.dalaba.hub.cap.feed.FeedMetrics.register(registry, capSources, feedStatus));
    api.mount(new org.dalaba.hub.cap.feed.CapFeedRoutes(capSources, feedStatus, externalWarnings, capIntake, alerts, validator,
        directory::current, audit, events, times, clock));
    org.dalaba.hub.escalation.NotificationLog notifications = new org.dalaba.hub.escalation.NotificationLog(redis);
    org.dalaba.hub.escalation.Escalation escalation = new org.dalaba.hub.escalation.Escalation(vertx, clock, lease, engine, alerts,
        alertStore, directory::current, config.escalationPolicy(), config.notifyChannels(), config.notifySettings(), notifications,
        events, audit, times, status::isOnline);
    engine.onTick(escalation::tick);
    engine.onFinished(escalation::finished);
    api.mount(new org.dalaba.hub.escalation.NotificationRoutes(directory::current, alertStore, notifications, times));
    onLeadership = leader -> {
      escalation.onLeadership(leader);
      engine.onLeadership(leader);
      scheduler.onLeadership(leader);
      feeds.onLeadership(leader);
      healthChanged();
    };
    api.mount(new VolumeRoutes(directory::current, volumes, volumeStore, audit, times));
    MediaServer mediaServer = new MediaServer(media, new org.dalaba.hub.credentials.EndpointSecretCheck(vertx, directoryImport::credentials),
        new MediaAudience(redis, directory::current));
    // Opus encoding of WAV sources: CPU work, off the event loop, on a small pool of its own
    io.vertx.core.WorkerExecutor liveEncoders = vertx.createSharedWorkerExecutor("dalaba-live-encode", 2);
    org.dalaba.hub.live.LiveOrigins liveOrigins = new org.dalaba.hub.live.LiveOrigins(vertx, redis, lease.instanceId(),
        listeners::publicUrl, live);
    org.dalaba.hub.live.LiveOriginWatch liveOriginWatch = new org.dalaba.hub.live.LiveOriginWatch(vertx, clock, lease, redis, live,
        liveOrigins);
    org.dalaba.hub.live.LiveRecordingRecovery liveRecordings = new org.dalaba.hub.live.LiveRecordingRecovery(vertx, media.files(), live);
    api.mount(new LiveRoutes(vertx, directory::current, live, liveOrigins, audit, times, media.files(), mediaServer, liveEncoders));
    api.mount(new MediaRoutes(vertx, media, mediaServer, audit, times, config.mediaMaxBytes(),
            directory::current, new UploadQuota(config.mediaQuotaUserBytes(), config.mediaQuotaTownshipBytes(),
            config.mediaQuotaCountyBytes()), disk::isLow),
        new RoutineRoutes(clock, directory::current, programmes, media, speech, scheduler, routine, config.zone(), audit, times,
            config.speechMsPerChar(), config.speechMaxCharsPerRequest()),
        new org.dalaba.hub.api.FireHistoryRoutes(vertx, directory::current, programmes, routine, config.zone(), times));
    org.dalaba.hub.api.CoverageRoutes coverage = new org.dalaba.hub.api.CoverageRoutes(vertx, directory::current, alertStore, redis, times);
    api.mount(coverage, new org.dalaba.hub.api.DailyReportRoutes(vertx, directory::current, coverage, programmes, routine, times));

    // everything started here is stopped in stop(), not left to Vert.x closing: a hub may be stopped and started
    // again in one process (tests, an embedding), and HubStopReleasesEverythingIT checks nothing is left
    shutdown = new Shutdown().then(liveOriginWatch::stop).then(liveRecordings::stop).thenAsync(live::stop).then(liveOrigins::stop).then(liveEncoders::close).thenAsync(lease::stop).then(approvalExpiry::stop).then(feeds::stop).then(alerts::stop).thenAsync(scheduler::stop).then(engine::stop).then(escalation::stop)
        .then(routine::stop).then(redisHealth::stop).then(disk::stop).then(alertSpeechWorkers::close).then(speechWorkers::close)
        .then(clusterEvents::stop).then(this::detachEmbeddedBroker).then(() -> status.stop(vertx)).then(api::close)
        .then(metrics::close).thenAsync(listeners::close).thenAsync(mqtt::stop);

    clusterEvents.start();
    redisHealth.start();
    disk.start();
    status.load()
        .compose(v -> caps.load())
        .compose(v -> {
          alerts.start();
          approvalExpiry.start();
          live.start();
          liveOrigins.start();
          liveOriginWatch.start();
          liveRecordings.start();
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
        .compose(v -> listeners.listen(api.router()))
        .compose(v -> {
          httpListening.tryComplete();
          return scheduler.start();
        })
        .onSuccess(v -> started.complete())
        .onFailure(started::fail);
  }

  private void healthChanged() {
    events.publishLocal("hub.health", health.current());
  }

  private void detachEmbeddedBroker() {
    if (embeddedReports != null) {
      embeddedReports.detach();
    }
    if (embeddedConnections != null) {
      embeddedConnections.detach();
    }
  }

  /** @return the plain HTTP port, or -1 when tls.requireTls leaves it out */
  int httpPort() {
    return listeners.httpPort();
  }

  /** @return the HTTPS port, or -1 when TLS is off */
  int httpsPort() {
    return listeners.httpsPort();
  }

  DeviceErrors deviceErrors() {
    return deviceErrors;
  }

  @Override
  public void stop(Promise<Void> stopped) {
    (shutdown == null ? Future.<Void>succeededFuture() : shutdown.run()).onComplete(r -> stopped.complete());
  }
}
