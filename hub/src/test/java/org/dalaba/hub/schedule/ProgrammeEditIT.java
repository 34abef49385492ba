package org.dalaba.hub.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.Application;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.hub.testing.TestHubs;
import org.dalaba.hub.testing.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code PUT /api/v1/programmes/{id}} against a real hub: only whoever may delete a programme may change it, the
 * request is checked as a new programme's is, the change is audited, and its maker, time and scope stay.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProgrammeEditIT {
  private static final String QINGYUN = "211282101";
  private static final String ZHONGGU = "211282102";
  private static final String PASSWORD = "programme-edit-password";

  @TempDir
  static Path dataDir;
  RunningHub hub;
  ApiClient admin;
  ApiClient qingyunOp;
  ApiClient zhongguOp;
  ApiClient watcher;

  @BeforeAll
  void start() throws Exception {
    hub = Application.start(TestHubs.config(dataDir), System.out, TestHubs.ADMIN_PASSWORD);
    admin = new ApiClient(hub.httpPort()).login("admin", TestHubs.ADMIN_PASSWORD);
    qingyunOp = TestUsers.create(admin, hub.httpPort(), "qy-op", PASSWORD, "township_operator",
        new JsonObject().put("kind", "township").put("id", QINGYUN));
    zhongguOp = TestUsers.create(admin, hub.httpPort(), "zg-op", PASSWORD, "township_operator",
        new JsonObject().put("kind", "township").put("id", ZHONGGU));
    watcher = TestUsers.create(admin, hub.httpPort(), "watcher", PASSWORD, "viewer", new JsonObject().put("kind", "county"));
  }

  @AfterAll
  void stop() throws Exception {
    if (hub != null) {
      hub.close();
    }
  }

  private static JsonObject programme(String name, String... texts) {
    JsonArray items = new JsonArray();
    for (String text : texts) {
      items.add(new JsonObject().put("text", text));
    }
    return new JsonObject().put("name", name).put("items", items);
  }

  private static String created(ApiClient.Reply reply) {
    assertEquals(201, reply.status(), reply.toString());
    return reply.body().getString("id");
  }

  private static void refused(ApiClient.Reply reply, int status, String words) {
    assertEquals(status, reply.status(), reply.toString());
    assertTrue(reply.body().getString("messageZh").contains(words), reply.toString());
  }

  @Test
  void aProgrammeIsChangedOnlyByWhoeverMayDeleteItAndCheckedAsWhenCreated() {
    String county = created(admin.post("/api/v1/programmes", programme("县广播", "县里的通知。")));
    String mine = created(qingyunOp.post("/api/v1/programmes", programme("镇广播", "镇里的通知。")));

    // WHEN others change what is not theirs
    refused(qingyunOp.put("/api/v1/programmes/" + county, programme("改县广播", "改了")), 403, "不能修改");
    refused(zhongguOp.put("/api/v1/programmes/" + mine, programme("改别镇", "改了")), 403, "不在您的管辖范围内");
    assertEquals(403, watcher.put("/api/v1/programmes/" + mine, programme("看客", "改了")).status());
    assertEquals(404, admin.put("/api/v1/programmes/pg-nope", programme("无", "无")).status());
    // AND its own operator sends what a new programme could not have
    assertEquals("name", qingyunOp.put("/api/v1/programmes/" + mine, programme("", "文字")).body().getString("field"));
    assertEquals("items", qingyunOp.put("/api/v1/programmes/" + mine, new JsonObject().put("name", "空").put("items", new JsonArray()))
        .body().getString("field"));
    ApiClient.Reply unknown = qingyunOp.put("/api/v1/programmes/" + mine, new JsonObject().put("name", "音频")
        .put("items", new JsonArray().add(new JsonObject().put("media", "0".repeat(64)))));
    assertEquals(400, unknown.status(), unknown.toString());
    assertEquals("items[0].media", unknown.body().getString("field"));

    // THEN nothing changed
    assertEquals("县广播", admin.get("/api/v1/programmes/" + county).body().getString("name"));
    assertEquals("镇广播", admin.get("/api/v1/programmes/" + mine).body().getString("name"));

    // WHEN its own operator changes it properly, and the county changes the county's
    ApiClient.Reply changed = qingyunOp.put("/api/v1/programmes/" + mine, programme("镇晚间广播", "第一条。", "第二条。"));
    assertEquals(200, changed.status(), changed.toString());
    assertEquals(200, admin.put("/api/v1/programmes/" + county, programme("县早间广播", "早上好。")).status());

    // THEN the new name and items are kept, with the same maker and scope, and the change is audited
    JsonObject now = admin.get("/api/v1/programmes/" + mine).body();
    assertEquals("镇晚间广播", now.getString("name"));
    assertEquals(2, now.getJsonArray("items").size());
    assertEquals("第二条。", now.getJsonArray("items").getJsonObject(1).getString("text"));
    assertEquals("qy-op", now.getString("createdBy"));
    assertEquals(QINGYUN, now.getJsonObject("scope").getString("id"), now.encode());
    JsonArray audit = admin.get("/api/v1/audit?action=programme.update").body().getJsonArray("entries");
    assertEquals(2, audit.size(), audit.encode());
    assertTrue(audit.encode().contains("qy-op") && audit.encode().contains(mine), audit.encode());
  }
}
