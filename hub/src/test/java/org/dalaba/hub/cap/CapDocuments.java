package org.dalaba.hub.cap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The CAP documents the tests send (hub/src/test/resources/cap), with their {@code ${…}} placeholders filled: a fresh
 * {@code identifier}, {@code sent} now and {@code expires} in six hours (Asia/Shanghai offset), {@code status} Actual,
 * and whatever the test gives ({@code references}, {@code url}, {@code file}).
 */
public final class CapDocuments {
  private CapDocuments() {
  }

  public static String text(String name, Map<String, String> values) {
    String template;
    try (InputStream in = CapDocuments.class.getResourceAsStream("/cap/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test document cap/" + name);
      }
      template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    Map<String, String> all = new HashMap<>(defaults());
    all.putAll(values);
    for (Map.Entry<String, String> e : all.entrySet()) {
      template = template.replace("${" + e.getKey() + "}", e.getValue());
    }
    return template;
  }

  public static byte[] bytes(String name, Map<String, String> values) {
    return text(name, values).getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] bytes(String name) {
    return bytes(name, Map.of());
  }

  /** CAP's time form: seconds and an offset. */
  public static String time(OffsetDateTime t) {
    return t.truncatedTo(ChronoUnit.SECONDS).withOffsetSameInstant(ZoneOffset.ofHours(8)).toString().replaceFirst("(T\\d\\d:\\d\\d)([+-])", "$1:00$2");
  }

  private static Map<String, String> defaults() {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8));
    return Map.of("identifier", "test-" + UUID.randomUUID(), "sent", time(now), "expires", time(now.plusHours(6)),
        "status", "Actual", "references", "", "url", "http://127.0.0.1:9/never", "file", "file:///nonexistent");
  }

  /** "sender,identifier,sent" of a document of ours. */
  public static String reference(String sender, String identifier, String sent) {
    return sender + "," + identifier + "," + sent;
  }
}
