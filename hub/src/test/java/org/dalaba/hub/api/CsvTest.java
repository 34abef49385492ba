package org.dalaba.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class CsvTest {
  @Test
  void valuesWithCommasQuotesOrLineBreaksAreQuoted() {
    String csv = new Csv().row("村委会", "王, 李", "说\"好\"", "两\n行", null).toString();
    assertEquals("村委会,\"王, 李\",\"说\"\"好\"\"\",\"两\n行\",\r\n", csv);
  }

  @Test
  void textThatASpreadsheetWouldRunAsAFormulaIsDefused() {
    assertEquals("'=HYPERLINK(\"x\")", Csv.escape("=HYPERLINK(\"x\")").replace("\"\"", "\"").replaceAll("^\"|\"$", ""));
    assertEquals("'@cmd", Csv.escape("@cmd"));
    assertEquals("-5", Csv.escape("-5"), "numbers stay numbers");
    assertEquals("2026-11-25T20:00:00.123+08:00", Csv.escape("2026-11-25T20:00:00.123+08:00"));
    assertEquals("024-0000-0001", Csv.escape("024-0000-0001"));
  }
}
