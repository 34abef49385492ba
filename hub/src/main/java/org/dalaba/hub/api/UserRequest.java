package org.dalaba.hub.api;

import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;
import org.dalaba.hub.access.Role;
import org.dalaba.hub.access.Scope;
import org.dalaba.hub.directory.Directory;

/**
 * A checked {@code POST/PUT /api/v1/users} body. The scope must suit the role (a township operator has
 * exactly one township) and name a township or village of the current directory.
 */
record UserRequest(String username, String displayName, Role role, Scope scope, String password) {
  static final int MIN_PASSWORD = org.dalaba.hub.access.PasswordPolicy.MIN_LENGTH;
  private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{1,31}");

  /** @param username the path's username on update, or null on create (then it comes from the body) */
  static UserRequest read(JsonObject body, String username, Directory directory) {
    String name = username;
    if (name == null) {
      if (!(body.getValue("username") instanceof String s) || !USERNAME.matcher(s).matches()) {
        throw ApiError.badField("username", "必填：2–32 个小写字母、数字或 _ . -，以字母或数字开头",
            "is required: 2–32 lower-case letters, digits or _ . -, starting with a letter or digit");
      }
      name = s;
    }
    Object displayValue = body.getValue("displayName", "");
    if (!(displayValue instanceof String displayName) || displayName.codePointCount(0, displayName.length()) > 50) {
      throw ApiError.badField("displayName", "不能超过 50 个字符", "must be at most 50 characters");
    }
    Role role = body.getValue("role") instanceof String r ? Role.parse(r) : null;
    if (role == null) {
      throw ApiError.badField("role", "必须是 admin、county_operator、township_operator、village_operator、emergency_staff、viewer 之一",
          "must be one of admin, county_operator, township_operator, village_operator, emergency_staff, viewer");
    }
    Scope scope = scope(body.getValue("scope"), role, directory);
    String password = null;
    Object passwordValue = body.getValue("password");
    if (passwordValue != null || username == null) {
      if (!(passwordValue instanceof String p)) {
        throw ApiError.badField("password", "至少 " + MIN_PASSWORD + " 个字符", "must be at least " + MIN_PASSWORD + " characters");
      }
      password = checkedPassword("password", name, p);
    }
    return new UserRequest(name, displayName.strip(), role, scope, password);
  }

  /** @return the password, if {@link org.dalaba.hub.access.PasswordPolicy} accepts it; else a 400 naming the field */
  static String checkedPassword(String field, String username, String password) {
    org.dalaba.hub.access.PasswordPolicy.check(username, password).ifPresent(refusal -> {
      throw ApiError.badField(field, refusal.zh(), refusal.en());
    });
    return password;
  }

  private static Scope scope(Object value, Role role, Directory directory) {
    if (value == null && role.allowsScope(Scope.Kind.COUNTY)) {
      return Scope.COUNTY;
    }
    if (!(value instanceof JsonObject json) || !(json.getValue("kind") instanceof String kind)) {
      throw ApiError.badField("scope", "必填：{\"kind\":\"county\"}、{\"kind\":\"township\",\"id\":…} 或 {\"kind\":\"village\",\"id\":…}",
          "is required: {\"kind\":\"county\"}, {\"kind\":\"township\",\"id\":…} or {\"kind\":\"village\",\"id\":…}");
    }
    String id = json.getValue("id") instanceof String s ? s : null;
    Scope scope = switch (kind) {
      case "county" -> Scope.COUNTY;
      case "township" -> id != null && directory.township(id).isPresent() ? Scope.township(id) : null;
      case "village" -> id != null && directory.village(id).isPresent() ? Scope.village(id) : null;
      default -> throw ApiError.badField("scope", "kind 必须是 county、township、village 之一", "kind must be county, township or village");
    };
    if (scope == null) {
      throw ApiError.badField("scope", "没有这个乡镇或村：" + id, "no such township or village: " + id);
    }
    if (!role.allowsScope(scope.kind())) {
      throw ApiError.badField("scope", "角色“" + role.chinese + "”不能使用此范围", "the role " + role.wire + " cannot have this scope");
    }
    return scope;
  }
}
