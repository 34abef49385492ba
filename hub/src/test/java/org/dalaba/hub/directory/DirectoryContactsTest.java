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

/** A village's optional further contacts (村干部, 网格员…) in the directory's JSON format. */
class DirectoryContactsTest {
  private static JsonObject person(String name, String role, String phone) {
    JsonObject c = new JsonObject().put("name", name).put("phone", phone);
    return role == null ? c : c.put("role", role);
  }

  @Test
  void contactsAreReadWrittenAndKeptThroughACsvImport() {
    JsonObject doc = smallJson();
    village(doc, 0, 0).put("contacts", new JsonArray().add(person("王主任", "村干部", "139 0000 0001"))
        .add(person("李网格", "网格员", "+86-138-0000-0002")).add(person("赵会计", null, "024-1234567#12")));
    Directory parsed = DirectoryParser.parseJson(doc.encode());
    Village first = parsed.townships().get(0).villages().get(0);
    assertEquals(List.of(new DutyContact("王主任", "村干部", "139 0000 0001"), new DutyContact("李网格", "网格员", "+86-138-0000-0002"),
        new DutyContact("赵会计", "", "024-1234567#12")), first.contacts());
    // THEN they survive the hub's own JSON round trip
    assertEquals(first.contacts(), DirectoryParser.parseJson(DirectoryParser.toJson(parsed)).village(first.id()).orElseThrow().contacts());
    // AND a CSV import, which has only the main contact's columns, keeps them
    Directory fromCsv = DirectoryParser.keepContacts(parseCsv(DirectoryParser.toCsv(parsed)), parsed);
    assertEquals(first.contacts(), fromCsv.village(first.id()).orElseThrow().contacts());
    // AND a village without any has an empty list, not null
    assertEquals(List.of(), parsed.townships().get(0).villages().get(1).contacts());
  }

  @Test
  void badContactsAreRefusedInAnOperatorsWords() {
    JsonObject doc = smallJson();
    village(doc, 0, 0).put("contacts", new JsonArray().add(person("王主任", "村干部", "call me")));
    DirectoryProblem phone = only(jsonProblems(doc), Code.CONTACT);
    assertEquals("townships[0].villages[0].contacts[0].phone", phone.where());
    assertTrue(phone.zh().contains("电话号码"), phone.zh());

    village(doc, 0, 0).put("contacts", new JsonArray().add(person("王".repeat(51), null, "13900000001")));
    assertEquals("townships[0].villages[0].contacts[0].name", only(jsonProblems(doc), Code.CONTACT).where());

    village(doc, 0, 0).put("contacts", new JsonArray().add(person("王主任", "村".repeat(21), "13900000001")));
    assertEquals("townships[0].villages[0].contacts[0].role", only(jsonProblems(doc), Code.CONTACT).where());

    JsonArray eleven = new JsonArray();
    for (int i = 0; i < 11; i++) {
      eleven.add(person("联系人" + i, null, "1390000000" + (i % 10)));
    }
    village(doc, 0, 0).put("contacts", eleven);
    assertTrue(only(jsonProblems(doc), Code.CONTACT).zh().contains("最多 10"));

    village(doc, 0, 0).put("contacts", new JsonArray().add(person("王主任", null, "13900000001").put("email", "x@y")));
    assertEquals(1, jsonProblems(doc).stream().filter(p -> p.code() == Code.UNKNOWN_FIELD).count());
  }
}
