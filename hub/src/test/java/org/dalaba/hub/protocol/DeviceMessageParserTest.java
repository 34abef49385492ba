package org.dalaba.hub.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Hostile and broken payloads are sorted into the right reject reason, never an unchecked crash. */
class DeviceMessageParserTest {
  private final DeviceMessageParser parser = new DeviceMessageParser(4096);

  private RejectReason rejectionOf(String payload) {
    return assertThrows(DeviceMessageException.class,
        () -> parser.receipt("211282105001-01", payload.getBytes(StandardCharsets.UTF_8))).reason();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"v\":1,\"cmd\":                                                  | MALFORMED_JSON",
      "[1,2,3]                                                            | MALFORMED_JSON",
      "not json at all                                                    | MALFORMED_JSON",
      "{\"v\":2,\"cmd\":\"a-1\",\"state\":\"received\",\"ts\":1}          | BAD_FIELD",
      "{\"v\":1,\"state\":\"received\",\"ts\":1}                          | BAD_FIELD",
      "{\"v\":1,\"cmd\":\"a 1\",\"state\":\"received\",\"ts\":1}          | BAD_FIELD",
      "{\"v\":1,\"cmd\":\"a-1\",\"state\":\"exploded\",\"ts\":1}          | BAD_FIELD",
      "{\"v\":1,\"cmd\":\"a-1\",\"state\":\"received\",\"ts\":\"now\"}    | BAD_FIELD",
      "{\"v\":1,\"cmd\":\"a-1\",\"state\":\"failed\",\"ts\":1}            | BAD_FIELD",
      "{\"v\":1,\"cmd\":\"a-1\",\"state\":\"failed\",\"ts\":1,\"reason\":\"BORED\"} | BAD_FIELD",
  })
  void brokenReceiptsAreRejectedWithTheirReason(String payload, RejectReason expected) {
    assertEquals(expected, rejectionOf(payload.strip()));
  }

  @Test
  void aLongDetailIsCutAt200CodePointsNeverInsideASupplementaryCharacter() throws Exception {
    // GIVEN a failed receipt whose detail is 201 CJK Extension B characters (two UTF-16 units each)
    String detail = "\uD840\uDC00".repeat(201);
    String payload = "{\"v\":1,\"cmd\":\"a-1\",\"state\":\"failed\",\"ts\":1,\"reason\":\"PLAYBACK_ERROR\",\"detail\":\"" + detail + "\"}";
    // WHEN parsed, THEN the detail keeps exactly 200 whole characters
    String kept = parser.receipt("211282105001-01", payload.getBytes(StandardCharsets.UTF_8)).detail();
    assertEquals("\uD840\uDC00".repeat(200), kept);
  }

  @Test
  void anOversizedPayloadIsRejectedBeforeParsing() {
    byte[] huge = new byte[4097];
    assertEquals(RejectReason.OVERSIZED,
        assertThrows(DeviceMessageException.class, () -> parser.heartbeat("x-01", huge)).reason());
  }

  @Test
  void aTopicOutsideTheReportTopicsIsUnknown() {
    assertEquals(ReportKind.UNKNOWN, ReportTopic.parse("dalaba/v1/ep/211282105001-01/other").kind());
    assertEquals(ReportKind.UNKNOWN, ReportTopic.parse("dalaba/v1/ep/211282105001-01/receipt/extra").kind());
    assertEquals(ReportKind.UNKNOWN, ReportTopic.parse("dalaba/v1/cmd/all").kind());
    assertEquals(new ReportTopic("211282105001-01", ReportKind.RECEIPT), ReportTopic.parse("dalaba/v1/ep/211282105001-01/receipt"));
  }
}
