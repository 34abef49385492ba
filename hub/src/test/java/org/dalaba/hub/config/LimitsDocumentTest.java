package org.dalaba.hub.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** docs/limits.md names every limit of {@link Limits} with its value, so an operator reads what the code does. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LimitsDocumentTest {
  @Test
  void everyLimitIsDocumentedWithItsValue() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "limits.md"));
    List<String> missing = new ArrayList<>();
    int checked = 0;
    for (Field field : Limits.class.getDeclaredFields()) {
      if (!Modifier.isStatic(field.getModifiers()) || !Modifier.isPublic(field.getModifiers())) {
        continue;
      }
      checked++;
      String row = "| `" + field.getName() + "` | " + String.format(Locale.ROOT, "%,d", ((Number) field.get(null)).longValue()) + " |";
      if (!doc.contains(row)) {
        missing.add(row);
      }
    }
    assertTrue(checked > 20, "the limits were found");
    assertTrue(missing.isEmpty(), "docs/limits.md lacks (or has another value for): " + missing);
  }
}
