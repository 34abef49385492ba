package org.dalaba.hub.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.dalaba.hub.directory.Contact;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.directory.Endpoint;
import org.dalaba.hub.directory.Township;
import org.dalaba.hub.directory.Village;
import org.junit.jupiter.api.Test;

/** An alert goes to the fewest topics that reach exactly its targets. */
class CoverageTest {
  static Village village(String id, String townshipId) {
    return new Village(id, "村" + id, townshipId, true, Contact.NONE, null, null, List.of(new Endpoint(id + "-01", id, townshipId)));
  }

  static final Directory COUNTY = new Directory("211282", "开原市", List.of(
      new Township("211282101", "甲镇", true, List.of(village("211282101001", "211282101"), village("211282101002", "211282101"))),
      new Township("211282102", "乙镇", true, List.of(village("211282102001", "211282102"), village("211282102002", "211282102")))));

  @Test
  void theWholeCountyIsOneTopic() {
    Coverage coverage = Coverage.of(Targets.everyone(), COUNTY);
    assertEquals(List.of("dalaba/v1/cmd/all"), coverage.topics());
    assertEquals(4, coverage.endpointIds().size());
  }

  @Test
  void everyTownshipNamedIsStillTheCountyTopic() {
    Coverage coverage = Coverage.of(new Targets(false, List.of("211282101", "211282102"), List.of()), COUNTY);
    assertEquals(List.of("dalaba/v1/cmd/all"), coverage.topics());
  }

  @Test
  void aTownshipIsOneTopicAndVillagesCompletingATownshipBecomeItsTopic() {
    assertEquals(List.of("dalaba/v1/cmd/township/211282101"),
        Coverage.of(new Targets(false, List.of("211282101"), List.of()), COUNTY).topics());
    assertEquals(List.of("dalaba/v1/cmd/township/211282102"),
        Coverage.of(new Targets(false, List.of(), List.of("211282102001", "211282102002")), COUNTY).topics());
  }

  @Test
  void singleVillagesGetVillageTopics() {
    Coverage coverage = Coverage.of(new Targets(false, List.of("211282101"), List.of("211282102002")), COUNTY);
    assertEquals(List.of("dalaba/v1/cmd/township/211282101", "dalaba/v1/cmd/village/211282102002"), coverage.topics());
    assertEquals(List.of("211282101001-01", "211282101002-01", "211282102002-01"), coverage.endpointIds());
  }
}
