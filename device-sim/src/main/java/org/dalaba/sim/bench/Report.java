package org.dalaba.sim.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The results as a Markdown table, and the files: the JSON document, and the table spliced into the
 * Markdown file between its {@value #BEGIN} and {@value #END} markers (the rest of the file is prose
 * written by people and kept as it is).
 */
final class Report {
  static final String BEGIN = "<!-- benchmark results: begin -->";
  static final String END = "<!-- benchmark results: end -->";

  private Report() {
  }

  static String table(JsonArray runs) {
    StringBuilder table = new StringBuilder()
        .append("| broker | N | baseline all (ms) | alert all received (ms) | ratio | ratio, median of pairs | zero playback: all received (ms) / ratio "
            + "| zero playback: all played (ms) | per endpoint p50 / p99 / max (ms) "
            + "| lost | hub CPU / alert (ms) | Redis CPU / alert (ms) | broker CPU / alert (ms) | sim CPU / alert (ms) "
            + "| hub heap / endpoint (B) | hub RSS / endpoint (B) |\n")
        .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Object item : runs) {
      JsonObject run = (JsonObject) item;
      JsonObject cpu = run.getJsonObject("cpuPerAlert");
      table.append(String.format("| %s | %s | %d | %d | %s | %s | %d / %s | %d | %d / %d / %d | %d | %d | %d | %s | %d | %,d | %,d |%n",
          run.getString("broker"), endpoints(run), run.getLong("baselineAllMs"), run.getLong("alertAllReceivedMs"),
          run.getValue("ratio"), run.getValue("ratioMedianOfPairs"), run.getLong("alertAllReceivedZeroPlaybackMs"), run.getValue("ratioZeroPlayback"),
          run.getLong("alertAllPlayedMs"), run.getLong("receivedP50Ms"), run.getLong("receivedP99Ms"),
          run.getLong("receivedMaxMs"), run.getLong("lostReceipts"), cpu.getLong("hubMs"), cpu.getLong("redisMs"),
          run.getString("broker").equals("embedded") ? "(in hub)" : String.valueOf(cpu.getLong("brokerMs")), cpu.getLong("simMs"),
          run.getLong("hubHeapBytesPerEndpoint"), run.getLong("hubRssBytesPerEndpoint")));
    }
    for (Object item : runs) {
      JsonObject sustained = ((JsonObject) item).getJsonObject("sustained");
      if (sustained != null) {
        JsonObject run = (JsonObject) item;
        table.append(String.format("%nSustained, %s broker, N = %,d: %d s, %d alerts (one every few seconds) while heart-beating: "
                + "%,d receipts/s ingested, %d lost, %d duplicate commands; hub CPU %d%%, Redis %d%%, broker %d%%, simulator %d%% "
                + "of one core.%n", run.getString("broker"), run.getInteger("n"), sustained.getInteger("seconds"),
            sustained.getInteger("alerts"), sustained.getLong("receiptsPerSecond"), sustained.getLong("lostReceipts"),
            sustained.getLong("duplicateCommands"), sustained.getLong("hubCpuPercent"), sustained.getLong("redisCpuPercent"),
            sustained.getLong("brokerCpuPercent"), sustained.getLong("simCpuPercent")));
      }
    }
    return table.toString();
  }

  /** N, and for a fleet of several endpoints a village, how they are spread: "10,000 (2,000 × 5)". */
  static String endpoints(JsonObject run) {
    int n = run.getInteger("n");
    int perVillage = run.getInteger("endpointsPerVillage", 1);
    return perVillage == 1 ? String.format("%,d", n)
        : String.format("%,d (%,d × %d)", n, run.getInteger("villages", (n + perVillage - 1) / perVillage), perVillage);
  }

  static void write(JsonObject document, String table, Path json, Path markdown) throws IOException {
    createParent(json);
    Files.writeString(json, document.encodePrettily() + "\n");
    createParent(markdown);
    String block = BEGIN + "\n" + table + END;
    String text;
    if (Files.exists(markdown)) {
      String old = Files.readString(markdown);
      int begin = old.indexOf(BEGIN);
      int end = old.indexOf(END);
      text = begin >= 0 && end > begin ? old.substring(0, begin) + block + old.substring(end + END.length()) : old + "\n" + block + "\n";
    } else {
      text = "# Performance\n\n" + block + "\n";
    }
    Files.writeString(markdown, text);
  }

  static void createParent(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
  }
}
