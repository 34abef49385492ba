package org.dalaba.hub.directory;

import static org.dalaba.hub.directory.DirectoryFixtures.assertOnlyProblem;
import static org.dalaba.hub.directory.DirectoryFixtures.jsonProblems;
import static org.dalaba.hub.directory.DirectoryFixtures.only;
import static org.dalaba.hub.directory.DirectoryFixtures.problems;
import static org.dalaba.hub.directory.DirectoryFixtures.resource;
import static org.dalaba.hub.directory.DirectoryFixtures.smallJson;
import static org.dalaba.hub.directory.DirectoryFixtures.summary;
import static org.dalaba.hub.directory.DirectoryFixtures.township;
import static org.dalaba.hub.directory.DirectoryFixtures.village;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.dalaba.hub.directory.DirectoryParser.Limits;
import org.dalaba.hub.directory.DirectoryProblem.Code;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DirectoryParserJsonTest {

  @Test
  void parsesTheFormat() {
    // GIVEN small.json WHEN parsed
    Directory d = DirectoryParser.parseJson(resource("small.json"));
    // THEN townships and villages keep their order and details
    assertEquals(List.of("211282105", "211282101"), d.townships().stream().map(Township::id).toList());
    Village nanyaobao = d.village("211282105001").orElseThrow();
    assertEquals("南腰堡村", nanyaobao.name());
    assertFalse(nanyaobao.sample());
    assertEquals(new Contact("村委会（样例）", "024-0000-0001"), nanyaobao.contact());
    assertEquals(42.41, nanyaobao.lat());
    assertEquals(124.15, nanyaobao.lon());
    assertEquals(List.of("211282105001-01", "211282105001-02"), nanyaobao.endpoints().stream().map(Endpoint::id).toList());
    assertEquals(new Contact("王\"老三\"，会计", "024-0000-0002"), d.village("211282101001").orElseThrow().contact());
    assertEquals(4, d.endpoints().size());
  }

  @Test
  void optionalFieldsTakeTheirDefaults() {
    // GIVEN a village with no contact, coordinates or endpoints, and one with an empty endpoint list
    Directory d = DirectoryParser.parseJson(resource("small.json"));
    Village bare = d.village("211282105002").orElseThrow();
    // THEN it has an empty contact, no location and its default endpoint
    assertEquals(Contact.NONE, bare.contact());
    assertNull(bare.lat());
    assertNull(bare.lon());
    assertEquals(List.of(new Endpoint("211282105002-01", "211282105002", "211282105")), bare.endpoints());
    assertEquals("211282101001-01", d.village("211282101001").orElseThrow().endpoints().get(0).id());
  }

  @Test
  void roundTripsThroughToJson() {
    // GIVEN a parsed directory
    Directory first = DirectoryParser.parseJson(resource("small.json"));
    // WHEN written and read back
    String json = DirectoryParser.toJson(first);
    Directory second = DirectoryParser.parseJson(json);
    // THEN nothing changed, and writing again gives the same text
    assertEquals(first.countyId(), second.countyId());
    assertEquals(first.countyName(), second.countyName());
    assertEquals(first.townships(), second.townships());
    assertEquals(json, DirectoryParser.toJson(second));
  }

  @Test
  void toJsonIsPrettyAndPlatformIndependent() {
    String json = DirectoryParser.toJson(DirectoryParser.parseJson(resource("small.json")));
    assertTrue(json.startsWith("{\n  \"county\": {\n    \"id\": \"211282\",\n    \"name\": \"开原市\"\n  },\n"), json);
    assertFalse(json.contains("\r"));
    assertTrue(json.endsWith("}\n"));
    assertTrue(json.contains("\"王\\\"老三\\\"，会计\""), "escapes quotes, keeps Chinese as is");
  }

  @Test
  void skipsAUtf8Bom() {
    Directory d = DirectoryParser.parseJson("\uFEFF" + resource("small.json"));
    assertEquals(3, d.villages().size());
  }

  @Nested
  class EachRuleNamesWhere {
    @Test
    void villageIdNotTwelveDigits() {
      JsonObject doc = smallJson();
      village(doc, 0, 1).put("id", "21128210500X");
      assertOnlyProblem(jsonProblems(doc), Code.VILLAGE_ID, "townships[0].villages[1].id");
    }

    @Test
    void villageIdNotUnderItsTownship() {
      JsonObject doc = smallJson();
      village(doc, 1, 0).put("id", "211282105009");
      assertOnlyProblem(jsonProblems(doc), Code.VILLAGE_NOT_IN_TOWNSHIP, "townships[1].villages[0].id");
    }

    @Test
    void townshipIdNotNineDigits() {
      JsonObject doc = smallJson();
      township(doc, 1).put("id", "21128210");
      assertOnlyProblem(jsonProblems(doc), Code.TOWNSHIP_ID, "townships[1].id");
    }

    @Test
    void townshipIdNotUnderTheCounty() {
      JsonObject doc = smallJson();
      township(doc, 1).put("id", "211283101");
      village(doc, 1, 0).put("id", "211283101001").put("endpoints", new JsonArray());
      assertOnlyProblem(jsonProblems(doc), Code.TOWNSHIP_NOT_IN_COUNTY, "townships[1].id");
    }

    @Test
    void countyIdNotSixDigits() {
      JsonObject doc = smallJson();
      doc.getJsonObject("county").put("id", "2112");
      assertOnlyProblem(jsonProblems(doc), Code.COUNTY_ID, "county.id");
    }

    @Test
    void duplicateTownship() {
      JsonObject doc = smallJson();
      JsonObject copy = township(doc, 1).copy().put("name", "庆云堡镇二");
      copy.getJsonArray("villages").getJsonObject(0).put("id", "211282101002");
      doc.getJsonArray("townships").add(copy);
      DirectoryProblem p = only(jsonProblems(doc), Code.DUPLICATE_TOWNSHIP);
      assertEquals("townships[2].id", p.where());
      assertTrue(p.en().contains("townships[1].id"), p.en());
    }

    @Test
    void duplicateVillage() {
      JsonObject doc = smallJson();
      village(doc, 0, 1).put("id", "211282105001");
      DirectoryProblem p = only(jsonProblems(doc), Code.DUPLICATE_VILLAGE);
      assertEquals("townships[0].villages[1].id", p.where());
      assertTrue(p.zh().contains("townships[0].villages[0].id"), p.zh());
    }

    @Test
    void duplicateEndpoint() {
      JsonObject doc = smallJson();
      village(doc, 0, 0).getJsonArray("endpoints").getJsonObject(1).put("id", "211282105001-01");
      assertOnlyProblem(jsonProblems(doc), Code.DUPLICATE_ENDPOINT, "townships[0].villages[0].endpoints[1].id");
    }

    @Test
    void endpointIdNotVillageIdDashTwoDigits() {
      for (String bad : List.of("211282105001-1", "211282105001-001", "211282105001-00", "211282105002-02",
          "211282105001_02", "211282105001-ab")) {
        JsonObject doc = smallJson();
        village(doc, 0, 0).getJsonArray("endpoints").getJsonObject(1).put("id", bad);
        assertOnlyProblem(jsonProblems(doc), Code.ENDPOINT_ID, "townships[0].villages[0].endpoints[1].id");
      }
    }

    @Test
    void emptyNames() {
      JsonObject doc = smallJson();
      doc.getJsonObject("county").put("name", "");
      township(doc, 1).put("name", " ");
      village(doc, 0, 1).put("name", "");
      assertEquals(List.of("EMPTY_NAME @ county.name", "EMPTY_NAME @ townships[0].villages[1].name",
          "EMPTY_NAME @ townships[1].name"), summary(jsonProblems(doc)));
    }

    @Test
    void latitudeAndLongitudeOutOfRange() {
      JsonObject doc = smallJson();
      village(doc, 0, 0).put("lat", 124.15).put("lon", 42.41);
      assertEquals(List.of("LATITUDE_RANGE @ townships[0].villages[0].lat", "LONGITUDE_RANGE @ townships[0].villages[0].lon"),
          summary(jsonProblems(doc)));
    }

    @Test
    void latitudeWithoutLongitude() {
      JsonObject doc = smallJson();
      village(doc, 0, 0).remove("lon");
      assertOnlyProblem(jsonProblems(doc), Code.COORDINATE_INCOMPLETE, "townships[0].villages[0].lon");
    }

    @Test
    void coordinateNotANumber() {
      JsonObject doc = smallJson();
      village(doc, 0, 0).put("lat", "42.4");
      assertOnlyProblem(jsonProblems(doc), Code.COORDINATE_FORMAT, "townships[0].villages[0].lat");
    }

    @Test
    void townshipWithoutVillages() {
      JsonObject doc = smallJson();
      township(doc, 1).put("villages", new JsonArray());
      assertOnlyProblem(jsonProblems(doc), Code.TOWNSHIP_WITHOUT_VILLAGES, "townships[1].villages");
    }

    @Test
    void noTownships() {
      JsonObject doc = smallJson().put("townships", new JsonArray());
      assertOnlyProblem(jsonProblems(doc), Code.NO_TOWNSHIPS, "townships");
    }

    @Test
    void missingRequiredField() {
      JsonObject doc = smallJson();
      village(doc, 0, 1).remove("name");
      assertOnlyProblem(jsonProblems(doc), Code.MISSING_FIELD, "townships[0].villages[1].name");
    }

    @Test
    void misspeltField() {
      JsonObject doc = smallJson();
      village(doc, 0, 1).put("endpoint", new JsonArray());
      assertOnlyProblem(jsonProblems(doc), Code.UNKNOWN_FIELD, "townships[0].villages[1].endpoint");
    }

    @Test
    void idAsNumber() {
      JsonObject doc = smallJson();
      village(doc, 0, 1).put("id", 211282105002L);
      assertOnlyProblem(jsonProblems(doc), Code.WRONG_TYPE, "townships[0].villages[1].id");
    }

    @Test
    void sampleNotBoolean() {
      JsonObject doc = smallJson();
      township(doc, 0).put("sample", "false");
      assertOnlyProblem(jsonProblems(doc), Code.WRONG_TYPE, "townships[0].sample");
    }

    @Test
    void malformedJsonNamesLineAndColumn() {
      String text = "{\n  \"county\": {\"id\": \"211282\", \"name\": \"开原市\"},\n  \"townships\": [,]\n}";
      DirectoryProblem p = only(problems(() -> DirectoryParser.parseJson(text)), Code.JSON_SYNTAX);
      assertTrue(p.where().startsWith("line 3, column "), p.where());
    }

    @Test
    void topLevelMustBeAnObject() {
      assertOnlyProblem(problems(() -> DirectoryParser.parseJson("[]")), Code.WRONG_TYPE, "$");
    }

    @Test
    void emptyInput() {
      assertOnlyProblem(problems(() -> DirectoryParser.parseJson(" \n")), Code.EMPTY_INPUT, "input");
    }
  }

  @Test
  void reportsEveryProblemTogetherInDocumentOrder() {
    // GIVEN a document with many independent mistakes
    String text = resource("many-problems.json");
    // WHEN parsed
    List<DirectoryProblem> problems = problems(() -> DirectoryParser.parseJson(text));
    // THEN every one is reported, in order of place
    assertEquals(List.of(
        "TOWNSHIP_ID @ townships[0].id",
        "VILLAGE_ID @ townships[0].villages[0].id",
        "EMPTY_NAME @ townships[1].name",
        "ENDPOINT_ID @ townships[1].villages[0].endpoints[0].id",
        "LATITUDE_RANGE @ townships[1].villages[0].lat",
        "DUPLICATE_VILLAGE @ townships[1].villages[1].id",
        "UNKNOWN_FIELD @ townships[1].villages[1].phone",
        "TOWNSHIP_WITHOUT_VILLAGES @ townships[2].villages",
        "TOWNSHIP_NOT_IN_COUNTY @ townships[3].id"), summary(problems));
  }

  @Test
  void rejectionCarriesAllProblemsAsJson() {
    JsonObject doc = smallJson();
    village(doc, 0, 1).put("id", "1");
    township(doc, 1).put("name", "");
    DirectoryException e = org.junit.jupiter.api.Assertions.assertThrows(DirectoryException.class,
        () -> DirectoryParser.parseJson(doc.encode()));
    JsonObject json = e.toJson();
    assertEquals("invalid_directory", json.getString("error"));
    assertEquals(2, json.getJsonArray("problems").size());
    JsonObject first = json.getJsonArray("problems").getJsonObject(0);
    assertEquals("townships[0].villages[1].id", first.getString("where"));
    assertEquals("village_id", first.getString("code"));
    assertTrue(first.getString("messageZh").contains("12 位数字"));
    assertTrue(first.getString("messageEn").contains("12 digits"));
    assertTrue(e.getMessage().contains("townships[0].villages[1].id"));
  }

  @Nested
  class SizeGuards {
    @Test
    void tooManyBytes() {
      String text = resource("small.json");
      List<DirectoryProblem> problems = problems(() -> DirectoryParser.parseJson(text, new Limits(1000, 100, 10)));
      DirectoryProblem p = only(problems, Code.INPUT_TOO_LARGE);
      assertEquals(1, problems.size());
      assertTrue(p.en().contains("1000 bytes"), p.en());
    }

    @Test
    void bytesAreCountedInUtf8() {
      assertEquals(1 + 3 + 4, DirectoryParser.utf8Length("a开\uD83D\uDCE2"));
      String text = resource("small.json");
      long bytes = DirectoryParser.utf8Length(text);
      DirectoryParser.parseJson(text, new Limits(bytes, 100, 10));
      problems(() -> DirectoryParser.parseJson(text, new Limits(bytes - 1, 100, 10)));
    }

    @Test
    void tooManyVillages() {
      List<DirectoryProblem> problems = problems(
          () -> DirectoryParser.parseJson(resource("small.json"), new Limits(1 << 20, 2, 10)));
      assertOnlyProblem(problems, Code.TOO_MANY_VILLAGES, "townships[1].villages[0]");
    }

    @Test
    void tooManyProblemsAreCounted() {
      JsonObject doc = smallJson();
      for (int i = 0; i < 5; i++) {
        township(doc, 0).getJsonArray("villages").add(new JsonObject().put("id", "x" + i).put("name", "村" + i));
      }
      List<DirectoryProblem> problems = problems(() -> DirectoryParser.parseJson(doc.encode(), new Limits(1 << 20, 100, 3)));
      assertEquals(4, problems.size());
      DirectoryProblem last = problems.get(3);
      assertEquals(Code.TOO_MANY_PROBLEMS, last.code());
      assertTrue(last.en().contains("first 3") && last.en().contains("2 more"), last.en());
    }
  }
}
