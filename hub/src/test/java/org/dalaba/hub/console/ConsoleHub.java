package org.dalaba.hub.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.dalaba.hub.Application;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.TestFleet;
import org.dalaba.hub.testing.TestHubs;

/**
 * A hub with the 113 sample villages simulated over MQTT, an administrator's API client, one user per
 * role and a browser on the console, for the browser tests. Closing it closes the browser, stops the
 * fleet and then the hub (if still running).
 */
final class ConsoleHub implements AutoCloseable {
  static final String QINGYUN = "211282101"; // 庆云堡镇, 18 villages
  static final String ZHONGGU = "211282102"; // 中固镇, 15 villages
  static final String PASSWORD = "console-test-password";
  /** username → [role, scope kind, scope id, what the header shows for the role] */
  static final Map<String, List<String>> USERS = Map.of(
      "county-op", List.of("county_operator", "county", "", "县级操作员"),
      "qingyun-op", List.of("township_operator", "township", QINGYUN, "乡镇操作员"),
      "village-op", List.of("village_operator", "village", QINGYUN + "001", "村级操作员"),
      "duty", List.of("emergency_staff", "township", ZHONGGU, "应急值班人员"),
      "watcher", List.of("viewer", "county", "", "只读用户"));

  /** Starts the simulated fleet against a running hub. */
  interface FleetStarter {
    TestFleet start(RunningHub hub) throws Exception;
  }

  RunningHub hub;
  final TestFleet fleet;
  final ApiClient admin;
  Browser browser;

  private final List<String> browserArguments;

  private ConsoleHub(RunningHub hub, TestFleet fleet, ApiClient admin, List<String> browserArguments) {
    this.hub = hub;
    this.fleet = fleet;
    this.admin = admin;
    this.browserArguments = browserArguments;
  }

  static ConsoleHub start(Path dataDir, FleetStarter fleetStarter) throws Exception {
    return start(TestHubs.config(dataDir), fleetStarter);
  }

  /** With a configuration of the caller's (e.g. TestHubs.config with the re-sends made rare). */
  static ConsoleHub start(org.dalaba.hub.config.HubConfig config, FleetStarter fleetStarter) throws Exception {
    return start(config, fleetStarter, List.of());
  }

  /** With more Chromium arguments (Browser.open). */
  static ConsoleHub start(org.dalaba.hub.config.HubConfig config, FleetStarter fleetStarter, List<String> browserArguments)
      throws Exception {
    Browser.requirePrograms(); // before anything starts
    RunningHub hub = Application.start(config, System.out, TestHubs.ADMIN_PASSWORD);
    TestFleet fleet;
    try {
      fleet = fleetStarter.start(hub);
    } catch (Exception e) {
      hub.close();
      throw e;
    }
    ConsoleHub started = new ConsoleHub(hub, fleet, new ApiClient(hub.httpPort()).login("admin", TestHubs.ADMIN_PASSWORD),
        browserArguments);
    try {
      started.prepare();
    } catch (Exception | AssertionError e) {
      started.close();
      throw e;
    }
    return started;
  }

  /** The users, every endpoint online, and the browser. */
  private void prepare() throws Exception {
    USERS.forEach((name, spec) -> {
      JsonObject scope = new JsonObject().put("kind", spec.get(1));
      if (!spec.get(2).isEmpty()) {
        scope.put("id", spec.get(2));
      }
      ApiClient.Reply created = admin.post("/api/v1/users", new JsonObject().put("username", name).put("password", PASSWORD)
          .put("role", spec.get(0)).put("scope", scope).put("displayName", name));
      assertEquals(201, created.status(), created.toString());
    });
    Await.until("all 113 endpoints online", Duration.ofSeconds(45),
        () -> admin.get("/api/v1/villages").body().getJsonObject("totals").getInteger("online") == 113);
    browser = Browser.open(hub.httpPort(), browserArguments);
  }

  /** The simulated endpoint of a village (each sample village has one, {@code <villageId>-01}). */
  org.dalaba.sim.SimEndpoint endpoint(String villageId) {
    return fleet.fleet().endpoint(villageId + "-01");
  }

  /** The next test starts at desktop size, logged out and in Chinese, whatever the last one left. */
  void resetBrowser() {
    if (browser != null) {
      browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1366, 900));
      browser.forgetSession();
    }
  }

  /** Stops the hub now (the fleet keeps trying to reach it); close() then leaves it alone. */
  void stopHub() throws Exception {
    RunningHub running = hub;
    hub = null;
    running.close();
  }

  @Override
  public void close() throws Exception {
    try {
      if (browser != null) {
        browser.close();
      }
      fleet.close();
    } finally {
      if (hub != null) {
        hub.close();
      }
    }
  }
}
