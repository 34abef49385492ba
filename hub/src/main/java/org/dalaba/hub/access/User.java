package org.dalaba.hub.access;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.dalaba.hub.directory.Directory;

/** A console account as the API sees it (never its password hash). */
public record User(String username, String displayName, Role role, Scope scope, long createdAt) {
  public boolean may(Permission permission) {
    return role.may(permission);
  }

  public JsonObject toJson(Directory directory, java.util.function.LongFunction<String> time) {
    JsonArray permissions = new JsonArray();
    role.permissions().stream().sorted().forEach(p -> permissions.add(p.wire()));
    return new JsonObject().put("username", username).put("displayName", displayName).put("role", role.wire)
        .put("roleName", role.chinese).put("roleNameEn", role.english).put("scope", scope.toJson(directory))
        .put("permissions", permissions).put("createdAt", time.apply(createdAt));
  }
}
