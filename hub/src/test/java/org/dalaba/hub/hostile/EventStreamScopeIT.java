package org.dalaba.hub.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.Application;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.SseClient;
import org.dalaba.hub.testing.TestHubs;
import org.dalaba.hub.testing.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, finding 6: the live event stream, read by a real SSE client over HTTP, follows the
 * viewer's current role and scope, ends with the account or the session, and is opened with a
 * short-lived single-use ticket instead of the session token in the URL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class EventStreamScopeIT {
  static final String QINGYUN = "211282101";
  static final String ZHONGGU = "211282102";
  static final String PASSWORD = "event-stream-password";
  static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  static Path dataDir;
  RunningHub hub;
  ApiClient admin;
  final List<SseClient> open = new CopyOnWriteArrayList<>();

  @BeforeAll
  void start() throws Exception {
    hub = Application.start(TestHubs.config(dataDir), System.out, TestHubs.ADMIN_PASSWORD);
    admin = new ApiClient(hub.httpPort()).login("admin", TestHubs.ADMIN_PASSWORD);
  }

  @AfterAll
  void stop() {
    open.forEach(SseClient::close);
    if (hub != null) {
      hub.close();
    }
  }

  private HttpResponse<InputStream> get(String pathAndQuery) throws Exception {
    return SseClient.get(hub.httpPort(), pathAndQuery);
  }

  private SseClient stream(ApiClient user) throws Exception {
    SseClient sse = SseClient.open(user, hub.httpPort());
    open.add(sse);
    return sse;
  }

  private ApiClient user(String username, JsonObject scope) {
    return TestUsers.create(admin, hub.httpPort(), username, PASSWORD, "viewer", scope);
  }

  private String alert(JsonObject targets) {
    ApiClient.Reply sent = admin.post("/api/v1/alerts", new JsonObject().put("title", "测试预警").put("text", "请注意。")
        .put("level", "blue").put("targets", targets));
    assertEquals(201, sent.status(), sent.toString());
    return sent.body().getString("id");
  }

  private static JsonObject township(String id) {
    return new JsonObject().put("townships", new JsonArray().add(id));
  }

  @Test
  void aCountyViewerDemotedToOneVillageStopsGettingOtherTownshipsEvents() throws Exception {
    // GIVEN a county viewer with an open stream that sees an alert to 中固镇
    ApiClient viewer = user("county-watcher", new JsonObject().put("kind", "county"));
    SseClient sse = stream(viewer);
    String before = alert(township(ZHONGGU));
    Await.until("the county viewer sees the alert to 中固镇", WAIT, () -> sse.saw(before));
    // WHEN an administrator demotes it to one village of 庆云堡镇
    ApiClient.Reply demoted = admin.put("/api/v1/users/county-watcher", new JsonObject().put("role", "viewer")
        .put("scope", new JsonObject().put("kind", "village").put("id", QINGYUN + "001")));
    assertEquals(200, demoted.status(), demoted.toString());
    // THEN the same stream carries the alert to its village but not a later one to 中固镇 sent before it
    String other = alert(township(ZHONGGU));
    String own = alert(new JsonObject().put("villages", new JsonArray().add(QINGYUN + "001")));
    Await.until("the demoted viewer's stream still carries its own village's alert", WAIT, () -> sse.saw(own) || sse.ended());
    assertFalse(sse.ended(), "re-scoped, not closed");
    assertFalse(sse.saw(other), "no alert of another township after the demotion");
    // AND deleting the account ends the stream at once
    assertEquals(200, admin.delete("/api/v1/users/county-watcher").status());
    Await.until("the stream ends with the account", WAIT, () -> sse.ended());
  }

  @Test
  void logoutAndPasswordChangeEndTheStream() throws Exception {
    ApiClient viewer = user("logout-watcher", new JsonObject().put("kind", "county"));
    SseClient first = stream(viewer);
    assertEquals(200, viewer.delete("/api/v1/session").status());
    Await.until("logout ends the stream", WAIT, () -> first.ended());
    viewer.login("logout-watcher", PASSWORD);
    SseClient second = stream(viewer);
    ApiClient.Reply changed = viewer.post("/api/v1/me/password", new JsonObject().put("currentPassword", PASSWORD)
        .put("newPassword", PASSWORD + "-new"));
    assertEquals(200, changed.status(), changed.toString());
    Await.until("a password change ends the stream", WAIT, () -> second.ended());
  }

  @Test
  void theSessionTokenIsNotAcceptedInTheUrlAndATicketWorksOnce() throws Exception {
    ApiClient viewer = user("url-watcher", new JsonObject().put("kind", "county"));
    // the long-lived session token in the URL (as server logs and proxies would keep it) is refused
    HttpResponse<InputStream> withToken = get("/api/v1/events?access_token=" + viewer.token());
    withToken.body().close();
    assertEquals(401, withToken.statusCode());
    // a ticket is short-lived and opens one stream only
    ApiClient.Reply ticket = viewer.post("/api/v1/events/ticket", "{}");
    assertEquals(201, ticket.status(), ticket.toString());
    assertTrue(ticket.body().getInteger("expiresInSeconds") <= 30, ticket.toString());
    String value = ticket.body().getString("ticket");
    assertNotNull(value);
    assertFalse(value.equals(viewer.token()), "the ticket is not the session token");
    HttpResponse<InputStream> first = get("/api/v1/events?ticket=" + value);
    assertEquals(200, first.statusCode());
    SseClient sse = SseClient.reading(first.body());
    open.add(sse);
    HttpResponse<InputStream> again = get("/api/v1/events?ticket=" + value);
    again.body().close();
    assertEquals(401, again.statusCode());
    sse.close();
    // a ticket needs a session: without a token there is none
    assertEquals(401, new ApiClient(hub.httpPort()).post("/api/v1/events/ticket", "{}").status());
  }
}
