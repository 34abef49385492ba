package org.dalaba.hub;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import org.dalaba.hub.alert.AlertRequestValidator;
import org.dalaba.hub.alert.AlertService;
import org.dalaba.hub.alert.AlertStore;
import org.dalaba.hub.alert.DurationEstimate;
import org.dalaba.hub.alert.ReceiptIngest;
import org.dalaba.hub.alert.ResendPolicy;
import org.dalaba.hub.api.AuditLog;
import org.dalaba.hub.api.HttpApi;
import org.dalaba.hub.api.LoginThrottle;
import org.dalaba.hub.api.SessionStore;
import org.dalaba.hub.api.Times;
import org.dalaba.hub.api.UserStore;
import org.dalaba.hub.config.HubConfig;
import org.dalaba.hub.credentials.Credentials;
import org.dalaba.hub.directory.DirectoryService;
import org.dalaba.hub.events.Events;
import org.dalaba.hub.mqtt.MqttGateway;
import org.dalaba.hub.protocol.DeviceErrors;
import org.dalaba.hub.protocol.DeviceMessageParser;
import org.dalaba.hub.protocol.DeviceReportRouter;
import org.dalaba.hub.speech.SpeechPreview;
import org.dalaba.hub.status.EndpointStatusTracker;
import org.dalaba.hub.store.RedisStore;

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
  private final Clock clock;
  private final DirectoryImport directoryImport;
  private final CredentialRotation credentialRotation;
  private final DeviceErrors deviceErrors = new DeviceErrors();
  private MqttGateway mqtt;
  private AlertService alerts;
  private HttpApi api;
  private HttpServer http;

  HubVerticle(HubConfig config, RedisStore redis, DirectoryService directory, Credentials credentials, String mqttUrl, Clock clock,
              DirectoryImport directoryImport, CredentialRotation credentialRotation) {
    this.config = config;
    this.redis = redis;
    this.directory = directory;
    this.credentials = credentials;
    this.mqttUrl = mqttUrl;
    this.clock = clock;
    this.directoryImport = directoryImport;
    this.credentialRotation = credentialRotation;
  }

  @Override
  public void start(Promise<Void> started) {
    Events events = new Events(vertx);
    EndpointStatusTracker status = new EndpointStatusTracker(redis, events);
    AlertStore alertStore = new AlertStore(redis);
    DeviceReportRouter router = new DeviceReportRouter(new DeviceMessageParser(config.deviceMaxPayloadBytes()), deviceErrors,
        id -> directory.current().endpoint(id).isPresent());
    mqtt = new MqttGateway(context, mqttUrl, credentials.hubUsername(), credentials.hubPassword(), router, 8);
    alerts = new AlertService(vertx, clock, config.zone(), alertStore, mqtt, directory::current, status, events,
        new ResendPolicy(config.alertResendAfterSeconds() * 1000L, config.alertResendMaxSeconds() * 1000L),
        new DurationEstimate(config.speechMsPerChar()));
    ReceiptIngest receipts = new ReceiptIngest(vertx, alerts, deviceErrors);
    router.onStatus(status::onStatus).onHeartbeat(status::onHeartbeat).onReceipt(receipts::accept);
    status.onOnline(alerts::catchUp);

    AlertRequestValidator validator = new AlertRequestValidator(clock, Duration.ofMinutes(config.alertDefaultExpiryMinutes()),
        Duration.ofHours(config.alertMaxExpiryHours()), config.alertMaxRepeat());
    api = new HttpApi(vertx, new HttpApi.Services(directory::current, status, alerts, alertStore, validator,
        new UserStore(vertx, redis), new SessionStore(redis, Duration.ofMinutes(config.sessionTtlMinutes())),
        new LoginThrottle(redis, config.loginMaxFailures(), Duration.ofMinutes(config.loginLockoutMinutes())),
        new AuditLog(redis), deviceErrors, new Times(config.zone()), this::health, directoryImport::importFile, credentialRotation,
        new SpeechPreview(vertx, config.speechExecutable())));

    status.load()
        .compose(v -> alerts.recover())
        .compose(v -> mqtt.start(config.mqttMode() == HubConfig.Mode.EMBEDDED))
        .compose(v -> vertx.createHttpServer().requestHandler(api.router()).listen(config.httpPort(), config.httpHost())
            .recover(e -> Future.failedFuture(new IllegalStateException(
                "cannot listen for HTTP on " + config.httpHost() + ":" + config.httpPort() + " (http.port): " + e.getMessage(), e))))
        .onSuccess(server -> {
          http = server;
          started.complete();
        })
        .onFailure(started::fail);
  }

  int httpPort() {
    return http.actualPort();
  }

  DeviceErrors deviceErrors() {
    return deviceErrors;
  }

  private JsonObject health() {
    boolean mqttUp = mqtt != null && mqtt.isConnected();
    return new JsonObject().put("status", mqttUp ? "up" : "degraded")
        .put("mqtt", new JsonObject().put("connected", mqttUp).put("url", mqttUrl));
  }

  @Override
  public void stop(Promise<Void> stopped) {
    if (alerts != null) {
      alerts.stop();
    }
    if (api != null) {
      api.close();
    }
    Future<Void> httpClosed = http == null ? Future.succeededFuture() : http.close();
    Future<Void> mqttClosed = mqtt == null ? Future.succeededFuture() : mqtt.stop();
    Future.join(httpClosed, mqttClosed).onComplete(r -> stopped.complete());
  }
}
