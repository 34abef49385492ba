package org.dalaba.hub.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SampleDirectoryTest {
  private final Directory sample = DirectoryParser.loadSample();

  @Test
  void sampleCoversSevenTownships113Villages113Endpoints() {
    // GIVEN the sample shipped with the hub (loaded above)
    // THEN it has the size of the first Kaiyuan deployment
    assertEquals("211282", sample.countyId());
    assertEquals("开原市", sample.countyName());
    assertEquals(7, sample.townships().size());
    assertEquals(113, sample.villages().size());
    assertEquals(113, sample.endpoints().size());
  }

  @Test
  void nanyaobaoIsARealVillageOfMajiazhai() {
    // WHEN looking up the real village named in the county's reports
    Village nanyaobao = sample.village("211282105001").orElseThrow();
    Township majiazhai = sample.township("211282105").orElseThrow();
    // THEN it sits under 马家寨镇 and neither is marked sample
    assertEquals("南腰堡村", nanyaobao.name());
    assertEquals("马家寨镇", majiazhai.name());
    assertEquals("211282105", nanyaobao.townshipId());
    assertTrue(majiazhai.villages().contains(nanyaobao));
    assertFalse(nanyaobao.sample());
    assertFalse(majiazhai.sample());
    assertEquals(List.of("211282105001-01"), nanyaobao.endpoints().stream().map(Endpoint::id).toList());
  }

  @Test
  void everyOtherVillageAndTownshipIsMarkedSample() {
    for (Village v : sample.villages().values()) {
      if (!v.id().equals("211282105001")) {
        assertTrue(v.sample(), v.id() + " " + v.name() + " should be marked sample");
      }
    }
    for (Township t : sample.townships()) {
      if (!t.id().equals("211282105")) {
        assertTrue(t.sample(), t.id() + " " + t.name() + " should be marked sample");
      }
    }
  }

  @Test
  void idsFollowTheDivisionCodeScheme() {
    for (Township t : sample.townships()) {
      assertTrue(t.id().matches("211282[0-9]{3}"), t.id());
      for (Village v : t.villages()) {
        assertTrue(v.id().matches("[0-9]{12}") && v.id().startsWith(t.id()), v.id());
        assertEquals(t.id(), v.townshipId());
        for (Endpoint e : v.endpoints()) {
          assertEquals(v.id() + "-01", e.id());
          assertEquals(v.id(), e.villageId());
          assertEquals(t.id(), e.townshipId());
        }
      }
    }
  }

  @Test
  void villagesAreSpreadUnevenlyOverTownships() {
    Set<Integer> sizes = new HashSet<>();
    for (Township t : sample.townships()) {
      int n = t.villages().size();
      assertTrue(n >= 12 && n <= 20, t.name() + " has " + n + " villages");
      sizes.add(n);
    }
    assertTrue(sizes.size() > 3, "uneven spread: " + sizes);
  }

  @Test
  void namesAreUniquePlausibleVillageNames() {
    Set<String> names = new HashSet<>();
    for (Village v : sample.villages().values()) {
      assertTrue(v.name().endsWith("村"), v.name());
      assertTrue(names.add(v.name()), "duplicate name " + v.name());
    }
  }

  @Test
  void contactsAreSamplesWithFakePhones() {
    Set<String> phones = new HashSet<>();
    for (Village v : sample.villages().values()) {
      assertNotNull(v.contact());
      assertTrue(v.contact().name().contains("样例"), v.contact().name());
      assertTrue(v.contact().phone().matches("024-0000-[0-9]{4}"), v.contact().phone());
      assertTrue(phones.add(v.contact().phone()), "duplicate phone " + v.contact().phone());
    }
  }

  @Test
  void villagesLieInKaiyuanClusteredByTownship() {
    for (Township t : sample.townships()) {
      double lat = t.villages().stream().mapToDouble(Village::lat).average().orElseThrow();
      double lon = t.villages().stream().mapToDouble(Village::lon).average().orElseThrow();
      for (Village v : t.villages()) {
        assertTrue(v.lat() >= 42.3 && v.lat() <= 42.8, v.id() + " lat " + v.lat());
        assertTrue(v.lon() >= 123.7 && v.lon() <= 124.6, v.id() + " lon " + v.lon());
        assertTrue(Math.abs(v.lat() - lat) < 0.1 && Math.abs(v.lon() - lon) < 0.1, v.id() + " far from " + t.name());
      }
    }
  }

  @Test
  void resourceIsExactlyWhatToJsonWrites() {
    // GIVEN the resource text WHEN the parsed sample is written back THEN not a byte differs
    String resource = DirectoryFixtures.resource("kaiyuan-sample.json");
    assertEquals(resource, DirectoryParser.toJson(sample));
  }

  @Test
  void loadSampleReturnsTheSameImmutableDirectory() {
    assertSame(DirectoryParser.loadSample(), DirectoryParser.loadSample());
  }
}
