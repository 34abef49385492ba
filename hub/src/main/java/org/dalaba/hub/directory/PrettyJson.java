package org.dalaba.hub.directory;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Deterministic pretty JSON: two-space indent, {@code "key": value}, one member or element per line,
 * {@code \n} line ends on every platform, non-ASCII written as is (UTF-8), a final newline. Vert.x's
 * {@code encodePrettily} uses the platform line separator, so a file written with it would differ
 * between machines.
 */
final class PrettyJson {
  private PrettyJson() {
  }

  static String write(JsonObject json) {
    StringBuilder out = new StringBuilder();
    value(out, json, 0);
    return out.append('\n').toString();
  }

  private static void value(StringBuilder out, Object value, int depth) {
    if (value instanceof JsonObject object) {
      if (object.isEmpty()) {
        out.append("{}");
        return;
      }
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, Object> entry : object) {
        out.append(first ? "\n" : ",\n");
        first = false;
        indent(out, depth + 1);
        string(out, entry.getKey());
        out.append(": ");
        value(out, entry.getValue(), depth + 1);
      }
      out.append('\n');
      indent(out, depth);
      out.append('}');
    } else if (value instanceof JsonArray array) {
      if (array.isEmpty()) {
        out.append("[]");
        return;
      }
      out.append('[');
      for (int i = 0; i < array.size(); i++) {
        out.append(i == 0 ? "\n" : ",\n");
        indent(out, depth + 1);
        value(out, array.getValue(i), depth + 1);
      }
      out.append('\n');
      indent(out, depth);
      out.append(']');
    } else if (value instanceof String s) {
      string(out, s);
    } else if (value instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) {
        throw new IllegalArgumentException("JSON has no " + d);
      }
      out.append(d);
    } else if (value == null || value instanceof Boolean || value instanceof Number) {
      out.append(value);
    } else {
      throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    }
  }

  private static void indent(StringBuilder out, int depth) {
    out.append("  ".repeat(depth));
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
