package org.dalaba.hub.directory;

import static org.dalaba.hub.directory.DirectoryFixtures.jsonProblems;
import static org.dalaba.hub.directory.DirectoryFixtures.only;
import static org.dalaba.hub.directory.DirectoryFixtures.parseCsv;
import static org.dalaba.hub.directory.DirectoryFixtures.smallJson;
import static org.dalaba.hub.directory.DirectoryFixtures.village;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.dalaba.hub.directory.DirectoryProblem.Code;
import org.junit.jupiter.api.Test;

/** A duty contact's notification channels ({@code notify}) in the directory's JSON format, and through a CSV import. */
class DirectoryContactChannelsTest {
  private static JsonObject withChannels(Object notify) {
    JsonObject doc = smallJson();
    village(doc, 0, 0).put("contacts", new JsonArray().add(new JsonObject().put("name", "李网格").put("role", "网格员")
        .put("phone", "138-0000-0002").put("notify", notify)));
    return doc;
  }

  @Test
  void channelsAreReadWrittenAndKeptThroughACsvImport() {
    Directory parsed = DirectoryParser.parseJson(withChannels(new JsonArray().add("sms").add("wecom-qingyun")).encode());
    Village first = parsed.townships().get(0).villages().get(0);
    assertEquals(List.of("sms", "wecom-qingyun"), first.contacts().get(0).channels());
    assertEquals("138-0000-0002", first.contacts().get(0).phone());
    assertEquals("13800000002", first.contacts().get(0).dialable());
    assertEquals(first.contacts(), DirectoryParser.parseJson(DirectoryParser.toJson(parsed)).village(first.id()).orElseThrow().contacts());
    Directory fromCsv = DirectoryParser.keepContacts(parseCsv(DirectoryParser.toCsv(parsed)), parsed);
    assertEquals(List.of("sms", "wecom-qingyun"), fromCsv.village(first.id()).orElseThrow().contacts().get(0).channels());
  }

  @Test
  void aContactWithoutChannelsIsReachedByPhoneOnly() {
    JsonObject doc = smallJson();
    village(doc, 0, 0).put("contacts", new JsonArray().add(new JsonObject().put("name", "王主任").put("phone", "13900000001")));
    assertEquals(List.of(), DirectoryParser.parseJson(doc.encode()).townships().get(0).villages().get(0).contacts().get(0).channels());
    assertTrue(!DirectoryParser.toJson(DirectoryParser.parseJson(doc.encode())).contains("notify"));
  }

  @Test
  void badChannelListsAreProblemsInWords() {
    for (Object bad : List.<Object>of("sms", new JsonArray().add("SMS"), new JsonArray().add("sms").add("sms"),
        new JsonArray().add(3), new JsonArray().add("a").add("b").add("c").add("d").add("e").add("f"),
        new JsonArray().add("x".repeat(33)))) {
      DirectoryProblem problem = only(jsonProblems(withChannels(bad)), Code.CONTACT);
      assertEquals("townships[0].villages[0].contacts[0].notify", problem.where(), bad.toString());
      assertTrue(problem.zh().contains("通知渠道"), problem.zh());
    }
  }
}
