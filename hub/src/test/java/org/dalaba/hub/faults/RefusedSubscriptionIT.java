package org.dalaba.hub.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.Application;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.config.ConfigKey;
import org.dalaba.hub.protocol.Topics;
import org.dalaba.hub.store.EmbeddedRedis;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.ExternalProcess;
import org.dalaba.hub.testing.HubMosquitto;
import org.dalaba.hub.testing.SimSpecs;
import org.dalaba.hub.testing.Teardown;
import org.dalaba.hub.testing.TestHubs;
import org.dalaba.sim.SimEndpointSpec;
import org.dalaba.sim.SimulatedFleet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker whose ACL refuses the hub's shared receipt subscription ({@code $share/dalaba-hubs/...}). Mosquitto's
 * {@code acl_file} grants every subscription and filters messages later (MosquittoFilesIT), so the refusal comes
 * from Mosquitto's dynamic-security plugin, which checks subscriptions and answers SUBACK 0x87 "Not authorized". The
 * hub must stay unready and say why, and once the operator fixes the ACL it must become ready by itself and receive
 * receipts.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RefusedSubscriptionIT {
  private static final String DYNSEC_PLUGIN = "/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so";
  private static final String ADMIN = "broker-admin";
  private static final String ADMIN_PASSWORD = "broker-admin-secret-0123";

  @TempDir
  Path tmp;

  private final Teardown teardown = new Teardown();

  @AfterEach
  void stopAll() throws Exception {
    teardown.close();
  }

  @Test
  void aRefusedReceiptSubscriptionKeepsTheHubUnreadyUntilTheAclIsFixed() throws Exception {
    if (!Files.isReadable(Path.of(DYNSEC_PLUGIN))) {
      ExternalProcess.requireProgram(DYNSEC_PLUGIN, "mosquitto"); // skips, or fails under CI
    }
    ExternalProcess.requireProgram("/usr/bin/mosquitto_ctrl", "mosquitto-clients");
    Path dataDir = tmp.resolve("data");
    String refusedFilter = Topics.sharedReceipts("dalaba-hubs");
    Path dynsec = tmp.resolve("dynamic-security.json");
    Files.writeString(dynsec, dynamicSecurity(refusedFilter.replace("dalaba-hubs", "+")));
    ch.qos.logback.classic.Logger gatewayLog =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.dalaba.hub.mqtt.MqttGateway.class);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged = new ch.qos.logback.core.read.ListAppender<>();
    logged.start();
    gatewayLog.addAppender(logged);
    teardown.add(() -> gatewayLog.detachAppender(logged));
    int port = EmbeddedRedis.freePort();
    ExternalProcess mosquitto = teardown.add(HubMosquitto.start(dataDir, port,
        List.of("plugin " + DYNSEC_PLUGIN, "plugin_opt_config_file " + dynsec)));
    RunningHub hub = teardown.add(Application.start(TestHubs.config(dataDir).with(Map.of(ConfigKey.MQTT_MODE, "external",
        ConfigKey.MQTT_URL, "tcp://127.0.0.1:" + port, ConfigKey.MQTT_HUB_PASSWORD, "hub-test-secret-0123456789")),
        System.out, TestHubs.ADMIN_PASSWORD));
    addBrokerAdmin(dataDir.resolve("mosquitto"));
    mosquitto.reload();
    ApiClient anonymous = new ApiClient(hub.httpPort());
    ApiClient metrics = new ApiClient(hub.httpPort()).withToken(TestHubs.metricsToken(dataDir));

    // GIVEN a broker that lets the hub in but refuses its receipt subscription
    ApiClient.Reply unready = Await.until("the hub connected, its receipt subscription refused", Duration.ofSeconds(40),
        () -> anonymous.get("/health"), reply -> reply.body().getJsonObject("mqtt").getBoolean("connected")
            && !reply.body().getJsonObject("mqtt").getJsonArray("refused").isEmpty());
    // THEN the hub is not ready, and says which filter and why
    assertEquals(503, unready.status(), unready.toString());
    JsonObject refusal = unready.body().getJsonObject("mqtt").getJsonArray("refused").getJsonObject(0);
    assertEquals(refusedFilter, refusal.getString("filter"));
    assertEquals(0x87, refusal.getInteger("reasonCode"));
    assertEquals("Not authorized", refusal.getString("reason"));
    assertTrue(unready.body().getJsonArray("warnings").encode().contains(refusedFilter), unready.toString());
    assertTrue(List.copyOf(logged.list).stream().anyMatch(e -> e.getLevel() == ch.qos.logback.classic.Level.ERROR
        && e.getFormattedMessage().contains(refusedFilter) && e.getFormattedMessage().contains("0x87")), "an ERROR names the filter and code");
    String figures = metrics.getText("/metrics");
    assertTrue(figures.contains("dalaba_mqtt_subscriptions_refused 1"), figures);
    assertTrue(figures.contains("dalaba_mqtt_ready 0"), figures);
    // AND it stays so while the broker keeps refusing (it keeps asking: the refusals count up)
    Await.until("the hub asked again and was refused again", Duration.ofSeconds(20),
        () -> refusals(metrics.getText("/metrics")) >= 2);
    assertEquals(503, anonymous.get("/health").status());

    List<SimEndpointSpec> specs = SimSpecs.of(hub);
    Vertx vertx = Vertx.vertx();
    teardown.add(() -> FaultFixtures.await(vertx.close()));
    SimulatedFleet fleet = FaultFixtures.slowFleet(vertx, port, specs);
    teardown.add(() -> FaultFixtures.await(fleet.close()));

    // WHEN the operator fixes the ACL
    mosquittoCtrl(port, "dynsec", "removeRoleACL", "hub-role", "subscribePattern", refusedFilter.replace("dalaba-hubs", "+"));
    // THEN the hub becomes ready by itself
    Await.until("the hub ready after the ACL was fixed", Duration.ofSeconds(30), () -> anonymous.get("/health").status() == 200);
    assertTrue(anonymous.get("/health").body().getJsonObject("mqtt").getJsonArray("refused").isEmpty());
    // AND receipts reach it: an alert ends played by every endpoint
    ApiClient api = FaultFixtures.login(hub.httpPort());
    Await.until("every endpoint online", Duration.ofSeconds(40),
        () -> metrics.getText("/metrics").contains("dalaba_endpoints_connected " + specs.size()));
    String id = FaultFixtures.sendAlertToAll(api);
    FaultFixtures.awaitPlayedByAll(api, id, specs.size());
  }

  private static long refusals(String metrics) {
    return metrics.lines().filter(l -> l.startsWith("dalaba_mqtt_subscription_refusals_total "))
        .mapToLong(l -> (long) Double.parseDouble(l.substring(l.indexOf(' ') + 1))).findFirst().orElse(0);
  }

  /** The hub's account has a role that denies the shared receipt filter; the admin may change roles at run time. */
  private static String dynamicSecurity(String deniedPattern) {
    JsonObject deny = new JsonObject().put("acltype", "subscribePattern").put("topic", deniedPattern).put("priority", 0).put("allow", false);
    io.vertx.core.json.JsonArray adminAcls = new io.vertx.core.json.JsonArray();
    for (String type : List.of("publishClientSend", "publishClientReceive", "subscribePattern")) {
      adminAcls.add(new JsonObject().put("acltype", type).put("topic", "$CONTROL/dynamic-security/#").put("priority", 0).put("allow", true));
    }
    return new JsonObject()
        .put("defaultACLAccess", new JsonObject().put("publishClientSend", true).put("publishClientReceive", true)
            .put("subscribe", true).put("unsubscribe", true))
        .put("clients", new io.vertx.core.json.JsonArray()
            .add(new JsonObject().put("username", "hub").put("roles", new io.vertx.core.json.JsonArray().add(new JsonObject().put("rolename", "hub-role"))))
            .add(new JsonObject().put("username", ADMIN).put("roles", new io.vertx.core.json.JsonArray().add(new JsonObject().put("rolename", "admin")))))
        .put("groups", new io.vertx.core.json.JsonArray())
        .put("roles", new io.vertx.core.json.JsonArray()
            .add(new JsonObject().put("rolename", "hub-role").put("acls", new io.vertx.core.json.JsonArray().add(deny)))
            .add(new JsonObject().put("rolename", "admin").put("acls", adminAcls)))
        .encodePrettily();
  }

  /** The broker's administrator, in the password and ACL files the hub wrote (passwords still come from the file). */
  private static void addBrokerAdmin(Path mosquittoFiles) throws Exception {
    run(List.of("mosquitto_passwd", "-b", mosquittoFiles.resolve("passwd").toString(), ADMIN, ADMIN_PASSWORD));
    Files.writeString(mosquittoFiles.resolve("acl"), "\nuser " + ADMIN + "\ntopic readwrite $CONTROL/dynamic-security/#\n",
        java.nio.file.StandardOpenOption.APPEND);
  }

  private static void mosquittoCtrl(int port, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("mosquitto_ctrl", "-h", "127.0.0.1", "-p", String.valueOf(port),
        "-u", ADMIN, "-P", ADMIN_PASSWORD));
    command.addAll(List.of(args));
    run(command);
  }

  private static void run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(process.waitFor(20, TimeUnit.SECONDS), command + " did not finish");
    assertEquals(0, process.exitValue(), command + ": " + output);
  }
}
