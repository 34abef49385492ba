package org.dalaba.hub.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps docs/protocol.md honest: every example payload file is quoted verbatim in the document, and
 * the hub's parser accepts each report example, so document, examples and code cannot drift apart.
 */
class ProtocolDocumentTest {
  static final Path DOCS = Path.of("..", "docs");
  static final Path EXAMPLES = DOCS.resolve("protocol-examples");

  static Stream<Path> examples() throws IOException {
    return Files.list(EXAMPLES).filter(p -> p.toString().endsWith(".json")).sorted();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyExampleIsValidJsonQuotedVerbatimInTheDocument(Path example) throws IOException {
    String json = Files.readString(example, StandardCharsets.UTF_8).strip();
    JsonObject parsed = new JsonObject(json);
    assertEquals(1, parsed.getInteger("v"), example + " has v=1");
    String document = Files.readString(DOCS.resolve("protocol.md"), StandardCharsets.UTF_8);
    assertTrue(document.contains("`" + example.getFileName() + "`"), "protocol.md names " + example.getFileName());
    assertTrue(document.contains("```json\n" + json + "\n```"), "protocol.md quotes " + example.getFileName() + " verbatim");
  }

  private final DeviceMessageParser parser = new DeviceMessageParser(4096);

  private static byte[] example(String name) throws IOException {
    return Files.readAllBytes(EXAMPLES.resolve(name));
  }

  @Test
  void theHubParsesEveryReportExample() throws IOException {
    for (String name : List.of("receipt-received.json", "receipt-started.json", "receipt-finished.json", "receipt-ready.json")) {
      Receipt receipt = parser.receipt("211282105001-01", example(name));
      assertEquals("211282105001-01", receipt.endpointId());
      assertNull(receipt.reason());
    }
    Receipt failed = parser.receipt("211282105001-01", example("receipt-failed.json"));
    assertEquals(ReceiptState.FAILED, failed.state());
    assertEquals("EXPIRED", failed.reason());
    assertTrue(parser.status("211282105001-01", example("status-online.json")).online());
    EndpointStatusReport will = parser.status("211282105001-01", example("status-offline-will.json"));
    assertEquals(false, will.online());
    assertEquals("will", will.reason());
    assertEquals(java.util.Set.of("audio"), parser.status("211282105001-01", example("status-online-audio-only.json")).caps());
    assertEquals("NO_PLAYABLE_FORMAT", parser.receipt("211282105001-01", example("receipt-no-playable-format.json")).reason());
    Heartbeat heartbeat = parser.heartbeat("211282105001-01", example("heartbeat.json"));
    assertNull(heartbeat.playing());
    assertEquals(70, heartbeat.volume());
  }

  @Test
  void theAlertCommandExampleHasTheFieldsTheHubSends() throws IOException {
    JsonObject documented = new JsonObject(Files.readString(EXAMPLES.resolve("command-alert.json")));
    org.dalaba.hub.alert.Alert alert = new org.dalaba.hub.alert.Alert("a-1", "t", "x", org.dalaba.hub.alert.AlertLevel.RED,
        org.dalaba.hub.alert.Targets.everyone(), List.of(), 1, 1, "admin", 2, 1, 2000,
        org.dalaba.hub.alert.AlertState.ACTIVE, 0, null);
    assertEquals(documented.fieldNames(), org.dalaba.hub.alert.AlertVolumes.defaults().command(alert).fieldNames());
    JsonObject withAudio = new JsonObject(Files.readString(EXAMPLES.resolve("command-alert-audio.json")));
    assertEquals(withAudio.fieldNames(), org.dalaba.hub.alert.AlertVolumes.defaults()
        .command(alert.withMedia(withAudio.getJsonObject("media"), 3900)).fieldNames());
    assertEquals(withAudio.getJsonObject("media").fieldNames(), new org.dalaba.hub.media.MediaItem("0".repeat(64), "n",
        org.dalaba.hub.media.AudioFormat.WAV, 1, 1, "alert-tts", 1, "admin", org.dalaba.hub.access.Scope.COUNTY).reference("http://hub.example:8080").fieldNames());
    JsonObject drillExample = new JsonObject(Files.readString(EXAMPLES.resolve("command-alert-exercise.json")));
    org.dalaba.hub.alert.Alert drill = new org.dalaba.hub.alert.Alert("a-2", "t", "x", org.dalaba.hub.alert.AlertLevel.RED,
        org.dalaba.hub.alert.Targets.everyone(), List.of(), 1, 1, "admin", 2, 1, 2000,
        org.dalaba.hub.alert.AlertState.ACTIVE, 0, null, null, true, null, null, null);
    assertEquals(drillExample.fieldNames(), org.dalaba.hub.alert.AlertVolumes.defaults().command(drill).fieldNames());
    assertEquals(true, org.dalaba.hub.alert.AlertVolumes.defaults().command(drill).getBoolean("exercise"));
    assertEquals(false, org.dalaba.hub.alert.AlertVolumes.defaults().command(alert).containsKey("exercise"), "only a drill carries it");
    JsonObject stop = new JsonObject(Files.readString(EXAMPLES.resolve("command-stop.json")));
    assertEquals(stop.fieldNames(), alert.stopCommand("s-1", 3, "CANCELLED").fieldNames());
  }

  @Test
  void theVolumeCommandExampleHasTheFieldsTheHubSends() throws IOException {
    JsonObject documented = new JsonObject(Files.readString(EXAMPLES.resolve("command-volume.json")));
    org.dalaba.hub.volume.VolumeChange change = new org.dalaba.hub.volume.VolumeChange("v-1", 85,
        org.dalaba.hub.alert.Targets.everyone(), List.of(), 1, 1, "admin", 2, true);
    assertEquals(documented.fieldNames(), change.command().fieldNames());
  }
}
