package org.dalaba.hub.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dalaba.hub.alert.Targets;
import org.dalaba.hub.protocol.DeviceMessageParser;
import org.dalaba.hub.protocol.Receipt;
import org.junit.jupiter.api.Test;

/**
 * The live parts of docs/protocol.md against the code: the command example has exactly the fields the hub sends,
 * the receipts' lag parses, and the Ogg Opus pages the hub writes pass its own checks (and garbage does not).
 */
class LiveProtocolTest {
  static final Path EXAMPLES = Path.of("..", "docs", "protocol-examples");
  private final DeviceMessageParser parser = new DeviceMessageParser(4096);

  private static JsonObject example(String name) throws Exception {
    return new JsonObject(Files.readString(EXAMPLES.resolve(name)));
  }

  @Test
  void theLiveCommandExampleHasTheFieldsTheHubSends() throws Exception {
    JsonObject documented = example("command-live.json");
    LiveSession session = new LiveSession("l-x", "t", LiveLevel.ROUTINE, Targets.everyone(), List.of(), 1, 1, "admin", "county", 60, 2,
        LiveSession.LIVE, 3, 4, 0, null, 0, "http://h/live/l-x/stream", null);
    assertEquals(documented.fieldNames(), session.command().fieldNames());
    assertEquals(documented.getJsonObject("stream").fieldNames(), session.command().getJsonObject("stream").fieldNames());
    assertEquals(example("command-stop-live.json").fieldNames(), session.stopCommand("s-1", 5).fieldNames());
    assertEquals("ENDED", example("command-stop-live.json").getString("reason"));
  }

  @Test
  void theHubReadsTheLagOfLiveReceipts() throws Exception {
    Receipt started = parser.receipt("211282105001-01", Files.readAllBytes(EXAMPLES.resolve("receipt-live-started.json")));
    assertEquals(85L, started.lag().getLong("firstMs"));
    Receipt finished = parser.receipt("211282105001-01", Files.readAllBytes(EXAMPLES.resolve("receipt-live-finished.json")));
    assertEquals(97L, finished.lag().getLong("p95Ms"));
    assertEquals(998L, finished.lag().getLong("pages"));
    Receipt failed = parser.receipt("211282105001-01", Files.readAllBytes(EXAMPLES.resolve("receipt-live-failed.json")));
    assertEquals("STREAM_STALLED", failed.reason());
    Receipt preempted = parser.receipt("211282105001-01", Files.readAllBytes(EXAMPLES.resolve("receipt-live-preempted.json")));
    assertEquals(org.dalaba.hub.protocol.ReceiptState.FAILED, preempted.state());
    assertEquals("PREEMPTED", preempted.reason());
    assertThrows(RuntimeException.class, () -> parser.receipt("211282105001-01",
        "{\"v\":1,\"cmd\":\"l-1\",\"state\":\"started\",\"ts\":1,\"lagMs\":-5}".getBytes()));
  }

  @Test
  void encodedWavPassesTheStreamChecksAndGarbageDoesNot() throws Exception {
    OpusPager pager = new OpusPager(16000, 7);
    OpusStreamCheck check = new OpusStreamCheck(128_000, 1000);
    List<Buffer> pages = new java.util.ArrayList<>(pager.headers());
    pages.addAll(pager.encode(new short[16000])); // one second of silence
    pages.addAll(pager.finish());
    OggPageReader reader = new OggPageReader(16384);
    Buffer all = Buffer.buffer();
    pages.forEach(all::appendBuffer);
    List<Buffer> cut = new java.util.ArrayList<>();
    for (int i = 0; i < all.length(); i += 100) { // arbitrary chunk boundaries
      cut.addAll(reader.feed(all.getBuffer(i, Math.min(all.length(), i + 100))));
    }
    assertEquals(pages.size(), cut.size());
    long granule = 0;
    for (Buffer b : cut) {
      OggPage page = OggPage.parse(b);
      check.check(page);
      granule = page.granule();
    }
    assertEquals(48000, granule, "a second of 48 kHz granules, padded to whole 20 ms frames");
    Buffer bad = cut.get(2).copy();
    bad.setByte(bad.length() - 1, (byte) (bad.getByte(bad.length() - 1) ^ 1));
    assertThrows(OggPage.BadPage.class, () -> OggPage.parse(bad));
    assertThrows(OggPage.BadPage.class, () -> new OggPageReader(16384).feed(Buffer.buffer("RIFF....WAVEfmt ")));
    LiveAudioException stereo = assertThrows(LiveAudioException.class, () -> {
      WavReader wav = new WavReader();
      wav.feed(LiveEndToEndIT.wav(44100, 1, 100));
    });
    assertEquals(400, stereo.status);
    assertTrue(new WavReader().feed(LiveEndToEndIT.wav(16000, 1, 100)).length > 0);
  }
}
