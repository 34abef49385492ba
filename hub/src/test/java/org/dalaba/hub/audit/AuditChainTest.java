package org.dalaba.hub.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The audit chain's canonical encoding and hash (as docs/api.md defines them), and how a walk over it judges tampering. */
class AuditChainTest {
  private static Map<String, String> fields(String user, String action, String at, String details, String prev) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("user", user);
    f.put("action", action);
    f.put("at", at);
    f.put("details", details);
    if (prev != null) {
      f.put("prev", prev);
    }
    return f;
  }

  @Test
  void theCanonicalEncodingIsLengthPrefixedUtf8InAFixedOrderAndItsHashMatchesAnIndependentComputation() {
    Map<String, String> entry = fields("admin", "alert.create", "1764633600000", "{\"alertId\":\"a-1\",\"title\":\"暴雪红色预警\"}",
        AuditChain.GENESIS);
    assertEquals("dlb-audit-1,15:1764633600000-0,5:admin,12:alert.create,13:1764633600000,46:{\"alertId\":\"a-1\",\"title\":\"暴雪红色预警\"},64:"
        + "0".repeat(64) + ",", new String(AuditChain.canonical("1764633600000-0", entry), StandardCharsets.UTF_8));
    // computed with Python's hashlib over the same text (docs/api.md shows the same example)
    assertEquals("f0174545d00db986ce787f861e078f119a6c3759f4789df5e06aa95ede6038a9", AuditChain.hash("1764633600000-0", entry));
  }

  @Test
  void fieldOrderInTheStreamDoesNotMatterButLengthsKeepValuesFromSlidingIntoEachOther() {
    Map<String, String> a = fields("ad", "min,x", "1", "{}", AuditChain.GENESIS);
    Map<String, String> reordered = new LinkedHashMap<>();
    List<String> names = new ArrayList<>(a.keySet());
    java.util.Collections.reverse(names);
    names.forEach(n -> reordered.put(n, a.get(n)));
    assertEquals(AuditChain.hash("1-0", a), AuditChain.hash("1-0", reordered));
    assertNotEquals(AuditChain.hash("1-0", a), AuditChain.hash("1-0", fields("admin", ",x", "1", "{}", AuditChain.GENESIS)));
    assertNotEquals(AuditChain.hash("1-0", a), AuditChain.hash("1-1", a), "the id is part of the hash");
    assertEquals(AuditChain.hash("1-0", fields("u", "a", "1", "{}", null)), AuditChain.hash("1-0", fields("u", "a", "1", "{}", "")),
        "a missing field is hashed as the empty string");
  }

  /** A chain of n entries written as the Redis script writes them, after {@code legacy} unchained ones. */
  private static List<Map.Entry<String, Map<String, String>>> chain(int legacy, int n) {
    List<Map.Entry<String, Map<String, String>>> entries = new ArrayList<>();
    String prev = AuditChain.GENESIS;
    for (int i = 0; i < legacy + n; i++) {
      String id = (1000 + i) + "-0";
      Map<String, String> f = fields("user" + i, "alert.create", String.valueOf(1000 + i), new JsonObject().put("i", i).encode(),
          i < legacy ? null : prev);
      entries.add(Map.entry(id, f));
      prev = AuditChain.hash(id, f);
    }
    return entries;
  }

  private static JsonObject walk(List<Map.Entry<String, Map<String, String>>> entries) {
    ChainCheck check = new ChainCheck();
    for (var e : entries) {
      if (!check.accept(e.getKey(), e.getValue())) {
        break;
      }
    }
    return check.result(false);
  }

  @Test
  void anUntouchedChainIsIntactFromItsFirstEntry() {
    JsonObject result = walk(chain(0, 5));
    assertTrue(result.getBoolean("intact"), result.encode());
    assertEquals(5, result.getLong("checked"));
    assertEquals("1000-0", result.getString("firstId"));
    assertEquals("1004-0", result.getString("lastId"));
    assertEquals("1000-0", result.getString("chainStartsAt"));
    assertFalse(result.getBoolean("trimmed"));
    assertEquals(null, result.getString("brokenAt"));
  }

  @Test
  void entriesFromBeforeTheChainComeFirstAndTheChainLinksToTheLastOfThem() {
    JsonObject result = walk(chain(3, 4));
    assertTrue(result.getBoolean("intact"), result.encode());
    assertEquals(3, result.getLong("legacy"));
    assertEquals("1003-0", result.getString("chainStartsAt"));
    assertTrue(result.getString("note").contains("早于哈希链启用"), result.encode());
  }

  @Test
  void aChainWhoseOldestEntriesWereTrimmedIsCheckedFromTheOldestKeptOneAndSaysSo() {
    JsonObject result = walk(chain(0, 6).subList(2, 6));
    assertTrue(result.getBoolean("intact"), result.encode());
    assertTrue(result.getBoolean("trimmed"));
    assertEquals("1002-0", result.getString("firstId"));
    assertTrue(result.getString("note").contains("1002-0"), result.encode());
  }

  @Test
  void aDeletedAChangedAnInsertedOrAnUnchainedEntryBreaksTheChainAtTheEntryAfterIt() {
    var deleted = new ArrayList<>(chain(0, 5));
    deleted.remove(2);
    assertBrokenAt(walk(deleted), "1003-0");

    var changed = new ArrayList<>(chain(0, 5));
    Map<String, String> edited = new LinkedHashMap<>(changed.get(1).getValue());
    edited.put("details", "{\"i\":99}");
    changed.set(1, Map.entry("1001-0", edited));
    assertBrokenAt(walk(changed), "1002-0");

    var unchained = new ArrayList<>(chain(0, 5));
    Map<String, String> stripped = new LinkedHashMap<>(unchained.get(3).getValue());
    stripped.remove("prev");
    unchained.set(3, Map.entry("1003-0", stripped));
    assertBrokenAt(walk(unchained), "1003-0");

    var extra = new ArrayList<>(chain(0, 5));
    Map<String, String> more = new LinkedHashMap<>(extra.get(4).getValue());
    more.put("note", "x");
    extra.set(4, Map.entry("1004-0", more));
    assertBrokenAt(walk(extra), "1004-0");
  }

  private static void assertBrokenAt(JsonObject result, String id) {
    assertFalse(result.getBoolean("intact"), result.encode());
    assertEquals(id, result.getString("brokenAt"), result.encode());
    assertTrue(result.getString("reason") != null && !result.getString("reason").isEmpty(), result.encode());
    assertEquals(null, result.getString("lastHash"));
  }
}
