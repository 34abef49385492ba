package org.dalaba.hub.escalation.channel;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.dalaba.hub.directory.DutyContact;

/**
 * The notification channels of {@code notify.channels}: a JSON array of
 * {@code {"id","type":"webhook"|"wecom"|"dingtalk"|"sms","url",…}} (docs/operations.md, "Notification channels").
 * Read once at start; a mistake stops the start with a message naming the channel, never a silent fallback.
 */
public final class Channels {
  private static final Set<String> FIELDS = Set.of("id", "type", "url", "method", "headers", "secret", "body", "encoding");

  private final Map<String, Channel> byId;

  private Channels(Map<String, Channel> byId) {
    this.byId = Map.copyOf(byId);
  }

  public static Channels none() {
    return new Channels(Map.of());
  }

  public Optional<Channel> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  public int size() {
    return byId.size();
  }

  /** @throws IllegalArgumentException naming the channel and what is wrong with it (never a secret) */
  public static Channels parse(String json) {
    if (json == null || json.isBlank()) {
      return none();
    }
    JsonArray array;
    try {
      array = new JsonArray(json);
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalArgumentException("must be a JSON array of channels");
    }
    Map<String, Channel> byId = new LinkedHashMap<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof JsonObject entry)) {
        throw new IllegalArgumentException("channel " + (i + 1) + " is not a JSON object");
      }
      Channel channel = channel(entry, i + 1);
      if (byId.put(channel.id(), channel) != null) {
        throw new IllegalArgumentException("channel id " + channel.id() + " is used twice");
      }
    }
    return new Channels(byId);
  }

  private static Channel channel(JsonObject entry, int number) {
    String id = text(entry, "id");
    String name = "channel " + (id == null ? String.valueOf(number) : id);
    if (id == null || !DutyContact.CHANNEL_ID.matcher(id).matches()) {
      throw new IllegalArgumentException(name + ": id must be 1-32 lower-case letters, digits, - or _");
    }
    for (String field : entry.fieldNames()) {
      if (!FIELDS.contains(field)) {
        throw new IllegalArgumentException(name + ": unknown field " + field);
      }
    }
    Channel.Type type = Channel.Type.parse(text(entry, "type"));
    if (type == null) {
      throw new IllegalArgumentException(name + ": type must be webhook, wecom, dingtalk or sms");
    }
    String url = text(entry, "url");
    if (url == null || !isHttpUrl(url.replaceAll("\\$\\{[A-Za-z]+}", "x"))) {
      throw new IllegalArgumentException(name + ": url must be an http:// or https:// URL");
    }
    String method = Optional.ofNullable(text(entry, "method")).orElse("POST").toUpperCase(java.util.Locale.ROOT);
    Map<String, String> headers = headers(entry, name);
    String secret = text(entry, "secret");
    String body = text(entry, "body");
    if (secret != null && type != Channel.Type.DINGTALK) {
      throw new IllegalArgumentException(name + ": secret is for DingTalk signing only");
    }
    if (type != Channel.Type.SMS) {
      if (!method.equals("POST") || body != null || entry.containsKey("encoding")) {
        throw new IllegalArgumentException(name + ": method, body and encoding are for sms channels only (the others POST JSON)");
      }
      if (Template.unknownPlaceholder(url) != null || url.contains("${")) {
        throw new IllegalArgumentException(name + ": placeholders are for sms channels only");
      }
      return new Channel(id, type, url, "POST", headers, secret, null, Template.Escaping.JSON);
    }
    if (!method.equals("POST") && !method.equals("GET") && !method.equals("PUT")) {
      throw new IllegalArgumentException(name + ": method must be POST, PUT or GET");
    }
    if (method.equals("GET") ? body != null : body == null) {
      throw new IllegalArgumentException(name + ": " + (method.equals("GET") ? "a GET has no body" : "body (the request template) is required"));
    }
    String unknown = Template.unknownPlaceholder(url) != null ? Template.unknownPlaceholder(url) : Template.unknownPlaceholder(body);
    if (unknown != null) {
      throw new IllegalArgumentException(name + ": unknown placeholder ${" + unknown + "}; known are " + String.join(", ", Template.NAMES));
    }
    Template.Escaping encoding = encoding(entry, headers, name);
    return new Channel(id, type, url, method, headers, null, body, encoding);
  }

  /** Given, or by the Content-Type header: form for x-www-form-urlencoded, none for text/plain, else JSON. */
  private static Template.Escaping encoding(JsonObject entry, Map<String, String> headers, String name) {
    String given = text(entry, "encoding");
    if (given != null) {
      Template.Escaping escaping = Template.Escaping.parse(given);
      if (escaping == null) {
        throw new IllegalArgumentException(name + ": encoding must be json, form or none");
      }
      return escaping;
    }
    String type = headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase("Content-Type"))
        .map(Map.Entry::getValue).findFirst().orElse("application/json").toLowerCase(java.util.Locale.ROOT);
    return type.contains("x-www-form-urlencoded") ? Template.Escaping.FORM
        : type.startsWith("text/") ? Template.Escaping.NONE : Template.Escaping.JSON;
  }

  private static Map<String, String> headers(JsonObject entry, String name) {
    Object value = entry.getValue("headers");
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof JsonObject object)) {
      throw new IllegalArgumentException(name + ": headers must be an object of header name → text");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String header : object.fieldNames()) {
      if (!(object.getValue(header) instanceof String text) || !header.matches("[A-Za-z0-9-]{1,64}")) {
        throw new IllegalArgumentException(name + ": headers must be an object of header name → text");
      }
      headers.put(header, text);
    }
    return headers;
  }

  private static boolean isHttpUrl(String url) {
    try {
      URI uri = new URI(url);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  private static String text(JsonObject entry, String field) {
    Object value = entry.getValue(field);
    if (value != null && !(value instanceof String)) {
      throw new IllegalArgumentException("channel field " + field + " must be text");
    }
    return (String) value;
  }
}
