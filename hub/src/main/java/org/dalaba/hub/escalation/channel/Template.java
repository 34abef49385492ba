package org.dalaba.hub.escalation.channel;

import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An SMS gateway's request template: {@code ${name}} placeholders replaced by values, each escaped for where it
 * stands (a JSON string, a form or query value, or as is). Only the placeholders of {@link #NAMES} exist; a template
 * naming another is refused when the configuration is read, not when an alert needs it.
 */
public final class Template {
  /** What a template may name. */
  public static final Set<String> NAMES = Set.of("phone", "text", "name", "role", "village", "township", "alertId", "level");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z]+)}");

  /** How a value is written into the template. */
  public enum Escaping {
    /** inside a JSON string: quotes, backslashes and control characters escaped (the template supplies the quotes) */
    JSON,
    /** as an application/x-www-form-urlencoded (or URL query) value: UTF-8, percent-encoded */
    FORM,
    /** as is (plain text bodies) */
    NONE;

    /** @return the escaping, or null when the text names none */
    public static Escaping parse(String text) {
      for (Escaping e : values()) {
        if (e.name().equalsIgnoreCase(text)) {
          return e;
        }
      }
      return null;
    }
  }

  private Template() {
  }

  /** @return the first placeholder the template names that does not exist, or null when all exist */
  public static String unknownPlaceholder(String template) {
    if (template == null) {
      return null;
    }
    Matcher m = PLACEHOLDER.matcher(template);
    while (m.find()) {
      if (!NAMES.contains(m.group(1))) {
        return m.group(1);
      }
    }
    return null;
  }

  /** The template with every placeholder replaced by its value (empty when the value is missing), escaped. */
  public static String render(String template, Map<String, String> values, Escaping escaping) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.getOrDefault(m.group(1), "");
      m.appendReplacement(out, Matcher.quoteReplacement(escape(value == null ? "" : value, escaping)));
    }
    m.appendTail(out);
    return out.toString();
  }

  static String escape(String value, Escaping escaping) {
    return switch (escaping) {
      case JSON -> {
        String encoded = new JsonObject().put("v", value).encode(); // {"v":"…"}: Jackson's own string escaping
        yield encoded.substring(6, encoded.length() - 2);
      }
      case FORM -> URLEncoder.encode(value, StandardCharsets.UTF_8);
      case NONE -> value;
    };
  }

  /** A URL without its query, which for the robots holds the access token: what may be logged or shown. */
  public static String withoutQuery(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q) + "?…";
  }
}
