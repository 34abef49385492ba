package org.dalaba.hub.alert;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.dalaba.hub.directory.Directory;

/** Reads a request's {@code targets}: {@code {"all":true}}, or {@code townships} and/or {@code villages} ids. */
public final class TargetsParser {
  private TargetsParser() {
  }

  /** Names the field at fault ({@code targets}, {@code targets.villages}, …) in a 400 when they are not valid. */
  public static Targets parse(Object value, Directory directory) {
    if (!(value instanceof JsonObject json) || json.isEmpty()) {
      throw AlertRefused.invalid("targets", "必填：{\"all\":true}、{\"townships\":[…]} 或 {\"villages\":[…]}",
          "is required: {\"all\":true}, {\"townships\":[…]} or {\"villages\":[…]}");
    }
    for (String name : json.fieldNames()) {
      if (!name.equals("all") && !name.equals("townships") && !name.equals("villages")) {
        throw AlertRefused.invalid("targets." + name, "不是可用的目标类型（all、townships、villages）",
            "is not a target kind (all, townships, villages)");
      }
    }
    if (json.containsKey("all")) {
      if (!Boolean.TRUE.equals(json.getValue("all")) || json.size() > 1) {
        throw AlertRefused.invalid("targets.all", "只能单独写 true", "must be true and stand alone");
      }
      return Targets.everyone();
    }
    List<String> townships = ids(json, "townships");
    List<String> villages = ids(json, "villages");
    for (String id : townships) {
      if (directory.township(id).isEmpty()) {
        throw AlertRefused.invalid("targets.townships", "没有这个乡镇：" + id, "no township with id " + id);
      }
    }
    for (String id : villages) {
      if (directory.village(id).isEmpty()) {
        throw AlertRefused.invalid("targets.villages", "没有这个村：" + id, "no village with id " + id);
      }
    }
    if (townships.isEmpty() && villages.isEmpty()) {
      throw AlertRefused.invalid("targets", "至少选择一个乡镇或村", "must name at least one township or village");
    }
    return new Targets(false, townships, villages);
  }

  private static List<String> ids(JsonObject json, String field) {
    if (!json.containsKey(field)) {
      return List.of();
    }
    if (!(json.getValue(field) instanceof JsonArray array)) {
      throw AlertRefused.invalid("targets." + field, "必须是编号数组", "must be an array of ids");
    }
    Set<String> ids = new LinkedHashSet<>();
    for (Object item : array) {
      if (!(item instanceof String id)) {
        throw AlertRefused.invalid("targets." + field, "必须是编号数组", "must be an array of ids");
      }
      ids.add(id);
    }
    return new ArrayList<>(ids);
  }

}
