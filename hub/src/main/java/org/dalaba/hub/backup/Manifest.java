package org.dalaba.hub.backup;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code manifest.json}, the last entry of a backup archive: what made it, when, the data-format
 * version of its Redis snapshot, and the SHA-256 and size of every other entry. A restore checks every
 * checksum before it writes anything.
 */
record Manifest(String kind, String createdAt, String hubVersion, int dataFormat, int redisKeys, Map<String, Entry> entries) {
  static final String NAME = "manifest.json";
  static final String KIND = "dalaba-backup/1";

  record Entry(String sha256, long size) {
  }

  JsonObject toJson() {
    JsonArray files = new JsonArray();
    entries.forEach((path, e) -> files.add(new JsonObject().put("path", path).put("sha256", e.sha256()).put("size", e.size())));
    return new JsonObject().put("kind", kind).put("createdAt", createdAt).put("hubVersion", hubVersion)
        .put("dataFormat", dataFormat).put("redisKeys", redisKeys).put("entries", files);
  }

  static Manifest fromJson(JsonObject json) {
    if (!KIND.equals(json.getString("kind"))) {
      throw new IllegalArgumentException("not a Dalaba backup (manifest kind " + json.getString("kind") + ")");
    }
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (Object o : json.getJsonArray("entries")) {
      JsonObject e = (JsonObject) o;
      entries.put(e.getString("path"), new Entry(e.getString("sha256"), e.getLong("size")));
    }
    return new Manifest(json.getString("kind"), json.getString("createdAt"), json.getString("hubVersion"),
        json.getInteger("dataFormat", 0), json.getInteger("redisKeys", 0), entries);
  }
}
