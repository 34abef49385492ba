package org.dalaba.hub.directory;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 records: fields separated by commas, records by CRLF, LF or CR; a field may be quoted and
 * then hold commas, line breaks and quotes written as {@code ""}. A leading UTF-8 BOM is skipped.
 * Syntax errors are reported to {@link Problems} and mark the record {@code broken}; reading goes on
 * so that one upload reports every bad line.
 */
final class CsvReader {

  /** One record; {@code line} is the 1-based line it starts on. */
  record Row(int line, List<String> fields, boolean broken) {
    boolean blank() {
      return fields.stream().allMatch(f -> f.strip().isEmpty());
    }
  }

  private CsvReader() {
  }

  static List<Row> read(String text, Problems problems) {
    List<Row> rows = new ArrayList<>();
    int i = text.startsWith("\uFEFF") ? 1 : 0;
    int n = text.length();
    int line = 1;
    while (i < n) {
      int start = line;
      boolean broken = false;
      List<String> fields = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean endOfRecord = false;
      while (!endOfRecord) {
        if (i < n && text.charAt(i) == '"') {
          // quoted field
          i++;
          boolean closed = false;
          while (i < n) {
            char c = text.charAt(i);
            if (c == '"') {
              if (i + 1 < n && text.charAt(i + 1) == '"') {
                field.append('"');
                i += 2;
              } else {
                i++;
                closed = true;
                break;
              }
            } else {
              if (c == '\n' || (c == '\r' && (i + 1 >= n || text.charAt(i + 1) != '\n'))) {
                line++;
              }
              field.append(c);
              i++;
            }
          }
          if (!closed) {
            problems.add(DirectoryProblem.unterminatedQuote("line " + start));
            fields.add(field.toString());
            rows.add(new Row(start, fields, true));
            return rows;
          }
          if (i < n && text.charAt(i) != ',' && text.charAt(i) != '\r' && text.charAt(i) != '\n') {
            problems.add(DirectoryProblem.textAfterClosingQuote("line " + line, fields.size() + 1));
            broken = true;
            while (i < n && text.charAt(i) != ',' && text.charAt(i) != '\r' && text.charAt(i) != '\n') {
              field.append(text.charAt(i++));
            }
          }
        } else {
          // unquoted field
          while (i < n) {
            char c = text.charAt(i);
            if (c == ',' || c == '\r' || c == '\n') {
              break;
            }
            if (c == '"' && !broken) {
              problems.add(DirectoryProblem.strayQuote("line " + line, fields.size() + 1));
              broken = true;
            }
            field.append(c);
            i++;
          }
        }
        fields.add(field.toString());
        field.setLength(0);
        if (i >= n) {
          endOfRecord = true;
        } else if (text.charAt(i) == ',') {
          i++;
          if (i >= n) {
            fields.add("");
            endOfRecord = true;
          }
        } else {
          // line break: CRLF, LF or a lone CR
          if (text.charAt(i) == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
            i++;
          }
          i++;
          line++;
          endOfRecord = true;
        }
      }
      rows.add(new Row(start, fields, broken));
    }
    return rows;
  }
}
