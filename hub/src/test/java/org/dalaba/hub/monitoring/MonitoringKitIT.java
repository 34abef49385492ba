package org.dalaba.hub.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dalaba.hub.Application;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.config.ConfigKey;
import org.dalaba.hub.testing.TestHubs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring kit of packaging/monitoring/ against a real hub: every dalaba_ series the Grafana
 * dashboard and the Prometheus rules use is one the hub's /metrics exposes, the series added for the
 * rules carry what they claim, and the dashboard has the structure Grafana imports. (promtool checks
 * the rules themselves: .ci/monitoring-check.)
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class MonitoringKitIT {
  static final Path KIT = Path.of("..", "packaging", "monitoring");
  static final Pattern SERIES = Pattern.compile("dalaba_[a-z_]+");
  @TempDir
  Path dataDir;
  RunningHub hub;

  @AfterEach
  void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  private static Set<String> referenced(String text) {
    Set<String> names = new TreeSet<>();
    Matcher m = SERIES.matcher(text);
    while (m.find()) {
      names.add(m.group());
    }
    return names;
  }

  @Test
  void everySeriesTheKitUsesIsExposedAndTheDashboardImports() throws Exception {
    hub = Application.start(TestHubs.config(dataDir).with(ConfigKey.TLS_ENABLED, true).with(ConfigKey.TLS_HTTPS_PORT, 0),
        System.out, TestHubs.ADMIN_PASSWORD);
    String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + "/metrics"))
        .header("Authorization", "Bearer " + TestHubs.metricsToken(dataDir)).build(), HttpResponse.BodyHandlers.ofString()).body();
    Set<String> exposed = new HashSet<>();
    for (String line : metrics.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        exposed.add(line.split("[{ ]", 2)[0]);
      }
    }
    // the series the rules need beyond the hub's own
    assertTrue(metrics.contains("dalaba_redis_persistent 1.0"), metrics);
    long township = metrics.lines().filter(l -> l.startsWith("dalaba_township_endpoints{")).mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    assertEquals(113, township, "every endpoint counted once, in its township");
    assertEquals(21, metrics.lines().filter(l -> l.startsWith("dalaba_township_endpoints{")).count(), "7 townships × 3 states");
    String expiry = metrics.lines().filter(l -> l.startsWith("dalaba_tls_certificate_expiry_timestamp_seconds ")).findFirst().orElseThrow();
    assertTrue(Double.parseDouble(expiry.split(" ")[1]) > System.currentTimeMillis() / 1000 + 86400, expiry);
    assertTrue(metrics.contains("dalaba_alert_time_to_air_seconds_bucket{le=\"60.0\"}"), "the delivery-target rule's bucket label");

    String rules = Files.readString(KIT.resolve("dalaba-alerts.yml"));
    String dashboardText = Files.readString(KIT.resolve("dalaba-dashboard.json"));
    Set<String> used = referenced(rules);
    used.addAll(referenced(dashboardText));
    Set<String> missing = new TreeSet<>(used);
    missing.removeAll(exposed);
    assertTrue(missing.isEmpty(), "the kit uses series the hub does not expose: " + missing);

    JsonObject dashboard = new JsonObject(dashboardText);
    assertEquals("dalaba-hub", dashboard.getString("uid"));
    assertTrue(dashboard.getInteger("schemaVersion") >= 30);
    assertTrue(dashboard.getJsonObject("templating").getJsonArray("list").stream()
        .anyMatch(v -> "datasource".equals(((JsonObject) v).getString("type"))), "a datasource variable to pick Prometheus with");
    Set<Integer> ids = new HashSet<>();
    JsonArray panels = dashboard.getJsonArray("panels");
    assertFalse(panels.isEmpty());
    for (Object o : panels) {
      JsonObject panel = (JsonObject) o;
      assertTrue(ids.add(panel.getInteger("id")), "panel ids are unique: " + panel.getInteger("id"));
      JsonObject grid = panel.getJsonObject("gridPos");
      assertTrue(grid.getInteger("x") + grid.getInteger("w") <= 24, panel.getString("title") + " fits the 24-column grid");
      assertFalse(panel.getString("title", "").isBlank());
      if (!"row".equals(panel.getString("type"))) {
        JsonArray targets = panel.getJsonArray("targets");
        assertFalse(targets.isEmpty(), panel.getString("title") + " has a query");
        targets.forEach(t -> assertFalse(((JsonObject) t).getString("expr", "").isBlank(), panel.getString("title")));
      }
    }
  }
}
