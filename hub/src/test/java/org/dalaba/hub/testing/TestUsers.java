package org.dalaba.hub.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;

/** Console accounts for tests: the administrator creates one, and the test acts as it over HTTP. */
public final class TestUsers {
  private TestUsers() {
  }

  /** Creates the user (role and scope as the API takes them) and returns a client logged in as it. */
  public static ApiClient create(ApiClient admin, int httpPort, String username, String password, String role, JsonObject scope) {
    ApiClient.Reply made = admin.post("/api/v1/users", new JsonObject().put("username", username).put("password", password)
        .put("role", role).put("scope", scope));
    assertEquals(201, made.status(), made.toString());
    return new ApiClient(httpPort).login(username, password);
  }
}
