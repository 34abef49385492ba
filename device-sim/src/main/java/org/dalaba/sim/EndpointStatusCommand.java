package org.dalaba.sim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** {@code --status}: the running endpoint's status file in plain words. Exit 0 running, 1 not running (or stale), 2 unreadable. */
final class EndpointStatusCommand {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.of("Asia/Shanghai"));
  /** Older than this and the endpoint is taken for stopped (it writes every 2 s). */
  static final long STALE_MS = 10_000;

  private EndpointStatusCommand() {
  }

  static int print(Path file, PrintStream out) {
    JsonObject s;
    long age;
    try {
      s = new JsonObject(Files.readString(file));
      age = System.currentTimeMillis() - Files.getLastModifiedTime(file).toMillis();
    } catch (NoSuchFileException e) {
      out.println("not running: no status file " + file);
      return 1;
    } catch (IOException | RuntimeException e) {
      out.println("cannot read status file " + file + ": " + e.getMessage());
      return 2;
    }
    out.printf("endpoint    %s (pid %s)%s%n", s.getString("endpointId"), s.getValue("pid"),
        age > STALE_MS ? "  NOT RUNNING: status " + age / 1000 + " s old" : "");
    out.printf("connection  %s to %s; hub %s%n", s.getBoolean("connected", false) ? "connected" : "DISCONNECTED",
        s.getString("broker"), java.util.Objects.requireNonNullElse(s.getString("hub"), "status unknown"));
    out.printf("playing     %s (volume %s, output %s, %.0f s played since start)%n",
        s.getString("playing") == null ? "nothing" : s.getString("playing"), s.getValue("volume"), s.getString("audioOut"),
        s.getDouble("secondsPlayed", 0.0));
    out.printf("receipts    %s waiting to be sent; %s scheduled programme(s) known%n", s.getValue("receiptsWaiting"), s.getValue("scheduledPlays"));
    JsonObject cache = s.getJsonObject("cache", new JsonObject());
    out.printf("cache       %s: %s file(s), %d of %d MB (verified in %s ms at start)%n", cache.getString("dir"), cache.getValue("files"),
        cache.getLong("bytes", 0L) >> 20, cache.getLong("maxBytes", 0L) >> 20, cache.getValue("verifyMs"));
    out.printf("clock       hub is %s ms ahead%s%n", s.getValue("clockOffsetMs"),
        s.getLong("clockMeasuredAt", 0L) == 0 ? " (not measured yet)" : " (measured " + TIME.format(Instant.ofEpochMilli(s.getLong("clockMeasuredAt"))) + ")");
    JsonArray errors = s.getJsonArray("lastErrors", new JsonArray());
    out.println("last errors " + (errors.isEmpty() ? "none" : ""));
    errors.forEach(e -> out.printf("  %s  %s%n", TIME.format(Instant.ofEpochMilli(((JsonObject) e).getLong("at"))), ((JsonObject) e).getString("error")));
    return age > STALE_MS ? 1 : 0;
  }
}
