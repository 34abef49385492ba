package org.dalaba.hub.alert;

import io.vertx.core.json.JsonObject;

/**
 * Where an alert came from: typed in at the console ({@code console}), imported as a CAP document ({@code cap}) or
 * taken from a polled CAP feed ({@code feed}). {@code sender} and {@code identifier} are the CAP message's; {@code feedId}
 * the configured feed's. JSON field {@code source} of an alert; absent in alerts stored before it existed (console).
 */
public record AlertSource(String kind, String sender, String identifier, String feedId) {
  public static final String CONSOLE = "console";
  public static final String CAP = "cap";
  public static final String FEED = "feed";

  public static AlertSource console() { return new AlertSource(CONSOLE, null, null, null); }

  public static AlertSource cap(String sender, String identifier) { return new AlertSource(CAP, sender, identifier, null); }

  public static AlertSource feed(String feedId, String sender, String identifier) {
    return new AlertSource(FEED, sender, identifier, feedId);
  }

  public JsonObject toJson() {
    return new JsonObject().put("kind", kind).put("sender", sender).put("identifier", identifier).put("feedId", feedId);
  }

  public static AlertSource fromJson(JsonObject json) {
    if (json == null) {
      return console();
    }
    return new AlertSource(json.getString("kind", CONSOLE), json.getString("sender"), json.getString("identifier"),
        json.getString("feedId"));
  }
}
