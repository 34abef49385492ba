package org.dalaba.hub.api;

import java.util.List;

/** Builds RFC 4180 CSV text: quotes a value when it holds a comma, quote or line break; CRLF line ends. */
final class Csv {
  private final StringBuilder text = new StringBuilder();

  Csv row(List<?> values) {
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        text.append(',');
      }
      text.append(escape(values.get(i)));
    }
    text.append("\r\n");
    return this;
  }

  Csv row(Object... values) {
    return row(java.util.Arrays.asList(values));
  }

  static String escape(Object value) {
    String s = value == null ? "" : value.toString();
    // a leading = + - @ would be run as a formula by spreadsheet programs
    if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 && !s.matches("[-+]?\\d[\\d .:T+-]*")) {
      s = "'" + s;
    }
    if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }

  @Override
  public String toString() {
    return text.toString();
  }
}
