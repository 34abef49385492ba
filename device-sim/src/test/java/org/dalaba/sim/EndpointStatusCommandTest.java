package org.dalaba.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --status} as an installer reads it: what plays, the link, the cache, the last errors; stale means stopped. */
class EndpointStatusCommandTest {

  @TempDir
  Path dir;

  @Test
  void aRunningEndpointsStatusInPlainWords() throws Exception {
    Path file = dir.resolve("status.json");
    JsonObject status = new JsonObject().put("endpointId", "211282105001-01").put("pid", 812).put("broker", "mqtts://hub:8883")
        .put("connected", false).put("hub", "online").put("playing", "r-1").put("volume", 70).put("audioOut", "plughw:1,0")
        .put("secondsPlayed", 12.5).put("receiptsWaiting", 3).put("scheduledPlays", 1).put("clockOffsetMs", 0).put("clockMeasuredAt", 0)
        .put("cache", new JsonObject().put("dir", "/var/lib/dalaba-endpoint/cache").put("files", 2).put("bytes", 3L << 20)
            .put("maxBytes", 512L << 20).put("verifyMs", 4))
        .put("lastErrors", new JsonArray().add(new JsonObject().put("at", 1764109800000L).put("error", "HTTP 503 for http://hub/media/x")));
    EndpointMain.writeStatus(file, status);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(0, EndpointStatusCommand.print(file, new PrintStream(out, true, StandardCharsets.UTF_8)));
    String text = out.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("DISCONNECTED to mqtts://hub:8883"), text);
    assertTrue(text.contains("playing     r-1 (volume 70, output plughw:1,0"), text);
    assertTrue(text.contains("3 waiting to be sent"), text);
    assertTrue(text.contains("2 file(s), 3 of 512 MB"), text);
    assertTrue(text.contains("2025-11-26 06:30:00  HTTP 503"), text);
    // a status not rewritten for a minute: the endpoint is not running
    Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
    out.reset();
    assertEquals(1, EndpointStatusCommand.print(file, new PrintStream(out, true, StandardCharsets.UTF_8)));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("NOT RUNNING"));
    assertEquals(1, EndpointStatusCommand.print(dir.resolve("none.json"), new PrintStream(new ByteArrayOutputStream())));
  }
}
