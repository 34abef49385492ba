package org.dalaba.hub.cap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.dalaba.hub.alert.AlertLevel;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.directory.DirectoryParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The mapping table of docs/cap.md, row by row, against the sample directory of Kaiyuan. */
class CapMappingTest {
  private static final Directory KAIYUAN = DirectoryParser.loadSample();
  private final CapParser parser = new CapParser();

  private CapPlan plan(String document, Map<String, String> values) {
    return CapMapping.plan(parser.parse(CapDocuments.bytes(document, values)), KAIYUAN, System.currentTimeMillis());
  }

  private CapPlan plan(String document) {
    return plan(document, Map.of());
  }

  @Test
  void blizzardByTownshipCodesGoesToThoseTwoTownshipsInOrange() {
    CapPlan plan = plan("blizzard-townships-geocode.xml");
    JsonObject body = plan.alertBody();
    assertEquals(CapPlan.Kind.ALERT, plan.kind());
    assertEquals("orange", body.getString("level"));
    assertEquals("开原市气象台发布暴雪橙色预警", body.getString("title"));
    assertEquals("预计未来12小时威远堡镇、金沟子镇降雪量将达10毫米以上。\n请减少外出，注意防寒保暖，及时清扫积雪。", body.getString("text"));
    assertEquals(new JsonObject().put("townships", new JsonArray().add("211282104").add("211282106")), body.getJsonObject("targets"));
    assertFalse(plan.exercise());
    assertEquals("Blizzard orange warning from the Kaiyuan weather office", plan.english().title());
    assertEquals("11B04", plan.national().eventTypeCode());
    assertEquals("211282QXT", plan.national().senderCode());
  }

  @Test
  void heavyRainByPolygonReachesTheVillagesInsideIt() {
    JsonObject targets = plan("heavy-rain-polygon.xml").alertBody().getJsonObject("targets");
    assertEquals(new JsonObject().put("townships", new JsonArray().add("211282101").add("211282103")), targets);
    assertEquals("yellow", plan("heavy-rain-polygon.xml").alertBody().getString("level"));
  }

  @Test
  void aCircleReachesSingleVillages() {
    // 南腰堡村 of 马家寨镇 and what lies within 3 km of it
    var village = KAIYUAN.villages().values().stream().filter(v -> v.name().equals("南腰堡村")).findFirst().orElseThrow();
    String doc = CapDocuments.text("heavy-rain-polygon.xml", Map.of())
        .replaceAll("<polygon>.*</polygon>", "<circle>" + village.lat() + "," + village.lon() + " 3</circle>");
    CapPlan plan = CapMapping.plan(parser.parse(doc.getBytes()), KAIYUAN, System.currentTimeMillis());
    JsonArray villages = plan.alertBody().getJsonObject("targets").getJsonArray("villages");
    assertTrue(villages.contains(village.id()), villages.encode());
    assertTrue(villages.size() < KAIYUAN.township(village.townshipId()).orElseThrow().villages().size());
  }

  @Test
  void theCountyCodeIsTheWholeCounty() {
    CapPlan plan = plan("cold-wave-county.xml");
    assertEquals(new JsonObject().put("all", true), plan.alertBody().getJsonObject("targets"));
    assertEquals("blue", plan.alertBody().getString("level"));
    assertNull(plan.english());
  }

  @Test
  void theCityOrProvinceCodeAlsoCoversTheCounty() {
    for (String code : new String[] {"211200", "210000"}) {
      String doc = CapDocuments.text("cold-wave-county.xml", Map.of()).replace("211282", code);
      CapPlan plan = CapMapping.plan(parser.parse(doc.getBytes()), KAIYUAN, System.currentTimeMillis());
      assertEquals(new JsonObject().put("all", true), plan.alertBody().getJsonObject("targets"), code);
    }
  }

  @Test
  void villageCodesOfTwelveDigits() {
    String doc = CapDocuments.text("cold-wave-county.xml", Map.of())
        .replace("<geocode><valueName>GB/T 2260</valueName><value>211282</value></geocode>",
            "<geocode><valueName>统计用区划代码</valueName><value>211282105001</value></geocode>"
                + "<geocode><valueName>GB/T 10114</valueName><value>211282102000</value></geocode>");
    CapPlan plan = CapMapping.plan(parser.parse(doc.getBytes()), KAIYUAN, System.currentTimeMillis());
    assertEquals(new JsonObject().put("townships", new JsonArray().add("211282102")).put("villages", new JsonArray().add("211282105001")),
        plan.alertBody().getJsonObject("targets"));
  }

