package org.dalaba.sim.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheticDirectoryTest {

  @Test
  void aFleetOfFiveAVillageListsEveryEndpointOnceInItsVillage() {
    List<String> rows = SyntheticDirectory.fleet(12, 5).lines().skip(1).toList();

    assertEquals(3, rows.size());
    assertEquals("211282101001-01;211282101001-02;211282101001-03;211282101001-04;211282101001-05",
        rows.get(0).split(",", -1)[4]);
    assertEquals("211282101003-01;211282101003-02", rows.get(2).split(",", -1)[4], "the last village has the rest");
    rows.forEach(row -> assertEquals(10, row.split(",", -1).length, row));
  }

  @Test
  void oneEndpointAVillageKeepsTheHubsDefaultEndpointId() {
    List<String> rows = SyntheticDirectory.fleet(2, 1).lines().skip(1).toList();

    assertEquals(List.of("211282101,样例镇101,211282101001,样例村101001,,,,,,true",
        "211282101,样例镇101,211282101002,样例村101002,,,,,,true"), rows);
  }

  @Test
  void theTableSaysHowAFleetIsSpreadOverVillages() {
    assertEquals("10,000 (2,000 × 5)", Report.endpoints(new JsonObject().put("n", 10_000).put("villages", 2_000)
        .put("endpointsPerVillage", 5)));
    assertEquals("1,000", Report.endpoints(new JsonObject().put("n", 1_000)));
  }

  @Test
  void theFlagIsParsedAndReproduced() {
    BenchOptions options = BenchOptions.parse(List.of("--n", "565", "--endpoints-per-village", "5"));

    assertEquals(5, options.endpointsPerVillage);
    assertEquals(true, options.describe().contains("--endpoints-per-village 5"));
  }
}
