package org.dalaba.hub.alert;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What an alert carries besides what it plays: where it came from ({@link AlertSource}), the alerts it replaces (a CAP
 * Update: {@code replaces}, the first of {@code references}, which lists every alert id the message referred to), the
 * national message fields, and an English version of its title and text when the source had one.
 * {@code english} and {@code national} may be null.
 */
public record AlertMeta(AlertSource source, List<String> references, String replaces, NationalFields national,
                        Translation english) {
  /** An alert's title and text in another language (only English is kept). */
  public record Translation(String title, String text) {
  }

  public AlertMeta {
    source = source == null ? AlertSource.console() : source;
    references = references == null ? List.of() : List.copyOf(references);
  }

  public static AlertMeta console() { return new AlertMeta(AlertSource.console(), List.of(), null, null, null); }

  public AlertMeta withNational(NationalFields fields) {
    return new AlertMeta(source, references, replaces, fields, english);
  }

  /** Adds this alert's fields to its JSON (the alert record's and the API's). */
  public JsonObject addTo(JsonObject json) {
    json.put("source", source.toJson()).put("references", new JsonArray(references)).put("replaces", replaces)
        .put("national", national == null ? null : national.toJson());
    if (english != null) {
      json.put("english", new JsonObject().put("title", english.title()).put("text", english.text()));
    }
    return json;
  }

  @SuppressWarnings("unchecked")
  public static AlertMeta fromJson(JsonObject json) {
    JsonObject en = json.getJsonObject("english");
    return new AlertMeta(AlertSource.fromJson(json.getJsonObject("source")),
        json.getJsonArray("references", new JsonArray()).getList(), json.getString("replaces"),
        NationalFields.fromJson(json.getJsonObject("national")),
        en == null ? null : new Translation(en.getString("title"), en.getString("text")));
  }
}
