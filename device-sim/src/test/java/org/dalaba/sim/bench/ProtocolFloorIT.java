package org.dalaba.sim.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.dalaba.sim.ReceiptSteps;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The protocol-floor benchmark still runs: a few endpoints on a real Mosquitto, one round; no timing is asserted. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProtocolFloorIT {
  private static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");

  @ParameterizedTest
  @EnumSource(ReceiptSteps.class)
  void aShortRunMeasuresTheBaselineAndTheRoundTripToEveryReceipt(ReceiptSteps receipts, @TempDir Path dir) throws Exception {
    if (!Files.isExecutable(MOSQUITTO)) {
      String why = MOSQUITTO + " not found: install the Debian package mosquitto (apt-get install mosquitto)";
      if ("true".equals(System.getenv("CI"))) {
        fail(why);
      }
      Assumptions.abort(why);
    }
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    ProtocolFloor.Floor floor = ProtocolFloor.measure(50, 1, 500, receipts, MOSQUITTO, dir, new PrintStream(printed, true, StandardCharsets.UTF_8));
    String out = printed.toString(StandardCharsets.UTF_8);
    assertTrue(floor.baselineMs() >= 0 && floor.allReceivedMs() > 0, out);
    assertTrue(out.contains("all received by the hub") && out.contains("median: baseline"), out);
    assertTrue(out.contains(receipts == ReceiptSteps.FOLDED ? "receipts started:" : "receipts received + started:"), out);
  }
}
