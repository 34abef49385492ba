package org.dalaba.hub.directory;

import static org.dalaba.hub.directory.DirectoryFixtures.assertOnlyProblem;
import static org.dalaba.hub.directory.DirectoryFixtures.csv;
import static org.dalaba.hub.directory.DirectoryFixtures.csvProblems;
import static org.dalaba.hub.directory.DirectoryFixtures.only;
import static org.dalaba.hub.directory.DirectoryFixtures.parseCsv;
import static org.dalaba.hub.directory.DirectoryFixtures.problems;
import static org.dalaba.hub.directory.DirectoryFixtures.resource;
import static org.dalaba.hub.directory.DirectoryFixtures.row;
import static org.dalaba.hub.directory.DirectoryFixtures.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dalaba.hub.directory.DirectoryParser.Limits;
import org.dalaba.hub.directory.DirectoryProblem.Code;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DirectoryParserCsvTest {
  private static final String MAJIAZHAI = "211282105,马家寨镇,";

  @Test
  void readsQuotedFieldsBomAndCrlf() {
    // GIVEN a spreadsheet export: BOM, CRLF, quoted commas, doubled quotes, a line break inside a cell
    String text = resource("quoted.csv");
    // WHEN parsed for 开原市
    Directory d = parseCsv(text);
    // THEN every cell is read as written
    assertEquals("211282", d.countyId());
    assertEquals("开原市", d.countyName());
    assertEquals(List.of("211282105", "211282101"), d.townships().stream().map(Township::id).toList());
    Village nanyaobao = d.village("211282105001").orElseThrow();
    assertEquals("南腰堡村", nanyaobao.name());
    assertEquals(new Contact("村委会（样例）, 值班室", "024-0000-0001"), nanyaobao.contact());
    assertEquals(List.of("211282105001-01", "211282105001-02"), nanyaobao.endpoints().stream().map(Endpoint::id).toList());
    assertEquals(42.41, nanyaobao.lat());
    assertEquals(124.15, nanyaobao.lon());
    assertFalse(nanyaobao.sample());
    Village ceshi = d.village("211282105002").orElseThrow();
    assertEquals("张\"大喇叭\"", ceshi.contact().name());
    assertNull(ceshi.lat());
    assertNull(ceshi.lon());
    assertEquals(List.of("211282105002-01"), ceshi.endpoints().stream().map(Endpoint::id).toList());
    Village wang = d.village("211282101001").orElseThrow();
    assertEquals("王会计\r\n（两行备注）", wang.contact().name());
    assertEquals("211282101001-01", wang.endpoints().get(0).id(), "a blank endpoint_ids cell means the default");
    assertTrue(wang.sample(), "TRUE in capitals");
    assertEquals("李家台村", d.village("211282101002").orElseThrow().name());
    // a township is a sample when all its villages are
    assertFalse(d.township("211282105").orElseThrow().sample());
    assertTrue(d.township("211282101").orElseThrow().sample());
  }

  @Test
  void lineEndsAndBomDoNotMatter() {
    // GIVEN the same rows with LF, CRLF, CR, with and without BOM (built here, whatever git does to the file)
    String lf = resource("quoted.csv").replace("\uFEFF", "").replace("\r\n", "\n").replace("王会计\n", "王会计\r\n");
    String expected = DirectoryParser.toJson(parseCsv(lf));
    for (String variant : List.of(lf.replace("\n", "\r\n").replace("\r\r\n", "\r\n"), "\uFEFF" + lf,
        "\uFEFF" + lf.replace("\n", "\r\n").replace("\r\r\n", "\r\n"), lf.stripTrailing())) {
      // THEN they all give the same directory
      assertEquals(expected, DirectoryParser.toJson(parseCsv(variant)));
    }
  }

  @Test
  void headerColumnsMayComeInAnyOrder() {
    String text = "village_name,village_id,township_name,township_id,sample,lon,lat,contact_phone,contact_name,endpoint_ids\n"
        + "南腰堡村,211282105001,马家寨镇,211282105,false,124.15,42.41,,,\n";
    Village v = parseCsv(text).village("211282105001").orElseThrow();
    assertEquals("南腰堡村", v.name());
    assertEquals(42.41, v.lat());
  }

  @Test
  void countyComesFromTheCurrentDirectory() {
    Directory current = DirectoryParser.loadSample();
    Directory d = DirectoryParser.parseCsv(csv(row("211282105", "马家寨镇", "211282105001", "南腰堡村")), current);
    assertEquals("211282", d.countyId());
    assertEquals("开原市", d.countyName());
  }

  @Test
  void sampleRoundTripsThroughCsv() {
    // GIVEN the sample written as CSV WHEN read back THEN it is the same directory
    Directory sample = DirectoryParser.loadSample();
    String csv = DirectoryParser.toCsv(sample);
    assertTrue(csv.startsWith("\uFEFF" + DirectoryFixtures.HEADER + "\r\n"));
    Directory back = DirectoryParser.parseCsv(csv, sample);
    assertEquals(DirectoryParser.toJson(sample), DirectoryParser.toJson(back));
  }

  @Test
  void quotedFixtureRoundTripsThroughCsv() {
    Directory d = parseCsv(resource("quoted.csv"));
    assertEquals(DirectoryParser.toJson(d), DirectoryParser.toJson(parseCsv(DirectoryParser.toCsv(d))));
  }

  @Nested
  class EachRuleNamesTheLine {
    @Test
    void villageIdNotTwelveDigits() {
      assertOnlyProblem(csvProblems(csv(row("211282105", "马家寨镇", "211282105001", "南腰堡村"),
          row("211282105", "马家寨镇", "2112821050021", "甲村"))), Code.VILLAGE_ID, "line 3");
    }

    @Test
    void villageIdNotUnderItsTownship() {
      assertOnlyProblem(csvProblems(csv(row("211282105", "马家寨镇", "211282101001", "甲村"))),
          Code.VILLAGE_NOT_IN_TOWNSHIP, "line 2");
    }

    @Test
    void townshipIdNotNineDigits() {
      assertOnlyProblem(csvProblems(csv(row("2112821050", "马家寨镇", "211282105001", "甲村"))), Code.TOWNSHIP_ID, "line 2");
    }

    @Test
    void townshipIdNotUnderTheCounty() {
      assertOnlyProblem(csvProblems(csv(row("211283105", "马家寨镇", "211283105001", "甲村"))),
          Code.TOWNSHIP_NOT_IN_COUNTY, "line 2");
    }

    @Test
    void inconsistentTownshipName() {
      DirectoryProblem p = only(csvProblems(csv(row("211282105", "马家寨镇", "211282105001", "甲村"),
          row("211282105", "马家寨", "211282105002", "乙村"))), Code.TOWNSHIP_NAME_CONFLICT);
      assertEquals("line 3", p.where());
      assertTrue(p.zh().contains("马家寨镇") && p.zh().contains("第 2 行"), p.zh());
      assertTrue(p.en().contains("马家寨镇") && p.en().contains("line 2"), p.en());
    }

    @Test
    void duplicateVillage() {
      assertOnlyProblem(csvProblems(csv(row("211282105", "马家寨镇", "211282105001", "甲村"),
          row("211282105", "马家寨镇", "211282105001", "乙村"))), Code.DUPLICATE_VILLAGE, "line 3");
    }

    @Test
    void duplicateEndpoint() {
      assertOnlyProblem(csvProblems(csv(MAJIAZHAI + "211282105001,甲村,211282105001-01;211282105001-01,,,,,")),
          Code.DUPLICATE_ENDPOINT, "line 2");
    }

    @Test
    void endpointIdNotVillageIdDashTwoDigits() {
      assertOnlyProblem(csvProblems(csv(MAJIAZHAI + "211282105001,甲村,211282105001-01;211282105001-2,,,,,")),
          Code.ENDPOINT_ID, "line 2");
    }

    @Test
    void emptyNames() {
      assertEquals(List.of("EMPTY_NAME @ line 2", "EMPTY_NAME @ line 3"),
          summary(csvProblems(csv(row("211282105", " ", "211282105001", "甲村"), row("211282106", "金沟子镇", "211282106001", "")))));
    }

    @Test
    void coordinatesOutOfRange() {
      assertEquals(List.of("LATITUDE_RANGE @ line 2", "LONGITUDE_RANGE @ line 2"),
          summary(csvProblems(csv(MAJIAZHAI + "211282105001,甲村,,,,124.15,42.41,"))));
    }

    @Test
    void coordinateNotANumber() {
      assertOnlyProblem(csvProblems(csv(MAJIAZHAI + "211282105001,甲村,,,,42.4N,124.1,")), Code.COORDINATE_FORMAT, "line 2");
      assertOnlyProblem(csvProblems(csv(MAJIAZHAI + "211282105001,甲村,,,,NaN,124.1,")), Code.COORDINATE_FORMAT, "line 2");
    }

    @Test
    void latitudeWithoutLongitude() {
      assertOnlyProblem(csvProblems(csv(MAJIAZHAI + "211282105001,甲村,,,,42.4,,")), Code.COORDINATE_INCOMPLETE, "line 2");
    }

    @Test
    void sampleNotTrueOrFalse() {
      assertOnlyProblem(csvProblems(csv(MAJIAZHAI + "211282105001,甲村,,,,,,是")), Code.SAMPLE_FORMAT, "line 2");
    }

    @Test
    void wrongNumberOfFields() {
      assertOnlyProblem(csvProblems(csv(row("211282105", "马家寨镇", "211282105001", "甲村"), MAJIAZHAI + "211282105002,乙村")),
          Code.CSV_FIELD_COUNT, "line 3");
    }

    @Test
    void unterminatedQuote() {
      assertOnlyProblem(csvProblems(csv(row("211282105", "马家寨镇", "211282105001", "甲村"),
          MAJIAZHAI + "211282105002,\"乙村,,,,,,", row("211282105", "马家寨镇", "211282105003", "丙村"))),
          Code.CSV_SYNTAX, "line 3");
    }

    @Test
    void strayQuoteAndTextAfterClosingQuote() {
      assertEquals(List.of("CSV_SYNTAX @ line 2", "CSV_SYNTAX @ line 3"), summary(csvProblems(csv(
          MAJIAZHAI + "211282105001,甲\"村,,,,,,",
          MAJIAZHAI + "211282105002,\"乙村\"x,,,,,,",
          row("211282105", "马家寨镇", "211282105003", "丙村")))));
    }

    @Test
    void linesAreCountedInsideQuotedLineBreaks() {
      // GIVEN a cell spanning lines 2–4 WHEN the next record is bad THEN it is named by its own line
      assertOnlyProblem(csvProblems(csv(MAJIAZHAI + "211282105001,甲村,,\"一\n二\r\n三\",,,,",
          row("211282105", "马家寨镇", "21128210500", "乙村"))), Code.VILLAGE_ID, "line 5");
    }

    @Test
    void headerMustNameEveryColumnOnce() {
      String text = "township_id,township_name,village_id,village_name,endpoints,contact_name,contact_phone,lat,lat,sample\n"
          + row("211282105", "马家寨镇", "211282105001", "甲村") + "\n";
      assertEquals(List.of("CSV_HEADER @ line 1", "CSV_HEADER @ line 1", "CSV_HEADER @ line 1", "CSV_HEADER @ line 1"),
          summary(csvProblems(text)));
    }

    @Test
    void headerOnly() {
      assertOnlyProblem(csvProblems(DirectoryFixtures.HEADER + "\r\n\r\n"), Code.NO_TOWNSHIPS, "line 1");
    }

    @Test
    void emptyFile() {
      assertOnlyProblem(csvProblems("\uFEFF"), Code.EMPTY_INPUT, "input");
      assertOnlyProblem(csvProblems("\n,,,\n"), Code.EMPTY_INPUT, "input");
    }

    @Test
    void countyParameters() {
      String text = csv(row("211282105", "马家寨镇", "211282105001", "甲村"));
      assertEquals(List.of("COUNTY_ID @ countyId", "EMPTY_NAME @ countyName"),
          summary(problems(() -> DirectoryParser.parseCsv(text, "21128", ""))));
    }
  }

  @Test
  void reportsEveryProblemTogetherInLineOrder() {
    // GIVEN a file with a dozen mistakes on different lines
    List<DirectoryProblem> problems = csvProblems(resource("many-problems.csv"));
    // THEN all are reported, line by line, and nothing is imported
    assertEquals(List.of(
        "VILLAGE_ID @ line 3",
        "TOWNSHIP_NAME_CONFLICT @ line 4",
        "VILLAGE_NOT_IN_TOWNSHIP @ line 5",
        "DUPLICATE_VILLAGE @ line 6",
        "SAMPLE_FORMAT @ line 7",
        "EMPTY_NAME @ line 7",
        "LATITUDE_RANGE @ line 7",
        "LONGITUDE_RANGE @ line 7",
        "ENDPOINT_ID @ line 7",
        "TOWNSHIP_ID @ line 8",
        "TOWNSHIP_NOT_IN_COUNTY @ line 9",
        "COORDINATE_INCOMPLETE @ line 10",
        "ENDPOINT_ID @ line 10",
        "DUPLICATE_ENDPOINT @ line 10",
        "CSV_FIELD_COUNT @ line 11"), summary(problems));
  }

  @Test
  void tooManyVillagesStopsReading() {
    String text = csv(row("211282105", "马家寨镇", "211282105001", "甲村"), row("211282105", "马家寨镇", "211282105002", "乙村"),
        row("211282105", "马家寨镇", "211282105003", "丙村"));
    assertOnlyProblem(problems(() -> DirectoryParser.parseCsv(text, "211282", "开原市", new Limits(1 << 20, 2, 10))),
        Code.TOO_MANY_VILLAGES, "line 4");
  }

  @Test
  void tooManyBytes() {
    String text = csv(row("211282105", "马家寨镇", "211282105001", "甲村"));
    assertOnlyProblem(problems(() -> DirectoryParser.parseCsv(text, "211282", "开原市", new Limits(100, 10, 10))),
        Code.INPUT_TOO_LARGE, "input");
  }
}