  @Test
  void anAreaOutsideTheCountyIsRefusedWithTheReason() {
    CapRefused refused = assertThrows(CapRefused.class, () -> plan("outside-county.xml"));
    assertEquals(CapRefused.Kind.UNPROCESSABLE, refused.kind());
    assertEquals("area", refused.element());
    assertTrue(refused.zh().contains("没有覆盖本县（开原市）的任何一个村"), refused.zh());
    assertTrue(refused.zh().contains("211281104"), refused.zh());
  }

  @ParameterizedTest(name = "severity {0}, certainty {1} → {2}")
  @CsvSource({
      "Extreme, Observed, RED", "Severe, Likely, ORANGE", "Moderate, Observed, YELLOW", "Minor, Likely, BLUE",
      "Unknown, Likely, BLUE", "Extreme, Possible, ORANGE", "Moderate, Possible, BLUE", "Minor, Possible, BLUE",
      "Severe, Unknown, ORANGE",
  })
  void levels(String severity, String certainty, AlertLevel level) {
    String doc = CapDocuments.text("heavy-rain-polygon.xml", Map.of())
        .replace("<severity>Moderate</severity>", "<severity>" + severity + "</severity>")
        .replace("<certainty>Observed</certainty>", "<certainty>" + certainty + "</certainty>");
    assertEquals(level.wire(), CapMapping.plan(parser.parse(doc.getBytes()), KAIYUAN, System.currentTimeMillis())
        .alertBody().getString("level"));
  }

  @ParameterizedTest(name = "<{0}>{1} is refused")
  @CsvSource({"urgency, Immediate, Past", "certainty, Observed, Unlikely", "status, Actual, Draft", "status, Actual, System",
      "scope, Public, Restricted", "msgType, Alert, Ack"})
  void whatIsNotBroadcast(String element, String was, String now) {
    String doc = CapDocuments.text("heavy-rain-polygon.xml", Map.of())
        .replace("<" + element + ">" + was + "</" + element + ">", "<" + element + ">" + now + "</" + element + ">");
    CapRefused refused = assertThrows(CapRefused.class,
        () -> CapMapping.plan(parser.parse(doc.getBytes()), KAIYUAN, System.currentTimeMillis()));
    assertEquals(CapRefused.Kind.UNPROCESSABLE, refused.kind());
    assertEquals(element, refused.element());
    assertTrue(refused.zh().contains("<" + element + ">"), refused.zh());
  }

  @Test
  void exerciseAndTestAreDrills() {
    assertTrue(plan("blizzard-townships-geocode.xml", Map.of("status", "Exercise")).exercise());
    assertTrue(plan("blizzard-townships-geocode.xml", Map.of("status", "Test")).exercise());
  }

  @Test
  void noInfoIsRefused() {
    CapRefused refused = assertThrows(CapRefused.class, () -> plan("missing-info.xml"));
    assertEquals("info", refused.element());
  }

  @Test
  void timesThatCannotBeAreRefused() {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8));
    CapRefused past = assertThrows(CapRefused.class, () -> plan("heavy-rain-polygon.xml",
        Map.of("sent", CapDocuments.time(now.minusHours(3)), "expires", CapDocuments.time(now.minusHours(1)))));
    assertEquals("expires", past.element());
    assertTrue(past.zh().contains("已过期"), past.zh());
    CapRefused beforeSent = assertThrows(CapRefused.class, () -> plan("heavy-rain-polygon.xml",
        Map.of("sent", CapDocuments.time(now.plusHours(3)), "expires", CapDocuments.time(now.plusHours(1)))));
    assertTrue(beforeSent.zh().contains("早于 <sent>"), beforeSent.zh());
  }

  @Test
  void updateAndCancelNeedReferences() {
    CapRefused refused = assertThrows(CapRefused.class, () -> plan("cancel.xml", Map.of("references", " ")));
    assertEquals("references", refused.element());
    assertEquals(CapPlan.Kind.CANCEL, plan("cancel.xml", Map.of("references", "a,b,2026-12-02T08:00:00+08:00")).kind());
  }

  @Test
  void aPolygonThatIsNotClosedIsRefused() {
    String doc = CapDocuments.text("heavy-rain-polygon.xml", Map.of()).replace(" 42.42,123.80</polygon>", "</polygon>");
    CapRefused refused = assertThrows(CapRefused.class, () -> CapMapping.plan(parser.parse(doc.getBytes()), KAIYUAN,
        System.currentTimeMillis()));
    assertEquals("polygon", refused.element());
    assertEquals(CapRefused.Kind.MALFORMED, refused.kind());
  }
}
